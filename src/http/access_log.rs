//! One log line per request, and the request id of the request being served for any other
//! line written while serving it.
//!
//! `tower_http`'s `TraceLayer` opened a span per request and entered it on every poll of
//! the handler and of the body; with the fmt subscriber a span costs an allocation for
//! its formatted fields and a registry slot, and the line was about a sixth of a cached
//! page's cost. Here the request's facts are kept on the stack and written once, when
//! the response is ready. Lines written while serving (errors) name the request through
//! [`current`] instead of a span.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::http::{HeaderName, HeaderValue, Method, Request, Response, Uri};
use tokio::task::futures::TaskLocalFuture;
use tower::{Layer, Service};

use super::layers::Redacted;

tokio::task_local! {
    /// The id of the request the current task serves.
    static REQUEST_ID: HeaderValue;
}

/// The id of the request being served, for a log line written while serving it; `-`
/// outside a request.
#[must_use]
pub fn current() -> CurrentRequest {
    CurrentRequest
}

/// Displays [`current`]'s id.
pub struct CurrentRequest;

impl fmt::Display for CurrentRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        REQUEST_ID
            .try_with(|id| f.write_str(id.to_str().unwrap_or("-")))
            .unwrap_or_else(|_| f.write_str("-"))
    }
}

/// Writes the access line of every request; the request id is read from `header`, which
/// an outer layer sets.
#[derive(Clone)]
pub struct AccessLogLayer {
    header: HeaderName,
}

impl AccessLogLayer {
    #[must_use]
    pub fn new(header: HeaderName) -> Self {
        Self { header }
    }
}

impl<S> Layer<S> for AccessLogLayer {
    type Service = AccessLog<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AccessLog {
            inner,
            header: self.header.clone(),
        }
    }
}

/// The service of [`AccessLogLayer`].
#[derive(Clone)]
pub struct AccessLog<S> {
    inner: S,
    header: HeaderName,
}

impl<S, B, R> Service<Request<B>> for AccessLog<S>
where
    S: Service<Request<B>, Response = Response<R>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = AccessLogFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let id = req
            .headers()
            .get(&self.header)
            .cloned()
            .unwrap_or(HeaderValue::from_static("-"));
        let facts = Facts {
            id: id.clone(),
            method: req.method().clone(),
            uri: req.uri().clone(),
            start: Instant::now(),
        };
        AccessLogFuture {
            inner: REQUEST_ID.scope(id, self.inner.call(req)),
            facts: Some(facts),
        }
    }
}

/// What the line says about the request, taken when it arrived.
struct Facts {
    id: HeaderValue,
    method: Method,
    uri: Uri,
    start: Instant,
}

impl Facts {
    fn log(self, status: u16) {
        // Only the path, redacted: query strings and tokens never reach the logs.
        tracing::info!(
            id = %self.id.to_str().unwrap_or("-"),
            method = %self.method,
            path = %Redacted(self.uri.path()),
            status,
            latency_ms = %Millis(self.start.elapsed()),
            "response"
        );
    }
}

/// A duration in milliseconds with three decimals, written from its whole microseconds:
/// formatting it as a float took a tenth of the log line's time.
struct Millis(std::time::Duration);

impl std::fmt::Display for Millis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let micros = self.0.as_micros();
        write!(f, "{}.{:03}", micros / 1000, micros % 1000)
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`AccessLog`].
    pub struct AccessLogFuture<F: Future> {
        #[pin]
        inner: TaskLocalFuture<HeaderValue, F>,
        facts: Option<Facts>,
    }
}

impl<F, R, E> Future for AccessLogFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let out = std::task::ready!(this.inner.poll(cx));
        if let Some(facts) = this.facts.take() {
            // An error here is the connection's, not an answer: hyper logs nothing for it
            // either, and no status was sent.
            if let Ok(response) = &out {
                facts.log(response.status().as_u16());
            }
        }
        Poll::Ready(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_written_while_serving_name_the_request() {
        assert_eq!(current().to_string(), "-");
        let named = REQUEST_ID.scope(HeaderValue::from_static("abc-1"), async {
            current().to_string()
        });
        assert_eq!(named.await, "abc-1");
    }

    #[test]
    fn latency_reads_in_milliseconds_with_three_decimals() {
        use std::time::Duration;
        assert_eq!(Millis(Duration::from_micros(0)).to_string(), "0.000");
        assert_eq!(Millis(Duration::from_micros(7)).to_string(), "0.007");
        assert_eq!(Millis(Duration::from_nanos(1_234_567)).to_string(), "1.234");
        assert_eq!(Millis(Duration::from_secs(12)).to_string(), "12000.000");
    }
}

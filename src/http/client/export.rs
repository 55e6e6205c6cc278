//! `GET /p/{token}/export.zip`: the client's own copy of everything the link may see,
//! streamed as it is written. The documents are gathered by one operation; the zip is
//! written on a blocking thread into a bounded channel that is the response body, so
//! neither the archive nor a file is ever held whole in memory, and a reader that goes
//! away stops the writing. A GET changes no record (not even the view counter).

use std::io::Write;

use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use bytes::Bytes;
use tokio::sync::mpsc;

use super::link::LinkContext;
use super::pages::read;
use crate::state::AppState;

/// How much is written before a chunk goes out.
const CHUNK: usize = 64 * 1024;
/// Chunks in flight between the writer and the socket.
const IN_FLIGHT: usize = 4;

/// A `Write` whose bytes become the chunks of a response body.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the reader went away")
        })
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

pub async fn export(
    axum::extract::State(state): axum::extract::State<AppState>,
    ctx: LinkContext,
    method: Method,
) -> Response {
    let copy = match read(&state, &ctx, |s, link| s.portal_copy(link)).await {
        Ok(c) => c,
        Err(refused) => return refused,
    };
    let disposition = super::content_disposition(&copy.file_name);
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/zip"),
        ),
        (
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition)
                .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    if method == Method::HEAD {
        return (StatusCode::OK, headers).into_response();
    }
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        if let Err(e) = crate::export::write_client_copy(&copy, &mut out) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                tracing::error!(request = %crate::http::access_log::current(), error = %e, "the client's copy could not be written");
            }
            // The body ends in an error: the download is cut off, never taken as whole.
            let _ = tx.blocking_send(Err(e));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    (StatusCode::OK, headers, Body::from_stream(stream)).into_response()
}

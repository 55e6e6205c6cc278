//! The staff web console under `/staff`: server-rendered, no JavaScript, signed in by a
//! single-use mailed link. Every handler goes through [`Console`] (a live session, or a
//! 303 to the login page) and every state-changing form carries a CSRF token bound to
//! the session. The pages call the same operations (`ops`) as the JSON API.

/// Implement [`HasCsrf`] for form structs with a `csrf: String` field.
macro_rules! has_csrf {
    ($($form:ty),+ $(,)?) => {
        $(impl $crate::http::console::HasCsrf for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })+
    };
}

mod audit;
mod clients;
mod dashboard;
mod export;
mod file_requests;
mod forms;
mod lists;
mod projects;
mod receipt;
mod requests;
mod sign_in;
mod staff;
mod webhooks;

use axum::Router;
use axum::extract::{Form, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cookie::{Cookie, SameSite};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::domain::Staff;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{Actor, SessionLimits};
use crate::views::console::{Chrome, error_page};

/// Session cookie (value: 32 random bytes; the store keeps only its SHA-256).
pub const SESSION_COOKIE: &str = "porthole_staff";
/// Cookie that binds the CSRF tokens of the forms shown before sign-in.
pub const PRE_SESSION_COOKIE: &str = "porthole_pre";
/// A session ends after this long without a request...
pub const IDLE_TIMEOUT: time::Duration = time::Duration::minutes(30);
/// ...and after this long in any case.
pub const ABSOLUTE_TIMEOUT: time::Duration = time::Duration::hours(12);
pub use crate::ops::SIGN_IN_TTL;
/// CSRF subject of every signed-in form.
const CSRF_SUBJECT: &str = "console";

pub(crate) const LIMITS: SessionLimits = SessionLimits {
    idle: IDLE_TIMEOUT,
    absolute: ABSOLUTE_TIMEOUT,
};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/staff", get(dashboard::show))
        .route("/staff/", get(dashboard::show))
        .route(
            "/staff/login",
            get(sign_in::login_form).post(sign_in::login),
        )
        .route(
            "/staff/signin/{token}",
            get(sign_in::confirm).post(sign_in::sign_in),
        )
        .route("/staff/logout", post(sign_in::logout))
        .route("/staff/sessions/revoke", post(sign_in::revoke_all))
        .merge(clients::router())
        .merge(projects::router(state))
        .merge(file_requests::router())
        .merge(forms::router())
        .merge(audit::router())
        .merge(receipt::router())
        .merge(dashboard::router())
        .merge(export::router())
        .merge(staff::router())
        .merge(requests::router())
        .merge(webhooks::router())
        .merge(lists::router(state))
        // Console pages are rendered per request; exports and other downloads stay as they are.
        .layer(crate::http::layers::html_compression())
}

/// A fresh random cookie value.
pub(crate) fn random_cookie_value() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The value of cookie `name` in the request, if any.
pub(crate) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name && !c.value().is_empty() && c.value().len() <= 128)
        .map(|c| c.value().to_owned())
}

/// `Set-Cookie` for a console cookie: `HttpOnly`, `SameSite=Strict`, `Path=/staff`,
/// `Secure` when the public URL is https. `max_age` zero removes the cookie.
pub(crate) fn set_cookie(
    state: &AppState,
    name: &'static str,
    value: &str,
    max_age: time::Duration,
) -> (header::HeaderName, HeaderValue) {
    let secure = state.settings.public_url.starts_with("https://");
    let c = Cookie::build((name, value.to_owned()))
        .path("/staff")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age.whole_seconds()))
        .build();
    // Names and values are ours (fixed names, base64url values): always a valid header.
    let value = HeaderValue::from_str(&c.to_string())
        .unwrap_or_else(|_| HeaderValue::from_static("porthole_invalid=; Path=/staff"));
    (header::SET_COOKIE, value)
}

/// A console error page with the error's status code.
pub(crate) struct ConsoleError {
    status: StatusCode,
    page: maud::Markup,
}

fn title_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::CONFLICT => "That conflicts with the record",
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => "Please check the form",
        StatusCode::PAYLOAD_TOO_LARGE => "Too large",
        _ => "Something went wrong",
    }
}

impl ConsoleError {
    pub(crate) fn new(state: &AppState, status: StatusCode, message: impl AsRef<str>) -> Self {
        Self {
            status,
            page: error_page(
                &state.settings.branding,
                title_for(status),
                message.as_ref(),
            ),
        }
    }

    pub(crate) fn from_app(state: &AppState, e: impl Into<AppError>) -> Self {
        let e: AppError = e.into();
        if let AppError::Internal(detail) = &e {
            tracing::error!(request = %crate::http::access_log::current(), %detail, "console request failed");
        }
        let message = match &e {
            AppError::Internal(_) => "Something went wrong on our side. Please try again.".into(),
            other => other.to_string(),
        };
        Self::new(state, e.status(), message)
    }

    pub(crate) fn forbidden(state: &AppState) -> Self {
        Self::new(
            state,
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from this site. Go back, reload the page and try again.",
        )
    }

    /// 410 for a genuine sign-in link that can no longer be used.
    pub(crate) fn gone(state: &AppState, why: &str) -> Self {
        Self {
            status: StatusCode::GONE,
            page: crate::views::console::sign_in::link_dead(&state.settings.branding, why),
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        (self.status, self.page).into_response()
    }
}

pub(crate) type ConsoleResult<T> = Result<T, ConsoleError>;

/// Extension on results of store calls made from console handlers.
pub(crate) trait OrPage<T> {
    fn or_page(self, state: &AppState) -> ConsoleResult<T>;
}

impl<T, E: Into<AppError>> OrPage<T> for Result<T, E> {
    fn or_page(self, state: &AppState) -> ConsoleResult<T> {
        self.map_err(|e| ConsoleError::from_app(state, e))
    }
}

/// The `?sort=&dir=` of a console page; a query that does not parse is a 400 page.
#[derive(Debug, Clone, Default)]
pub struct Sorting(pub crate::sort::SortQuery);

impl Sorting {
    /// The requested sort checked against the page's tables (400 page when unknown).
    pub(crate) fn requested(
        &self,
        state: &AppState,
        tables: &[crate::sort::Table],
    ) -> ConsoleResult<Option<crate::sort::Sort>> {
        self.0
            .requested(tables)
            .map_err(|e| ConsoleError::new(state, StatusCode::BAD_REQUEST, e.to_string()))
    }
}

impl FromRequestParts<AppState> for Sorting {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        PageQuery::from_request_parts(parts, state)
            .await
            .map(|PageQuery(q)| Self(q))
    }
}

/// A console page's query string; one that does not parse is a 400 page.
#[derive(Debug, Clone, Default)]
pub struct PageQuery<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for PageQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        axum::extract::Query::try_from_uri(&parts.uri)
            .map(|q| Self(q.0))
            .map_err(|_| {
                ConsoleError::new(
                    state,
                    StatusCode::BAD_REQUEST,
                    "The address has a query this page does not understand.",
                )
                .into_response()
            })
    }
}

/// A form that carries the console's CSRF token.
pub(crate) trait HasCsrf {
    fn csrf(&self) -> &str;
}

/// A form with nothing but the CSRF token (buttons: revoke, verify, export, ...).
#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

has_csrf!(CsrfOnly);

/// A signed-in form post whose Origin and CSRF token were checked before the handler
/// runs, so no state-changing handler can forget the check.
pub(crate) struct Checked<T> {
    pub console: Console,
    pub form: T,
}

impl<T> FromRequest<AppState> for Checked<T>
where
    T: DeserializeOwned + HasCsrf + Send,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let console = Console::from_request_parts(&mut parts, state).await?;
        let headers = parts.headers.clone();
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        console
            .check(state, &headers, form.csrf())
            .map_err(IntoResponse::into_response)?;
        Ok(Self { console, form })
    }
}

/// A request with a live staff session.
#[derive(Debug, Clone)]
pub struct Console {
    pub staff: Staff,
    /// The cookie value (to end the session); never logged.
    cookie: String,
    /// Id of the stored session (a digest), the CSRF binding.
    session_id: String,
}

impl Console {
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor::Staff {
            id: self.staff.id.clone(),
            name: self.staff.name.clone(),
        }
    }

    /// The page chrome with a fresh CSRF token.
    pub(crate) fn chrome(&self, state: &AppState) -> Chrome {
        Chrome {
            branding: state.settings.branding.clone(),
            staff_name: self.staff.name.clone(),
            is_owner: self.staff.role == crate::domain::Role::Owner,
            csrf: state.keyring().sign_nonce(&self.session_id, CSRF_SUBJECT),
            public_url: state.settings.public_url.clone(),
        }
    }

    /// Whether `csrf` was made for this session.
    pub(crate) fn csrf_ok(&self, state: &AppState, csrf: &str) -> bool {
        state
            .keyring()
            .verify_nonce(csrf, &self.session_id, CSRF_SUBJECT)
    }

    /// Refuse a state-changing request whose Origin is foreign or whose CSRF token was
    /// not made for this session (403).
    pub(crate) fn check(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        csrf: &str,
    ) -> ConsoleResult<()> {
        let ok = crate::http::client::origin_allowed(state, headers) && self.csrf_ok(state, csrf);
        if ok {
            Ok(())
        } else {
            Err(ConsoleError::forbidden(state))
        }
    }
}

impl FromRequestParts<AppState> for Console {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || Redirect::to("/staff/login").into_response();
        let Some(cookie) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let value = cookie.clone();
        let found = state
            .op(move |s| s.console_session(&value, LIMITS))
            .await
            .map_err(|e| ConsoleError::from_app(state, e).into_response())?;
        match found {
            Some((staff, session)) => Ok(Self {
                staff,
                cookie,
                session_id: session.id,
            }),
            None => Err(to_login()),
        }
    }
}

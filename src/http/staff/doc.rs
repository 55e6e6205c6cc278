//! The OpenAPI document's frame: title, the bearer scheme, the error shape every operation
//! may answer with. The operations themselves come from the `#[utoipa::path]` annotations
//! of the handlers, registered in `super::api`.

use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

use crate::error::ErrorBody;

/// Where the API lives; the document's paths carry it, so tools need no `servers` entry.
pub const PREFIX: &str = "/api/v1";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "porthole staff API",
        description = "Clients, projects, milestones, files, approvals and client links of a porthole \
                       server. Every route but this document needs `Authorization: Bearer <token>`. \
                       Errors are `{\"error\": {\"code\", \"message\"}}`. Lists answer a JSON array of at \
                       most `limit` items (default 100, at most 1000) and, while more remain, a \
                       `Link: <...>; rel=\"next\"` header whose URL asks for the next page."
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "clients", description = "Clients and their contacts"),
        (name = "projects", description = "Projects, milestones, updates, comments and notes"),
        (name = "files", description = "Files and their versions"),
        (name = "approvals", description = "Approvals and the decisions on them"),
        (name = "links", description = "Client links"),
        (name = "requests", description = "Requests clients open"),
        (name = "forms", description = "Forms and their answers"),
        (name = "file_requests", description = "Files asked of clients"),
        (name = "audit", description = "The audit chain and approval figures"),
        (name = "outbox", description = "Mail as sent"),
        (name = "staff", description = "Staff members (owner only)"),
        (name = "webhooks", description = "Webhook endpoints and their deliveries"),
        (name = "lists", description = "Record lists and their rows"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A staff API token (`porthole staff add` prints one; shown once).",
                    ))
                    .build(),
            ),
        );
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

/// The document as served: paths under [`PREFIX`], and on every operation the error shape
/// (`default`) and, where a token is needed, the 401.
#[must_use]
pub fn finish(mut doc: OpenApi) -> OpenApi {
    let paths = std::mem::take(&mut doc.paths.paths);
    for (path, mut item) in paths {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
        ]
        .into_iter()
        .flatten()
        {
            let public = op
                .security
                .as_ref()
                .is_some_and(|reqs| reqs.iter().all(is_empty_requirement));
            let answers = &mut op.responses.responses;
            if !public {
                answers
                    .entry("401".to_owned())
                    .or_insert_with(|| error_response("No valid API token"));
            }
            answers.entry("default".to_owned()).or_insert_with(|| {
                error_response("Refused: 400 malformed, 403 not allowed, 404 unknown id, 405 wrong method, 409 conflict, 413 too large, 415 wrong content type, 422 invalid field")
            });
        }
        doc.paths.paths.insert(format!("{PREFIX}{path}"), item);
    }
    doc
}

fn is_empty_requirement(r: &utoipa::openapi::security::SecurityRequirement) -> bool {
    serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(serde_json::Map::is_empty))
}

//! `/clients` and their contacts: extract, call one ops method, answer JSON.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use axum::response::Response;

use super::paging::{PageParams, PageQuery};
use super::{ApiJson, ApiPath, StaffAuth};
use crate::domain::{Client, Contact};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::{ClientPatch, ContactInput, ContactPatch, NewClient};

/// Create a client with its contacts.
#[utoipa::path(post, path = "/clients", tag = "clients", request_body = NewClient,
    responses((status = 201, description = "The client", body = Client)))]
pub async fn create(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiJson(new): ApiJson<NewClient>,
) -> ApiResult<(StatusCode, Json<Client>)> {
    let actor = auth.actor();
    let c = state.op(move |s| s.create_client(&actor, new)).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// Clients, a page at a time, in id order.
#[utoipa::path(get, path = "/clients", tag = "clients", params(PageParams),
    responses((status = 200, description = "A page of clients", body = Vec<Client>,
        headers(("Link" = String, description = "`<...>; rel=\"next\"` while more remain")))))]
pub async fn list(
    State(state): State<AppState>,
    _auth: StaffAuth,
    q: PageQuery,
) -> ApiResult<Response> {
    let page = q.page.clone();
    Ok(q.respond(state.op(move |s| s.clients_page(&page)).await?))
}

/// One client.
#[utoipa::path(get, path = "/clients/{id}", tag = "clients", params(("id" = String, Path, description = "client id")),
    responses((status = 200, description = "The client", body = Client)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Client>> {
    Ok(Json(state.op(move |s| s.client(&id)).await?))
}

/// Change a client: name, language, portal, sections, settings; `contacts` replaces the
/// whole list.
#[utoipa::path(patch, path = "/clients/{id}", tag = "clients", params(("id" = String, Path, description = "client id")),
    request_body = ClientPatch,
    responses((status = 200, description = "The client as changed", body = Client)))]
pub async fn update(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(id): ApiPath<String>,
    ApiJson(patch): ApiJson<ClientPatch>,
) -> ApiResult<Json<Client>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.patch_client(&actor, &id, patch))
            .await?,
    ))
}

/// Add a contact to a client.
#[utoipa::path(post, path = "/clients/{id}/contacts", tag = "clients", params(("id" = String, Path, description = "client id")),
    request_body = ContactInput,
    responses((status = 201, description = "The contact", body = Contact)))]
pub async fn add_contact(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> ApiResult<(StatusCode, Json<Contact>)> {
    let actor = auth.actor();
    let c = state
        .op(move |s| s.add_contact(&actor, &client_id, &input))
        .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// Change a contact; their links follow at once.
#[utoipa::path(patch, path = "/clients/{id}/contacts/{contact_id}", tag = "clients",
    params(("id" = String, Path, description = "client id"), ("contact_id" = String, Path, description = "contact id")),
    request_body = ContactPatch,
    responses((status = 200, description = "The contact as changed", body = Contact)))]
pub async fn update_contact(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((client_id, contact_id)): ApiPath<(String, String)>,
    ApiJson(patch): ApiJson<ContactPatch>,
) -> ApiResult<Json<Contact>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.update_contact(&actor, &client_id, &contact_id, &patch))
            .await?,
    ))
}

/// Remove a contact: every link of theirs ends at once.
#[utoipa::path(delete, path = "/clients/{id}/contacts/{contact_id}", tag = "clients",
    params(("id" = String, Path, description = "client id"), ("contact_id" = String, Path, description = "contact id")),
    responses((status = 200, description = "The removed contact", body = Contact)))]
pub async fn remove_contact(
    State(state): State<AppState>,
    auth: StaffAuth,
    ApiPath((client_id, contact_id)): ApiPath<(String, String)>,
) -> ApiResult<Json<Contact>> {
    let actor = auth.actor();
    Ok(Json(
        state
            .op(move |s| s.remove_contact(&actor, &client_id, &contact_id))
            .await?,
    ))
}

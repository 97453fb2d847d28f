//! HTTP routes. Each module has a `router()`; this file merges them and adds the static files.

mod api;
mod health;
mod site;
mod ws;

use axum::Router;

use crate::state::Hub;

pub fn router(hub: Hub) -> Router {
    Router::new()
        .merge(health::router())
        .merge(api::router())
        .merge(ws::router())
        .fallback_service(site::service(&hub.config.web_root))
        .with_state(hub)
}

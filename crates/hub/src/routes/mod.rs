//! HTTP routes. Each module has a `router()`; this file merges them and adds the static files.

mod api;

pub use api::AgentLogin;
mod cors;
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
        .layer(axum::middleware::from_fn_with_state(
            hub.clone(),
            cors::static_cors,
        ))
        .with_state(hub)
}

//! CORS for the widget's own files. The widget runs on the shop's page but loads its wasm
//! (and model) from the hub with `fetch`, which the browser allows only when the hub answers
//! with `Access-Control-Allow-Origin`. Only allowlisted origins get it, and only for the
//! static files: the agent API and the websockets stay same-origin / Origin-checked.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::Hub;

pub async fn static_cors(State(hub): State<Hub>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let is_static =
        !request.uri().path().starts_with("/api/") && !request.uri().path().starts_with("/ws/");
    let mut response = next.run(request).await;
    if is_static {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("Origin"));
        if let Some(origin) = origin.filter(|o| hub.origins.allows(o.to_str().ok(), None)) {
            response
                .headers_mut()
                .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
    }
    response
}

//! The static site: demo shop page at `/`, the widget (`tandem.js`, wasm), `faq.json` and the
//! agent console under `console/`, all from the web root that `cargo xtask dist` fills. When the
//! web root has not been built, `/` says how to build it instead of a bare 404.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::{MethodRouter, get};
use tower_http::services::ServeDir;

pub fn service(web_root: &Path) -> ServeDir<tower_http::set_status::SetStatus<MethodRouter>> {
    let root = web_root.to_path_buf();
    ServeDir::new(web_root)
        .append_index_html_on_directories(true)
        .not_found_service(get(move || not_found(root.clone())))
}

async fn not_found(root: PathBuf) -> impl IntoResponse {
    if root.join("index.html").is_file() {
        return (
            StatusCode::NOT_FOUND,
            Html("<h1>404</h1><p>Nothing here.</p>".to_owned()),
        );
    }
    let shown = root.display();
    let page = format!(
        "<!doctype html><meta charset=utf-8><title>Tandem: widget not built</title>\
         <h1>The widget has not been built yet</h1>\
         <p>This hub serves the demo page, the widget and the agent console from \
         <code>{shown}</code>, which has no <code>index.html</code>.</p>\
         <p>Build it with <code>cargo xtask dist</code> (or run everything with \
         <code>cargo xtask run</code>), or point the hub elsewhere with \
         <code>tandem serve --web-root DIR</code>.</p>"
    );
    (StatusCode::NOT_FOUND, Html(page))
}

use crate::helpers::*;

#[tokio::test]
async fn healthz_answers_200_when_the_hub_is_ready() {
    let app = spawn_app().await;
    let response = app.http("GET", "/healthz", None, None).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "ok");
}

#[tokio::test]
async fn the_demo_page_is_served_at_the_root_and_wasm_has_its_mime_type() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web");
    std::fs::create_dir_all(web.join("console")).unwrap();
    std::fs::write(web.join("index.html"), "<h1>Demo shop</h1>").unwrap();
    std::fs::write(web.join("tandem_widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(web.join("console/index.html"), "<h1>Console</h1>").unwrap();
    let config = test_config(dir.path());
    let app = spawn_config(dir, config).await;
    // Act
    let page = app.http("GET", "/", None, None).await;
    let wasm = app.http("GET", "/tandem_widget_bg.wasm", None, None).await;
    let console = app.http("GET", "/console/", None, None).await;
    let missing = app.http("GET", "/nope.js", None, None).await;
    // Assert
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Demo shop"));
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    assert!(console.body.contains("Console"));
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn a_missing_web_root_says_how_to_build_it() {
    let app = spawn_app().await;
    let page = app.http("GET", "/", None, None).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("cargo xtask dist"), "{}", page.body);
}

#[tokio::test]
async fn metrics_are_prometheus_text_with_connections_messages_store_latency_and_memory() {
    // Arrange: one stored line so the counters move.
    let app = spawn_app().await;
    let (mut visitor, _) = app.new_visitor().await;
    visitor.say("m1", "hello").await;
    visitor
        .recv_until(|f| matches!(f, tandem_core::protocol::ServerFrame::Ack { .. }))
        .await;
    // Act
    let metrics = app.http("GET", "/metrics", None, None).await;
    // Assert
    assert_eq!(metrics.status, 200);
    for series in [
        "tandem_connections{kind=\"visitor\"} 1",
        "tandem_connections{kind=\"agent\"} 0",
        "tandem_messages_total{direction=\"in\"} 1",
        "tandem_messages_total{direction=\"out\"}",
        "tandem_store_seconds_bucket{le=\"+Inf\"}",
        "process_resident_memory_bytes",
    ] {
        assert!(
            metrics.body.contains(series),
            "missing {series}\n{}",
            metrics.body
        );
    }
}

#[tokio::test]
async fn the_widget_files_carry_cors_only_for_allowed_origins() {
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(web.join("index.html"), "<h1>Demo shop</h1>").unwrap();
    std::fs::write(web.join("tandem_widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let config = test_config(dir.path());
    let app = spawn_config(dir, config).await;
    let fetch = |origin: &'static str| {
        let addr = app.addr;
        async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let request = format!(
                "GET /tandem_widget_bg.wasm HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"
            );
            tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
                .await
                .unwrap();
            let mut raw = Vec::new();
            tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut raw)
                .await
                .unwrap();
            String::from_utf8_lossy(&raw).to_lowercase()
        }
    };
    assert!(
        fetch(SHOP)
            .await
            .contains("access-control-allow-origin: https://shop.example")
    );
    assert!(
        !fetch("https://shop.example.evil.test")
            .await
            .contains("access-control-allow-origin")
    );
}

//! Component tests in a real browser (`cargo xtask test` runs them in headless Chromium with
//! wasm-bindgen-test): the app mounted into a shadow root, driven through its DOM.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::mount;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

const FAQ: &str = r#"{"entries": [
  {"id": "returns", "question": "How do I return an item?",
   "alternatives": ["send something back", "return policy"],
   "answer": "Start a return within **30 days**. [Portal](https://shop.example/returns) [bad](javascript:alert(1))"},
  {"id": "delivery", "question": "How long does delivery take?",
   "alternatives": ["shipping time", "when will my parcel arrive"],
   "answer": "2–4 working days."}
]}"#;

/// Waits for Yew's scheduler and the FAQ fetch to settle.
async fn settle() {
    for _ in 0..5 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let window = web_sys::window().unwrap();
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        JsFuture::from(promise).await.unwrap();
    }
}

fn faq_url(json: &str) -> String {
    format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

/// Mounts the widget into a fresh shadow root; returns the root to query.
fn mounted(faq: &str, key: &str) -> (ShadowRoot, crate::Widget) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("tandem-chat").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let app = document.create_element("div").unwrap();
    shadow.append_child(&app).unwrap();
    let config = serde_json::json!({ "faq": faq, "storageKey": key, "title": "Help" }).to_string();
    let widget = mount(app, &config, None);
    (shadow, widget)
}

fn find(root: &ShadowRoot, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn click(root: &ShadowRoot, selector: &str) {
    find(root, selector)
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

async fn ask(root: &ShadowRoot, text: &str) {
    let input: HtmlInputElement = find(root, ".tandem-input").unwrap().dyn_into().unwrap();
    input.set_value(text);
    click(root, ".tandem-send");
    settle().await;
}

fn stored(key: &str) -> Option<String> {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(key)
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_launcher_opens_a_panel_that_discloses_the_bot() {
    let (root, _widget) = mounted(&faq_url(FAQ), "t.open");
    settle().await;
    assert!(find(&root, ".tandem-panel").is_none());
    assert_eq!(
        find(&root, ".tandem-badge")
            .unwrap()
            .text_content()
            .unwrap(),
        "1"
    );
    click(&root, ".tandem-launcher");
    settle().await;
    let disclosure = find(&root, ".tandem-disclosure")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(disclosure.contains("You're chatting with an automated assistant"));
    assert!(disclosure.contains("Talk to a human"));
    assert!(find(&root, ".tandem-badge").is_none());
    assert_eq!(
        find(&root, "[role=log]")
            .unwrap()
            .get_attribute("role")
            .unwrap(),
        "log"
    );
}

#[wasm_bindgen_test]
async fn a_question_is_answered_with_safe_markdown() {
    let (root, widget) = mounted(&faq_url(FAQ), "t.answer");
    widget.open();
    settle().await;
    ask(&root, "what is your return policy").await;
    let answer = find(&root, ".tandem-answer").unwrap();
    assert_eq!(
        answer
            .query_selector("strong")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "30 days"
    );
    let links = answer.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "the javascript: link is not a link");
    let link: Element = links.get(0).unwrap().dyn_into().unwrap();
    assert_eq!(link.get_attribute("rel").unwrap(), "noopener noreferrer");
    assert_eq!(link.get_attribute("target").unwrap(), "_blank");
}

#[wasm_bindgen_test]
async fn nothing_is_stored_until_the_visitor_writes_and_end_chat_forgets() {
    let (root, widget) = mounted(&faq_url(FAQ), "t.storage");
    widget.open();
    settle().await;
    assert_eq!(stored("t.storage"), None, "opening is not an interaction");
    ask(&root, "shipping time").await;
    assert!(stored("t.storage").unwrap().contains("shipping time"));
    click(&root, ".tandem-end");
    settle().await;
    assert_eq!(stored("t.storage"), None);
}

#[wasm_bindgen_test]
async fn a_missing_faq_is_reported_honestly() {
    let (root, widget) = mounted("/does-not-exist/faq.json", "t.missing");
    widget.open();
    settle().await;
    let notice = find(&root, ".tandem-notice.error")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(notice.contains("couldn't be loaded"), "{notice}");
    ask(&root, "where is my parcel").await;
    let reply = find(&root, ".tandem-msg.bot:last-child")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(reply.contains("can't load our help articles"), "{reply}");
}

#[wasm_bindgen_test]
async fn escape_closes_the_panel() {
    let (root, widget) = mounted(&faq_url(FAQ), "t.escape");
    widget.open();
    settle().await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(&root, ".tandem-input")
        .unwrap()
        .dispatch_event(&event)
        .unwrap();
    settle().await;
    assert!(find(&root, ".tandem-panel").is_none());
}

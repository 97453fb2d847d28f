use super::*;

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

#[test]
fn plain_text_is_one_paragraph() {
    assert_eq!(
        parse("Hello there"),
        vec![Block::Paragraph(vec![text("Hello there")])]
    );
}

#[test]
fn html_stays_literal_text() {
    let blocks = parse("<script>alert(1)</script><img src=x onerror=alert(2)>");
    assert_eq!(
        blocks,
        vec![Block::Paragraph(vec![text(
            "<script>alert(1)</script><img src=x onerror=alert(2)>"
        )])]
    );
}

#[test]
fn strong_emphasis_and_code_are_recognised() {
    assert_eq!(
        parse_inline("a **b** *c* _d_ `e*f`"),
        vec![
            text("a "),
            Inline::Strong(vec![text("b")]),
            text(" "),
            Inline::Emphasis(vec![text("c")]),
            text(" "),
            Inline::Emphasis(vec![text("d")]),
            text(" "),
            Inline::Code("e*f".into()),
        ]
    );
}

#[test]
fn unclosed_markers_stay_literal() {
    assert_eq!(
        parse_inline("2 * 3 = 6 and **oops"),
        vec![text("2 * 3 = 6 and **oops")]
    );
}

#[test]
fn safe_links_become_links() {
    assert_eq!(
        parse_inline("see [our policy](https://shop.example/returns)."),
        vec![
            text("see "),
            Inline::Link {
                label: vec![text("our policy")],
                href: "https://shop.example/returns".into()
            },
            text("."),
        ]
    );
}

#[test]
fn javascript_and_data_links_keep_only_their_label() {
    for href in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "vbscript:msgbox",
    ] {
        let md = format!("[click]({href})");
        assert_eq!(parse_inline(&md), vec![text("click")], "{href}");
    }
}

#[test]
fn mailto_and_site_paths_are_allowed() {
    assert!(is_safe_href("mailto:help@shop.example"));
    assert!(is_safe_href("/account/orders"));
    assert!(!is_safe_href("/\\evil.example"));
    assert!(!is_safe_href(""));
}

#[test]
fn lists_group_consecutive_items_and_blank_lines_split_paragraphs() {
    let blocks = parse("Steps:\n1. Sign in\n2. Open **Orders**\n\nThen:\n- wait\n- relax");
    assert_eq!(
        blocks,
        vec![
            Block::Paragraph(vec![text("Steps:")]),
            Block::List {
                ordered: true,
                items: vec![
                    vec![text("Sign in")],
                    vec![text("Open "), Inline::Strong(vec![text("Orders")])]
                ]
            },
            Block::Paragraph(vec![text("Then:")]),
            Block::List {
                ordered: false,
                items: vec![vec![text("wait")], vec![text("relax")]]
            },
        ]
    );
}

#[test]
fn lines_inside_a_paragraph_keep_their_breaks() {
    assert_eq!(
        parse("one\ntwo"),
        vec![Block::Paragraph(vec![
            text("one"),
            Inline::LineBreak,
            text("two")
        ])]
    );
}

#[test]
fn backslash_escapes_a_marker() {
    assert_eq!(parse_inline(r"\*not em\*"), vec![text("*not em*")]);
}

#[test]
fn underscores_inside_words_are_not_emphasis() {
    assert_eq!(
        parse_inline("use order_id or file_name_here"),
        vec![text("use order_id or file_name_here")]
    );
    assert_eq!(
        parse_inline("an _emphasised_ word"),
        vec![
            text("an "),
            Inline::Emphasis(vec![text("emphasised")]),
            text(" word"),
        ]
    );
}

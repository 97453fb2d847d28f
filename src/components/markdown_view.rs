//! Renders an answer's markdown tree as DOM nodes. Text only ever becomes text nodes; links
//! open in a new tab without handing the host page to the target (`noopener noreferrer`).

use crate::markdown::{self, Block, Inline};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub markdown: String,
}

#[function_component(MarkdownView)]
pub fn markdown_view(props: &MarkdownProps) -> Html {
    let blocks = use_memo(props.markdown.clone(), |source| markdown::parse(source));
    html! {
        <div class="tandem-answer">{ for blocks.iter().map(block) }</div>
    }
}

fn block(block: &Block) -> Html {
    match block {
        Block::Paragraph(inlines) => html! { <p>{ inlines_html(inlines) }</p> },
        Block::List {
            ordered: true,
            items,
        } => html! { <ol>{ for items.iter().map(|i| item(i)) }</ol> },
        Block::List {
            ordered: false,
            items,
        } => html! { <ul>{ for items.iter().map(|i| item(i)) }</ul> },
    }
}

fn item(inlines: &[Inline]) -> Html {
    html! { <li>{ inlines_html(inlines) }</li> }
}

fn inlines_html(inlines: &[Inline]) -> Html {
    inlines.iter().map(inline).collect::<Html>()
}

fn inline(node: &Inline) -> Html {
    match node {
        Inline::Text(text) => html! { { text } },
        Inline::Strong(inner) => html! { <strong>{ inlines_html(inner) }</strong> },
        Inline::Emphasis(inner) => html! { <em>{ inlines_html(inner) }</em> },
        Inline::Code(code) => html! { <code>{ code }</code> },
        Inline::LineBreak => html! { <br /> },
        Inline::Link { label, href } => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ inlines_html(label) }</a>
        },
    }
}

//! Panel header: the site's title, "End chat" (clears the saved conversation) and minimise.

use crate::copy;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub title: String,
    pub onclose: Callback<()>,
    pub onend: Callback<()>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let onend = props.onend.reform(|_: MouseEvent| ());
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <header class="tandem-header">
            <h2 id="tandem-title" class="tandem-title">{ &props.title }</h2>
            <button type="button" class="tandem-end" onclick={onend}>{ copy::END_CHAT }</button>
            <button type="button" class="tandem-close" aria-label={copy::CLOSE} onclick={onclose}>
                <span aria-hidden="true">{ "–" }</span>
            </button>
        </header>
    }
}

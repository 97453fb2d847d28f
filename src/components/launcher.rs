//! The round button in the corner, with the unread badge. Its markup matches the placeholder
//! www/tandem.js draws before the wasm arrives, so the swap is invisible.

use super::icon::{Icon, IconView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LauncherProps {
    pub open: bool,
    pub unread: u32,
    pub node_ref: NodeRef,
    pub onclick: Callback<MouseEvent>,
}

#[function_component(Launcher)]
pub fn launcher(props: &LauncherProps) -> Html {
    let label = match (props.open, props.unread) {
        (true, _) => "Close chat with our automated assistant".to_string(),
        (false, 0) => "Open chat with our automated assistant".to_string(),
        (false, n) => format!("Open chat with our automated assistant, {n} unread"),
    };
    html! {
        <button
            type="button"
            class="tandem-launcher"
            ref={props.node_ref.clone()}
            aria-label={label}
            aria-expanded={props.open.to_string()}
            aria-controls={props.open.then_some("tandem-panel")}
            onclick={props.onclick.clone()}
        >
            if props.open {
                <span class="tandem-launcher-icon" aria-hidden="true">{ "×" }</span>
            } else {
                <IconView icon={Icon::Chat} />
            }
            if props.unread > 0 && !props.open {
                <span class="tandem-badge" aria-hidden="true">{ props.unread }</span>
            }
        </button>
    }
}

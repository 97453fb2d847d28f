//! "You're chatting with an automated assistant" + "Talk to a human": rendered in every state
//! of the panel, so the visitor always knows what they talk to and how to reach a person.

use crate::copy;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DisclosureProps {
    pub requested: bool,
    pub onhuman: Callback<()>,
}

#[function_component(Disclosure)]
pub fn disclosure(props: &DisclosureProps) -> Html {
    let onclick = props.onhuman.reform(|_: MouseEvent| ());
    html! {
        <div class="tandem-disclosure">
            <p class="tandem-disclosure-text">
                { copy::DISCLOSURE }
            </p>
            <button type="button" class="tandem-human" aria-pressed={props.requested.to_string()} {onclick}>
                { copy::TALK_TO_HUMAN }
            </button>
        </div>
    }
}

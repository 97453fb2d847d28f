//! The input and send button. A form, so Enter sends and screen readers announce it properly.

use crate::copy;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    pub input_ref: NodeRef,
    pub onsend: Callback<String>,
}

#[function_component(Composer)]
pub fn composer(props: &ComposerProps) -> Html {
    let onsubmit = {
        let (input_ref, onsend) = (props.input_ref.clone(), props.onsend.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let text = input.value();
            if !text.trim().is_empty() {
                input.set_value("");
                onsend.emit(text);
            }
            let _ = input.focus();
        })
    };
    html! {
        <form class="tandem-composer" {onsubmit}>
            <label class="tandem-visually-hidden" for="tandem-input">{ copy::INPUT_LABEL }</label>
            <input
                id="tandem-input"
                class="tandem-input"
                type="text"
                ref={props.input_ref.clone()}
                placeholder={copy::INPUT_LABEL}
                autocomplete="off"
                maxlength="1000"
            />
            <button type="submit" class="tandem-send">{ copy::SEND }</button>
        </form>
    }
}

//! The conversation: the panel's one live region (`role="log"` is polite by default), kept
//! scrolled to the newest message.

use super::message_view::MessageView;
use crate::copy;
use crate::messages::Message;
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MessageListProps {
    pub messages: Vec<Message>,
    pub thinking: bool,
    pub onpick: Callback<String>,
    pub onhuman: Callback<()>,
    pub onfeedback: Callback<(u32, bool)>,
}

#[function_component(MessageList)]
pub fn message_list(props: &MessageListProps) -> Html {
    let list_ref = use_node_ref();

    // Effect: follow the newest message.
    {
        let list_ref = list_ref.clone();
        use_effect_with((props.messages.len(), props.thinking), move |_| {
            if let Some(list) = list_ref.cast::<Element>() {
                list.set_scroll_top(list.scroll_height());
            }
        });
    }

    html! {
        <div class="tandem-log" role="log" aria-label="Conversation" tabindex="0" ref={list_ref}>
            { for props.messages.iter().map(|message| html! {
                <MessageView
                    key={message.id}
                    message={message.clone()}
                    onpick={props.onpick.clone()}
                    onhuman={props.onhuman.clone()}
                    onfeedback={props.onfeedback.clone()}
                />
            }) }
            if props.thinking {
                <p class="tandem-thinking">{ copy::THINKING }</p>
            }
        </div>
    }
}

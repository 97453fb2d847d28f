//! The open chat: header, the always-visible bot disclosure, status, messages, input.

use super::composer::Composer;
use super::disclosure::Disclosure;
use super::faq_notice::{FaqNotice, FaqNoticeView};
use super::header::Header;
use super::message_list::MessageList;
use crate::messages::Message;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub title: String,
    pub messages: Vec<Message>,
    pub thinking: bool,
    pub faq: FaqNotice,
    pub online: bool,
    pub human_requested: bool,
    pub input_ref: NodeRef,
    pub onclose: Callback<()>,
    pub onend: Callback<()>,
    pub onhuman: Callback<()>,
    pub onsend: Callback<String>,
    pub onpick: Callback<String>,
    pub onfeedback: Callback<(u32, bool)>,
}

#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    // Escape anywhere in the panel minimises it (focus then returns to the launcher).
    let onkeydown = {
        let onclose = props.onclose.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                onclose.emit(());
            }
        })
    };
    html! {
        <section
            id="tandem-panel"
            class="tandem-panel"
            role="dialog"
            aria-labelledby="tandem-title"
            {onkeydown}
        >
            <Header title={props.title.clone()} onclose={props.onclose.clone()} onend={props.onend.clone()} />
            <Disclosure requested={props.human_requested} onhuman={props.onhuman.clone()} />
            <FaqNoticeView notice={props.faq.clone()} />
            <MessageList
                messages={props.messages.clone()}
                thinking={props.thinking}
                onpick={props.onpick.clone()}
                onhuman={props.onhuman.clone()}
                onfeedback={props.onfeedback.clone()}
            />
            <Composer input_ref={props.input_ref.clone()} onsend={props.onsend.clone()} />
        </section>
    }
}

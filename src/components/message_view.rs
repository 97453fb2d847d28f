//! One message bubble, by kind: visitor text, FAQ answer, "not sure", escalation, handoff note,
//! error.

use super::feedback::FeedbackButtons;
use super::markdown_view::MarkdownView;
use super::suggestions::Suggestions;
use crate::copy;
use crate::messages::{Author, Body, Message};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MessageViewProps {
    pub message: Message,
    pub onpick: Callback<String>,
    pub onhuman: Callback<()>,
    pub onfeedback: Callback<(u32, bool)>,
}

#[function_component(MessageView)]
pub fn message_view(props: &MessageViewProps) -> Html {
    let message = &props.message;
    let (class, who) = match message.author {
        Author::Visitor => ("tandem-msg visitor", "You"),
        Author::Bot => ("tandem-msg bot", "Assistant"),
    };
    let content = match &message.body {
        Body::Text { text } => html! { <p>{ text }</p> },
        Body::Answer {
            question,
            markdown,
            feedback,
            escalate,
            links,
            tentative,
            others,
            ..
        } => html! {
            <>
                // A guess says so, names the question it answers and offers the alternatives.
                if *tentative {
                    <p class="tandem-hedge">{ copy::TENTATIVE }{ " " }<strong>{ question }</strong></p>
                }
                <MarkdownView markdown={markdown.clone()} />
                if !links.is_empty() {
                    <ul class="tandem-links">
                        { for links.iter().map(|link| html! {
                            <li><a href={link.url.clone()} target="_blank" rel="noopener noreferrer">{ &link.title }</a></li>
                        }) }
                    </ul>
                }
                if *tentative && !others.is_empty() {
                    <Suggestions
                        suggestions={others.clone()}
                        onpick={props.onpick.clone()}
                        onhuman={props.onhuman.clone()}
                    />
                } else if *escalate || *tentative {
                    <HumanOffer onhuman={props.onhuman.clone()} />
                }
                <FeedbackButtons
                    message_id={message.id}
                    feedback={*feedback}
                    onfeedback={props.onfeedback.clone()}
                />
            </>
        },
        Body::NotSure { suggestions } => html! {
            <Suggestions
                suggestions={suggestions.clone()}
                onpick={props.onpick.clone()}
                onhuman={props.onhuman.clone()}
            />
        },
        Body::Escalation { why, .. } => html! {
            <>
                <p>{ why }{ " " }{ copy::NO_LIVE_CHAT }</p>
                <HumanOffer onhuman={props.onhuman.clone()} />
            </>
        },
        Body::HumanRequested { online } => {
            let text = if *online {
                copy::HUMAN_REQUESTED
            } else {
                copy::HUMAN_REQUESTED_OFFLINE
            };
            html! { <p>{ text }</p> }
        }
        Body::Unavailable => html! {
            <>
                <p>{ copy::UNAVAILABLE }</p>
                <HumanOffer onhuman={props.onhuman.clone()} />
            </>
        },
    };
    html! {
        <div class={class}>
            <span class="tandem-visually-hidden">{ format!("{who}: ") }</span>
            { content }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct HumanOfferProps {
    pub onhuman: Callback<()>,
}

/// The in-conversation offer of a person (the disclosure banner always has one too).
#[function_component(HumanOffer)]
pub fn human_offer(props: &HumanOfferProps) -> Html {
    let onclick = props.onhuman.reform(|_: MouseEvent| ());
    html! {
        <p class="tandem-offer">
            { copy::HUMAN_OFFER }{ " " }
            <button type="button" class="tandem-chip human" {onclick}>{ copy::TALK_TO_HUMAN }</button>
        </p>
    }
}

//! "Did this help? 👍 👎" (as SVG thumbs) under each FAQ answer; the choice is saved with the conversation and
//! sent to the host page as a `feedback` event.

use super::icon::{Icon, IconView};
use crate::copy;
use crate::messages::Feedback;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FeedbackProps {
    pub message_id: u32,
    pub feedback: Option<Feedback>,
    pub onfeedback: Callback<(u32, bool)>,
}

#[function_component(FeedbackButtons)]
pub fn feedback_buttons(props: &FeedbackProps) -> Html {
    let button = |helpful: bool, icon: Icon, label: &'static str| {
        let id = props.message_id;
        let onclick = props.onfeedback.reform(move |_: MouseEvent| (id, helpful));
        let pressed = match props.feedback {
            Some(Feedback::Helpful) => helpful,
            Some(Feedback::NotHelpful) => !helpful,
            None => false,
        };
        html! {
            <button type="button" class="tandem-rate" aria-label={label} aria-pressed={pressed.to_string()} {onclick}>
                <IconView {icon} />
            </button>
        }
    };
    html! {
        <div class="tandem-feedback" role="group" aria-label={copy::HELPFUL_QUESTION}>
            <span class="tandem-feedback-question">
                { if props.feedback.is_some() { copy::THANKS_FOR_FEEDBACK } else { copy::HELPFUL_QUESTION } }
            </span>
            { button(true, Icon::ThumbUp, "Yes, this helped") }
            { button(false, Icon::ThumbDown, "No, this didn't help") }
        </div>
    }
}

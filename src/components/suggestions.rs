//! "I'm not sure — did you mean: …" with up to three FAQ questions and the offer of a person.

use super::message_view::HumanOffer;
use crate::copy;
use crate::messages::Suggestion;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SuggestionsProps {
    pub suggestions: Vec<Suggestion>,
    pub onpick: Callback<String>,
    pub onhuman: Callback<()>,
}

#[function_component(Suggestions)]
pub fn suggestions(props: &SuggestionsProps) -> Html {
    if props.suggestions.is_empty() {
        return html! {
            <div class="tandem-not-sure">
                <p>{ copy::NOT_SURE_NO_SUGGESTION }</p>
                <HumanOffer onhuman={props.onhuman.clone()} />
            </div>
        };
    }
    html! {
        <div class="tandem-not-sure">
            <p>{ copy::NOT_SURE }</p>
            <ul class="tandem-suggestions">
                { for props.suggestions.iter().map(|suggestion| {
                    let id = suggestion.entry_id.clone();
                    let onclick = props.onpick.reform(move |_: MouseEvent| id.clone());
                    html! {
                        <li key={suggestion.entry_id.clone()}>
                            <button type="button" class="tandem-chip" {onclick}>{ &suggestion.question }</button>
                        </li>
                    }
                }) }
            </ul>
            <HumanOffer onhuman={props.onhuman.clone()} />
        </div>
    }
}

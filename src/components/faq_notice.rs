//! The honest status line: loading, offline, showing a saved copy, or no answers at all.

use crate::copy;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum FaqNotice {
    None,
    Loading,
    OfflineCached,
    OfflineNoFaq,
    Stale,
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct FaqNoticeProps {
    pub notice: FaqNotice,
}

#[function_component(FaqNoticeView)]
pub fn faq_notice_view(props: &FaqNoticeProps) -> Html {
    let (class, text) = match &props.notice {
        FaqNotice::None => return html! {},
        FaqNotice::Loading => ("info", copy::LOADING_FAQ.to_string()),
        FaqNotice::OfflineCached => ("warn", copy::OFFLINE_CACHED.to_string()),
        FaqNotice::OfflineNoFaq => ("warn", copy::OFFLINE_NO_FAQ.to_string()),
        FaqNotice::Stale => ("warn", copy::STALE_FAQ.to_string()),
        FaqNotice::Failed(reason) => ("error", format!("{} ({reason})", copy::FAILED_FAQ)),
    };
    html! { <p class={classes!("tandem-notice", class)}>{ text }</p> }
}

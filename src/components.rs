//! One component per file; `app.rs` composes them.

mod composer;
mod disclosure;
mod faq_notice;
mod feedback;
mod header;
mod icon;
mod launcher;
mod markdown_view;
mod message_list;
mod message_view;
mod panel;
mod suggestions;

pub use faq_notice::FaqNotice;
pub use launcher::Launcher;
pub use panel::Panel;

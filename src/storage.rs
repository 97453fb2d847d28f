//! The saved conversation in the visitor's localStorage. Every call tolerates storage being
//! unavailable (private mode, sandboxed iframes, full quota): the chat then lasts one page view.

use crate::messages::Conversation;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<Conversation> {
    let json = local_storage()?.get_item(key).ok().flatten()?;
    Conversation::from_saved(&json)
}

pub fn save(key: &str, conversation: &Conversation) {
    let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(conversation)) else {
        return;
    };
    let _ = storage.set_item(key, &json);
}

pub fn clear(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

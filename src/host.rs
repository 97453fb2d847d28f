//! The link between the host page and the Yew app: commands from `window.Tandem` go in as
//! reducer actions (queued until the app has rendered once), events come out to the
//! loader's `emit(name, detailJson)` callback.

use crate::messages::HostEvent;
use crate::state::Action;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::Callback;

#[derive(Clone)]
pub struct Host(Rc<Inner>);

struct Inner {
    emit: Option<js_sys::Function>,
    dispatch: RefCell<Option<Callback<Action>>>,
    queued: RefCell<Vec<Action>>,
}

impl Host {
    pub fn new(emit: Option<js_sys::Function>) -> Self {
        Self(Rc::new(Inner {
            emit,
            dispatch: RefCell::new(None),
            queued: RefCell::new(Vec::new()),
        }))
    }

    /// Sends an action to the app, or queues it until the app is connected.
    pub fn send(&self, action: Action) {
        let dispatch = self.0.dispatch.borrow().clone();
        match dispatch {
            Some(dispatch) => dispatch.emit(action),
            None => self.0.queued.borrow_mut().push(action),
        }
    }

    pub fn connect(&self, dispatch: Callback<Action>) {
        let queued = std::mem::take(&mut *self.0.queued.borrow_mut());
        *self.0.dispatch.borrow_mut() = Some(dispatch.clone());
        for action in queued {
            dispatch.emit(action);
        }
    }

    pub fn emit(&self, event: &HostEvent) {
        let Some(emit) = &self.0.emit else { return };
        let detail = serde_json::to_string(event).unwrap_or_default();
        // A throwing listener on the host page must not break the chat.
        let _ = emit.call2(&JsValue::NULL, &event.name().into(), &detail.into());
    }
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

//! The root component: owns the reducer and every side effect (storage, FAQ loading, focus,
//! host-page events, online/offline). Children only get values and callbacks.

use crate::components::{Launcher, Panel};
use crate::config::Config;
use crate::faq_loader;
use crate::host::Host;
use crate::knowledge::{Knowledge, KnowledgeRef};
use crate::state::{Action, FaqStatus, State};
use crate::storage;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<Config>,
    pub host: Host,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = props.config.clone();
    let state = use_reducer(|| State::new(&config.greeting, config.open));
    let input_ref = use_node_ref();
    let launcher_ref = use_node_ref();
    // The FAQ text fetched from the network, kept to save an offline copy once the visitor
    // has interacted (never before).
    let fetched_faq = use_mut_ref(|| None::<String>);

    // Effect: restore, connect the host bridge, load the FAQ, watch the network. Once.
    {
        let dispatcher = state.dispatcher();
        let (host, config, fetched_faq) = (props.host.clone(), config.clone(), fetched_faq.clone());
        use_effect_with((), move |_| {
            if let Some(saved) = storage::load(&config.storage_key) {
                dispatcher.dispatch(Action::Restore(saved));
            }
            let send = dispatcher.clone();
            host.connect(Callback::from(move |action| send.dispatch(action)));
            load_faq(&config.faq, dispatcher.clone(), fetched_faq);
            watch_network(dispatcher)
        });
    }

    // Effect: save the conversation after the first interaction, forget it after "End chat".
    {
        let key = config.storage_key.clone();
        let deps = (state.conversation.clone(), state.interacted);
        use_effect_with(deps, move |(conversation, interacted)| {
            if *interacted {
                storage::save(&key, conversation);
            } else if conversation.messages.len() <= 1 {
                storage::clear(&key);
            }
        });
    }

    // Effect: keep the offline copy of the FAQ once the visitor has used the chat.
    {
        let (url, fetched_faq) = (config.faq.clone(), fetched_faq.clone());
        use_effect_with(state.interacted, move |interacted| {
            if *interacted && let Some(text) = fetched_faq.borrow_mut().take() {
                wasm_bindgen_futures::spawn_local(async move {
                    faq_loader::remember(&url, &text).await;
                });
            }
        });
    }

    // Effect: forward new events to the host page's `Tandem.on` listeners.
    {
        let forwarded = use_mut_ref(|| 0_u64);
        let (host, state) = (props.host.clone(), state.clone());
        use_effect_with(state.event_seq, move |_| {
            let mut last = forwarded.borrow_mut();
            let since = *last;
            for (seq, event) in state.events.iter().filter(|(seq, _)| *seq > since) {
                host.emit(event);
                *last = *seq;
            }
        });
    }

    // Effect: focus follows the panel (into the input on open, back to the launcher on close),
    // but never moves on first render unless the visitor opened the chat by clicking.
    {
        let was_open = use_mut_ref(|| None::<bool>);
        let (input_ref, launcher_ref) = (input_ref.clone(), launcher_ref.clone());
        use_effect_with(state.open, move |open| {
            let previous = was_open.borrow_mut().replace(*open);
            let target = match (previous, *open) {
                (Some(false) | None, true) => input_ref.cast::<HtmlElement>(),
                (Some(true), false) => launcher_ref.cast::<HtmlElement>(),
                _ => None,
            };
            if let Some(element) = target {
                let _ = element.focus();
            }
        });
    }

    // Callbacks
    let dispatch = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(make()))
    };
    let ontoggle = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(if state.open {
                Action::Close
            } else {
                Action::Open
            })
        })
    };
    let onsend = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Send(text)))
    };
    let onpick = {
        let state = state.clone();
        Callback::from(move |id: String| state.dispatch(Action::PickSuggestion(id)))
    };
    let onfeedback = {
        let state = state.clone();
        Callback::from(move |(message, helpful): (u32, bool)| {
            state.dispatch(Action::Feedback { message, helpful })
        })
    };

    html! {
        <>
            if state.open {
                <Panel
                    title={config.title.clone()}
                    messages={state.conversation.messages.clone()}
                    thinking={!state.pending.is_empty()}
                    faq={faq_notice(&state)}
                    online={state.online}
                    human_requested={state.conversation.human_requested}
                    input_ref={input_ref}
                    onclose={dispatch(|| Action::Close)}
                    onend={dispatch(|| Action::EndChat)}
                    onhuman={dispatch(|| Action::RequestHuman)}
                    {onsend}
                    {onpick}
                    {onfeedback}
                />
            }
            <Launcher open={state.open} unread={state.unread} node_ref={launcher_ref} onclick={ontoggle} />
        </>
    }
}

/// Which FAQ notice, if any, the panel shows.
fn faq_notice(state: &State) -> crate::components::FaqNotice {
    use crate::components::FaqNotice;
    match (&state.faq, state.online) {
        (FaqStatus::Loading, _) => FaqNotice::Loading,
        (FaqStatus::Ready { .. }, false) => FaqNotice::OfflineCached,
        (
            FaqStatus::Ready {
                from_cache: true, ..
            },
            true,
        ) => FaqNotice::Stale,
        (FaqStatus::Ready { .. }, true) => FaqNotice::None,
        (FaqStatus::Failed { .. }, false) => FaqNotice::OfflineNoFaq,
        (FaqStatus::Failed { reason }, true) => FaqNotice::Failed(reason.clone()),
    }
}

fn load_faq(url: &str, dispatcher: UseReducerDispatcher<State>, keep: Rc<RefCell<Option<String>>>) {
    let url = url.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        let action = match faq_loader::load(&url).await {
            Ok(fetched) => match Knowledge::parse(&url, &fetched.text) {
                Ok(knowledge) => {
                    if !fetched.from_cache {
                        *keep.borrow_mut() = Some(fetched.text);
                    }
                    Action::FaqLoaded {
                        knowledge: KnowledgeRef::new(knowledge),
                        from_cache: fetched.from_cache,
                    }
                }
                Err(problems) => Action::FaqFailed(format!("the FAQ file has errors: {problems}")),
            },
            Err(reason) => Action::FaqFailed(reason),
        };
        dispatcher.dispatch(action);
    });
}

/// A window event name and the closure listening to it.
type Listener = (&'static str, Closure<dyn Fn()>);

/// Listens to `online`/`offline`; the returned closure removes the listeners on unmount.
fn watch_network(dispatcher: UseReducerDispatcher<State>) -> impl FnOnce() {
    let window = web_sys::window();
    if let Some(navigator) = window.as_ref().map(|w| w.navigator()) {
        dispatcher.dispatch(Action::Online(navigator.on_line()));
    }
    let listeners: Vec<Listener> = [("online", true), ("offline", false)]
        .into_iter()
        .map(|(name, online)| {
            let dispatcher = dispatcher.clone();
            let closure =
                Closure::<dyn Fn()>::new(move || dispatcher.dispatch(Action::Online(online)));
            (name, closure)
        })
        .collect();
    if let Some(window) = &window {
        for (name, closure) in &listeners {
            let _ = window.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
    move || {
        if let Some(window) = window {
            for (name, closure) in &listeners {
                let _ = window
                    .remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            }
        }
    }
}

//! Small inline SVG icons. Emoji would depend on the visitor having an emoji font (many Linux
//! machines don't, and they render as empty boxes); SVG paths render the same everywhere.

use yew::prelude::*;

#[derive(Clone, Copy, PartialEq)]
pub enum Icon {
    Chat,
    ThumbUp,
    ThumbDown,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Chat => "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
            Icon::ThumbUp => {
                "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"
            }
            Icon::ThumbDown => {
                "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z"
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct IconProps {
    pub icon: Icon,
}

#[function_component(IconView)]
pub fn icon_view(props: &IconProps) -> Html {
    html! {
        <svg class="tandem-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={props.icon.path()} />
        </svg>
    }
}

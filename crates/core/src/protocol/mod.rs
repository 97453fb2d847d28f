//! The wire protocol shared by the widget, the hub and the agent console.

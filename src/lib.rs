//! Tandem widget

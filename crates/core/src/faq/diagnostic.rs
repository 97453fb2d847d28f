//! Problems found while loading an FAQ file, each with its exact position.

use super::json::Pos;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file cannot be used until this is fixed.
    Error,
    /// The file works, but probably not as its author meant (e.g. a misspelt field name).
    Warning,
}

/// One problem, displayed as `PATH:LINE:COL: message` (warnings as `PATH:LINE:COL: warning: …`),
/// the format editors and CI logs already know how to jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn new(source: &str, pos: Pos, severity: Severity, message: String) -> Self {
        Diagnostic {
            source: source.to_owned(),
            line: pos.line,
            column: pos.column,
            severity,
            message,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Diagnostic {
            source,
            line,
            column,
            ..
        } = self;
        match self.severity {
            Severity::Error => write!(f, "{source}:{line}:{column}: {}", self.message),
            Severity::Warning => write!(f, "{source}:{line}:{column}: warning: {}", self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

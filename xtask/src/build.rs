//! Builds the widget (and the ML worker) for wasm32 and writes `dist/` (not written yet).

use anyhow::Result;
use std::path::PathBuf;

pub fn dist() -> Result<PathBuf> {
    Ok(crate::util::root().join("dist"))
}

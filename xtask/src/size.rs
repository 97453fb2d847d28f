//! `cargo xtask size`: raw / gzip / brotli size of every artifact in `dist/`, checked against
//! the budgets, written to docs/performance-widget.md together with the launcher-click →
//! interactive-panel time the e2e suite measured (tests/e2e/output/timings.json).
//!
//! `--no-build` measures the existing `dist/` instead of rebuilding it.

use crate::build;
use crate::util::root;
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Measurements that are not re-run by this command, with how they were made.
const NOTES: &str = "## Notes (measured by hand, not re-run by this command)\n\n\
- **No name section** (session 14). wasm-bindgen kept a 3.9 KB `name` section (and a \
  `producers` section) in `tandem_widget_bg.wasm`; the build now drops both. The shell's brotli \
  size also moves by ±0.5 KB when tandem-core changes code the shell does not even link (data \
  and function indices shift): with the request rules of session 14 it measured 150.1 KB \
  before this and 149.6 KB after.\n\
- **wasm-opt is not worth it here.** `wasm-opt -Oz` from npm's `binaryen@132` (Debian's 108 \
  cannot parse this wasm) on `tandem_widget_bg.wasm` of an earlier build (before the SVG icons): 560,442 → 522,847 bytes raw, but \
  184,958 → 184,932 bytes brotli (−26 bytes). So the build does not run it.\n\
- **Where the chat shell's bytes go** (that same earlier build, 187 KB brotli, over budget): \
  section sizes of `tandem_widget_bg.wasm` were code 360 KB raw / 133 KB gzip and data \
  187 KB raw / 90 KB gzip. The same widget built with tandem-core's FAQ loading and matching \
  cut out (`Knowledge::parse` returning an error, no `Matcher`) was 321 KB raw / 100 KB brotli \
  after wasm-bindgen: the FAQ parser + normaliser + matcher cost about 85 KB brotli, Yew + \
  the widget's own code + serde_json about 100 KB (a Yew-only shell is about 55 KB, \
  docs/toolchain.md). Core then replaced full NFKC with a build-time folding table \
  (commit 6949a69), which brought the shell to the figure in the table above. The margin \
  under the budget is small: watch this table when core or the widget grows.\n\
- **Why the escalation policy runs in the worker** (2026-12-02, measured with `twiggy diff` \
  on unstripped builds and this command): the policy with its lexicon and phrase lists, \
  linked into the chat shell, took it from 148.0 to 197.4 KB brotli; parsing the lexicon's \
  numbers by hand and printing agent-note scores without `{:.2}` (core's float parsing and \
  formatting tables) brought that to 176.9 KB, still 27 KB over. `wasm-opt -Oz` gained \
  1.3 KB brotli on that build. So the shell only reports each typed turn (`turn` event) and \
  applies the verdict (`Widget::judged`), and the policy runs in the worker next to the \
  ONNX model, where it also gets the model's scores: the shell is 149.6 KB, the worker grew \
  by ~58 KB brotli (policy, lexicon, serde_json).\n\
- **The FAQ's semantic channel in the worker** (same day): the worker answers questions \
  itself once it has the FAQ and `models/faq-embed.tev`, so the shell waits for its answer \
  instead of matching (`Widget::remote`/`answered`, +1.2 KB brotli). Room came from building \
  core without its `semantic` feature for the shell (the matcher's embedding field and code \
  had been linked in although the shell never loads a table: -1.0 KB) and unstable sorts in \
  the matcher (one sort implementation fewer: -0.7 KB).\n\
- **WebAssembly SIMD in the worker** (2026-12-07, session 23): the FAQ encoder's loops \
  (`crates/core/src/embed/kernels.rs`) are written with wasm SIMD intrinsics, because this \
  profile's opt-level z under fat LTO runs no loop vectoriser: the encoder takes 5.0–5.4 / \
  10.7 / 26.7 ms for 4 / 15 / 40 pieces in Chromium instead of 23.3 / 60.0 / 144.4 ms, and the \
  worker's wasm got 11 KB brotli smaller (1,084.6 → 1,073.9 KB for the group). Giving \
  tandem-core opt-level 3 in this profile changed nothing, for the same LTO reason \
  (docs/quality-faq.md, \"The encoder in the browser\"). Browsers without wasm SIMD (Safari \
  before 16.4) cannot compile the worker; `tandem-worker.js` checks first and says so.\n";

/// What a visitor downloads, grouped as the budgets count it (bytes, brotli).
const GROUPS: [(&str, &[&str], usize); 3] = [
    ("loader + launcher", &["tandem.js", "tandem.css"], 10 * 1024),
    (
        "chat shell (Yew + FAQ matcher)",
        &["tandem_widget.js", "tandem_widget_bg.wasm"],
        150 * 1024,
    ),
    (
        "ML worker (tract + sentiment + policy + FAQ semantic)",
        &[
            "tandem-worker.js",
            "tandem_ml_worker.js",
            "tandem_ml_worker_bg.wasm",
        ],
        1_100 * 1024,
    ),
];
/// Fetched by the worker when the visitor opens the chat (budgets in raw bytes, docs/ and
/// the brief: sentiment model ≤ 1 MB, FAQ embedding table ≤ 2 MB, a larger FAQ model ≤ 8 MB
/// int8 when it clearly buys better answers: the encoder, fetched after the table).
const OTHERS: [&str; 4] = [
    "faq.json",
    "models/sentiment.onnx",
    "models/faq-embed.tev",
    "models/faq-encoder.tenc",
];

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn run(args: &[String]) -> Result<()> {
    let dist = if args.iter().any(|arg| arg == "--no-build") {
        root().join("dist")
    } else {
        build::dist()?
    };
    let mut table = String::from("| artifact | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    let mut budgets = String::from("| group | brotli | budget | verdict |\n|---|---:|---:|---|\n");
    let mut over = Vec::new();
    for (group, files, budget) in GROUPS {
        let mut total = 0;
        let mut present = false;
        for file in files {
            let path = dist.join(file);
            if !path.exists() {
                continue;
            }
            present = true;
            let sizes = measure(&path)?;
            total += sizes.brotli;
            row(&mut table, file, &sizes);
        }
        let verdict = match (present, total <= budget) {
            (false, _) => "not built".to_string(),
            (true, true) => "within budget".to_string(),
            (true, false) => {
                over.push(group);
                "OVER BUDGET".to_string()
            }
        };
        let _ = writeln!(
            budgets,
            "| {group} | {} | {} | {verdict} |",
            kb(total),
            kb(budget)
        );
    }
    for file in OTHERS {
        let path = dist.join(file);
        if path.exists() {
            row(&mut table, file, &measure(&path)?);
        }
    }
    print!("{table}\n{budgets}");

    let timings = std::fs::read_to_string(root().join("tests/e2e/output/timings.json")).ok();
    write_doc(&table, &budgets, timings.as_deref())?;
    if !over.is_empty() {
        bail!("over budget: {}", over.join(", "));
    }
    Ok(())
}

fn measure(path: &Path) -> Result<Sizes> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes)?;
    let gzip = gzip.finish()?.len();
    let mut brotli = Vec::new();
    {
        // quality 11, window 22: what a static file server precompresses with.
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
        writer.write_all(&bytes)?;
    }
    Ok(Sizes {
        raw: bytes.len(),
        gzip,
        brotli: brotli.len(),
    })
}

fn row(table: &mut String, name: &str, sizes: &Sizes) {
    let _ = writeln!(
        table,
        "| `{name}` | {} | {} | {} |",
        kb(sizes.raw),
        kb(sizes.gzip),
        kb(sizes.brotli)
    );
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn write_doc(table: &str, budgets: &str, timings: Option<&str>) -> Result<()> {
    let timing = match timings {
        Some(json) => format!(
            "Measured by `tests/e2e/open/test.js` (Playwright, headless Debian Chromium, localhost, \
             5 runs each, fresh browser context per run, on the 2-core development machine while other \
             builds ran, so expect less on an idle machine; *cold* = the page embeds with \
             `data-load=\"interaction\"`, so the click downloads, compiles and mounts the wasm; \
             *warm* = the default idle preload already ran). \
             `assistant_worker_ready_after_open_ms` comes from `tests/e2e/escalation/test.js`: \
             launcher click until the assistant worker reports ready (worker wasm fetched and \
             compiled, sentiment model fetched and optimised), one run; \
             `assistant_answering_after_open_ms` (`semantic.test.js` there): until it also has \
             the FAQ and its embedding table indexed and answers questions itself; \
             `assistant_in_context_after_open_ms`: until it has also fetched the contextual \
             encoder (7.1 MiB) and indexed the demo shop's FAQ with it, and \
             `in_context_answer_ms`: one question asked then, typed until the answer shows. \
             Raw output of the last run:\n\n\
             ```json\n{}\n```\n",
            json.trim()
        ),
        None => "Not measured yet: run `cargo xtask test` (or `node --test tests/e2e/open`) \
                 first, then `cargo xtask size --no-build`.\n"
            .to_string(),
    };
    let doc = format!(
        "# Widget performance\n\n\
         Written by `cargo xtask size` (which builds `dist/` with `--profile wasm-release`: \
         opt-level z, fat LTO, one codegen unit, panic abort, strip; wasm-bindgen \
         {version} as a library; no wasm-opt). Sizes in KiB; gzip at level 9, brotli at \
         quality 11 / window 22.\n\n\
         ## Artifacts\n\n{table}\n## Budgets\n\n{budgets}\n\
         ## Launcher click → interactive panel\n\n{timing}\n{NOTES}",
        version = crate::setup::WASM_BINDGEN_VERSION,
    );
    let path = root().join("docs/performance-widget.md");
    std::fs::create_dir_all(root().join("docs"))?;
    std::fs::write(&path, doc).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("xtask: wrote {}", path.display());
    Ok(())
}

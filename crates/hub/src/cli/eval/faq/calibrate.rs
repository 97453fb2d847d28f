//! `--fit-calibration`: fits the matcher's confidence on a tuning set (CLINC150 val + oos_val,
//! and small FAQs carved out of it) and prints a threshold sweep, so the defaults in
//! `MatcherConfig` can be reproduced.
//!
//! The target is "the best entry is the right answer": 1 for an in-scope case whose top
//! suggestion is correct, 0 for a wrong top suggestion or an out-of-scope case. A logistic
//! regression on the best score and its margin over the runner-up, each also multiplied by
//! ln(entry count), plus ln(entry count) itself, then gives P(answer is right) for FAQs of
//! any size. The size terms can only be fitted on rows from FAQs of different sizes:
//! `--dump-features` writes one FAQ's rows, `--fit-from` adds such files to the fit.

use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tandem_core::faq::{Calibration, Faq, Matcher};

/// (best score, margin, entry count), whether the top entry is right (1/0), out of scope.
pub type Row = ([f64; 3], f64, bool);

const HEADER: &str = "best\tmargin\tentries\tright\toos";

pub fn features<'a>(
    faq: &Faq,
    matcher: &Matcher,
    cases: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<Row> {
    let entries = faq.len() as f64;
    let mut rows = Vec::new();
    for (text, expect) in cases {
        let ranked = matcher.rank(text, 2);
        let best = ranked.first().map_or(0.0, |r| f64::from(r.1));
        let margin = best - ranked.get(1).map_or(0.0, |r| f64::from(r.1));
        let right = ranked
            .first()
            .is_some_and(|r| Some(faq.entries()[r.0].id.as_str()) == expect);
        rows.push((
            [best, margin, entries],
            f64::from(u8::from(right)),
            expect.is_none(),
        ));
    }
    rows
}

/// `--dump-features`: one TSV line per case, in the order of [`Row`].
pub fn dump(path: &Path, rows: &[Row]) -> anyhow::Result<()> {
    let mut out = format!("{HEADER}\n");
    for ([best, margin, entries], right, oos) in rows {
        out += &format!("{best}\t{margin}\t{entries}\t{right}\t{}\n", u8::from(*oos));
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// Reads files written by [`dump`].
pub fn load(paths: &[PathBuf]) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for (n, line) in text.lines().enumerate().skip(1) {
            let fields: Vec<f64> = line
                .split('\t')
                .map(str::parse)
                .collect::<Result<_, _>>()
                .with_context(|| format!("{}:{}: not a number", path.display(), n + 1))?;
            let [best, margin, entries, right, oos] = fields[..] else {
                bail!(
                    "{}:{}: expected 5 columns ({HEADER})",
                    path.display(),
                    n + 1
                );
            };
            rows.push(([best, margin, entries], right, oos > 0.5));
        }
    }
    Ok(rows)
}

pub fn fit(rows: &[Row]) {
    let [scale, margin, bias, d_scale, d_margin, d_bias] = logistic(rows);
    let fitted = Calibration {
        scale: scale as f32,
        margin: margin as f32,
        bias: bias as f32,
        per_log_entries: [d_scale as f32, d_margin as f32, d_bias as f32],
    };
    println!("fitted calibration on {} rows: {fitted:?}", rows.len());
    let in_scope = rows.iter().filter(|r| !r.2).count().max(1) as f64;
    let oos = rows.iter().filter(|r| r.2).count().max(1) as f64;
    for step in 1..20 {
        let threshold = step as f32 * 0.05;
        let answers = |r: &&Row| {
            let [best, margin, entries] = r.0;
            fitted.confidence(best as f32, margin as f32, entries as usize) >= threshold
        };
        let correct = rows
            .iter()
            .filter(|r| !r.2 && r.1 > 0.5)
            .filter(answers)
            .count() as f64;
        let declined_oos = rows.iter().filter(|r| r.2).filter(|r| !answers(r)).count() as f64;
        println!(
            "threshold {threshold:.2}: in-scope accuracy {:.4}, oos recall {:.4}",
            correct / in_scope,
            declined_oos / oos
        );
    }
}

/// The regressors of one row: score, margin, 1, and each times ln(entries).
fn regressors(x: &[f64; 3]) -> [f64; 6] {
    let log_n = x[2].max(1.0).ln();
    [x[0], x[1], 1.0, x[0] * log_n, x[1] * log_n, log_n]
}

/// Newton's method (iteratively reweighted least squares) on the weighted log-loss; six
/// parameters, some thousand rows, converges in a few steps where gradient descent would
/// crawl along the strongly correlated size terms.
/// Out-of-scope rows weigh max(1, a third of the in-scope weight in total), counted per FAQ
/// size: tuning sets hold few of them (CLINC150 val: 100 against 3,000, so ×10), while on a
/// real site questions the FAQ does not cover are common, and a confident wrong answer costs
/// at least as much as a suggestion list. Per size, so that the many out-of-scope rows of
/// small carved FAQs do not dilute CLINC150's hundred (pooled, they made a 150-entry FAQ
/// answer far too readily: val OOS recall 43 %).
fn logistic(rows: &[Row]) -> [f64; 6] {
    let mut sizes: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    for (x, _, is_oos) in rows {
        let (in_scope, oos) = sizes.entry(x[2] as u64).or_default();
        *if *is_oos { oos } else { in_scope } += 1.0;
    }
    let oos_weight = |entries: f64| {
        sizes.get(&(entries as u64)).map_or(1.0, |(in_scope, oos)| {
            (in_scope / oos.max(1.0) / 3.0).max(1.0)
        })
    };
    let mut w = [0.0f64; 6];
    for _ in 0..40 {
        let mut grad = [0.0f64; 6];
        // A small ridge keeps the system solvable when all rows share one FAQ size.
        let mut hessian = [[0.0f64; 6]; 6];
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] = 1e-3;
        }
        for (x, y, is_oos) in rows {
            let s = if *is_oos { oos_weight(x[2]) } else { 1.0 };
            let x = regressors(x);
            let z: f64 = w.iter().zip(x).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            for i in 0..6 {
                grad[i] += s * (p - y) * x[i];
                for j in 0..6 {
                    hessian[i][j] += s * p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        let step = solve(hessian, grad);
        for (wi, d) in w.iter_mut().zip(step) {
            *wi -= d;
        }
    }
    w
}

/// Gaussian elimination with partial pivoting of a small dense system.
fn solve(mut a: [[f64; 6]; 6], mut b: [f64; 6]) -> [f64; 6] {
    for col in 0..6 {
        let pivot = (col..6)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in 0..6 {
            if row != col && a[col][col] != 0.0 {
                let f = a[row][col] / a[col][col];
                let pivot_row = a[col];
                for (x, p) in a[row].iter_mut().zip(pivot_row) {
                    *x -= f * p;
                }
                b[row] -= f * b[col];
            }
        }
    }
    std::array::from_fn(|i| if a[i][i] == 0.0 { 0.0 } else { b[i] / a[i][i] })
}

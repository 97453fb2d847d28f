//! The three loops the encoder, the semantic index and the learned prototypes spend their
//! time in: a dot product, a row of int8 weights widened to floats, and `out += w · v`.
//!
//! Natively the compiler vectorises the portable versions on its own. The widget's worker is
//! built for size (opt-level z, fat LTO), and LLVM's full-LTO pipeline at that level runs no
//! loop vectoriser, so in the browser the same loops ran one float at a time: the encoder took
//! 23 ms for a four-piece question and 60 ms for a typical one in Chromium. On wasm32 these
//! loops are therefore written with WebAssembly SIMD intrinsics, which no optimisation level
//! undoes (5 and 11 ms; docs/quality-faq.md, "The encoder in the browser"). Every lane does the
//! portable loop's IEEE operations in the portable loop's order, so the browser's results are
//! bit-identical to the native ones (a wasm-bindgen-test in crates/ml-worker compares them).
//! Browsers without WebAssembly SIMD (Safari before 16.4) cannot compile the worker;
//! `www/tandem-worker.js` checks first, and the chat answers with its lexical matcher, as
//! whenever the worker cannot start.

/// `out[t] = dot(row, tokens[t])`, each bit for bit as `dot` gives it: one weight row against
/// every token (the encoder's linear layers).
#[cfg(not(target_arch = "wasm32"))]
pub fn dots(row: &[f32], tokens: &[&[f32]], out: &mut [f32]) {
    // Natively one token at a time is fastest: the row stays in L1 either way, and four-token
    // passes written portably did not vectorise (5.6 / 17.3 ms a text instead of 3.2 / 8.2).
    for (o, x) in out.iter_mut().zip(tokens) {
        *o = portable::dot(row, x);
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use portable::{add_scaled, dot, widen};
#[cfg(target_arch = "wasm32")]
pub use simd::{add_scaled, dot, dots, widen};

/// The reference loops (natively the only ones; on wasm32 the tests compare against them).
pub mod portable {
    /// Dot product of two vectors of the same length (cosine for unit vectors).
    ///
    /// Eight running sums instead of one: a single float accumulator is a chain of dependent
    /// adds the compiler may not reorder, so it cannot use SIMD; eight independent lanes can.
    /// This is most of the semantic channel's time (one dot per phrasing per question) and of
    /// the encoder's (one per weight row per piece).
    pub fn dot(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        let (a, b) = (&a[..n], &b[..n]);
        let mut lanes = [0f32; 8];
        let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
        let tail: f32 = a_chunks
            .remainder()
            .iter()
            .zip(b_chunks.remainder())
            .map(|(x, y)| x * y)
            .sum();
        for (x, y) in a_chunks.zip(b_chunks) {
            for i in 0..8 {
                lanes[i] += x[i] * y[i];
            }
        }
        lanes.iter().sum::<f32>() + tail
    }

    /// `out[i] = scale · values[i]`: one int8 weight row as floats.
    pub fn widen(scale: f32, values: &[i8], out: &mut [f32]) {
        out.iter_mut()
            .zip(values)
            .for_each(|(o, &q)| *o = scale * f32::from(q));
    }

    /// `out[i] += w · v[i]` (attention's weighted sum of values, the prototypes' gradient).
    pub fn add_scaled(out: &mut [f32], w: f32, v: &[f32]) {
        out.iter_mut().zip(v).for_each(|(o, &x)| *o += w * x);
    }
}

/// WebAssembly SIMD versions of the same loops. Vectors move in and out of memory as plain
/// `[f32; 4]` / `[i8; 16]` arrays reinterpreted by `bytemuck` (one 128-bit load or store,
/// without `unsafe`); building them lane by lane with `f32x4(a, b, c, d)` compiled to four
/// loads each and left the encoder twice as slow. The helpers are inlined by force because at
/// opt-level z a call returning a `v128` goes through memory.
#[cfg(target_arch = "wasm32")]
mod simd {
    use core::arch::wasm32::{
        f32x4_add, f32x4_convert_i32x4, f32x4_mul, f32x4_splat, i16x8_extend_high_i8x16,
        i16x8_extend_low_i8x16, i32x4_extend_high_i16x8, i32x4_extend_low_i16x8, v128,
    };

    #[inline(always)]
    fn load(four: &[f32; 4]) -> v128 {
        bytemuck::cast(*four)
    }

    #[inline(always)]
    fn lanes(v: v128) -> [f32; 4] {
        bytemuck::cast(v)
    }

    #[target_feature(enable = "simd128")]
    pub fn dot(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        let (a4, _) = a[..n].as_chunks::<4>();
        let (b4, _) = b[..n].as_chunks::<4>();
        // Lanes 0–3 and 4–7 of the portable loop's eight, in its order: chunk 2k feeds the low
        // half, chunk 2k + 1 the high half; an odd last chunk belongs to its tail.
        let (mut low, mut high) = (f32x4_splat(0.0), f32x4_splat(0.0));
        let pairs = a4.len() / 2;
        for k in 0..pairs {
            low = f32x4_add(low, f32x4_mul(load(&a4[2 * k]), load(&b4[2 * k])));
            high = f32x4_add(high, f32x4_mul(load(&a4[2 * k + 1]), load(&b4[2 * k + 1])));
        }
        let (l, h) = (lanes(low), lanes(high));
        l[0] + l[1] + l[2] + l[3] + h[0] + h[1] + h[2] + h[3] + tail(a, b, n, pairs)
    }

    /// Four tokens per pass over the row, so each of its vectors is loaded once for four.
    #[target_feature(enable = "simd128")]
    pub fn dots(row: &[f32], tokens: &[&[f32]], out: &mut [f32]) {
        let (quads, rest) = tokens.as_chunks::<4>();
        let (out_quads, out_rest) = out.as_chunks_mut::<4>();
        for (quad, o) in quads.iter().zip(out_quads.iter_mut()) {
            *o = dot4(row, *quad);
        }
        for (x, o) in rest.iter().zip(out_rest) {
            *o = dot(row, x);
        }
    }

    #[target_feature(enable = "simd128")]
    fn dot4(row: &[f32], x: [&[f32]; 4]) -> [f32; 4] {
        let n = x.iter().fold(row.len(), |n, x| n.min(x.len()));
        let (r, _) = row[..n].as_chunks::<4>();
        let (x0, _) = x[0][..n].as_chunks::<4>();
        let (x1, _) = x[1][..n].as_chunks::<4>();
        let (x2, _) = x[2][..n].as_chunks::<4>();
        let (x3, _) = x[3][..n].as_chunks::<4>();
        // Eight accumulators in named locals: in an array, opt-level z keeps them in memory.
        let zero = f32x4_splat(0.0);
        let (mut low0, mut low1, mut low2, mut low3) = (zero, zero, zero, zero);
        let (mut high0, mut high1, mut high2, mut high3) = (zero, zero, zero, zero);
        let pairs = r.len() / 2;
        for k in 0..pairs {
            let (a, b) = (load(&r[2 * k]), load(&r[2 * k + 1]));
            low0 = f32x4_add(low0, f32x4_mul(a, load(&x0[2 * k])));
            high0 = f32x4_add(high0, f32x4_mul(b, load(&x0[2 * k + 1])));
            low1 = f32x4_add(low1, f32x4_mul(a, load(&x1[2 * k])));
            high1 = f32x4_add(high1, f32x4_mul(b, load(&x1[2 * k + 1])));
            low2 = f32x4_add(low2, f32x4_mul(a, load(&x2[2 * k])));
            high2 = f32x4_add(high2, f32x4_mul(b, load(&x2[2 * k + 1])));
            low3 = f32x4_add(low3, f32x4_mul(a, load(&x3[2 * k])));
            high3 = f32x4_add(high3, f32x4_mul(b, load(&x3[2 * k + 1])));
        }
        let sum = |low: v128, high: v128, x: &[f32]| {
            let (l, h) = (lanes(low), lanes(high));
            l[0] + l[1] + l[2] + l[3] + h[0] + h[1] + h[2] + h[3] + tail(row, x, n, pairs)
        };
        [
            sum(low0, high0, x[0]),
            sum(low1, high1, x[1]),
            sum(low2, high2, x[2]),
            sum(low3, high3, x[3]),
        ]
    }

    /// The portable loop's remainder: whatever follows the last whole chunk of eight.
    #[inline(always)]
    fn tail(a: &[f32], b: &[f32], n: usize, pairs: usize) -> f32 {
        a[8 * pairs..n]
            .iter()
            .zip(&b[8 * pairs..n])
            .map(|(x, y)| x * y)
            .sum()
    }

    #[target_feature(enable = "simd128")]
    pub fn widen(scale: f32, values: &[i8], out: &mut [f32]) {
        let n = values.len().min(out.len());
        let (values, values_tail) = values[..n].as_chunks::<16>();
        let (out, out_tail) = out[..n].as_chunks_mut::<16>();
        let factor = f32x4_splat(scale);
        for (q, o) in values.iter().zip(out.iter_mut()) {
            let bytes: v128 = bytemuck::cast(*q);
            let (low, high) = (
                i16x8_extend_low_i8x16(bytes),
                i16x8_extend_high_i8x16(bytes),
            );
            let float = |quarter| lanes(f32x4_mul(factor, f32x4_convert_i32x4(quarter)));
            let floats = [
                float(i32x4_extend_low_i16x8(low)),
                float(i32x4_extend_high_i16x8(low)),
                float(i32x4_extend_low_i16x8(high)),
                float(i32x4_extend_high_i16x8(high)),
            ];
            *o = bytemuck::cast(floats);
        }
        super::portable::widen(scale, values_tail, out_tail);
    }

    #[target_feature(enable = "simd128")]
    pub fn add_scaled(out: &mut [f32], w: f32, v: &[f32]) {
        let n = out.len().min(v.len());
        let (out, out_tail) = out[..n].as_chunks_mut::<4>();
        let (v, v_tail) = v[..n].as_chunks::<4>();
        let factor = f32x4_splat(w);
        for (o, x) in out.iter_mut().zip(v) {
            *o = lanes(f32x4_add(load(o), f32x4_mul(factor, load(x))));
        }
        super::portable::add_scaled(out_tail, w, v_tail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(n: usize, salt: u32) -> Vec<f32> {
        (0..n as u32)
            .map(|i| {
                (i.wrapping_mul(2_654_435_761).wrapping_add(salt) % 2001) as f32 / 1000.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn dot_sums_the_products_whatever_the_length() {
        for n in [0, 1, 7, 8, 9, 17, 384] {
            let (a, b) = (values(n, 1), values(n, 2));
            let exact: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(x * y)).sum();
            assert!((f64::from(dot(&a, &b)) - exact).abs() < 1e-4, "n = {n}");
        }
    }

    #[test]
    fn dot_of_vectors_of_different_lengths_reads_the_shorter_length() {
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0]), 14.0);
    }

    #[test]
    fn dots_gives_each_token_the_same_bits_as_dot() {
        for n in [0, 5, 8, 13, 384, 1536] {
            let row = values(n, 3);
            let tokens: Vec<Vec<f32>> = (0..9).map(|t| values(n, 10 + t)).collect();
            let tokens: Vec<&[f32]> = tokens.iter().map(Vec::as_slice).collect();
            let mut out = vec![f32::NAN; tokens.len()];
            dots(&row, &tokens, &mut out);
            for (o, x) in out.iter().zip(&tokens) {
                assert_eq!(o.to_bits(), dot(&row, x).to_bits(), "length {n}");
            }
        }
    }

    #[test]
    fn widen_scales_each_int8_weight_and_add_scaled_accumulates() {
        let mut row = [0.0; 3];
        widen(0.5, &[-128, 0, 127], &mut row);
        assert_eq!(row, [-64.0, 0.0, 63.5]);
        add_scaled(&mut row, 2.0, &[1.0, 1.0, 1.0]);
        assert_eq!(row, [-62.0, 2.0, 65.5]);
    }
}

//! The tag set, the weight tables, Viterbi and forward–backward decoding, and the model file.
//!
//! Tags are BIO over the model's entity types: tag 0 is `O`, tag `1 + 2t` is `B-t`, tag
//! `2 + 2t` is `I-t`. `I-t` may only follow `B-t` or `I-t`; decoding enforces it.

use crate::features::{
    bucket, conjunction_raw, context_raw, own_raw, Context, WordInfo, CONJUNCTIONS, CONTEXT, N_FEATURES, OWN,
};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// A very low score for forbidden transitions (finite, so sums never become NaN).
pub(crate) const FORBIDDEN: f32 = -1.0e9;

/// Tag helpers.
#[inline]
pub fn n_tags(n_types: usize) -> usize {
    1 + 2 * n_types
}
#[inline]
pub fn tag_b(ty: usize) -> u8 {
    (1 + 2 * ty) as u8
}
#[inline]
pub fn tag_i(ty: usize) -> u8 {
    (2 + 2 * ty) as u8
}
/// The entity type of a tag, `None` for `O`.
#[inline]
pub fn tag_type(tag: u8) -> Option<usize> {
    if tag == 0 {
        None
    } else {
        Some((tag as usize - 1) / 2)
    }
}
#[inline]
pub fn is_inside(tag: u8) -> bool {
    tag != 0 && tag % 2 == 0
}

/// Whether `cur` may follow `prev` (`None` = sentence start).
pub fn allowed(prev: Option<u8>, cur: u8) -> bool {
    if !is_inside(cur) {
        return true;
    }
    match prev {
        None => false,
        Some(p) => p != 0 && tag_type(p) == tag_type(cur),
    }
}

/// Something that scores the tags of one token from its feature buckets.
pub(crate) trait Emitter {
    /// Add the score of every tag to `out` (length `n_tags`).
    fn emit(&self, features: &[u32; N_FEATURES], out: &mut [f32]);
}

/// Transition scores: `trans[(prev + 1) * T + cur]`, row 0 is the sentence start.
/// Forbidden transitions are baked in as [`FORBIDDEN`].
#[derive(Clone, Debug)]
pub(crate) struct Transitions {
    pub t: usize,
    pub scores: Vec<f32>,
}

impl Transitions {
    pub fn zeros(t: usize) -> Transitions {
        Transitions { t, scores: vec![0.0; (t + 1) * t] }
    }
    #[inline]
    pub fn get(&self, prev: Option<u8>, cur: u8) -> f32 {
        let row = prev.map_or(0, |p| p as usize + 1);
        self.scores[row * self.t + cur as usize]
    }
    /// With forbidden transitions set to [`FORBIDDEN`].
    pub fn constrained(&self) -> Transitions {
        let mut out = self.clone();
        for row in 0..=self.t {
            let prev = if row == 0 { None } else { Some((row - 1) as u8) };
            for cur in 0..self.t {
                if !allowed(prev, cur as u8) {
                    out.scores[row * self.t + cur] = FORBIDDEN;
                }
            }
        }
        out
    }
}

/// Best tag sequence under `emit` (n × T) and constrained transitions; `mask`, if given, lists
/// the tags allowed at each position as bits.
///
/// The forward pass keeps only the best score per tag (loops over the previous tag outside and
/// the current tag inside, so the inner loop is a vectorizable add-and-max over a transition
/// row); the back-pointers are recomputed for the one chosen path during the traceback, which
/// gives the same path (first best previous tag on ties) at a fraction of the work. Without a
/// mask and with BIO transitions, the forward steps take their maxima over only the previous
/// tags that can reach them (see [`Pruning`]): the same scores, a fraction of the sums.
pub(crate) fn viterbi(emit: &[f32], t: usize, trans: &Transitions, mask: Option<&[u32]>, out: &mut Vec<u8>) {
    debug_assert_eq!(t, trans.t);
    Decoder::new(trans).decode(emit, trans, mask, out, &mut Vec::new())
}

/// The transition matrix laid out for [`viterbi`]: rows and columns padded to as few lanes as
/// the tags need (the bundled model has 21 tags: 24 lanes, three AVX2 vectors). Built once per
/// model ([`Model`] keeps one): per sentence it cost as much as decoding a short sentence.
#[derive(Clone, Debug)]
pub(crate) enum Decoder {
    Narrow(Box<Padded<24>>),
    Wide(Box<Padded<LANES>>),
}

/// `rows[prev][cur]` (padding lanes can never win the forward maximum) and `cols[cur][prev]`
/// (padding is -inf, never the traceback's best).
#[derive(Clone, Debug)]
pub(crate) struct Padded<const VL: usize> {
    rows: [[f32; VL]; VL],
    cols: [[f32; VL]; VL],
    /// For [`forward_step_pruned_avx2`], if the transitions have the BIO form it relies on.
    pruning: Option<Pruning<VL>>,
}

/// What the pruned forward step needs to know of the transitions.
///
/// The step's maximum over the previous tags is exact over fewer of them:
/// - an `O` or `B-` tag may follow every tag. Let R be the largest spread (maximum minus
///   minimum) of a transition column of such a tag. A previous tag whose score is more than R
///   below the best previous score `m` can never give a column its maximum: its sum is below
///   `m` plus the best tag's transition (rounding is monotone, so the float sums keep that
///   order). So only the previous tags within R of `m` (mostly one) are summed;
/// - an `I-t` tag may follow only `B-t` and `I-t`, the others' transitions are [`FORBIDDEN`]:
///   its maximum is that of those two sums whenever it is at least `m + FORBIDDEN` (the
///   largest a forbidden sum can be), which the step checks, and otherwise it does the full
///   step. Likewise when `m` is so large (or not a number) that the margins below fail.
#[derive(Clone, Debug)]
pub(crate) struct Pruning<const VL: usize> {
    /// Per lane: all bits set where the tag is an `I-` tag, else 0.
    inside: [i32; VL],
    /// At each `I-t` lane k: `trans[k - 1][k]` (from `B-t`) and `trans[k][k]` (from `I-t`).
    from_begin: [f32; VL],
    from_self: [f32; VL],
    /// R + 1: previous tags whose score is at most `m - reach` (as a float) are left out.
    reach: f32,
}

impl<const VL: usize> Pruning<VL> {
    /// `None` unless `rows` (the first `t` lanes of the first `t` rows) are BIO transitions:
    /// every `I-t` column allows exactly `B-t` and `I-t` and has [`FORBIDDEN`] elsewhere, and
    /// the `O` and `B-` columns are finite with a spread below 10^6.
    fn new(rows: &[[f32; VL]; VL], t: usize) -> Option<Pruning<VL>> {
        let mut p = Pruning { inside: [0; VL], from_begin: [0.0; VL], from_self: [0.0; VL], reach: 0.0 };
        let mut spread = 0f32;
        for k in 0..t {
            if is_inside(k as u8) {
                for (q, row) in rows[..t].iter().enumerate() {
                    let allowed = q + 1 == k || q == k;
                    if allowed != (row[k] != FORBIDDEN) || !row[k].is_finite() {
                        return None;
                    }
                }
                p.inside[k] = -1;
                p.from_begin[k] = rows[k - 1][k];
                p.from_self[k] = rows[k][k];
            } else {
                let column = rows[..t].iter().map(|row| row[k]);
                let (lo, hi) =
                    column.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
                if !(lo.is_finite() && hi.is_finite() && hi - lo < 1.0e6) {
                    return None;
                }
                spread = spread.max(hi - lo);
            }
        }
        p.reach = spread + 1.0;
        Some(p)
    }
}

impl<const VL: usize> Padded<VL> {
    fn new(trans: &Transitions) -> Box<Padded<VL>> {
        let t = trans.t;
        assert!(t <= VL, "at most {VL} tags");
        let mut p = Box::new(Padded {
            rows: [[4.0 * FORBIDDEN; VL]; VL],
            cols: [[f32::NEG_INFINITY; VL]; VL],
            pruning: None,
        });
        for (row, scores) in p.rows.iter_mut().zip(trans.scores[t..].chunks_exact(t)) {
            row[..t].copy_from_slice(scores);
        }
        for prev in 0..t {
            for cur in 0..t {
                p.cols[cur][prev] = p.rows[prev][cur];
            }
        }
        p.pruning = Pruning::new(&p.rows, t);
        p
    }
}

impl Decoder {
    pub fn new(trans: &Transitions) -> Decoder {
        if trans.t <= 24 {
            Decoder::Narrow(Padded::new(trans))
        } else {
            Decoder::Wide(Padded::new(trans))
        }
    }

    /// [`viterbi`] with `trans`, the transitions this decoder was built from; `scores` is a
    /// buffer for the forward pass, reused across sentences.
    pub fn decode(
        &self,
        emit: &[f32],
        trans: &Transitions,
        mask: Option<&[u32]>,
        out: &mut Vec<u8>,
        scores: &mut Vec<f32>,
    ) {
        // AVX2 where the CPU has it. The same float operations in the same order per lane
        // whatever the width, so the same path.
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is present (checked just above).
            unsafe { self.decode_avx2(emit, trans, mask, out, scores) };
            return;
        }
        self.decode_body(emit, trans, mask, out, scores)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn decode_avx2(
        &self,
        emit: &[f32],
        trans: &Transitions,
        mask: Option<&[u32]>,
        out: &mut Vec<u8>,
        scores: &mut Vec<f32>,
    ) {
        self.decode_body(emit, trans, mask, out, scores)
    }

    #[inline(always)]
    fn decode_body(
        &self,
        emit: &[f32],
        trans: &Transitions,
        mask: Option<&[u32]>,
        out: &mut Vec<u8>,
        scores: &mut Vec<f32>,
    ) {
        match self {
            Decoder::Narrow(p) => viterbi_lanes(emit, trans, p, mask, out, scores),
            Decoder::Wide(p) => viterbi_lanes(emit, trans, p, mask, out, scores),
        }
    }
}

#[inline(always)]
fn viterbi_lanes<const VL: usize>(
    emit: &[f32],
    trans: &Transitions,
    padded: &Padded<VL>,
    mask: Option<&[u32]>,
    out: &mut Vec<u8>,
    scores: &mut Vec<f32>,
) {
    let (rows, cols) = (&padded.rows, &padded.cols);
    // Pruned steps only without a mask (inference), where the scores have their BIO form.
    let pruning = padded.pruning.as_ref().filter(|_| mask.is_none());
    let t = trans.t;
    let n = emit.len() / t;
    out.clear();
    if n == 0 {
        return;
    }
    assert!(t <= VL, "at most {VL} tags");
    let masked = |i: usize, tag: usize| mask.is_some_and(|m| m[i] & (1 << tag) == 0);
    scores.clear();
    scores.resize(n * VL, 4.0 * FORBIDDEN);
    // SAFETY: `scores` holds n VL floats; an array of VL floats has their alignment and no
    // padding (`as_chunks_mut` does this, but is newer than the crate's minimum Rust).
    let score: &mut [[f32; VL]] = unsafe { std::slice::from_raw_parts_mut(scores.as_mut_ptr().cast(), n) };
    for cur in 0..t {
        score[0][cur] = if masked(0, cur) { FORBIDDEN } else { emit[cur] + trans.scores[cur] };
    }
    // The pruned steps first; if any of them found its margins broken, all again in full.
    // They also find the traceback's step from `O` at each position, in `out[n..]`.
    out.clear();
    out.resize(2 * n, 0);
    let pruned = pruning.is_some_and(|p| forward_pruned(score, rows, &cols[0], emit, t, p, &mut out[n..]));
    for i in (1..n).filter(|_| !pruned) {
        let mut best = forward_step(&score[i - 1], rows, &emit[i * t..(i + 1) * t]);
        if mask.is_some() {
            for (cur, b) in best[..t].iter_mut().enumerate() {
                if masked(i, cur) {
                    *b = 2.0 * FORBIDDEN;
                }
            }
        }
        score[i] = best;
    }
    let last = &score[n - 1][..t];
    let mut tag = 0u8;
    for (c, s) in last.iter().enumerate() {
        if *s > last[tag as usize] {
            tag = c as u8;
        }
    }
    // The traceback's scores of every previous tag are one vector sum with a transition
    // column, their best a vector maximum, the tag its first lane.
    out[n - 1] = tag;
    for i in (1..n).rev() {
        if pruned && tag == 0 {
            tag = out[n + i];
        } else if let Some(p) = best_previous(&score[i - 1], &cols[tag as usize], t) {
            tag = p;
        }
        out[i - 1] = tag;
    }
    out.truncate(n);
}

/// One forward step: `best[k]` = the maximum over the previous tags `p < t` of
/// `prev[p] + rows[p][k]` (a float maximum is exact, so any order of comparison gives the
/// same value), plus `emit[k]` for the `t = emit.len()` tags.
#[inline(always)]
fn forward_step<const VL: usize>(prev: &[f32; VL], rows: &[[f32; VL]; VL], emit: &[f32]) -> [f32; VL] {
    let t = emit.len();
    assert!(t <= VL);
    #[cfg(target_arch = "x86_64")]
    if VL % 8 == 0 && VL <= 32 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present (checked just above).
        return unsafe { forward_step_avx2(prev, rows, emit) };
    }
    let mut best = [f32::NEG_INFINITY; VL];
    for (ps, row) in prev[..t].iter().zip(rows) {
        for k in 0..VL {
            let s = ps + row[k];
            best[k] = if s > best[k] { s } else { best[k] };
        }
    }
    for (b, e) in best.iter_mut().zip(emit) {
        *b += e;
    }
    best
}

/// [`forward_step`] in AVX2 registers: two independent chains of maxima (even and odd previous
/// tags) merged at the end, half the latency of one chain, and the emissions added in the
/// registers (a masked load for the last, partial vector; padding lanes get 0). Written with
/// intrinsics because the compiler turned the plain loop into masked stores to the stack and
/// narrow stores that the next load could not forward from.
/// `_mm256_max_ps(s, best)` is `s > best ? s : best`, the plain loop's comparison.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn forward_step_avx2<const VL: usize>(
    prev: &[f32; VL],
    rows: &[[f32; VL]; VL],
    emit: &[f32],
) -> [f32; VL] {
    use std::arch::x86_64::*;
    let nv = VL / 8;
    let t = emit.len();
    let mut even = [_mm256_set1_ps(f32::NEG_INFINITY); 4];
    let mut odd = even;
    let mut p = 0;
    while p + 1 < t {
        let (a, b) = (_mm256_set1_ps(prev[p]), _mm256_set1_ps(prev[p + 1]));
        let (ra, rb) = (rows[p].as_ptr(), rows[p + 1].as_ptr());
        for v in 0..nv {
            // SAFETY: v < VL / 8, so the 8 lanes at 8 v are inside the row.
            let (x, y) = unsafe { (_mm256_loadu_ps(ra.add(8 * v)), _mm256_loadu_ps(rb.add(8 * v))) };
            even[v] = _mm256_max_ps(_mm256_add_ps(a, x), even[v]);
            odd[v] = _mm256_max_ps(_mm256_add_ps(b, y), odd[v]);
        }
        p += 2;
    }
    if p < t {
        let a = _mm256_set1_ps(prev[p]);
        let ra = rows[p].as_ptr();
        for (v, e) in even.iter_mut().enumerate().take(nv) {
            // SAFETY: as above.
            let x = unsafe { _mm256_loadu_ps(ra.add(8 * v)) };
            *e = _mm256_max_ps(_mm256_add_ps(a, x), *e);
        }
    }
    let mut best = [0f32; VL];
    for v in 0..nv {
        let m = _mm256_max_ps(odd[v], even[v]);
        // Lanes of this vector that are tags (the rest of `emit` is not ours to read).
        let here = t.saturating_sub(8 * v).min(8) as i32;
        let e = if here == 8 {
            // SAFETY: 8 v + 8 <= t = emit.len().
            unsafe { _mm256_loadu_ps(emit.as_ptr().add(8 * v)) }
        } else {
            let lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            let mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(here), lanes);
            // SAFETY: only the lanes below `here` are read, all inside `emit`; a fully
            // masked-off load reads nothing. `wrapping_add` as the pointer may point past
            // the end when here == 0.
            unsafe { _mm256_maskload_ps(emit.as_ptr().wrapping_add(8 * v), mask) }
        };
        // SAFETY: as above; `best` has VL lanes.
        unsafe { _mm256_storeu_ps(best.as_mut_ptr().add(8 * v), _mm256_add_ps(m, e)) };
    }
    best
}

/// The forward pass of [`viterbi_lanes`] from `score[0]` on, over fewer previous tags per step,
/// with the same scores as [`forward_step`] at every step (see [`Pruning`]) if it returns
/// true; false where the pruning's margins did not hold (or without AVX2): then the scores
/// must be computed again in full. Also `from_o[i]`: the traceback's step from tag `O` at
/// `i` (`col_o` is `O`'s transition column).
#[inline(always)]
fn forward_pruned<const VL: usize>(
    score: &mut [[f32; VL]],
    rows: &[[f32; VL]; VL],
    col_o: &[f32; VL],
    emit: &[f32],
    t: usize,
    pruning: &Pruning<VL>,
    from_o: &mut [u8],
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if VL % 8 == 0 && VL <= 32 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present (checked just above).
        return unsafe { forward_pruned_avx2(score, rows, col_o, emit, t, pruning, from_o) };
    }
    let _ = (score, rows, col_o, emit, t, pruning, from_o);
    false
}

/// [`forward_pruned`] in AVX2 registers, the scores kept in them from one step to the next
/// (the steps are a chain, each waiting for the one before, so their latency is the cost).
///
/// Per step, the `O` and `B-` lanes are the maximum of `prev[p] + rows[p]` over the previous
/// tags `p` with `prev[p] > prev[0] - reach` only (tag 0, `O`, is usually the best, often by
/// far: any tag would do, and this one costs no search); the `I-t` lanes that of
/// `prev[k - 1] + rows[k - 1][k]` and `prev[k] + rows[k][k]`, checked to be at least
/// `m + FORBIDDEN` with `m` the best previous score. Each sum is a float sum [`forward_step`]
/// takes its maximum over, so the maxima are the same values, and so are the emissions added.
///
/// The margin: for |prev[0]| < 2^20 and reach ≤ 10^6 + 1, `prev[0] - reach` is within 1/8 of
/// its exact value, so a left-out tag has `prev[p] < prev[0] - R` (R = reach - 1) exactly,
/// as [`Pruning`] needs with `O` as the kept tag that beats it; `O` itself is never left out.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn forward_pruned_avx2<const VL: usize>(
    score: &mut [[f32; VL]],
    rows: &[[f32; VL]; VL],
    col_o: &[f32; VL],
    emit: &[f32],
    t: usize,
    pruning: &Pruning<VL>,
    from_o: &mut [u8],
) -> bool {
    use std::arch::x86_64::*;
    let nv = VL / 8;
    assert!(nv <= 4 && t <= VL && emit.len() >= score.len() * t && from_o.len() >= score.len());
    let lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    let neg_inf = _mm256_set1_ps(f32::NEG_INFINITY);
    let rotate = _mm256_setr_epi32(7, 0, 1, 2, 3, 4, 5, 6);
    let zero = _mm256_setzero_ps();
    // Per vector: which lanes are tags, which are I- tags, the I- lanes' transitions.
    let mut tags = [zero; 4];
    let mut inside = [zero; 4];
    let mut from_begin = [zero; 4];
    let mut from_self = [zero; 4];
    for v in 0..nv {
        tags[v] = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(t as i32 - 8 * v as i32), lanes));
        // SAFETY: v < VL / 8: the 8 lanes at 8 v are inside the arrays.
        unsafe {
            inside[v] =
                _mm256_castsi256_ps(_mm256_loadu_si256(pruning.inside.as_ptr().add(8 * v) as *const __m256i));
            from_begin[v] = _mm256_loadu_ps(pruning.from_begin.as_ptr().add(8 * v));
            from_self[v] = _mm256_loadu_ps(pruning.from_self.as_ptr().add(8 * v));
        }
    }
    let reach = pruning.reach;
    let mut pv = [neg_inf; 4];
    for (v, x) in pv.iter_mut().enumerate().take(nv) {
        // SAFETY: as above.
        *x = unsafe { _mm256_loadu_ps(score[0].as_ptr().add(8 * v)) };
    }
    let mut ok = true;
    for i in 1..score.len() {
        // The traceback's step from `O` at i (as `viterbi_lanes` takes it: `O` where none is
        // best): off the chain of steps, so it costs little here, where the traceback would
        // wait for it.
        from_o[i] = best_previous_avx2(&score[i - 1], col_o, t).unwrap_or(0);
        let o = _mm256_cvtss_f32(pv[0]);
        ok &= o.abs() < 1_048_576.0;
        let threshold = _mm256_set1_ps(o - reach);
        let mut mv = neg_inf;
        let mut kept = 0u32;
        for v in 0..nv {
            let valid = _mm256_blendv_ps(neg_inf, pv[v], tags[v]);
            mv = _mm256_max_ps(valid, mv);
            kept |= (_mm256_movemask_ps(_mm256_cmp_ps::<_CMP_GT_OQ>(valid, threshold)) as u32) << (8 * v);
        }
        // The O and B- lanes: the maximum over the kept previous tags (any order: a float
        // maximum is exact); O alone most of the time.
        let mut acc = [neg_inf; 4];
        if kept == 1 {
            let a = _mm256_set1_ps(o);
            for (v, acc) in acc.iter_mut().enumerate().take(nv) {
                // SAFETY: v < VL / 8: inside the row.
                *acc = _mm256_add_ps(a, unsafe { _mm256_loadu_ps(rows[0].as_ptr().add(8 * v)) });
            }
        } else {
            let prev = &score[i - 1];
            while kept != 0 {
                let p = kept.trailing_zeros() as usize;
                kept &= kept - 1;
                let a = _mm256_set1_ps(prev[p]);
                for (v, acc) in acc.iter_mut().enumerate().take(nv) {
                    // SAFETY: as above.
                    let x = unsafe { _mm256_loadu_ps(rows[p].as_ptr().add(8 * v)) };
                    *acc = _mm256_max_ps(_mm256_add_ps(a, x), *acc);
                }
            }
        }
        mv = _mm256_max_ps(_mm256_permute2f128_ps::<1>(mv, mv), mv);
        mv = _mm256_max_ps(_mm256_permute_ps::<0b0100_1110>(mv), mv);
        mv = _mm256_max_ps(_mm256_permute_ps::<0b1011_0001>(mv), mv);
        let floor = _mm256_set1_ps(_mm256_cvtss_f32(mv) + FORBIDDEN);
        // The I- lanes: from the tag just before (the B- of the same type: the previous
        // scores shifted up a lane) or from itself.
        let emit = &emit[i * t..(i + 1) * t];
        let mut carry = neg_inf;
        for v in 0..nv {
            let r = _mm256_permutevar8x32_ps(pv[v], rotate);
            let shifted = _mm256_blend_ps::<1>(r, carry);
            carry = r;
            let i_best =
                _mm256_max_ps(_mm256_add_ps(shifted, from_begin[v]), _mm256_add_ps(pv[v], from_self[v]));
            // Not at least the floor (or not a number): a forbidden sum might be the maximum.
            let low = _mm256_and_ps(_mm256_cmp_ps::<_CMP_NGE_UQ>(i_best, floor), inside[v]);
            ok &= _mm256_movemask_ps(low) == 0;
            let m = _mm256_blendv_ps(acc[v], i_best, inside[v]);
            // Lanes of this vector that are tags (the rest of `emit` is not ours to read).
            let here = t.saturating_sub(8 * v).min(8) as i32;
            let e = if here == 8 {
                // SAFETY: 8 v + 8 <= t = emit.len().
                unsafe { _mm256_loadu_ps(emit.as_ptr().add(8 * v)) }
            } else {
                let mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(here), lanes);
                // SAFETY: only the lanes below `here` are read, all inside `emit` (see
                // `forward_step_avx2`).
                unsafe { _mm256_maskload_ps(emit.as_ptr().wrapping_add(8 * v), mask) }
            };
            pv[v] = _mm256_add_ps(m, e);
            // SAFETY: `score[i]` has VL lanes.
            unsafe { _mm256_storeu_ps(score[i].as_mut_ptr().add(8 * v), pv[v]) };
        }
    }
    ok
}

/// The traceback's step: the first previous tag `p < t` with the best `prev[p] + col[p]`, as a
/// scalar scan keeping the first strictly better one finds it (`None` if every sum is -inf or
/// NaN, where that scan keeps the tag it had).
#[inline(always)]
fn best_previous<const VL: usize>(prev: &[f32; VL], col: &[f32; VL], t: usize) -> Option<u8> {
    #[cfg(target_arch = "x86_64")]
    if VL % 8 == 0 && VL <= 32 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present (checked just above).
        return unsafe { best_previous_avx2(prev, col, t) };
    }
    let mut best = f32::NEG_INFINITY;
    let mut tag = None;
    for (p, (ps, tr)) in prev[..t].iter().zip(col).enumerate() {
        let s = ps + tr;
        if s > best {
            best = s;
            tag = Some(p as u8);
        }
    }
    tag
}

/// [`best_previous`] in AVX2 registers: the sums, their maximum (exact in any order), and the
/// first lane equal to it (equal values compare equal, so it is the scan's first best).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn best_previous_avx2<const VL: usize>(prev: &[f32; VL], col: &[f32; VL], t: usize) -> Option<u8> {
    use std::arch::x86_64::*;
    let nv = VL / 8;
    let mut sums = [_mm256_set1_ps(f32::NEG_INFINITY); 4];
    for (v, s) in sums.iter_mut().enumerate().take(nv) {
        // SAFETY: v < VL / 8: the 8 lanes at 8 v are inside both arrays.
        *s = unsafe {
            _mm256_add_ps(_mm256_loadu_ps(prev.as_ptr().add(8 * v)), _mm256_loadu_ps(col.as_ptr().add(8 * v)))
        };
    }
    // Lanes at or past t are -inf (the padding of `col`), so they never raise the maximum.
    let mut m = sums[0];
    for s in &sums[1..nv] {
        m = _mm256_max_ps(*s, m);
    }
    m = _mm256_max_ps(_mm256_permute2f128_ps::<1>(m, m), m);
    m = _mm256_max_ps(_mm256_permute_ps::<0b0100_1110>(m), m);
    m = _mm256_max_ps(_mm256_permute_ps::<0b1011_0001>(m), m);
    let best = _mm256_cvtss_f32(m);
    if best.is_nan() || best == f32::NEG_INFINITY {
        return None;
    }
    let b = _mm256_set1_ps(best);
    let mut equal = 0u64;
    for (v, s) in sums.iter().enumerate().take(nv) {
        let bits = _mm256_movemask_ps(_mm256_cmp_ps::<_CMP_EQ_OQ>(*s, b)) as u32 as u64;
        equal |= bits << (8 * v);
    }
    equal &= (1u64 << t) - 1;
    (equal != 0).then(|| equal.trailing_zeros() as u8)
}

/// Dense weights over all buckets (training), `w[bucket * T + tag]`.
#[derive(Clone, Debug)]
pub(crate) struct DenseWeights {
    pub bits: u32,
    pub t: usize,
    pub w: Vec<f32>,
}

impl Emitter for DenseWeights {
    #[inline]
    fn emit(&self, features: &[u32; N_FEATURES], out: &mut [f32]) {
        for &f in features {
            let row = &self.w[f as usize * self.t..(f as usize + 1) * self.t];
            for (o, w) in out.iter_mut().zip(row) {
                *o += w;
            }
        }
    }
}

/// Tag lanes of one inference row: T ≤ 32 tags, padded so a row is one 64-byte cache line.
pub(crate) const LANES: usize = 32;

/// One weight row of the inference table: the i16 weight of every tag (zero-padded).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
pub(crate) struct Row([i16; LANES]);

/// Inference weights: only buckets with a non-zero weight have a row, stored as i16 with one
/// scale; each row is exactly one aligned cache line, so a feature costs one line load, and
/// summing a word's rows is a handful of vector adds. The row of a bucket is found with a rank
/// directory (a bit per bucket and a running count per 64 buckets, 256 KiB for 2^20 buckets,
/// which stays in the L2 cache) rather than a 4 MiB table of row numbers, whose loads were cache
/// misses as costly as the rows'. Buckets without a row read the all-zero row 0, so the sum
/// needs no branch.
#[derive(Clone, Debug)]
pub(crate) struct SparseWeights {
    bits: u32,
    t: usize,
    /// While building: per bucket, its row in `rows` or 0. Empty once sealed.
    index: Vec<u32>,
    /// Once sealed: which buckets have a row, 64 buckets a block; the rows are in bucket order.
    ranks: Vec<RankBlock>,
    /// Row 0 is all zeros.
    rows: HugeVec<Row>,
    /// The weight of one i16 step.
    q: f32,
    n_rows: usize,
    /// Which sealed table this is (a copy keeps it: same rows), so that a [`WordCache`] filled
    /// from one model is never read with another's.
    id: u64,
}

/// Source of [`SparseWeights::id`].
static NEXT_WEIGHTS_ID: AtomicU64 = AtomicU64::new(1);

/// 64 buckets of the rank directory: which have a row, and the row of the first of them minus 1.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(16))]
pub(crate) struct RankBlock {
    present: u64,
    base: u32,
}

impl RankBlock {
    /// The row of bucket `64 k + bit` (0 if it has none).
    #[inline(always)]
    fn row(self, bit: u32) -> u32 {
        let below = self.present & ((1u64 << bit) - 1);
        let here = ((self.present >> bit) & 1) as u32;
        (self.base + below.count_ones() + 1) * here
    }
}

impl SparseWeights {
    /// From dense rows: `index[bucket]` is a 1-based row number into `rows` (T floats each) or 0.
    fn new(bits: u32, t: usize, index: &[u32], rows: &[f32]) -> SparseWeights {
        let max = rows.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let q = max / 32767.0;
        let mut out = SparseWeights::empty(bits, t, q);
        for (b, &r) in index.iter().enumerate() {
            if r == 0 {
                continue;
            }
            let row = &rows[(r as usize - 1) * t..r as usize * t];
            let mut quantized = Row::default();
            for (o, w) in quantized.0.iter_mut().zip(row) {
                *o = (w / q).round() as i16;
            }
            out.push(b, quantized);
        }
        out.sealed()
    }

    fn empty(bits: u32, t: usize, q: f32) -> SparseWeights {
        assert!(t <= LANES, "at most {LANES} tags");
        assert!(bits >= 6, "at least 64 buckets");
        SparseWeights {
            bits,
            t,
            index: vec![0; 1 << bits],
            ranks: Vec::new(),
            rows: HugeVec::plain(vec![Row::default()]),
            q,
            n_rows: 0,
            id: 0,
        }
    }

    /// Done pushing: the rows in bucket order (on huge pages, see [`HugeVec`]) with their rank
    /// directory.
    fn sealed(self) -> SparseWeights {
        let mut ranks = vec![RankBlock::default(); self.index.len() / 64];
        let mut n_rows = 0;
        for (block, index) in ranks.iter_mut().zip(self.index.chunks_exact(64)) {
            block.base = n_rows;
            for (bit, &r) in index.iter().enumerate() {
                if r != 0 {
                    block.present |= 1 << bit;
                    n_rows += 1;
                }
            }
        }
        let ordered = self.index.iter().filter(|&&r| r != 0).map(|&r| self.rows[r as usize]);
        let rows =
            HugeVec::huge_from_iter(n_rows as usize + 1, std::iter::once(Row::default()).chain(ordered));
        let id = NEXT_WEIGHTS_ID.fetch_add(1, Ordering::Relaxed);
        SparseWeights { index: Vec::new(), ranks, rows, n_rows: n_rows as usize, id, ..self }
    }

    /// Give bucket `b` the row `row`, unless it is all zeros (building only).
    fn push(&mut self, b: usize, row: Row) {
        if row.0.iter().all(|&v| v == 0) {
            return;
        }
        self.index[b] = self.rows.len() as u32;
        self.rows.push_plain(row);
        self.n_rows += 1;
    }

    /// The row number of bucket `b` (0: none).
    #[inline(always)]
    fn row_of(&self, b: u32) -> u32 {
        self.ranks[(b >> 6) as usize].row(b & 63)
    }

    /// Every bucket with a row, with its row number, in bucket order (sealed only).
    fn nonzero(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.ranks.iter().enumerate().flat_map(|(k, block)| {
            (0..64u32)
                .filter(move |bit| block.present >> bit & 1 != 0)
                .map(move |bit| (k * 64 + bit as usize, block.row(bit)))
        })
    }

    /// Every non-zero row as (bucket, T floats).
    fn rows(&self) -> impl Iterator<Item = (usize, Vec<f32>)> + '_ {
        self.nonzero().map(|(b, r)| {
            let row = self.rows[r as usize].0[..self.t].iter().map(|&v| v as f32 * self.q).collect();
            (b, row)
        })
    }

    /// The quantized row of every non-zero bucket, in bucket order.
    fn quantized_rows(&self) -> impl Iterator<Item = (usize, &[i16])> + '_ {
        self.nonzero().map(|(b, r)| (b, &self.rows[r as usize].0[..self.t]))
    }

    /// The row of template `t`'s raw hash `raw`.
    #[inline(always)]
    fn row_of_raw(&self, t: usize, raw: u64) -> u32 {
        self.row_of(bucket(t, raw, self.bits))
    }

    /// Emission scores of a whole sentence (`n × T`) into `out`.
    ///
    /// A token's score is the sum of the rows of its 29 feature buckets. Most templates depend
    /// on one word at a fixed offset ([`OWN`], [`CONTEXT`]), so those rows are found (and the
    /// own ones summed) once per distinct word and kept in the [`WordCache`]; per token there
    /// remain the own sum, five neighbour rows and the nine [`CONJUNCTIONS`] to hash and look
    /// up. The sums are of integers, so regrouping them gives exactly the plain loop's result
    /// (checked by `cached_emissions_equal_the_plain_sum`).
    ///
    /// The row table is far larger than the caches, so much of the time goes into cache
    /// misses. The loads are issued in passes with no data-dependent work between them, so that
    /// many misses are in flight at once: the words' cache entries (prefetched), the words not
    /// cached (their rank blocks, then their rows, prefetched), every token's conjunction
    /// buckets (rank blocks prefetched), their rows (prefetched), then the sums, a few vector
    /// instructions per row.
    fn emissions(&self, words: &[&str], s: &mut EmitScratch, out: &mut Vec<f32>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: AVX2 and POPCNT are present (checked just above).
            unsafe { self.emissions_avx2(words, s, out) };
            return;
        }
        self.emissions_body(words, s, out)
    }

    /// [`SparseWeights::emissions`] compiled for AVX2 and POPCNT (the rank directory's counts).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    unsafe fn emissions_avx2(&self, words: &[&str], s: &mut EmitScratch, out: &mut Vec<f32>) {
        self.emissions_body(words, s, out)
    }

    #[inline(always)]
    fn emissions_body(&self, words: &[&str], s: &mut EmitScratch, out: &mut Vec<f32>) {
        let (n, t) = (words.len(), self.t);
        let EmitScratch { cache, keys, own, missing_own, near, ctx, missing, feats } = s;
        cache.prepare(self);
        keys.clear();
        keys.extend(words.iter().map(|w| {
            let key = Key::of(w);
            if let Some(k) = &key {
                cache.prefetch(k.hash);
            }
            key
        }));
        own.clear();
        missing_own.clear();
        near.clear();
        ctx.clear();
        missing.clear();
        for (i, (w, key)) in words.iter().zip(keys.iter()).enumerate() {
            if let Some(e) = key.as_ref().and_then(|k| cache.find(k)) {
                own.push(OwnSum::Cached(WordCache::slot(key.as_ref().expect("found by its key")) as u32));
                near.push(e.near);
                ctx.push(Context {
                    form: e.form,
                    shape: e.shape as u64,
                    suffix1: e.suffix1,
                    cue: e.cue as u64,
                });
                continue;
            }
            // Not cached (new, or too long to be): its buckets now, their rank blocks
            // prefetched, its rows below with the sentence's other such words, so that their
            // cache misses overlap rather than queue.
            let info = WordInfo::new(w);
            let c = Context::of(&info);
            let mut buckets = [0u32; OWN.len() + CONTEXT.len()];
            let (own_b, near_b) = buckets.split_at_mut(OWN.len());
            for ((b, &t), &r) in own_b.iter_mut().zip(&OWN).zip(&own_raw(&info)) {
                *b = bucket(t, r, self.bits);
            }
            for (b, &(d, t)) in near_b.iter_mut().zip(&CONTEXT) {
                *b = bucket(t, context_raw(d, t, Some(&c)), self.bits);
            }
            for b in &buckets {
                prefetch(&self.ranks[(*b >> 6) as usize]);
            }
            missing.push((i as u32, buckets));
            own.push(OwnSum::New(missing.len() as u32 - 1));
            near.push([0; CONTEXT.len()]);
            ctx.push(c);
        }
        for (_, ids) in missing.iter_mut() {
            for id in ids.iter_mut() {
                *id = self.row_of(*id);
                prefetch(&self.rows[*id as usize]);
            }
        }
        for (i, ids) in missing.iter() {
            let i = *i as usize;
            let (own_ids, near_ids) = ids.split_at(OWN.len());
            missing_own.push(sum_rows(&self.rows, own_ids));
            near[i].copy_from_slice(near_ids);
        }
        const PER_TOKEN: usize = CONTEXT.len() + CONJUNCTIONS.len();
        feats.clear();
        feats.resize(n * PER_TOKEN, 0);
        for (i, f) in feats.chunks_exact_mut(PER_TOKEN).enumerate() {
            let (nf, conj) = f.split_at_mut(CONTEXT.len());
            for (k, (id, &(d, _))) in nf.iter_mut().zip(&CONTEXT).enumerate() {
                let j = i as isize + d;
                *id = if j >= 0 && (j as usize) < n { near[j as usize][k] } else { cache.boundary[k] };
                prefetch(&self.rows[*id as usize]);
            }
            let raw = conjunction_raw(ctx, i);
            for (b, (&t, &r)) in conj.iter_mut().zip(CONJUNCTIONS.iter().zip(&raw)) {
                *b = bucket(t, r, self.bits);
                prefetch(&self.ranks[(*b >> 6) as usize]);
            }
        }
        // The conjunctions' buckets to rows in a pass of their own: their rank blocks were
        // prefetched above, a miss each for most (word pairs are rarely repeated).
        for f in feats.chunks_exact_mut(PER_TOKEN) {
            for id in &mut f[CONTEXT.len()..] {
                *id = self.row_of(*id);
                prefetch(&self.rows[*id as usize]);
            }
        }
        out.clear();
        // The cached words' own sums are read in place (not copied per token), so the new
        // words go into the cache only after the sums, where they cannot replace one.
        let own_sum = |o: &OwnSum| match *o {
            OwnSum::Cached(slot) => &cache.entries[slot as usize].own,
            OwnSum::New(k) => &missing_own[k as usize],
        };
        let mut done = false;
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // Each token's row is written as whole vectors (24 or 32 floats), spilling into the
            // next token's, which is written after it; 8 floats of slack for the last one.
            out.resize(n * t + 8, 0.0);
            for (i, (f, o)) in feats.chunks_exact(PER_TOKEN).zip(own.iter()).enumerate() {
                let o = own_sum(o);
                let dst = out[i * t..].as_mut_ptr();
                // SAFETY: AVX2 is present (checked above); with C = ceil(t / 8) vectors, `dst`
                // has room for 8 C < t + 8 floats; every row number comes from `row_of`.
                unsafe {
                    match t.div_ceil(8) {
                        1 => emission_row_avx2::<1>(&self.rows, f, o, self.q, dst),
                        2 => emission_row_avx2::<2>(&self.rows, f, o, self.q, dst),
                        3 => emission_row_avx2::<3>(&self.rows, f, o, self.q, dst),
                        _ => emission_row_avx2::<4>(&self.rows, f, o, self.q, dst),
                    }
                }
            }
            out.truncate(n * t);
            done = true;
        }
        if !done {
            out.resize(n * t, 0.0);
            for ((row_out, f), o) in
                out.chunks_exact_mut(t).zip(feats.chunks_exact(PER_TOKEN)).zip(own.iter())
            {
                let acc = sum_rows(&self.rows, f);
                for ((o, a), w) in row_out.iter_mut().zip(acc).zip(own_sum(o)) {
                    *o = (a + w) as f32 * self.q;
                }
            }
        }
        for ((i, _), sum) in missing.iter().zip(missing_own.iter()) {
            let i = *i as usize;
            if let Some(k) = &keys[i] {
                cache.insert(k, sum, near[i], ctx[i]);
            }
        }
    }

    /// [`SparseWeights::emissions`] the plain way, every template of every token looked up
    /// (the reference the cached sums are tested against).
    #[cfg(test)]
    fn emissions_plain(&self, words: &[&str]) -> Vec<f32> {
        let mut infos = Vec::new();
        crate::features::word_infos(words, &mut infos);
        let mut out = Vec::new();
        for i in 0..words.len() {
            let mut f = [0u32; N_FEATURES];
            crate::features::token_features(&infos, i, self.bits, &mut f);
            for b in f.iter_mut() {
                *b = self.row_of(*b);
            }
            let acc = sum_rows(&self.rows, &f);
            out.extend(acc[..self.t].iter().map(|&a| a as f32 * self.q));
        }
        out
    }
}

/// A word as the cache keys it: its exact bytes (at most [`Key::MAX`]), zero-padded, and a
/// hash of them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Key {
    bytes: [u64; 3],
    len: u8,
    hash: u64,
}

impl Key {
    const MAX: usize = 24;

    #[inline]
    fn of(word: &str) -> Option<Key> {
        let b = word.as_bytes();
        if b.len() > Self::MAX {
            return None;
        }
        let word = |k: usize| -> u64 {
            match b.get(8 * k..) {
                Some(rest) if rest.len() >= 8 => u64::from_le_bytes(rest[..8].try_into().expect("8 bytes")),
                Some(rest) => tail(rest),
                None => 0,
            }
        };
        let bytes = [word(0), word(1), word(2)];
        const K1: u64 = 0x9e37_79b9_7f4a_7c15;
        const K2: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = (bytes[0] ^ b.len() as u64).wrapping_mul(K1);
        h = (h.rotate_left(23) ^ bytes[1]).wrapping_mul(K2);
        h = (h.rotate_left(23) ^ bytes[2]).wrapping_mul(K1);
        h ^= h >> 29;
        Some(Key { bytes, len: b.len() as u8, hash: h })
    }
}

/// The bytes of `b` (fewer than 8) as a little-endian u64, zero-padded: two overlapping loads
/// rather than a copy into a buffer (a call to memcpy, and a stall reading it back).
#[inline(always)]
fn tail(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n < 8);
    if n >= 4 {
        let lo = u32::from_le_bytes(b[..4].try_into().expect("4 bytes")) as u64;
        let hi = u32::from_le_bytes(b[n - 4..].try_into().expect("4 bytes")) as u64;
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes(b[..2].try_into().expect("2 bytes")) as u64;
        let hi = u16::from_le_bytes(b[n - 2..].try_into().expect("2 bytes")) as u64;
        lo | hi << (8 * (n - 2))
    } else {
        b.first().map_or(0, |&x| x as u64)
    }
}

/// One cached word: three cache lines, the first with everything a lookup and the neighbours'
/// features read, then the own sum (as i32: as i16 it would overflow for most words).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct Entry {
    form: u64,
    suffix1: u64,
    key: [u64; 3],
    near: [u32; CONTEXT.len()],
    shape: u16,
    cue: u8,
    key_len: u8,
    own: [i32; LANES],
}

/// Words seen recently, keyed by their exact text (see [`Key`]), with what the emissions need
/// of them, for one weight table. News text repeats its words heavily (the function words, the
/// day's names), so most tokens are found here and cost no hashing of their own features.
/// Direct-mapped: a word has one place, given by its hash, and a new word there replaces the
/// old one, so frequent words stay without any bookkeeping and the memory is bounded
/// ([`WordCache::SIZE`] entries of 192 bytes: 6 MiB per thread that tags, allocated on first
/// use; smaller caches missed more often, for no gain in speed).
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    /// [`SparseWeights::id`] of the table the entries were computed from (0: none yet).
    weights_id: u64,
    /// On huge pages (see [`HugeVec`]): read at random, like the weight rows.
    entries: HugeVec<Entry>,
    /// The [`CONTEXT`] rows of an offset outside the sentence.
    boundary: [u32; CONTEXT.len()],
}

impl WordCache {
    const SIZE: usize = 1 << 15;
    /// The `key_len` of an empty entry (no key is that long).
    const EMPTY: u8 = u8::MAX;

    /// Ready for a sentence under `weights`: emptied if it was filled from another table.
    fn prepare(&mut self, weights: &SparseWeights) {
        if self.weights_id != weights.id {
            let empty = Entry {
                form: 0,
                suffix1: 0,
                key: [0; 3],
                near: [0; CONTEXT.len()],
                shape: 0,
                cue: 0,
                key_len: Self::EMPTY,
                own: [0; LANES],
            };
            self.entries = HugeVec::huge_from_iter(Self::SIZE, std::iter::repeat(empty).take(Self::SIZE));
            self.weights_id = weights.id;
            for (id, &(d, t)) in self.boundary.iter_mut().zip(&CONTEXT) {
                *id = weights.row_of_raw(t, context_raw(d, t, None));
            }
        }
    }

    /// Hint that the entry of `hash` will be read soon.
    #[inline(always)]
    fn prefetch(&self, hash: u64) {
        let e = &self.entries[hash as usize & (Self::SIZE - 1)];
        prefetch(e);
        prefetch(&e.own[0]);
        prefetch(&e.own[LANES / 2]);
    }

    /// The place of a word in the cache.
    #[inline(always)]
    fn slot(key: &Key) -> usize {
        key.hash as usize & (Self::SIZE - 1)
    }

    /// The entry of the word whose key is `key`, if it is there.
    #[inline]
    fn find(&self, key: &Key) -> Option<&Entry> {
        let e = &self.entries[key.hash as usize & (Self::SIZE - 1)];
        (e.key == key.bytes && e.key_len == key.len).then_some(e)
    }

    /// Put a word in its place (replacing whatever word was there).
    fn insert(&mut self, key: &Key, own: &[i32; LANES], near: [u32; CONTEXT.len()], c: Context) {
        // Shapes are at most five octal digits and cues 1..=5 (features.rs).
        debug_assert!(c.shape <= u16::MAX as u64 && c.cue <= u8::MAX as u64);
        self.entries[key.hash as usize & (Self::SIZE - 1)] = Entry {
            form: c.form,
            suffix1: c.suffix1,
            key: key.bytes,
            near,
            shape: c.shape as u16,
            cue: c.cue as u8,
            key_len: key.len,
            own: *own,
        };
    }
}

// An entry is its lookup line and its own sum, nothing more.
const _: () = assert!(std::mem::size_of::<Entry>() == 64 + 4 * LANES);

/// Where a token's own sum is: in the cache entry at a place, or the k-th of the sentence's
/// words not found there.
#[derive(Clone, Copy, Debug)]
enum OwnSum {
    Cached(u32),
    New(u32),
}

/// Buffers of [`SparseWeights::emissions`], reused across sentences.
#[derive(Debug, Default)]
pub(crate) struct EmitScratch {
    cache: WordCache,
    /// Per word of the sentence: its cache key, where its own sum is, its neighbour rows, what
    /// the conjunctions need of it (copied out of the cache entry, read many times).
    keys: Vec<Option<Key>>,
    own: Vec<OwnSum>,
    /// The own sums of the words not found in the cache, in the order of `missing`.
    missing_own: Vec<[i32; LANES]>,
    near: Vec<[u32; CONTEXT.len()]>,
    ctx: Vec<Context>,
    /// The words not found in the cache: token index, then the buckets (rows, once looked up)
    /// of its own and its neighbour templates.
    missing: Vec<(u32, [u32; OWN.len() + CONTEXT.len()])>,
    /// Per token, its neighbour rows and conjunction rows.
    feats: Vec<u32>,
}

/// Sealed [`SparseWeights`] written straight from rows in bucket order (a model file's order):
/// the rows go once into their huge-page table and the rank directory is filled on the way,
/// where building through [`SparseWeights::push`] and [`SparseWeights::sealed`] wrote a
/// 4 MiB index and every row twice (tens of milliseconds of each process's start-up).
/// The same result: all-zero rows are left out, and a bucket given twice keeps its last row.
struct SealedBuilder {
    weights: SparseWeights,
    last: Option<usize>,
}

impl SealedBuilder {
    fn new(bits: u32, t: usize, q: f32, rows: usize) -> SealedBuilder {
        assert!(t <= LANES, "at most {LANES} tags");
        assert!(bits >= 6, "at least 64 buckets");
        let mut table = HugeVec::huge_with_capacity(rows + 1);
        table.push(Row::default());
        let weights = SparseWeights {
            bits,
            t,
            index: Vec::new(),
            ranks: vec![RankBlock::default(); (1usize << bits) / 64],
            rows: table,
            q,
            n_rows: 0,
            id: 0,
        };
        SealedBuilder { weights, last: None }
    }

    /// Give bucket `b` (not below the previous one) the row `row`, unless it is all zeros.
    fn push(&mut self, b: usize, row: Row) {
        if row.0.iter().all(|&v| v == 0) {
            return;
        }
        let w = &mut self.weights;
        if self.last == Some(b) {
            let last = w.rows.len() - 1;
            w.rows[last] = row;
            return;
        }
        debug_assert!(!matches!(self.last, Some(l) if l > b), "buckets in increasing order");
        w.ranks[b / 64].present |= 1 << (b % 64);
        w.rows.push(row);
        self.last = Some(b);
    }

    fn finish(self) -> SparseWeights {
        let mut w = self.weights;
        let mut n_rows = 0u32;
        for block in w.ranks.iter_mut() {
            block.base = n_rows;
            n_rows += block.present.count_ones();
        }
        debug_assert_eq!(n_rows as usize + 1, w.rows.len());
        w.n_rows = n_rows as usize;
        w.id = NEXT_WEIGHTS_ID.fetch_add(1, Ordering::Relaxed);
        w
    }
}

/// Hint that `x` will be read soon.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults and does not touch memory contents.
    #[allow(unused_unsafe)]
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(x as *const T as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// The sum of rows `ids` (row numbers into `rows`), lane by lane, as i32.
#[inline]
fn sum_rows(rows: &[Row], ids: &[u32]) -> [i32; LANES] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is present (checked just above).
            return unsafe { sum_rows_avx2(rows, ids) };
        }
        // SAFETY: SSE2 is part of the x86_64 baseline.
        unsafe { sum_rows_sse2(rows, ids) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    sum_rows_scalar(rows, ids)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn sum_rows_scalar(rows: &[Row], ids: &[u32]) -> [i32; LANES] {
    let mut acc = [0i32; LANES];
    for &r in ids {
        for (a, &w) in acc.iter_mut().zip(&rows[r as usize].0) {
            *a += w as i32;
        }
    }
    acc
}

/// [`sum_rows`] with SSE2: each 8-lane i16 slice is sign-extended to two 4-lane i32 halves.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
unsafe fn sum_rows_sse2(rows: &[Row], ids: &[u32]) -> [i32; LANES] {
    use std::arch::x86_64::*;
    let mut acc = [_mm_setzero_si128(); LANES / 4];
    for &r in ids {
        let row = &rows[r as usize];
        let p = row.0.as_ptr() as *const __m128i;
        for c in 0..LANES / 8 {
            // SAFETY: a Row is 64 bytes, 64-aligned: four aligned 16-byte loads.
            let x = unsafe { _mm_load_si128(p.add(c)) };
            let lo = _mm_srai_epi32::<16>(_mm_unpacklo_epi16(x, x));
            let hi = _mm_srai_epi32::<16>(_mm_unpackhi_epi16(x, x));
            acc[2 * c] = _mm_add_epi32(acc[2 * c], lo);
            acc[2 * c + 1] = _mm_add_epi32(acc[2 * c + 1], hi);
        }
    }
    let mut out = [0i32; LANES];
    for (c, a) in acc.iter().enumerate() {
        // SAFETY: out has room for LANES i32, 4 per vector.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().add(4 * c) as *mut __m128i, *a) };
    }
    out
}

/// One token's emission scores with AVX2: the own sum plus the rows `ids`, lane by lane in i32
/// (exact), converted and scaled as `(sum as f32) * q`, written as `C` whole vectors at `dst`.
/// Only the first `8 C` lanes are summed: the bundled model's 21 tags need three vectors of
/// the four a row has.
///
/// # Safety
/// AVX2 must be present, `dst` valid for `8 C` floats, `C <= LANES / 8`, and every id < rows.len().
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn emission_row_avx2<const C: usize>(
    rows: &[Row],
    ids: &[u32],
    own: &[i32; LANES],
    q: f32,
    dst: *mut f32,
) {
    use std::arch::x86_64::*;
    let mut acc = [_mm256_setzero_si256(); C];
    for (c, a) in acc.iter_mut().enumerate() {
        // SAFETY: c < C <= LANES / 8: inside `own`.
        *a = unsafe { _mm256_loadu_si256(own.as_ptr().add(8 * c) as *const __m256i) };
    }
    for &r in ids {
        let row = &rows[r as usize];
        let p = row.0.as_ptr() as *const __m128i;
        for (c, a) in acc.iter_mut().enumerate() {
            // SAFETY: a Row is 64 bytes, 64-aligned: aligned 16-byte loads, c < 4.
            let x = unsafe { _mm_load_si128(p.add(c)) };
            *a = _mm256_add_epi32(*a, _mm256_cvtepi16_epi32(x));
        }
    }
    let qv = _mm256_set1_ps(q);
    for (c, a) in acc.iter().enumerate() {
        // SAFETY: the caller gives room for 8 C floats.
        unsafe { _mm256_storeu_ps(dst.add(8 * c), _mm256_mul_ps(_mm256_cvtepi32_ps(*a), qv)) };
    }
}

/// [`sum_rows`] with AVX2: each 8-lane i16 slice is sign-extended to one 8-lane i32 vector.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum_rows_avx2(rows: &[Row], ids: &[u32]) -> [i32; LANES] {
    use std::arch::x86_64::*;
    let mut acc = [_mm256_setzero_si256(); LANES / 8];
    for &r in ids {
        let row = &rows[r as usize];
        let p = row.0.as_ptr() as *const __m128i;
        for (c, a) in acc.iter_mut().enumerate() {
            // SAFETY: a Row is 64 bytes, 64-aligned: four aligned 16-byte loads.
            let x = unsafe { _mm_load_si128(p.add(c)) };
            *a = _mm256_add_epi32(*a, _mm256_cvtepi16_epi32(x));
        }
    }
    let mut out = [0i32; LANES];
    for (c, a) in acc.iter().enumerate() {
        // SAFETY: out has room for LANES i32, 8 per vector.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().add(8 * c) as *mut __m256i, *a) };
    }
    out
}

/// A table read at random, many megabytes large: placed at a 2 MiB boundary, and on Linux the
/// kernel is asked to back it with transparent huge pages, so that a random read costs a cache
/// miss but seldom also a TLB miss and page walk (with 4 KiB pages the weight table spans
/// thousands of pages, more than the TLB holds). Only a hint: without it, it is a plain slice.
#[derive(Clone, Debug)]
pub(crate) struct HugeVec<T> {
    buf: Vec<T>,
    /// Where the elements start in `buf`.
    offset: usize,
}

impl<T: Copy + Default> HugeVec<T> {
    const HUGE_PAGE: usize = 2 << 20;

    /// An ordinary vector (while it is being built).
    fn plain(buf: Vec<T>) -> HugeVec<T> {
        HugeVec { buf, offset: 0 }
    }

    fn push_plain(&mut self, x: T) {
        debug_assert_eq!(self.offset, 0);
        self.buf.push(x);
    }

    /// The `len` items of `items`, at a huge-page boundary if the table is large, written
    /// once (no copy of a copy).
    fn huge_from_iter(len: usize, items: impl Iterator<Item = T>) -> HugeVec<T> {
        let mut v = HugeVec::huge_with_capacity(len);
        v.buf.extend(items);
        v
    }

    /// An empty vector with room for `len` items, at a huge-page boundary if that is large
    /// (then [`HugeVec::push`] up to `len` items: more would move it).
    fn huge_with_capacity(len: usize) -> HugeVec<T> {
        let size = std::mem::size_of::<T>();
        if size == 0 || len * size < Self::HUGE_PAGE || Self::HUGE_PAGE % size != 0 {
            return HugeVec::plain(Vec::with_capacity(len));
        }
        let pad = Self::HUGE_PAGE / size;
        let mut buf: Vec<T> = Vec::with_capacity(len + 2 * pad);
        let addr = buf.as_ptr() as usize;
        let aligned = addr.next_multiple_of(Self::HUGE_PAGE);
        let offset = if (aligned - addr) % size == 0 {
            advise_huge_pages(aligned, (len * size).next_multiple_of(Self::HUGE_PAGE));
            (aligned - addr) / size
        } else {
            0
        };
        buf.resize(offset, T::default());
        HugeVec { buf, offset }
    }

    fn push(&mut self, x: T) {
        self.buf.push(x);
    }
}

impl<T> Default for HugeVec<T> {
    fn default() -> HugeVec<T> {
        HugeVec { buf: Vec::new(), offset: 0 }
    }
}

impl<T> std::ops::Deref for HugeVec<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        &self.buf[self.offset..]
    }
}

impl<T> std::ops::DerefMut for HugeVec<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.buf[self.offset..]
    }
}

/// Ask for transparent huge pages over `len` bytes at `addr` (2 MiB aligned, inside one
/// allocation that is not yet touched). Failure is harmless: the pages stay small.
#[cfg(target_os = "linux")]
fn advise_huge_pages(addr: usize, len: usize) {
    // SAFETY: madvise only changes how the kernel backs these pages; the range lies inside a
    // live allocation of ours, and MADV_HUGEPAGE keeps its contents.
    unsafe {
        libc::madvise(addr as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_addr: usize, _len: usize) {}

/// What went wrong reading a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad sanad-ner model file: {}", self.0)
    }
}
impl std::error::Error for ModelError {}

const MAGIC: &[u8; 8] = b"SANADNR2";

/// A trained model: entity type names, weights and transitions.
#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) types: Vec<String>,
    pub(crate) weights: SparseWeights,
    pub(crate) trans: Transitions,
    /// Divides scores before forward–backward, to calibrate the chunk confidences.
    pub(crate) temperature: f32,
    /// `trans` laid out for decoding.
    pub(crate) decoder: Decoder,
}

thread_local! {
    /// Decoding buffers reused across calls, so tagging allocates little per sentence, and
    /// each thread's word cache (see [`WordCache`]) lives as long as the thread.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// `f` with this thread's decoding buffers (fresh ones if they are in use, which only a
/// re-entrant call could cause).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Decoding buffers, reused across sentences.
#[derive(Default)]
pub(crate) struct Scratch {
    pub emit: Vec<f32>,
    /// The forward pass's scores (see [`Decoder::decode`]).
    scores: Vec<f32>,
    pub tags: Vec<u8>,
    pub(crate) emissions: EmitScratch,
}

impl Model {
    /// Entity type names, in tag order (e.g. `PER`, `LOC` …).
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// Build from dense training weights, dropping zero buckets and quantizing to i16 for the file.
    pub(crate) fn from_dense(
        types: Vec<String>,
        dense: &DenseWeights,
        trans: &Transitions,
        temperature: f32,
    ) -> Model {
        let t = dense.t;
        let index: Vec<u32> = (0..1u32 << dense.bits).map(|b| b + 1).collect();
        Model {
            types,
            weights: SparseWeights::new(dense.bits, t, &index, &dense.w),
            trans: trans.clone(),
            temperature,
            decoder: Decoder::new(trans),
        }
    }

    /// The temperature of the chunk confidences.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    pub fn set_temperature(&mut self, temperature: f32) {
        self.temperature = temperature;
    }

    /// A copy without the weights smaller than `threshold` in magnitude (mostly rare features
    /// whose averaged weight is near zero): a much smaller file for almost the same accuracy.
    pub fn pruned(&self, threshold: f32) -> Model {
        let w = &self.weights;
        let mut index = vec![0u32; 1 << w.bits];
        let mut rows = Vec::new();
        let mut n = 0u32;
        for (b, row) in w.rows() {
            if row.iter().all(|x| x.abs() < threshold) {
                continue;
            }
            n += 1;
            index[b] = n;
            rows.extend(row.iter().map(|&x| if x.abs() < threshold { 0.0 } else { x }));
        }
        Model { weights: SparseWeights::new(w.bits, w.t, &index, &rows), ..self.clone() }
    }

    /// Number of non-zero buckets.
    pub fn n_rows(&self) -> usize {
        self.weights.n_rows
    }

    /// Tags of a sentence.
    pub(crate) fn tag_into(&self, words: &[&str], s: &mut Scratch) {
        self.weights.emissions(words, &mut s.emissions, &mut s.emit);
        self.decoder.decode(&s.emit, &self.trans, None, &mut s.tags, &mut s.scores);
    }

    /// The BIO tags of a sentence (see the module docs for the encoding).
    pub fn tag(&self, words: &[&str]) -> Vec<u8> {
        with_scratch(|s| {
            self.tag_into(words, s);
            s.tags.clone()
        })
    }

    /// Chunks of a sentence as (word range, type index, confidence in 0..1): the confidence is
    /// the lowest local confidence over the chunk's words and the word after it (which must
    /// not extend the chunk).
    pub fn scored_chunks(&self, words: &[&str]) -> Vec<(std::ops::Range<usize>, usize, f32)> {
        self.scored_chunks_at(words, self.temperature)
    }

    /// [`Model::scored_chunks`] with another confidence temperature.
    pub fn scored_chunks_at(
        &self,
        words: &[&str],
        temperature: f32,
    ) -> Vec<(std::ops::Range<usize>, usize, f32)> {
        with_scratch(|s| self.scored_chunks_with(words, s, temperature))
    }

    pub(crate) fn scored_chunks_with(
        &self,
        words: &[&str],
        s: &mut Scratch,
        temperature: f32,
    ) -> Vec<(std::ops::Range<usize>, usize, f32)> {
        self.scored_chunks_of(words, s, temperature, |_| true)
    }

    /// [`Model::scored_chunks`] of the types `keep` accepts only: the others' confidences
    /// (an exponential per tag and word) are not computed.
    pub(crate) fn scored_chunks_of(
        &self,
        words: &[&str],
        s: &mut Scratch,
        temperature: f32,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<(std::ops::Range<usize>, usize, f32)> {
        self.tag_into(words, s);
        crate::eval::chunks_of(&s.tags)
            .into_iter()
            .filter(|(_, ty)| keep(*ty))
            .map(|(r, ty)| {
                let end = (r.end + 1).min(s.tags.len());
                let conf = (r.start..end)
                    .map(|i| local_confidence(&s.emit, &self.trans, &s.tags, i, temperature))
                    .fold(1f32, f32::min);
                (r, ty, conf)
            })
            .collect()
    }

    /// [`Model::scored_chunks_of`] with this thread's buffers and the model's temperature.
    pub(crate) fn scored_chunks_where(
        &self,
        words: &[&str],
        keep: impl Fn(usize) -> bool,
    ) -> Vec<(std::ops::Range<usize>, usize, f32)> {
        with_scratch(|s| self.scored_chunks_of(words, s, self.temperature, keep))
    }

    /// Serialize: magic, bits, types, temperature, transitions (f32), one f32 quantization step,
    /// then the non-zero rows as (varint bucket delta, u32 mask of non-zero tags, i16 each).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.weights.bits.to_le_bytes());
        out.extend_from_slice(&(self.types.len() as u32).to_le_bytes());
        for ty in &self.types {
            out.push(ty.len() as u8);
            out.extend_from_slice(ty.as_bytes());
        }
        out.extend_from_slice(&self.temperature.to_le_bytes());
        for s in &self.trans.scores {
            out.extend_from_slice(&s.to_le_bytes());
        }
        let q = self.weights.q;
        out.extend_from_slice(&q.to_le_bytes());
        out.extend_from_slice(&(self.n_rows() as u32).to_le_bytes());
        let mut last = 0u64;
        for (b, row) in self.weights.quantized_rows() {
            let mut delta = b as u64 - last;
            last = b as u64;
            loop {
                let byte = (delta & 0x7f) as u8;
                delta >>= 7;
                if delta == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            let mask = row.iter().enumerate().filter(|(_, v)| **v != 0).fold(0u32, |m, (k, _)| m | 1 << k);
            out.extend_from_slice(&mask.to_le_bytes());
            for v in row.iter().filter(|v| **v != 0) {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Read a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("wrong magic (not a sanad-ner model)".into()));
        }
        let bits = r.u32()?;
        if !(8..=28).contains(&bits) {
            return Err(ModelError(format!("hash bits {bits} out of range")));
        }
        let n_types = r.u32()? as usize;
        if n_types > 100 {
            return Err(ModelError(format!("{n_types} types")));
        }
        let mut types = Vec::with_capacity(n_types);
        for _ in 0..n_types {
            let len = r.take(1)?[0] as usize;
            let name =
                std::str::from_utf8(r.take(len)?).map_err(|_| ModelError("type name not UTF-8".into()))?;
            types.push(name.to_string());
        }
        let t = n_tags(n_types);
        let temperature = r.f32()?;
        let mut trans = Transitions::zeros(t);
        for s in trans.scores.iter_mut() {
            *s = r.f32()?;
        }
        let q = r.f32()?;
        let n_rows = r.u32()? as usize;
        let mut weights = SealedBuilder::new(bits, t, q, n_rows.min(bytes.len() / 6));
        let mut bucket = 0u64;
        for _ in 0..n_rows {
            let mut delta = 0u64;
            let mut shift = 0;
            loop {
                let b = r.take(1)?[0];
                delta |= ((b & 0x7f) as u64) << shift;
                shift += 7;
                if b & 0x80 == 0 || shift > 56 {
                    break;
                }
            }
            bucket += delta;
            if bucket >= 1 << bits {
                return Err(ModelError(format!("bucket {bucket} out of range")));
            }
            let mask = r.u32()?;
            if t < 32 && mask >> t != 0 {
                return Err(ModelError(format!("tag mask {mask:#x} names more than {t} tags")));
            }
            let mut row = Row::default();
            for (k, v) in row.0.iter_mut().enumerate().take(t) {
                if mask & (1 << k) != 0 {
                    let b = r.take(2)?;
                    *v = i16::from_le_bytes([b[0], b[1]]);
                }
            }
            weights.push(bucket as usize, row);
        }
        if r.pos != bytes.len() {
            return Err(ModelError("trailing bytes".into()));
        }
        let trans = trans.constrained();
        let decoder = Decoder::new(&trans);
        Ok(Model { types, weights: weights.finish(), trans, temperature, decoder })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelError(format!("truncated at byte {}", self.pos)))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

/// Far below where `f32::exp` underflows to 0 (about −103.3, its smallest subnormal).
const UNDERFLOWS: f32 = -150.0;

/// Confidence in the decoded tag at position `i` given its decoded neighbours: the softmax, over
/// all tags `c`, of `trans(prev, c) + emit(c) + trans(c, next)` divided by `temperature`.
/// Cheap (O(T)), so it is computed only around the chunks found.
pub(crate) fn local_confidence(
    emit: &[f32],
    trans: &Transitions,
    tags: &[u8],
    i: usize,
    temperature: f32,
) -> f32 {
    let t = trans.t;
    let prev = if i == 0 { None } else { Some(tags[i - 1]) };
    let next = tags.get(i + 1).copied();
    let score = |c: u8| {
        let mut s = trans.get(prev, c) + emit[i * t + c as usize];
        if let Some(n) = next {
            s += trans.get(Some(c), n);
        }
        s
    };
    let chosen = score(tags[i]);
    let mut z = 0f32;
    for c in 0..t as u8 {
        let x = (score(c) - chosen) / temperature;
        // exp(x) is exactly 0 in f32 below about −104, so such terms (every forbidden
        // transition, about half of the tags) add nothing: skipped, with the slow underflow
        // path of expf. NaN still goes through, as before.
        if x >= UNDERFLOWS || x.is_nan() {
            z += x.exp();
        }
    }
    1.0 / z
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Viterbi as it was first written (one chain of maxima, a scalar traceback): the
    /// reference the faster one must match path for path. Textbook index loops on purpose.
    #[allow(clippy::needless_range_loop)]
    fn viterbi_reference(emit: &[f32], t: usize, trans: &Transitions, out: &mut Vec<u8>) {
        let n = emit.len() / t;
        out.clear();
        if n == 0 {
            return;
        }
        let score_at = |row: Option<u8>, c: usize| trans.get(row, c as u8);
        let mut score = vec![vec![0f32; t]; n];
        for cur in 0..t {
            score[0][cur] = emit[cur] + score_at(None, cur);
        }
        for i in 1..n {
            for cur in 0..t {
                let mut best = f32::NEG_INFINITY;
                for p in 0..t {
                    let s = score[i - 1][p] + score_at(Some(p as u8), cur);
                    best = if s > best { s } else { best };
                }
                score[i][cur] = best + emit[i * t + cur];
            }
        }
        let last = &score[n - 1];
        let mut tag = 0u8;
        for (c, s) in last.iter().enumerate() {
            if *s > last[tag as usize] {
                tag = c as u8;
            }
        }
        out.resize(n, 0);
        out[n - 1] = tag;
        for i in (1..n).rev() {
            let cur = tag as usize;
            let mut best = f32::NEG_INFINITY;
            for p in 0..t {
                let s = score[i - 1][p] + score_at(Some(p as u8), cur);
                if s > best {
                    best = s;
                    tag = p as u8;
                }
            }
            out[i - 1] = tag;
        }
    }

    /// The two-chain forward pass and the vector traceback find the reference's path, ties
    /// included (coarse emissions make many), for odd and even tag counts.
    #[test]
    fn viterbi_equals_the_reference() {
        let mut seed = 0x9e37_79b9_u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        for n_types in [1, 4, 10, 11, 15] {
            let t = n_tags(n_types);
            let mut trans = Transitions::zeros(t);
            for s in trans.scores.iter_mut() {
                *s = (next() % 7) as f32 - 3.0;
            }
            let trans = trans.constrained();
            match Decoder::new(&trans) {
                Decoder::Narrow(p) => assert!(p.pruning.is_some(), "BIO transitions are pruned"),
                Decoder::Wide(p) => assert!(p.pruning.is_some() || t > 24),
            }
            for n in [1, 2, 3, 17, 60] {
                // Fine and coarse emissions (coarse ones make many ties), huge ones (the
                // scores leave the pruning's margins, so it falls back to full steps), and
                // ones where `O` stands out (the pruned steps keep it alone).
                for kind in 0..4 {
                    let emit: Vec<f32> = (0..n * t)
                        .map(|k| match kind {
                            0 => (next() % 20001) as f32 / 1000.0 - 10.0,
                            1 => (next() % 3) as f32,
                            2 => (next() % 20001) as f32 * 100.0 - 1.0e6,
                            _ => (next() % 2001) as f32 / 100.0 + if k % t == 0 { 40.0 } else { 0.0 },
                        })
                        .collect();
                    let (mut got, mut want) = (Vec::new(), Vec::new());
                    viterbi(&emit, t, &trans, None, &mut got);
                    viterbi_reference(&emit, t, &trans, &mut want);
                    assert_eq!(got, want, "{n_types} types, {n} words, emissions of kind {kind}");
                }
            }
        }
    }

    /// A key's words are its bytes zero-padded, whatever the length.
    #[test]
    fn keys_are_the_padded_bytes() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        for n in 0..=Key::MAX {
            let key = Key::of(&text[..n]).expect("short enough");
            let mut padded = [0u8; Key::MAX];
            padded[..n].copy_from_slice(&text.as_bytes()[..n]);
            for k in 0..3 {
                assert_eq!(
                    key.bytes[k],
                    u64::from_le_bytes(padded[8 * k..8 * k + 8].try_into().unwrap()),
                    "{n}"
                );
            }
            assert_eq!(key.len as usize, n);
        }
        assert!(Key::of(text).is_none());
    }

    /// The model file read straight into the sealed table writes back byte for byte, and
    /// holds the same table as building it bucket by bucket and sealing.
    #[test]
    fn bundled_model_round_trips() {
        let bytes = include_bytes!("../../../data/ner/model.bin");
        let model = Model::from_bytes(bytes).expect("bundled model");
        assert_eq!(model.to_bytes(), bytes.to_vec());
        let w = &model.weights;
        let mut slow = SparseWeights::empty(w.bits, w.t, w.q);
        for (b, r) in w.nonzero() {
            slow.push(b, w.rows[r as usize]);
        }
        let slow = slow.sealed();
        assert_eq!(slow.n_rows, w.n_rows);
        assert!(slow.ranks.iter().zip(&w.ranks).all(|(a, b)| a.present == b.present && a.base == b.base));
        assert!(slow.rows.iter().zip(w.rows.iter()).all(|(a, b)| a.0 == b.0));
    }

    /// The cached per-word sums give exactly the emissions of summing all 29 rows per token,
    /// on the bundled model, with the cache reused across sentences, emptied when full and
    /// refilled for another model.
    #[test]
    fn cached_emissions_equal_the_plain_sum() {
        let model = Model::from_bytes(include_bytes!("../../../data/ner/model.bin")).expect("bundled model");
        let essay = include_str!("../../../demo/karabakh-history.fa.txt");
        let words: Vec<&str> = essay.split_whitespace().collect();
        let mut sentences: Vec<&[&str]> = words.chunks(23).collect();
        let odd: [&[&str]; 6] = [
            &[""],
            &["a"],
            &["x", "y"],
            &["\u{200C}", "قره‌باغ", "1813"],
            &["", "", "", "", "", ""],
            &["تهران", "تهران", "تهران", "تهران"],
        ];
        sentences.extend(odd);
        let mut scratch = EmitScratch::default();
        let mut out = Vec::new();
        for round in 0..2 {
            for s in &sentences {
                model.weights.emissions(s, &mut scratch, &mut out);
                assert_eq!(out, model.weights.emissions_plain(s), "round {round}: {s:?}");
            }
            assert_eq!(scratch.cache.entries.len(), WordCache::SIZE);
        }
        // Another table (a copy with fewer rows): the cache must not serve the first one's sums.
        let pruned = model.pruned(0.05);
        for s in sentences.iter().take(50) {
            pruned.weights.emissions(s, &mut scratch, &mut out);
            assert_eq!(out, pruned.weights.emissions_plain(s), "pruned: {s:?}");
        }
    }

    #[test]
    fn vector_row_sums_equal_the_plain_loop() {
        let mut seed = 0x1234_5678_u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        let mut rows = vec![Row::default()];
        for _ in 0..50 {
            let mut row = Row::default();
            for v in row.0.iter_mut() {
                *v = next() as i16; // the whole range, extremes included
            }
            rows.push(row);
        }
        rows[1].0 = [i16::MIN; LANES];
        rows[2].0 = [i16::MAX; LANES];
        for n in [0, 1, 5, N_FEATURES, 200] {
            let ids: Vec<u32> = (0..n).map(|_| next() % rows.len() as u32).collect();
            assert_eq!(sum_rows(&rows, &ids), sum_rows_scalar(&rows, &ids));
            #[cfg(target_arch = "x86_64")]
            assert_eq!(unsafe { sum_rows_sse2(&rows, &ids) }, sum_rows_scalar(&rows, &ids));
        }
        let extremes = [1u32, 1, 1, 2, 2];
        assert_eq!(sum_rows(&rows, &extremes)[0], 3 * i16::MIN as i32 + 2 * i16::MAX as i32);
    }
}

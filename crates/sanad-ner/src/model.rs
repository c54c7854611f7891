//! The tag set, the weight tables, Viterbi and forward–backward decoding, and the model file.
//!
//! Tags are BIO over the model's entity types: tag 0 is `O`, tag `1 + 2t` is `B-t`, tag
//! `2 + 2t` is `I-t`. `I-t` may only follow `B-t` or `I-t`; decoding enforces it.

use crate::features::{token_features, word_infos, WordInfo, N_FEATURES};
use std::fmt;

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
pub(crate) fn viterbi(emit: &[f32], t: usize, trans: &Transitions, mask: Option<&[u32]>, out: &mut Vec<u8>) {
    let n = emit.len() / t;
    out.clear();
    if n == 0 {
        return;
    }
    let masked = |i: usize, tag: usize| mask.is_some_and(|m| m[i] & (1 << tag) == 0);
    let mut score = vec![0f32; n * t];
    let mut back = vec![0u8; n * t];
    for cur in 0..t {
        score[cur] = if masked(0, cur) { FORBIDDEN } else { emit[cur] + trans.scores[cur] };
    }
    for i in 1..n {
        let (done, rest) = score.split_at_mut(i * t);
        let prev_scores = &done[(i - 1) * t..];
        for cur in 0..t {
            if masked(i, cur) {
                rest[cur] = 2.0 * FORBIDDEN;
                continue;
            }
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for (p, ps) in prev_scores.iter().enumerate() {
                let s = ps + trans.scores[(p + 1) * t + cur];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            rest[cur] = best + emit[i * t + cur];
            back[i * t + cur] = arg;
        }
    }
    let last = &score[(n - 1) * t..];
    let mut tag = 0u8;
    for (c, s) in last.iter().enumerate() {
        if *s > last[tag as usize] {
            tag = c as u8;
        }
    }
    out.resize(n, 0);
    out[n - 1] = tag;
    for i in (1..n).rev() {
        tag = back[i * t + tag as usize];
        out[i - 1] = tag;
    }
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

/// Sparse weights (inference): only buckets with a non-zero weight have a row, and a row keeps
/// only its non-zero tags, as i16 with one scale, so the table stays small enough to sit in
/// cache (tagging is bound by the memory loads of the feature rows).
#[derive(Clone, Debug)]
pub(crate) struct SparseWeights {
    bits: u32,
    t: usize,
    /// Per bucket: offset of its row in `packed` + 1, or 0 for an all-zero bucket.
    index: Vec<u32>,
    /// Rows: the 32-bit mask of non-zero tags as two u16 (low first), then one i16 per set bit.
    packed: Vec<u16>,
    /// The weight of one i16 step.
    q: f32,
    n_rows: usize,
}

impl SparseWeights {
    /// From dense rows: `index[bucket]` is a 1-based row number into `rows` (T floats each) or 0.
    fn new(bits: u32, t: usize, index: &[u32], rows: &[f32]) -> SparseWeights {
        let max = rows.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let q = max / 32767.0;
        let mut out =
            SparseWeights { bits, t, index: vec![0; index.len()], packed: Vec::new(), q, n_rows: 0 };
        for (b, &r) in index.iter().enumerate() {
            if r == 0 {
                continue;
            }
            let row = &rows[(r as usize - 1) * t..r as usize * t];
            let quantized: Vec<i16> = row.iter().map(|w| (w / q).round() as i16).collect();
            let mask =
                quantized.iter().enumerate().filter(|(_, v)| **v != 0).fold(0u32, |m, (k, _)| m | 1 << k);
            if mask == 0 {
                continue;
            }
            out.index[b] = out.packed.len() as u32 + 1;
            out.packed.push(mask as u16);
            out.packed.push((mask >> 16) as u16);
            out.packed.extend(quantized.iter().filter(|v| **v != 0).map(|v| *v as u16));
            out.n_rows += 1;
        }
        out
    }

    /// Every non-zero row as (bucket, T floats).
    fn rows(&self) -> impl Iterator<Item = (usize, Vec<f32>)> + '_ {
        self.index.iter().enumerate().filter(|(_, &o)| o != 0).map(|(b, &o)| {
            let p = &self.packed[o as usize - 1..];
            let mask = p[0] as u32 | (p[1] as u32) << 16;
            let mut row = vec![0f32; self.t];
            let mut k = 2;
            for (tag, w) in row.iter_mut().enumerate() {
                if mask & (1 << tag) != 0 {
                    *w = p[k] as i16 as f32 * self.q;
                    k += 1;
                }
            }
            (b, row)
        })
    }
}

impl SparseWeights {
    /// Emission scores of a whole sentence (`n × T`) into `out`. All the sentence's index
    /// entries are gathered first, then all row masks, then the rows are summed: the loads are
    /// cache misses, and with no data-dependent branch between them many stay in flight at once.
    fn emissions(&self, infos: &[WordInfo], out: &mut Vec<f32>, feats: &mut Vec<u32>, masks: &mut Vec<u32>) {
        let (n, t) = (infos.len(), self.t);
        out.clear();
        out.resize(n * t, 0.0);
        feats.clear();
        feats.resize(n * N_FEATURES, 0);
        for (i, chunk) in feats.chunks_exact_mut(N_FEATURES).enumerate() {
            let mut f = [0u32; N_FEATURES];
            token_features(infos, i, self.bits, &mut f);
            chunk.copy_from_slice(&f);
        }
        for f in feats.iter_mut() {
            *f = self.index[*f as usize];
        }
        masks.clear();
        masks.extend(feats.iter().map(|&o| {
            if o == 0 {
                0
            } else {
                let p = o as usize - 1;
                self.packed[p] as u32 | (self.packed[p + 1] as u32) << 16
            }
        }));
        for (i, row_out) in out.chunks_exact_mut(t).enumerate() {
            let mut acc = [0i32; 32];
            let span = i * N_FEATURES..(i + 1) * N_FEATURES;
            for (&o, &m) in feats[span.clone()].iter().zip(&masks[span]) {
                let mut mask = m;
                let mut k = o as usize + 1;
                while mask != 0 {
                    let tag = mask.trailing_zeros() as usize;
                    acc[tag] += self.packed[k] as i16 as i32;
                    k += 1;
                    mask &= mask - 1;
                }
            }
            for (o, a) in row_out.iter_mut().zip(acc) {
                *o = a as f32 * self.q;
            }
        }
    }
}

impl Emitter for SparseWeights {
    #[inline]
    fn emit(&self, features: &[u32; N_FEATURES], out: &mut [f32]) {
        // Gather first, branch later: the index and row loads are cache misses, and with no
        // data-dependent branch between them the CPU keeps many of them in flight at once.
        let mut offsets = [0usize; N_FEATURES];
        for (o, &f) in offsets.iter_mut().zip(features) {
            *o = self.index[f as usize] as usize;
        }
        let mut masks = [0u32; N_FEATURES];
        for (m, &o) in masks.iter_mut().zip(&offsets) {
            // Offset 0 means no row: read the first row's mask and drop it below.
            let p = o.max(1) - 1;
            *m = if o == 0 { 0 } else { self.packed[p] as u32 | (self.packed[p + 1] as u32) << 16 };
        }
        let mut acc = [0i32; 32];
        for (&o, &m) in offsets.iter().zip(&masks) {
            let mut mask = m;
            let mut k = o + 1;
            while mask != 0 {
                let tag = mask.trailing_zeros() as usize;
                acc[tag] += self.packed[k] as i16 as i32;
                k += 1;
                mask &= mask - 1;
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o += a as f32 * self.q;
        }
    }
}

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
}

/// Decoding buffers, reused across sentences.
#[derive(Default)]
pub(crate) struct Scratch {
    pub infos: Vec<WordInfo>,
    pub emit: Vec<f32>,
    pub tags: Vec<u8>,
    pub feats: Vec<u32>,
    pub masks: Vec<u32>,
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
        let mut index = vec![0u32; w.index.len()];
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
        word_infos(words, &mut s.infos);
        self.weights.emissions(&s.infos, &mut s.emit, &mut s.feats, &mut s.masks);
        viterbi(&s.emit, self.weights.t, &self.trans, None, &mut s.tags);
    }

    /// The BIO tags of a sentence (see the module docs for the encoding).
    pub fn tag(&self, words: &[&str]) -> Vec<u8> {
        let mut s = Scratch::default();
        self.tag_into(words, &mut s);
        s.tags
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
        let mut s = Scratch::default();
        self.scored_chunks_with(words, &mut s, temperature)
    }

    pub(crate) fn scored_chunks_with(
        &self,
        words: &[&str],
        s: &mut Scratch,
        temperature: f32,
    ) -> Vec<(std::ops::Range<usize>, usize, f32)> {
        self.tag_into(words, s);
        crate::eval::chunks_of(&s.tags)
            .into_iter()
            .map(|(r, ty)| {
                let end = (r.end + 1).min(s.tags.len());
                let conf = (r.start..end)
                    .map(|i| local_confidence(&s.emit, &self.trans, &s.tags, i, temperature))
                    .fold(1f32, f32::min);
                (r, ty, conf)
            })
            .collect()
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
        for (b, row) in self.weights.rows() {
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
            let quantized: Vec<i16> = row.iter().map(|w| (w / q).round() as i16).collect();
            let mask =
                quantized.iter().enumerate().filter(|(_, v)| **v != 0).fold(0u32, |m, (k, _)| m | 1 << k);
            out.extend_from_slice(&mask.to_le_bytes());
            for v in quantized.iter().filter(|v| **v != 0) {
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
        let mut index = vec![0u32; 1 << bits];
        let mut rows = Vec::with_capacity(n_rows * t);
        let mut bucket = 0u64;
        for k in 0..n_rows {
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
            let slot = index
                .get_mut(bucket as usize)
                .ok_or_else(|| ModelError(format!("bucket {bucket} out of range")))?;
            *slot = k as u32 + 1;
            let mask = r.u32()?;
            for k in 0..t {
                let v =
                    if mask & (1 << k) != 0 { i16::from_le_bytes([r.take(1)?[0], r.take(1)?[0]]) } else { 0 };
                rows.push(v as f32 * q);
            }
        }
        if r.pos != bytes.len() {
            return Err(ModelError("trailing bytes".into()));
        }
        let weights = SparseWeights::new(bits, t, &index, &rows);
        Ok(Model { types, weights, trans: trans.constrained(), temperature })
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
        z += ((score(c) - chosen) / temperature).exp();
    }
    1.0 / z
}

//! Feature extraction: every feature is a 64-bit hash computed straight from `&str` slices, with
//! no per-token allocation, then folded into one of `2^bits` buckets of the weight table.
//!
//! Words are keyed by a folded form (ASCII lowercased, ZWNJ/ZWJ skipped) so that «می‌شود» and
//! «میشود», «قره‌باغ» and «قرهباغ» share their word features; the parts around a half-space get
//! features of their own.

/// Number of feature templates per token (see [`token_features`]).
pub const N_FEATURES: usize = 29;

const ZWNJ: char = '\u{200C}';

/// `data/ner/cues.tsv`, the one source of the context-cue words.
static CUES_TSV: &str = include_str!("../../../data/ner/cues.tsv");

/// Cue class of each cue word, keyed by the word's folded-form hash; built once. A sorted
/// table searched by halving: looked up for every word, where a SipHash map cost more than the
/// rest of the word's features.
static CUES: std::sync::LazyLock<Vec<(u64, u64)>> = std::sync::LazyLock::new(|| {
    let classes = ["person_title", "place_word", "org_word", "group_word", "event_word"];
    let mut map = std::collections::HashMap::new();
    for line in CUES_TSV.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((word, class)) = line.split_once('\t') else { continue };
        if let Some(k) = classes.iter().position(|c| *c == class.trim()) {
            map.insert(WordInfo::folded_hash(word.trim()), k as u64 + 1);
        }
    }
    let mut table: Vec<(u64, u64)> = map.into_iter().collect();
    table.sort_unstable();
    table
});

/// The cue class of a folded-form hash (0: none).
#[inline]
fn cue_of(form: u64) -> u64 {
    CUES.binary_search_by_key(&form, |&(h, _)| h).map_or(0, |i| CUES[i].1)
}
const ZWJ: char = '\u{200D}';

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A strong final mix, so the top bits (the bucket) depend on every input bit.
#[inline]
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Coarse character classes for the word shape.
#[inline]
fn char_class(c: char) -> u64 {
    match c {
        '0'..='9' => 1,
        'A'..='Z' => 2,
        'a'..='z' => 3,
        '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FEFF}' => 4,
        c if c.is_alphabetic() => 5,
        c if c.is_numeric() => 1,
        _ => 6,
    }
}

/// What the features need to know about one word, computed once per word.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordInfo {
    pub form: u64,
    pub prefix: [u64; 4],
    pub suffix: [u64; 4],
    pub shape: u64,
    pub len_bucket: u64,
    /// Cue class (data/ner/cues.tsv) + 1, or 0.
    pub cue: u64,
    /// The part before the first half-space and after the last one (== form without one).
    pub first_part: u64,
    pub last_part: u64,
}

const BOUNDARY_BEFORE: u64 = 0x9e37_79b9_7f4a_7c15;
const BOUNDARY_AFTER: u64 = 0x2545_f491_4f6c_dd1d;

impl WordInfo {
    /// The hash of the folded form only (what [`WordInfo::new`] puts in `form`).
    fn folded_hash(word: &str) -> u64 {
        let mut h: u64 = 0x243f_6a88_85a3_08d3;
        for c in word.chars() {
            if c != ZWNJ && c != ZWJ {
                h = mix(h, c.to_ascii_lowercase() as u64);
            }
        }
        h
    }

    pub fn new(word: &str) -> WordInfo {
        let mut info = WordInfo::default();
        let mut h: u64 = 0x243f_6a88_85a3_08d3;
        let mut part: u64 = h;
        let mut first_part: Option<u64> = None;
        let mut n = 0usize;
        let mut shape: u64 = 0;
        let mut last_class = 0u64;
        let mut shape_len = 0;
        for c in word.chars() {
            if c == ZWNJ || c == ZWJ {
                if first_part.is_none() {
                    first_part = Some(part);
                }
                part = 0x243f_6a88_85a3_08d3;
                continue;
            }
            let c = c.to_ascii_lowercase();
            h = mix(h, c as u64);
            part = mix(part, c as u64);
            if n < 4 {
                info.prefix[n] = h;
            }
            n += 1;
            let class = char_class(c);
            if class != last_class && shape_len < 5 {
                shape = shape * 8 + class;
                shape_len += 1;
                last_class = class;
            }
        }
        for k in n..4 {
            info.prefix[k] = mix(h, 0xfff0 + k as u64);
        }
        let mut s: u64 = 0x1319_8a2e_0370_7344;
        let mut k = 0;
        for c in word.chars().rev() {
            if c == ZWNJ || c == ZWJ {
                continue;
            }
            if k == 4 {
                break;
            }
            s = mix(s, c.to_ascii_lowercase() as u64);
            info.suffix[k] = s;
            k += 1;
        }
        for j in k..4 {
            info.suffix[j] = mix(s, 0xfff0 + j as u64);
        }
        info.form = h;
        info.cue = cue_of(h);
        info.first_part = first_part.unwrap_or(h);
        info.last_part = if first_part.is_some() { part } else { h };
        info.shape = shape;
        info.len_bucket = match n {
            0..=4 => n as u64,
            5..=6 => 5,
            7..=9 => 6,
            _ => 7,
        };
        info
    }
}

/// The feature hashes of word `i` of a sentence, before bucketing.
#[inline(always)]
fn raw_features(infos: &[WordInfo], i: usize, out: &mut [u64; N_FEATURES]) {
    let w = |d: isize| -> u64 {
        let j = i as isize + d;
        if j < 0 {
            BOUNDARY_BEFORE.wrapping_add(d as u64)
        } else if j as usize >= infos.len() {
            BOUNDARY_AFTER.wrapping_add(d as u64)
        } else {
            infos[j as usize].form
        }
    };
    let shape = |d: isize| -> u64 {
        let j = i as isize + d;
        if j < 0 || j as usize >= infos.len() {
            7
        } else {
            infos[j as usize].shape
        }
    };
    let me = &infos[i];
    let (wm2, wm1, w0, wp1, wp2) = (w(-2), w(-1), w(0), w(1), w(2));
    out[0] = 1;
    out[1] = w0;
    out[2] = wm1;
    out[3] = wp1;
    out[4] = wm2;
    out[5] = wp2;
    out[6] = mix(wm1, w0);
    out[7] = mix(w0, wp1);
    out[8..12].copy_from_slice(&me.prefix);
    out[12..16].copy_from_slice(&me.suffix);
    out[16] = me.shape;
    out[17] = mix(mix(shape(-1), shape(0)), shape(1));
    out[18] = me.len_bucket;
    out[19] = me.first_part;
    out[20] = me.last_part;
    out[21] = mix(wm1, wp1);
    out[22] = mix(wm2, wm1);
    out[23] = mix(wp1, wp2);
    // The previous word's ending with this word's shape: ezafe and title cues on unseen names.
    let prev_suffix = if i > 0 { infos[i - 1].suffix[1] } else { BOUNDARY_BEFORE };
    out[24] = mix(prev_suffix, me.shape);
    let cue = |d: isize| -> u64 {
        let j = i as isize + d;
        if j < 0 || j as usize >= infos.len() {
            0
        } else {
            infos[j as usize].cue
        }
    };
    out[25] = cue(-1);
    out[26] = cue(0);
    out[27] = mix(cue(-2), cue(-1));
    out[28] = mix(cue(-1), me.shape);
}

/// The templates that depend on the token's own word alone (the bias included), in the order
/// of [`own_raw`]'s values. Inference sums their rows once per distinct word (see
/// `model::WordCache`); the other templates are [`CONTEXT`] and [`CONJUNCTIONS`].
pub const OWN: [usize; 15] = [0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 26];

/// The templates that depend on one neighbour alone, as (offset from the token, template):
/// the previous word's form and cue, the next word's form, the forms two before and two after.
pub const CONTEXT: [(isize, usize); 5] = [(-1, 2), (-1, 25), (1, 3), (-2, 4), (2, 5)];

/// The templates that combine two or three words (or a word's shape with a neighbour's
/// suffix or cue), in the order of [`conjunction_raw`]'s values.
pub const CONJUNCTIONS: [usize; 9] = [6, 7, 17, 21, 22, 23, 24, 27, 28];

/// The bucket (`< 2^bits`) of template `t`'s raw hash `raw`.
#[inline(always)]
pub fn bucket(t: usize, raw: u64, bits: u32) -> u32 {
    let h = avalanche(mix(0x6a09_e667_f3bc_c908 ^ (t as u64).wrapping_mul(0x9e37_79b9), raw));
    (h >> (64 - bits)) as u32
}

/// The raw hashes of the [`OWN`] templates of a word: the same values as [`raw_features`]
/// gives them, whatever the word's neighbours.
pub fn own_raw(me: &WordInfo) -> [u64; OWN.len()] {
    let [p0, p1, p2, p3] = me.prefix;
    let [s0, s1, s2, s3] = me.suffix;
    [1, me.form, p0, p1, p2, p3, s0, s1, s2, s3, me.shape, me.len_bucket, me.first_part, me.last_part, me.cue]
}

/// The raw hash of [`CONTEXT`] template `t` at offset `d`, from the word there (`None`: the
/// offset falls outside the sentence), as [`raw_features`] computes it.
pub fn context_raw(d: isize, t: usize, word: Option<&Context>) -> u64 {
    match (t, word) {
        (25, w) => w.map_or(0, |w| w.cue),
        (_, Some(w)) => w.form,
        (_, None) if d < 0 => BOUNDARY_BEFORE.wrapping_add(d as u64),
        (_, None) => BOUNDARY_AFTER.wrapping_add(d as u64),
    }
}

/// What the [`CONJUNCTIONS`] need to know of a word (a part of its [`WordInfo`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    pub form: u64,
    pub shape: u64,
    /// `suffix[1]`: the hash of the last two characters.
    pub suffix1: u64,
    pub cue: u64,
}

impl Context {
    pub fn of(info: &WordInfo) -> Context {
        Context { form: info.form, shape: info.shape, suffix1: info.suffix[1], cue: info.cue }
    }
}

/// The raw hashes of the [`CONJUNCTIONS`] of word `i` of a sentence: the same values as
/// [`raw_features`] gives these templates (see the test `split_features_equal_token_features`).
#[inline(always)]
pub fn conjunction_raw(words: &[Context], i: usize) -> [u64; CONJUNCTIONS.len()] {
    let at = |d: isize| -> Option<&Context> {
        let j = i as isize + d;
        if j < 0 {
            None
        } else {
            words.get(j as usize)
        }
    };
    let w = |d: isize| context_raw(d, 2, at(d));
    let shape = |d: isize| at(d).map_or(7, |w| w.shape);
    let cue = |d: isize| at(d).map_or(0, |w| w.cue);
    let me = &words[i];
    let (wm2, wm1, w0, wp1, wp2) = (w(-2), w(-1), me.form, w(1), w(2));
    let prev_suffix = at(-1).map_or(BOUNDARY_BEFORE, |w| w.suffix1);
    [
        mix(wm1, w0),
        mix(w0, wp1),
        mix(mix(shape(-1), me.shape), shape(1)),
        mix(wm1, wp1),
        mix(wm2, wm1),
        mix(wp1, wp2),
        mix(prev_suffix, me.shape),
        mix(cue(-2), cue(-1)),
        mix(cue(-1), me.shape),
    ]
}

/// Bucket indices (`< 2^bits`) of the features of word `i`.
#[inline(always)]
pub fn token_features(infos: &[WordInfo], i: usize, bits: u32, out: &mut [u32; N_FEATURES]) {
    let mut raw = [0u64; N_FEATURES];
    raw_features(infos, i, &mut raw);
    for (t, (r, o)) in raw.iter().zip(out.iter_mut()).enumerate() {
        *o = bucket(t, *r, bits);
    }
}

/// Word infos of a sentence, into a reused buffer (the reference path of the tests).
#[cfg(test)]
pub fn word_infos(words: &[&str], out: &mut Vec<WordInfo>) {
    out.clear();
    out.extend(words.iter().map(|w| WordInfo::new(w)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split of the templates into own, context and conjunction features gives every
    /// template of every word exactly the bucket [`token_features`] gives it.
    #[test]
    fn split_features_equal_token_features() {
        let mut all: Vec<usize> =
            OWN.iter().chain(CONTEXT.iter().map(|(_, t)| t)).chain(&CONJUNCTIONS).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..N_FEATURES).collect::<Vec<_>>(), "each template in exactly one group");
        let sentences: [&[&str]; 5] = [
            &["ژنرال", "سیسیانف", "به", "تفلیس", "رفت", "."],
            &["آقای", "Ali", "در", "قره‌باغ", "1813", "می‌شود"],
            &["x"],
            &["", "\u{200C}"],
            &["حزب", "استان", "شهر"],
        ];
        for words in sentences {
            let mut infos = Vec::new();
            word_infos(words, &mut infos);
            let ctx: Vec<Context> = infos.iter().map(Context::of).collect();
            for i in 0..words.len() {
                let mut want = [0u32; N_FEATURES];
                token_features(&infos, i, 20, &mut want);
                for (&t, &r) in OWN.iter().zip(&own_raw(&infos[i])) {
                    assert_eq!(bucket(t, r, 20), want[t], "own template {t} of {words:?}[{i}]");
                }
                for &(d, t) in &CONTEXT {
                    let j = i as isize + d;
                    let word = if j < 0 { None } else { ctx.get(j as usize) };
                    assert_eq!(bucket(t, context_raw(d, t, word), 20), want[t], "context template {t}");
                }
                for (&t, &r) in CONJUNCTIONS.iter().zip(&conjunction_raw(&ctx, i)) {
                    assert_eq!(bucket(t, r, 20), want[t], "conjunction template {t} of {words:?}[{i}]");
                }
            }
        }
    }
}

//! The Persian lexicon behind the ZWNJ repair, built once from `data/text/` (see
//! `scripts/build-lexicon.py` and `data/text/SOURCE.md`).
//!
//! One hash table answers everything the normalizer asks about a word in ONE look-up: is it a
//! whole word, where do its half-spaces go if it was glued, is it a verb form, is it the second
//! part of compounds. It is a flat open-addressing table of 16-byte slots whose keys are slices
//! of the embedded data where possible (no allocation per key), filled in slot order at start-up
//! (see [`TableBuilder::finish`]): about a quarter of the time a hash map of boxed keys took.

use crate::chars::is_non_joining;
use std::sync::LazyLock;

const LEXICON: &str = include_str!("../../../data/text/lexicon.txt");
const VERB_STEMS: &str = include_str!("../../../data/text/verb-stems.txt");
const COMPOUND_HEADS: &str = include_str!("../../../data/text/compound-heads.txt");
const AFFIXES: &str = include_str!("../../../data/text/affixes.tsv");

pub(crate) const ZWNJ: char = '\u{200C}';

/// A whole word of the lexicon: never split.
pub(crate) const WHOLE: u8 = 1;
/// The second part of some ZWNJ compound of the lexicon («لرزه» of «زمین‌لرزه»).
pub(crate) const HEAD: u8 = 2;
/// A second part that recurs in many compounds («تبار», «نشین»): glued words ending in it split.
pub(crate) const PRODUCTIVE_HEAD: u8 = 4;
/// A verb form that takes «می»/«نمی» before it.
pub(crate) const VERB_FORM: u8 = 8;
/// A suffix written with a half-space after any word («ها», «ترین»).
pub(crate) const SUFFIX: u8 = 16;
/// A suffix written with a half-space after a word ending in «ه» («ای», «اند»).
pub(crate) const SUFFIX_AFTER_HEH: u8 = 32;
/// «می», «نمی».
pub(crate) const PREFIX: u8 = 64;
/// The first part of a two-part ZWNJ compound of the lexicon («زمین» of «زمین‌لرزه»).
pub(crate) const FIRST: u8 = 128;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Entry {
    pub flags: u8,
    /// How sure the lexicon is of a whole word (see `scripts/build-lexicon.py`): 0 = a bare
    /// entry (often a fragment), 1 = tagged, 2+ = 2 + log10 of its corpus frequency.
    pub weight: u8,
    /// For a glued form of a lexicon word with half-spaces: that word.
    pub joined: Option<&'static str>,
}

impl Entry {
    #[inline]
    pub fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

pub(crate) struct Lexicon {
    table: KeyTable,
    /// A one-hash Bloom filter of the lexicon's lines with a half-space (256 Kbit, 32 KiB, about
    /// 5 % false positives): «is "زمین‌لرزه" a whole word?» is asked of almost every word
    /// pair whose parts are a compound's first and second part, and the answer is nearly always
    /// no; the filter says so from a cache-warm bit instead of a miss in the big table.
    compounds: Vec<u64>,
    suffixes: Vec<&'static str>,
    tails: Vec<&'static str>,
    after_heh: Vec<&'static str>,
}

pub(crate) static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// A hash of a byte string: 8 bytes at a time, each folded in with a 64×64→128-bit multiply.
/// Good enough for open addressing with linear probing, and a few nanoseconds for a word.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = fold_mul(h ^ u64::from_le_bytes(c.try_into().expect("8 bytes")), K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = fold_mul(h ^ u64::from_le_bytes(buf), K);
    }
    fold_mul(h, 0xD6E8_FEB8_6659_FD93)
}

#[inline]
pub(crate) fn fold_mul(a: u64, b: u64) -> u64 {
    let r = (a as u128) * (b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

const COMPOUND_BITS: usize = 1 << 18;

fn set_bit(bits: &mut [u64], h: u64) {
    let bit = (h >> (64 - COMPOUND_BITS.trailing_zeros())) as usize;
    bits[bit / 64] |= 1 << (bit % 64);
}

/// One key of [`KeyTable`]: 16 bytes, the key itself kept elsewhere (no allocation per key).
#[derive(Clone, Copy)]
struct KeySlot {
    /// Low 32 bits of the key's hash: most mismatches are rejected without reading the key.
    tag: u32,
    /// Where the key's bytes are: below `LEXICON.len()` an offset in `LEXICON` (most keys are
    /// lines of it, used in place), else `LEXICON.len()` + an offset in `KeyTable::extra`.
    /// `u32::MAX`: an empty slot.
    key: u32,
    len: u16,
    flags: u8,
    weight: u8,
    /// 1 + index in `KeyTable::joined`, or 0.
    joined: u32,
}

const EMPTY_SLOT: KeySlot = KeySlot { tag: 0, key: u32::MAX, len: 0, flags: 0, weight: 0, joined: 0 };

/// The lexicon's words and their [`Entry`]s in one flat open-addressing table (linear probing):
/// built with no allocation per key, looked up with one hash and, almost always, one cache line
/// of the table plus the key's bytes.
struct KeyTable {
    slots: Vec<KeySlot>,
    shift: u32,
    /// Keys that are not slices of `LEXICON` (half-space-free forms, verb forms, affixes).
    extra: String,
    joined: Vec<&'static str>,
}

impl KeyTable {
    #[inline]
    fn key(&self, s: &KeySlot) -> &[u8] {
        let (at, len) = (s.key as usize, s.len as usize);
        match at.checked_sub(LEXICON.len()) {
            None => &LEXICON.as_bytes()[at..at + len],
            Some(x) => &self.extra.as_bytes()[x..x + len],
        }
    }

    /// The slot of the key `key` of hash `h`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: &[u8], h: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        let tag = h as u32;
        loop {
            let s = &self.slots[i];
            if s.key == u32::MAX || (s.tag == tag && s.len as usize == key.len() && self.key(s) == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, key: &str) -> Entry {
        self.get_hashed(key, hash_bytes(key.as_bytes()))
    }

    #[inline]
    fn get_hashed(&self, key: &str, h: u64) -> Entry {
        let s = &self.slots[self.find(key.as_bytes(), h)];
        if s.key == u32::MAX {
            return Entry::default();
        }
        let joined = (s.joined != 0).then(|| self.joined[s.joined as usize - 1]);
        Entry { flags: s.flags, weight: s.weight, joined }
    }

    fn iter(&self) -> impl Iterator<Item = (&[u8], u8)> + '_ {
        self.slots.iter().filter(|s| s.key != u32::MAX).map(|s| (self.key(s), s.flags))
    }
}

/// The keys of a [`KeyTable`] as they are added (a key may be added several times, its flags
/// merged), put into the table all at once by [`TableBuilder::finish`].
#[derive(Default)]
struct TableBuilder {
    adds: Vec<KeySlot>,
    extra: String,
    joined: Vec<&'static str>,
}

impl TableBuilder {
    /// Add `key` with `flag` (what the lexicon's old hash map did with `entry().or_default()`:
    /// flags OR-ed, the heaviest weight, the first `joined`).
    fn add(&mut self, key: &str, flag: u8, joined: Option<&'static str>, weight: u8) {
        let lexicon = LEXICON.as_bytes().as_ptr_range();
        let at = if lexicon.contains(&key.as_ptr()) {
            key.as_ptr() as usize - lexicon.start as usize
        } else {
            self.extra.push_str(key);
            LEXICON.len() + self.extra.len() - key.len()
        };
        let joined = joined.map_or(0, |j| {
            self.joined.push(j);
            self.joined.len() as u32
        });
        self.adds.push(KeySlot {
            tag: 0, // set by `finish`
            key: u32::try_from(at).expect("lexicon under 4 GiB"),
            len: u16::try_from(key.len()).expect("lexicon keys under 64 KiB"),
            flags: flag,
            weight,
            joined,
        });
    }

    /// The table. The adds go in by home slot (a stable counting sort on the slot's top bits,
    /// 256 slots = 4 KiB per bucket), so the inserts walk the table page by page instead of
    /// missing the cache on every key: a third of the build time of inserting in file order.
    fn finish(self) -> KeyTable {
        let TableBuilder { adds, extra, joined } = self;
        let cap = (adds.len() * 3 / 2).next_power_of_two().max(1024);
        let shift = 64 - cap.trailing_zeros();
        let mut table = KeyTable { slots: vec![EMPTY_SLOT; cap], shift, extra, joined };
        let hashes: Vec<u64> = adds.iter().map(|a| hash_bytes(table.key(a))).collect();
        let bucket_shift = shift + 8;
        let buckets = cap >> 8;
        let mut start = vec![0u32; buckets + 1];
        for &h in &hashes {
            start[(h >> bucket_shift) as usize + 1] += 1;
        }
        for b in 1..=buckets {
            start[b] += start[b - 1];
        }
        let mut sorted = vec![(0u64, EMPTY_SLOT); adds.len()];
        for (a, &h) in adds.iter().zip(&hashes) {
            let b = (h >> bucket_shift) as usize;
            sorted[start[b] as usize] = (h, *a);
            start[b] += 1;
        }
        drop(adds);
        for (h, a) in sorted {
            let i = table.find(table.key(&a), h);
            let s = &mut table.slots[i];
            if s.key == u32::MAX {
                *s = KeySlot { tag: h as u32, ..a };
                continue;
            }
            s.flags |= a.flags;
            s.weight = s.weight.max(a.weight);
            if s.joined == 0 {
                s.joined = a.joined;
            }
        }
        table
    }
}

impl Lexicon {
    fn build() -> Lexicon {
        // About 215 000 keys: the lines, the glued forms of those with half-spaces and their
        // parts, and the verb forms.
        let mut table = TableBuilder::default();
        let mut compounds = vec![0u64; COMPOUND_BITS / 64];
        table.adds.reserve(LEXICON.len() / 10);
        let mut glued = String::new();
        let mut add = |key: &str, flag: u8, joined: Option<&'static str>, weight: u8| {
            table.add(key, flag, joined, weight);
        };
        // One pass over the bytes (what `lines()` + `split_once('\t')` + `contains(ZWNJ)` did
        // in three): a ZWNJ's UTF-8 starts with 0xE2, which no Persian letter has.
        let bytes = LEXICON.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            let (mut tab, mut maybe_zwnj) = (None, false);
            while at < bytes.len() && bytes[at] != b'\n' {
                match bytes[at] {
                    b'\t' if tab.is_none() => tab = Some(at),
                    0xE2 if tab.is_none() => maybe_zwnj = true,
                    _ => {}
                }
                at += 1;
            }
            let line = LEXICON[start..at].strip_suffix('\r').unwrap_or(&LEXICON[start..at]);
            at += 1;
            if line.is_empty() {
                continue;
            }
            let (word, weight) = match tab {
                Some(t) if t - start < line.len() => (&LEXICON[start..t], &line[t - start + 1..]),
                _ => (line, "0"),
            };
            let weight = weight.parse().unwrap_or(0);
            add(word, WHOLE, None, weight);
            if maybe_zwnj && word.contains(ZWNJ) {
                set_bit(&mut compounds, hash_bytes(word.as_bytes()));
                glued.clear();
                glued.extend(word.chars().filter(|&c| c != ZWNJ));
                add(&glued, 0, Some(word), 0);
                if let Some((first, head)) = word.rsplit_once(ZWNJ) {
                    add(head, HEAD, None, 0);
                    if !first.contains(ZWNJ) {
                        add(first, FIRST, None, 0);
                    }
                }
            }
        }
        for head in COMPOUND_HEADS.lines().filter(|w| !w.is_empty()) {
            add(head, PRODUCTIVE_HEAD, None, 0);
        }
        let (mut suffixes, mut tails, mut past, mut present) = (vec![], vec![], vec![], vec![]);
        let mut after_heh = vec![];
        for line in AFFIXES.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let (class, form) = line.split_once('\t').unwrap_or((line, ""));
            match class {
                "prefix" => add(form, PREFIX, None, 0),
                "suffix" => {
                    add(form, SUFFIX, None, 0);
                    suffixes.push(form);
                }
                "suffix-after-heh" => {
                    add(form, SUFFIX_AFTER_HEH, None, 0);
                    after_heh.push(form);
                }
                "tail" => tails.push(form),
                "past-ending" => past.push(form),
                "present-ending" => present.push(form),
                other => panic!("affixes.tsv: unknown class {other:?}"),
            }
        }
        let mut form = String::new();
        for line in VERB_STEMS.lines() {
            let (past_stem, present_stem) = line.split_once('\t').unwrap_or((line, ""));
            let mut forms = |stem: &str, endings: &[&str]| {
                for ending in endings {
                    form.clear();
                    form.push_str(stem);
                    form.push_str(ending);
                    add(&form, VERB_FORM, None, 0);
                }
            };
            if !past_stem.is_empty() {
                forms(past_stem, &past);
            }
            if !present_stem.is_empty() {
                forms(present_stem, &present);
                if present_stem.ends_with(['ا', 'و', 'آ']) {
                    forms(&format!("{present_stem}ی"), &present);
                }
            }
        }
        Lexicon { table: table.finish(), compounds, suffixes, tails, after_heh }
    }

    #[inline]
    pub fn get(&self, word: &str) -> Entry {
        self.table.get(word)
    }

    /// Is `word`, a word with a half-space, a whole word of the lexicon?
    #[inline]
    pub fn is_whole_compound(&self, word: &str) -> bool {
        let h = hash_bytes(word.as_bytes());
        let bit = (h >> (64 - COMPOUND_BITS.trailing_zeros())) as usize;
        self.compounds[bit / 64] & (1 << (bit % 64)) != 0 && self.table.get_hashed(word, h).has(WHOLE)
    }

    /// «کرده», «نکرده», «شده»: a past stem + «ه», maybe negated.
    fn is_participle(&self, stem: &str) -> bool {
        stem.ends_with('ه')
            && (self.get(stem).has(VERB_FORM)
                || stem.strip_prefix('ن').is_some_and(|s| self.get(s).has(VERB_FORM)))
    }

    /// Where the half-spaces go in `word`, a run of Persian letters with none, that is not a
    /// whole word (`entry` is its look-up): byte positions pushed to `cuts`, ascending.
    /// Pushes nothing when no rule is sure.
    pub fn repair_glued(&self, word: &str, entry: Entry, cuts: &mut Vec<usize>) {
        if let Some(joined) = entry.joined {
            push_cuts(joined, 0, cuts);
            return;
        }
        // stem + «ها», «ترین» ... (a half-space before the suffix, unless the stem ends in a
        // letter that does not join, where it would change nothing), or stem-in-«ه» + «ای»,
        // «اند» ...: the heavier stem wins («مقالهای» = «مقاله»+«ای», «ترکهای» = «ترک»+«های»).
        let mut best: Option<(u8, usize, Option<&'static str>)> = None;
        let mut consider = |stem: &str, e: Entry, min_weight: u8| {
            if (e.has(WHOLE) && e.weight >= min_weight) || e.joined.is_some() {
                let w = if e.has(WHOLE) { e.weight } else { 1 };
                if best.map_or(true, |(bw, _, _)| w > bw) {
                    best = Some((w, stem.len(), e.joined));
                }
            }
        };
        for &suffix in &self.suffixes {
            if let Some(stem) = stem_of(word, suffix) {
                // Plurals of any listed word of 3+ letters («آذربایجانیها»); «تر» needs a surer stem.
                let min_weight =
                    if suffix.starts_with('ه') && stem.chars().nth(2).is_some() { 0 } else { 1 };
                consider(stem, self.get(stem), min_weight);
                break;
            }
        }
        for &suffix in &self.after_heh {
            if suffix.chars().nth(1).is_none() {
                continue;
            }
            if let Some(stem) = stem_of(word, suffix).filter(|s| s.ends_with('ه')) {
                consider(stem, self.get(stem), 1);
                if self.is_participle(stem) {
                    consider(stem, Entry { flags: WHOLE, weight: 1, joined: None }, 1);
                }
                break;
            }
        }
        // A participle + «است» glued: «بودهاست» → «بوده‌است».
        if let Some(stem) = stem_of(word, "است").filter(|s| self.is_participle(s)) {
            consider(stem, Entry { flags: WHOLE, weight: 1, joined: None }, 1);
        }
        if let Some((_, at, joined)) = best {
            if let Some(joined) = joined {
                push_cuts(joined, 0, cuts);
            }
            if !word[..at].ends_with(is_non_joining) {
                cuts.push(at);
            }
            return;
        }
        // A glued compound + a plain ending: «تاریخنگار» + «ان».
        for &tail in &self.tails {
            if let Some(joined) = stem_of(word, tail).and_then(|stem| self.get(stem).joined) {
                push_cuts(joined, 0, cuts);
                return;
            }
        }
        // «می» / «نمی» + a verb form.
        for prefix in ["نمی", "می"] {
            if let Some(rest) = word.strip_prefix(prefix) {
                if rest.chars().count() >= 2 && self.get(rest).has(VERB_FORM) {
                    cuts.push(prefix.len());
                    return;
                }
            }
        }
        // A known word + a plain ending («رهبر» + «ان», «روستایی» + «ان»): a real word, whole.
        if self.tails.iter().any(|&tail| stem_of(word, tail).is_some_and(|stem| self.get(stem).has(WHOLE))) {
            return;
        }
        // A known word + a productive compound head (+ an ending): «ارمنی» + «تبار» + «ان».
        let mut boundaries = word.char_indices().map(|(i, _)| i).skip(3).collect::<smallvec_like::Stack>();
        while let Some(split) = boundaries.pop() {
            let (first, rest) = word.split_at(split);
            if first.ends_with(is_non_joining) || first.chars().nth(2).is_none() || rest.chars().count() < 3 {
                continue;
            }
            let endings =
                std::iter::once("").chain(self.suffixes.iter().copied()).chain(self.tails.iter().copied());
            for ending in endings {
                let Some(head) = rest.strip_suffix(ending) else { continue };
                if head.chars().count() < 3 || !self.get(head).has(PRODUCTIVE_HEAD) {
                    continue;
                }
                let e = self.get(first);
                if !e.has(WHOLE) || e.weight < 2 {
                    break;
                }
                cuts.push(split);
                if self.get(ending).has(SUFFIX) && !head.ends_with(is_non_joining) {
                    cuts.push(split + head.len());
                }
                return;
            }
        }
    }
}

/// `word` without `suffix`, if what is left has at least two letters.
fn stem_of<'w>(word: &'w str, suffix: &str) -> Option<&'w str> {
    let stem = word.strip_suffix(suffix)?;
    (stem.chars().nth(1).is_some()).then_some(stem)
}

/// Byte positions, in the glued form of `joined`, of its half-spaces (offset by `base`).
fn push_cuts(joined: &str, base: usize, cuts: &mut Vec<usize>) {
    let mut removed = 0;
    for (i, c) in joined.char_indices() {
        if c == ZWNJ {
            cuts.push(base + i - removed);
            removed += ZWNJ.len_utf8();
        }
    }
}

/// A tiny fixed-capacity stack of char boundaries, so the compound search allocates nothing.
mod smallvec_like {
    pub struct Stack {
        items: [usize; 64],
        len: usize,
    }
    impl Stack {
        pub fn pop(&mut self) -> Option<usize> {
            self.len = self.len.checked_sub(1)?;
            Some(self.items[self.len])
        }
    }
    impl FromIterator<usize> for Stack {
        fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Stack {
            let mut s = Stack { items: [0; 64], len: 0 };
            for i in iter.into_iter().take(64) {
                s.items[s.len] = i;
                s.len += 1;
            }
            s
        }
    }
}

/// What the normalizer needs to know of one word: its lexicon flags and where its half-spaces go.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Analysis {
    pub flags: u8,
    pub(crate) ncuts: u8,
    pub(crate) cuts: [u8; 6],
}

impl Analysis {
    pub fn cuts(&self) -> impl Iterator<Item = usize> + '_ {
        self.cuts[..self.ncuts as usize].iter().map(|&c| c as usize)
    }
}

/// Affix flags of the words of one or two letters of the Arabic block, indexed by
/// `first * 256 + second` (second = 0xFF for one letter): the commonest words of Persian («و»,
/// «در», «به», «از»), never glued-repaired, answered without hashing.
static SHORT: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut t = vec![0u8; 256 * 256];
    for (key, flags) in LEX.table.iter() {
        if let Some(i) = short_index(key) {
            t[i] = flags & (PREFIX | SUFFIX | SUFFIX_AFTER_HEH);
        }
    }
    t
});

#[inline]
fn short_index(b: &[u8]) -> Option<usize> {
    let lead = |x: u8| (0xD8..=0xDB).contains(&x);
    match b.len() {
        2 if lead(b[0]) => Some(crate::chars::arabic_index(b[0], b[1]) * 256 + 0xFF),
        4 if lead(b[0]) && lead(b[2]) => {
            Some(crate::chars::arabic_index(b[0], b[1]) * 256 + crate::chars::arabic_index(b[2], b[3]))
        }
        _ => None,
    }
}

/// Flags and half-spaces of a Persian word without ZWNJ (see [`Lexicon::repair_glued`]).
/// The normalizer keeps the answers in its word cache.
pub(crate) fn analyze(word: &str) -> Analysis {
    if let Some(i) = short_index(word.as_bytes()) {
        return Analysis { flags: SHORT[i], ..Analysis::default() };
    }
    compute(word)
}

fn compute(word: &str) -> Analysis {
    let entry = LEX.get(word);
    let mut a = Analysis { flags: entry.flags, ..Analysis::default() };
    if !entry.has(WHOLE) && word.chars().nth(2).is_some() {
        let mut cuts = Vec::new();
        LEX.repair_glued(word, entry, &mut cuts);
        if word.len() <= 255 && cuts.len() <= a.cuts.len() {
            for (slot, c) in a.cuts.iter_mut().zip(&cuts) {
                *slot = *c as u8;
            }
            a.ncuts = cuts.len() as u8;
        }
    }
    a
}

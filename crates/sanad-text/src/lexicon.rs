//! The Persian lexicon behind the ZWNJ repair, built once from `data/text/` (see
//! `scripts/build-lexicon.py` and `data/text/SOURCE.md`).
//!
//! One hash map answers everything the normalizer asks about a word in ONE look-up: is it a
//! whole word, where do its half-spaces go if it was glued, is it a verb form, is it the second
//! part of compounds. Keys are borrowed from the embedded data where possible.

use crate::chars::is_non_joining;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
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
    entries: FxHashMap<Box<str>, Entry>,
    suffixes: Vec<&'static str>,
    tails: Vec<&'static str>,
    after_heh: Vec<&'static str>,
}

pub(crate) static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

impl Lexicon {
    fn build() -> Lexicon {
        let mut entries: FxHashMap<Box<str>, Entry> = FxHashMap::default();
        entries.reserve(240_000);
        let mut add = |key: &str, flag: u8, joined: Option<&'static str>, weight: u8| {
            let e = entries.entry(key.into()).or_default();
            e.flags |= flag;
            e.weight = e.weight.max(weight);
            if joined.is_some() && e.joined.is_none() {
                e.joined = joined;
            }
        };
        for line in LEXICON.lines().filter(|w| !w.is_empty()) {
            let (word, weight) = line.split_once('\t').unwrap_or((line, "0"));
            let weight = weight.parse().unwrap_or(0);
            add(word, WHOLE, None, weight);
            if word.contains(ZWNJ) {
                let glued: String = word.chars().filter(|&c| c != ZWNJ).collect();
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
        Lexicon { entries, suffixes, tails, after_heh }
    }

    #[inline]
    pub fn get(&self, word: &str) -> Entry {
        self.entries.get(word).copied().unwrap_or_default()
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
    ncuts: u8,
    cuts: [u8; 6],
}

impl Analysis {
    pub fn cuts(&self) -> impl Iterator<Item = usize> + '_ {
        self.cuts[..self.ncuts as usize].iter().map(|&c| c as usize)
    }
}

thread_local! {
    /// Words seen before on this thread: text is Zipfian, so almost every word is a hit and
    /// costs one look-up in a small, cache-warm map instead of the lexicon and its rules.
    static MEMO: RefCell<FxHashMap<Box<str>, Analysis>> = RefCell::new(FxHashMap::default());
}

const MEMO_MAX: usize = 1 << 16;

/// Affix flags of the words of one or two letters of the Arabic block, indexed by
/// `first * 256 + second` (second = 0xFF for one letter): the commonest words of Persian («و»,
/// «در», «به», «از»), never glued-repaired, answered without hashing.
static SHORT: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut t = vec![0u8; 256 * 256];
    for (key, e) in &LEX.entries {
        if let Some(i) = short_index(key) {
            t[i] = e.flags & (PREFIX | SUFFIX | SUFFIX_AFTER_HEH);
        }
    }
    t
});

#[inline]
fn short_index(word: &str) -> Option<usize> {
    let b = word.as_bytes();
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
pub(crate) fn analyze(word: &str) -> Analysis {
    if let Some(i) = short_index(word) {
        return Analysis { flags: SHORT[i], ..Analysis::default() };
    }
    if word.len() > 255 {
        return compute(word);
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(a) = memo.get(word) {
            return *a;
        }
        let a = compute(word);
        if memo.len() >= MEMO_MAX {
            memo.clear();
        }
        memo.insert(word.into(), a);
        a
    })
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

//! The Persian lexicon behind the ZWNJ repair, built from `data/text/` (see
//! `scripts/build-lexicon.py` and `data/text/SOURCE.md`).
//!
//! One hash table answers everything the normalizer asks about a word in ONE look-up: is it a
//! whole word, where do its half-spaces go if it was glued, is it a verb form, is it the second
//! part of compounds. It is a flat open-addressing table of 16-byte slots whose keys are slices
//! of the embedded data where possible.
//!
//! The table is built at COMPILE time: `build.rs` runs [`build_table`] (in `lexicon_build.rs`,
//! the one copy of the hash, the slot layout and the build, included by both) and writes the
//! slots, the extra keys, the joined words (as offsets in the lexicon), the compound filter and
//! the table of short words as bytes into OUT_DIR; they are included here as statics. Building
//! the 215 000 keys at run time cost ≈ 23 ms of every process (8 MB of slots written, page
//! faults included); now start-up only maps the pages of the binary that look-ups touch. The
//! tests below rebuild the table from the same data and check it against the compiled bytes.

use crate::chars::is_non_joining;
use std::sync::LazyLock;

/// The hash, the slot layout and the build shared with `build.rs`; the build half is used here
/// only by the tests.
#[cfg_attr(not(test), allow(dead_code))]
mod shared {
    include!("lexicon_build.rs");
}
pub(crate) use shared::*;

const LEXICON: &str = include_str!("../../../data/text/lexicon.txt");
const AFFIXES: &str = include_str!("../../../data/text/affixes.tsv");

/// Bytes of the binary aligned to a cache line (a slot never straddles two).
#[repr(C, align(64))]
struct Aligned<T: ?Sized>(T);

static SLOTS: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-slots.bin")));
static EXTRA: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon-extra.txt"));
static JOINED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-joined.bin"));
static COMPOUNDS: &Aligned<[u8]> =
    &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-compounds.bin")));
/// Affix flags of the words of one or two letters of the Arabic block, indexed by
/// [`short_index`]: the commonest words of Persian («و», «در», «به», «از»), never
/// glued-repaired, answered without hashing.
static SHORT: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-short.bin")));

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
    compounds: &'static [u8],
    suffixes: Vec<&'static str>,
    tails: Vec<&'static str>,
    after_heh: Vec<&'static str>,
}

pub(crate) static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// The compiled table (see the module's doc): looked up with one hash and, almost always, one
/// cache line of the slots plus the key's bytes.
struct KeyTable {
    /// [`SLOT_BYTES`] per slot, a power of two of them.
    slots: &'static [u8],
    mask: usize,
    shift: u32,
}

impl KeyTable {
    #[inline]
    fn slot(&self, i: usize) -> KeySlot {
        let b = &self.slots[i * SLOT_BYTES..i * SLOT_BYTES + SLOT_BYTES];
        KeySlot::from_bytes(b.try_into().expect("a whole slot"))
    }

    #[inline]
    fn key(&self, s: &KeySlot) -> &'static [u8] {
        let (at, len) = (s.key as usize, s.len as usize);
        match at.checked_sub(LEXICON.len()) {
            None => &LEXICON.as_bytes()[at..at + len],
            Some(x) => &EXTRA.as_bytes()[x..x + len],
        }
    }

    /// The slot of the key `key` of hash `h`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: &[u8], h: u64) -> KeySlot {
        let mut i = (h >> self.shift) as usize;
        let tag = h as u32;
        loop {
            let s = self.slot(i);
            if s.key == u32::MAX || (s.tag == tag && s.len as usize == key.len() && self.key(&s) == key) {
                return s;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[inline]
    fn get(&self, key: &str) -> Entry {
        self.get_hashed(key, hash_bytes(key.as_bytes()))
    }

    #[inline]
    fn get_hashed(&self, key: &str, h: u64) -> Entry {
        let s = self.find(key.as_bytes(), h);
        if s.key == u32::MAX {
            return Entry::default();
        }
        let joined = (s.joined != 0).then(|| {
            let j = &JOINED[(s.joined as usize - 1) * 8..][..8];
            let at = u32::from_le_bytes([j[0], j[1], j[2], j[3]]) as usize;
            let len = u32::from_le_bytes([j[4], j[5], j[6], j[7]]) as usize;
            &LEXICON[at..at + len]
        });
        Entry { flags: s.flags, weight: s.weight, joined }
    }
}

impl Lexicon {
    /// The compiled table and the affix lists (a few dozen lines of `affixes.tsv`).
    fn build() -> Lexicon {
        let cap = SLOTS.0.len() / SLOT_BYTES;
        assert!(cap.is_power_of_two(), "the build script writes a power of two of slots");
        let table = KeyTable { slots: &SLOTS.0, mask: cap - 1, shift: 64 - cap.trailing_zeros() };
        let (mut suffixes, mut tails, mut after_heh) = (vec![], vec![], vec![]);
        for (class, form) in affix_lines(AFFIXES) {
            match class {
                "suffix" => suffixes.push(form),
                "suffix-after-heh" => after_heh.push(form),
                "tail" => tails.push(form),
                _ => {}
            }
        }
        Lexicon { table, compounds: &COMPOUNDS.0, suffixes, tails, after_heh }
    }

    #[inline]
    pub fn get(&self, word: &str) -> Entry {
        self.table.get(word)
    }

    /// Is `word`, a word with a half-space, a whole word of the lexicon?
    #[inline]
    pub fn is_whole_compound(&self, word: &str) -> bool {
        let h = hash_bytes(word.as_bytes());
        let bit = compound_bit(h);
        self.compounds[bit / 8] & (1 << (bit % 8)) != 0 && self.table.get_hashed(word, h).has(WHOLE)
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

/// Flags and half-spaces of a Persian word without ZWNJ (see [`Lexicon::repair_glued`]).
/// The normalizer keeps the answers in its word cache.
pub(crate) fn analyze(word: &str) -> Analysis {
    if let Some(i) = short_index(word.as_bytes()) {
        return Analysis { flags: SHORT.0[i], ..Analysis::default() };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled table is what the build gives from the data the crate embeds (a stale or
    /// mis-written OUT_DIR would fail here, not silently change the repairs).
    #[test]
    fn compiled_table_is_the_built_one() {
        let built = build_table(
            LEXICON,
            include_str!("../../../data/text/verb-stems.txt"),
            include_str!("../../../data/text/compound-heads.txt"),
            AFFIXES,
        );
        let slots: Vec<u8> = built.slots.iter().flat_map(|s| s.to_bytes()).collect();
        assert!(slots == SLOTS.0, "slots differ");
        assert_eq!(built.extra, EXTRA);
        let joined: Vec<u8> = built
            .joined
            .iter()
            .flat_map(|&(at, len)| at.to_le_bytes().into_iter().chain(len.to_le_bytes()))
            .collect();
        assert!(joined == JOINED, "joined differ");
        let compounds: Vec<u8> = built.compounds.iter().flat_map(|w| w.to_le_bytes()).collect();
        assert!(compounds == COMPOUNDS.0, "compound filter differs");
        assert!(built.short_flags(LEXICON) == SHORT.0, "short words differ");
        // Every slot decodes back to itself, and every key is found where it is.
        let lex = &*LEX;
        for s in built.slots.iter().filter(|s| s.key != u32::MAX) {
            let key = std::str::from_utf8(built.key(LEXICON, s)).expect("keys are UTF-8");
            let e = lex.get(key);
            assert_eq!((e.flags, e.weight), (s.flags, s.weight), "{key}");
        }
    }
}

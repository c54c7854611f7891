//! The normalizer and its offset map.
//!
//! One pass over the original text: each character is mapped ([`crate::chars`]), letters are
//! gathered into a word buffer, and when a word ends the normalizer decides, with one lexicon
//! look-up, where its half-spaces go (glued repair) and whether the space before it becomes a
//! half-space (spaced repair); the whitespace between two units is decided only once the unit
//! after it is known (no space before «،», a space after it, …). Output and offset map are
//! appended as it goes; nothing is allocated per word.

use crate::chars::{arabic_index, PLAIN_PERSIAN};
use crate::chars::{is_persian_letter, Class, CHARS};
use crate::lexicon::{
    analyze, fold_mul, Analysis, Entry, FIRST, HEAD, LEX, PREFIX, SUFFIX, SUFFIX_AFTER_HEH, ZWNJ,
};
use std::sync::LazyLock;

/// Which digits the normalized text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigitScript {
    /// `0-9`: what the extractors read.
    Latin,
    /// `۰-۹`: what a reader of Persian expects (hazm's default).
    Persian,
    /// Leave every digit as written.
    Keep,
}

/// What the normalizer does. Every step can be switched off.
#[derive(Clone, Debug)]
pub struct NormalizeOptions {
    pub digits: DigitScript,
    /// ي ى ك ة, presentation forms … → ی ک ه … (`data/text/characters.tsv`).
    pub persian_letters: bool,
    /// fatha … sukun, tanwin, superscript alef.
    pub remove_diacritics: bool,
    /// ـ (tatweel / kashida).
    pub remove_tatweel: bool,
    /// NBSP and other odd spaces to U+0020, bidi controls and zero-width spaces removed, runs
    /// of spaces collapsed, no spaces at the start or end of a line, stray ZWNJs removed.
    pub clean_spaces: bool,
    /// Insert ZWNJ where the half-space was spaced or stripped («می شود», «میشود» → «می‌شود»).
    pub repair_zwnj: bool,
    /// No space before «،» «.» «!» «؟» «؛» «:» «)» «»», a space after «،» «؛» «؟» «!» «)» «»», none
    /// after «(» «« and a space before «««. Needs `clean_spaces`.
    pub punctuation_spacing: bool,
}

impl Default for NormalizeOptions {
    /// What `sanad normalize` prints: everything on, Persian digits.
    fn default() -> Self {
        NormalizeOptions {
            digits: DigitScript::Persian,
            persian_letters: true,
            remove_diacritics: true,
            remove_tatweel: true,
            clean_spaces: true,
            repair_zwnj: true,
            punctuation_spacing: true,
        }
    }
}

impl NormalizeOptions {
    /// What the extractors read: everything on, Latin digits.
    pub fn for_extraction() -> Self {
        NormalizeOptions { digits: DigitScript::Latin, ..Self::default() }
    }
}

/// One piece of the offset map: normalized bytes `norm..norm+nlen` came from original bytes
/// `orig..orig+olen`. A *linear* piece maps byte for byte (`nlen == olen`, characters of the
/// same widths: copied text, or ي→ی); any other piece is an *atom*: only its ends map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    norm: u32,
    orig: u32,
    nlen: u32,
    olen: u32,
    linear: bool,
}

/// From normalized byte offsets back to the original bytes.
///
/// Stored as sorted pieces, not one entry per byte: unchanged runs (almost all of a text)
/// are one piece however long, so the map costs a few bytes per *change*. Look-ups are a
/// binary search.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    normalized_len: usize,
    original_len: usize,
    /// `index[j]`: how many pieces start at or before normalized byte `j << INDEX_SHIFT`, so a
    /// look-up searches only the few pieces of one 256-byte stretch (every extractor maps
    /// every span it reports). Empty: search all.
    index: Vec<u32>,
}

const INDEX_SHIFT: u32 = 8;

impl OffsetMap {
    /// The original byte range behind the normalized range `start..end`.
    ///
    /// Given char boundaries of the normalized text, it returns char boundaries of the
    /// original, inside it, monotone in both ends; a range covering a whole normalized word maps
    /// to exactly that word's original bytes (diacritics written on it included, spaces and
    /// invisible controls around it excluded). An empty range maps to an empty range.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.start_to_original(start);
        if end <= start {
            return (s, s);
        }
        let e = self.end_to_original(end);
        (s, e.max(s))
    }

    fn piece_at(&self, pos: usize) -> Option<&Piece> {
        // The last piece starting at or before `pos`: the count of pieces starting at or
        // before it lies between the counts at the ends of its stretch.
        let j = pos >> INDEX_SHIFT;
        let (lo, hi) = match (self.index.get(j), self.index.get(j + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            (Some(&lo), None) => (lo as usize, self.pieces.len()),
            _ => (0, self.pieces.len()),
        };
        let i = lo + self.pieces[lo..hi].partition_point(|p| p.norm as usize <= pos);
        i.checked_sub(1).map(|i| &self.pieces[i])
    }

    fn build_index(&mut self) {
        let stretches = (self.normalized_len >> INDEX_SHIFT) + 1;
        self.index.clear();
        self.index.reserve(stretches);
        let mut k = 0;
        for j in 0..stretches {
            let at = j << INDEX_SHIFT;
            while k < self.pieces.len() && self.pieces[k].norm as usize <= at {
                k += 1;
            }
            self.index.push(k as u32);
        }
    }

    fn last_orig_end(&self) -> usize {
        self.pieces.last().map_or(0, |p| (p.orig + p.olen) as usize)
    }

    fn start_to_original(&self, pos: usize) -> usize {
        if pos >= self.normalized_len {
            return self.last_orig_end();
        }
        match self.piece_at(pos) {
            Some(p) if p.linear => p.orig as usize + (pos - p.norm as usize),
            Some(p) => p.orig as usize,
            None => 0,
        }
    }

    fn end_to_original(&self, pos: usize) -> usize {
        if pos >= self.normalized_len {
            return self.last_orig_end();
        }
        match self.piece_at(pos - 1) {
            Some(p) if p.linear => p.orig as usize + (pos - p.norm as usize),
            Some(p) => (p.orig + p.olen) as usize,
            None => 0,
        }
    }

    pub fn original_len(&self) -> usize {
        self.original_len
    }

    pub fn normalized_len(&self) -> usize {
        self.normalized_len
    }

    /// How many pieces the map holds (a measure of how much normalization changed).
    pub fn pieces(&self) -> usize {
        self.pieces.len()
    }
}

/// Normalized text and the map back to the original.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// A configured normalizer; build once, use for many texts.
#[derive(Clone, Debug, Default)]
pub struct Normalizer {
    options: NormalizeOptions,
}

impl Normalizer {
    pub fn new(options: NormalizeOptions) -> Normalizer {
        if options.repair_zwnj {
            std::sync::LazyLock::force(&LEX);
        }
        Normalizer { options }
    }

    pub fn options(&self) -> &NormalizeOptions {
        &self.options
    }

    /// Normalize `input`, keeping the offset map.
    ///
    /// ```
    /// use sanad_text::{Normalizer, NormalizeOptions};
    /// let n = Normalizer::new(NormalizeOptions::default()).normalize("ارمنی ها میشود ، قرهباغ");
    /// assert_eq!(n.text, "ارمنی\u{200c}ها می\u{200c}شود، قره\u{200c}باغ");
    /// ```
    pub fn normalize(&self, input: &str) -> Normalized {
        self.run(input, false).0
    }

    /// [`Normalizer::normalize`], and the byte ranges in the normalized text of the words made
    /// only of plain Persian letters, ascending: the tokenizer need not read them again
    /// ([`crate::tokenize::tokenize_with_words`]).
    pub(crate) fn normalize_with_words(&self, input: &str) -> (Normalized, Vec<(u32, u32)>) {
        self.run(input, true)
    }

    /// Hand back the vector [`Normalizer::normalize_with_words`] returned, for the next
    /// document on this thread (no fresh pages to fault in each time).
    pub(crate) fn give_back_words(words: Vec<(u32, u32)>) {
        WORDS.with(|w| w.set(words));
    }

    fn run(&self, input: &str, record_words: bool) -> (Normalized, Vec<(u32, u32)>) {
        assert!(input.len() < u32::MAX as usize, "inputs over 4 GiB are split by the caller");
        let mut run = Run::new(&self.options, input);
        if record_words {
            let mut words = WORDS.with(std::cell::Cell::take);
            words.clear();
            run.words = Some(words);
        }
        run.go();
        run.flush_out();
        let Run { out, pieces, cache, words, .. } = run;
        cache.give_back();
        let normalized_len = out.len();
        let mut map = OffsetMap { pieces, normalized_len, original_len: input.len(), index: Vec::new() };
        map.build_index();
        (Normalized { text: out, map }, words.unwrap_or_default())
    }
}

/// What came before the current gap, for the spacing decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prev {
    Start,
    Newline,
    /// A word; `start..end` in the output.
    Word {
        start: usize,
        end: usize,
        persian: bool,
    },
    /// « ( [
    Open,
    /// ، ؛ ؟ ! ) ] » and the like: a space after them.
    Close,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    Word,
    Punct(char),
}

/// One normalization in progress.
struct Run<'a> {
    o: &'a NormalizeOptions,
    input: &'a str,
    out: String,
    pieces: Vec<Piece>,
    // The word being gathered: its normalized text and pieces (norm relative to the word).
    word: String,
    word_pieces: Vec<Piece>,
    word_persian: bool,
    word_zwnj: bool,
    // Whitespace since the last unit: original range, or None.
    gap: Option<(usize, usize)>,
    prev: Prev,
    /// Where the previous word (with what joined it) starts in the output, and its flags.
    prev_start: usize,
    prev_flags: u8,
    cuts: Vec<usize>,
    scratch: String,
    cache: WordCache,
    /// The word so far, when it is one unchanged slice of the input (then `word` is empty).
    direct: Option<(usize, usize)>,
    /// The plain Persian runs found ahead of the main loop ([`Run::scan_ahead`]), the next
    /// one to reach, and where the scan stopped.
    runs: Vec<PlainRun>,
    next_run: usize,
    scanned: usize,
    /// The last run the main loop went through, for the word cache look-up of a direct word.
    last_run: PlainRun,
    /// Whether the runs are found ahead, their word cache slots prefetched: when the cache has
    /// grown past [`SCAN_AHEAD_FROM`] slots. A smaller one stays in the CPU caches and the scan
    /// would only cost time.
    ahead: bool,
    /// Where the words made only of plain Persian letters are in `out`, when asked for.
    words: Option<Vec<(u32, u32)>>,
    /// Input bytes `start..end` that follow `out` but are not copied yet: text copied unchanged
    /// grows this range and is copied in one go when something else is written (or `out` is
    /// read), instead of one small copy per word and space. See [`Run::out_len`].
    pending: (usize, usize),
}

/// The plain run starting at `j` in `bytes`, if one does (`j` is a char boundary), with its
/// letter codes.
#[inline]
fn plain_run(bytes: &[u8], j: usize) -> Option<PlainRun> {
    let code = &*PLAIN_CODE;
    let letter = |j: usize| {
        if j + 1 < bytes.len() && (0xD8..=0xDB).contains(&bytes[j]) {
            code[arabic_index(bytes[j], bytes[j + 1])]
        } else {
            0
        }
    };
    let c = letter(j);
    if c == 0 {
        return None;
    }
    let (start, mut end) = (j, j + 2);
    let (mut word, mut k) = (c as u64, 1);
    loop {
        let c = letter(end);
        if c == 0 {
            break;
        }
        if k < SHORT_LETTERS {
            word |= (c as u64) << (6 * k);
        }
        k += 1;
        end += 2;
    }
    let code = if k <= SHORT_LETTERS { word } else { 0 };
    Some(PlainRun { start: start as u32, end: end as u32, code })
}

/// A maximal run of Persian letters that no rule changes, `start..end` in the input, with its
/// word cache code ([`WordCache::code_of`]; 0 when it has more than 9 letters).
#[derive(Clone, Copy, Debug, Default)]
struct PlainRun {
    start: u32,
    end: u32,
    code: u64,
}

/// The analyses of the words seen on this thread, in front of [`analyze`]: text is Zipfian and a
/// corpus has a few tens of thousands of distinct words, so almost every word is a hit.
///
/// Two open-addressing tables (linear probing) whose keys are stored in the slots, so a look-up
/// is one multiply-hash and, nearly always, one slot read and compared as an integer (no
/// pointer to follow, no `memcmp`):
/// * `short`, 8 bytes a word, for words of 1 to 9 letters (nearly all): the word's letters in
///   6 bits each ([`LETTER_CODE`]: a Persian word has about 40 different letters), its lexicon
///   flags, and a bit [`CUTS`] marking a word with half-spaces to insert, whose analysis is
///   kept in `long`;
/// * `long`, 32 bytes a word, for the other words of up to 23 bytes and the marked ones.
///
/// The slots are small so that the table stays in few cache lines: in the pipeline the other
/// stages evict it between documents, and a look-up that waits for memory was most of the
/// normalizer's time (with 16-byte slots holding the UTF-8 bytes, the table was twice the size,
/// the whole of the L2 cache). Longer words (rare) go straight to [`analyze`]. The cache lives in
/// a thread-local between calls (taken out for the length of one normalization); when a table
/// fills both are emptied, which changes nothing but the time.
struct WordCache {
    short: Vec<u64>,
    long: Vec<Slot>,
    /// Words in `short` and in `long`.
    len: (usize, usize),
}

#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    /// The word zero-padded to 23 bytes, then its length.
    key: [u64; 3],
    analysis: Analysis,
}

/// `short` starts at 2^12 slots (32 KiB) and doubles when ⅞ full up to 2^16 (512 KiB), then is
/// emptied instead: a text with a small vocabulary keeps its words in few cache lines. (Linear
/// probing at ⅞ load still finds a word within a cache line or two: 8 slots a line.)
const SHORT_MIN_BITS: u32 = 12;
const SHORT_MAX_BITS: u32 = 16;
const LONG_BITS: u32 = 14;
/// A `short` slot: the letter codes of the word (up to 9, the first in the low bits) ...
const SHORT_LETTERS: u32 = 9;
const CODE_BITS: u64 = (1 << (6 * SHORT_LETTERS)) - 1;
/// ... then its lexicon flags ...
const FLAGS_SHIFT: u32 = 6 * SHORT_LETTERS;
/// ... and whether it has half-spaces to insert (its analysis is in `long`).
const CUTS: u64 = 1 << (FLAGS_SHIFT + 8);
const EMPTY: Slot = Slot { key: [0; 3], analysis: Analysis { flags: 0, ncuts: 0, cuts: [0; 6] } };

/// The 6-bit code (1..=63) of each letter a Persian word is made of
/// ([`crate::chars::is_persian_letter`]), by its index in the Arabic block; 0 for the others.
static LETTER_CODE: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let mut t = [0u8; 256];
    let mut next = 1u8;
    for (i, slot) in t.iter_mut().enumerate() {
        if char::from_u32(0x600 + i as u32).is_some_and(is_persian_letter) {
            assert!(next < 64, "more than 63 Persian letters");
            *slot = next;
            next += 1;
        }
    }
    t
});

/// [`LETTER_CODE`] of the letters of [`PLAIN_PERSIAN`], 0 for every other index: what the
/// run scanner needs in one look-up.
static PLAIN_CODE: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let (plain, letters) = (&*PLAIN_PERSIAN, &*LETTER_CODE);
    std::array::from_fn(|i| if plain[i] { letters[i] } else { 0 })
});

thread_local! {
    static CACHE: std::cell::Cell<Option<WordCache>> = const { std::cell::Cell::new(None) };
    /// The word ranges' vector of the last [`Normalizer::normalize_with_words`], given back.
    static WORDS: std::cell::Cell<Vec<(u32, u32)>> = const { std::cell::Cell::new(Vec::new()) };
}

impl WordCache {
    fn take() -> WordCache {
        CACHE.with(|c| c.take()).unwrap_or_else(|| WordCache {
            short: vec![0; 1 << SHORT_MIN_BITS],
            long: vec![EMPTY; 1 << LONG_BITS],
            len: (0, 0),
        })
    }

    fn give_back(self) {
        CACHE.with(|c| c.set(Some(self)));
    }

    /// The letter codes of a word of 1 to 9 Persian letters (never 0), or `None` for any other.
    #[inline]
    fn code_of(bytes: &[u8]) -> Option<u64> {
        if bytes.is_empty() || bytes.len() > 2 * SHORT_LETTERS as usize || bytes.len() % 2 != 0 {
            return None;
        }
        let letters = &*LETTER_CODE;
        let mut code = 0;
        // Every letter is two bytes: the lead byte of a two-byte character is never a
        // continuation byte, so checking the leads keeps the pairs aligned on characters.
        for (k, pair) in bytes.chunks_exact(2).enumerate() {
            if !(0xD8..=0xDB).contains(&pair[0]) {
                return None;
            }
            let c = letters[arabic_index(pair[0], pair[1])];
            if c == 0 {
                return None;
            }
            code |= (c as u64) << (6 * k);
        }
        Some(code)
    }

    #[inline]
    fn hash_code(code: u64) -> u64 {
        fold_mul(code ^ 0x9E37_79B9_7F4A_7C15, 0xD6E8_FEB8_6659_FD93)
    }

    /// The padded key of a word of 1 to 23 bytes, and its hash.
    #[inline]
    fn key_of(bytes: &[u8]) -> ([u64; 3], u64) {
        // Loaded as integers straight from the text (a copy into a padded buffer read back as
        // integers stalled on store forwarding).
        let chunk = |c: usize| match bytes.get(8 * c..) {
            Some(rest) if rest.len() >= 8 => u64::from_le_bytes(rest[..8].try_into().expect("8 bytes")),
            Some(rest) => load_partial(rest),
            None => 0,
        };
        let key = [chunk(0), chunk(1), chunk(2) | (bytes.len() as u64) << 56];
        (key, Self::hash(key))
    }

    #[inline]
    fn hash(key: [u64; 3]) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        fold_mul(fold_mul(key[0] ^ K, key[1] ^ 0xD6E8_FEB8_6659_FD93) ^ key[2], K)
    }

    /// Start loading the slot where the look-up of the word of letter codes `code` will begin
    /// (a hint: no effect on results).
    #[inline]
    fn prefetch_code(&self, code: u64) {
        prefetch(&self.short[self.short_home(Self::hash_code(code))]);
    }

    /// Where `short` looks for a word of hash `h` first.
    #[inline]
    fn short_home(&self, h: u64) -> usize {
        (h >> (64 - self.short.len().trailing_zeros())) as usize
    }

    /// Double `short`, every word moving to its place in the bigger table.
    fn grow_short(&mut self) {
        let bigger = vec![0; self.short.len() * 2];
        let old = std::mem::replace(&mut self.short, bigger);
        let mask = self.short.len() - 1;
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut i = self.short_home(Self::hash_code(slot & CODE_BITS));
            while self.short[i] != 0 {
                i = (i + 1) & mask;
            }
            self.short[i] = slot;
        }
    }

    #[inline]
    fn analyze(&mut self, word: &str) -> Analysis {
        let bytes = word.as_bytes();
        let Some(code) = Self::code_of(bytes) else {
            if bytes.len() > 23 || bytes.is_empty() {
                return analyze(word);
            }
            let (key, h) = Self::key_of(bytes);
            return self.long(word, key, h);
        };
        self.analyze_code(word, code)
    }

    /// [`WordCache::analyze`] of a word whose letter codes are known.
    #[inline]
    fn analyze_code(&mut self, word: &str, code: u64) -> Analysis {
        debug_assert_eq!(Self::code_of(word.as_bytes()), Some(code));
        let bytes = word.as_bytes();
        let h = Self::hash_code(code);
        let mask = self.short.len() - 1;
        let mut i = self.short_home(h);
        loop {
            let slot = self.short[i];
            if slot & CODE_BITS == code {
                if slot & CUTS != 0 {
                    let (key, h) = Self::key_of(bytes);
                    return self.long(word, key, h);
                }
                return Analysis { flags: (slot >> FLAGS_SHIFT) as u8, ..Analysis::default() };
            }
            if slot == 0 {
                break; // empty: every word has a letter code there
            }
            i = (i + 1) & mask;
        }
        let analysis = analyze(word);
        let mut entry = code | (analysis.flags as u64) << FLAGS_SHIFT;
        if analysis.ncuts > 0 {
            entry |= CUTS;
            let (key, h) = Self::key_of(bytes);
            self.long(word, key, h); // (may empty both tables)
        }
        if self.len.0 >= self.short.len() / 8 * 7 {
            if self.short.len() < 1 << SHORT_MAX_BITS {
                self.grow_short();
            } else {
                self.clear();
            }
        }
        // The first empty slot from the word's home (again: the tables may have been emptied).
        let mask = self.short.len() - 1;
        i = self.short_home(h);
        while self.short[i] != 0 {
            i = (i + 1) & mask;
        }
        self.short[i] = entry;
        self.len.0 += 1;
        analysis
    }

    /// The analysis of `word` (key and hash given) from the `long` table.
    fn long(&mut self, word: &str, key: [u64; 3], h: u64) -> Analysis {
        let mask = self.long.len() - 1;
        let mut i = (h >> (64 - LONG_BITS)) as usize;
        loop {
            let slot = self.long[i];
            if slot.key == key {
                return slot.analysis;
            }
            if slot.key[2] == 0 {
                break; // empty: every key has its length in the last byte
            }
            i = (i + 1) & mask;
        }
        let analysis = analyze(word);
        if self.len.1 >= 3 << (LONG_BITS - 2) {
            // (The short words marked CUTS go too: they would find nothing here.)
            self.clear();
            i = (h >> (64 - LONG_BITS)) as usize;
        }
        self.long[i] = Slot { key, analysis };
        self.len.1 += 1;
        analysis
    }

    fn clear(&mut self) {
        self.short.fill(0);
        self.long.fill(EMPTY);
        self.len = (0, 0);
    }
}

/// How much text [`Run::scan_ahead`] looks at a time, in bytes: about a hundred words, so the
/// prefetches come spread out (a burst of a thousand stalled on the memory system's queue).
const SCAN_AHEAD: usize = 1024;

/// How many `short` slots the word cache must have for [`Run::scan_ahead`] to pay (128 KiB).
const SCAN_AHEAD_FROM: usize = 1 << 14;

/// A hint to bring the cache line of `x` into the L1 cache.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and does not change memory; the pointer is valid anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// The bytes of `s` (fewer than 8), little-endian, zero-padded: two overlapping loads instead
/// of a byte loop (overlapping bytes are equal, so OR-ing them is exact).
#[inline]
fn load_partial(s: &[u8]) -> u64 {
    let n = s.len();
    match n {
        0 => 0,
        1..=3 => s[0] as u64 | (s[n / 2] as u64) << (8 * (n / 2)) | (s[n - 1] as u64) << (8 * (n - 1)),
        _ => {
            let lo = u32::from_le_bytes(s[..4].try_into().expect("4 bytes")) as u64;
            let hi = u32::from_le_bytes(s[n - 4..n].try_into().expect("4 bytes")) as u64;
            lo | hi << (8 * (n - 4))
        }
    }
}

const OPENERS: &[char] = &['«', '(', '['];
/// No space before these.
const NO_SPACE_BEFORE: &[char] = &['،', '؛', '؟', '!', '.', ':', ')', ']', '»', ',', ';', '?'];
/// A space after these when a word follows.
const SPACE_AFTER: &[char] = &['،', '؛', '؟', '!', ')', ']', '»'];

impl<'a> Run<'a> {
    fn new(o: &'a NormalizeOptions, input: &'a str) -> Run<'a> {
        let cache = WordCache::take();
        let ahead = o.repair_zwnj && cache.short.len() >= SCAN_AHEAD_FROM;
        Run {
            o,
            input,
            out: String::with_capacity(input.len() + input.len() / 32),
            pieces: Vec::with_capacity(16 + input.len() / 64),
            word: String::with_capacity(64),
            word_pieces: Vec::with_capacity(16),
            word_persian: true,
            word_zwnj: false,
            gap: None,
            prev: Prev::Start,
            prev_start: 0,
            prev_flags: 0,
            cuts: Vec::with_capacity(4),
            scratch: String::with_capacity(64),
            cache,
            direct: None,
            runs: Vec::new(),
            next_run: 0,
            scanned: 0,
            last_run: PlainRun::default(),
            ahead,
            words: None,
            pending: (0, 0),
        }
    }

    fn go(&mut self) {
        let input = self.input;
        let bytes = input.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // ASCII fast path: letters and (unchanged) digits go straight to the word.
                if b.is_ascii_alphabetic() || (b.is_ascii_digit() && self.o.digits != DigitScript::Persian) {
                    let start = i;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphabetic()
                            || (bytes[i].is_ascii_digit() && self.o.digits != DigitScript::Persian))
                    {
                        i += 1;
                    }
                    self.word_push_input(start, i);
                    self.word_persian = false;
                    continue;
                }
                if b == b'.' && self.o.punctuation_spacing && bytes[i..].starts_with(b"...") {
                    // «...» → «…» (hazm's style), one atom over all the dots.
                    let run = bytes[i..].iter().take_while(|&&d| d == b'.').count();
                    self.punct_as('…', i, run);
                    i += run;
                    continue;
                }
                self.ascii_other(b as char, i);
                i += 1;
                continue;
            }
            if (0xD8..=0xDB).contains(&b) {
                // Fast path: a run of Persian letters that no rule changes (found ahead when
                // the word cache is big enough for its look-ups to miss the CPU caches).
                let run = if self.ahead { self.plain_run_at(i) } else { plain_run(bytes, i) };
                if let Some(run) = run {
                    i = run.end as usize;
                    self.last_run = run;
                    self.word_push_input(run.start as usize, i);
                    continue;
                }
            }
            let c = input[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            self.non_ascii(c, i, len);
            i += len;
        }
        self.flush_word();
        // Trailing spaces are dropped (or kept as written without clean_spaces).
        if !self.o.clean_spaces {
            self.emit_gap_raw();
        }
    }

    /// The plain Persian run starting at `i`, if one does.
    ///
    /// The runs are found by [`Run::scan_ahead`] a stretch of text before the main loop gets
    /// to them, each run's word cache slot prefetched: in the pipeline the other stages evict
    /// the cache between documents, and a look-up that waits for memory was a third of the
    /// normalizer's time. Found ahead, the slots arrive while the words before them are
    /// handled. The main loop visits every character start, and a lead byte of the Arabic
    /// block is never a continuation byte, so it meets the runs in order, at their starts.
    #[inline]
    fn plain_run_at(&mut self, i: usize) -> Option<PlainRun> {
        if self.next_run == self.runs.len() {
            if self.scanned >= self.input.len() {
                return None;
            }
            self.scan_ahead(i);
        }
        // (None left: the scan reached the end of the text.)
        let run = *self.runs.get(self.next_run)?;
        debug_assert!(run.start as usize >= i, "a plain run was skipped");
        if run.start as usize != i {
            return None;
        }
        self.next_run += 1;
        Some(run)
    }

    /// Find the plain runs of the next stretch of text (from `from` or where the last scan
    /// stopped), computing their word cache codes and prefetching their slots.
    fn scan_ahead(&mut self, from: usize) {
        let bytes = self.input.as_bytes();
        self.runs.clear();
        self.next_run = 0;
        let mut j = self.scanned.max(from);
        let end = (j + SCAN_AHEAD).min(bytes.len());
        let prefetch = self.o.repair_zwnj;
        // Until a run is found: one always is when the main loop stands on one.
        while j < end || self.runs.is_empty() && j < bytes.len() {
            // (A lead byte is never a continuation byte, so stepping one byte is safe.)
            let Some(run) = plain_run(bytes, j) else {
                j += 1;
                continue;
            };
            if prefetch && run.code != 0 {
                self.cache.prefetch_code(run.code);
            }
            self.runs.push(run);
            j = run.end as usize;
        }
        self.scanned = j;
    }

    fn ascii_other(&mut self, c: char, i: usize) {
        match c {
            '0'..='9' => {
                let d = c as u32 - '0' as u32;
                let mapped = char::from_u32('۰' as u32 + d).unwrap_or(c);
                let mut buf = [0; 4];
                self.word_push_atom(mapped.encode_utf8(&mut buf), i, 1);
                self.word_persian = false;
            }
            ' ' => self.space(i, 1),
            '\n' | '\r' => self.newline(c, i),
            _ => match CHARS.rule(c) {
                Some(r) if r.class == Class::Space && self.o.clean_spaces => self.space(i, 1),
                _ => self.punct(c, i, 1),
            },
        }
    }

    fn non_ascii(&mut self, c: char, i: usize, len: usize) {
        if matches!(c, '«' | '»' | '–' | '—' | '“' | '”' | '‘' | '’' | '•' | '…') {
            return self.punct(c, i, len);
        }
        if let Some(rule) = CHARS.rule(c) {
            let on = match rule.class {
                Class::Letter => self.o.persian_letters,
                Class::Diacritic => self.o.remove_diacritics,
                Class::Tatweel => self.o.remove_tatweel,
                Class::Space | Class::Invisible => self.o.clean_spaces,
            };
            if on {
                match rule.class {
                    Class::Space => self.space(i, len),
                    Class::Invisible => {}
                    Class::Diacritic => self.word_attach_dropped(i + len),
                    // Inside a word tatweel only stretches it («هـ.ق», «تهـــران»); standing
                    // alone it is a dash («۸۱۰ ـ ۷۸۶ ق.م», a range) and stays.
                    Class::Tatweel if self.word.is_empty() && self.direct.is_none() => self.punct(c, i, len),
                    Class::Tatweel => self.word_attach_dropped(i + len),
                    Class::Letter => {
                        self.word_persian &= rule.to.chars().all(is_persian_letter);
                        if rule.to.len() == len && rule.to.chars().count() == 1 {
                            self.word_push_linear(rule.to, i);
                        } else {
                            self.word_push_atom(rule.to, i, len);
                        }
                    }
                }
                return;
            }
        }
        match c {
            '۰'..='۹' | '٠'..='٩' => {
                let d = if c >= '۰' { c as u32 - '۰' as u32 } else { c as u32 - '٠' as u32 };
                self.word_persian = false;
                match self.o.digits {
                    DigitScript::Latin => {
                        let mut buf = [0; 4];
                        let m = char::from_u32('0' as u32 + d).unwrap_or(c);
                        self.word_push_atom(m.encode_utf8(&mut buf), i, len);
                    }
                    DigitScript::Persian if c < '۰' => {
                        let mut buf = [0; 4];
                        let m = char::from_u32('۰' as u32 + d).unwrap_or(c);
                        self.word_push_linear(m.encode_utf8(&mut buf), i);
                    }
                    _ => self.word_push_linear(&self.input[i..i + len], i),
                }
            }
            ZWNJ => {
                if !self.o.clean_spaces
                    || self.direct.is_some()
                    || (!self.word.is_empty() && !self.word.ends_with(ZWNJ))
                {
                    self.word_push_linear(&self.input[i..i + len], i);
                    self.word_zwnj = true;
                }
            }
            '\u{2028}' | '\u{2029}' | '\u{0085}' => self.newline(c, i),
            _ if is_word_char(c) => {
                self.word_persian &= is_persian_letter(c);
                self.word_push_linear(&self.input[i..i + len], i);
            }
            _ => self.punct(c, i, len),
        }
    }

    // ---- the word buffer ----

    /// An unchanged slice of the input joins the word: kept as a range while it is all the
    /// word is, copied only if something else joins it.
    #[inline]
    fn word_push_input(&mut self, start: usize, end: usize) {
        match self.direct {
            None if self.word.is_empty() => {
                self.direct = Some((start, end));
                return;
            }
            Some((s, e)) if e == start => {
                self.direct = Some((s, end));
                return;
            }
            _ => {}
        }
        let input = self.input;
        self.word_push_linear(&input[start..end], start);
    }

    fn materialize(&mut self) {
        if let Some((s, e)) = self.direct.take() {
            let input = self.input;
            self.word_push_linear(&input[s..e], s);
        }
    }

    fn word_push_linear(&mut self, s: &str, orig: usize) {
        self.materialize();
        let norm = self.word.len() as u32;
        self.word.push_str(s);
        let n = s.len() as u32;
        if let Some(p) = self.word_pieces.last_mut() {
            if p.linear && p.norm + p.nlen == norm && p.orig + p.olen == orig as u32 {
                p.nlen += n;
                p.olen += n;
                return;
            }
        }
        self.word_pieces.push(Piece { norm, orig: orig as u32, nlen: n, olen: n, linear: true });
    }

    fn word_push_atom(&mut self, s: &str, orig: usize, olen: usize) {
        self.materialize();
        let norm = self.word.len() as u32;
        self.word.push_str(s);
        self.word_pieces.push(Piece {
            norm,
            orig: orig as u32,
            nlen: s.len() as u32,
            olen: olen as u32,
            linear: false,
        });
    }

    /// A dropped diacritic or tatweel: the original bytes up to `orig_end` belong to the last
    /// character of the word (so a word's span includes the marks written on it).
    fn word_attach_dropped(&mut self, orig_end: usize) {
        self.materialize();
        let Some(last_char_len) = self.word.chars().next_back().map(char::len_utf8) else { return };
        let Some(p) = self.word_pieces.last_mut() else { return };
        if p.linear {
            let l = last_char_len as u32;
            if p.nlen > l {
                p.nlen -= l;
                p.olen -= l;
                let atom =
                    Piece { norm: p.norm + p.nlen, orig: p.orig + p.olen, nlen: l, olen: l, linear: false };
                self.word_pieces.push(atom);
            } else {
                p.linear = false;
            }
        }
        let p = self.word_pieces.last_mut().expect("just pushed");
        p.olen = orig_end as u32 - p.orig;
    }

    // ---- units ----

    fn space(&mut self, i: usize, len: usize) {
        self.flush_word();
        self.gap = Some(match self.gap {
            Some((s, _)) => (s, i + len),
            None => (i, i + len),
        });
    }

    fn newline(&mut self, c: char, i: usize) {
        self.flush_word();
        if self.o.clean_spaces {
            self.gap = None;
        } else {
            self.emit_gap_raw();
        }
        let len = c.len_utf8();
        self.push_linear_str(i, len);
        self.prev = Prev::Newline;
    }

    fn punct(&mut self, c: char, i: usize, len: usize) {
        self.flush_word();
        self.resolve_gap(Next::Punct(c), false);
        self.push_linear_str(i, len);
        self.prev = if OPENERS.contains(&c) {
            Prev::Open
        } else if SPACE_AFTER.contains(&c) {
            Prev::Close
        } else {
            Prev::Punct
        };
    }

    /// A punctuation mark written differently in the original (`olen` bytes at `i`).
    fn punct_as(&mut self, c: char, i: usize, olen: usize) {
        self.flush_word();
        self.resolve_gap(Next::Punct(c), false);
        let mut buf = [0; 4];
        self.push_atom(c.encode_utf8(&mut buf), i, olen);
        self.prev = Prev::Punct;
    }

    /// The word is complete: decide its half-spaces and the gap before it, then emit both.
    fn flush_word(&mut self) {
        if let Some((s, e)) = self.direct {
            // Fast path: the word is one unchanged slice of the input, never copied.
            let input = self.input;
            let word = &input[s..e];
            let persian = self.word_persian;
            let mut flags = 0;
            let mut cut = false;
            if self.o.repair_zwnj && persian {
                let run = self.last_run;
                let a = if run.code != 0 && (run.start as usize, run.end as usize) == (s, e) {
                    self.cache.analyze_code(word, run.code)
                } else {
                    self.cache.analyze(word)
                };
                cut = a.cuts().next().is_some();
                flags = a.flags;
            }
            if !cut {
                self.cuts.clear();
                let join =
                    self.o.repair_zwnj && persian && self.gap.is_some() && self.joins_previous(flags, word);
                let start = match self.gap {
                    // The commonest case of all: one plain space right before the word; both
                    // are copied at once.
                    Some((gs, ge))
                        if !join
                            && ge == s
                            && ge - gs == 1
                            && input.as_bytes()[gs] == b' '
                            && !matches!(self.prev, Prev::Start | Prev::Newline | Prev::Open) =>
                    {
                        self.gap = None;
                        self.push_linear_str(gs, e - gs);
                        self.out_len() - (e - s)
                    }
                    _ => {
                        self.resolve_gap(Next::Word, join);
                        let start = if join { self.prev_start } else { self.out_len() };
                        self.push_linear_str(s, e - s);
                        start
                    }
                };
                let end = self.out_len();
                if let (Some(words), true) = (&mut self.words, persian) {
                    // (Direct and Persian: the word is one plain run, copied as it is.)
                    words.push(((end - (e - s)) as u32, end as u32));
                }
                self.prev = Prev::Word { start, end: self.out_len(), persian };
                self.prev_start = start;
                self.prev_flags = if join { 0 } else { flags };
                self.direct = None;
                self.word_persian = true;
                return;
            }
            self.materialize();
        }
        if self.o.clean_spaces && self.word_zwnj {
            while self.word.ends_with(ZWNJ) {
                self.word.truncate(self.word.len() - ZWNJ.len_utf8());
                let p = self.word_pieces.last_mut().expect("a word has pieces");
                if p.nlen as usize <= ZWNJ.len_utf8() {
                    self.word_pieces.pop();
                } else {
                    p.nlen -= ZWNJ.len_utf8() as u32;
                    p.olen -= ZWNJ.len_utf8() as u32;
                }
            }
            self.word_zwnj = self.word.contains(ZWNJ);
        }
        if self.word.is_empty() {
            self.reset_word();
            return;
        }
        self.cuts.clear();
        let mut join = false;
        let persian = self.word_persian;
        let mut flags = 0;
        if self.o.repair_zwnj && persian && !self.word_zwnj {
            let a = self.cache.analyze(&self.word);
            self.cuts.extend(a.cuts());
            flags = a.flags;
        }
        if self.o.repair_zwnj && persian && self.gap.is_some() {
            let word = std::mem::take(&mut self.word);
            join = self.joins_previous(flags, &word);
            self.word = word;
        }
        self.resolve_gap(Next::Word, join);
        let start = if join { self.prev_start } else { self.out_len() };
        self.emit_word();
        self.prev = Prev::Word { start, end: self.out_len(), persian };
        self.prev_start = start;
        // What the next word may ask of this one, as a second pass would see it: a word
        // with a half-space in it has no lexicon flags.
        self.prev_flags = if join || !self.cuts.is_empty() || self.word_zwnj { 0 } else { flags };
        self.reset_word();
    }

    /// Does the (space-separated) word now ending join the word before it with a half-space?
    fn joins_previous(&mut self, flags: u8, word: &str) -> bool {
        let entry = Entry { flags, ..Entry::default() };
        let Prev::Word { start, end, persian: true } = self.prev else { return false };
        let (gs, ge) = self.gap.expect("checked by caller");
        if !self.o.clean_spaces && !self.input[gs..ge].bytes().all(|b| b == b' ') {
            return false;
        }
        if self.prev_flags & PREFIX != 0 {
            return true;
        }
        if entry.has(SUFFIX) {
            return true;
        }
        if !entry.has(SUFFIX_AFTER_HEH) && !entry.has(HEAD) {
            return false;
        }
        // The previous word, from `out` or, when it is not copied yet, from the input.
        if start < self.out.len() {
            self.flush_out();
        }
        let prev = match start.checked_sub(self.out.len()) {
            Some(at) => &self.input[self.pending.0 + at..self.pending.0 + at + (end - start)],
            None => &self.out[start..end],
        };
        if entry.has(SUFFIX_AFTER_HEH) && prev.ends_with('ه') {
            return true;
        }
        // «زمین لرزه» → «زمین‌لرزه» when the lexicon has it; never for short function words
        // («یکی از», «به به»), which the lexicon lists glued by mistake.
        if entry.has(HEAD)
            && self.prev_flags & FIRST != 0
            && self.cuts.is_empty()
            && prev.chars().nth(2).is_some()
            && word.chars().nth(2).is_some()
        {
            self.scratch.clear();
            self.scratch.push_str(prev);
            self.scratch.push(ZWNJ);
            self.scratch.push_str(word);
            return LEX.is_whole_compound(&self.scratch);
        }
        false
    }

    fn reset_word(&mut self) {
        self.word.clear();
        self.word_pieces.clear();
        self.word_persian = true;
        self.word_zwnj = false;
    }

    /// Emit the whitespace before the next unit (or none, or a ZWNJ when `join`).
    fn resolve_gap(&mut self, next: Next, join: bool) {
        if !self.o.clean_spaces {
            self.emit_gap_raw();
            return;
        }
        let spacing = self.o.punctuation_spacing;
        match self.gap.take() {
            Some((s, e)) => {
                if join {
                    self.push_atom("\u{200C}", s, e - s);
                    return;
                }
                let drop = matches!(self.prev, Prev::Start | Prev::Newline)
                    || (spacing && self.prev == Prev::Open)
                    || (spacing && matches!(next, Next::Punct(c) if NO_SPACE_BEFORE.contains(&c)));
                if drop {
                    return;
                }
                if e - s == 1 && self.input.as_bytes()[s] == b' ' {
                    self.push_linear_str(s, 1);
                } else {
                    self.push_atom(" ", s, e - s);
                }
            }
            None if spacing => {
                let insert = matches!(
                    (self.prev, next),
                    (Prev::Close, Next::Word)
                        | (Prev::Close | Prev::Punct, Next::Punct('«'))
                        | (Prev::Word { .. }, Next::Punct('«' | '…'))
                        | (Prev::Word { persian: true, .. }, Next::Punct('('))
                );
                if insert {
                    let at = self.last_orig_end();
                    self.push_atom(" ", at, 0);
                }
            }
            None => {}
        }
    }

    fn emit_gap_raw(&mut self) {
        if let Some((s, e)) = self.gap.take() {
            self.push_linear_str(s, e - s);
        }
    }

    fn emit_word(&mut self) {
        if self.cuts.is_empty() && self.word_pieces.len() == 1 && self.word_pieces[0].linear {
            // The common case: one unchanged run.
            let orig = self.word_pieces[0].orig as usize;
            self.flush_out();
            let norm = self.out.len() as u32;
            self.out.push_str(&self.word);
            Self::extend_linear(&mut self.pieces, norm, orig as u32, self.word.len() as u32);
            return;
        }
        let mut ci = 0;
        let word = std::mem::take(&mut self.word);
        let pieces = std::mem::take(&mut self.word_pieces);
        for p in &pieces {
            let (pn, pe) = (p.norm as usize, (p.norm + p.nlen) as usize);
            let mut pos = pn;
            while ci < self.cuts.len() && self.cuts[ci] < pe {
                let c = self.cuts[ci].max(pos);
                if c > pos {
                    if !p.linear {
                        break;
                    }
                    self.push_linear(&word[pos..c], p.orig as usize + (pos - pn));
                    pos = c;
                }
                let o = if p.linear { p.orig as usize + (pos - pn) } else { p.orig as usize };
                self.push_atom("\u{200C}", o, 0);
                ci += 1;
            }
            if pos < pe {
                if p.linear {
                    self.push_linear(&word[pos..pe], p.orig as usize + (pos - pn));
                } else {
                    self.push_atom(&word[pos..pe], p.orig as usize, p.olen as usize);
                }
            }
        }
        self.word = word;
        self.word_pieces = pieces;
    }

    // ---- output ----

    fn last_orig_end(&self) -> usize {
        self.pieces.last().map_or(0, |p| (p.orig + p.olen) as usize)
    }

    /// The length of the output so far, the bytes not yet copied included.
    #[inline]
    fn out_len(&self) -> usize {
        self.out.len() + (self.pending.1 - self.pending.0)
    }

    /// Copy the pending input bytes to `out`.
    #[inline]
    fn flush_out(&mut self) {
        let (s, e) = std::mem::take(&mut self.pending);
        if e > s {
            self.out.push_str(&self.input[s..e]);
        }
    }

    /// The input bytes `orig..orig + len` are output unchanged (copied later, with the ones
    /// around them).
    fn push_linear_str(&mut self, orig: usize, len: usize) {
        let norm = self.out_len() as u32;
        if self.pending.1 != orig || self.pending.0 == self.pending.1 {
            self.flush_out();
            self.pending = (orig, orig);
        }
        self.pending.1 += len;
        Self::extend_linear(&mut self.pieces, norm, orig as u32, len as u32);
    }

    fn push_linear(&mut self, s: &str, orig: usize) {
        self.flush_out();
        let norm = self.out.len() as u32;
        self.out.push_str(s);
        Self::extend_linear(&mut self.pieces, norm, orig as u32, s.len() as u32);
    }

    #[inline]
    fn extend_linear(pieces: &mut Vec<Piece>, norm: u32, orig: u32, n: u32) {
        if let Some(p) = pieces.last_mut() {
            if p.linear && p.norm + p.nlen == norm && p.orig + p.olen == orig {
                p.nlen += n;
                p.olen += n;
                return;
            }
        }
        pieces.push(Piece { norm, orig, nlen: n, olen: n, linear: true });
    }

    fn push_atom(&mut self, s: &str, orig: usize, olen: usize) {
        self.flush_out();
        let norm = self.out.len() as u32;
        self.out.push_str(s);
        self.pieces.push(Piece {
            norm,
            orig: orig as u32,
            nlen: s.len() as u32,
            olen: olen as u32,
            linear: false,
        });
    }
}

/// Combining marks that stay in a word (hamza above, and marks of other scripts).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

#[inline]
fn is_word_char(c: char) -> bool {
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return crate::chars::ARABIC_CLASS[c as usize - 0x600] == crate::chars::A_WORD;
    }
    c.is_alphanumeric() || is_mark(c) || c == '\u{200D}'
}

//! This crate's own cut of the normalized text: words, numbers and marks, each with its compact
//! form. Most tokens are their own compact form, so their compact text is a slice of the text
//! itself; the others (numbers in Persian digits, words with a ZWNJ, a diacritic or an Arabic
//! letter) have theirs laid end to end in one buffer. A phrase lookup allocates nothing, and
//! the cut copies only the few tokens that differ.

use crate::lexicon::{compact_char, Entry, Lexicon, LEXICON};
use sanad_text::TrieTable;
use std::cell::RefCell;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// Digits with their separators, `1,200`, `2.5`, `۱۷٬۰۰۰`.
    Number,
    Punct,
}

/// A token: 24 bytes, offsets as `u32` (a document is far below 4 GiB; [`Scan::new`] checks),
/// so the tokens of a document take 40 % less memory and cache than with `usize` offsets.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// Byte range in the normalized text (see [`Tok::start`], [`Tok::end`]).
    start: u32,
    end: u32,
    /// Byte range of its compact form: in the text itself when `in_text` (the token is its own
    /// compact form), else in [`Scan::compact`].
    cstart: u32,
    cend: u32,
    /// The lexicon node of its compact text ([`Lexicon::NONE`] for none; numbers have none),
    /// found by walking the trie as the token is cut: where a phrase over the next tokens
    /// goes on.
    pub node: u32,
    pub kind: Kind,
    in_text: bool,
    /// The [`Reach`](crate::lexicon::Reach) of its node (0 for none; numbers have none), read
    /// once as the token is cut: the finders test it at every token.
    reach: u8,
}

impl Tok {
    /// Where the token starts in the normalized text (bytes).
    #[inline(always)]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the token ends in the normalized text (bytes).
    #[inline(always)]
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

// the layout the doc comment of `Tok` promises
const _: () = assert!(std::mem::size_of::<Tok>() == 24);

/// The tokens of one document. Its buffers come from a pool of this thread and go back to it
/// when the scan is dropped, so a document's cut allocates (and faults in) nothing new.
#[derive(Debug)]
pub struct Scan<'t> {
    text: &'t str,
    pub toks: Vec<Tok>,
    /// The compact forms of the tokens that are not their own (see [`Tok`]).
    compact: String,
}

/// The most tokens whose buffer the pool keeps for the next document (about 2 MB of text):
/// the buffers of a typical document, not of the largest one seen.
const KEEP_TOKS: usize = 1 << 18;

thread_local! {
    /// Buffers of a dropped [`Scan`], for the next one.
    static POOL: RefCell<(Vec<Tok>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

impl Drop for Scan<'_> {
    fn drop(&mut self) {
        if self.toks.capacity() > KEEP_TOKS {
            return;
        }
        let (toks, compact) = (std::mem::take(&mut self.toks), std::mem::take(&mut self.compact));
        // `try_with`: a scan dropped while the thread's locals are torn down keeps its buffers
        let _ = POOL.try_with(|pool| {
            if let Ok(mut pool) = pool.try_borrow_mut() {
                // keep the larger buffers (a nested scan of a few words gives back small ones)
                if pool.0.capacity() < toks.capacity() {
                    *pool = (toks, compact);
                }
            }
        });
    }
}

#[inline]
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('۰'..='۹').contains(&c) || ('٠'..='٩').contains(&c)
}

#[inline]
fn is_word_char(c: char) -> bool {
    // fast paths: ASCII and the Arabic block (Persian letters, marks) without Unicode tables
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return !matches!(
            c,
            '\u{0600}'..='\u{060F}' | '؛' | '؞' | '؟' | '٪' | '٫' | '٬' | '٭' | '۔' | '۝' | '۞' | '۩'
        ) && !is_digit(c);
    }
    (c.is_alphanumeric() && !is_digit(c))
        || matches!(c, '\u{200C}' | '\u{200D}')
        || ('\u{064B}'..='\u{065F}').contains(&c)
        || c == '\u{0670}'
        || c == '\u{0640}'
}

fn is_sep(c: char) -> bool {
    matches!(c, '.' | ',' | '٬' | '٫' | '/' | '\'')
}

#[inline]
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace();
    }
    matches!(c, '\u{200C}' | '\u{200E}' | '\u{200F}')
        || (!('\u{0600}'..='\u{06FF}').contains(&c) && c.is_whitespace())
}

/// The char at byte `i` of `text` (a char boundary) and its length: ASCII and two-byte
/// letters (all of Persian) without the general decoder.
#[inline(always)]
fn decode(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes();
    let b0 = b[i];
    if b0 < 0x80 {
        return (b0 as char, 1);
    }
    if b0 & 0xE0 == 0xC0 && i + 1 < b.len() {
        let c = ((b0 as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F);
        return (char::from_u32(c).unwrap_or('\u{FFFD}'), 2);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// What the cut needs to know of one char, from the predicates above, packed in one word
/// (the table of them stays small and a lookup is one load): the class of its compact form in
/// the lexicon's alphabet (bits 0–7, see [`TrieEdges::class_of`](sanad_text::TrieEdges::class_of)), whether it is kept in the
/// compact text (not dropped) and kept as itself, separates tokens (at a token's start; a ZWNJ
/// inside a word belongs to the word), is part of a word, separates the groups of a number,
/// is a digit (its value in bits 13–16), and its column in the lexicon's
/// [`TrieTable`](sanad_text::TrieTable) (bits 18–25).
#[derive(Clone, Copy, Debug, Default)]
struct CharInfo(u32);

impl CharInfo {
    const KEPT: u32 = 1 << 8;
    const SPACE: u32 = 1 << 9;
    const WORD: u32 = 1 << 10;
    const SEP: u32 = 1 << 11;
    const DIGIT: u32 = 1 << 12;
    const ITSELF: u32 = 1 << 17;
    const COLUMN_SHIFT: u32 = 18;

    fn of(c: char, lx: &Lexicon) -> CharInfo {
        let mut bits = 0;
        if let Some(k) = compact_char(c) {
            let class = lx.edges().class_of(k) as u32;
            bits |= class | class << Self::COLUMN_SHIFT | Self::KEPT;
            if k == c {
                bits |= Self::ITSELF;
            }
        } else {
            bits |= (lx.dfa().skip() as u32) << Self::COLUMN_SHIFT;
        }
        if is_space(c) {
            bits |= Self::SPACE;
        }
        if is_word_char(c) {
            bits |= Self::WORD;
        }
        if is_sep(c) {
            bits |= Self::SEP;
        }
        if is_digit(c) {
            let d = ascii_digit(c).map_or(0, |d| d as u32 - '0' as u32);
            bits |= Self::DIGIT | d << 13;
        }
        CharInfo(bits)
    }

    #[inline]
    fn space(self) -> bool {
        self.0 & Self::SPACE != 0
    }

    #[inline]
    fn word(self) -> bool {
        self.0 & Self::WORD != 0
    }

    #[inline]
    fn sep(self) -> bool {
        self.0 & Self::SEP != 0
    }

    /// The ASCII digit of a digit.
    #[inline]
    fn digit(self) -> Option<char> {
        (self.0 & Self::DIGIT != 0).then(|| (b'0' + (self.0 >> 13 & 0xF) as u8) as char)
    }

    /// Kept in the compact text (see [`compact_char`]).
    #[cfg(test)]
    fn kept(self) -> bool {
        self.0 & Self::KEPT != 0
    }

    /// The class of its compact form in the lexicon's alphabet.
    #[cfg(test)]
    fn class(self) -> u8 {
        self.0 as u8
    }

    /// Its column in the lexicon's [`TrieTable`](sanad_text::TrieTable): its class, or the
    /// column of the dropped chars.
    #[inline]
    fn column(self) -> u8 {
        (self.0 >> Self::COLUMN_SHIFT) as u8
    }

    /// Whether it is its own compact form.
    #[inline]
    fn itself(self) -> bool {
        self.0 & Self::ITSELF != 0
    }
}

/// [`CharInfo`] of the chars of the text's hot ranges, looked up instead of computed: all of
/// the one- and two-byte range (ASCII, Arabic script) and the General Punctuation block
/// (ZWNJ, ZWJ, direction marks, dashes). Built from the same predicates, so a lookup and a
/// computation never differ.
struct CharTable {
    /// Indexed by code point: a two-byte sequence decodes below U+0800, so no bounds check.
    low: Box<[CharInfo; LOW_END as usize]>,
    punctuation: Vec<CharInfo>,
}

const LOW_END: u32 = 0x800;
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;

impl CharTable {
    fn build() -> CharTable {
        let lx = &*LEXICON;
        let info = |cp: u32| char::from_u32(cp).map(|c| CharInfo::of(c, lx)).unwrap_or_default();
        let mut low = Box::new([CharInfo::default(); LOW_END as usize]);
        for (cp, slot) in low.iter_mut().enumerate() {
            *slot = info(cp as u32);
        }
        CharTable { low, punctuation: PUNCTUATION.map(info).collect() }
    }

    #[inline]
    fn info(&self, c: char) -> CharInfo {
        let cp = c as u32;
        if cp < LOW_END {
            self.low[cp as usize]
        } else if PUNCTUATION.contains(&cp) {
            self.punctuation[(cp - PUNCTUATION.start) as usize]
        } else {
            CharInfo::of(c, &LEXICON)
        }
    }

    /// The length of the char at byte `i` of `text` (a char boundary before its end) and what
    /// it is. One- and two-byte UTF-8 (ASCII, Arabic script) go straight to the table.
    #[inline(always)]
    fn at(&self, text: &str, i: usize) -> (usize, CharInfo) {
        let b = text.as_bytes();
        let b0 = b[i];
        if b0 < 0x80 {
            return (1, self.low[b0 as usize]);
        }
        if b0 & 0xE0 == 0xC0 && i + 1 < b.len() {
            let cp = (usize::from(b0 & 0x1F) << 6) | usize::from(b[i + 1] & 0x3F);
            return (2, self.low[cp]);
        }
        let (c, len) = decode(text, i);
        (len, self.info(c))
    }
}

static CHAR_TABLE: LazyLock<CharTable> = LazyLock::new(CharTable::build);

impl<'t> Scan<'t> {
    /// Cuts `text`, which must be shorter than 4 GiB (the tokens hold `u32` offsets).
    pub fn new(text: &'t str) -> Scan<'t> {
        assert!(u32::try_from(text.len()).is_ok(), "sanad-figures: a document of 4 GiB or more");
        let (toks, compact) = POOL.with(|pool| std::mem::take(&mut *pool.borrow_mut()));
        let mut scan = Scan { text, toks, compact };
        scan.cut();
        scan
    }

    /// Cuts the text into this scan's buffers (cleared first).
    fn cut(&mut self) {
        let table = &*CHAR_TABLE;
        let text = self.text;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let lx: &'static Lexicon = &LEXICON;
        let dfa = lx.dfa();
        let Scan { toks, compact, .. } = self;
        toks.clear();
        toks.reserve(n / 8);
        compact.clear();
        let mut i = 0;
        while i < n {
            // ASCII spaces between words: the commonest byte after letters
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let (len, info) = table.at(text, i);
            if info.space() {
                i += len;
                continue;
            }
            let start = i;
            let kind;
            // the token's compact form: the text itself until a char differs
            let mut in_text = true;
            let mut cstart = start;
            // the token's lexicon node: none for numbers, else walked along its compact text
            let state;
            let mut reach = 0;
            if info.digit().is_some() {
                state = Lexicon::NONE;
                kind = Kind::Number;
                in_text = false;
                cstart = compact.len();
                let mut j = i;
                while j < n {
                    let (dl, di) = table.at(text, j);
                    if let Some(ascii) = di.digit() {
                        compact.push(ascii);
                        j += dl;
                    } else if di.sep() && j + dl < n && table.at(text, j + dl).1.digit().is_some() {
                        compact.push_str(&text[j..j + dl]);
                        j += dl;
                    } else {
                        break;
                    }
                }
                i = j;
            } else if info.word() {
                kind = Kind::Word;
                // after the first char that is not its own compact form, runs of those that are
                // are copied in one go
                let mut run = i;
                let mut j = i;
                let mut walk = TrieTable::START;
                while j < n {
                    let (dl, di) = table.at(text, j);
                    if !di.word() {
                        break;
                    }
                    walk = dfa.step(walk, di.column());
                    if !di.itself() {
                        if in_text {
                            in_text = false;
                            cstart = compact.len();
                        }
                        compact.push_str(&text[run..j]);
                        if let Some(k) = compact_char(decode(text, j).0) {
                            compact.push(k);
                        }
                        run = j + dl;
                    }
                    j += dl;
                }
                if !in_text {
                    compact.push_str(&text[run..j]);
                }
                // a word of ZWNJs only keeps an empty compact form, which is no phrase
                if walk == TrieTable::START || walk == dfa.dead() {
                    state = Lexicon::NONE;
                } else {
                    state = dfa.node(walk);
                    reach = lx.reach_at(state);
                }
                i = j;
            } else {
                // a mark is its own compact form
                kind = Kind::Punct;
                let c = decode(text, i).0;
                state = lx.edges().step(Lexicon::ROOT, c).unwrap_or(Lexicon::NONE);
                if state != Lexicon::NONE {
                    reach = lx.reach_at(state);
                }
                i += len;
            }
            let cend = if in_text { i } else { compact.len() };
            // in range: checked in `Scan::new` (the compact text is never longer than the text)
            let (start, end, cstart, cend) = (start as u32, i as u32, cstart as u32, cend as u32);
            toks.push(Tok { start, end, cstart, cend, kind, in_text, reach, node: state });
        }
    }

    /// Compact text of token `i`.
    #[inline]
    pub fn ctext(&self, i: usize) -> &str {
        let t = &self.toks[i];
        let buffer = if t.in_text { self.text } else { self.compact.as_str() };
        &buffer[t.cstart as usize..t.cend as usize]
    }

    /// Whether the compact text of tokens `i..j`, laid end to end, ends with `suffix`.
    pub fn cspan_ends_with(&self, i: usize, j: usize, suffix: &str) -> bool {
        let mut rest = suffix.as_bytes();
        for k in (i..j).rev() {
            let c = self.ctext(k).as_bytes();
            if c.len() >= rest.len() {
                return c.ends_with(rest);
            }
            if !rest.ends_with(c) {
                return false;
            }
            rest = &rest[..rest.len() - c.len()];
        }
        rest.is_empty()
    }

    /// Whether a lexicon phrase of a `Reach` kind can start at token `i`, of any kind (a cheap
    /// test before [`Scan::longest`], which finds nothing where this is false).
    #[inline]
    pub fn may_start(&self, i: usize, reach: u8) -> bool {
        self.toks[i].reach & reach != 0
    }

    /// Whether a lexicon phrase of a `Reach` kind can start at word token `i` (a cheap test
    /// before [`Scan::longest`], which finds nothing where this is false).
    #[inline]
    pub fn word_may_start(&self, i: usize, reach: u8) -> bool {
        let t = &self.toks[i];
        t.kind == Kind::Word && t.reach & reach != 0
    }

    pub fn is_punct(&self, i: usize, chars: &str) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == Kind::Punct
            && self.ctext(i).chars().next().is_some_and(|c| chars.chars().any(|p| p == c))
    }

    /// The longest lexicon phrase starting at token `i` whose entry satisfies `want`:
    /// `(end token, entry)`. Stops at marks (unless the phrase holds them) and after 8 tokens.
    pub fn longest<'l>(
        &self,
        lx: &'l Lexicon,
        i: usize,
        want: impl Fn(&Entry) -> bool,
    ) -> Option<(usize, &'l Entry)> {
        let mut best = None;
        let mut j = i;
        let mut state = self.toks.get(i).map_or(Lexicon::NONE, |t| t.node);
        while j < self.toks.len() && j < i + 8 {
            if self.toks[j].kind == Kind::Number {
                break;
            }
            // the node of the compact text of tokens i..=j: token i's, walked on along the next
            if j > i {
                for c in self.ctext(j).chars() {
                    match lx.edges().step(state, c) {
                        Some(next) => state = next,
                        None => return best,
                    }
                }
            }
            if state == Lexicon::NONE {
                break;
            }
            // the node itself only where an entry ends: most nodes of a walk are prefixes only
            let shape = lx.shape_at(state);
            if shape & Lexicon::HAS_ENTRY != 0 {
                if let Some(e) = &lx.node_at(state).entry {
                    if want(e) {
                        best = Some((j + 1, e));
                    }
                }
            }
            if shape & Lexicon::PREFIX == 0 {
                break;
            }
            j += 1;
        }
        best
    }
}

/// The ASCII digit of a Persian, Arabic-Indic or Latin digit.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32),
        '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zwnj_space_and_nothing_give_one_compact_text() {
        for t in ["کشته شدگان", "کشته\u{200c}شدگان", "کشتهشدگان"] {
            let s = Scan::new(t);
            let joined: String = (0..s.toks.len()).map(|k| s.ctext(k)).collect();
            assert_eq!(joined, "کشتهشدگان", "{t}");
            assert!(s.cspan_ends_with(0, s.toks.len(), "شدگان"), "{t}");
            assert!(s.cspan_ends_with(0, s.toks.len(), "کشتهشدگان"), "{t}");
            assert!(!s.cspan_ends_with(0, s.toks.len(), "ککشتهشدگان"), "{t}");
        }
    }

    #[test]
    fn char_table_agrees_with_the_predicates() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let i = CHAR_TABLE.info(c);
            let digit = is_digit(c).then(|| ascii_digit(c).unwrap_or(c));
            let class = compact_char(c).map_or(0, |k| LEXICON.edges().class_of(k));
            let column = compact_char(c).map_or(LEXICON.dfa().skip(), |k| LEXICON.edges().class_of(k));
            assert_eq!(i.column(), column, "{c:?}");
            assert_eq!(
                (i.space(), i.word(), i.sep(), i.kept(), i.class(), i.digit(), i.itself()),
                (
                    is_space(c),
                    is_word_char(c),
                    is_sep(c),
                    compact_char(c).is_some(),
                    class,
                    digit,
                    compact_char(c) == Some(c)
                ),
                "{c:?}"
            );
        }
    }

    #[test]
    fn numbers_keep_their_separators() {
        let s = Scan::new("۱.۲۰۰.۰۰۰ و 1,200.");
        assert_eq!(s.ctext(0), "1.200.000");
        assert_eq!(s.ctext(2), "1,200");
        assert_eq!(s.ctext(3), ".");
    }
}

//! The scanner: cuts normalized text into numbers, lexicon phrases, other words and the
//! punctuation that date expressions use. One pass, no regex; a phrase may be written with a
//! space, a zero-width non-joiner or nothing between its parts («سال های», «سال‌های»,
//! «سالهای»), and «.» or a tatweel inside it («ه.ق», «هـ.ق») are ignored.

use crate::lexicon::{canon_char, Entry, Lexicon};
use sanad_text::TrieTable;
use std::sync::LazyLock;

/// What an [`Item`] is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tok {
    /// A run of digits (Latin, Persian or Arabic-Indic); `digits` counts them (a value that
    /// overflows saturates, and more than 9 digits is never a date).
    Num { value: u32, digits: u8 },
    /// A lexicon phrase with all its meanings.
    Lex(&'static [Entry]),
    /// Any other word.
    Word,
    /// `-` for every dash (and a tatweel standing alone), `/`, `(`, `)`, `[`, `]`, `,` for both
    /// commas, `%` for both percent signs, `.`, `\n`, `:`; `?` for anything else.
    Punct(char),
}

/// A scanned piece, with its byte range in the normalized text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

impl Item {
    /// The first meaning of this item that `pick` accepts.
    pub fn lex<T>(&self, pick: impl Fn(&Entry) -> Option<T>) -> Option<T> {
        match self.tok {
            Tok::Lex(entries) => entries.iter().find_map(pick),
            _ => None,
        }
    }

    pub fn num(&self) -> Option<(u32, u8)> {
        match self.tok {
            Tok::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        _ => None,
    }
}

/// A letter or a combining mark of a word. The Arabic block is decided by ranges (Unicode's
/// general lookup is slow and this is the hottest test of the scanner).
#[inline]
fn is_letter(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        return c.is_ascii_alphabetic();
    }
    if (0x600..0x700).contains(&cp) {
        return ARABIC_LETTER[(cp - 0x600) as usize];
    }
    if (0x2000..0x2070).contains(&cp) {
        return false;
    }
    c.is_alphabetic()
}

/// Which code points of the Arabic block (U+0600..U+06FF) are letters or marks of a word.
static ARABIC_LETTER: [bool; 256] = {
    let mut t = [false; 256];
    let mut cp = 0x600;
    while cp < 0x700 {
        t[cp - 0x600] = matches!(cp, 0x621..=0x63a | 0x641..=0x65f | 0x66e..=0x6d3 | 0x6d5 | 0x6ee | 0x6ef | 0x6fa..=0x6fc | 0x6ff);
        cp += 1;
    }
    t
};

/// Characters that may stand between the words of one phrase («سال های», «ه.ق», «هـ ق»).
#[inline]
fn is_phrase_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{200c}' | '\u{200d}' | '\u{a0}' | '.' | '\u{640}')
}

/// The char at byte `i` (a char boundary). One- and two-byte UTF-8 (ASCII, Arabic script)
/// are decoded inline: this is the scanner's inner loop.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let bytes = text.as_bytes();
    let b = *bytes.get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    if b < 0xE0 {
        if let Some(&b2) = bytes.get(i + 1) {
            let cp = (u32::from(b & 0x1F) << 6) | u32::from(b2 & 0x3F);
            return char::from_u32(cp);
        }
    }
    text.get(i..)?.chars().next()
}

/// What the scanner needs to know of one char, from the predicates above, packed in one word
/// so a lookup is one load: the class of its canonical form in the lexicon's alphabet (bits
/// 0–7, see [`TrieEdges::class_of`](sanad_text::TrieEdges::class_of); `KEPT` unless [`canon_char`] drops it), its column in
/// the lexicon's [`TrieTable`](sanad_text::TrieTable) (bits 8–15), whether it is a
/// letter, a phrase separator, a combining mark (U+064B–065F, which never ends a word), and its
/// digit value (`DIGIT`, value in bits 26–29).
#[derive(Clone, Copy, Debug, Default)]
struct CharInfo(u32);

impl CharInfo {
    const KEPT: u32 = 1 << 21;
    const LETTER: u32 = 1 << 22;
    const SEPARATOR: u32 = 1 << 23;
    const MARK: u32 = 1 << 24;
    const DIGIT: u32 = 1 << 25;

    fn of(c: char, lex: &Lexicon) -> CharInfo {
        let mut bits = 0;
        if let Some(k) = canon_char(c) {
            let class = lex.edges().class_of(k) as u32;
            bits |= class | class << 8 | Self::KEPT;
        } else {
            bits |= (lex.dfa().skip() as u32) << 8;
        }
        if is_letter(c) {
            bits |= Self::LETTER;
        }
        if is_phrase_separator(c) {
            bits |= Self::SEPARATOR;
        }
        if ('\u{64b}'..='\u{65f}').contains(&c) {
            bits |= Self::MARK;
        }
        if let Some(v) = digit_value(c) {
            bits |= Self::DIGIT | v << 26;
        }
        CharInfo(bits)
    }

    #[inline]
    fn letter(self) -> bool {
        self.0 & Self::LETTER != 0
    }

    #[inline]
    fn separator(self) -> bool {
        self.0 & Self::SEPARATOR != 0
    }

    /// A letter after which a word ends: anything but a letter or a combining mark.
    #[inline]
    fn ends_word(self) -> bool {
        self.0 & Self::LETTER == 0 || self.0 & Self::MARK != 0
    }

    #[inline]
    fn digit(self) -> Option<u32> {
        (self.0 & Self::DIGIT != 0).then_some(self.0 >> 26 & 0xF)
    }

    /// Kept in the canonical form (see [`canon_char`]); the scanner reads it through
    /// [`CharInfo::column`], the test checks it.
    #[cfg(test)]
    fn kept(self) -> bool {
        self.0 & Self::KEPT != 0
    }

    /// The class of its canonical form in the lexicon's alphabet.
    #[cfg(test)]
    fn class(self) -> u8 {
        self.0 as u8
    }

    /// Its column in the lexicon's [`TrieTable`](sanad_text::TrieTable): its class, or the
    /// column of the dropped chars.
    #[inline]
    fn column(self) -> u8 {
        (self.0 >> 8) as u8
    }
}

/// [`CharInfo`] of the chars of the text's hot ranges, looked up instead of computed: the one-
/// and two-byte range (ASCII, Arabic script) and the General Punctuation block (ZWNJ, ZWJ,
/// dashes). Built from the same predicates, so a lookup and a computation never differ.
struct CharTable {
    /// Indexed by code point: a two-byte sequence decodes below U+0800, so no bounds check.
    low: Box<[CharInfo; LOW_END as usize]>,
    punctuation: Vec<CharInfo>,
    lex: &'static Lexicon,
}

const LOW_END: u32 = 0x800;
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;

impl CharTable {
    fn build() -> CharTable {
        let lex = &*crate::lexicon::LEXICON;
        let info = |cp: u32| char::from_u32(cp).map(|c| CharInfo::of(c, lex)).unwrap_or_default();
        let mut low = Box::new([CharInfo::default(); LOW_END as usize]);
        for (cp, slot) in low.iter_mut().enumerate() {
            *slot = info(cp as u32);
        }
        CharTable { low, punctuation: PUNCTUATION.map(info).collect(), lex }
    }

    #[inline]
    fn info(&self, c: char) -> CharInfo {
        let cp = c as u32;
        if cp < LOW_END {
            self.low[cp as usize]
        } else if PUNCTUATION.contains(&cp) {
            self.punctuation[(cp - PUNCTUATION.start) as usize]
        } else {
            CharInfo::of(c, self.lex)
        }
    }

    /// The length of the char at byte `i` (a char boundary) and what it is; `None` at the end.
    /// One- and two-byte UTF-8 (ASCII, Arabic script) go straight to the table.
    #[inline(always)]
    fn at(&self, text: &str, i: usize) -> Option<(usize, CharInfo)> {
        let bytes = text.as_bytes();
        let b = *bytes.get(i)?;
        if b < 0x80 {
            return Some((1, self.low[b as usize]));
        }
        if b < 0xE0 {
            if let Some(&b2) = bytes.get(i + 1) {
                let cp = (usize::from(b & 0x1F) << 6) | usize::from(b2 & 0x3F);
                return Some((2, self.low[cp]));
            }
        }
        let c = text.get(i..)?.chars().next()?;
        Some((c.len_utf8(), self.info(c)))
    }
}

static CHAR_TABLE: LazyLock<CharTable> = LazyLock::new(CharTable::build);

/// The longest lexicon phrase starting at byte `start` (a letter) that ends at a word end
/// (its meanings and end), and where the first word ends (its run of letters), found in the
/// same walk. The first word is walked to its end on the lexicon's [`TrieTable`](sanad_text::TrieTable), whose dead
/// state stands for «no phrase goes on»: one load per char and no branch on the trie. Only when
/// the whole word is a phrase's beginning does the walk go on past separators into the next
/// words (diacritics are skipped all along).
fn at_letter(
    text: &str,
    start: usize,
    lex: &'static Lexicon,
    table: &CharTable,
) -> (Option<(&'static [Entry], usize)>, usize) {
    let dfa = lex.dfa();
    let dead = dfa.dead();
    let mut state = TrieTable::START;
    let mut best = None;
    let mut i = start;
    let mut here = table.at(text, i);
    // a phrase ends where the next char ends the word
    let ends_here = |here: Option<(usize, CharInfo)>| here.map_or(true, |(_, n)| n.ends_word());
    while let Some((len, info)) = here.filter(|(_, c)| c.letter()) {
        state = dfa.step(state, info.column());
        i += len;
        here = table.at(text, i);
        if ends_here(here) && lex.accepts(state) {
            best = Some((state, i));
        }
    }
    let word_end = i;
    let mut separators = 0;
    while state != dead {
        let Some((len, info)) = here else { break };
        if info.letter() {
            separators = 0;
            state = dfa.step(state, info.column());
            if state == dead {
                break;
            }
            i += len;
            here = table.at(text, i);
            if ends_here(here) && lex.accepts(state) {
                best = Some((state, i));
            }
        } else if info.separator() && separators < 3 {
            separators += 1;
            i += len;
            here = table.at(text, i);
        } else {
            break;
        }
    }
    let best = best.and_then(|(state, end)| Some((lex.entries_at(dfa.node(state))?, end)));
    (best, word_end)
}

/// `dash_between(last char of a number, first char of the next)`, in normalized bytes.
pub type DashProbe<'a> = dyn Fn(std::ops::Range<usize>, std::ops::Range<usize>) -> bool + 'a;

/// Scans `text` into `items` (cleared first). `dash_between` says whether the original text
/// had a dash between two numbers where the normalized text has only spaces (a normalizer
/// that drops the tatweel turns «۱۸۷۰ـ ۱۹۲۵» into «۱۸۷۰ ۱۹۲۵»).
pub fn scan(text: &str, lex: &'static Lexicon, items: &mut Vec<Item>, dash_between: &DashProbe) {
    items.clear();
    let table = &*CHAR_TABLE;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut prev_letter = false;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast paths: spaces and Latin digits are most of what is not a letter.
        if b == b' ' {
            i += 1;
            prev_letter = false;
            continue;
        }
        let Some((len, info)) = table.at(text, i) else { break };
        if let Some(v) = info.digit() {
            let start = i;
            let (mut value, mut digits) = (v, 1u8);
            i += len;
            while let Some(d) = table.at(text, i).and_then(|(dl, d)| d.digit().map(|v| (v, dl))) {
                value = value.saturating_mul(10).saturating_add(d.0);
                digits = digits.saturating_add(1);
                i += d.1;
            }
            // Thousands separators («۱۷٬۰۰۰», «17,000»): one number, never a year.
            while let Some(sep) = char_at(text, i).filter(|&s| s == '٬' || s == ',') {
                let mut j = i + sep.len_utf8();
                let mut group = 0u32;
                let mut n = 0;
                while n < 4 {
                    match char_at(text, j).and_then(digit_value) {
                        Some(v) => {
                            group = group * 10 + v;
                            j += char_at(text, j).map_or(1, char::len_utf8);
                            n += 1;
                        }
                        None => break,
                    }
                }
                if n != 3 {
                    break;
                }
                value = value.saturating_mul(1000).saturating_add(group);
                digits = u8::MAX;
                i = j;
            }
            if let Some(prev) = items.last() {
                if matches!(prev.tok, Tok::Num { .. }) {
                    let gap = &text[prev.end..start];
                    let only_spaces = gap.chars().all(|c| c.is_whitespace() || c == '\u{200c}');
                    let last_digit = text[..prev.end].chars().next_back().map_or(0, char::len_utf8);
                    if only_spaces && dash_between(prev.end - last_digit..prev.end, start..start + len) {
                        items.push(Item { tok: Tok::Punct('-'), start: prev.end, end: start });
                    }
                }
            }
            items.push(Item { tok: Tok::Num { value, digits }, start, end: i });
            prev_letter = false;
        } else if info.letter() {
            match at_letter(text, i, lex, table) {
                (Some((entries, end)), _) => {
                    items.push(Item { tok: Tok::Lex(entries), start: i, end });
                    i = end;
                }
                (None, word_end) => {
                    items.push(Item { tok: Tok::Word, start: i, end: word_end });
                    i = word_end;
                }
            }
            prev_letter = true;
        } else {
            let c = char_at(text, i).unwrap_or(' ');
            let tok = match c {
                '\u{200c}' | '\u{200d}' | '\u{a0}' | '\t' | '\u{200e}' | '\u{200f}' | '\r' => None,
                '\u{640}' if prev_letter => None,
                '.' => Some('.'),
                '-' | '\u{640}' | '–' | '—' | '−' | '‐' | '‑' => Some('-'),
                '/' | '\\' => Some('/'),
                '(' | ')' | '[' | ']' | '\n' | ':' => Some(c),
                '«' | '»' | '"' => Some('"'),
                '،' | ',' | '٫' | '٬' | '؛' | ';' => Some(','),
                '%' | '٪' => Some('%'),
                _ if c.is_whitespace() => None,
                _ => Some('?'),
            };
            if let Some(t) = tok {
                items.push(Item { tok: Tok::Punct(t), start: i, end: i + len });
            }
            prev_letter = prev_letter && c == '\u{640}';
            i += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_table_agrees_with_the_predicates() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let i = CHAR_TABLE.info(c);
            let ends_word = !is_letter(c) || ('\u{64b}'..='\u{65f}').contains(&c);
            let column = canon_char(c).map_or(crate::lexicon::LEXICON.dfa().skip(), |k| {
                crate::lexicon::LEXICON.edges().class_of(k)
            });
            assert_eq!(i.column(), column, "{c:?}");
            assert_eq!(
                (i.letter(), i.separator(), i.ends_word(), i.digit(), i.kept(), i.class()),
                (
                    is_letter(c),
                    is_phrase_separator(c),
                    ends_word,
                    digit_value(c),
                    canon_char(c).is_some(),
                    canon_char(c).map_or(0, |k| crate::lexicon::LEXICON.edges().class_of(k))
                ),
                "{c:?}"
            );
        }
    }
}

//! Tokenizer: words, numbers with their separators, dotted abbreviations, punctuation, footnote
//! marks. Spans are byte ranges into the text given (the normalized text, for [`crate::Analyzed`]).

use crate::chars::{arabic_index, ARABIC_CLASS, A_DIGIT, A_WORD};
use crate::Span;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, with ZWNJ and marks inside («می‌شود», «Karabakh»).
    Word,
    /// Digits with separators between them: «۱.۲۰۰.۰۰۰», «۱۷٬۰۰۰», «1,200», «۲.۵», «۱۳۹۹/۰۸/۰۸».
    Number,
    /// One punctuation character.
    Punct,
    /// «\[۳\]»: a footnote mark, one token.
    Footnote,
    /// A word with its dots: «ق.م», «ه.ق», «هـ.ق», an initial «آ.», or a listed one («ر.ک.»).
    /// Never a sentence end.
    Abbreviation,
}

/// A token of a normalized text; `span` is a byte range into the text that was tokenized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

static ABBREVIATIONS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/text/abbreviations.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

#[inline]
fn is_digit(c: char) -> bool {
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return ARABIC_CLASS[c as usize - 0x600] == A_DIGIT;
    }
    c.is_ascii_digit() || ('۰'..='۹').contains(&c) || ('٠'..='٩').contains(&c)
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return ARABIC_CLASS[c as usize - 0x600] == A_WORD;
    }
    if matches!(c, '«' | '»' | '–' | '—' | '“' | '”' | '‘' | '’' | '•' | '…') {
        return false;
    }
    if matches!(c, '\u{200C}' | '\u{200D}') || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' {
        return true;
    }
    c != 'ـ' && c.is_alphabetic()
}

/// Separators that stay inside a number when a digit follows them.
#[inline]
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '٬' | '٫' | '/' | '،')
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Cut `text` into tokens. Whitespace separates tokens and is not a token.
///
/// ```
/// use sanad_text::{tokenize, TokenKind};
/// let text = "در ۲۰۰ ق.م، ۱۷٬۰۰۰ نفر کشته شدند.[۳]";
/// let kinds: Vec<_> = tokenize(text).iter().map(|t| (&text[t.span.range()], t.kind)).collect();
/// assert!(kinds.contains(&("ق.م", TokenKind::Abbreviation)));
/// assert!(kinds.contains(&("۱۷٬۰۰۰", TokenKind::Number)));
/// assert!(kinds.contains(&("[۳]", TokenKind::Footnote)));
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with_words(text, &[])
}

/// [`tokenize`], given `words`: ascending byte ranges of `text` made only of letters of the
/// Arabic block (what the normalizer copied as plain Persian words). A token starting where one
/// of them does goes on from its end rather than reading it letter by letter again: the same
/// tokens, one pass over the words fewer, and no mispredicted loop exit at each word's end.
pub(crate) fn tokenize_with_words(text: &str, words: &[(u32, u32)]) -> Vec<Token> {
    let mut next_word = 0;
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\n' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        // Fast path: a word starting with a letter of the Arabic block (most tokens), what the
        // general path below decides for it too.
        if (0xD8..=0xDB).contains(&b) && ARABIC_CLASS[arabic_index(b, bytes[i + 1])] == A_WORD {
            let mut from = i + 2;
            let mut known = false;
            while let Some(&(ws, we)) = words.get(next_word) {
                if (ws as usize) < i {
                    next_word += 1;
                    continue;
                }
                if ws as usize == i {
                    debug_assert!(text[i..we as usize]
                        .chars()
                        .all(|c| ('\u{0600}'..='\u{06FF}').contains(&c)
                            && ARABIC_CLASS[c as usize - 0x600] == A_WORD));
                    from = we as usize;
                    known = true;
                    next_word += 1;
                }
                break;
            }
            // After a known word, an ASCII character other than a letter (nearly always a
            // space) ends the token where `word_end` would: no call.
            let mut end = match bytes.get(from) {
                Some(&n) if known && n < 0x80 && !n.is_ascii_alphabetic() => from,
                None if known => from,
                _ => word_end(text, from),
            };
            let mut kind = TokenKind::Word;
            if bytes.get(end) == Some(&b'.') {
                if let Some(abbr_end) = abbreviation_end(text, i, end) {
                    end = abbr_end;
                    kind = TokenKind::Abbreviation;
                }
            }
            tokens.push(Token { span: Span::new(i, end), kind });
            i = end;
            continue;
        }
        let c = if b < 0x80 { b as char } else { char_at(text, i).unwrap_or('\u{FFFD}') };
        let len = c.len_utf8();
        if c.is_whitespace() || c == '\u{200C}' {
            i += len;
            continue;
        }
        if is_digit(c) {
            let end = number_end(text, i + len);
            tokens.push(Token { span: Span::new(i, end), kind: TokenKind::Number });
            i = end;
        } else if is_word_char(c)
            || (c == 'ـ' && tokens.last().is_some_and(|t| t.span.end == i && t.kind == TokenKind::Word))
        {
            let mut end = word_end(text, i + len);
            let mut kind = TokenKind::Word;
            if let Some(abbr_end) = abbreviation_end(text, i, end) {
                end = abbr_end;
                kind = TokenKind::Abbreviation;
            }
            tokens.push(Token { span: Span::new(i, end), kind });
            i = end;
        } else if c == '[' {
            let end = footnote_end(text, i + 1);
            match end {
                Some(end) => {
                    tokens.push(Token { span: Span::new(i, end), kind: TokenKind::Footnote });
                    i = end;
                }
                None => {
                    tokens.push(Token { span: Span::new(i, i + 1), kind: TokenKind::Punct });
                    i += 1;
                }
            }
        } else {
            // A run of the same «!», «?», «؟» or «.» is one token («!!!», «؟!» is two).
            let mut end = i + len;
            if matches!(c, '!' | '?' | '؟' | '.') {
                while text[end..].starts_with(c) {
                    end += len;
                }
            }
            tokens.push(Token { span: Span::new(i, end), kind: TokenKind::Punct });
            i = end;
        }
    }
    tokens
}

fn word_end(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    while end < bytes.len() {
        let b = bytes[end];
        // Fast path: letters of the Arabic block, two bytes each.
        if (0xD8..=0xDB).contains(&b)
            && end + 1 < bytes.len()
            && ARABIC_CLASS[arabic_index(b, bytes[end + 1])] == A_WORD
        {
            end += 2;
            continue;
        }
        if b < 0x80 {
            if b.is_ascii_alphabetic() {
                end += 1;
                continue;
            }
            break;
        }
        match char_at(text, end) {
            Some(d) if is_word_char(d) || d == 'ـ' => end += d.len_utf8(),
            _ => break,
        }
    }
    // A ZWNJ is never the last character of a word token.
    while end > 0 && text[..end].ends_with('\u{200C}') {
        end -= '\u{200C}'.len_utf8();
    }
    end
}

fn number_end(text: &str, mut end: usize) -> usize {
    while let Some(d) = char_at(text, end) {
        if is_digit(d) || (is_number_separator(d) && char_at(text, end + d.len_utf8()).is_some_and(is_digit))
        {
            end += d.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// «[۳]», «[12]»: the end of a footnote mark starting at `[` (at `start - 1`).
fn footnote_end(text: &str, start: usize) -> Option<usize> {
    let mut end = start;
    while let Some(d) = char_at(text, end).filter(|&d| is_digit(d)) {
        end += d.len_utf8();
    }
    (end > start && end - start <= 12 && text.as_bytes().get(end) == Some(&b']')).then_some(end + 1)
}

/// A word `start..end` followed by a dot may be an abbreviation: dotted short parts («ق.م»,
/// «ه.ق», «U.S.A»), a listed one («ر.ک.»), or a one-letter initial before a space («آ. آرکی»).
fn abbreviation_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(end) != Some(&b'.') {
        return None;
    }
    let first_chars = text[start..end].chars().filter(|&c| c != 'ـ').count();
    // Dotted short parts.
    let mut cur = end;
    let mut parts = 1;
    if first_chars <= 3 {
        while bytes.get(cur) == Some(&b'.') {
            let next_start = cur + 1;
            match char_at(text, next_start) {
                Some(n) if is_word_char(n) && n != '\u{200C}' => {
                    let next_end = word_end(text, next_start);
                    if text[next_start..next_end].chars().filter(|&c| c != 'ـ').count() > 3 {
                        break;
                    }
                    cur = next_end;
                    parts += 1;
                }
                _ => break,
            }
        }
    }
    if parts >= 2 {
        // A listed form with its final dot («ر.ک.»).
        if bytes.get(cur) == Some(&b'.') && ABBREVIATIONS.contains(&text[start..cur + 1]) {
            return Some(cur + 1);
        }
        return Some(cur);
    }
    if ABBREVIATIONS.contains(&text[start..end + 1]) {
        return Some(end + 1);
    }
    // An initial: one letter, a dot, a space, then a word («آ. آرکی پوف», «J. Smith»).
    if first_chars == 1 && bytes.get(end + 1) == Some(&b' ') {
        if let Some(n) = char_at(text, end + 2) {
            if is_word_char(n) && (!n.is_ascii() || n.is_ascii_uppercase()) && text[start..end] != *"و" {
                return Some(end + 1);
            }
        }
    }
    None
}

//! This crate's own cut of the normalized text: words, numbers and marks, each with its compact
//! form laid end to end in one buffer, so the compact text of tokens `i..j` is one slice and a
//! phrase lookup allocates nothing.

use crate::lexicon::{compact_char, Entry, Lexicon};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// Digits with their separators, `1,200`, `2.5`, `۱۷٬۰۰۰`.
    Number,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// Byte range in the normalized text.
    pub start: usize,
    pub end: usize,
    /// Byte range of its compact form in [`Scan::compact`].
    pub cstart: usize,
    pub cend: usize,
    pub kind: Kind,
    /// Whitespace (or a ZWNJ) separates it from the previous token.
    #[allow(dead_code)]
    pub spaced: bool,
}

/// The tokens of one document.
#[derive(Debug, Default)]
pub struct Scan {
    pub toks: Vec<Tok>,
    pub compact: String,
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('۰'..='۹').contains(&c) || ('٠'..='٩').contains(&c)
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !is_digit(c))
        || matches!(c, '\u{200C}' | '\u{200D}')
        || ('\u{064B}'..='\u{065F}').contains(&c)
        || c == '\u{0670}'
        || c == '\u{0640}'
}

fn is_sep(c: char) -> bool {
    matches!(c, '.' | ',' | '٬' | '٫' | '/' | '\'')
}

impl Scan {
    pub fn new(text: &str) -> Scan {
        let mut toks = Vec::with_capacity(text.len() / 6);
        let mut compact = String::with_capacity(text.len());
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut spaced = true;
        while i < bytes.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if c.is_whitespace() || c == '\u{200C}' || c == '\u{200F}' || c == '\u{200E}' {
                spaced = true;
                i += len;
                continue;
            }
            let start = i;
            let cstart = compact.len();
            let kind;
            if is_digit(c) {
                kind = Kind::Number;
                let mut j = i;
                while j < bytes.len() {
                    let d = text[j..].chars().next().unwrap_or(' ');
                    if is_digit(d) {
                        j += d.len_utf8();
                    } else if is_sep(d)
                        && text[j + d.len_utf8()..].chars().next().is_some_and(is_digit)
                    {
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
                for d in text[i..j].chars() {
                    compact.push(ascii_digit(d).unwrap_or(d));
                }
                i = j;
            } else if is_word_char(c) {
                kind = Kind::Word;
                let mut j = i;
                while j < bytes.len() {
                    let d = text[j..].chars().next().unwrap_or(' ');
                    if is_word_char(d) {
                        if let Some(k) = compact_char(d) {
                            compact.push(k);
                        }
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
                // a word of ZWNJs only: keep it but with an empty compact form
                i = j;
            } else {
                kind = Kind::Punct;
                compact.push(c);
                i += len;
            }
            toks.push(Tok { start, end: i, cstart, cend: compact.len(), kind, spaced });
            spaced = false;
        }
        Scan { toks, compact }
    }

    #[inline]
    pub fn ctext(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.compact[t.cstart..t.cend]
    }

    /// Compact text of tokens `i..j`.
    #[inline]
    pub fn cspan(&self, i: usize, j: usize) -> &str {
        &self.compact[self.toks[i].cstart..self.toks[j - 1].cend]
    }

    pub fn is_punct(&self, i: usize, chars: &str) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == Kind::Punct
            && self.ctext(i).chars().next().is_some_and(|c| chars.contains(c))
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
        while j < self.toks.len() && j < i + 8 {
            if self.toks[j].kind == Kind::Number {
                break;
            }
            let s = self.cspan(i, j + 1);
            if let Some(e) = lx.get(s) {
                if want(e) {
                    best = Some((j + 1, e));
                }
            }
            if !lx.is_prefix(s) {
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
            assert_eq!(s.cspan(0, s.toks.len()), "کشتهشدگان", "{t}");
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

//! The scanner: cuts normalized text into numbers, lexicon phrases, other words and the
//! punctuation that date expressions use. One pass, no regex; a phrase may be written with a
//! space, a zero-width non-joiner or nothing between its parts («سال های», «سال‌های»,
//! «سالهای»), and «.» or a tatweel inside it («ه.ق», «هـ.ق») are ignored.

use crate::lexicon::{canon_into, Entry, Lexicon};

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

#[derive(Clone, Copy, Debug)]
enum Atom {
    Word,
    Num(u32, u8),
    /// Space, ZWNJ, tatweel after a letter (false) or a full stop (true).
    Sep(bool),
    Punct(char),
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        _ => None,
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || ('\u{64b}'..='\u{65f}').contains(&c) || c == '\u{670}'
}

fn atoms(text: &str, out: &mut Vec<(Atom, usize, usize)>) {
    let mut chars = text.char_indices().peekable();
    let mut prev_letter = false;
    while let Some((i, c)) = chars.next() {
        if let Some(v) = digit_value(c) {
            let (mut value, mut digits, mut end) = (v, 1u8, i + c.len_utf8());
            while let Some(&(j, d)) = chars.peek() {
                let Some(dv) = digit_value(d) else { break };
                value = value.saturating_mul(10).saturating_add(dv);
                digits = digits.saturating_add(1);
                end = j + d.len_utf8();
                chars.next();
            }
            // Thousands separators («۱۷٬۰۰۰», «17,000»): one number, never a year.
            loop {
                let rest = &text[end..];
                let mut it = rest.char_indices();
                let Some((_, sep)) = it.next() else { break };
                if !matches!(sep, '٬' | ',') {
                    break;
                }
                let group: Vec<(usize, char)> = it.by_ref().take(4).collect();
                let three = group.len() >= 3 && group[..3].iter().all(|&(_, d)| digit_value(d).is_some());
                let fourth_digit = group.get(3).is_some_and(|&(_, d)| digit_value(d).is_some());
                if !three || fourth_digit {
                    break;
                }
                for &(_, d) in &group[..3] {
                    value = value.saturating_mul(10).saturating_add(digit_value(d).unwrap_or(0));
                }
                digits = u8::MAX;
                end += sep.len_utf8() + group[..3].iter().map(|&(_, d)| d.len_utf8()).sum::<usize>();
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            out.push((Atom::Num(value, digits), i, end));
            prev_letter = false;
        } else if is_letter(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !is_letter(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push((Atom::Word, i, end));
            prev_letter = true;
        } else {
            let end = i + c.len_utf8();
            let atom = match c {
                ' ' | '\u{200c}' | '\u{200d}' | '\u{a0}' | '\t' | '\u{200e}' | '\u{200f}' | '\r' => {
                    Atom::Sep(false)
                }
                '\u{640}' if prev_letter => Atom::Sep(false),
                '.' => Atom::Sep(true),
                '-' | '\u{640}' | '–' | '—' | '−' | '‐' | '‑' => Atom::Punct('-'),
                '/' | '\\' => Atom::Punct('/'),
                '(' | ')' | '[' | ']' | '\n' | ':' => Atom::Punct(c),
                '«' | '»' | '"' => Atom::Punct('"'),
                '،' | ',' | '٫' | '٬' | '؛' | ';' => Atom::Punct(','),
                '%' | '٪' => Atom::Punct('%'),
                _ => Atom::Punct('?'),
            };
            out.push((atom, i, end));
            prev_letter = prev_letter && matches!(atom, Atom::Sep(false)) && c == '\u{640}';
        }
    }
}

/// `dash_between(last char of a number, first char of the next)`, in normalized bytes.
pub type DashProbe<'a> = dyn Fn(std::ops::Range<usize>, std::ops::Range<usize>) -> bool + 'a;

/// Scans `text` into `items` (cleared first). `dash_between(a, b)` says whether the original
/// text had a dash between two numbers where the normalized text has only spaces (a
/// normalizer that drops the tatweel turns «۱۸۷۰ـ ۱۹۲۵» into «۱۸۷۰ ۱۹۲۵»).
pub fn scan(text: &str, lex: &'static Lexicon, items: &mut Vec<Item>, dash_between: &DashProbe) {
    items.clear();
    let mut atom_list = Vec::with_capacity(text.len() / 4);
    atoms(text, &mut atom_list);
    let mut key = String::new();
    let mut a = 0;
    while a < atom_list.len() {
        let (atom, start, end) = atom_list[a];
        match atom {
            Atom::Word => {
                key.clear();
                canon_into(&text[start..end], &mut key);
                let mut best: Option<(usize, &'static [Entry])> = lex.get(&key).map(|e| (a, e));
                let mut b = a + 1;
                let mut words = 1;
                while lex.is_prefix(&key) && words < lex.max_words && b < atom_list.len() {
                    match atom_list[b].0 {
                        Atom::Sep(_) => b += 1,
                        Atom::Word => {
                            canon_into(&text[atom_list[b].1..atom_list[b].2], &mut key);
                            words += 1;
                            if let Some(e) = lex.get(&key) {
                                best = Some((b, e));
                            }
                            b += 1;
                        }
                        _ => break,
                    }
                }
                match best {
                    Some((last, entries)) => {
                        items.push(Item { tok: Tok::Lex(entries), start, end: atom_list[last].2 });
                        a = last + 1;
                    }
                    None => {
                        items.push(Item { tok: Tok::Word, start, end });
                        a += 1;
                    }
                }
            }
            Atom::Num(value, digits) => {
                if let Some(prev) = items.last() {
                    let only_spaces =
                        text[prev.end..start].chars().all(|c| c.is_whitespace() || c == '\u{200c}');
                    let last_digit = text[..prev.end].chars().next_back().map_or(0, char::len_utf8);
                    let first_digit = text[start..].chars().next().map_or(0, char::len_utf8);
                    if matches!(prev.tok, Tok::Num { .. })
                        && only_spaces
                        && dash_between(prev.end - last_digit..prev.end, start..start + first_digit)
                    {
                        items.push(Item { tok: Tok::Punct('-'), start: prev.end, end: start });
                    }
                }
                items.push(Item { tok: Tok::Num { value, digits }, start, end });
                a += 1;
            }
            Atom::Sep(true) => {
                items.push(Item { tok: Tok::Punct('.'), start, end });
                a += 1;
            }
            Atom::Sep(false) => a += 1,
            Atom::Punct(c) => {
                items.push(Item { tok: Tok::Punct(c), start, end });
                a += 1;
            }
        }
    }
}

//! Single-character rules (letter forms, diacritics, tatweel, odd spaces, invisible controls),
//! read once from `data/text/characters.tsv`, the one source of truth for them.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Which option of [`crate::NormalizeOptions`] turns a rule on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Letter,
    Diacritic,
    Tatweel,
    Space,
    Invisible,
}

/// One rule: what a character becomes (empty: dropped) and under which option.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule {
    pub class: Class,
    pub to: &'static str,
}

pub(crate) struct CharTable {
    /// U+0600..U+06FF, the Arabic block: looked up for almost every Persian character.
    arabic: [Option<Rule>; 256],
    ascii: [Option<Rule>; 128],
    other: FxHashMap<char, Rule>,
}

const SOURCE: &str = include_str!("../../../data/text/characters.tsv");

pub(crate) static CHARS: LazyLock<CharTable> = LazyLock::new(|| CharTable::parse(SOURCE));

impl CharTable {
    fn parse(source: &'static str) -> CharTable {
        let mut table = CharTable { arabic: [None; 256], ascii: [None; 128], other: FxHashMap::default() };
        for (n, line) in source.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (range, class) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""));
            let to = cols.next().unwrap_or("");
            let class = match class {
                "letter" => Class::Letter,
                "diacritic" => Class::Diacritic,
                "tatweel" => Class::Tatweel,
                "space" => Class::Space,
                "invisible" => Class::Invisible,
                other => panic!("characters.tsv line {}: unknown class {other:?}", n + 1),
            };
            let (first, last) = range.split_once('-').unwrap_or((range, range));
            let hex = |s: &str| {
                u32::from_str_radix(s, 16)
                    .unwrap_or_else(|_| panic!("characters.tsv line {}: bad code point {s:?}", n + 1))
            };
            let to = if class == Class::Space { " " } else { to };
            for cp in hex(first)..=hex(last) {
                let Some(c) = char::from_u32(cp) else { continue };
                let rule = Some(Rule { class, to });
                match cp {
                    0..=0x7F => table.ascii[cp as usize] = rule,
                    0x600..=0x6FF => table.arabic[(cp - 0x600) as usize] = rule,
                    _ => {
                        table.other.insert(c, Rule { class, to });
                    }
                }
            }
        }
        table
    }

    #[inline]
    pub fn rule(&self, c: char) -> Option<Rule> {
        let cp = c as u32;
        if cp < 0x80 {
            self.ascii[cp as usize]
        } else if (0x600..0x700).contains(&cp) {
            self.arabic[(cp - 0x600) as usize]
        } else if cp < 0xA0 {
            None
        } else {
            self.other.get(&c).copied()
        }
    }
}

/// Persian/Arabic letters (what a Persian word is made of), ZWNJ excluded.
#[inline]
pub(crate) fn is_persian_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی' | 'ۀ' | '\u{0654}')
}

/// Letters that do not join the letter after them: a ZWNJ after them changes nothing visible.
#[inline]
pub(crate) fn is_non_joining(c: char) -> bool {
    matches!(c, 'ا' | 'آ' | 'أ' | 'إ' | 'د' | 'ذ' | 'ر' | 'ز' | 'ژ' | 'و' | 'ؤ' | 'ة' | 'ۀ' | 'ء')
}

/// Classes of the Arabic block (U+0600..U+06FF), for the byte-level fast paths.
const A_PUNCT: u8 = 0;
pub(crate) const A_WORD: u8 = 1;
pub(crate) const A_DIGIT: u8 = 2;
const A_TATWEEL: u8 = 3;

const fn arabic_class(cp: u32) -> u8 {
    match cp {
        0x660..=0x669 | 0x6F0..=0x6F9 => A_DIGIT,
        0x640 => A_TATWEEL,
        0x610..=0x61A
        | 0x620..=0x63F
        | 0x641..=0x65F
        | 0x66E..=0x6D3
        | 0x6D5..=0x6ED
        | 0x6EE..=0x6EF
        | 0x6FA..=0x6FF => A_WORD,
        _ => A_PUNCT,
    }
}

pub(crate) const ARABIC_CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = arabic_class(0x600 + i as u32);
        i += 1;
    }
    t
};

/// The code point of the 2-byte UTF-8 sequence `b0 b1` of the Arabic block, minus U+0600,
/// when `b0` is one of its lead bytes (0xD8..=0xDB).
#[inline]
pub(crate) fn arabic_index(b0: u8, b1: u8) -> usize {
    ((((b0 & 0x1F) as usize) << 6) | (b1 & 0x3F) as usize) - 0x600
}

/// Persian letters that no rule of the table changes: copied as they are, in runs.
pub(crate) static PLAIN_PERSIAN: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut t = [false; 256];
    for (i, slot) in t.iter_mut().enumerate() {
        let c = char::from_u32(0x600 + i as u32).unwrap_or('\0');
        *slot = is_persian_letter(c) && CHARS.rule(c).is_none();
    }
    t
});

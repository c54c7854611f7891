//! The normalizer and its offset map.
//!
//! FIRST CUT: maps characters one by one (letter forms, digits, diacritics, odd spaces, bidi
//! controls). ZWNJ repair and punctuation spacing come next; the public API stays.

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
    /// ي ى ك ة … → ی ک ه …
    pub persian_letters: bool,
    /// fatha … sukun, tanwin, superscript alef.
    pub remove_diacritics: bool,
    /// ـ (tatweel / kashida).
    pub remove_tatweel: bool,
    /// NBSP and other odd spaces to U+0020, bidi controls and zero-width spaces removed.
    pub clean_spaces: bool,
    /// Insert ZWNJ where the half-space was spaced or stripped («می شود», «میشود» → «می‌شود»).
    pub repair_zwnj: bool,
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
        }
    }
}

impl NormalizeOptions {
    /// What the extractors read: everything on, Latin digits.
    pub fn for_extraction() -> Self {
        NormalizeOptions { digits: DigitScript::Latin, ..Self::default() }
    }
}

/// For each byte of a normalized text, the original bytes it came from.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// `starts[i]`: original byte where the character holding normalized byte `i` begins.
    starts: Vec<u32>,
    /// `ends[i]`: original byte where it ends (== start for inserted characters).
    ends: Vec<u32>,
    original_len: usize,
}

impl OffsetMap {
    /// The original byte range behind the normalized range `start..end`. Always lands on
    /// original char boundaries; an empty range maps to an empty range.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.starts.len();
        let s = if start >= n { self.original_len } else { self.starts[start] as usize };
        if end <= start {
            return (s, s);
        }
        let e = if end > n { self.original_len } else { self.ends[end - 1] as usize };
        (s, e.max(s))
    }

    pub fn original_len(&self) -> usize {
        self.original_len
    }

    pub fn normalized_len(&self) -> usize {
        self.starts.len()
    }

    fn push(&mut self, normalized_bytes: usize, orig_start: usize, orig_end: usize) {
        for _ in 0..normalized_bytes {
            self.starts.push(orig_start as u32);
            self.ends.push(orig_end as u32);
        }
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
        Normalizer { options }
    }

    pub fn options(&self) -> &NormalizeOptions {
        &self.options
    }

    /// Normalize `input`, keeping the offset map.
    pub fn normalize(&self, input: &str) -> Normalized {
        assert!(input.len() < u32::MAX as usize, "inputs over 4 GiB are split by the caller");
        let mut out = Normalized {
            text: String::with_capacity(input.len()),
            map: OffsetMap {
                starts: Vec::with_capacity(input.len()),
                ends: Vec::with_capacity(input.len()),
                original_len: input.len(),
            },
        };
        for (i, c) in input.char_indices() {
            let end = i + c.len_utf8();
            if let Some(mapped) = self.map_char(c) {
                out.text.push(mapped);
                out.map.push(mapped.len_utf8(), i, end);
            }
        }
        out
    }

    fn map_char(&self, c: char) -> Option<char> {
        let o = &self.options;
        if o.remove_diacritics && matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}') {
            return None;
        }
        if o.remove_tatweel && c == '\u{0640}' {
            return None;
        }
        if o.clean_spaces {
            match c {
                '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}' => return None,
                '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
                    return Some(' ')
                }
                _ => {}
            }
        }
        if o.persian_letters {
            match c {
                'ي' | 'ى' => return Some('ی'),
                'ك' => return Some('ک'),
                _ => {}
            }
        }
        let digit = match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '۰'..='۹' => Some(c as u32 - '۰' as u32),
            '٠'..='٩' => Some(c as u32 - '٠' as u32),
            _ => None,
        };
        if let Some(d) = digit {
            return Some(match o.digits {
                DigitScript::Latin => char::from_digit(d, 10).unwrap_or(c),
                DigitScript::Persian => char::from_u32('۰' as u32 + d).unwrap_or(c),
                DigitScript::Keep => c,
            });
        }
        Some(c)
    }
}

//! The matching key: a folded form of Persian text in which the spellings of one name agree.
//!
//! Persian writers and OCR disagree on half-spaces, spaces inside names, the ezafe letter and
//! Arabic letter forms, so «قرهباغ», «قره باغ» and «قره‌باغ» or «عهدنامۀ گلستان» and «عهدنامه ی
//! گلستان» must meet. The key drops spaces, ZWNJ, hyphens, tatweel and diacritics, folds letter
//! variants, drops a detached ezafe «ی» after «ه», and turns every other non-letter into a hard
//! separator `|` that no name contains. Word boundaries of the source are kept beside the key so a
//! name only matches whole words.

/// Hard separator written for punctuation; never part of a name key.
pub const HARD: u8 = b'|';

/// What one source character becomes in the key.
enum Fold {
    /// A letter (possibly folded to another letter).
    Letter(char),
    /// Space, ZWNJ, hyphen: removed, but the place is a word boundary.
    Soft,
    /// Diacritics, tatweel, hamza above: removed, not a boundary.
    Skip,
    /// Punctuation and symbols: a hard separator.
    Hard,
}

fn fold(c: char) -> Fold {
    match c {
        'ي' | 'ى' | 'ۍ' | 'ې' => Fold::Letter('ی'),
        'ك' | 'ڪ' => Fold::Letter('ک'),
        'ة' | 'ۀ' | 'ە' | 'ہ' | 'ھ' => Fold::Letter('ه'),
        'أ' | 'إ' | 'ٱ' => Fold::Letter('ا'),
        'ؤ' => Fold::Letter('و'),
        '٠'..='٩' => Fold::Letter(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
        '۰'..='۹' => Fold::Letter(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
        '\u{200C}' | '\u{200D}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => Fold::Soft,
        '-' | '\u{2010}' | '\u{2011}' => Fold::Soft,
        '\u{0640}' => Fold::Skip,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => Fold::Skip,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Fold::Skip,
        // Fast paths (no Unicode table lookups for the common scripts).
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => Fold::Hard,
        '\u{0620}'..='\u{06FF}' => Fold::Letter(c),
        c if c.is_ascii_alphanumeric() => Fold::Letter(c),
        c if c.is_ascii_whitespace() => Fold::Soft,
        c if c.is_ascii() => Fold::Hard,
        c if c.is_whitespace() => Fold::Soft,
        c if c.is_alphanumeric() => Fold::Letter(c),
        _ => Fold::Hard,
    }
}

/// A folded text with, for each key byte, the source byte range of the character it came from,
/// and the word boundaries (key byte positions a name may start or end at).
#[derive(Debug, Default)]
pub struct KeyedText {
    pub key: String,
    /// `src_start[k]`: source byte where the character behind key byte `k` starts.
    pub src_start: Vec<u32>,
    /// `src_end[k]`: source byte where it ends.
    pub src_end: Vec<u32>,
    /// `boundary[k]`: a word boundary lies just before key byte `k` (len+1 entries).
    pub boundary: Vec<bool>,
}

impl KeyedText {
    /// Fold `text`; reuses the buffers.
    pub fn build(&mut self, text: &str) {
        self.key.clear();
        self.src_start.clear();
        self.src_end.clear();
        self.boundary.clear();
        self.key.reserve(text.len());
        self.src_start.reserve(text.len());
        self.src_end.reserve(text.len());
        self.boundary.reserve(text.len() + 1);
        let mut pending_boundary = true;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            match fold(c) {
                Fold::Letter(l) => {
                    // A detached ezafe «ی» after a word ending in «ه» («خانه ی») is dropped.
                    if pending_boundary && (l == 'ی') && self.key.ends_with('ه') && next_is_break(text, end)
                    {
                        continue;
                    }
                    let mut buf = [0u8; 4];
                    let s = l.encode_utf8(&mut buf);
                    for (n, _) in s.bytes().enumerate() {
                        self.boundary.push(pending_boundary && n == 0);
                        self.src_start.push(i as u32);
                        self.src_end.push(end as u32);
                    }
                    self.key.push_str(s);
                    pending_boundary = false;
                }
                Fold::Soft => pending_boundary = true,
                Fold::Skip => {}
                Fold::Hard => {
                    self.boundary.push(true);
                    self.src_start.push(i as u32);
                    self.src_end.push(end as u32);
                    self.key.push(HARD as char);
                    pending_boundary = true;
                }
            }
        }
        self.boundary.push(true);
    }

    /// Is there a word boundary just before key byte `k` (`k == key.len()` is the end)?
    #[inline]
    pub fn is_boundary(&self, k: usize) -> bool {
        self.boundary.get(k).copied().unwrap_or(true)
    }

    /// The source byte range behind key bytes `start..end`.
    pub fn source_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.src_start[start] as usize..self.src_end[end - 1] as usize
    }

    /// The key of the word that starts at key byte `k` (up to the next boundary).
    pub fn word_at(&self, k: usize) -> &str {
        let mut e = k;
        let b = self.key.as_bytes();
        while e < b.len() {
            e += 1;
            if self.is_boundary(e) {
                break;
            }
        }
        &self.key[k..e]
    }

    /// The key of the word that ends at key byte `k`.
    pub fn word_before(&self, k: usize) -> &str {
        if k == 0 {
            return "";
        }
        let mut s = k - 1;
        while s > 0 && !self.is_boundary(s) {
            s -= 1;
        }
        &self.key[s..k]
    }
}

/// Is the character at byte `at` a break (end, space, ZWNJ or punctuation)?
fn next_is_break(text: &str, at: usize) -> bool {
    match text[at..].chars().next() {
        None => true,
        Some(c) => !matches!(fold(c), Fold::Letter(_) | Fold::Skip),
    }
}

/// The key of a name (what a gazetteer form is matched on). Empty if the name has no letters.
pub fn name_key(name: &str) -> String {
    let mut k = KeyedText::default();
    k.build(name);
    k.key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_glued_and_zwnj_forms_agree() {
        assert_eq!(name_key("قرهباغ"), name_key("قره باغ"));
        assert_eq!(name_key("قره‌باغ"), name_key("قره باغ"));
        assert_eq!(name_key("ناگورنو- قره باغ"), name_key("ناگورنو قرهباغ"));
    }

    #[test]
    fn ezafe_forms_agree() {
        let k = name_key("عهدنامۀ گلستان");
        assert_eq!(k, name_key("عهدنامهٔ گلستان"));
        assert_eq!(k, name_key("عهد نامه ی گلستان"));
        assert_eq!(k, name_key("عهدنامه‌ی گلستان"));
        assert_eq!(k, name_key("عهد نامۀ گلستان"));
    }

    #[test]
    fn letter_forms_diacritics_and_tatweel_fold() {
        assert_eq!(name_key("استالیـن"), name_key("استالین"));
        assert_eq!(name_key("رود کُر"), name_key("رود کر"));
        assert_eq!(name_key("يرِوان"), name_key("یروان"));
    }

    #[test]
    fn a_standalone_ye_after_other_letters_stays() {
        assert_ne!(name_key("علی ی"), name_key("علی"));
    }

    #[test]
    fn boundaries_and_offsets() {
        let mut k = KeyedText::default();
        k.build("در قره‌باغ، شوشا");
        let at = k.key.find("قرهباغ").unwrap();
        assert!(k.is_boundary(at));
        assert!(k.is_boundary(at + "قرهباغ".len()));
        let r = k.source_range(at, at + "قرهباغ".len());
        assert_eq!(&"در قره‌باغ، شوشا"[r], "قره‌باغ");
    }
}

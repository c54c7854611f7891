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

/// A folded text with the map from its bytes back to the source, and the word boundaries (key
/// byte positions a name may start or end at).
///
/// Built for every document, so built cheaply: runs of Arabic-block letters that fold to
/// themselves (nearly all the text) are copied whole; the boundaries are a bitset, and the word
/// starts a list the matcher walks. The map back to the source is only the source byte of each
/// word start: the few ranges asked for (one per name found) are found by folding the source
/// again from the word start at or before them, which costs less than a map of the whole text.
#[derive(Debug, Default)]
pub struct KeyedText {
    /// The folded text: UTF-8 (whole characters of the source or their folded letters, and
    /// [`HARD`]), kept as bytes because the matcher compares bytes.
    pub key: Vec<u8>,
    /// Where each word starts: the key byte (a boundary before a letter, not before
    /// [`HARD`]) and the source byte of the character behind it. (One list, not two: one
    /// push per word.)
    pub words: Vec<WordStart>,
    /// Bit `k`: a word boundary lies just before key byte `k` (bit `key.len()` is set).
    boundary: Vec<u64>,
}

/// A word start of a [`KeyedText`].
#[derive(Clone, Copy, Debug)]
pub struct WordStart {
    /// The key byte.
    pub key: u32,
    /// The source byte of the character behind it.
    pub src: u32,
}

/// Arabic-block characters (U+0600..U+06FF) that [`fold`] keeps as the same letter: copied in
/// runs by [`KeyedText::build`].
static SAME_LETTER: std::sync::LazyLock<[bool; 256]> = std::sync::LazyLock::new(|| {
    let mut t = [false; 256];
    for (i, same) in t.iter_mut().enumerate() {
        let c = char::from_u32(0x600 + i as u32).unwrap_or('\0');
        *same = matches!(fold(c), Fold::Letter(l) if l == c);
    }
    t
});

/// How many of the bytes `w` (from a char boundary) are letters of [`SAME_LETTER`]: 0, 2, 4, 6
/// or 8, without a branch per letter.
#[inline]
fn same_letter_run(same: &[bool; 256], w: &[u8]) -> usize {
    let ok = |j: usize| {
        let (b0, b1) = (w[2 * j], w[2 * j + 1]);
        // The index is only meaningful (and only read as true) for a lead byte D8..DB.
        let lead = (b0 & 0xFC) == 0xD8;
        (lead & same[(((b0 & 3) as usize) << 6) | (b1 & 0x3F) as usize]) as u32
    };
    let letters = ok(0) | ok(1) << 1 | ok(2) << 2 | ok(3) << 3;
    2 * (!letters).trailing_zeros() as usize
}

/// U+06CC «ی» minus U+0600: the letter of the detached ezafe.
const YE: usize = 0xCC;

#[inline]
fn arabic_index(b0: u8, b1: u8) -> usize {
    ((((b0 & 0x1F) as usize) << 6) | (b1 & 0x3F) as usize) - 0x600
}

impl KeyedText {
    /// Fold `text`; reuses the buffers.
    pub fn build(&mut self, text: &str) {
        assert!(text.len() < u32::MAX as usize, "texts over 4 GiB are split by the caller");
        self.key.clear();
        self.words.clear();
        self.boundary.clear();
        self.boundary.resize(text.len() / 64 + 2, 0);
        self.key.reserve(text.len());
        let same = &*SAME_LETTER;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut pending_boundary = true;
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            if (0xD8..=0xDB).contains(&b) {
                let idx = arabic_index(b, bytes[i + 1]);
                // (At a word start «ی» may be a detached ezafe: the general path decides.)
                if same[idx] && !(pending_boundary && idx == YE) {
                    // A run of letters that fold to themselves, copied two bytes at a time as
                    // it is scanned (no copy call per word).
                    if pending_boundary {
                        self.start_word(i);
                        pending_boundary = false;
                    }
                    self.key.extend_from_slice(&[b, bytes[i + 1]]);
                    i += 2;
                    // Eight bytes at a time: copied whole, the key cut back to the run's part
                    // (fewer branches per letter than one test and copy per letter).
                    while let Some(w) = bytes.get(i..i + 8) {
                        let run = same_letter_run(same, w);
                        let keep = self.key.len() + run;
                        self.key.extend_from_slice(w);
                        self.key.truncate(keep);
                        i += run;
                        if run < 8 {
                            break;
                        }
                    }
                    while i + 1 < n {
                        let (b0, b1) = (bytes[i], bytes[i + 1]);
                        if !(0xD8..=0xDB).contains(&b0) || !same[arabic_index(b0, b1)] {
                            break;
                        }
                        self.key.extend_from_slice(&[b0, b1]);
                        i += 2;
                    }
                    continue;
                }
            } else if b == b' ' {
                pending_boundary = true;
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("a char");
            let end = i + c.len_utf8();
            match fold_in_key(text, i, c, pending_boundary, &self.key) {
                Fold::Letter(l) => {
                    if pending_boundary {
                        self.start_word(i);
                        pending_boundary = false;
                    }
                    let mut buf = [0u8; 4];
                    self.key.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
                Fold::Soft => pending_boundary = true,
                Fold::Skip => {}
                Fold::Hard => {
                    let k = self.key.len();
                    self.set_boundary(k);
                    self.key.push(HARD);
                    pending_boundary = true;
                }
            }
            i = end;
        }
        let k = self.key.len();
        self.set_boundary(k);
    }

    /// A word starts at the end of the key, from the character at source byte `src`.
    #[inline]
    fn start_word(&mut self, src: usize) {
        let k = self.key.len();
        self.set_boundary(k);
        self.words.push(WordStart { key: k as u32, src: src as u32 });
    }

    #[inline]
    fn set_boundary(&mut self, k: usize) {
        self.boundary[k / 64] |= 1 << (k % 64);
    }

    /// Is there a word boundary just before key byte `k` (`k >= key.len()` is the end)?
    #[inline]
    pub fn is_boundary(&self, k: usize) -> bool {
        k >= self.key.len() || self.boundary[k / 64] & (1 << (k % 64)) != 0
    }

    /// The source byte range behind key bytes `start..end` (char boundaries of the key) of
    /// the `text` this was built from: from the start of the character behind `start` to the
    /// end of the one behind `end - 1` (for a letter of another width in the key, the whole
    /// source character).
    pub fn source_range(&self, text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
        let w = self.words.partition_point(|w| w.key as usize <= start);
        let (k, src) = match w {
            0 => (0, 0),
            _ => (self.words[w - 1].key as usize, self.words[w - 1].src as usize),
        };
        self.fold_again(text, k, src, start, end)
    }

    /// [`KeyedText::source_range`] of key bytes from the start of word `w` (an index into
    /// [`KeyedText::words`]) to `end`.
    pub fn word_source_range(&self, text: &str, w: usize, end: usize) -> std::ops::Range<usize> {
        let WordStart { key, src } = self.words[w];
        self.fold_again(text, key as usize, src as usize, key as usize, end)
    }

    /// Fold `text` again from source byte `src`, where key byte `k` starts a word (or from the
    /// beginning), as [`KeyedText::build`] did, until key bytes `start..end` are passed.
    fn fold_again(
        &self,
        text: &str,
        mut k: usize,
        src: usize,
        start: usize,
        end: usize,
    ) -> std::ops::Range<usize> {
        let mut pending_boundary = true;
        let mut s = src;
        for (i, c) in text[src..].char_indices() {
            let i = src + i;
            let slen = c.len_utf8();
            let klen = match fold_in_key(text, i, c, pending_boundary, &self.key[..k]) {
                Fold::Letter(l) => {
                    pending_boundary = false;
                    l.len_utf8()
                }
                Fold::Soft => {
                    pending_boundary = true;
                    continue;
                }
                Fold::Skip => continue,
                Fold::Hard => {
                    pending_boundary = true;
                    1
                }
            };
            // Key bytes k..k + klen came from source bytes i..i + slen: byte for byte if the
            // widths agree, else as one character.
            if (k..k + klen).contains(&start) {
                s = if klen == slen { i + (start - k) } else { i };
            }
            if (k..k + klen).contains(&(end - 1)) {
                return s..if klen == slen { i + (end - k) } else { i + slen };
            }
            k += klen;
        }
        s..text.len()
    }

    /// The key of the word that starts at key byte `k` (up to the next boundary).
    pub fn word_at(&self, k: usize) -> &[u8] {
        let mut e = k;
        while e < self.key.len() {
            e += 1;
            if self.is_boundary(e) {
                break;
            }
        }
        &self.key[k..e]
    }

    /// The key of the word that ends at key byte `k`.
    pub fn word_before(&self, k: usize) -> &[u8] {
        if k == 0 {
            return &[];
        }
        let mut s = k - 1;
        while s > 0 && !self.is_boundary(s) {
            s -= 1;
        }
        &self.key[s..k]
    }
}

/// Is the character at byte `at` a break (end, space, ZWNJ or punctuation)?
/// What character `c` at source byte `i` of `text` adds to a key that so far is `key` (a word
/// starts there if `at_word_start`): [`fold`]'s answer, except that a detached ezafe «ی» after a
/// word ending in «ه» («خانه ی») is skipped. The one rule [`KeyedText::build`] and the offset
/// map's refold ([`KeyedText::source_range`]) both follow, so their keys agree byte for byte.
#[inline]
fn fold_in_key(text: &str, i: usize, c: char, at_word_start: bool, key: &[u8]) -> Fold {
    match fold(c) {
        Fold::Letter('ی')
            if at_word_start && key.ends_with("ه".as_bytes()) && next_is_break(text, i + c.len_utf8()) =>
        {
            Fold::Skip
        }
        folded => folded,
    }
}

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
    String::from_utf8(k.key).expect("a key is whole characters")
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
        let at = std::str::from_utf8(&k.key).unwrap().find("قرهباغ").unwrap();
        assert!(k.is_boundary(at));
        assert!(k.is_boundary(at + "قرهباغ".len()));
        let r = k.source_range("در قره‌باغ، شوشا", at, at + "قرهباغ".len());
        assert_eq!(&"در قره‌باغ، شوشا"[r], "قره‌باغ");
    }

    #[test]
    fn offsets_over_folded_skipped_and_narrowed_characters() {
        // Persian digits become one-byte keys, diacritics and tatweel are skipped, «ي» folds.
        let text = "سال ۱۷۹۵ كُرـد، علي";
        let mut k = KeyedText::default();
        k.build(text);
        let key = std::str::from_utf8(&k.key).unwrap();
        assert_eq!(key, "سال1795کرد|علی");
        let at = |s: &str| key.find(s).unwrap();
        assert_eq!(&text[k.source_range(text, at("1795"), at("1795") + 4)], "۱۷۹۵");
        assert_eq!(&text[k.source_range(text, at("9"), at("9") + 1)], "۹");
        assert_eq!(&text[k.source_range(text, at("کرد"), at("کرد") + "کرد".len())], "كُرـد");
        assert_eq!(&text[k.source_range(text, at("|"), at("|") + 1)], "،");
        assert_eq!(&text[k.source_range(text, at("علی"), k.key.len())], "علي");
        let starts: Vec<&[u8]> = k.words.iter().map(|w| k.word_at(w.key as usize)).collect();
        let starts: Vec<&str> = starts.into_iter().map(|w| std::str::from_utf8(w).unwrap()).collect();
        assert_eq!(starts, ["سال", "1795", "کرد", "علی"]);
    }
}

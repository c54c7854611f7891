//! The Persian text layer of sanad.
//!
//! Everything that reads Persian starts here: [`Normalizer`] turns messy input (Arabic letter
//! forms, mixed digits, stripped or spaced zero-width non-joiners, bidi controls) into one
//! canonical form and keeps an [`OffsetMap`] from every normalized byte back to the original
//! bytes; [`tokenize`] and [`split_sentences`] cut the normalized text; [`Analyzed`] bundles all
//! of that for the extractors, which work on normalized text and report spans in the
//! ORIGINAL input via [`Analyzed::to_original`].
//!
//! ```
//! use sanad_text::{Analyzed, NormalizeOptions};
//! let doc = Analyzed::new("در سال ۱۷۹۵م، آقامحمدخان", &NormalizeOptions::for_extraction());
//! let year = doc.normalized().find("1795").unwrap();
//! let span = doc.to_original(year..year + 4);
//! assert_eq!(&doc.original()[span.range()], "۱۷۹۵");
//! ```

//!
//! # Design: the offset map
//!
//! Every annotation sanad shows must point at the ORIGINAL bytes (provenance), while every
//! extractor reads the normalized text. The map between them is built in the same single pass
//! as the text and is shaped by three facts:
//!
//! * **Most text is unchanged.** A per-byte table (8 bytes per byte, as in the first cut) costs
//!   8× the input in memory and bandwidth for nothing. The map is instead a sorted list of
//!   *pieces*: a **linear** piece says «these normalized bytes are those original bytes, byte for
//!   byte» (copied text, and same-width replacements like ي→ی), so a whole unchanged paragraph is
//!   one 20-byte piece; an **atom** says «these normalized bytes came from that original range» and
//!   maps only its two ends (Persian → Latin digits, presentation forms, «...» → «…», a space run
//!   collapsed to one space, and inserted ZWNJs or spaces, which are atoms over an empty or
//!   a whitespace range). A look-up is a binary search over pieces.
//! * **Spans must land on whole characters.** Linear pieces only ever hold characters of equal
//!   width on both sides, and atoms map only their ends, so a char boundary of the normalized
//!   text always maps to a char boundary of the original; [`Analyzed::to_original`] first widens
//!   any other offset to the normalized char boundaries around it.
//! * **A word's span must be exactly the word.** Dropped diacritics and tatweel are attached to
//!   the letter before them (that letter becomes an atom covering both), so «کتابِ» is the span of
//!   «کتاب»; dropped bidi controls and spaces attach to nothing, so they never widen a word. A
//!   ZWNJ inserted in a glued word is an empty atom at the right place, and one replacing a space
//!   («می شود») is an atom over that space, so «می‌شود» maps back to «می شود» exactly. The
//!   tests check that every token of the essay maps to original bytes that normalize to it.
//!
//! Starts map to the start of their piece and ends to the end, so mapping is monotone and
//! `to_original(a..b)` always contains the original of every sub-range.

mod analyzed;
mod chars;
mod lexicon;
mod normalize;
mod sentence;
mod span;
mod tokenize;
mod trie;
mod trie_table;

pub use analyzed::Analyzed;
pub use normalize::{DigitScript, NormalizeOptions, Normalized, Normalizer, OffsetMap};
pub use sentence::split_sentences;
pub use span::Span;
pub use tokenize::{tokenize, Token, TokenKind};
pub use trie::TrieEdges;
pub use trie_table::TrieTable;

/// The normalizer's tables are set up on first use (the lexicon's hash table itself is compiled
/// into the binary by `build.rs`, see `lexicon.rs`); call this at start-up to pay that small
/// cost, and the first page faults, up front rather than on the first document.
pub fn warm_up() {
    let _ = Normalizer::new(NormalizeOptions::default()).normalize("میشود");
}

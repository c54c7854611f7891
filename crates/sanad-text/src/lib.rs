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

mod analyzed;
mod chars;
mod lexicon;
mod normalize;
mod sentence;
mod span;
mod tokenize;

pub use analyzed::Analyzed;
pub use normalize::{DigitScript, NormalizeOptions, Normalized, Normalizer, OffsetMap};
pub use sentence::split_sentences;
pub use span::Span;
pub use tokenize::{tokenize, Token, TokenKind};

//! sanad's extraction pipeline: plain functions over `&str`, no IO.
//!
//! [`Extractor`] runs every extractor on one document, in the order their dependencies need
//! (dates, then entities with the dates as context, then quantities that are not dates, then
//! attributions with the names as sources, then claim groups), and returns [`Annotation`]s
//! whose spans are byte offsets into the ORIGINAL input.
//!
//! ```
//! use sanad_core::{Extractor, ExtractOptions};
//! let text = "در سال ۱۷۹۵م، آقامحمدخان به گرجستان یورش برد";
//! let out = Extractor::new().extract(text, &ExtractOptions::default());
//! for a in &out.annotations {
//!     assert_eq!(&text[a.start..a.end], a.text);
//! }
//! ```

mod annotation;
pub mod claims;
pub mod decode;
mod output;
mod pipeline;

pub use annotation::{Annotation, Payload};
pub use claims::{ClaimGroup, ClaimMember};
pub use output::{DocumentOutput, ErrorOutput};
pub use pipeline::{ExtractOptions, Extraction, Extractor};

pub use sanad_dates::DateValue;
pub use sanad_entities::EntityValue;
pub use sanad_figures::{AttributionValue, QuantityValue, TextSpan};
pub use sanad_text::Span;

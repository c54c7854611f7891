//! People, places, organisations, events, treaties and groups in Persian text, linked to a
//! gazetteer of rival and time-bound names.
//!
//! [`EntityFinder::new`] parses the bundled gazetteer (`data/gazetteer/*.jsonl`) and builds one
//! byte trie over the matching keys of every name (see [`key`]); [`EntityFinder::find`]
//! folds a document once, keeps the longest whole-word matches, resolves forms shared by several
//! entries by the dates around them, adds what the trained tagger finds, and reports ORIGINAL
//! byte spans.
//!
//! ```
//! use sanad_entities::EntityFinder;
//! use sanad_text::{Analyzed, NormalizeOptions};
//! let finder = EntityFinder::new();
//! let text = "استپاناکرت ( خان کندی در نقشه های جمهوری آذربایجان)";
//! let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
//! let found = finder.find(&doc, &[]);
//! assert_eq!(found[0].value.id, found[1].value.id);
//! assert_eq!(&text[found[1].span.range()], "خان کندی");
//! assert_eq!(found[1].value.name_used_by.as_deref(), Some("Azerbaijan"));
//! ```

pub mod gazetteer;
pub mod geojson;
pub mod key;
mod matcher;

pub use gazetteer::{Entry, GazetteerError, Name};
pub use geojson::places_geojson;
pub use matcher::EntityFinder;

use sanad_text::Span;
use serde::{Deserialize, Serialize};

/// The value of an `entity` annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityValue {
    /// person, location, organization, event, treaty, ethnic_group, work, other
    #[serde(rename = "type")]
    pub entity_type: String,
    pub id: Option<String>,
    pub canonical: Option<String>,
    pub name_used_by: Option<String>,
    pub score: f32,
    /// gazetteer, model or both
    pub origin: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntityMention {
    pub span: Span,
    pub value: EntityValue,
}

/// A year the text speaks of at some place, to pick among time-bound names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YearContext {
    pub span: Span,
    pub year: i32,
}

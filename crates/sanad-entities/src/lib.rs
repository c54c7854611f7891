//! Named entities. STUB: the API is fixed, the gazetteer and matching come next.

use sanad_text::{Analyzed, Span};
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

/// Gazetteer + model; build once, use for many documents.
#[derive(Debug, Default)]
pub struct EntityFinder {}

impl EntityFinder {
    pub fn new() -> EntityFinder {
        EntityFinder {}
    }

    pub fn find(&self, _doc: &Analyzed, _years: &[YearContext]) -> Vec<EntityMention> {
        Vec::new()
    }
}

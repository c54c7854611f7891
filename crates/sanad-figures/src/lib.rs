//! Figures and who says them. STUB: the API is fixed, the rules come next.

use sanad_text::{Analyzed, Span};
use serde::{Deserialize, Serialize};

/// The value of a `quantity` annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantityValue {
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub approx: bool,
    pub unit: Option<String>,
    pub measure: Option<String>,
    pub group: Option<String>,
    pub vague: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuantityMention {
    pub span: Span,
    pub value: QuantityValue,
}

/// A span of the original text with its words, as it appears inside an attribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The value of an `attribution` annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributionValue {
    pub source: TextSpan,
    pub cue: TextSpan,
    pub claim: Span,
    pub via: Option<TextSpan>,
    pub quote: bool,
    /// `asserts`, `claims` or `disputes`.
    pub stance: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AttributionMention {
    pub span: Span,
    pub value: AttributionValue,
}

/// Finds quantities and attributions; build once, use for many documents.
#[derive(Debug, Default)]
pub struct FigureFinder {}

impl FigureFinder {
    pub fn new() -> FigureFinder {
        FigureFinder {}
    }

    /// Quantities, skipping anything inside `not_quantities` (original spans of dates).
    pub fn quantities(&self, _doc: &Analyzed, _not_quantities: &[Span]) -> Vec<QuantityMention> {
        Vec::new()
    }

    /// Attributions; `names` are original spans of person/organization mentions, which help
    /// find the source of a cue.
    pub fn attributions(&self, _doc: &Analyzed, _names: &[Span]) -> Vec<AttributionMention> {
        Vec::new()
    }
}

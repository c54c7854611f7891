//! Date expressions in Persian text. STUB: the API is fixed, the rules come next.

use sanad_text::{Analyzed, Span};
use serde::{Deserialize, Serialize};

/// The value of a `date` annotation (the `sanad extract` contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateValue {
    /// `solar_hijri`, `lunar_hijri` or `gregorian`.
    pub calendar: String,
    /// `day`, `month`, `year`, `decade`, `century`, `millennium` or `range`.
    pub granularity: String,
    /// First day, proleptic Gregorian, ISO 8601 astronomical year numbering.
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
    pub inferred: bool,
    pub year_from_context: bool,
}

/// A date found in a document: `span` is into the ORIGINAL text.
#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    pub span: Span,
    pub value: DateValue,
}

/// The date finder: build once (rules, automata), use for many documents.
#[derive(Debug, Default)]
pub struct DateFinder {}

impl DateFinder {
    pub fn new() -> DateFinder {
        DateFinder {}
    }

    pub fn find(&self, _doc: &Analyzed) -> Vec<DateMention> {
        Vec::new()
    }
}

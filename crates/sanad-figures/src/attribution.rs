//! Attributions. (first cut)
use crate::scan::Scan;
use crate::AttributionMention;
use sanad_text::{Analyzed, Span};

pub fn find(_scan: &Scan, _doc: &Analyzed, _names: &[Span]) -> Vec<AttributionMention> {
    Vec::new()
}

pub fn byline(_original: &str) -> Option<Span> {
    None
}

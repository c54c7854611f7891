//! Claims and claim groups. STUB: the API is fixed, the grouping comes next.
//!
//! A claim joins what is said (a quantity or a dated event), about what, by whom (an
//! attribution, else the document's author) and where (span). Claims about the same event and
//! measure are grouped; a group is disputed when its figures do not overlap or the text says so.
//! Nothing is ever chosen between members.

use crate::Annotation;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimMember {
    /// Index of the quantity (or date) annotation in `annotations`.
    pub annotation: usize,
    pub start: usize,
    pub end: usize,
    /// Who says it (the source's words, or the author).
    pub source: String,
    pub via: Option<String>,
    pub low: Option<u64>,
    pub high: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimGroup {
    pub id: String,
    /// What the members speak about, e.g. "killed · people · 1905 · Baku".
    pub about: String,
    pub disputed: bool,
    /// Why the members were joined, and why the group is disputed.
    pub reasons: Vec<String>,
    pub members: Vec<ClaimMember>,
}

/// Group the claims in one document's annotations.
pub fn group_claims(_original: &str, _annotations: &[Annotation]) -> Vec<ClaimGroup> {
    Vec::new()
}

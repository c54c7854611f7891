//! Entity-level scoring, conlleval-style: a predicted chunk counts only if its span and type
//! both match a gold chunk exactly; micro-averaged precision, recall and F1, and per type.

use crate::model::{is_inside, tag_type};
use std::collections::BTreeMap;
use std::ops::Range;

/// The chunks `(words, type)` of a valid BIO tag sequence.
pub fn chunks_of(tags: &[u8]) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let continues = is_inside(tag) && start.is_some_and(|(_, ty)| Some(ty) == tag_type(tag));
        if continues {
            continue;
        }
        if let Some((s, ty)) = start.take() {
            out.push((s..i, ty));
        }
        if let Some(ty) = tag_type(tag) {
            start = Some((i, ty));
        }
    }
    if let Some((s, ty)) = start {
        out.push((s..tags.len(), ty));
    }
    out
}

/// True/false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores over a test set, overall and per type name.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub total: Counts,
    pub per_type: BTreeMap<String, Counts>,
}

impl Score {
    /// Add one sentence. Types are mapped to names with `names`; a predicted type that
    /// `map_pred` sends to `None` is dropped (the test corpus does not annotate it).
    pub fn add(
        &mut self,
        gold: &[u8],
        pred: &[u8],
        names: &[&str],
        map_pred: &dyn Fn(usize) -> Option<usize>,
    ) {
        let g: Vec<(Range<usize>, usize)> = chunks_of(gold);
        let p: Vec<(Range<usize>, usize)> =
            chunks_of(pred).into_iter().filter_map(|(r, t)| map_pred(t).map(|t| (r, t))).collect();
        for (r, t) in &p {
            let c = self.per_type.entry(names[*t].to_string()).or_default();
            if g.iter().any(|(gr, gt)| gr == r && gt == t) {
                c.tp += 1;
                self.total.tp += 1;
            } else {
                c.fp += 1;
                self.total.fp += 1;
            }
        }
        for (r, t) in &g {
            if !p.iter().any(|(pr, pt)| pr == r && pt == t) {
                self.per_type.entry(names[*t].to_string()).or_default().fn_ += 1;
                self.total.fn_ += 1;
            }
        }
    }
}

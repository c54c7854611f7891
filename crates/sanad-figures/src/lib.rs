//! Figures and who says them.
//!
//! [`FigureFinder::quantities`] reads numbers in any script and in words, ranges, approximations,
//! vague plurals and percentages, with the counted noun, the group counted and what the clause
//! says happened to them. [`FigureFinder::attributions`] finds who says what: the cue, the
//! source, whom the source cites, the claimed words and the stance. Every rule and word list is a
//! data file under `data/figures/`.
//!
//! ```
//! use sanad_figures::FigureFinder;
//! use sanad_text::{Analyzed, NormalizeOptions};
//! let doc = Analyzed::new("شمار کشته شدگان بین ۳۰۰۰ تا ۱۰۰۰۰ نفر متغیر است.", &NormalizeOptions::for_extraction());
//! let q = &FigureFinder::new().quantities(&doc, &[])[0].value;
//! assert_eq!((q.low, q.high), (Some(3000), Some(10000)));
//! assert_eq!(q.unit.as_deref(), Some("people"));
//! assert_eq!(q.measure.as_deref(), Some("killed"));
//! ```

mod attribution;
mod lexicon;
mod number;
mod quantity;
mod scan;

pub use number::{parse_digits, parse_number, Decimal, ParsedNumber};

use sanad_text::{Analyzed, Span};
use serde::{Deserialize, Serialize};

/// The value of a `quantity` annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantityValue {
    /// Lower end; `None` when open («کمتر از ۱۰۰») or too large for 64 bits.
    pub low: Option<u64>,
    /// Upper end; `None` when open («بیش از ۵۳») or too large for 64 bits.
    pub high: Option<u64>,
    pub approx: bool,
    /// What is counted, e.g. `people`, `villages`, `percent`.
    pub unit: Option<String>,
    /// What the clause says happened, e.g. `killed`, `wounded`.
    pub measure: Option<String>,
    /// The group counted, as written («ارمنی», «روس و ارمنی»).
    pub group: Option<String>,
    /// A vague plural («صدها») or «چند».
    pub vague: bool,
    /// The number does not fit 64 bits; `low`/`high` are then `None`, never wrapped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overflow: bool,
    /// A fraction «دو سوم» as `[2, 3]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<[u64; 2]>,
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
        // parse the data files now, not on the first document
        std::sync::LazyLock::force(&lexicon::LEXICON);
        FigureFinder {}
    }

    /// A document read for figures: its text cut once into tokens, shared by the quantities,
    /// the attributions and the contesting phrases asked of it. The pipeline reads each
    /// document once this way; the methods below are one-call shortcuts that cut it anew.
    pub fn read<'d>(&self, doc: &'d Analyzed<'d>) -> FigureText<'d> {
        FigureText { doc, scan: scan::Scan::new(doc.normalized()) }
    }

    /// Quantities, skipping anything inside `not_quantities` (original spans of dates).
    pub fn quantities(&self, doc: &Analyzed, not_quantities: &[Span]) -> Vec<QuantityMention> {
        self.read(doc).quantities(not_quantities)
    }

    /// Quantities and attributions together, cutting the text once.
    pub fn find_all(
        &self,
        doc: &Analyzed,
        not_quantities: &[Span],
        names: &[Span],
    ) -> (Vec<QuantityMention>, Vec<AttributionMention>) {
        let text = self.read(doc);
        (text.quantities(not_quantities), text.attributions(names))
    }

    /// Attributions; `names` are original spans of person/organization mentions, which help
    /// find the source of a cue.
    pub fn attributions(&self, doc: &Analyzed, names: &[Span]) -> Vec<AttributionMention> {
        self.read(doc).attributions(names)
    }
}

/// A document cut for the figure finders (see [`FigureFinder::read`]).
pub struct FigureText<'d> {
    doc: &'d Analyzed<'d>,
    scan: scan::Scan<'d>,
}

impl FigureText<'_> {
    /// Quantities, skipping anything inside `not_quantities` (original spans of dates).
    pub fn quantities(&self, not_quantities: &[Span]) -> Vec<QuantityMention> {
        let doc = self.doc;
        let is_date = |r: std::ops::Range<usize>| {
            let o = doc.to_original(r);
            not_quantities.iter().any(|d| d.overlaps(o))
        };
        quantity::find(&self.scan, doc.normalized(), &is_date)
            .into_iter()
            .map(|f| QuantityMention { span: doc.to_original(f.range), value: f.value })
            .collect()
    }

    /// Attributions; `names` are original spans of person/organization mentions, which help
    /// find the source of a cue.
    pub fn attributions(&self, names: &[Span]) -> Vec<AttributionMention> {
        attribution::find(&self.scan, self.doc, names)
    }

    /// Original spans of the phrases by which the text contests a claim or a figure (see
    /// [`contesting_phrases`]).
    pub fn contesting_phrases(&self) -> Vec<Span> {
        let (scan, doc) = (&self.scan, self.doc);
        let lx = &*lexicon::LEXICON;
        let mut out = Vec::new();
        let mut i = 0;
        while i < scan.toks.len() {
            // most tokens start no such phrase: skip them without walking the lexicon
            if !scan.may_start(i, lexicon::Reach::DISPUTE) {
                i += 1;
                continue;
            }
            if let Some((end, _)) = scan.longest(lx, i, |e| e.dispute) {
                out.push(doc.to_original(scan.toks[i].start()..scan.toks[end - 1].end()));
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }
}

/// The canonical side a quantity's `group` names (`data/figures/groups.tsv`), so «ارمنیان»,
/// «ارامنه» and «ارمنی‌ها» are one side: «Armenian»; «روس و ارمنی» gives «Russian + Armenian».
/// `None` when no word is a known group.
///
/// ```
/// assert_eq!(sanad_figures::group_key("ارمنیان").as_deref(), Some("Armenian"));
/// assert_eq!(sanad_figures::group_key("شهروندان ارمنی").as_deref(), Some("Armenian"));
/// assert_eq!(sanad_figures::group_key("روس و ارمنی").as_deref(), Some("Russian + Armenian"));
/// ```
pub fn group_key(group: &str) -> Option<String> {
    let lx = &*lexicon::LEXICON;
    let mut sides: Vec<&str> = Vec::new();
    for word in group.split(|c: char| c.is_whitespace() || c == '\u{200c}') {
        let w = lexicon::compact(word);
        let canonical = quantity::stems(&w).find_map(|s| lx.get(s).and_then(|e| e.group_canonical));
        if let Some(c) = canonical {
            if !sides.contains(&c) {
                sides.push(c);
            }
        }
    }
    (!sides.is_empty()).then(|| sides.join(" + "))
}

/// The document's author from its byline («نوشتۀ : مهرداد رضاوند», «به قلم …») in the first
/// lines: the original span of the name. The essay's own voice is this author.
pub fn byline(original: &str) -> Option<Span> {
    attribution::byline(original)
}

/// Original spans of the phrases by which a text contests a claim or a figure («… چندان قابل
/// اعتماد نیست», «شمار کشته شدگان … به درستی اعلام نشده است», «تعبیر دیگری»), from
/// `data/figures/disputes.tsv`.
pub fn contesting_phrases(doc: &Analyzed) -> Vec<Span> {
    FigureFinder::new().read(doc).contesting_phrases()
}

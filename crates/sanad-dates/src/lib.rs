//! Date expressions in Persian text, in the Solar Hijri, Lunar Hijri and Gregorian calendars,
//! turned into exact intervals of the proleptic Gregorian calendar.
//!
//! The language resources (month names, calendar markers, ordinal words, head nouns, parts of
//! units) live in `data/dates/`; the rules in [`grammar`] and their examples in
//! `data/dates/examples.txt`. Conversions go through ICU4X (see [`calendar`]).
//!
//! ```
//! use sanad_dates::DateFinder;
//! use sanad_text::{Analyzed, NormalizeOptions};
//! let doc = Analyzed::new("در سال ۱۲۲۰ق و ششم فوریۀ ۱۹۰۵", &NormalizeOptions::for_extraction());
//! let dates = DateFinder::new().find(&doc);
//! assert_eq!(dates[0].value.start, "1805-04-01");
//! assert_eq!(&doc.original()[dates[1].span.range()], "ششم فوریۀ ۱۹۰۵");
//! assert_eq!(dates[1].value.end, "1905-02-06");
//! ```

mod attested;
pub mod calendar;
pub mod grammar;
pub mod lexicon;
mod resolve;
pub mod scan;

use sanad_text::{Analyzed, Span};
use serde::{Deserialize, Serialize};

pub use calendar::Calendar;

/// The date as written, in its own calendar.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Original {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// The last year / month / day of a written range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_end: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month_end: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_end: Option<u8>,
    /// The century, millennium or decade number as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_number: Option<u32>,
    /// Written with a marker for before the Common Era («ق.م»).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bce: bool,
}

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
    /// The calendar (or the century) was not written but inferred.
    pub inferred: bool,
    /// The year was not written but taken from the context.
    pub year_from_context: bool,
    pub original: Original,
    /// The vague part of the unit: `early`, `mid`, `late`, `start`, `end` (the interval stays
    /// the whole unit), `first_half`, `second_half` (the interval is the half).
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// The same date given in another calendar right beside it («۱۱۹۳ ش ( ۱۸۱۲ م )»): the
    /// partner's span in the original text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired_with: Option<Span>,
    /// `match` or `mismatch` for paired dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency: Option<String>,
    /// For a mismatch: days between the two intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_days: Option<i64>,
    /// `tabular` for Lunar Hijri dates (the civil tabular calendar, not an observed month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub islamic_variant: Option<String>,
    /// Day-level Solar Hijri dates before 1304 AP, when months followed the zodiac: how many
    /// days the arithmetic calendar may be off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty_days: Option<u32>,
    /// The date of the document itself (its date line or closing date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_date: Option<bool>,
    /// The expression names a relative year («همان سال», «سال بعد»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<bool>,
}

/// An event the document mentions and the years it took place (Gregorian, astronomical), and
/// its first and last day where they are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventYears {
    pub span: Span,
    pub from: i32,
    pub to: i32,
    /// First and last day (Gregorian year, month, day): days counted from the event named in a
    /// date («یک هفته پس از قتل عام خوجالی») count from these.
    pub days: Option<[(i32, u8, u8); 2]>,
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
        // Parse the data files now, not on the first document.
        std::sync::LazyLock::force(&lexicon::LEXICON);
        DateFinder {}
    }

    pub fn find(&self, doc: &Analyzed) -> Vec<DateMention> {
        self.find_with_events(doc, &[])
    }

    /// Like [`find`](Self::find), with the events the document mentions whose year is known
    /// (from a gazetteer): a day or month said without a year after «قتل عام خوجالی» and no
    /// written year in its paragraph takes the event's year when the event is the nearer
    /// anchor. Only single-year events anchor; spans are into the ORIGINAL text.
    ///
    /// ```
    /// use sanad_dates::{DateFinder, EventYears};
    /// use sanad_text::{Analyzed, NormalizeOptions, Span};
    /// let text = "در بهار ۲۰۰۵م سفر کرد.\nپس از قتل عام خوجالی در ٢٩ فوریه فیلم گرفتیم.";
    /// let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
    /// let at = text.find("قتل عام خوجالی").unwrap();
    /// let event =
    ///     EventYears { span: Span::new(at, at + "قتل عام خوجالی".len()), from: 1992, to: 1992, days: None };
    /// let dates = DateFinder::new().find_with_events(&doc, &[event]);
    /// assert_eq!(dates[1].value.start, "1992-02-29");
    /// assert!(dates[1].value.year_from_context);
    /// ```
    pub fn find_with_events(&self, doc: &Analyzed, events: &[EventYears]) -> Vec<DateMention> {
        self.parse(doc).resolve(events)
    }

    /// Scan and parse once, resolve as often as needed: the pipeline resolves again, without
    /// scanning again, once the events of known year are known.
    ///
    /// ```
    /// use sanad_dates::DateFinder;
    /// use sanad_text::{Analyzed, NormalizeOptions};
    /// let doc = Analyzed::new("در سال ۱۹۰۵م و ۹ فوریه", &NormalizeOptions::for_extraction());
    /// let parsed = DateFinder::new().parse(&doc);
    /// assert_eq!(parsed.resolve(&[]), DateFinder::new().find(&doc));
    /// ```
    pub fn parse<'a, 'd>(&self, doc: &'a Analyzed<'d>) -> ParsedDates<'a, 'd> {
        // What the original has between two numbers, dropped characters included.
        let dash_between = |last: std::ops::Range<usize>, first: std::ops::Range<usize>| {
            let (a, b) = (doc.to_original(last).start, doc.to_original(first).start);
            a <= b && doc.original()[a..b].chars().any(|c| matches!(c, '\u{640}' | '-' | '–' | '—' | '−'))
        };
        let raws = raw_dates(doc.normalized(), &dash_between);
        ParsedDates { doc, raws }
    }

    /// Dates in already normalized text, with spans into that text.
    pub fn find_normalized(&self, text: &str) -> Vec<(std::ops::Range<usize>, DateValue)> {
        let found = find_in(text, &|_, _| false, &[]);
        let spans: Vec<Span> = found.iter().map(|f| Span::new(f.start, f.end)).collect();
        found
            .into_iter()
            .map(|f| {
                let mut value = f.value;
                value.paired_with = f.partner.map(|p| spans[p]);
                (f.start..f.end, value)
            })
            .collect()
    }
}

/// A document's date expressions, scanned and parsed, not yet resolved (see
/// [`DateFinder::parse`]).
pub struct ParsedDates<'a, 'd> {
    doc: &'a Analyzed<'d>,
    raws: Vec<grammar::Raw>,
}

impl ParsedDates<'_, '_> {
    /// The dates, with the events of known year the document mentions as anchors (see
    /// [`DateFinder::find_with_events`]).
    pub fn resolve(&self, events: &[EventYears]) -> Vec<DateMention> {
        let doc = self.doc;
        let normalized = doc.normalized();
        // The normalized offset of an original one: the first whose original start is at or
        // after it (the map is monotonic).
        let to_normalized = |orig: usize| {
            let (mut lo, mut hi) = (0, normalized.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if doc.to_original(mid..mid).start < orig {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let mut anchors: Vec<resolve::EventYear> = events
            .iter()
            .filter(|e| e.from == e.to)
            .map(|e| resolve::EventYear {
                start: to_normalized(e.span.start),
                pos: to_normalized(e.span.end),
                from: e.from,
                to: e.to,
                days: e.days.and_then(|[a, b]| {
                    let day = |(y, m, d): (i32, u8, u8)| calendar::day_number(Calendar::Gregorian, y, m, d);
                    Some((day(a)?, day(b)?))
                }),
            })
            .collect();
        anchors.sort_by_key(|e| e.pos);
        let found = resolve::resolve(normalized, &self.raws, &anchors);
        let spans: Vec<Span> = found.iter().map(|f| doc.to_original(f.start..f.end)).collect();
        found
            .into_iter()
            .zip(&spans)
            .map(|(f, &span)| {
                let mut value = f.value;
                value.paired_with = f.partner.map(|p| spans[p]);
                DateMention { span, value }
            })
            .collect()
    }
}

/// The most items whose buffer [`ITEMS`] keeps for the next document (about 2.5 MB of text,
/// 10 MB of items).
const KEEP_ITEMS: usize = 1 << 18;

thread_local! {
    /// The scanned items of the document being parsed: scratch space, reused from document
    /// to document (the items only live while the grammar reads them).
    static ITEMS: std::cell::RefCell<Vec<scan::Item>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Scan and parse `text` into raw date expressions.
fn raw_dates(text: &str, dash_between: &scan::DashProbe) -> Vec<grammar::Raw> {
    let mut raws = Vec::new();
    ITEMS.with(|items| {
        let mut items = items.borrow_mut();
        scan::scan(text, &lexicon::LEXICON, &mut items, dash_between);
        grammar::parse(text, &items, &mut raws);
        // keep the buffer of a typical document, not of the largest one seen
        if items.capacity() > KEEP_ITEMS {
            *items = Vec::new();
        }
    });
    raws
}

fn find_in(text: &str, dash_between: &scan::DashProbe, events: &[resolve::EventYear]) -> Vec<resolve::Found> {
    resolve::resolve(text, &raw_dates(text, dash_between), events)
}

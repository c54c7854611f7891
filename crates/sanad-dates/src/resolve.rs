//! From raw expressions to intervals: the calendar (written, fixed by a month name, or inferred
//! from the number and the document's habits), the year (written or from the context), the
//! interval through ICU4X, the document's own date, and paired dates with their consistency.

use crate::calendar::{self, Calendar};
use crate::grammar::{Raw, ShiftUnit, What, YearRef};
use crate::lexicon::{Marker, Relative, Unit};
use crate::{DateValue, Original};

/// A resolved date in normalized text; `partner` is the index of its paired date.
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub value: DateValue,
    pub partner: Option<usize>,
    first_day: i64,
    last_day: i64,
}

/// Solar Hijri dates before this year counted months by the zodiac (uneven lengths).
const FIRST_ARITHMETIC_SOLAR_YEAR: i32 = 1304;
/// The longest event a «طی N روز» after a day is read as (longer ones are no event of that day).
const MAX_EVENT_DAYS: u32 = 31;
/// How far a day-level Solar Hijri date before 1304 AP may be off.
const ZODIAC_UNCERTAINTY_DAYS: u32 = 2;

fn idx(c: Calendar) -> usize {
    match c {
        Calendar::SolarHijri => 0,
        Calendar::LunarHijri => 1,
        Calendar::Gregorian => 2,
    }
}

fn marker_calendar(m: Option<Marker>) -> Option<Calendar> {
    match m? {
        Marker::Calendar(c) => Some(c),
        Marker::Bce | Marker::Ce => Some(Calendar::Gregorian),
    }
}

/// The document's calendar habits: how many dates it writes in each calendar.
struct Habits {
    counts: [usize; 3],
}

impl Habits {
    fn of(raws: &[Raw]) -> Habits {
        let mut counts = [0; 3];
        for r in raws {
            let c = match r.what {
                What::Days { calendar, .. } | What::Months { calendar, .. } => Some(calendar),
                _ => marker_calendar(r.marker),
            };
            if let Some(c) = c {
                counts[idx(c)] += 1;
            }
        }
        Habits { counts }
    }

    fn dominant(&self) -> Calendar {
        let [sh, lh, g] = self.counts;
        if g >= sh && g >= lh {
            Calendar::Gregorian
        } else if sh >= lh {
            Calendar::SolarHijri
        } else {
            Calendar::LunarHijri
        }
    }

    /// The calendar of a year written without a marker.
    fn year_calendar(&self, year: u32) -> Calendar {
        let [sh, lh, g] = self.counts;
        match year {
            1450.. => Calendar::Gregorian,
            1300..=1449 if g > sh + lh => Calendar::Gregorian,
            1300..=1449 if lh > sh => Calendar::LunarHijri,
            1300..=1449 => Calendar::SolarHijri,
            _ => self.dominant(),
        }
    }

    /// The calendar of a century written without a marker.
    fn century_calendar(&self, n: u32) -> Calendar {
        if n >= 16 {
            Calendar::Gregorian
        } else {
            self.dominant()
        }
    }
}

/// A year the narrative is in: a written date, or an event of known year (from the caller:
/// «قتل عام خوجالی» is 1992) — its calendar, year, interval (Rata Die) and where it is.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    calendar: Calendar,
    year: i32,
    first: i64,
    last: i64,
    /// Byte offset in the normalized text (the end of the mention).
    pos: usize,
    /// A written day (or days): «هشت روز پس از …» may count from it.
    days: bool,
}

/// An event mention the caller knows the year of: its start and end in the normalized text,
/// its first and last Gregorian year, and its first and last day numbers where known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventYear {
    pub start: usize,
    pub pos: usize,
    pub from: i32,
    pub to: i32,
    pub days: Option<(i64, i64)>,
}

/// Where a day or a month said without a year takes its year from.
struct Context<'a> {
    /// The last written date before the current mention.
    last: Option<Anchor>,
    /// The next written date after the current mention in the same sentence (for «در دوم
    /// مارس ۱۹۹۲» written as «دوم مارس … سال ۱۹۹۲»).
    next_in_sentence: Option<Anchor>,
    /// Single-year events, by position.
    events: &'a [EventYear],
    /// The last day-level date of any kind (its year written or not): «در ٢٩ فوریه … سه روز
    /// بعد» counts from it when it is in the same paragraph.
    last_day: Option<Anchor>,
    /// Offsets of the newlines, to tell paragraphs apart in logarithmic time (a document
    /// that is one huge line must not make every lookup scan it).
    newlines: Vec<usize>,
}

/// A sentence ends at «.», «!», «؟», «?» or a newline; a paragraph at a newline.
fn crosses(text: &str, a: usize, b: usize, stops: &[char]) -> bool {
    let (a, b) = (a.min(b), a.max(b));
    text.get(a..b).map_or(true, |s| s.contains(stops))
}

const SENTENCE: &[char] = &['\n', '.', '!', '?', '؟'];

impl Context<'_> {
    fn set(&mut self, c: Calendar, year: i32, first: i64, last: i64, pos: usize, days: bool) {
        self.last = Some(Anchor { calendar: c, year, first, last, pos, days });
    }

    /// The nearest single-year event mentioned before `pos`.
    fn event_before(&self, pos: usize) -> Option<Anchor> {
        let i = self.events.partition_point(|e| e.pos <= pos);
        let e = self.events[..i].last()?;
        let first = calendar::day_number(Calendar::Gregorian, e.from, 1, 1)?;
        let last = calendar::day_number(Calendar::Gregorian, e.to, 12, 31)?;
        Some(Anchor { calendar: Calendar::Gregorian, year: e.from, first, last, pos: e.pos, days: false })
    }

    /// The event known to the day that the words `start..end` name («یک هفته پس از قتل عام
    /// خوجالی» names its own anchor): it comes before any date around.
    fn event_named_in(&self, start: usize, end: usize) -> Option<Anchor> {
        let e = self.events.iter().find(|e| e.start >= start && e.pos <= end && e.days.is_some())?;
        let (first, last) = e.days?;
        Some(Anchor { calendar: Calendar::Gregorian, year: e.from, first, last, pos: e.pos, days: true })
    }

    /// The anchor of a mention at `pos` said without a year: the last written date of the same
    /// paragraph; else a written date later in the same sentence; else the nearer of the last
    /// written date and the last event of known year (never the document's own date line,
    /// which is not part of the narrative).
    fn anchor(&self, pos: usize) -> Option<Anchor> {
        let paragraph = |at: usize| self.newlines.partition_point(|&n| n < at);
        if let Some(a) = self.last.filter(|a| paragraph(a.pos) == paragraph(pos)) {
            return Some(a);
        }
        if let Some(a) = self.next_in_sentence {
            return Some(a);
        }
        match (self.last, self.event_before(pos)) {
            (Some(w), Some(e)) => Some(if e.pos > w.pos { e } else { w }),
            (w, e) => w.or(e),
        }
    }

    /// The year in calendar `c` of day `day` of `month` said without a year: the anchor's
    /// year when it is in the same calendar, else the year of `c` that puts the day inside
    /// the anchor's interval (or its first year).
    fn year_for(&self, pos: usize, c: Calendar, month: u8, day: u8) -> Option<i32> {
        let a = self.anchor(pos)?;
        if a.calendar == c {
            return Some(a.year);
        }
        let y0 = calendar::from_day_number(c, a.first).0;
        let inside =
            |y: i32| calendar::day_number(c, y, month, day).is_some_and(|d| (a.first..=a.last).contains(&d));
        Some([y0, y0 + 1].into_iter().find(|&y| inside(y)).unwrap_or(y0))
    }

    /// The year of `yref` for a day or month of calendar `c`: (year, from the context?).
    fn year(&self, pos: usize, yref: YearRef, c: Calendar, month: u8, day: u8) -> Option<(i32, bool)> {
        match yref {
            YearRef::Written(y) if c == Calendar::SolarHijri && y < 100 => {
                Some((modern_solar(y) as i32, false))
            }
            YearRef::Written(y) => Some((y as i32, false)),
            YearRef::Context => Some((self.year_for(pos, c, month, day)?, true)),
            YearRef::Relative(r) => Some((self.year_for(pos, c, month, day)? + relative_offset(r), true)),
        }
    }
}

/// A Solar Hijri year written with two digits («۲۹ دی ۹۴», «سال ۹۵» in a news text) is a
/// modern one: the calendar was not in use in the first century AP. 30–99 → 1330–1399,
/// 0–29 → 1400–1429 (flagged `inferred`).
fn modern_solar(y: u32) -> u32 {
    if y >= 30 {
        1300 + y
    } else {
        1400 + y
    }
}

/// The written year is a two-digit Solar Hijri one, read as modern.
fn two_digit_solar(c: Calendar, year: YearRef) -> bool {
    matches!(year, YearRef::Written(y) if c == Calendar::SolarHijri && y < 100)
}

fn relative_offset(r: Relative) -> i32 {
    match r {
        Relative::SameYear => 0,
        Relative::NextYear => 1,
        Relative::PreviousYear => -1,
    }
}

fn astronomical(y: u32, bce: bool) -> i32 {
    if bce {
        1 - y as i32
    } else {
        y as i32
    }
}

/// First and last day of years `y1..=y2` (astronomical for Gregorian).
fn years_days(c: Calendar, y1: i32, y2: i32) -> Option<(i64, i64)> {
    Some((calendar::year_days(c, y1)?.0, calendar::year_days(c, y2)?.1))
}

fn halve(first: i64, last: i64, modifier: Option<&str>, split: i64) -> (i64, i64) {
    match modifier {
        Some("first_half") => (first, split - 1),
        Some("second_half") => (split, last),
        _ => (first, last),
    }
}

struct Resolved {
    calendar: Calendar,
    granularity: &'static str,
    first: i64,
    last: i64,
    inferred: bool,
    from_context: bool,
    original: Original,
    context_year: Option<i32>,
    /// For a day counted from an attested month start: how far the sources spread.
    attested_spread: Option<u32>,
}

fn resolve_one(r: &Raw, habits: &Habits, ctx: &Context) -> Option<Resolved> {
    let mut attested_spread = None;
    let resolved = resolve_unit(r, habits, ctx, &mut attested_spread)?;
    Some(Resolved { attested_spread, ..resolved })
}

fn resolve_unit(
    r: &Raw,
    habits: &Habits,
    ctx: &Context,
    attested_spread: &mut Option<u32>,
) -> Option<Resolved> {
    let bce = r.marker == Some(Marker::Bce);
    let written = marker_calendar(r.marker);
    let mut original = Original { bce, ..Original::default() };
    let half = |c: Calendar, y1: i32, y2: i32| -> Option<(i64, i64)> {
        let (first, last) = years_days(c, y1, y2)?;
        let split = if y1 == y2 {
            calendar::day_number(c, y1, 7, 1)?
        } else {
            years_days(c, y1 + (y2 - y1 + 1) / 2, y2)?.0
        };
        Some(halve(first, last, r.modifier, split))
    };
    Some(match r.what {
        What::Days { d1, d2, calendar: c, month, year } => {
            let (y, from_context) = ctx.year(r.start, year, c, month, d1)?;
            let mut first = calendar::day_number(c, y, month, d1)?;
            let mut last = calendar::day_number(c, y, month, d2)?;
            if c == Calendar::SolarHijri && y < FIRST_ARITHMETIC_SOLAR_YEAR {
                if let Some((start, spread)) = crate::attested::month_start(y, month) {
                    first = start + i64::from(d1) - 1;
                    last = start + i64::from(d2) - 1;
                    *attested_spread = Some(spread);
                }
            }
            original.year = (!from_context).then_some(y);
            original.month = Some(month);
            original.day = Some(d1);
            original.day_end = (d2 != d1).then_some(d2);
            let granularity = if d1 == d2 { "day" } else { "range" };
            Resolved {
                calendar: c,
                granularity,
                first,
                last,
                inferred: two_digit_solar(c, year),
                from_context,
                original,
                context_year: Some(y),
                attested_spread: None,
            }
        }
        What::Months { m1, m2, calendar: c, year } => {
            let (y, from_context) = ctx.year(r.start, year, c, m1, 1)?;
            let (first, _) = calendar::month_days(c, y, m1)?;
            let (_, last) = calendar::month_days(c, y, m2)?;
            let (first, last) = if m1 == m2 {
                let split = calendar::day_number(c, y, m1, 16)?;
                halve(first, last, r.modifier, split)
            } else {
                (first, last)
            };
            original.year = (!from_context).then_some(y);
            original.month = Some(m1);
            original.month_end = (m2 != m1).then_some(m2);
            let granularity = if m1 == m2 { "month" } else { "range" };
            Resolved {
                calendar: c,
                granularity,
                first,
                last,
                inferred: two_digit_solar(c, year),
                from_context,
                original,
                context_year: Some(y),
                attested_spread: None,
            }
        }
        What::Years { y1, y2, range } => {
            let c = written.unwrap_or_else(|| habits.year_calendar(y1.max(y2)));
            // «سال ۹۵» with no marker in a document that dates in Solar Hijri: 1395
            let (c, y1, y2) =
                if written.is_none() && y1.max(y2) < 100 && habits.counts[idx(Calendar::SolarHijri)] > 0 {
                    (Calendar::SolarHijri, modern_solar(y1), modern_solar(y2))
                } else {
                    (c, y1, y2)
                };
            let (a, b) = (astronomical(y1, bce), astronomical(y2, bce));
            let (lo, hi) = (a.min(b), a.max(b));
            let (first, last) = half(c, lo, hi)?;
            original.year = Some(y1 as i32);
            original.year_end = range.then_some(y2 as i32);
            let granularity = if range { "range" } else { "year" };
            Resolved {
                calendar: c,
                granularity,
                first,
                last,
                inferred: written.is_none(),
                from_context: false,
                original,
                context_year: Some(if range { hi } else { lo }),
                attested_spread: None,
            }
        }
        What::Unit { unit, n, century } => {
            original.unit_number = Some(n);
            match unit {
                Unit::Century | Unit::Millennium => {
                    let size = if unit == Unit::Century { 100 } else { 1000 };
                    let c = written.unwrap_or_else(|| {
                        if unit == Unit::Century {
                            habits.century_calendar(n)
                        } else {
                            Calendar::Gregorian
                        }
                    });
                    let (lo, hi) = if bce {
                        (1 - (n * size) as i32, 1 - ((n - 1) * size + 1) as i32)
                    } else {
                        (((n - 1) * size + 1) as i32, (n * size) as i32)
                    };
                    let (first, last) = years_days(c, lo, hi)?;
                    let split = years_days(c, lo + (size / 2) as i32, hi)?.0;
                    let (first, last) = halve(first, last, r.modifier, split);
                    let granularity = if unit == Unit::Century { "century" } else { "millennium" };
                    Resolved {
                        calendar: c,
                        granularity,
                        first,
                        last,
                        inferred: written.is_none(),
                        from_context: false,
                        original,
                        context_year: None,
                        attested_spread: None,
                    }
                }
                Unit::Decade => {
                    let (c, start) = match century {
                        Some(cn) => {
                            let c = written.unwrap_or_else(|| habits.century_calendar(cn));
                            (c, (cn - 1) * 100 + n)
                        }
                        None if n >= 100 => (written.unwrap_or_else(|| habits.year_calendar(n)), n),
                        None => {
                            let c = written.unwrap_or_else(|| habits.dominant());
                            let base = match c {
                                Calendar::Gregorian => 1900,
                                Calendar::SolarHijri => 1300,
                                Calendar::LunarHijri => 1400,
                            };
                            (c, base + n)
                        }
                    };
                    let lo = astronomical(start, bce);
                    let hi = lo + 9;
                    let (first, last) = years_days(c, lo, hi)?;
                    let split = years_days(c, lo + 5, hi)?.0;
                    let (first, last) = halve(first, last, r.modifier, split);
                    let inferred = written.is_none() && century.is_none() && n < 100;
                    Resolved {
                        calendar: c,
                        granularity: "decade",
                        first,
                        last,
                        inferred,
                        from_context: false,
                        original,
                        context_year: None,
                        attested_spread: None,
                    }
                }
            }
        }
        What::Season { season, year } => {
            let YearRef::Written(y) = year else { return None };
            let c = written.unwrap_or_else(|| habits.year_calendar(y));
            let y = astronomical(y, bce);
            let (first, last) = match c {
                Calendar::Gregorian => {
                    let m = 3 + 3 * season;
                    let first = calendar::day_number(c, y, m, 1)?;
                    let (ly, lm) = if m + 2 > 12 { (y + 1, m + 2 - 12) } else { (y, m + 2) };
                    (first, calendar::month_days(c, ly, lm)?.1)
                }
                Calendar::SolarHijri => {
                    let m = 1 + 3 * season;
                    (calendar::month_days(c, y, m)?.0, calendar::month_days(c, y, m + 2)?.1)
                }
                Calendar::LunarHijri => return None,
            };
            original.year = Some(y);
            Resolved {
                calendar: c,
                granularity: "range",
                first,
                last,
                inferred: written.is_none(),
                from_context: false,
                original,
                context_year: Some(y),
                attested_spread: None,
            }
        }
        What::Numeric { year, month, day } => {
            let c = written.unwrap_or_else(|| habits.year_calendar(year));
            let y = year as i32;
            let first = calendar::day_number(c, y, month, day)?;
            original.year = Some(y);
            original.month = Some(month);
            original.day = Some(day);
            Resolved {
                calendar: c,
                granularity: "day",
                first,
                last: first,
                inferred: written.is_none(),
                from_context: false,
                original,
                context_year: Some(y),
                attested_spread: None,
            }
        }
        What::Shift { n, unit: ShiftUnit::Year } => {
            // the anchor may be named inside the expression («یک سال پس از قتل عام خوجالی»)
            let Anchor { calendar: c, year, .. } = ctx.anchor(r.end)?;
            let y = year + n;
            let (first, last) = half(c, y, y)?;
            Resolved {
                calendar: c,
                granularity: "year",
                first,
                last,
                inferred: true,
                from_context: true,
                original,
                context_year: Some(y),
                attested_spread: None,
            }
        }
        What::Shift { n, unit: ShiftUnit::Day } => {
            // days count only from a day-level anchor (a day and the event it dates)
            let paragraph = |at: usize| ctx.newlines.partition_point(|&n| n < at);
            let a = ctx
                .event_named_in(r.start, r.end)
                .or_else(|| ctx.last_day.filter(|d| paragraph(d.pos) == paragraph(r.start)))
                .or_else(|| ctx.anchor(r.end).filter(|a| a.days))?;
            let (first, last) = (a.first + i64::from(n), a.last + i64::from(n));
            Resolved {
                calendar: a.calendar,
                granularity: if first == last { "day" } else { "range" },
                first,
                last,
                inferred: true,
                from_context: true,
                original,
                context_year: None,
                attested_spread: None,
            }
        }
        What::Duration { .. } => return None,
        What::Relative(rel) => {
            let Anchor { calendar: c, year: y, .. } = ctx.anchor(r.start)?;
            let y = y + relative_offset(rel);
            let (first, last) = half(c, y, y)?;
            Resolved {
                calendar: c,
                granularity: "year",
                first,
                last,
                inferred: false,
                from_context: true,
                original,
                context_year: Some(y),
                attested_spread: None,
            }
        }
    })
}

/// Whether the mention is alone on its line (a date line or a closing date).
fn alone_on_line(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let filler = |s: &str| {
        s.chars().all(|c| {
            c.is_whitespace() || c.is_ascii_punctuation() || "،؛\u{200c}\u{200f}\u{200e}".contains(c)
        })
    };
    filler(&text[line_start..start]) && filler(&text[end..line_end])
}

/// The year of the expression comes from the context.
fn needs_context(r: &Raw) -> bool {
    matches!(
        r.what,
        What::Relative(_)
            | What::Days { year: YearRef::Context | YearRef::Relative(_), .. }
            | What::Months { year: YearRef::Context | YearRef::Relative(_), .. }
    )
}

pub fn resolve(text: &str, raws: &[Raw], events: &[EventYear]) -> Vec<Found> {
    let habits = Habits::of(raws);
    let newlines = if raws
        .iter()
        .any(|r| needs_context(r) || matches!(r.what, What::Shift { .. } | What::Duration { .. }))
    {
        text.match_indices('\n').map(|(i, _)| i).collect()
    } else {
        Vec::new()
    };
    let mut ctx = Context { last: None, next_in_sentence: None, events, last_day: None, newlines };
    // The document's own date line is no part of the narrative: a day said without a year
    // takes the document's year only when nothing else gives one.
    let mut document_year: Option<Anchor> = None;
    let mut out: Vec<Found> = Vec::with_capacity(raws.len());
    for (i, r) in raws.iter().enumerate() {
        ctx.next_in_sentence = None;
        // «در ۱۵ سپتامبر ۱۹۱۸ … طی سه روز پیاپی …»: the day's event lasted that long
        if let What::Duration { days } = r.what {
            let paragraph = |at: usize| ctx.newlines.partition_point(|&n| n < at);
            let here = paragraph(r.start);
            let widen = |a: &mut Anchor| {
                if a.days
                    && a.first == a.last
                    && (2..=MAX_EVENT_DAYS).contains(&days)
                    && paragraph(a.pos) == here
                {
                    a.last = a.first + i64::from(days) - 1;
                }
            };
            for a in [ctx.last.as_mut(), ctx.last_day.as_mut()].into_iter().flatten() {
                widen(a);
            }
            continue;
        }
        let shift = matches!(r.what, What::Shift { .. });
        if shift && ctx.last.is_none() && ctx.event_before(r.end).is_none() {
            ctx.last = document_year;
        }
        if needs_context(r) {
            ctx.next_in_sentence = raws[i + 1..]
                .iter()
                .take_while(|n| !crosses(text, r.end, n.start, SENTENCE))
                .filter(|n| !needs_context(n))
                .find_map(|n| {
                    let res = resolve_one(n, &habits, &ctx)?;
                    let year = res.context_year?;
                    Some(Anchor {
                        calendar: res.calendar,
                        year,
                        first: res.first,
                        last: res.last,
                        pos: n.end,
                        days: false,
                    })
                });
            if ctx.last.is_none() && ctx.next_in_sentence.is_none() && ctx.event_before(r.start).is_none() {
                ctx.last = document_year;
            }
        }
        let Some(res) = resolve_one(r, &habits, &ctx) else { continue };
        let day_level =
            res.granularity == "day" || (res.granularity == "range" && res.original.day.is_some());
        let document_date = (day_level && alone_on_line(text, r.start, r.end)).then_some(true);
        // Only written years move the context: «تا سال بعد» looks ahead without moving
        // the narrative there.
        if let (Some(y), false) = (res.context_year, res.from_context) {
            if document_date.is_some() {
                document_year = Some(Anchor {
                    calendar: res.calendar,
                    year: y,
                    first: res.first,
                    last: res.last,
                    pos: r.end,
                    days: day_level,
                });
            } else {
                ctx.set(res.calendar, y, res.first, res.last, r.end, day_level);
            }
        }
        if day_level && document_date.is_none() {
            let year = calendar::from_day_number(res.calendar, res.first).0;
            ctx.last_day = Some(Anchor {
                calendar: res.calendar,
                year,
                first: res.first,
                last: res.last,
                pos: r.end,
                days: true,
            });
        }
        let pre_arithmetic = res.calendar == Calendar::SolarHijri
            && day_level
            && calendar::from_day_number(Calendar::SolarHijri, res.first).0 < FIRST_ARITHMETIC_SOLAR_YEAR;
        let relative = matches!(r.what, What::Relative(_) | What::Shift { .. })
            || matches!(
                r.what,
                What::Days { year: YearRef::Relative(_), .. }
                    | What::Months { year: YearRef::Relative(_), .. }
            );
        let value = DateValue {
            calendar: res.calendar.name().to_string(),
            granularity: res.granularity.to_string(),
            start: calendar::iso(res.first),
            end: calendar::iso(res.last),
            inferred: res.inferred,
            year_from_context: res.from_context,
            original: res.original,
            modifier: r.modifier.map(str::to_string),
            paired_with: None,
            consistency: None,
            gap_days: None,
            islamic_variant: (res.calendar == Calendar::LunarHijri).then(|| "tabular".to_string()),
            // Counted from an attested month start: as sure as the sources agree (at least
            // a day, for the day boundary of the time); else the zodiac months' spread.
            uncertainty_days: pre_arithmetic
                .then(|| res.attested_spread.map_or(ZODIAC_UNCERTAINTY_DAYS, |s| s.max(1))),
            document_date,
            relative: relative.then_some(true),
        };
        out.push(Found {
            start: r.start,
            end: r.end,
            value,
            partner: None,
            first_day: res.first,
            last_day: res.last,
        });
    }
    pair_up(text, &mut out);
    out
}

/// Links a date and the same date given right after it in another calendar, in parentheses
/// or after a slash, and says whether the two agree.
fn pair_up(text: &str, found: &mut [Found]) {
    for a in 0..found.len().saturating_sub(1) {
        let b = a + 1;
        if found[a].partner.is_some() {
            continue;
        }
        let between =
            text[found[a].end..found[b].start].trim_matches(|c: char| c.is_whitespace() || c == '\u{200c}');
        let after = text[found[b].end..].trim_start_matches(|c: char| c.is_whitespace() || c == '\u{200c}');
        let paired = (between == "(" && after.starts_with(')'))
            || between == "/"
            || between == "[" && after.starts_with(']');
        if !paired || found[a].value.calendar == found[b].value.calendar {
            continue;
        }
        let (s1, e1, s2, e2) = (found[a].first_day, found[a].last_day, found[b].first_day, found[b].last_day);
        let gap = (s2 - e1).max(s1 - e2).max(0);
        let tolerance = if found[a].value.granularity == "day" || found[b].value.granularity == "day" {
            let cal = |f: &Found| match f.value.calendar.as_str() {
                "solar_hijri" => Calendar::SolarHijri.day_tolerance(),
                "lunar_hijri" => Calendar::LunarHijri.day_tolerance(),
                _ => 0,
            };
            cal(&found[a]).max(cal(&found[b]))
        } else {
            0
        };
        let consistent = gap <= tolerance;
        for (x, y) in [(a, b), (b, a)] {
            found[x].partner = Some(y);
            found[x].value.consistency = Some(if consistent { "match" } else { "mismatch" }.to_string());
            found[x].value.gap_days = (!consistent).then_some(gap);
        }
    }
}

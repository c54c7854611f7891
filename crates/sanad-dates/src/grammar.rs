//! The rules: from scanned items to raw date expressions (numbers and names, not yet
//! intervals). Each rule's examples, positive and negative, are in `data/dates/examples.txt`
//! and run as tests.

use crate::calendar::Calendar;
use crate::lexicon::{Connector, Entry, Head, Marker, Relative, SideWord, Unit, LEXICON};
use crate::scan::{Item, Tok};

/// Where the year of a day or month comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum YearRef {
    Written(u32),
    Relative(Relative),
    Context,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum What {
    /// Day `d1` (to `d2`) of a month.
    Days {
        d1: u8,
        d2: u8,
        calendar: Calendar,
        month: u8,
        year: YearRef,
    },
    /// Month `m1` (to `m2`).
    Months {
        m1: u8,
        m2: u8,
        calendar: Calendar,
        year: YearRef,
    },
    /// Year `y1` (to `y2`), as written (positive; a BCE marker turns them around).
    Years {
        y1: u32,
        y2: u32,
        range: bool,
    },
    /// The `n`th century / millennium; a decade starting at year `n` (or at `n` within the
    /// `century`th century when only the tens are written: «دهۀ هشتاد سدۀ بیستم»).
    Unit {
        unit: Unit,
        n: u32,
        century: Option<u32>,
    },
    Season {
        season: u8,
        year: YearRef,
    },
    /// «همان سال», «سال بعد».
    Relative(Relative),
    /// A year counted from the context's anchor: «بیست سال پس از تشکیل جمهوری آذربایجان» (+20),
    /// «سه سال قبل از …» (−3), «دومین سال سلطنت خود» (+1 from the reign's start).
    Shift {
        n: i32,
        unit: ShiftUnit,
    },
    /// «طی سه روز پیاپی» after a day: how long the event of that day lasted (never a date by
    /// itself; it widens the anchor of «هشت روز پس از …»).
    Duration {
        days: u32,
    },
    /// «۱۳۹۹/۸/۸», «29/10/2020»: the calendar is the year's.
    Numeric {
        year: u32,
        month: u8,
        day: u8,
    },
}

/// What a [`What::Shift`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftUnit {
    Year,
    Day,
}

/// A date expression before its calendar and year are settled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Raw {
    pub start: usize,
    pub end: usize,
    pub modifier: Option<&'static str>,
    pub marker: Option<Marker>,
    pub what: What,
}

/// How many items' side words [`P`] keeps (a power of two, wider than any rule's reach).
const SIDE_CACHE: usize = 32;

struct P<'a> {
    items: &'a [Item],
    text: &'a str,
    /// The side words (see [`SideWord`]) of the items last looked up, by item index modulo
    /// [`SIDE_CACHE`]: looked up only where a rule's cheap structural test has passed, and
    /// the rules ask about the few items around the one they read, again and again. A window,
    /// not a slot per item: nothing to allocate or clear per document (a lookup that falls out
    /// of it is only done again, with the same answer).
    side: [std::cell::Cell<(usize, Option<SideWord>)>; SIDE_CACHE],
    buf: std::cell::RefCell<String>,
}

/// `a == b` for a short word: lengths first, then the bytes in line (most words differ in
/// length from the few spellings compared, and a `memcmp` call costs more than the compare).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

fn month_of(e: &Entry) -> Option<(Calendar, u8, bool)> {
    match *e {
        Entry::Month { calendar, month, ambiguous } => Some((calendar, month, ambiguous)),
        _ => None,
    }
}

impl<'a> P<'a> {
    fn get(&self, i: usize) -> Option<&'a Item> {
        self.items.get(i)
    }

    fn marker(&self, i: usize) -> Option<Marker> {
        self.get(i)?.lex(|e| match *e {
            Entry::Marker(m) => Some(m),
            _ => None,
        })
    }

    fn month(&self, i: usize) -> Option<(Calendar, u8, bool)> {
        self.get(i)?.lex(month_of)
    }

    fn head(&self, i: usize) -> Option<Head> {
        self.get(i)?.lex(|e| match *e {
            Entry::Head(h) => Some(h),
            _ => None,
        })
    }

    fn connector(&self, i: usize) -> Option<Connector> {
        self.get(i)?.lex(|e| match *e {
            Entry::Connector(c) => Some(c),
            _ => None,
        })
    }

    fn relative(&self, i: usize) -> Option<Relative> {
        self.get(i)?.lex(|e| match *e {
            Entry::Relative(r) => Some(r),
            _ => None,
        })
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.get(i).is_some_and(|it| it.is_punct(c))
    }

    /// A day of the month: digits 1–31 or an ordinal word.
    fn day(&self, i: usize) -> Option<u8> {
        let it = self.get(i)?;
        let v = match it.tok {
            Tok::Num { value, digits } if digits <= 2 => value,
            _ => it
                .lex(|e| match *e {
                    Entry::Ordinal(n) => Some(n),
                    _ => None,
                })
                .or_else(|| {
                    // «در تاریخ پنج ژوئن»: a cardinal word right before a month name (the
                    // month first: it is the cheaper test and rarely there)
                    self.month(i + 1)?;
                    match self.word(i) {
                        Some(SideWord::Cardinal(n)) => Some(n),
                        _ => None,
                    }
                })?,
        };
        (1..=31).contains(&v).then_some(v as u8)
    }

    /// An ordinal word or a number (for centuries, millennia).
    fn ordinal_or_number(&self, i: usize) -> Option<u32> {
        let it = self.get(i)?;
        match it.tok {
            Tok::Num { value, digits } if digits <= 4 => Some(value),
            _ => it.lex(|e| match *e {
                Entry::Ordinal(n) => Some(n),
                _ => None,
            }),
        }
    }

    /// A year number: 1–6 digits (absurd ones are refused when they are converted).
    fn year_num(&self, i: usize) -> Option<(u32, u8)> {
        let (v, d) = self.get(i)?.num()?;
        (d <= 6 && v > 0).then_some((v, d))
    }

    /// Whether the number at `i` is a count, a percentage or a footnote mark, not a year.
    fn blocked(&self, i: usize) -> bool {
        let next_blocks = self.get(i + 1).is_some_and(|n| {
            n.is_punct('%')
                || (n.lex(|e| (*e == Entry::Blocker).then_some(())).is_some()
                    && !(n.start == self.items[i].end
                        && n.lex(|e| (*e == Entry::Head(Head::Year)).then_some(())).is_some()))
        });
        let footnote = i > 0 && self.punct(i - 1, '[') && self.punct(i + 1, ']');
        next_blocks || footnote || (i > 0 && self.punct(i - 1, '%'))
    }

    /// Whether a plausible number with no head noun or marker reads as a year where it
    /// stands. A count has its noun after it («۱۵۰۰ بمب») and often a cue before it («بیش
    /// از»); a bare year follows the noun it dates («کشتارهای ۱۸۹۰») or stands before
    /// punctuation, a connector or another date word.
    fn bare_year_context(&self, i: usize) -> bool {
        let quantity_cue = |k: usize| {
            self.get(k).is_some_and(|it| it.lex(|e| (*e == Entry::QuantityCue).then_some(())).is_some())
        };
        let next_is_word = self.get(i + 1).is_some_and(|n| n.tok == Tok::Word);
        if !next_is_word {
            return !(i > 0 && quantity_cue(i - 1) && self.connector(i - 1).is_none());
        }
        i > 0
            && self.get(i - 1).is_some_and(|p| matches!(p.tok, Tok::Word | Tok::Lex(_)))
            && !quantity_cue(i - 1)
            && !(i > 1 && quantity_cue(i - 2) && self.connector(i - 1) == Some(Connector::From))
    }

    /// A marker at `i`, if any: returns it and the index after it.
    fn opt_marker(&self, i: usize) -> (Option<Marker>, usize) {
        match self.marker(i) {
            Some(m) => (Some(m), i + 1),
            None => (None, i),
        }
    }

    /// The year after a day-month or a month: «۱۹۰۵», «، ۱۹۱۸», «سال ۱۹۹۳», «- ۱۳۹۹»,
    /// «همان سال». Returns the year, its marker and the index after it.
    fn year_after_month(&self, i: usize) -> (YearRef, Option<Marker>, usize) {
        let mut j = i;
        if self.punct(j, ',') || self.punct(j, '-') {
            j += 1;
        }
        if self.head(j) == Some(Head::Year) && self.year_num(j + 1).is_some() {
            j += 1;
        }
        if let Some((y, _)) = self.year_num(j) {
            if !self.blocked(j) {
                let (m, k) = self.opt_marker(j + 1);
                return (YearRef::Written(y), m, k);
            }
        }
        if let Some(r) = self.relative(i) {
            return (YearRef::Relative(r), None, i + 1);
        }
        (YearRef::Context, None, i)
    }

    /// After a month at `j - 1`: when `j` starts «، ماه ... ماه ۱۹۸۹», the year of the list.
    fn list_year(&self, mut j: usize, calendar: Calendar) -> Option<(YearRef, Option<Marker>)> {
        let mut any = false;
        loop {
            let mut k = j;
            while self.punct(k, ',') || self.connector(k) == Some(Connector::And) {
                k += 1;
            }
            if k == j {
                break;
            }
            match self.month(k) {
                Some((c, _, _)) if c == calendar => {
                    any = true;
                    j = k + 1;
                }
                _ => break,
            }
        }
        if !any {
            return None;
        }
        match self.year_after_month(j) {
            (y @ YearRef::Written(_), m, _) => Some((y, m)),
            _ => None,
        }
    }

    fn unit(&self, i: usize) -> Option<(What, Option<Marker>, usize)> {
        let unit = self.get(i)?.lex(|e| match *e {
            Entry::Unit(u) => Some(u),
            _ => None,
        })?;
        let tens = |j: usize| {
            self.get(j).and_then(|it| {
                it.lex(|e| match *e {
                    Entry::Tens(t) => Some(t),
                    _ => None,
                })
            })
        };
        let (what, next) = match unit {
            Unit::Decade => {
                let (n, j) = if let Some(t) = tens(i + 1) {
                    (t, i + 2)
                } else {
                    let (v, _) = self.year_num(i + 1)?;
                    if v % 10 != 0 {
                        return None;
                    }
                    (v, i + 2)
                };
                let is_century =
                    self.get(j).and_then(|it| it.lex(|e| (*e == Entry::Unit(Unit::Century)).then_some(())));
                match (is_century, self.ordinal_or_number(j + 1)) {
                    (Some(()), Some(c)) if n < 100 && (1..=30).contains(&c) => {
                        (What::Unit { unit, n, century: Some(c) }, j + 2)
                    }
                    _ => (What::Unit { unit, n, century: None }, j),
                }
            }
            Unit::Century => {
                let n = self.ordinal_or_number(i + 1)?;
                if !(1..=30).contains(&n) {
                    return None;
                }
                (What::Unit { unit, n, century: None }, i + 2)
            }
            Unit::Millennium => {
                let n = self.ordinal_or_number(i + 1)?;
                if !(1..=10).contains(&n) {
                    return None;
                }
                (What::Unit { unit, n, century: None }, i + 2)
            }
        };
        let (m, k) = self.opt_marker(next);
        Some((what, m, k))
    }

    fn days(&self, i: usize) -> Option<(What, Option<Marker>, usize)> {
        let d1 = self.day(i)?;
        let mut j = i + 1;
        let mut d2 = d1;
        if matches!(self.connector(j), Some(Connector::And | Connector::To)) || self.punct(j, '-') {
            if let Some(d) = self.day(j + 1) {
                let contiguous = d == d1 + 1 || self.connector(j) != Some(Connector::And);
                if self.month(j + 2).is_some() && d > d1 && contiguous {
                    d2 = d;
                    j += 2;
                }
            }
        }
        let dash_line = self.punct(j, '-') && d1 == d2;
        if dash_line {
            j += 1;
        } else if self.head(j) == Some(Head::Month) && self.month(j + 1).is_some() {
            // «۱۲ ماه مه»
            j += 1;
        }
        let (calendar, month, _) = self.month(j)?;
        let (year, marker, k) = self.year_after_month(j + 1);
        if dash_line && !matches!(year, YearRef::Written(_)) {
            return None;
        }
        let named_after =
            i > 0 && self.get(i - 1).is_some_and(|p| p.lex(|e| (*e == Entry::Namer).then_some(())).is_some());
        if named_after && !matches!(year, YearRef::Written(_)) {
            return None;
        }
        Some((What::Days { d1, d2, calendar, month, year }, marker, k))
    }

    /// A month (or a range of months). Without a year, a month is read after the head «ماه»,
    /// or after a part of the unit («اوایل فوریه», «اواسط آذر») unless its name is also the
    /// verb prefix: «آغاز می شود» is «begins», not «the start of May».
    fn months(&self, i: usize, head_month: bool, modified: bool) -> Option<(What, Option<Marker>, usize)> {
        let (calendar, m1, ambiguous) = self.month(i)?;
        let mut j = i + 1;
        let mut m2 = m1;
        if matches!(self.connector(j), Some(Connector::And | Connector::To)) || self.punct(j, '-') {
            if let Some((c2, m, _)) = self.month(j + 1) {
                let contiguous = m == m1 + 1 || self.connector(j) != Some(Connector::And);
                if c2 == calendar && m > m1 && contiguous {
                    m2 = m;
                    j += 2;
                }
            }
        }
        if m1 == m2 {
            // A list of months sharing the year written after the last one: «ماههای اوت،
            // سپتامبر، و دسامبر ۱۹۸۹» gives three dates, each with that year.
            if let Some((y, marker)) = self.list_year(j, calendar) {
                return Some((What::Months { m1, m2, calendar, year: y }, marker, j));
            }
        }
        let (year, marker, k) = self.year_after_month(j);
        let ok = match year {
            YearRef::Written(_) | YearRef::Relative(_) => true,
            YearRef::Context => {
                let verb_prefix = self.word(i) == Some(SideWord::VerbPrefixMonth);
                head_month || (modified && !verb_prefix) || (!ambiguous && m2 > m1)
            }
        };
        ok.then_some((What::Months { m1, m2, calendar, year }, marker, k))
    }

    fn years(&self, i: usize, licensed: bool) -> Option<(What, Option<Marker>, usize)> {
        let (y1, d1) = self.year_num(i)?;
        if self.blocked(i) {
            return None;
        }
        let mut end = i + 1;
        // «۱۸۸۰سال»: the head noun written after the number, attached.
        if self.head(end) == Some(Head::Year) && self.items[end].start == self.items[i].end {
            end += 1;
        }
        let (mut marker, mut next) = self.opt_marker(end);
        let plausible = |v: u32, d: u8| d == 4 && (1000..=2100).contains(&v);
        let mut y2 = y1;
        let mut range = false;
        let joiner = self.connector(next).or(if self.punct(next, '-') { Some(Connector::To) } else { None });
        if let Some(conn) = joiner.filter(|c| *c != Connector::From) {
            let mut k = next + 1;
            if self.head(k) == Some(Head::Year) {
                k += 1;
            }
            if let Some((mut v, d)) = self.year_num(k) {
                if !self.blocked(k) && self.month(k + 1).is_none() {
                    let (m2, after) = self.opt_marker(k + 1);
                    let marker_any = marker.or(m2);
                    let bce = marker_any == Some(Marker::Bce);
                    if !bce && v < y1 && d < d1 && d <= 2 {
                        let base = 10u32.pow(d as u32);
                        v += y1 - y1 % base;
                    }
                    let ordered = if bce { v < y1 } else { v > y1 };
                    let both_ok = (licensed || marker_any.is_some() || plausible(y1, d1))
                        && (marker_any.is_some() || plausible(v, d) || d < d1 || licensed);
                    let contiguous = v == y1 + 1 || (bce && v + 1 == y1);
                    match conn {
                        Connector::To if ordered && both_ok && v.abs_diff(y1) <= 2000 => {
                            y2 = v;
                            range = true;
                            marker = marker_any;
                            next = after;
                        }
                        Connector::And if ordered && both_ok && contiguous => {
                            y2 = v;
                            range = true;
                            marker = marker_any;
                            next = after;
                        }
                        Connector::And if both_ok && marker.is_none() => {
                            // Two separate years; the marker written after the second one
                            // holds for both («۱۸۵۵ و ۱۸۷۷ م»).
                            marker = m2;
                        }
                        _ => {}
                    }
                }
            }
        }
        if !(licensed || marker.is_some() || end > i + 1 || (plausible(y1, d1) && self.bare_year_context(i)))
        {
            return None;
        }
        Some((What::Years { y1, y2, range }, marker, next))
    }

    /// «۱۳۹۹/۰۸/۰۸», «1399-8-8», «29/10/2020»: three numbers joined by the same separator
    /// with no spaces, one of them a four-digit year at either end.
    fn numeric(&self, i: usize) -> Option<(What, Option<Marker>, usize)> {
        let sep = match self.get(i + 1)?.tok {
            Tok::Punct(c @ ('/' | '-')) => c,
            _ => None?,
        };
        let tight = (i..i + 4).all(|k| self.items.get(k + 1).is_some_and(|n| n.start == self.items[k].end));
        if !tight || !self.punct(i + 3, sep) {
            return None;
        }
        let (a, da) = self.get(i)?.num()?;
        let (b, db) = self.get(i + 2)?.num()?;
        let (c, dc) = self.get(i + 4)?.num()?;
        let (year, month, day) = match (da, dc) {
            (4, 1..=2) => (a, b, c),
            (1..=2, 4) => (c, b, a),
            _ => return None,
        };
        if db > 2 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (m, k) = self.opt_marker(i + 5);
        Some((What::Numeric { year, month: month as u8, day: day as u8 }, m, k))
    }

    fn season(&self, i: usize) -> Option<(What, Option<Marker>, usize)> {
        let season = self.get(i)?.lex(|e| match *e {
            Entry::Season(s) => Some(s),
            _ => None,
        })?;
        let mut j = i + 1;
        if self.head(j) == Some(Head::Year) {
            j += 1;
        }
        let (y, _) = self.year_num(j)?;
        if self.blocked(j) {
            return None;
        }
        let (m, k) = self.opt_marker(j + 1);
        Some((What::Season { season, year: YearRef::Written(y) }, m, k))
    }

    /// The longest date expression starting at item `i`.
    fn at(&self, i: usize) -> Option<(Raw, usize)> {
        let mut j = i;
        let modifier = self.get(j)?.lex(|e| match *e {
            Entry::Mod(m) => Some(m),
            _ => None,
        });
        if modifier.is_some() {
            j += 1;
        }
        let head = self.head(j);
        if head.is_some() {
            j += 1;
        }
        let licensed_year = head == Some(Head::Year) || modifier.is_some();
        let found = self
            .unit(j)
            .or_else(|| self.numeric(j))
            .or_else(|| self.season(j))
            .or_else(|| self.days(j))
            .or_else(|| self.months(j, head == Some(Head::Month), modifier.is_some()))
            .or_else(|| self.years(j, licensed_year))
            .or_else(|| {
                let r = self.relative(j)?;
                let duration = j > 0
                    && self.get(j - 1).is_some_and(|p| {
                        p.num().is_some()
                            || p.lex(|e| {
                                matches!(e, Entry::QuantityCue | Entry::Ordinal(_) | Entry::Tens(_))
                                    .then_some(())
                            })
                            .is_some()
                    });
                (head.is_none() && !duration).then_some((What::Relative(r), None, j + 1))
            });
        let (what, marker, next) = found?;
        let start = self.items[i].start;
        let end = self.items[next - 1].end;
        Some((Raw { start, end, modifier, marker, what }, next))
    }
}

impl P<'_> {
    /// «۳۲ فوریه ۱۹۰۵»: a day number that no month has, before a month name. The whole
    /// expression is skipped (not read as «فوریه ۱۹۰۵»); returns the index after it.
    fn absurd_day(&self, i: usize) -> Option<usize> {
        let (v, d) = self.get(i)?.num()?;
        if d > 2 || v <= 31 || self.month(i + 1).is_none() {
            return None;
        }
        let (_, _, k) = self.year_after_month(i + 2);
        Some(k.max(i + 2))
    }
}

/// All date expressions in the scanned items, left to right, not overlapping.
/// Words that close the anchor's noun phrase after «پس از» («… پس از تشکیل جمهوری آذربایجان»):
/// at most this many plain words, up to punctuation or any date word.
const ANCHOR_PHRASE_WORDS: usize = 3;

impl P<'_> {
    fn word(&self, i: usize) -> Option<SideWord> {
        let it = self.get(i)?;
        if !matches!(it.tok, Tok::Word | Tok::Lex(_)) {
            return None;
        }
        let slot = &self.side[i % SIDE_CACHE];
        match slot.get() {
            (k, side) if k == i => side,
            _ => {
                let side = self
                    .text
                    .get(it.start..it.end)
                    .and_then(|w| LEXICON.side_word_in(w, &mut self.buf.borrow_mut()));
                slot.set((i, side));
                side
            }
        }
    }

    /// «طی», «مدت» at `i`, by plain comparison (no lookup).
    fn is_duration_cue(&self, i: usize) -> bool {
        self.get(i).is_some_and(|it| {
            let w = self.text.as_bytes().get(it.start..it.end).unwrap_or_default();
            LEXICON.duration_cue_spellings.iter().any(|c| same_bytes(c.as_bytes(), w))
        })
    }

    /// «هفته» at `i`, by plain comparison (no lookup).
    fn is_week(&self, i: usize) -> bool {
        self.get(i).is_some_and(|it| {
            matches!(it.tok, Tok::Word | Tok::Lex(_)) && {
                let w = self.text.as_bytes().get(it.start..it.end).unwrap_or_default();
                LEXICON.week_spellings.iter().any(|s| same_bytes(s.as_bytes(), w))
            }
        })
    }

    /// A count of years: digits (1–999), a cardinal word, a tens word, or «بیست و پنج».
    fn count(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((v, d)) = self.get(i)?.num() {
            return (d <= 3 && (1..=999).contains(&v)).then_some((v, i + 1));
        }
        if let Some(SideWord::Cardinal(v)) = self.word(i) {
            return Some((v, i + 1));
        }
        let tens = self.get(i)?.lex(|e| match *e {
            Entry::Tens(t) => Some(t),
            _ => None,
        })?;
        if self.connector(i + 1) == Some(Connector::And) {
            if let Some(SideWord::Cardinal(u)) = self.word(i + 2) {
                if u < 10 {
                    return Some((tens + u, i + 3));
                }
            }
        }
        Some((tens, i + 1))
    }

    /// «N سال پس از / بعد از / قبل از / پیش از …» (with up to three words of the anchor),
    /// «N سال بعد / قبل / پس از آن», and «دومین سال سلطنت (خود)». A count of years alone
    /// («سه سال») is a duration, not a date.
    fn shift(&self, i: usize) -> Option<(Raw, usize)> {
        // a cheap structural test before any word lookup: a head noun («سال», «روز»), «سال
        // بعد» or «هفته» within the next three items
        let near = |k: usize| self.head(k).is_some() || self.relative(k).is_some() || self.is_week(k);
        if !(i + 1..=i + 3).any(near) {
            return None;
        }
        let ordinal = self.get(i)?.lex(|e| match *e {
            Entry::Ordinal(n) => Some(n),
            _ => None,
        });
        let (years, end) = if let Some(n) = ordinal {
            if self.head(i + 1) != Some(Head::Year) || self.word(i + 2) != Some(SideWord::Reign) || n == 0 {
                return None;
            }
            let end = if self.word(i + 3) == Some(SideWord::Pronoun) { i + 4 } else { i + 3 };
            (n as i32 - 1, end)
        } else {
            let (n, j) = self.count(i)?;
            let n = n as i32;
            // the anchor's words after «از»: up to three plain words
            let anchor_words = |from: usize| {
                let mut end = from;
                while end < from + ANCHOR_PHRASE_WORDS
                    && self.get(end).is_some_and(|it| it.tok == Tok::Word)
                    && self.word(end) != Some(SideWord::PhraseEnd)
                {
                    end += 1;
                }
                end
            };
            match self.relative(j) {
                // «سه سال بعد», «بیست سال بعد از جنگ»
                Some(r @ (Relative::NextYear | Relative::PreviousYear)) => {
                    let sign = if r == Relative::NextYear { 1 } else { -1 };
                    let end = if self.connector(j + 1) == Some(Connector::From) {
                        let e = anchor_words(j + 2);
                        if e > j + 2 {
                            e
                        } else {
                            j + 1
                        }
                    } else {
                        j + 1
                    };
                    (sign * n, end)
                }
                Some(Relative::SameYear) => return None,
                None => {
                    // «هشت روز پس از قتل عام», «یک هفته بعد», «سه روز بعد»
                    let (unit, per) = match (self.head(j), self.word(j)) {
                        (Some(Head::Year), _) => (ShiftUnit::Year, 1),
                        (Some(Head::Day), _) => (ShiftUnit::Day, 1),
                        _ if self.is_week(j) => (ShiftUnit::Day, 7),
                        _ => return None,
                    };
                    let Some(SideWord::Shift(sign)) = self.word(j + 1) else { return None };
                    let from = self.connector(j + 2) == Some(Connector::From);
                    let end = if from { anchor_words(j + 3) } else { j + 2 };
                    // «پس از» with no words after it; a year needs its anchor named («سه سال
                    // بعد» alone is the relative «سال بعد», read above)
                    if (from && end == j + 3) || (!from && unit == ShiftUnit::Year) {
                        return None;
                    }
                    return Some(self.shift_raw(i, end, sign * n * per, unit));
                }
            }
        };
        Some(self.shift_raw(i, end, years, ShiftUnit::Year))
    }

    fn shift_raw(&self, i: usize, end: usize, n: i32, unit: ShiftUnit) -> (Raw, usize) {
        let raw = Raw {
            start: self.items[i].start,
            end: self.items[end - 1].end,
            modifier: None,
            marker: None,
            what: What::Shift { n, unit },
        };
        (raw, end)
    }

    /// «طی سه روز», «به مدت سه روز», «سه روز پیاپی»: how many days an event lasted.
    fn duration(&self, i: usize) -> Option<(Raw, usize)> {
        if !(i + 1..=i + 4).any(|k| self.head(k) == Some(Head::Day)) {
            return None;
        }
        let (start, k) = if self.word(i) == Some(SideWord::DurationCue) { (i, i + 1) } else { (i, i) };
        let (n, j) = self.count(k)?;
        if self.head(j) != Some(Head::Day) {
            return None;
        }
        let end = if self.word(j + 1) == Some(SideWord::DurationAfter) {
            j + 2
        } else if k > i {
            j + 1
        } else {
            return None;
        };
        let raw = Raw {
            start: self.items[start].start,
            end: self.items[end - 1].end,
            modifier: None,
            marker: None,
            what: What::Duration { days: n },
        };
        Some((raw, end))
    }
}

pub fn parse(text: &str, items: &[Item], out: &mut Vec<Raw>) {
    let side = std::array::from_fn(|_| std::cell::Cell::new((usize::MAX, None)));
    let p = P { items, text, side, buf: std::cell::RefCell::new(String::new()) };
    let mut i = 0;
    while i < items.len() {
        // relative expressions start at a number, a phrase (ordinal, tens, a small cardinal) or
        // a duration cue («طی»); other words are skipped without any lookup
        let may_start = match items[i].tok {
            Tok::Punct(_) => false,
            Tok::Word => p.is_duration_cue(i),
            _ => true,
        };
        if let Some((raw, next)) = may_start.then(|| p.shift(i).or_else(|| p.duration(i))).flatten() {
            out.push(raw);
            i = next;
            continue;
        }
        // Every expression starts with a number or a lexicon phrase.
        if matches!(items[i].tok, Tok::Word | Tok::Punct(_)) {
            i += 1;
            continue;
        }
        if let Some(next) = p.absurd_day(i) {
            i = next;
            continue;
        }
        match p.at(i) {
            Some((raw, next)) => {
                out.push(raw);
                i = next;
            }
            None => i += 1,
        }
    }
}

//! Gregorian day numbers for ISO dates (astronomical years) and the Solar Hijri equivalent.
//!
//! Day numbers make intervals comparable in SQL (ISO strings with negative years do not sort);
//! the Solar Hijri form comes from ICU4X's Persian calendar.

use icu_calendar::cal::Persian;
use icu_calendar::Date;

/// `(year, month, day)` of an ISO 8601 date with astronomical year numbering, e.g. `-0889-01-01`.
pub fn parse_iso(iso: &str) -> Option<(i32, u8, u8)> {
    let (neg, rest) = match iso.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, iso.strip_prefix('+').unwrap_or(iso)),
    };
    let mut parts = rest.splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let d: u8 = parts.next().map_or(Some(1), |d| d.get(..2).unwrap_or(d).parse().ok())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((if neg { -y } else { y }, m, d))
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar.
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of an ISO date string.
pub fn iso_day(iso: &str) -> Option<i64> {
    parse_iso(iso).map(|(y, m, d)| days_from_civil(y, m, d))
}

/// A query bound: a full ISO date, or just a year (`1800`, `-500`); `end` picks Dec 31 for a year.
pub fn bound_day(s: &str, end: bool) -> Option<i64> {
    let s = s.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        return Some(if end { days_from_civil(y, 12, 31) } else { days_from_civil(y, 1, 1) });
    }
    iso_day(s)
}

/// Format an astronomical year, month and day as ISO 8601 (`-0889-01-01`).
pub fn format_iso(y: i32, m: u8, d: u8) -> String {
    if y < 0 {
        format!("-{:04}-{:02}-{:02}", -y, m, d)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// The Solar Hijri (Persian calendar) date of a Gregorian ISO date, as `YYYY-MM-DD`.
///
/// ```
/// assert_eq!(sanad_store::calendar::solar_hijri("1813-10-24").as_deref(), Some("1192-08-02"));
/// ```
pub fn solar_hijri(iso: &str) -> Option<String> {
    let (y, m, d) = parse_iso(iso)?;
    let date = Date::try_new_iso(y, m, d).ok()?.to_calendar(Persian);
    let year = date.year().extended_year();
    Some(format_iso(year, date.month().ordinal, date.day_of_month().0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_order_bce_and_ce() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert!(iso_day("-0889-01-01").unwrap() < iso_day("0001-01-01").unwrap());
        assert_eq!(bound_day("1800", false), iso_day("1800-01-01"));
        assert_eq!(bound_day("1800", true), iso_day("1800-12-31"));
        assert_eq!(bound_day("-500", false), iso_day("-0500-01-01"));
        assert_eq!(bound_day("nonsense", false), None);
    }

    #[test]
    fn solar_hijri_of_known_days() {
        assert_eq!(solar_hijri("2020-03-20").as_deref(), Some("1399-01-01"));
        assert_eq!(solar_hijri("1988-02-20").as_deref(), Some("1366-12-01"));
        assert!(solar_hijri("-0889-01-01").is_some());
    }
}

/// The ISO date of a day number (inverse of [`days_from_civil`]).
pub fn iso_from_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format_iso(y as i32, m, d)
}

/// `(year, month, day)` of a day number (days since 1970-01-01, proleptic Gregorian), after
/// Howard Hinnant's `civil_from_days`.
pub(crate) fn civil_from_days(day: i64) -> (i64, u8, u8) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod round_trip {
    #[test]
    fn day_numbers_round_trip() {
        for iso in ["-0889-01-01", "0001-03-01", "1813-10-24", "2020-12-31", "2000-02-29"] {
            assert_eq!(super::iso_from_day(super::iso_day(iso).unwrap()), iso);
        }
    }
}

//! Calendar conversions, all through ICU4X `icu_calendar`: the arithmetic Persian (Solar Hijri)
//! calendar, the tabular civil Islamic (Lunar Hijri) calendar (type II leap years, Friday
//! epoch) and the proleptic Gregorian calendar. Days are Rata Die numbers (`i64`) inside this
//! crate and ISO 8601 strings with astronomical years outside.

use icu_calendar::cal::hijri::{TabularAlgorithm, TabularAlgorithmEpoch, TabularAlgorithmLeapYears};
use icu_calendar::cal::{Gregorian, Hijri, Persian};
use icu_calendar::types::RataDie;
use icu_calendar::Date;
use serde::{Deserialize, Serialize};

/// The calendars Persian sources date events in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    SolarHijri,
    LunarHijri,
    Gregorian,
}

impl Calendar {
    /// The name used in the `sanad extract` contract.
    pub fn name(self) -> &'static str {
        match self {
            Calendar::SolarHijri => "solar_hijri",
            Calendar::LunarHijri => "lunar_hijri",
            Calendar::Gregorian => "gregorian",
        }
    }

    /// How many days a day-level date of this calendar may be off when the source's own
    /// reckoning differs from the arithmetic one (used for pairing checks).
    pub fn day_tolerance(self) -> i64 {
        match self {
            Calendar::SolarHijri => 1,
            Calendar::LunarHijri => 2,
            Calendar::Gregorian => 0,
        }
    }
}

/// Years outside this range are not dates (ICU4X builds dates for ±9999).
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = -9999..=9999;

fn tabular() -> Hijri<TabularAlgorithm> {
    Hijri::new_tabular(TabularAlgorithmLeapYears::TypeII, TabularAlgorithmEpoch::Friday)
}

/// The Rata Die of a day given in `calendar` (year in the calendar's own extended numbering:
/// astronomical for Gregorian), or `None` when the day does not exist.
pub fn day_number(calendar: Calendar, year: i32, month: u8, day: u8) -> Option<i64> {
    if !YEAR_RANGE.contains(&year) {
        return None;
    }
    let rd = match calendar {
        Calendar::Gregorian => Date::try_new_gregorian(year, month, day).ok()?.to_rata_die(),
        Calendar::SolarHijri => Date::try_new_persian(year, month, day).ok()?.to_rata_die(),
        Calendar::LunarHijri => {
            Date::try_new_hijri_with_calendar(year, month, day, tabular()).ok()?.to_rata_die()
        }
    };
    Some(rd.to_i64_date())
}

/// The number of days of a month, `None` if the month does not exist.
pub fn days_in_month(calendar: Calendar, year: i32, month: u8) -> Option<u8> {
    if !YEAR_RANGE.contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    Some(match calendar {
        Calendar::Gregorian => Date::try_new_gregorian(year, month, 1).ok()?.days_in_month(),
        Calendar::SolarHijri => Date::try_new_persian(year, month, 1).ok()?.days_in_month(),
        Calendar::LunarHijri => {
            Date::try_new_hijri_with_calendar(year, month, 1, tabular()).ok()?.days_in_month()
        }
    })
}

/// First and last day of a year: from its first day to the day before the next year's first
/// day (a Solar Hijri year runs from its Nowruz to the day before the next Nowruz), so a leap
/// day or an uneven last month can never be lost. For the last year ICU4X builds (9999) the
/// last day of its last month.
pub fn year_days(calendar: Calendar, year: i32) -> Option<(i64, i64)> {
    let start = day_number(calendar, year, 1, 1)?;
    let end = match day_number(calendar, year + 1, 1, 1) {
        Some(next) => next - 1,
        None => day_number(calendar, year, 12, days_in_month(calendar, year, 12)?)?,
    };
    Some((start, end))
}

/// First and last day of a month: to the day before the next month's first day.
pub fn month_days(calendar: Calendar, year: i32, month: u8) -> Option<(i64, i64)> {
    let first = day_number(calendar, year, month, 1)?;
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let last = match day_number(calendar, ny, nm, 1) {
        Some(next) => next - 1,
        None => day_number(calendar, year, month, days_in_month(calendar, year, month)?)?,
    };
    Some((first, last))
}

/// The date of a Rata Die in `calendar`: (year, month, day).
pub fn from_day_number(calendar: Calendar, rd: i64) -> (i32, u8, u8) {
    let rd = RataDie::new(rd);
    match calendar {
        Calendar::Gregorian => {
            let d = Date::from_rata_die(rd, Gregorian);
            (d.year().extended_year(), d.month().ordinal, d.day_of_month().0)
        }
        Calendar::SolarHijri => {
            let d = Date::from_rata_die(rd, Persian);
            (d.year().extended_year(), d.month().ordinal, d.day_of_month().0)
        }
        Calendar::LunarHijri => {
            let d = Date::from_rata_die(rd, tabular());
            (d.year().extended_year(), d.month().ordinal, d.day_of_month().0)
        }
    }
}

/// ISO 8601 with astronomical years: 1 BCE is `0000`, 890 BCE is `-0889`.
pub fn iso(rd: i64) -> String {
    let (y, m, d) = from_day_number(Calendar::Gregorian, rd);
    if y < 0 {
        format!("-{:04}-{:02}-{:02}", -y, m, d)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        // 8 Aban 1399 = 29 October 2020.
        assert_eq!(iso(day_number(Calendar::SolarHijri, 1399, 8, 8).unwrap()), "2020-10-29");
        // 1 Muharram 1220 (tabular civil) = 1 April 1805.
        assert_eq!(iso(day_number(Calendar::LunarHijri, 1220, 1, 1).unwrap()), "1805-04-01");
        assert_eq!(iso(day_number(Calendar::Gregorian, -889, 1, 1).unwrap()), "-0889-01-01");
        assert_eq!(iso(day_number(Calendar::Gregorian, 0, 12, 31).unwrap()), "0000-12-31");
    }

    #[test]
    fn impossible_days() {
        assert_eq!(day_number(Calendar::Gregorian, 1905, 2, 32), None);
        assert_eq!(day_number(Calendar::SolarHijri, 999_999, 12, 1), None);
        assert_eq!(days_in_month(Calendar::Gregorian, 1905, 13), None);
    }
}

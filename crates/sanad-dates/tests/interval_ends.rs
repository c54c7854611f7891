//! Regression (quality bug 2): a Solar Hijri year «۱۱۹۳ ش» ends the day before the NEXT Nowruz,
//! and every year or month interval, in every calendar, ends the day before the next one
//! starts. The pinned values come from the peers in `../shared/peers/` (jdatetime for Solar
//! Hijri, convertdate.islamic for the tabular Lunar Hijri calendar), leap years included.

use sanad_dates::calendar::{iso, month_days, year_days, Calendar};
use sanad_dates::DateFinder;
use sanad_text::{Analyzed, NormalizeOptions};

fn year(c: Calendar, y: i32) -> (String, String) {
    let (a, b) = year_days(c, y).expect("year");
    (iso(a), iso(b))
}

fn month(c: Calendar, y: i32, m: u8) -> (String, String) {
    let (a, b) = month_days(c, y, m).expect("month");
    (iso(a), iso(b))
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn solar_hijri_year_ends_the_day_before_the_next_nowruz() {
    // (year, first day, last day): jdatetime; 1193, 1300 and 1403 are leap years.
    for (y, a, b) in [
        (1193, "1814-03-21", "1815-03-21"),
        (1299, "1920-03-21", "1921-03-20"),
        (1300, "1921-03-21", "1922-03-21"),
        (1399, "2020-03-20", "2021-03-20"),
        (1403, "2024-03-20", "2025-03-20"),
    ] {
        assert_eq!(year(Calendar::SolarHijri, y), pair(a, b), "{y} AP");
    }
    for (y, m, a, b) in [
        (1193, 12, "1815-02-20", "1815-03-21"),
        (1399, 12, "2021-02-19", "2021-03-20"),
        (1400, 12, "2022-02-20", "2022-03-20"),
        (1399, 6, "2020-08-22", "2020-09-21"),
        (1399, 7, "2020-09-22", "2020-10-21"),
    ] {
        assert_eq!(month(Calendar::SolarHijri, y, m), pair(a, b), "{y}/{m} AP");
    }
}

#[test]
fn lunar_hijri_year_and_month_end_the_day_before_the_next_one() {
    // convertdate.islamic (the same tabular civil calendar); 1442 is a leap year.
    for (y, a, b) in [
        (1209, "1794-07-29", "1795-07-17"),
        (1220, "1805-04-01", "1806-03-20"),
        (1228, "1813-01-04", "1813-12-23"),
        (1241, "1825-08-16", "1826-08-04"),
        (1442, "2020-08-20", "2021-08-09"),
    ] {
        assert_eq!(year(Calendar::LunarHijri, y), pair(a, b), "{y} AH");
    }
    for (y, m, a, b) in [
        (1241, 12, "1826-07-07", "1826-08-04"),
        (1442, 12, "2021-07-11", "2021-08-09"),
        (1228, 10, "1813-09-27", "1813-10-25"),
    ] {
        assert_eq!(month(Calendar::LunarHijri, y, m), pair(a, b), "{y}/{m} AH");
    }
}

/// No gap and no overlap between consecutive years and months, in all three calendars.
#[test]
fn intervals_tile_the_time_line() {
    for c in [Calendar::SolarHijri, Calendar::LunarHijri, Calendar::Gregorian] {
        let range = if c == Calendar::Gregorian { -900..2100 } else { 1..1500 };
        for y in range {
            let (_, end) = year_days(c, y).unwrap();
            let (next, _) = year_days(c, y + 1).unwrap();
            assert_eq!(end + 1, next, "{c:?} year {y}");
            for m in 1..=12u8 {
                let (_, end) = month_days(c, y, m).unwrap();
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                let (next, _) = month_days(c, ny, nm).unwrap();
                assert_eq!(end + 1, next, "{c:?} {y}/{m}");
            }
        }
    }
}

/// Every year of the official table: year y ends the day before the Nowruz of y + 1.
#[test]
fn solar_hijri_years_end_before_official_next_nowruz() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/persiancalendar/kabise.txt");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("{path} not found; skipped");
        return;
    };
    let nowruz: Vec<(i32, String)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (y, d) = l.split_once(' ')?;
            Some((y.trim_end_matches('*').parse().ok()?, d.trim().to_string()))
        })
        .collect();
    for w in nowruz.windows(2) {
        let (y, _) = &w[0];
        let (_, next) = &w[1];
        let (_, end) = year_days(Calendar::SolarHijri, *y).unwrap();
        assert_eq!(iso(end + 1), *next, "{y} AP must end the day before {next}");
    }
}

#[test]
fn regression_1193_sh_in_text_ends_day_before_nowruz_1194() {
    let doc = Analyzed::new("در سال ۱۱۹۳ ش ( ۱۸۱۲ م ) عهدنامه بسته شد", &NormalizeOptions::for_extraction());
    let dates = DateFinder::new().find(&doc);
    let sh = dates.iter().find(|d| d.value.calendar == "solar_hijri").expect("1193 SH");
    assert_eq!((sh.value.start.as_str(), sh.value.end.as_str()), ("1814-03-21", "1815-03-21"));
    assert_eq!(sh.value.consistency.as_deref(), Some("mismatch"));
}

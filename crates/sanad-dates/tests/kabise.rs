//! The official Nowruz of every year 1206–1498 AP (the Iranian calendar authority's table,
//! `../shared/data/persiancalendar/kabise.txt`): sanad's Solar Hijri calendar (ICU4X) must
//! agree on every one, and on the leap years the table marks.

use sanad_dates::calendar::{day_number, days_in_month, iso, Calendar};

#[test]
fn nowruz_of_every_year_1206_to_1498_is_official() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/persiancalendar/kabise.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut years = 0;
    let mut wrong = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (year, date) = line.split_once(' ').expect("YEAR DATE");
        let leap_mark = year.ends_with('*');
        let year: i32 = year.trim_end_matches('*').parse().expect("year");
        let ours = iso(day_number(Calendar::SolarHijri, year, 1, 1).expect("1 Farvardin"));
        if ours != date.trim() {
            wrong.push(format!("{year}: table {date}, sanad {ours}"));
        }
        // The stars mark the leap years: 30 Esfand exists exactly then.
        let leap = days_in_month(Calendar::SolarHijri, year, 12) == Some(30);
        if leap != leap_mark {
            wrong.push(format!("{year}: table leap {leap_mark}, sanad leap {leap}"));
        }
        years += 1;
    }
    assert_eq!(years, 1498 - 1206 + 1);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

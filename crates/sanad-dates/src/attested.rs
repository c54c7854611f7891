//! Solar Hijri month starts attested in sources of the Qajar era (`data/dates/attested-solar-
//! months.txt`). Before the 1304 AP reform the solar months followed the zodiac and their
//! lengths varied, so the arithmetic calendar can be off by a day or two; where a source
//! attests when a month began, sanad counts the days from there.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::calendar::{day_number, Calendar};

const DATA: &str = include_str!("../../../data/dates/attested-solar-months.txt");

/// (year, month) → the attested first days (Rata Die), one per source that gives it.
static STARTS: LazyLock<HashMap<(i32, u8), Vec<i64>>> = LazyLock::new(|| {
    let mut starts: HashMap<(i32, u8), Vec<i64>> = HashMap::new();
    for line in DATA.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        // Only «YEAR/MONTH YYYY-MM-DD» lines; tables of month lengths without a start
        // (sarlati) say nothing about where the year began.
        let Some((ym, date)) = line.split_once(' ') else { continue };
        let Some((y, m)) = ym.split_once('/') else { continue };
        let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u8>()) else { continue };
        let mut parts = date.trim().split('-').map(str::parse::<i32>);
        let (Some(Ok(gy)), Some(Ok(gm)), Some(Ok(gd))) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let Some(rd) = day_number(Calendar::Gregorian, gy, gm as u8, gd as u8) {
            let list = starts.entry((y, m)).or_default();
            if !list.contains(&rd) {
                list.push(rd);
            }
        }
    }
    starts
});

/// The first day of Solar Hijri month `month` of `year` as the sources attest it, and how many
/// days the sources spread over (0 when they agree). `None` when no source gives it.
pub fn month_start(year: i32, month: u8) -> Option<(i64, u32)> {
    let list = STARTS.get(&(year, month))?;
    let min = *list.iter().min()?;
    let max = *list.iter().max()?;
    Some((list[0], (max - min) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::iso;

    #[test]
    fn najmabadi_1230() {
        // Najmabadi: 1230/5 began on 1851-07-24 (month 4 had 32 days).
        let (rd, _) = month_start(1230, 5).unwrap();
        assert_eq!(iso(rd), "1851-07-24");
        assert!(month_start(1400, 1).is_none());
    }
}

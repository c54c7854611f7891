//! `extract --claims` on the founding essay: the disputed claim groups of issue 4 (the 1905
//! clashes, Sumgait, Khojaly), each member with its source.

use sanad_core::{ClaimGroup, ExtractOptions, Extractor};

const ESSAY: &str = include_str!("../../../demo/karabakh-history.fa.txt");

fn groups() -> Vec<ClaimGroup> {
    let ex = Extractor::new();
    ex.extract(ESSAY, &ExtractOptions { claims: true, ..Default::default() }).claims
}

/// The group holding a member whose words contain `figure`.
fn group_with<'a>(groups: &'a [ClaimGroup], figure: &str) -> &'a ClaimGroup {
    groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.text.contains(figure)))
        .unwrap_or_else(|| panic!("no claim group holds «{figure}»"))
}

fn source_of<'a>(g: &'a ClaimGroup, figure: &str) -> &'a str {
    &g.members
        .iter()
        .find(|m| m.text.contains(figure))
        .unwrap_or_else(|| panic!("«{figure}» not in {}", g.about))
        .source
}

fn check_members(g: &ClaimGroup) {
    assert!(g.members.len() >= 2, "{}: {} members", g.about, g.members.len());
    for m in &g.members {
        assert!(!m.source.is_empty(), "{}: «{}» has no source", g.about, m.text);
        assert_eq!(&ESSAY[m.start..m.end], m.text);
        if let (Some(s), Some(e)) = (m.source_start, m.source_end) {
            assert_eq!(&ESSAY[s..e], m.source, "source span of «{}»", m.text);
        }
    }
    assert!(g.reasons.iter().any(|r| r.starts_with("same measure")), "{:?}", g.reasons);
}

fn group_index(groups: &[ClaimGroup], figure: &str) -> usize {
    groups
        .iter()
        .position(|g| g.members.iter().any(|m| m.text.contains(figure)))
        .unwrap_or_else(|| panic!("no claim group holds «{figure}»"))
}

#[test]
fn the_1905_clashes_are_disputed_with_every_source() {
    let gs = groups();
    // Azeris killed in the 1905 clashes: Van der Leeuw, the reports, Figel and the author
    let g = group_with(&gs, "۱۲۶ آذری");
    check_members(g);
    assert!(g.disputed, "{}: {:?}", g.about, g.reasons);
    assert!(g.about.starts_with("killed"), "{}", g.about);
    assert_eq!(source_of(g, "۱۲۶ آذری"), "ون دره لیو");
    assert_eq!(source_of(g, "صدها آذری"), "گزارش ها");
    assert_eq!(source_of(g, "بیش از ۱۰۰۰۰ آذری"), "فیگل");
    // the essay's own voice is its author, from the byline
    assert_eq!(source_of(g, "۵۰۰ آذری"), "مهرداد رضاوند");
    // Figel's count is contested by the text and disagrees with the author's
    assert!(g.reasons.iter().any(|r| r.contains("«بیش از ۱۰۰۰۰ آذری»")), "{:?}", g.reasons);
    // Baku in February (126, Van der Leeuw) and Shusha in August (hundreds, the reports) are
    // different events: not rival figures
    assert!(
        !g.reasons.iter().any(|r| r.contains("«۱۲۶ آذری»") && r.contains("«صدها آذری»")),
        "{:?}",
        g.reasons
    );
    // Armenians killed are a group of their own, with their sources
    let a = group_with(&gs, "۲۱۸ ارمنی");
    check_members(a);
    assert_eq!(source_of(a, "۲۱۸ ارمنی"), "ون دره لیو");
    assert_eq!(source_of(a, "۳۰۰ الی ۴۰۰ ارمنی"), "ماکسیم گورکی");
    // the villages: «۱۲۸ روستای ارمنی و ۱۵۸ روستای مسلمان نشین» (Swietochowski citing Armenian
    // sources) are the two sides' losses, never rivals
    assert!(gs.iter().all(|g| !(g.disputed
        && g.members.iter().any(|m| m.text.contains("۱۲۸ روستای ارمنی"))
        && g.members.iter().any(|m| m.text.contains("۱۵۸ روستای مسلمان")))));
}

/// Regression (quality bug 5): «۱۲۶ آذری و ۲۱۸ ارمنی کشته شدند» are two sides of one account,
/// not rival figures; killed and wounded are different measures.
#[test]
fn regression_different_sides_and_measures_are_never_rivals() {
    let gs = groups();
    assert_ne!(group_index(&gs, "۱۲۶ آذری"), group_index(&gs, "۲۱۸ ارمنی"));
    for g in &gs {
        let mut measures: Vec<&str> = g.members.iter().filter_map(|m| m.measure.as_deref()).collect();
        measures.dedup();
        assert_eq!(measures.len(), 1, "{}: one measure per group, got {measures:?}", g.about);
        for r in g.reasons.iter().filter(|r| r.contains("do not overlap")) {
            assert!(!(r.contains("آذری") && r.contains("ارمنی")), "{}: {r}", g.about);
        }
    }
    // «۳۰۰ الی ۴۰۰ ارمنی در باکو کشته و ۷۰۰ نفر مجروح شدند»: the wounded are not in the killed group
    let killed = group_with(&gs, "۳۰۰ الی ۴۰۰ ارمنی");
    assert!(killed.members.iter().all(|m| m.text != "۷۰۰ نفر"), "{:?}", killed.members);
}

/// Regression (quality bug 5): one source's figures for different events (Gorky's August 1905
/// Baku count and Van der Leeuw's February one) are not a dispute by themselves.
#[test]
fn regression_figures_of_different_events_are_not_rivals() {
    let gs = groups();
    let a = group_with(&gs, "۲۱۸ ارمنی");
    assert!(
        !a.reasons.iter().any(|r| r.contains("«۳۰۰ الی ۴۰۰ ارمنی»") && r.contains("«۲۱۸ ارمنی»")),
        "{:?}",
        a.reasons
    );
}

#[test]
fn sumgait_casualties_are_disputed() {
    let gs = groups();
    let g = group_with(&gs, "بیش از ۵۳ نفر ارمنی");
    check_members(g);
    assert!(g.disputed, "{}: {:?}", g.about, g.reasons);
    assert_eq!(source_of(g, "بیش از ۵۳ نفر ارمنی"), "آمار");
    assert_eq!(source_of(g, "صدها نفر"), "برخی");
    assert_eq!(source_of(g, "ده ها"), "برخی");
    // Sumgait (1988) is not joined with the 1963 figures or the 1905 ones
    assert!(g.members.iter().all(|m| !m.text.contains("۱۶") && !m.text.contains("۲۱۸")));
}

#[test]
fn khojaly_casualty_figures_are_disputed() {
    let gs = groups();
    let g = group_with(&gs, "شش هزار تن");
    check_members(g);
    assert!(g.disputed, "{}: {:?}", g.about, g.reasons);
    assert_eq!(source_of(g, "شش هزار تن"), "ساموئل بابایان");
    assert_eq!(source_of(g, "بیش از دهها نفر"), "مهرداد رضاوند");
}

/// Labels are neutral: they say what differs and who says it, never who is right.
#[test]
fn labels_are_neutral() {
    for g in groups() {
        for r in &g.reasons {
            for loaded in ["false", "wrong", "correct", "true figure", "lie", "propaganda", "real"] {
                assert!(!r.to_lowercase().contains(loaded), "{}: {r}", g.about);
            }
        }
    }
}

#[test]
fn no_group_chooses_a_figure() {
    for g in groups() {
        // every member stays, in text order, with its own interval
        let starts: Vec<usize> = g.members.iter().map(|m| m.start).collect();
        let mut sorted = starts.clone();
        sorted.sort();
        assert_eq!(starts, sorted, "{}", g.about);
        for m in &g.members {
            if let (Some(l), Some(h)) = (m.low, m.high) {
                assert!(l <= h, "«{}»", m.text);
            }
        }
    }
}

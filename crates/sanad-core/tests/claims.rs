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

#[test]
fn the_1905_clashes_are_disputed_with_every_source() {
    let gs = groups();
    let g = group_with(&gs, "۲۱۸ ارمنی");
    check_members(g);
    assert!(g.disputed, "{}: {:?}", g.about, g.reasons);
    assert!(g.about.contains("casualties"), "{}", g.about);
    assert_eq!(source_of(g, "۲۱۸ ارمنی"), "ون دره لیو");
    assert_eq!(source_of(g, "۱۲۶ آذری"), "ون دره لیو");
    assert_eq!(source_of(g, "صدها آذری"), "گزارش ها");
    assert_eq!(source_of(g, "۳۰۰ الی ۴۰۰ ارمنی"), "ماکسیم گورکی");
    // the essay's own voice is its author, from the byline
    assert_eq!(source_of(g, "بین ۳۰۰۰ تا ۱۰۰۰۰ نفر"), "مهرداد رضاوند");
    // the villages: Swietochowski citing Armenian sources
    let v = group_with(&gs, "۱۲۸ روستای ارمنی");
    let m = v.members.iter().find(|m| m.text.contains("۱۲۸")).unwrap();
    assert_eq!(m.source, "سوئیتچوفسکی");
    assert_eq!(m.via.as_deref(), Some("منابع ارمنی"));
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
    assert!(g.members.iter().any(|m| m.text.contains("۱۱۱ نفر")));
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

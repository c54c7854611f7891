//! Validation of the bundled gazetteer (data/gazetteer/*.jsonl): the checks a reviewer of a new
//! entry would otherwise do by hand.

use sanad_entities::gazetteer::{bundled, Entry};
use sanad_entities::key::name_key;
use std::collections::{HashMap, HashSet};

const TYPES: &[&str] =
    &["person", "location", "organization", "event", "treaty", "ethnic_group", "work", "other"];
const LANGS: &[&str] = &["fa", "en", "hy", "az", "ru", "ka", "tr"];

fn entries() -> Vec<Entry> {
    bundled().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn at_least_300_entries_of_every_kind() {
    let all = entries();
    assert!(all.len() >= 300, "{} entries", all.len());
    for ty in ["person", "location", "organization", "event", "treaty", "ethnic_group", "work"] {
        assert!(all.iter().any(|e| e.entity_type == ty), "no {ty}");
    }
}

#[test]
fn ids_are_unique_and_stable_looking() {
    let mut seen = HashSet::new();
    for e in entries() {
        assert!(seen.insert(e.id.clone()), "duplicate id {} ({})", e.id, e.source);
        assert!(
            !e.id.is_empty()
                && e.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "id {:?} ({}) must be [a-z0-9_]+",
            e.id,
            e.source
        );
    }
}

#[test]
fn fields_are_well_formed() {
    for e in entries() {
        assert!(TYPES.contains(&e.entity_type.as_str()), "{}: type {}", e.source, e.entity_type);
        assert!(!e.canonical.trim().is_empty(), "{}: no canonical name", e.source);
        if let Some(q) = &e.wikidata {
            assert!(
                q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit()),
                "{}: wikidata {q}",
                e.source
            );
        }
        assert!(e.names.iter().any(|n| n.lang == "fa"), "{}: no Persian form", e.source);
        for n in &e.names {
            assert!(LANGS.contains(&n.lang.as_str()), "{}: lang {} of {}", e.source, n.lang, n.text);
            assert!(!name_key(&n.text).is_empty(), "{}: empty name {:?}", e.source, n.text);
        }
    }
}

#[test]
fn places_have_coordinates_in_range() {
    for e in entries().iter().filter(|e| e.entity_type == "location") {
        let [lat, lon] = e.coord.unwrap_or_else(|| panic!("{}: place without coord", e.source));
        assert!((-90.0..=90.0).contains(&lat), "{}: latitude {lat}", e.source);
        assert!((-180.0..=180.0).contains(&lon), "{}: longitude {lon}", e.source);
    }
}

#[test]
fn periods_are_ordered() {
    for e in entries() {
        if let (Some(f), Some(t)) = (e.from, e.to) {
            assert!(f <= t, "{}: from {f} after to {t}", e.source);
        }
        for n in &e.names {
            if let (Some(f), Some(t)) = (n.from, n.to) {
                assert!(f <= t, "{}: name {} from {f} after to {t}", e.source, n.text);
            }
        }
    }
}

/// Every Persian form folds to a key that names one entry, unless every entry that has it marks
/// it `ambiguous` (then the date context or `default` chooses, and at most one is default).
#[test]
fn every_persian_form_has_a_unique_key_or_is_marked_ambiguous() {
    let all = entries();
    let mut by_key: HashMap<String, Vec<(&Entry, bool, bool, &str)>> = HashMap::new();
    for e in &all {
        let mut seen = HashSet::new();
        for n in e.names.iter().filter(|n| n.lang == "fa") {
            let k = name_key(&n.text);
            if seen.insert(k.clone()) {
                by_key.entry(k).or_default().push((e, n.ambiguous, n.default, &n.text));
            }
        }
    }
    let mut problems = Vec::new();
    for (k, users) in &by_key {
        if users.len() > 1 {
            if users.iter().any(|u| !u.1) {
                let who: Vec<String> = users.iter().map(|u| format!("{} {:?}", u.0.id, u.3)).collect();
                problems.push(format!("key {k:?} shared, not marked ambiguous: {who:?}"));
            }
            if users.iter().filter(|u| u.2).count() > 1 {
                problems.push(format!("key {k:?} has several defaults"));
            }
        }
    }
    problems.sort();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn events_known_to_the_day_carry_their_days_inside_their_years() {
    let all = entries();
    let khojaly = all.iter().find(|e| e.id == "khojaly_massacre").expect("khojaly_massacre");
    assert_eq!(khojaly.days, Some([(1992, 2, 25), (1992, 2, 26)]));
    for e in all.iter().filter(|e| e.days.is_some()) {
        assert_eq!(e.entity_type, "event", "{}: days on a non-event", e.source);
    }
}

#[test]
fn days_that_are_not_dates_or_fall_outside_the_years_are_named_errors() {
    for days in
        [r#"["1992-02-25", "26 Feb"]"#, r#"["1992-02-27", "1992-02-26"]"#, r#"["1991-02-25", "1992-02-26"]"#]
    {
        let line = format!(
            r#"{{"id": "x", "type": "event", "canonical": "X", "from": 1992, "to": 1992, "days": {days}}}"#
        );
        let err = sanad_entities::gazetteer::parse("events.jsonl", &line).expect_err(days).to_string();
        assert!(err.contains("events.jsonl") && err.contains("days"), "{err}");
    }
}

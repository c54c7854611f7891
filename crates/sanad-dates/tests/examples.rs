//! Every rule's examples in `data/dates/examples.txt`, positive and negative, as tests.

use sanad_dates::{DateFinder, DateMention};
use sanad_text::{Analyzed, NormalizeOptions};

const EXAMPLES: &str = include_str!("../../../data/dates/examples.txt");

struct Expected<'a> {
    span: &'a str,
    granularity: &'a str,
    start: &'a str,
    end: &'a str,
    flags: Vec<&'a str>,
}

fn parse_expected(s: &str) -> Expected<'_> {
    let s = s.trim();
    let open = s.find('«').expect("«span»");
    let close = s.find('»').expect("«span»");
    let span = &s[open + '«'.len_utf8()..close];
    let mut rest = s[close + '»'.len_utf8()..].split_whitespace();
    let granularity = rest.next().expect("granularity");
    let start = rest.next().expect("start");
    let end = rest.next().expect("end");
    Expected { span, granularity, start, end, flags: rest.collect() }
}

fn check(text: &str, found: &[DateMention], e: &Expected, line: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(m) = found.iter().find(|m| &text[m.span.range()] == e.span) else {
        return vec![format!("{line}\n   «{}» not found", e.span)];
    };
    let v = &m.value;
    let mut want = |ok: bool, what: String| {
        if !ok {
            errors.push(format!(
                "{line}\n   «{}»: {what}; got {}",
                e.span,
                serde_json::to_string(v).unwrap()
            ));
        }
    };
    want(v.granularity == e.granularity, format!("granularity {}", e.granularity));
    want(v.start == e.start && v.end == e.end, format!("interval {} {}", e.start, e.end));
    for f in &e.flags {
        let ok = match *f {
            "inferred" => v.inferred,
            "ctx" => v.year_from_context,
            "match" => v.consistency.as_deref() == Some("match") && v.paired_with.is_some(),
            "mismatch" => v.consistency.as_deref() == Some("mismatch") && v.gap_days.is_some_and(|g| g > 0),
            "docdate" => v.document_date == Some(true),
            "tabular" => v.islamic_variant.as_deref() == Some("tabular"),
            "uncertain" => v.uncertainty_days.is_some_and(|d| d > 0),
            "relative" => v.relative == Some(true),
            f if f.starts_with("cal=") => v.calendar == f[4..],
            f if f.starts_with("mod=") => v.modifier.as_deref() == Some(&f[4..]),
            other => panic!("unknown flag {other}"),
        };
        want(ok, format!("flag {f}"));
    }
    errors
}

#[test]
fn every_example_of_every_rule() {
    let finder = DateFinder::new();
    let mut errors = Vec::new();
    let mut count = 0;
    for line in EXAMPLES.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (text, expected) = line.split_once(" => ").expect("text => expected");
        let text = text.replace("\\n", "\n");
        let doc = Analyzed::new(&text, &NormalizeOptions::for_extraction());
        let found = finder.find(&doc);
        count += 1;
        let spans: Vec<&str> = found.iter().map(|m| &text[m.span.range()]).collect();
        if expected.trim() == "none" {
            if !found.is_empty() {
                errors.push(format!("{line}\n   expected no date, found {spans:?}"));
            }
            continue;
        }
        let expected: Vec<Expected> = expected.split(" ;; ").map(parse_expected).collect();
        let want: Vec<&str> = expected.iter().map(|e| e.span).collect();
        if spans != want {
            errors.push(format!("{line}\n   spans {spans:?}, expected {want:?}"));
            continue;
        }
        for e in &expected {
            errors.extend(check(&text, &found, e, line));
        }
    }
    assert!(count > 100, "examples file read: {count} examples");
    assert!(errors.is_empty(), "{} of {count} examples fail:\n{}", errors.len(), errors.join("\n"));
}

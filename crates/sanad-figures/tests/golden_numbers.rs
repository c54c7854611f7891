//! Golden tests for the number parser, ported from persian-tools and Duckling (see
//! `tests/data/SOURCE.md`). Prints the pass rate per family; fails if any case of a family we
//! support fails. `fuzzy` (typo correction «بیشت» → «بیست») is out of scope and only counted.

use sanad_figures::parse_number;

const PERSIAN_TOOLS: &str = include_str!("data/persian-tools-numbers.jsonl");
const DUCKLING: &str = include_str!("data/duckling-fa-numerals.txt");

/// A persian-tools expected value («12,022», «-٣٠٠٠», «-۳,۰۰۰») as a signed integer.
fn expected_value(v: &serde_json::Value) -> Option<i128> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().map(i128::from),
        serde_json::Value::String(s) => {
            let mut neg = false;
            let mut out: i128 = 0;
            let mut any = false;
            for c in s.chars() {
                match c {
                    '-' => neg = true,
                    '0'..='9' => {
                        out = out * 10 + (c as u32 - '0' as u32) as i128;
                        any = true
                    }
                    '۰'..='۹' => {
                        out = out * 10 + (c as u32 - '۰' as u32) as i128;
                        any = true
                    }
                    '٠'..='٩' => {
                        out = out * 10 + (c as u32 - '٠' as u32) as i128;
                        any = true
                    }
                    _ => {}
                }
            }
            any.then_some(if neg { -out } else { out })
        }
        _ => None,
    }
}

fn parsed(s: &str) -> Option<i128> {
    let p = parse_number(s)?;
    let v = p.low? as i128;
    Some(if p.negative { -v } else { v })
}

#[derive(Default)]
struct Tally {
    pass: usize,
    fail: Vec<String>,
}

#[test]
fn golden_number_words() {
    let mut words_to_number = Tally::default();
    let mut number_to_words = Tally::default();
    let mut ordinals = Tally::default();
    let mut fuzzy = Tally::default();
    let mut duckling = Tally::default();
    for line in PERSIAN_TOOLS.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("jsonl");
        let func = case["function"].as_str().unwrap_or("");
        let input = &case["input"];
        let expected = &case["expected"];
        let options = case["options"].as_str().unwrap_or("");
        match func {
            "wordsToNumber" => {
                let input = input.as_str().unwrap_or("");
                // persian-tools answers 0 (or "") for text that holds no number; we answer None
                let want = expected_value(expected);
                let got = parsed(input);
                let ok = match want {
                    Some(0) => got.is_none() || got == Some(0),
                    None => got.is_none(),
                    w => got == w,
                };
                if ok {
                    words_to_number.pass += 1
                } else {
                    words_to_number.fail.push(format!("{input:?} → {got:?}, expected {want:?}"))
                }
            }
            "numberToWords" => {
                // read the words back: they must give the number
                let words = expected.as_str().unwrap_or("").trim().trim_matches(|c| c == '"' || c == ',');
                let words = words.trim_end_matches("\",").trim_matches('"');
                let want = expected_value(input).or_else(|| {
                    input.as_str().and_then(|s| expected_value(&serde_json::Value::String(s.into())))
                });
                let got = parsed(words);
                let tally = if options.contains("ordinal") { &mut ordinals } else { &mut number_to_words };
                if got == want {
                    tally.pass += 1
                } else {
                    tally.fail.push(format!("{words:?} → {got:?}, expected {want:?}"))
                }
            }
            _ => {
                // fuzzy: the corrected text must parse like the expected text
                let (i, e) = (input.as_str().unwrap_or(""), expected.as_str().unwrap_or(""));
                let ok = parsed(e).is_some() && parsed(i) == parsed(e);
                if ok {
                    fuzzy.pass += 1
                } else {
                    fuzzy.fail.push(format!("{i:?}"))
                }
            }
        }
    }
    for line in DUCKLING.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (want, input) = line.split_once('\t').expect("tab");
        let want: i128 = want.parse().expect("value");
        let got = parsed(input);
        if got == Some(want) {
            duckling.pass += 1
        } else {
            duckling.fail.push(format!("{input:?} → {got:?}, expected {want}"))
        }
    }
    let report = |name: &str, t: &Tally| {
        println!(
            "{name:28} {}/{} pass{}",
            t.pass,
            t.pass + t.fail.len(),
            if t.fail.is_empty() { String::new() } else { format!("; failing: {}", t.fail.join(" | ")) }
        );
    };
    report("persian-tools wordsToNumber", &words_to_number);
    report("persian-tools numberToWords", &number_to_words);
    report("persian-tools ordinals", &ordinals);
    report("persian-tools fuzzy (no)", &fuzzy);
    report("duckling FA numerals", &duckling);
    assert!(words_to_number.fail.is_empty(), "{:?}", words_to_number.fail);
    assert!(number_to_words.fail.is_empty(), "{:?}", number_to_words.fail);
    assert!(duckling.fail.is_empty(), "{:?}", duckling.fail);
}

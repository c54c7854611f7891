//! Every example of `data/figures/quantity-examples.tsv` (the examples among them) is a
//! test: the expected figure is found with its value, and negative examples yield nothing.

use sanad_figures::{FigureFinder, QuantityMention};
use sanad_text::{Analyzed, NormalizeOptions};

const EXAMPLES: &str = include_str!("../../../data/figures/quantity-examples.tsv");

fn quantities(text: &str) -> Vec<(String, QuantityMention)> {
    let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
    FigureFinder::new()
        .quantities(&doc, &[])
        .into_iter()
        .map(|q| (text[q.span.range()].to_string(), q))
        .collect()
}

fn opt_u64(s: &str) -> Option<u64> {
    (s != "-" && !s.is_empty()).then(|| s.parse().expect("a number"))
}

fn opt_str(s: &str) -> Option<String> {
    (s != "-" && !s.is_empty()).then(|| s.to_string())
}

#[test]
fn quantity_examples() {
    let mut failures = Vec::new();
    let mut n = 0;
    for line in EXAMPLES.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        n += 1;
        let f: Vec<&str> = line.split('\t').collect();
        let (text, figure) = (f[0], f[1]);
        let found = quantities(text);
        if figure == "-" {
            if !found.is_empty() {
                failures.push(format!(
                    "{text}: expected no quantity, found {:?}",
                    found.iter().map(|f| &f.0).collect::<Vec<_>>()
                ));
            }
            continue;
        }
        let Some((got_text, q)) =
            found.iter().find(|(t, _)| t.contains(figure) || figure.contains(t.as_str()))
        else {
            failures.push(format!(
                "{text}: «{figure}» not found (found {:?})",
                found.iter().map(|f| &f.0).collect::<Vec<_>>()
            ));
            continue;
        };
        let v = &q.value;
        let want = (opt_u64(f[2]), opt_u64(f[3]), f[4] == "true", opt_str(f[5]));
        let got = (v.low, v.high, v.approx, v.unit.clone());
        if want != got {
            failures.push(format!("{text}: «{got_text}» value {got:?}, expected {want:?}"));
        }
        if f[6] != "*" && opt_str(f[6]) != v.measure {
            failures.push(format!("{text}: «{got_text}» measure {:?}, expected {}", v.measure, f[6]));
        }
        if f[7] != "*" && opt_str(f[7]) != v.group {
            failures.push(format!("{text}: «{got_text}» group {:?}, expected {}", v.group, f[7]));
        }
        if f.get(8) == Some(&"overflow") && !v.overflow {
            failures.push(format!("{text}: «{got_text}» should overflow"));
        }
    }
    assert!(failures.is_empty(), "{} of {n} examples fail:\n{}", failures.len(), failures.join("\n"));
}

const ATTRIBUTION_EXAMPLES: &str = include_str!("../../../data/figures/attribution-examples.tsv");

fn covers(found: &str, want: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '\u{200c}').collect::<String>();
    let (f, w) = (strip(found), strip(want));
    f.contains(&w) || w.contains(&f)
}

#[test]
fn attribution_examples() {
    let finder = FigureFinder::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in ATTRIBUTION_EXAMPLES.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        n += 1;
        let f: Vec<&str> = line.split('\t').collect();
        let text = f[0];
        let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
        let found = finder.attributions(&doc, &[]);
        for a in &found {
            assert_eq!(&text[a.value.source.start..a.value.source.end], a.value.source.text);
            assert!(text.is_char_boundary(a.span.start) && text.is_char_boundary(a.span.end));
        }
        if f[1] == "-" {
            if !found.is_empty() {
                failures.push(format!(
                    "{text}: expected none, found {:?}",
                    found.iter().map(|a| &a.value.source.text).collect::<Vec<_>>()
                ));
            }
            continue;
        }
        let Some(a) =
            found.iter().find(|a| covers(&a.value.source.text, f[1]) && covers(&a.value.cue.text, f[2]))
        else {
            failures.push(format!(
                "{text}: source «{}» with cue «{}» not found (found {:?})",
                f[1],
                f[2],
                found.iter().map(|a| (&a.value.source.text, &a.value.cue.text)).collect::<Vec<_>>()
            ));
            continue;
        };
        let v = &a.value;
        let via_ok = match (f[3], &v.via) {
            ("-", None) => true,
            ("-", Some(_)) | (_, None) => false,
            (w, Some(got)) => covers(&got.text, w),
        };
        if !via_ok {
            failures.push(format!("{text}: via {:?}, expected {}", v.via.as_ref().map(|x| &x.text), f[3]));
        }
        if f[4] != "*" && (f[4] == "true") != v.quote {
            failures.push(format!("{text}: quote {}, expected {}", v.quote, f[4]));
        }
        if f[5] != "*" && f[5] != v.stance {
            failures.push(format!("{text}: stance {}, expected {}", v.stance, f[5]));
        }
    }
    assert!(failures.is_empty(), "{} of {n} examples fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn byline_names_the_author() {
    let text = "۸ - آبان - ۱۳۹۹\nنوشتۀ : مهرداد رضاوند\n\n\nدر قرن یازدهم …";
    let s = sanad_figures::byline(text).unwrap();
    assert_eq!(&text[s.range()], "مهرداد رضاوند");
    assert!(sanad_figures::byline("در قرن یازدهم میلادی").is_none());
}

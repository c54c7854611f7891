//! Claims and claim groups.
//!
//! A claim joins what is said (a quantity), about what (what it measures, the group counted,
//! the year and place of its paragraph), by whom (the attribution whose claimed words contain
//! it, else the document's author from its byline) and where (span). Claims about the same
//! measure, unit, years and place, close together in the text, are grouped; a group is disputed
//! when two of its figures for the same measure and group do not overlap, or when the text
//! contests them. Nothing is ever chosen between members: every member keeps its source, and
//! every group says why its members were joined (`reasons`).

use crate::{Annotation, Payload};
use sanad_text::Span;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimMember {
    /// Index of the quantity annotation in `annotations`.
    pub annotation: usize,
    pub start: usize,
    pub end: usize,
    /// The figure's words.
    pub text: String,
    /// Who says it (the source's words, or the author).
    pub source: String,
    /// Where the source is named (original bytes); `None` for the author's own voice.
    pub source_start: Option<usize>,
    pub source_end: Option<usize>,
    /// Index of the attribution annotation, if any.
    pub attribution: Option<usize>,
    /// `asserts`, `claims`, `disputes`, or `author`.
    pub stance: String,
    pub via: Option<String>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub approx: bool,
    pub unit: Option<String>,
    pub measure: Option<String>,
    pub group: Option<String>,
    /// The year the paragraph speaks of, where one is written before the figure.
    pub year: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimGroup {
    pub id: String,
    /// What the members speak about, e.g. "casualties · people · 1905–1906".
    pub about: String,
    pub disputed: bool,
    /// Why the members were joined, and why the group is disputed.
    pub reasons: Vec<String>,
    pub members: Vec<ClaimMember>,
}

/// Paragraphs further apart than this never share a group.
const MAX_PARAGRAPH_GAP: usize = 10;
/// How many paragraphs back a figure looks for its year when its own paragraph has none.
const YEAR_CONTEXT_PARAGRAPHS: usize = 4;
/// Years further apart than this are different events.
const MAX_YEAR_GAP: i32 = 1;

/// Measures of human losses are compared with each other.
fn family(measure: &str) -> &str {
    match measure {
        "killed" | "wounded" | "casualties" | "killed_or_wounded" | "missing" | "captured" | "hostages" => {
            "casualties"
        }
        "displaced" | "refugees" => "displaced",
        m => m,
    }
}

struct Claim {
    member: ClaimMember,
    para: usize,
    place: Option<String>,
    family: String,
}

/// Paragraph index of every byte offset: the starts of the paragraphs.
fn paragraph_starts(original: &str) -> Vec<usize> {
    std::iter::once(0).chain(original.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn para_of(starts: &[usize], byte: usize) -> usize {
    starts.partition_point(|&s| s <= byte).saturating_sub(1)
}

fn iso_year(iso: &str) -> Option<i32> {
    let (neg, rest) = match iso.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, iso),
    };
    let y: i32 = rest.split('-').next()?.parse().ok()?;
    Some(if neg { -y } else { y })
}

/// Year-like numbers (1000–2100) written in digits outside any quantity: a fallback for the
/// year of a paragraph when no date annotations are given.
fn bare_years(original: &str, quantities: &[Span]) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    let mut it = original.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let Some(d) = digit(c) else { continue };
        let mut v = d as i64;
        let mut end = i + c.len_utf8();
        let mut n = 1;
        while let Some(&(j, c2)) = it.peek() {
            match digit(c2) {
                Some(d2) => {
                    v = v * 10 + d2 as i64;
                    n += 1;
                    end = j + c2.len_utf8();
                    it.next();
                }
                None => break,
            }
            if n > 6 {
                break;
            }
        }
        if n == 4 && (1000..=2100).contains(&v) && !quantities.iter().any(|q| q.start <= i && end <= q.end) {
            // «از ۱۹۸۸ تا ۲۰۰۸», «۱۹۰۵-۱۹۰۶»: a range of years counts as its first year
            let joined = out.last().is_some_and(|&(p, _): &(usize, i32)| {
                let gap = original.get(p..i).unwrap_or("");
                let between = gap.trim_start_matches(|c: char| digit(c).is_some()).trim();
                gap.len() < 40 && matches!(between, "تا" | "-" | "–" | "ـ" | "و" | "الی")
            });
            if !joined {
                out.push((i, v as i32));
            }
        }
    }
    out
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        _ => None,
    }
}

fn interval(m: &ClaimMember) -> (u64, u64) {
    (m.low.unwrap_or(0), m.high.unwrap_or(u64::MAX))
}

fn show(m: &ClaimMember) -> String {
    match (m.low, m.high) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("≥{a}"),
        (None, Some(b)) => format!("≤{b}"),
        (None, None) => "?".to_string(),
    }
}

/// Group the claims in one document's annotations.
pub fn group_claims(original: &str, annotations: &[Annotation]) -> Vec<ClaimGroup> {
    let starts = paragraph_starts(original);
    let author = sanad_figures::byline(original)
        .map(|s| original[s.range()].to_string())
        .unwrap_or_else(|| "author".to_string());
    let quantity_spans: Vec<Span> = annotations
        .iter()
        .filter(|a| matches!(a.payload, Payload::Quantity(_)))
        .map(|a| Span::new(a.start, a.end))
        .collect();
    // years: date annotations, else bare year numbers
    let mut years: Vec<(usize, i32)> = annotations
        .iter()
        .filter_map(|a| match &a.payload {
            Payload::Date(d) => Some((a.start, iso_year(&d.start)?)),
            _ => None,
        })
        .collect();
    if years.is_empty() {
        years = bare_years(original, &quantity_spans);
    }
    years.sort();
    let places: Vec<(usize, String)> = annotations
        .iter()
        .filter_map(|a| match &a.payload {
            Payload::Entity(e) if e.entity_type == "location" => {
                Some((a.start, e.canonical.clone().unwrap_or_else(|| a.text.clone())))
            }
            _ => None,
        })
        .collect();
    let attributions: Vec<(usize, &Annotation)> = annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a.payload, Payload::Attribution(_)))
        .collect();
    let contested = contested_spans(original);

    let mut claims: Vec<Claim> = Vec::new();
    for (ai, a) in annotations.iter().enumerate() {
        let Payload::Quantity(q) = &a.payload else { continue };
        let Some(measure) = q.measure.as_deref() else { continue };
        let para = para_of(&starts, a.start);
        let para_start = starts[para];
        // the year and place the paragraph speaks of, before the figure (else after it)
        // (else the last year of the few paragraphs before: «در ۲۰ فوریه سال 1988 …» two
        // paragraphs before the Sumgait figures)
        let window_start = starts[para.saturating_sub(YEAR_CONTEXT_PARAGRAPHS)];
        let year = years
            .iter()
            .rev()
            .find(|(p, _)| *p >= para_start && *p < a.start)
            .or_else(|| years.iter().find(|(p, _)| *p > a.end && para_of(&starts, *p) == para))
            .or_else(|| years.iter().rev().find(|(p, _)| *p >= window_start && *p < para_start))
            .map(|(_, y)| *y);
        let place =
            places.iter().rev().find(|(p, _)| *p >= para_start && *p < a.start).map(|(_, n)| n.clone());
        // the source: the innermost attribution whose claimed words contain the figure
        let mut best: Option<(usize, &Annotation)> = None;
        for &(ti, t) in &attributions {
            let Payload::Attribution(v) = &t.payload else { continue };
            if v.claim.start <= a.start && a.end <= v.claim.end {
                let better = match best {
                    None => true,
                    Some((_, b)) => match &b.payload {
                        Payload::Attribution(bv) => v.claim.len() < bv.claim.len(),
                        _ => true,
                    },
                };
                if better {
                    best = Some((ti, t));
                }
            }
        }
        let (source, source_start, source_end, attribution, stance, via) = match best {
            Some((ti, t)) => {
                let Payload::Attribution(v) = &t.payload else { unreachable!() };
                // a cue naming several sources («داسنابدیان و واکر») gives them all
                let all: Vec<&str> = attributions
                    .iter()
                    .filter_map(|(_, o)| match &o.payload {
                        Payload::Attribution(ov) if ov.cue == v.cue && ov.claim == v.claim => {
                            Some(ov.source.text.as_str())
                        }
                        _ => None,
                    })
                    .collect();
                (
                    all.join(" و "),
                    Some(v.source.start),
                    Some(v.source.end),
                    Some(ti),
                    v.stance.clone(),
                    v.via.as_ref().map(|x| x.text.clone()),
                )
            }
            None => (author.clone(), None, None, None, "author".to_string(), None),
        };
        claims.push(Claim {
            member: ClaimMember {
                annotation: ai,
                start: a.start,
                end: a.end,
                text: a.text.clone(),
                source,
                source_start,
                source_end,
                attribution,
                stance,
                via,
                low: q.low,
                high: q.high,
                approx: q.approx,
                unit: q.unit.clone(),
                measure: Some(measure.to_string()),
                group: q.group.clone(),
                year,
            },
            para,
            place,
            family: family(measure).to_string(),
        });
    }

    // greedy grouping in text order: join the latest compatible group
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (ci, c) in claims.iter().enumerate() {
        let fits = |g: &Vec<usize>| {
            let last = &claims[*g.last().unwrap_or(&ci)];
            let first = &claims[g[0]];
            first.family == c.family
                && first.member.unit == c.member.unit
                && c.para.saturating_sub(last.para) <= MAX_PARAGRAPH_GAP
                && g.iter().all(|&k| match (claims[k].member.year, c.member.year) {
                    (Some(a), Some(b)) => (a - b).abs() <= MAX_YEAR_GAP,
                    _ => true,
                })
        };
        match groups.iter_mut().rev().find(|g| fits(g)) {
            Some(g) => g.push(ci),
            None => groups.push(vec![ci]),
        }
    }

    let mut out = Vec::new();
    for g in groups.into_iter().filter(|g| g.len() >= 2) {
        let members: Vec<&Claim> = g.iter().map(|&k| &claims[k]).collect();
        let first = members[0];
        let (p0, p1) = (
            members.iter().map(|c| c.para).min().unwrap_or(0),
            members.iter().map(|c| c.para).max().unwrap_or(0),
        );
        let ys: Vec<i32> = members.iter().filter_map(|c| c.member.year).collect();
        let years = match (ys.iter().min(), ys.iter().max()) {
            (Some(a), Some(b)) if a == b => Some(format!("{a}")),
            (Some(a), Some(b)) => Some(format!("{a}–{b}")),
            _ => None,
        };
        // the place all members' paragraphs name (the nearest place before a figure is only a
        // hint, so it never splits a group; it is reported when they share it)
        let place = first.place.clone().filter(|p| members.iter().all(|c| c.place.as_ref() == Some(p)));
        let unit = first.member.unit.clone().unwrap_or_else(|| "-".to_string());
        let mut about = format!("{} · {}", first.family, unit);
        if let Some(y) = &years {
            about.push_str(&format!(" · {y}"));
        }
        if let Some(p) = &place {
            about.push_str(&format!(" · {p}"));
        }
        let mut measures: Vec<&str> = members.iter().filter_map(|c| c.member.measure.as_deref()).collect();
        measures.sort();
        measures.dedup();
        let mut reasons = vec![
            format!("same measure ({}: {})", first.family, measures.join(", ")),
            format!("same unit ({unit})"),
        ];
        if let Some(y) = &years {
            reasons.push(format!("dates within {MAX_YEAR_GAP} year ({y})"));
        }
        if let Some(p) = &place {
            reasons.push(format!("same place ({p})"));
        }
        reasons.push(if p0 == p1 {
            format!("same paragraph ({p0})")
        } else {
            format!("nearby paragraphs ({p0}–{p1})")
        });
        // disputed: two figures for the same measure and group that do not overlap
        let mut disputed = false;
        'pairs: for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                let (ma, mb) = (&a.member, &b.member);
                // shares of different (unnamed) groups are no rival figures: «۹ درصد» and
                // «۹۱ درصد» of one census; only counts of losses are compared without a group
                if ma.measure != mb.measure
                    || ma.group != mb.group
                    || (ma.group.is_none() && a.family != "casualties")
                {
                    continue;
                }
                let (x, y) = (interval(ma), interval(mb));
                if x.1 < y.0 || y.1 < x.0 {
                    disputed = true;
                    reasons.push(format!(
                        "disputed: «{}» ({}: {}) and «{}» ({}: {}) do not overlap",
                        ma.text,
                        ma.source,
                        show(ma),
                        mb.text,
                        mb.source,
                        show(mb)
                    ));
                    break 'pairs;
                }
            }
        }
        for c in &members {
            if matches!(c.member.stance.as_str(), "claims" | "disputes") {
                disputed = true;
                reasons.push(format!(
                    "disputed: the text marks «{}» ({}) as {}",
                    c.member.text, c.member.source, c.member.stance
                ));
                break;
            }
        }
        let lo = starts[p0.saturating_sub(1)];
        let hi = starts.get(p1 + 1).copied().unwrap_or(original.len());
        if let Some(s) = contested.iter().find(|s| s.start >= lo && s.end <= hi) {
            disputed = true;
            reasons.push(format!("disputed: the text says «{}»", &original[s.range()]));
        }
        out.push(ClaimGroup {
            id: format!("claim-{}", first.member.annotation),
            about,
            disputed,
            reasons,
            members: members.iter().map(|c| c.member.clone()).collect(),
        });
    }
    out
}

/// Original spans of the phrases that contest a figure.
fn contested_spans(original: &str) -> Vec<Span> {
    let doc = sanad_text::Analyzed::new(original, &sanad_text::NormalizeOptions::for_extraction());
    sanad_figures::contesting_phrases(&doc)
}

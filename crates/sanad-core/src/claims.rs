//! Claims and claim groups.
//!
//! A claim joins what is said (a quantity), about what (what it measures, the group or side
//! counted, the dates and place of its paragraph), by whom (the attribution whose claimed
//! words contain it, else the document's author from its byline) and where (span).
//!
//! Like is compared with like. A group holds figures of ONE measure (killed, wounded and
//! displaced are different things), ONE side («۱۲۶ آذری» and «۲۱۸ ارمنی» never share a group; a
//! figure with no side written joins a side only when exactly one is in reach), one unit, close
//! years and nearby paragraphs. A group is disputed when two of its members speak of the same
//! event (overlapping dates, same place, where known) and give values that do not overlap, and
//! they come from different sources — or from one source giving a spread («ده ها و حتا صدها»)
//! — or when the text contests a member. Nothing is ever chosen between members: every member
//! keeps its source, and every group says why its members were joined (`reasons`).

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
/// How many pairs of rival figures a group lists in its reasons.
const MAX_RIVAL_REASONS: usize = 4;
/// Years further apart than this are different events.
const MAX_YEAR_GAP: i32 = 1;

struct Claim {
    member: ClaimMember,
    para: usize,
    /// Start of the sentence the figure is in (original bytes).
    sentence: usize,
    place: Option<String>,
    /// The interval of the date the figure's paragraph speaks of: (y, m, d) first and last.
    dates: Option<(Ymd, Ymd)>,
    measure: String,
    /// The side counted, canonical («ارمنیان» → «Armenian»).
    side: Option<String>,
}

type Ymd = (i32, u32, u32);
/// A date mention: where, its first year, its interval.
type Dated = (usize, i32, Option<(Ymd, Ymd)>);

fn ymd(iso: &str) -> Option<Ymd> {
    let (neg, rest) = match iso.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, iso),
    };
    let mut it = rest.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    Some((if neg { -y } else { y }, m, d))
}

/// The side a figure counts, by its canonical group (`data/figures/groups.tsv`), so
/// «ارمنیان», «ارامنه» and «ارمنی» are one side; the words themselves when no group is known.
fn side_key(group: &str) -> String {
    sanad_figures::group_key(group).unwrap_or_else(|| group.trim().replace('\u{200c}', ""))
}

/// Where a sentence begins, for the byte `at`.
fn sentence_start(original: &str, at: usize) -> usize {
    original[..at].rfind(['.', '!', '?', '؟', '\n']).map_or(0, |i| i + 1)
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
/// `contested`: the original spans of the phrases that contest a figure
/// ([`sanad_figures::FigureText::contesting_phrases`]).
pub fn group_claims(original: &str, annotations: &[Annotation], contested: &[Span]) -> Vec<ClaimGroup> {
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
    let mut years: Vec<Dated> = annotations
        .iter()
        .filter_map(|a| match &a.payload {
            Payload::Date(d) if d.document_date != Some(true) => {
                Some((a.start, iso_year(&d.start)?, ymd(&d.start).zip(ymd(&d.end))))
            }
            _ => None,
        })
        .collect();
    if years.is_empty() {
        years = bare_years(original, &quantity_spans).into_iter().map(|(p, y)| (p, y, None)).collect();
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
        let dated = years
            .iter()
            .rev()
            .find(|(p, _, _)| *p >= para_start && *p < a.start)
            .or_else(|| years.iter().find(|(p, _, _)| *p > a.end && para_of(&starts, *p) == para))
            .or_else(|| years.iter().rev().find(|(p, _, _)| *p >= window_start && *p < para_start));
        let year = dated.map(|(_, y, _)| *y);
        let dates = dated.and_then(|(_, _, d)| *d);
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
            sentence: sentence_start(original, a.start),
            place,
            dates,
            measure: measure.to_string(),
            side: q.group.as_deref().map(side_key),
        });
    }

    let groups = join(&claims);
    // a contesting phrase speaks of the nearest figure before it in its paragraph, else of
    // the first figure after it (in its paragraph or the next two: «شمار کشته شدگان … به
    // درستی اعلام نشده است» before the figures)
    let mut contested_member: Vec<Option<Span>> = vec![None; claims.len()];
    for s in contested {
        let para = para_of(&starts, s.start);
        let before = claims.iter().rposition(|c| c.para == para && c.member.end <= s.start);
        let after = || claims.iter().position(|c| c.member.start >= s.end && c.para <= para + 2);
        if let Some(k) = before.or_else(after) {
            contested_member[k].get_or_insert(*s);
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
        let side = members.iter().find_map(|c| c.side.clone());
        let unit = first.member.unit.clone().unwrap_or_else(|| "-".to_string());
        let mut about = format!("{} · {}", first.measure, unit);
        if let Some(sd) = &side {
            about.push_str(&format!(" · {sd}"));
        }
        if let Some(y) = &years {
            about.push_str(&format!(" · {y}"));
        }
        if let Some(p) = &place {
            about.push_str(&format!(" · {p}"));
        }
        let mut reasons = vec![format!("same measure ({})", first.measure), format!("same unit ({unit})")];
        if let Some(sd) = &side {
            reasons
                .push(format!("same side ({sd}; figures with no side written join the only side in reach)"));
        }
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
        // every pair of rival figures is listed (a few at most), none is preferred
        let mut disputed = false;
        let mut rivals = 0;
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                let Some(why) = rival(a, b) else { continue };
                disputed = true;
                rivals += 1;
                if rivals <= MAX_RIVAL_REASONS {
                    let (ma, mb) = (&a.member, &b.member);
                    reasons.push(format!(
                        "disputed: «{}» ({}: {}) and «{}» ({}: {}) do not overlap ({why})",
                        ma.text,
                        ma.source,
                        show(ma),
                        mb.text,
                        mb.source,
                        show(mb)
                    ));
                }
            }
        }
        for c in &members {
            if matches!(c.member.stance.as_str(), "claims" | "disputes") {
                disputed = true;
                let how = if c.member.stance == "claims" { "an allegation" } else { "contested" };
                reasons.push(format!(
                    "disputed: the text marks «{}» ({}) as {how}",
                    c.member.text, c.member.source
                ));
                break;
            }
        }
        if let Some((k, s)) = g.iter().find_map(|&k| contested_member[k].map(|s| (k, s))) {
            disputed = true;
            reasons.push(format!(
                "disputed: the text says «{}» of «{}»",
                &original[s.range()],
                claims[k].member.text
            ));
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

/// Greedy grouping in text order: a figure joins the latest compatible group of its measure,
/// unit and side; a figure with no side written joins a side group only when exactly one is in
/// reach (else the group of figures without a side).
fn join(claims: &[Claim]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let side_of = |g: &Vec<usize>| g.iter().find_map(|&k| claims[k].side.clone());
    for (ci, c) in claims.iter().enumerate() {
        let fits = |g: &Vec<usize>| {
            let last = &claims[*g.last().unwrap_or(&ci)];
            let first = &claims[g[0]];
            first.measure == c.measure
                && first.member.unit == c.member.unit
                && c.para.saturating_sub(last.para) <= MAX_PARAGRAPH_GAP
                && g.iter().all(|&k| match (claims[k].member.year, c.member.year) {
                    (Some(a), Some(b)) => (a - b).abs() <= MAX_YEAR_GAP,
                    _ => true,
                })
        };
        let pick = match &c.side {
            Some(sd) => groups.iter().rposition(|g| fits(g) && side_of(g).map_or(true, |s| &s == sd)),
            None => {
                let sided: Vec<usize> = (0..groups.len())
                    .filter(|&k| fits(&groups[k]) && side_of(&groups[k]).is_some())
                    .collect();
                let unsided = groups.iter().rposition(|g| fits(g) && side_of(g).is_none());
                match (unsided, sided.as_slice()) {
                    (Some(u), _) => Some(u),
                    (None, [only]) => Some(*only),
                    _ => None,
                }
            }
        };
        match pick {
            Some(k) => groups[k].push(ci),
            None => groups.push(vec![ci]),
        }
    }
    groups
}

/// Why two members of a group are rival figures for the same thing, or `None`: the same
/// side (or one without a side in a one-sided group), the same event (dates that overlap and
/// the same place, where known), values that do not overlap, and different sources or one
/// source giving a spread in one sentence.
fn rival(a: &Claim, b: &Claim) -> Option<&'static str> {
    let (ma, mb) = (&a.member, &b.member);
    if a.side.is_some() && b.side.is_some() && a.side != b.side {
        return None;
    }
    // shares of unnamed groups are no rival figures («۹ درصد» and «۹۱ درصد» of one census)
    if a.side.is_none() && b.side.is_none() && ma.unit.as_deref() == Some("percent") {
        return None;
    }
    if let (Some((a0, a1)), Some((b0, b1))) = (a.dates, b.dates) {
        if a1 < b0 || b1 < a0 {
            return None;
        }
    }
    if let (Some(pa), Some(pb)) = (&a.place, &b.place) {
        if pa != pb {
            return None;
        }
    }
    let (x, y) = (interval(ma), interval(mb));
    if !(x.1 < y.0 || y.1 < x.0) {
        return None;
    }
    if ma.source != mb.source {
        Some("different sources on the same event")
    } else if a.sentence == b.sentence {
        Some("one source gives a spread")
    } else {
        None
    }
}

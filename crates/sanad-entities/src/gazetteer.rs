//! The gazetteer: entries of `data/gazetteer/*.jsonl`, parsed once.
//!
//! One JSON object per line (see `data/gazetteer/SCHEMA.md`): a stable `id`, a `type`, an English
//! `canonical` name, an optional `wikidata` id, `coord` `[lat, lon]` for places, `from`/`to` (the
//! years the entity existed or lived), `roles`, plain Persian forms in `fa`, and `names`, each
//! with its `lang`, `used_by` and period. Mechanical Persian variants (plural and adjective forms
//! of ethnonyms, with `inflect`) are generated here; spacing, half-space and ezafe variants need
//! no listing because the matching key ignores them (see [`crate::key`]).

use serde::{Deserialize, Serialize};

/// The gazetteer files, one source of truth, bundled into the binary.
const FILES: &[(&str, &str)] = &[
    ("places.jsonl", include_str!("../../../data/gazetteer/places.jsonl")),
    ("people.jsonl", include_str!("../../../data/gazetteer/people.jsonl")),
    ("organizations.jsonl", include_str!("../../../data/gazetteer/organizations.jsonl")),
    ("events.jsonl", include_str!("../../../data/gazetteer/events.jsonl")),
    ("groups.jsonl", include_str!("../../../data/gazetteer/groups.jsonl")),
];

/// One name of an entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Name {
    pub text: String,
    /// `fa`, `en`, `hy` (Armenian, Latin transliteration), `az`, `ru`, `ka`, `tr`.
    #[serde(default = "fa")]
    pub lang: String,
    /// Who uses this name (e.g. `Azerbaijan`, `Armenia`, `Soviet Union`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
    /// The form names other entries too; the date context or `default` chooses.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
    /// Among the entries sharing an ambiguous form, the one taken when nothing else decides.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// Words (keys compared) that, right after the form, show it is not this name
    /// («ترک کردند»: "left", not "Turk").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_followed_by: Vec<String>,
    /// Words that, right before the form, show it is not this name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_preceded_by: Vec<String>,
    /// If set, the form is this name only right after one of these words («پادشاهان وان»:
    /// Urartu, not the town of Van).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preceded_by: Vec<String>,
}

fn fa() -> String {
    "fa".to_string()
}

#[derive(Deserialize)]
struct RawEntry {
    id: String,
    #[serde(rename = "type")]
    entity_type: String,
    canonical: String,
    #[serde(default)]
    wikidata: Option<String>,
    #[serde(default)]
    coord: Option<[f64; 2]>,
    #[serde(default)]
    from: Option<i32>,
    #[serde(default)]
    to: Option<i32>,
    #[serde(default)]
    days: Option<[String; 2]>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    inflect: Option<String>,
    #[serde(default)]
    fa: Vec<String>,
    #[serde(default)]
    names: Vec<Name>,
    #[serde(default)]
    note: Option<String>,
}

/// One entity of the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    /// person, location, organization, event, treaty, ethnic_group, work, other
    pub entity_type: String,
    pub canonical: String,
    pub wikidata: Option<String>,
    /// WGS84 `[lat, lon]`.
    pub coord: Option<[f64; 2]>,
    /// Years the entity existed (a state, a name's referent) or lived (a person).
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// An event's first and last day (Gregorian year, month, day), where it is known to the day:
    /// «یک هفته پس از قتل عام خوجالی» counts from it.
    pub days: Option<[(i32, u8, u8); 2]>,
    pub roles: Vec<String>,
    /// Every name, the generated Persian variants included.
    pub names: Vec<Name>,
    pub note: Option<String>,
    /// Which file and line it came from (for error messages).
    pub source: String,
}

impl Entry {
    /// Did the entity exist (or its name apply) in `year`?
    pub fn covers(&self, year: i32) -> bool {
        covers(self.from, self.to, year)
    }
}

/// Is `year` within `from..=to` (open ends allowed)?
pub fn covers(from: Option<i32>, to: Option<i32>, year: i32) -> bool {
    from.map_or(true, |f| f <= year) && to.map_or(true, |t| year <= t)
}

impl Name {
    /// The period of this name if it has one.
    pub fn has_period(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// Suffixes of plural and adjective forms generated for `inflect: "ethnonym"`.
const ETHNONYM_SUFFIXES: &[&str] = &["ها", "های", "هایی"];

/// Generate the mechanical Persian variants of an entry's forms.
fn inflect(names: &mut Vec<Name>, how: &str) {
    if how != "ethnonym" {
        return;
    }
    let bases: Vec<Name> = names.iter().filter(|n| n.lang == "fa").cloned().collect();
    for base in bases {
        let mut add = |text: String| {
            if !names.iter().any(|n| n.text == text) {
                // Plurals are unambiguous: «ترک‌ها» is never "leaving", so no context rules.
                names.push(Name {
                    text,
                    not_followed_by: Vec::new(),
                    not_preceded_by: Vec::new(),
                    preceded_by: Vec::new(),
                    ..base.clone()
                });
            }
        };
        for suf in ETHNONYM_SUFFIXES {
            add(format!("{}\u{200C}{}", base.text, suf));
        }
        // «ارمنی» → «ارمنیان»; «روس» → «روسان» is not used, so only after «ی».
        if base.text.ends_with('ی') {
            add(format!("{}ان", base.text));
        }
    }
}

/// An error in a gazetteer file: which file, which line, what.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gazetteer {}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GazetteerError {}

/// Parse gazetteer JSON Lines (blank lines and lines starting with `//` are skipped).
pub fn parse(file: &str, text: &str) -> Result<Vec<Entry>, GazetteerError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let err = |message: String| GazetteerError { file: file.to_string(), line: n + 1, message };
        let raw: RawEntry = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let mut names: Vec<Name> = raw
            .fa
            .into_iter()
            .map(|text| Name {
                text,
                lang: fa(),
                used_by: None,
                from: None,
                to: None,
                ambiguous: false,
                default: false,
                not_followed_by: Vec::new(),
                not_preceded_by: Vec::new(),
                preceded_by: Vec::new(),
            })
            .collect();
        names.extend(raw.names);
        if let Some(how) = &raw.inflect {
            inflect(&mut names, how);
        }
        let days = match &raw.days {
            None => None,
            Some([a, b]) => {
                let (Some(first), Some(last)) = (iso_day(a), iso_day(b)) else {
                    return Err(err(format!("days {a:?}, {b:?}: not two YYYY-MM-DD dates")));
                };
                let in_years = |y: i32| covers(raw.from, raw.to, y);
                if first > last || !in_years(first.0) || !in_years(last.0) {
                    return Err(err(format!("days {a} to {b}: not in order, or outside its years")));
                }
                Some([first, last])
            }
        };
        out.push(Entry {
            id: raw.id,
            entity_type: raw.entity_type,
            canonical: raw.canonical,
            wikidata: raw.wikidata,
            coord: raw.coord,
            from: raw.from,
            to: raw.to,
            days,
            roles: raw.roles,
            names,
            note: raw.note,
            source: format!("{file}:{}", n + 1),
        });
    }
    Ok(out)
}

/// `YYYY-MM-DD` as (year, month, day), the month and day in range.
fn iso_day(s: &str) -> Option<(i32, u8, u8)> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    (parts.next().is_none() && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// The bundled gazetteer.
pub fn bundled() -> Result<Vec<Entry>, GazetteerError> {
    let mut all = Vec::new();
    for (file, text) in FILES {
        all.extend(parse(file, text)?);
    }
    Ok(all)
}

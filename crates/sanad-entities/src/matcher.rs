//! The matcher: one automaton over every name key, longest whole-word matches, date context for
//! shared forms, and the trained tagger for what the gazetteer does not know.

use crate::gazetteer::{self, Entry};
use crate::key::{name_key, KeyedText, HARD};
use crate::{EntityMention, EntityValue, YearContext};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use sanad_ner::{NerType, Tagger};
use sanad_text::{Analyzed, Span};
use std::cell::Cell;
use std::collections::HashMap;

/// Score of a gazetteer match whose form names one entry only.
const SCORE_UNIQUE: f32 = 0.9;
/// Score when a shared form was resolved by the dates around it.
const SCORE_BY_DATE: f32 = 0.75;
/// Score when a shared form fell back to its default entry.
const SCORE_BY_DEFAULT: f32 = 0.6;
/// The least tagger confidence for an entity no gazetteer entry confirms.
const MODEL_ONLY_MIN_SCORE: f32 = 0.9;
/// How far back (original bytes) a year still sets the context of a name.
const YEAR_WINDOW_BACK: usize = 4000;

/// One reading of a pattern: an entry and the name of it that has this key.
#[derive(Debug, Clone)]
struct Target {
    entry: u32,
    name: u32,
    /// Keys of the words that must not follow / precede the form.
    not_followed_by: Vec<String>,
    not_preceded_by: Vec<String>,
    preceded_by: Vec<String>,
}

/// Gazetteer + model; build once, use for many documents.
#[derive(Debug)]
pub struct EntityFinder {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// Anchored, leftmost-longest: run at each word start.
    automaton: AhoCorasick,
    /// Which first two characters a name can start with (see [`pair_index`]): a cheap filter
    /// before the automaton at each word start.
    first_pairs: Vec<u64>,
    /// Which first three characters a name of exactly three can start with, and which first
    /// four a longer name (hashed, 16 KiB each): with the pairs (names of one or two
    /// characters), the filter lets through far fewer word starts than pairs alone (three
    /// quarters of them), and the automaton is not run at the others, where it would find
    /// nothing.
    first_triples: Vec<u64>,
    first_quads: Vec<u64>,
    /// Pattern id of each key, for the shorter names inside a longest match that ends mid-word.
    pattern_of: HashMap<String, usize>,
    /// The readings of each automaton pattern.
    targets: Vec<Vec<Target>>,
    tagger: &'static Tagger,
}

impl Default for EntityFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl EntityFinder {
    /// Parse the bundled gazetteer and build the automaton. The gazetteer is part of the binary
    /// and checked by the crate's tests, so a parse error here is a build defect: it panics with
    /// the file and line.
    pub fn new() -> EntityFinder {
        let entries = gazetteer::bundled().unwrap_or_else(|e| panic!("{e}"));
        Self::from_entries(entries)
    }

    /// Build a finder over the given entries (tests, custom gazetteers).
    pub fn from_entries(entries: Vec<Entry>) -> EntityFinder {
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut by_id = HashMap::new();
        for (ei, e) in entries.iter().enumerate() {
            by_id.insert(e.id.clone(), ei);
            for (ni, n) in e.names.iter().enumerate() {
                let k = name_key(&n.text);
                if k.is_empty() || k.as_bytes()[0] == HARD || k.ends_with(HARD as char) {
                    continue;
                }
                let pi = *pattern_of.entry(k.clone()).or_insert_with(|| {
                    patterns.push(k);
                    targets.push(Vec::new());
                    patterns.len() - 1
                });
                if targets[pi].iter().any(|t| t.entry as usize == ei) {
                    continue; // another spelling of the same entry with the same key
                }
                targets[pi].push(Target {
                    entry: ei as u32,
                    name: ni as u32,
                    not_followed_by: n.not_followed_by.iter().map(|w| name_key(w)).collect(),
                    not_preceded_by: n.not_preceded_by.iter().map(|w| name_key(w)).collect(),
                    preceded_by: n.preceded_by.iter().map(|w| name_key(w)).collect(),
                });
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("gazetteer automaton");
        let mut first_pairs = vec![0u64; 65536 / 64];
        let mut first_triples = vec![0u64; TRIPLE_BITS / 64];
        let mut first_quads = vec![0u64; TRIPLE_BITS / 64];
        for p in &patterns {
            let mut chars = p.chars().map(char_byte);
            let a = chars.next().unwrap_or(0);
            match (chars.next(), chars.next(), chars.next()) {
                (Some(b), Some(c), Some(d)) => set_bit(&mut first_quads, quad_index(a, b, c, d)),
                (Some(b), Some(c), None) => set_bit(&mut first_triples, triple_index(a, b, c)),
                (Some(b), None, _) => set_bit(&mut first_pairs, pair_index(a, b)),
                _ => (0..=255u8).for_each(|b| set_bit(&mut first_pairs, pair_index(a, b))),
            }
        }
        EntityFinder {
            entries,
            by_id,
            automaton,
            first_pairs,
            first_triples,
            first_quads,
            pattern_of,
            targets,
            tagger: Tagger::bundled(),
        }
    }

    /// All entries of the gazetteer.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Entity mentions of a document, in text order, with ORIGINAL byte spans.
    pub fn find(&self, doc: &Analyzed, years: &[YearContext]) -> Vec<EntityMention> {
        let years = Years::new(years);
        let mut found = with_keyed(doc.normalized(), |keyed| self.gazetteer_mentions(doc, keyed, &years));
        self.add_model_mentions(doc, &years, &mut found);
        found.sort_by_key(|m| (m.span.start, m.span.end));
        found
    }

    /// Only the gazetteer matches (no tagger): what [`EntityFinder::find`] links, without the
    /// model's unlinked additions. For benchmarks and callers that want linked mentions only.
    pub fn find_in_gazetteer(&self, doc: &Analyzed, years: &[YearContext]) -> Vec<EntityMention> {
        let years = Years::new(years);
        with_keyed(doc.normalized(), |keyed| self.gazetteer_mentions(doc, keyed, &years))
    }

    fn gazetteer_mentions(&self, doc: &Analyzed, keyed: &KeyedText, years: &Years) -> Vec<EntityMention> {
        // Names start at word starts only: one anchored longest-match search at each (after
        // a match, from its end on).
        let mut out = Vec::new();
        let mut next = 0;
        for &start in &keyed.word_starts {
            let k = start as usize;
            if k < next || !self.may_start_at(&keyed.key, k) {
                continue;
            }
            let input = Input::new(&keyed.key).range(k..).anchored(Anchored::Yes);
            let Some(m) = self.automaton.find(input) else {
                continue;
            };
            let Some((e, p)) = self.accept(keyed, k, m.end(), m.pattern().as_usize()) else {
                continue;
            };
            let s = k;
            next = e;
            let readings: Vec<&Target> =
                self.targets[p].iter().filter(|t| context_allows(t, keyed, s, e)).collect();
            let span = doc.to_original(keyed.source_range(s, e));
            let (target, score) = self.choose(&readings, doc.original(), span, years);
            let entry = &self.entries[target.entry as usize];
            let name = &entry.names[target.name as usize];
            out.push(EntityMention {
                span,
                value: EntityValue {
                    entity_type: entry.entity_type.clone(),
                    id: Some(entry.id.clone()),
                    canonical: Some(entry.canonical.clone()),
                    name_used_by: name.used_by.clone(),
                    score,
                    origin: "gazetteer".to_string(),
                },
            });
        }
        out
    }

    /// Can a name start at key byte `k` (a char boundary), judging by its first two to four
    /// characters? (No: then the automaton would find nothing there.)
    #[inline]
    fn may_start_at(&self, key: &str, k: usize) -> bool {
        let mut chars = key[k..].chars().map(char_byte);
        let (Some(a), Some(b)) = (chars.next(), chars.next()) else { return true };
        let i = pair_index(a, b);
        if self.first_pairs[i / 64] & (1 << (i % 64)) != 0 {
            return true;
        }
        // Only a name of three characters or more can start here.
        let Some(c) = chars.next() else { return false };
        let i = triple_index(a, b, c);
        if self.first_triples[i / 64] & (1 << (i % 64)) != 0 {
            return true;
        }
        let Some(d) = chars.next() else { return false };
        let i = quad_index(a, b, c, d);
        self.first_quads[i / 64] & (1 << (i % 64)) != 0
    }

    /// The name to take at word start `s`, given the longest pattern `p` there ending at `e`:
    /// that one if it ends a word (or only a glued ending follows) and its context allows it,
    /// else the longest shorter name ending at a word boundary inside it.
    fn accept(&self, keyed: &KeyedText, s: usize, e: usize, p: usize) -> Option<(usize, usize)> {
        let allowed = |p: usize, e: usize| {
            !split_function_word(keyed, s, e)
                && self.targets[p].iter().any(|t| context_allows(t, keyed, s, e))
        };
        if (keyed.is_boundary(e) || glued_tail_ok(keyed, s, e)) && allowed(p, e) {
            return Some((e, p));
        }
        (s + 1..e).rev().filter(|&b| keyed.is_boundary(b)).find_map(|b| {
            let p = *self.pattern_of.get(&keyed.key[s..b])?;
            allowed(p, b).then_some((b, p))
        })
    }

    /// Pick among the entries a form may name: the one whose period (and whose name's period)
    /// holds the year the text speaks of there, else the default.
    fn choose<'t>(
        &self,
        readings: &[&'t Target],
        original: &str,
        span: Span,
        years: &Years,
    ) -> (&'t Target, f32) {
        if readings.len() == 1 {
            return (readings[0], SCORE_UNIQUE);
        }
        // A reading that asked for the word before it, and got it, is the specific one.
        if let Some(t) = readings.iter().find(|t| !t.preceded_by.is_empty()) {
            return (t, SCORE_UNIQUE);
        }
        if let Some(year) = context_year(original, span, years) {
            // The period of the name where it has one (the years a shared form names this
            // entry), else the years the entry existed.
            let fits = |t: &&&Target| {
                let e = &self.entries[t.entry as usize];
                let n = &e.names[t.name as usize];
                if n.has_period() {
                    gazetteer::covers(n.from, n.to, year)
                } else {
                    e.covers(year)
                }
            };
            if let Some(t) = readings.iter().find(fits) {
                return (t, SCORE_BY_DATE);
            }
        }
        let t = readings
            .iter()
            .find(|t| self.entries[t.entry as usize].names[t.name as usize].default)
            .unwrap_or(&readings[0]);
        (t, SCORE_BY_DEFAULT)
    }

    /// Add the tagger's entities: those overlapping a gazetteer mention confirm it (origin
    /// `both`), the others are kept unlinked with their type (origin `model`).
    fn add_model_mentions(&self, doc: &Analyzed, years: &Years, found: &mut Vec<EntityMention>) {
        let norm = doc.normalized();
        let tokens = doc.tokens();
        let mut words: Vec<&str> = Vec::new();
        let mut first = 0;
        let gazetteer_count = found.len();
        // Gazetteer mentions come in text order and never overlap, so their ends are sorted
        // too: the one a chunk may overlap is found by binary search (a linear scan per chunk
        // made a long document quadratic).
        debug_assert!(found.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        for sentence in doc.sentences() {
            while first < tokens.len() && tokens[first].span.start < sentence.start {
                first += 1;
            }
            let mut last = first;
            while last < tokens.len() && tokens[last].span.end <= sentence.end {
                last += 1;
            }
            if last == first {
                continue;
            }
            let sent_tokens = &tokens[first..last];
            words.clear();
            words.extend(sent_tokens.iter().map(|t| &norm[t.span.range()]));
            for chunk in self.tagger.chunks(&words) {
                if chunk.words.is_empty() || chunk.words.end > sent_tokens.len() {
                    continue;
                }
                let start = sent_tokens[chunk.words.start].span.start;
                let end = sent_tokens[chunk.words.end - 1].span.end;
                let span = doc.to_original(start..end);
                let first = found[..gazetteer_count].partition_point(|m| m.span.end <= span.start);
                let confirmed = found[first..gazetteer_count].first_mut().filter(|m| m.span.overlaps(span));
                match confirmed {
                    Some(m) => {
                        m.value.origin = "both".to_string();
                        m.value.score = 1.0 - (1.0 - m.value.score) * (1.0 - chunk.score);
                    }
                    None if chunk.score < MODEL_ONLY_MIN_SCORE
                        || years.overlaps(span)
                        || norm[start..end].bytes().any(|b| b.is_ascii_digit()) =>
                    {
                        // Unsure, or a date the tagger took for a name: not kept.
                    }
                    None => found.push(EntityMention {
                        span,
                        value: EntityValue {
                            entity_type: model_type(chunk.ty).to_string(),
                            id: None,
                            canonical: None,
                            name_used_by: None,
                            score: chunk.score,
                            origin: "model".to_string(),
                        },
                    }),
                }
            }
            first = last;
        }
    }
}

thread_local! {
    /// The keyed text's buffers, kept from one document to the next on this thread: fresh
    /// buffers for every document cost their page faults every time.
    static KEYED: Cell<Option<KeyedText>> = const { Cell::new(None) };
}

/// `f` of the keyed text of `text`, built in this thread's buffers.
fn with_keyed<T>(text: &str, f: impl FnOnce(&KeyedText) -> T) -> T {
    let mut keyed = KEYED.take().unwrap_or_default();
    keyed.build(text);
    let out = f(&keyed);
    KEYED.set(Some(keyed));
    out
}

/// A character folded to one byte for the first-pair filter (collisions only let more through).
#[inline]
fn char_byte(c: char) -> u8 {
    (c as u32 & 0xFF) as u8
}

#[inline]
fn pair_index(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

const TRIPLE_BITS: usize = 1 << 17;

#[inline]
fn triple_index(a: u8, b: u8, c: u8) -> usize {
    let x = (a as u32) << 16 | (b as u32) << 8 | c as u32;
    (x.wrapping_mul(0x9E37_79B1) >> (32 - TRIPLE_BITS.trailing_zeros())) as usize
}

#[inline]
fn quad_index(a: u8, b: u8, c: u8, d: u8) -> usize {
    let x = (a as u32) << 24 | (b as u32) << 16 | (c as u32) << 8 | d as u32;
    (x.wrapping_mul(0x85EB_CA6B) >> (32 - TRIPLE_BITS.trailing_zeros())) as usize
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

/// The annotation type of a tagger type.
fn model_type(ty: NerType) -> &'static str {
    match ty {
        NerType::Person => "person",
        NerType::Location => "location",
        NerType::Organization | NerType::Group => "organization",
        NerType::Event => "event",
        NerType::Nationality => "ethnic_group",
        NerType::Other => "other",
    }
}

/// Short words that never begin a name; with spaces ignored they could glue into one
/// («و ان» → «وان», «در بند» → «دربند»).
const FUNCTION_WORDS: &[&str] =
    &["و", "در", "به", "از", "که", "را", "با", "تا", "این", "آن", "ان", "یا", "بر", "هم", "نه", "می"];

/// Does a match spanning several words begin with a function word? (Titles may end with one:
/// «… و وضعیت کنونی آن».)
fn split_function_word(keyed: &KeyedText, s: usize, e: usize) -> bool {
    let Some(first_break) = (s + 1..e).find(|&k| keyed.is_boundary(k)) else {
        return false; // one word
    };
    FUNCTION_WORDS.contains(&&keyed.key[s..first_break])
}

/// Endings glued to a name that leave it a name: the copula «ـست» («مرکز آن باکوست»).
const GLUED_TAILS: &[&str] = &["ست"];

/// Does the word go on after key byte `e` with only an ending from [`GLUED_TAILS`]? The name's
/// last word must be more than one letter, so «کرده است» is not «کردها» + «ست».
fn glued_tail_ok(keyed: &KeyedText, s: usize, e: usize) -> bool {
    let last_word = (s..e).rev().find(|&k| keyed.is_boundary(k)).map_or(0, |k| e - k);
    // «آمریکاست» is left out too: a name ending in «ا» before «ست» may be a split «است».
    last_word > 2 && !keyed.key[..e].ends_with('ا') && GLUED_TAILS.contains(&keyed.word_at(e))
}

/// Do the words around key range `s..e` allow this reading?
fn context_allows(t: &Target, keyed: &KeyedText, s: usize, e: usize) -> bool {
    if !t.not_followed_by.is_empty() {
        let next = keyed.word_at(e);
        if t.not_followed_by.iter().any(|w| w == next) {
            return false;
        }
    }
    if !t.not_preceded_by.is_empty() || !t.preceded_by.is_empty() {
        let prev = keyed.word_before(s);
        if t.not_preceded_by.iter().any(|w| w == prev) {
            return false;
        }
        if !t.preceded_by.is_empty() && !t.preceded_by.iter().any(|w| w == prev) {
            return false;
        }
    }
    true
}

/// The year the text speaks of at `span`: the nearest date in the same paragraph (either
/// side), else the nearest date before it within [`YEAR_WINDOW_BACK`] bytes.
fn context_year(original: &str, span: Span, years: &Years) -> Option<i32> {
    if years.sorted.is_empty() {
        return None;
    }
    // Paragraph bounds, looked for only as far as a year can be (no scan of the whole text).
    let lo = span.start.saturating_sub(YEAR_WINDOW_BACK);
    let lo = (lo..=span.start).find(|&i| original.is_char_boundary(i)).unwrap_or(span.start);
    let hi = (span.end + YEAR_WINDOW_BACK).min(original.len());
    let hi = (span.end..=hi).rev().find(|&i| original.is_char_boundary(i)).unwrap_or(span.end);
    let para_start = original[lo..span.start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let para_end = original[span.end..hi].find('\n').map_or(hi, |i| span.end + i);
    let distance = |y: &YearContext| {
        if y.span.end <= span.start {
            span.start - y.span.end
        } else {
            y.span.start.saturating_sub(span.end)
        }
    };
    // Only the years that can qualify, found by binary search on their starts (a scan of all
    // the document's years per name made a long document quadratic); same order as before.
    let in_para = years
        .starting_in(para_start, para_end + 1)
        .iter()
        .filter(|y| y.span.start >= para_start && y.span.end <= para_end)
        .min_by_key(|y| distance(y));
    if let Some(y) = in_para {
        return Some(y.year);
    }
    let from = span.start.saturating_sub(YEAR_WINDOW_BACK + years.max_len);
    years
        .starting_in(from, span.start + 1)
        .iter()
        .filter(|y| y.span.end <= span.start && span.start - y.span.end <= YEAR_WINDOW_BACK)
        .max_by_key(|y| y.span.end)
        .map(|y| y.year)
}

/// The years of a document, sorted by start (stable, so already sorted input keeps its order),
/// for range queries.
struct Years {
    sorted: Vec<YearContext>,
    /// The longest span.
    max_len: usize,
    /// The largest end among `sorted[..=i]`.
    max_end: Vec<usize>,
}

impl Years {
    fn new(years: &[YearContext]) -> Years {
        let mut sorted = years.to_vec();
        sorted.sort_by_key(|y| y.span.start);
        let max_len = sorted.iter().map(|y| y.span.len()).max().unwrap_or(0);
        let mut end = 0;
        let max_end = sorted
            .iter()
            .map(|y| {
                end = end.max(y.span.end);
                end
            })
            .collect();
        Years { sorted, max_len, max_end }
    }

    /// The years starting in `lo..hi`.
    fn starting_in(&self, lo: usize, hi: usize) -> &[YearContext] {
        let a = self.sorted.partition_point(|y| y.span.start < lo);
        let b = self.sorted.partition_point(|y| y.span.start < hi);
        &self.sorted[a..b.max(a)]
    }

    /// Does a year's span overlap `span`? Of the years starting before `span.end`, one
    /// overlaps iff one ends after `span.start`.
    fn overlaps(&self, span: Span) -> bool {
        let n = self.sorted.partition_point(|y| y.span.start < span.end);
        n > 0 && self.max_end[n - 1] > span.start
    }
}

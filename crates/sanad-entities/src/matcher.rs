//! The matcher: one byte trie over every name key, longest whole-word matches, date context for
//! shared forms, and the trained tagger for what the gazetteer does not know.

use crate::gazetteer::{self, Entry};
use crate::key::{name_key, KeyedText, HARD};
use crate::{EntityMention, EntityValue, YearContext};
use sanad_ner::{NerType, Tagger};
use sanad_text::{Analyzed, Span, TrieEdges};
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
    /// A byte trie of every name key, walked at the word starts where a short name may begin
    /// (see [`Trie`]).
    trie: Trie,
    /// Which names can start at a word start, by its first eight bytes (see [`StartFilter`]).
    starts: StartFilter,
    /// The readings of each pattern (name key).
    targets: Vec<Vec<Target>>,
    tagger: &'static Tagger,
}

impl Default for EntityFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl EntityFinder {
    /// Parse the bundled gazetteer and build the trie and start tables. The gazetteer is part of the binary
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
        let trie = Trie::new(&patterns);
        let starts = StartFilter::new(&patterns);
        EntityFinder { entries, by_id, trie, starts, targets, tagger: Tagger::bundled() }
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
        // Names start at word starts only: at each (after a match, from its end on) the names
        // that start there, shortest first, from the start tables or a walk of the trie.
        let mut out = Vec::new();
        let mut names = Vec::new();
        let mut next = 0;
        let key = &keyed.key[..];
        let mut readings: Vec<&Target> = Vec::new();
        for (w, start) in keyed.words.iter().enumerate() {
            let k = start.key as usize;
            if k < next {
                continue;
            }
            match self.starts.start(key, k) {
                Start::Nowhere => continue,
                Start::After8(group) => self.starts.names_in_group(key, k, group, &mut names),
                Start::Root => self.trie.names_from(key, k, &mut names),
            }
            let Some((e, p)) = self.accept(keyed, k, &names) else {
                continue;
            };
            let s = k;
            next = e;
            readings.clear();
            readings.extend(self.targets[p].iter().filter(|t| context_allows(t, keyed, s, e)));
            let span = doc.to_original(keyed.word_source_range(doc.normalized(), w, e));
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

    /// The name to take at word start `s`, given the names starting there (`(end, pattern)`,
    /// shortest first): the longest if it ends a word (or only a glued ending follows) and its
    /// context allows it, else the longest shorter name ending at a word boundary inside it.
    fn accept(&self, keyed: &KeyedText, s: usize, names: &[(u32, u32)]) -> Option<(usize, usize)> {
        let (&(e, p), shorter) = names.split_last()?;
        let (e, p) = (e as usize, p as usize);
        let allowed = |p: usize, e: usize| {
            !split_function_word(keyed, s, e)
                && self.targets[p].iter().any(|t| context_allows(t, keyed, s, e))
        };
        if (keyed.is_boundary(e) || glued_tail_ok(keyed, s, e)) && allowed(p, e) {
            return Some((e, p));
        }
        shorter
            .iter()
            .rev()
            .map(|&(b, p)| (b as usize, p as usize))
            .find(|&(b, p)| keyed.is_boundary(b) && allowed(p, b))
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

/// A byte trie of the name keys: the names that start at a key position, in one walk with no
/// set-up (what an anchored longest-match search of an Aho–Corasick automaton found, plus the
/// shorter names on the way, which [`EntityFinder::accept`] falls back on). Walked where a name
/// shorter than eight bytes may start; [`StartFilter`] answers for the others. The edges are
/// sanad-text's [`TrieEdges`], each key byte `b` standing as the char U+00`b`.
#[derive(Debug)]
struct Trie {
    edges: TrieEdges,
    /// Per node, the pattern that ends there, or [`TrieEdges::NONE`].
    pattern: Vec<u32>,
}

impl Trie {
    /// Nodes with more children than this get a dense row.
    const DENSE_FROM: usize = 8;

    fn new(patterns: &[String]) -> Trie {
        let mut kids: Vec<Vec<(char, u32)>> = vec![Vec::new()];
        let mut pattern = vec![TrieEdges::NONE];
        for (pi, p) in patterns.iter().enumerate() {
            let mut node = 0usize;
            for c in p.bytes().map(char::from) {
                node = match kids[node].iter().find(|&&(k, _)| k == c) {
                    Some(&(_, n)) => n as usize,
                    None => {
                        let n = kids.len();
                        kids[node].push((c, n as u32));
                        kids.push(Vec::new());
                        pattern.push(TrieEdges::NONE);
                        n
                    }
                };
            }
            pattern[node] = pi as u32;
        }
        Trie { edges: TrieEdges::new(kids, Self::DENSE_FROM, "gazetteer names"), pattern }
    }

    /// The names that start at `key[k..]`, as `(end, pattern)`, shortest first, into `out`.
    #[inline]
    fn names_from(&self, key: &[u8], k: usize, out: &mut Vec<(u32, u32)>) {
        out.clear();
        let mut node = 0;
        for (i, &b) in key[k..].iter().enumerate() {
            let Some(child) = self.edges.step(node, char::from(b)) else { return };
            node = child;
            let p = self.pattern[node as usize];
            if p != TrieEdges::NONE {
                out.push(((k + i + 1) as u32, p));
            }
        }
    }
}

/// Which names to try at a key byte, judged by the (up to) eight bytes there: a place no name
/// starts at is turned away with a few lookups in small tables, a place where a name shorter
/// than eight bytes may start is left to the trie, and elsewhere (names of eight bytes or
/// more, nearly all) the first eight bytes are looked up whole and give the few names that
/// start so.
///
/// Bytes are compared as one little-endian `u64` (zeros past the end of the key, which no name
/// contains), masked to the length of a shorter name.
#[derive(Debug)]
struct StartFilter {
    /// Per hashed first four bytes ([`StartFilter::PREFIX_BITS`]): bit `l - 4` (`l` in 4..8)
    /// if a name of `l` bytes starts so, bit 4 if one of eight or more.
    by_prefix: Vec<u8>,
    /// Hashed whole names shorter than eight bytes and the first eight bytes of the others
    /// ([`StartFilter::EXACT_BITS`]).
    exact: Vec<u64>,
    /// The first eight bytes of the longer names, their group (in [`StartFilter::groups`]) and
    /// the length of the shortest name in it, open addressing (key 0: empty slot; a key never
    /// starts with a zero byte).
    long: Vec<(u64, u32, u32)>,
    /// Per eight-byte start, its names (`tails[a..b]`, shortest first): compared whole from
    /// byte eight on, a few compact comparisons instead of a walk of the trie (whose nodes,
    /// far larger, are mostly out of cache in the full pipeline).
    groups: Vec<(u32, u32)>,
    tails: Vec<Tail>,
    /// The bytes of the names after their first eight.
    arena: Vec<u8>,
    /// Hashed first sixteen bytes of the names of sixteen bytes or more
    /// ([`StartFilter::EXACT_BITS`]): where all names past an eight-byte start are that long,
    /// most places that share only the start with one («جمهوری» with «جمهوریآذربایجان») are
    /// turned away without a walk.
    exact16: Vec<u64>,
    /// Bit `l` for the lengths `l < 4` of names (in practice a few three-letter Latin
    /// acronyms), checked at every word start whose first byte can begin one.
    tiny_lens: u8,
    tiny_first: [bool; 256],
}

/// A name of eight bytes or more: its bytes after the first eight are `arena[at..at + len - 8]`.
#[derive(Clone, Copy, Debug)]
struct Tail {
    at: u32,
    len: u32,
    pattern: u32,
}

/// Where [`StartFilter::start`] says the walk begins.
enum Start {
    /// No name starts here.
    Nowhere,
    /// Among the names of group `.0` (they share the first eight bytes).
    After8(u32),
    /// At the root (a name shorter than eight bytes may start here).
    Root,
}

impl StartFilter {
    const PREFIX_BITS: u32 = 14;
    const EXACT_BITS: u32 = 16;

    fn new(patterns: &[String]) -> StartFilter {
        // Slots for a load of about three quarters (a hit reads one or two slots of one cache
        // line; misses rarely reach the table): small, since it is read all over the text.
        let mut groups: HashMap<u64, Vec<usize>> = HashMap::new();
        for (pi, p) in patterns.iter().enumerate().filter(|(_, p)| p.len() >= 8) {
            groups.entry(load8(p.as_bytes(), 0)).or_default().push(pi);
        }
        let slots = (groups.len() * 4 / 3 + 1).next_power_of_two().max(64);
        let mut f = StartFilter {
            by_prefix: vec![0; 1 << Self::PREFIX_BITS],
            exact: vec![0; (1 << Self::EXACT_BITS) / 64],
            long: vec![(0, 0, 0); slots],
            exact16: vec![0; (1 << Self::EXACT_BITS) / 64],
            tiny_lens: 0,
            tiny_first: [false; 256],
            groups: Vec::new(),
            tails: Vec::new(),
            arena: Vec::new(),
        };
        // The names of each eight-byte start, shortest first, their other bytes in one arena
        // (in a fixed order: by start).
        let mut starts: Vec<(u64, Vec<usize>)> = groups.into_iter().collect();
        starts.sort_unstable();
        for (x, mut names) in starts {
            names.sort_by_key(|&pi| patterns[pi].len());
            let group = f.groups.len() as u32;
            f.groups.push((f.tails.len() as u32, (f.tails.len() + names.len()) as u32));
            for &pi in &names {
                let b = patterns[pi].as_bytes();
                f.tails.push(Tail { at: f.arena.len() as u32, len: b.len() as u32, pattern: pi as u32 });
                f.arena.extend_from_slice(&b[8..]);
            }
            let mut slot = f.long_slot(x);
            while f.long[slot].0 != 0 {
                slot = (slot + 1) & (f.long.len() - 1);
            }
            f.long[slot] = (x, group, patterns[names[0]].len() as u32);
        }
        for p in patterns {
            let b = p.as_bytes();
            let l = b.len().min(8);
            let x = load8(b, 0);
            let i = hash(x, l, Self::EXACT_BITS);
            f.exact[i / 64] |= 1 << (i % 64);
            if b.len() >= 16 {
                let i = hash16(x, load8(b, 8));
                f.exact16[i / 64] |= 1 << (i % 64);
            }
            if l < 4 {
                f.tiny_lens |= 1 << l;
                f.tiny_first[b[0] as usize] = true;
            } else {
                f.by_prefix[hash(x & mask(4), 4, Self::PREFIX_BITS)] |= 1 << (l - 4);
            }
        }
        f
    }

    /// The names of `group` that start at `key[k..]` (whose first eight bytes they share), as
    /// `(end, pattern)`, shortest first, into `out`: what the trie walk would list.
    #[inline]
    fn names_in_group(&self, key: &[u8], k: usize, group: u32, out: &mut Vec<(u32, u32)>) {
        out.clear();
        let (a, b) = self.groups[group as usize];
        let rest = &key[k + 8..];
        for t in &self.tails[a as usize..b as usize] {
            let tail = &self.arena[t.at as usize..][..t.len as usize - 8];
            if rest.starts_with(tail) {
                out.push(((k + t.len as usize) as u32, t.pattern));
            }
        }
    }

    #[inline]
    fn long_slot(&self, x: u64) -> usize {
        hash(x, 8, self.long.len().trailing_zeros())
    }

    #[inline]
    fn has(&self, x: u64, l: usize) -> bool {
        let i = hash(x & mask(l), l, Self::EXACT_BITS);
        self.exact[i / 64] & (1 << (i % 64)) != 0
    }

    /// Where the walk for the names at key byte `k` begins.
    #[inline]
    fn start(&self, key: &[u8], k: usize) -> Start {
        let x = load8(key, k);
        let tiny = self.tiny_first[(x & 0xFF) as usize];
        let mut lens = self.by_prefix[hash(x & mask(4), 4, Self::PREFIX_BITS)];
        // Most word starts begin no name: one branch for them, with the tests combined without
        // branches (each alone is a coin toss to the branch predictor).
        if !(tiny | (lens & 0xF != 0) | ((lens & 0x10 != 0) & self.has(x, 8))) {
            return Start::Nowhere;
        }
        if tiny {
            let mut lens = self.tiny_lens;
            while lens != 0 {
                if self.has(x, lens.trailing_zeros() as usize) {
                    return Start::Root;
                }
                lens &= lens - 1;
            }
        }
        // Names of four to seven bytes: the walk from the root finds the longer ones too.
        while lens & 0xF != 0 {
            if self.has(x, lens.trailing_zeros() as usize + 4) {
                return Start::Root;
            }
            lens &= lens - 1;
        }
        // The bit (in cache) turns most places away before the table (often not) is read.
        if lens == 0 || !self.has(x, 8) {
            return Start::Nowhere;
        }
        let mut slot = self.long_slot(x);
        loop {
            match self.long[slot] {
                (0, _, _) => return Start::Nowhere,
                (y, group, shortest) if y == x => {
                    if shortest >= 16 {
                        let i = hash16(x, load8(key, k + 8));
                        if self.exact16[i / 64] & (1 << (i % 64)) == 0 {
                            return Start::Nowhere;
                        }
                    }
                    return Start::After8(group);
                }
                _ => slot = (slot + 1) & (self.long.len() - 1),
            }
        }
    }
}

/// The eight bytes of `b` from `at` as a little-endian `u64`, zeros past the end.
#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    match b.get(at..at + 8) {
        Some(s) => u64::from_le_bytes(s.try_into().expect("eight bytes")),
        None => {
            let mut buf = [0u8; 8];
            let tail = &b[at.min(b.len())..];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// The low `l` bytes (`l <= 8`) of a little-endian word.
#[inline]
fn mask(l: usize) -> u64 {
    if l >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * l)) - 1
    }
}

/// `x` (the first `l` bytes of a name) hashed to `bits` bits.
#[inline]
fn hash(x: u64, l: usize, bits: u32) -> usize {
    ((x ^ ((l as u64) << 59)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Sixteen bytes (`x`, then `y`) hashed to [`StartFilter::EXACT_BITS`] bits.
#[inline]
fn hash16(x: u64, y: u64) -> usize {
    let h = x.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ y.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (h.wrapping_mul(0x1656_67B1_9E37_79F9) >> (64 - StartFilter::EXACT_BITS)) as usize
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
    FUNCTION_WORDS.iter().any(|w| w.as_bytes() == &keyed.key[s..first_break])
}

/// Endings glued to a name that leave it a name: the copula «ـست» («مرکز آن باکوست»).
const GLUED_TAILS: &[&str] = &["ست"];

/// Does the word go on after key byte `e` with only an ending from [`GLUED_TAILS`]? The name's
/// last word must be more than one letter, so «کرده است» is not «کردها» + «ست».
fn glued_tail_ok(keyed: &KeyedText, s: usize, e: usize) -> bool {
    let last_word = (s..e).rev().find(|&k| keyed.is_boundary(k)).map_or(0, |k| e - k);
    // «آمریکاست» is left out too: a name ending in «ا» before «ست» may be a split «است».
    last_word > 2
        && !keyed.key[..e].ends_with("ا".as_bytes())
        && GLUED_TAILS.iter().any(|t| t.as_bytes() == keyed.word_at(e))
}

/// Do the words around key range `s..e` allow this reading?
fn context_allows(t: &Target, keyed: &KeyedText, s: usize, e: usize) -> bool {
    if !t.not_followed_by.is_empty() {
        let next = keyed.word_at(e);
        if t.not_followed_by.iter().any(|w| w.as_bytes() == next) {
            return false;
        }
    }
    if !t.not_preceded_by.is_empty() || !t.preceded_by.is_empty() {
        let prev = keyed.word_before(s);
        if t.not_preceded_by.iter().any(|w| w.as_bytes() == prev) {
            return false;
        }
        if !t.preceded_by.is_empty() && !t.preceded_by.iter().any(|w| w.as_bytes() == prev) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The start tables list at every word start exactly the names a walk of the whole trie
    /// lists (the filter only turns away places where the walk finds nothing), on a text of
    /// every gazetteer name, whole, cut short and run together.
    #[test]
    fn start_tables_agree_with_the_trie() {
        let finder = EntityFinder::new();
        let mut text = String::new();
        for e in finder.entries() {
            for n in &e.names {
                let cut: String = n.text.chars().take(n.text.chars().count() * 2 / 3).collect();
                text.push_str(&format!("{} {}{} و ", n.text, cut, n.text));
            }
        }
        let mut keyed = KeyedText::default();
        keyed.build(&text);
        let key = &keyed.key[..];
        let (mut fast, mut walked) = (Vec::new(), Vec::new());
        let mut found = 0;
        for w in &keyed.words {
            let k = w.key as usize;
            match finder.starts.start(key, k) {
                Start::Nowhere => fast.clear(),
                Start::After8(group) => finder.starts.names_in_group(key, k, group, &mut fast),
                Start::Root => finder.trie.names_from(key, k, &mut fast),
            }
            finder.trie.names_from(key, k, &mut walked);
            assert_eq!(fast, walked, "at key byte {k}");
            found += walked.len();
        }
        assert!(found > finder.entries().len());
    }
}

//! The language resources of this crate, parsed once from `data/figures/*.tsv`.
//!
//! Every phrase is stored in its *compact* form (see [`compact_char`]): no spaces, no ZWNJ, no
//! diacritics, one letter form. A phrase then matches its text whether written with a space, a
//! ZWNJ or nothing between its parts («کشته شدگان», «کشته‌شدگان», «کشتهشدگان»).

use sanad_text::{TrieEdges, TrieTable};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A small fast hasher for short keys (FxHash's multiply-rotate): lookups run once per token.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
        self.0 = h;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// One compact text the lexicon knows: a whole phrase (`entry`), the start of a longer one
/// (`prefix`), or both.
#[derive(Debug, Default)]
pub struct Node {
    pub entry: Option<Entry>,
    pub prefix: bool,
    /// What the entries of this text and of every longer phrase starting with it are (the
    /// `Reach` bits): a token whose node lacks a bit starts no phrase of that kind, so the
    /// finders skip it without walking the phrase.
    pub reach: u8,
}

/// The kinds of entries a [`Node`] can lead to (its `reach`).
pub struct Reach;

impl Reach {
    /// A number word, a vague plural or an approximation: what a quantity starts with.
    pub const QUANTITY_START: u8 = 1;
    /// An attribution cue.
    pub const CUE: u8 = 2;
    /// A phrase that contests a claim (`data/figures/disputes.tsv`).
    pub const DISPUTE: u8 = 4;

    fn of(e: &Entry) -> u8 {
        let mut r = 0;
        if e.number.is_some() || e.vague.is_some() || e.bound.is_some() {
            r |= Reach::QUANTITY_START;
        }
        if e.cue.is_some() {
            r |= Reach::CUE;
        }
        if e.dispute {
            r |= Reach::DISPUTE;
        }
        r
    }
}

const NUMBERS: &str = include_str!("../../../data/figures/numbers.tsv");
const FRACTIONS: &str = include_str!("../../../data/figures/fractions.tsv");
const VAGUE: &str = include_str!("../../../data/figures/vague.tsv");
const APPROX: &str = include_str!("../../../data/figures/approx.tsv");
const RANGE: &str = include_str!("../../../data/figures/range.tsv");
const UNITS: &str = include_str!("../../../data/figures/units.tsv");
const UNIT_CONTEXT: &str = include_str!("../../../data/figures/unit-context.tsv");
const TIME_UNITS: &str = include_str!("../../../data/figures/time-units.tsv");
const GROUPS: &str = include_str!("../../../data/figures/groups.tsv");
const MEASURES: &str = include_str!("../../../data/figures/measures.tsv");
const DATE_WORDS: &str = include_str!("../../../data/figures/date-words.tsv");
const CUES: &str = include_str!("../../../data/figures/cues.tsv");
const DISPUTES: &str = include_str!("../../../data/figures/disputes.tsv");
const STOPWORDS: &str = include_str!("../../../data/figures/source-stopwords.tsv");
const SOURCE_NOUNS: &str = include_str!("../../../data/figures/source-nouns.tsv");

/// The compact form of one character: `None` when it is dropped (spaces, ZWNJ, diacritics,
/// tatweel), else one canonical letter.
#[inline]
pub(crate) fn compact_char(c: char) -> Option<char> {
    match c {
        ' ' | '\u{00A0}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{0640}' => None,
        '\u{064B}'..='\u{065F}' | '\u{0670}' => None,
        'ۀ' | 'ة' => Some('ه'),
        'ي' | 'ى' | 'ئ' => Some('ی'),
        'ك' => Some('ک'),
        'أ' | 'إ' | 'ٱ' => Some('ا'),
        'ؤ' => Some('و'),
        _ => Some(c),
    }
}

/// `s` in compact form.
pub(crate) fn compact(s: &str) -> String {
    s.chars().filter_map(compact_char).collect()
}

/// How a number word combines with its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    Zero,
    Digit,
    Teen,
    Tens,
    Hundreds,
    Scale,
}

/// What an approximation word does to the figure after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Approx,
    More,
    AtLeast,
    Less,
    AtMost,
    Total,
    Between,
}

/// Where an attribution cue finds its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueWhere {
    /// «به گفتۀ X»
    After,
    /// «X می‌نویسد»
    Before,
    /// «به نقل از X»: whom the source cites.
    Via,
    /// «در مصاحبه با X»
    With,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRole {
    Month,
    Marker,
    Head,
}

/// Everything the lexicon knows about one compact phrase.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub number: Option<(u64, NumberKind)>,
    pub fraction: Option<u64>,
    /// low, high, needs a counted noun after it
    pub vague: Option<(u64, u64, bool)>,
    pub bound: Option<Bound>,
    pub range: bool,
    /// unit, and what the noun itself says was counted
    pub unit: Option<(&'static str, Option<&'static str>)>,
    pub time: bool,
    pub group: Option<&'static str>,
    /// An ambiguous counted noun's other unit («تن»: people, or tonnes after «وزن»).
    pub unit_alt: Option<&'static str>,
    /// A word that, before a figure in its clause, reads an ambiguous noun as this unit.
    pub unit_switch: Option<&'static str>,
    /// The group's canonical name (`data/figures/groups.tsv`): «ارامنه», «ارمنی» → Armenian.
    pub group_canonical: Option<&'static str>,
    pub measure: Option<&'static str>,
    pub date: Option<DateRole>,
    pub cue: Option<(CueWhere, &'static str)>,
    /// A generic cue: attributes only when a source follows.
    pub generic: bool,
    /// A noun naming a source of information.
    pub source_noun: bool,
    pub dispute: bool,
    pub stop: bool,
    /// Dropped at the start of a source, without ending a noun phrase («بعدی نریمانف»).
    pub lead: bool,
    /// A verb cue right after it is impersonal, no attribution: «می توان گفت».
    pub impersonal: bool,
}

/// The phrase dictionary with a prefix set, so a scan stops as soon as no phrase can continue.
#[derive(Debug)]
pub struct Lexicon {
    /// Every phrase and every prefix of one, by compact text: its index in `nodes`.
    ids: FastMap<&'static str, u32>,
    /// The trie's nodes; [`Lexicon::ROOT`] is the empty text.
    nodes: Vec<Node>,
    /// The lexicon is also a trie over chars, which the scan walks along the text instead of
    /// hashing every token and every phrase candidate (see [`TrieEdges`]).
    edges: TrieEdges,
    /// The same trie as a table, for the cut (see [`TrieTable`]).
    dfa: TrieTable,
    /// Each node's [`Node::reach`], packed: the cut reads it for every word.
    reach: Vec<u8>,
    /// Each node's shape ([`Lexicon::HAS_ENTRY`], [`Lexicon::PREFIX`]), packed: a phrase walk
    /// reads the (large) node only where an entry ends.
    shape: Vec<u8>,
}

/// A node with more children than this gets a dense row: every node that branches (a few
/// hundred rows, about 60 KB), so a step of the cut is one load; a lone child is one compare.
const DENSE_FROM: usize = 1;

/// The nodes by text while the data files are read.
type Building = FastMap<&'static str, Node>;

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The entry of `phrase`, new or not, with its prefixes marked.
fn entry<'b>(nodes: &'b mut Building, phrase: &str) -> &'b mut Entry {
    let key: &'static str = Box::leak(compact(phrase).into_boxed_str());
    for (i, c) in key.char_indices() {
        let end = i + c.len_utf8();
        if end < key.len() {
            let p: &'static str = &key[..end];
            nodes.entry(p).or_default().prefix = true;
        }
    }
    nodes.entry(key).or_default().entry.get_or_insert_with(Entry::default)
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut lx = Building::default();
        for r in rows(NUMBERS) {
            let value: u64 = r[1].parse().expect("numbers.tsv: value");
            let kind = match r[2] {
                "zero" => NumberKind::Zero,
                "digit" => NumberKind::Digit,
                "teen" => NumberKind::Teen,
                "tens" => NumberKind::Tens,
                "hundreds" => NumberKind::Hundreds,
                "scale" => NumberKind::Scale,
                k => panic!("numbers.tsv: unknown kind {k}"),
            };
            entry(&mut lx, r[0]).number = Some((value, kind));
        }
        for r in rows(FRACTIONS) {
            entry(&mut lx, r[0]).fraction = Some(r[1].parse().expect("fractions.tsv"));
        }
        for r in rows(VAGUE) {
            let lo = r[1].parse().expect("vague.tsv");
            let hi = r[2].parse().expect("vague.tsv");
            entry(&mut lx, r[0]).vague = Some((lo, hi, r.get(3) == Some(&"1")));
        }
        for r in rows(APPROX) {
            let b = match r[1] {
                "approx" => Bound::Approx,
                "more" => Bound::More,
                "atleast" => Bound::AtLeast,
                "less" => Bound::Less,
                "atmost" => Bound::AtMost,
                "total" => Bound::Total,
                "between" => Bound::Between,
                k => panic!("approx.tsv: unknown effect {k}"),
            };
            entry(&mut lx, r[0]).bound = Some(b);
        }
        for r in rows(RANGE) {
            entry(&mut lx, r[0]).range = true;
        }
        for r in rows(UNITS) {
            let unit: &'static str = r[1];
            let measure = r.get(2).copied().filter(|m| !m.is_empty());
            entry(&mut lx, r[0]).unit = Some((unit, measure));
        }
        for r in rows(UNIT_CONTEXT) {
            entry(&mut lx, r[0]).unit_alt = Some(r[1]);
            for w in r[2].split('|') {
                entry(&mut lx, w).unit_switch = Some(r[1]);
            }
        }
        for r in rows(TIME_UNITS) {
            entry(&mut lx, r[0]).time = true;
        }
        for r in rows(GROUPS) {
            let e = entry(&mut lx, r[0]);
            e.group = Some(r[0]);
            e.group_canonical = r.get(1).copied().filter(|c| !c.is_empty());
        }
        for r in rows(MEASURES) {
            entry(&mut lx, r[0]).measure = Some(r[1]);
        }
        for r in rows(DATE_WORDS) {
            let role = match r[1] {
                "month" => DateRole::Month,
                "marker" => DateRole::Marker,
                "head" => DateRole::Head,
                k => panic!("date-words.tsv: unknown role {k}"),
            };
            entry(&mut lx, r[0]).date = Some(role);
        }
        for r in rows(CUES) {
            let w = match r[1] {
                "after" => CueWhere::After,
                "before" => CueWhere::Before,
                "via" => CueWhere::Via,
                "with" => CueWhere::With,
                k => panic!("cues.tsv: unknown position {k}"),
            };
            let e = entry(&mut lx, r[0]);
            e.cue = Some((w, r.get(2).copied().unwrap_or("asserts")));
            e.generic = r.get(3) == Some(&"generic");
        }
        for r in rows(DISPUTES) {
            entry(&mut lx, r[0]).dispute = true;
        }
        for r in rows(SOURCE_NOUNS) {
            entry(&mut lx, r[0]).source_noun = true;
        }
        for r in rows(STOPWORDS) {
            if r.get(1) == Some(&"lead") {
                entry(&mut lx, r[0]).lead = true;
            } else if r.get(1) == Some(&"impersonal") {
                let e = entry(&mut lx, r[0]);
                e.impersonal = true;
                e.stop = true;
            } else {
                entry(&mut lx, r[0]).stop = true;
            }
        }
        Lexicon::trie(lx)
    }

    /// The nodes as a trie, each with its `reach`: every prefix of a phrase is a node, so each
    /// node's parent is its text less the last char (the root for one char).
    fn trie(mut building: Building) -> Lexicon {
        let reach: Vec<(&'static str, u8)> =
            building.iter().filter_map(|(k, n)| Some((*k, Reach::of(n.entry.as_ref()?)))).collect();
        let mut root = Node { prefix: true, ..Node::default() };
        for (key, r) in reach {
            root.reach |= r;
            for (i, c) in key.char_indices() {
                if let Some(n) = building.get_mut(&key[..i + c.len_utf8()]) {
                    n.reach |= r;
                }
            }
        }
        let mut keys: Vec<&'static str> = building.keys().copied().collect();
        keys.sort_unstable();
        let mut ids = FastMap::default();
        let mut nodes = vec![root];
        for &k in &keys {
            ids.insert(k, nodes.len() as u32);
            nodes.push(building.remove(k).unwrap_or_default());
        }
        let mut kids: Vec<Vec<(char, u32)>> = vec![Vec::new(); nodes.len()];
        for &k in &keys {
            // a phrase of dropped chars only has no place in the trie; `node("")` still finds it
            let Some(last) = k.chars().next_back() else { continue };
            let parent = &k[..k.len() - last.len_utf8()];
            let parent = if parent.is_empty() { Lexicon::ROOT } else { ids[parent] };
            kids[parent as usize].push((last, ids[k]));
        }
        let edges = TrieEdges::new(kids.clone(), DENSE_FROM, "data/figures");
        let dfa = TrieTable::new(&kids, &edges);
        let reach = nodes.iter().map(|n| n.reach).collect();
        let shape = nodes
            .iter()
            .map(|n| {
                (if n.entry.is_some() { Lexicon::HAS_ENTRY } else { 0 })
                    | (if n.prefix { Lexicon::PREFIX } else { 0 })
            })
            .collect();
        Lexicon { ids, nodes, edges, dfa, reach, shape }
    }

    /// The trie's edges: walk it with [`TrieEdges::step`] from [`Lexicon::ROOT`].
    #[inline]
    pub fn edges(&self) -> &TrieEdges {
        &self.edges
    }

    /// [`Lexicon::shape_at`]: an entry ends at the node.
    pub const HAS_ENTRY: u8 = 1;
    /// [`Lexicon::shape_at`]: the node is a prefix of longer phrases ([`Node::prefix`]).
    pub const PREFIX: u8 = 2;

    /// The shape of the node of index `id`: [`Lexicon::HAS_ENTRY`], [`Lexicon::PREFIX`].
    #[inline]
    pub fn shape_at(&self, id: u32) -> u8 {
        self.shape[id as usize]
    }

    /// The [`Node::reach`] of the node of index `id`.
    #[inline]
    pub fn reach_at(&self, id: u32) -> u8 {
        self.reach[id as usize]
    }

    /// The trie as a table (see [`TrieTable`]).
    #[inline]
    pub fn dfa(&self) -> &TrieTable {
        &self.dfa
    }

    /// The trie's root, the empty text.
    pub const ROOT: u32 = 0;
    /// No node.
    pub const NONE: u32 = TrieEdges::NONE;

    /// The node of index `id` (from [`TrieEdges::step`]).
    #[inline]
    pub fn node_at(&self, id: u32) -> &Node {
        &self.nodes[id as usize]
    }

    /// The entry of exactly this compact phrase.
    #[inline]
    pub fn get(&self, compact: &str) -> Option<&Entry> {
        self.node(compact).and_then(|n| n.entry.as_ref())
    }

    /// The node of this compact text: an entry, a prefix of longer phrases, or both.
    #[inline]
    pub fn node(&self, compact: &str) -> Option<&Node> {
        self.ids.get(compact).map(|&id| &self.nodes[id as usize])
    }

    /// Whether some longer phrase starts with this compact text.
    #[inline]
    #[allow(dead_code)]
    pub fn is_prefix(&self, compact: &str) -> bool {
        self.node(compact).is_some_and(|n| n.prefix)
    }
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

//! The date lexicon: month names, calendar markers, ordinal words and the other words of date
//! expressions, parsed once from the data files under `data/dates/` (the one source of truth).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use sanad_text::{TrieEdges, TrieTable};

use crate::calendar::Calendar;

const MONTHS: &str = include_str!("../../../data/dates/months.tsv");
const MARKERS: &str = include_str!("../../../data/dates/markers.tsv");
const ORDINALS: &str = include_str!("../../../data/dates/ordinals.tsv");
const WORDS: &str = include_str!("../../../data/dates/words.tsv");

/// What a calendar marker says about the year before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Calendar(Calendar),
    /// Gregorian, before the Common Era.
    Bce,
    /// Gregorian, Common Era, said explicitly.
    Ce,
}

/// The kind of unit a century/millennium/decade word names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Century,
    Millennium,
    Decade,
}

/// A governing head noun («سال», «ماه», «روز»).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    Year,
    Month,
    Day,
}

/// Words that take the year from the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relative {
    SameYear,
    NextYear,
    PreviousYear,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    To,
    From,
}

/// One meaning of a lexicon phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Month {
        calendar: Calendar,
        month: u8,
        ambiguous: bool,
    },
    Marker(Marker),
    Ordinal(u32),
    Tens(u32),
    Head(Head),
    Unit(Unit),
    Mod(&'static str),
    Season(u8),
    Relative(Relative),
    Connector(Connector),
    Blocker,
    /// A word that makes the number after it a count, or «سال بعد» after it a duration.
    QuantityCue,
    /// A place or institution that takes a day's name («خیابان ۱۶ آذر»).
    Namer,
}

/// All phrases, keyed by their canonical form (see [`canon_into`]), and a trie over the
/// same keys that the scanner walks along the text (no hashing, no allocation per word).
pub struct Lexicon {
    entries: HashMap<String, Vec<Entry>>,
    /// Every prefix of every key, so a multi-word lookup stops as soon as it cannot match.
    prefixes: HashSet<String>,
    /// Longest phrase in words.
    pub max_words: usize,
    trie: Vec<Node>,
    flat: Vec<Entry>,
    /// The trie's edges, laid out for walking (see [`TrieEdges`]).
    edges: TrieEdges,
    /// The same trie as a table, for the scanner (see [`TrieTable`]).
    dfa: TrieTable,
    /// Whether a key ends at each node of the table (the dead state's included, false).
    accepting: Vec<bool>,
    /// Plain words of relative expressions, kept out of the scanner's phrases (so they stay
    /// words to every other rule), by canonical form: cardinal numbers («هشت»), the words
    /// of «N سال پس از / قبل از …», the reigns of «دومین سال سلطنت …» and the pronouns after them.
    pub side_words: HashMap<String, SideWord>,
    /// The longest canonical side word, in bytes.
    side_max_len: usize,
    /// «هفته» as written in `data/dates/words.tsv` (compared as is, no lookup).
    pub week_spellings: Vec<String>,
    /// «طی», «مدت» as written in `data/dates/words.tsv`.
    pub duration_cue_spellings: Vec<String>,
}

/// A word that only relative expressions read (see `data/dates/words.tsv`, `ordinals.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideWord {
    Cardinal(u32),
    /// «پس» / «بعد» (+1) and «قبل» / «پیش» (−1) before «از».
    Shift(i32),
    /// «سلطنت», «حکومت» …: the years of a reign or a term counted from its start.
    Reign,
    /// «خود», «او», «وی» after a reign.
    Pronoun,
    /// «هفته»: seven days in «یک هفته پس از …».
    Week,
    /// «طی», «مدت» before a count of days: a duration.
    DurationCue,
    /// «پیاپی», «متوالی» after a count of days: a duration.
    DurationAfter,
    /// A function word that closes the anchor's words after «پس از».
    PhraseEnd,
    /// A month name that is also the verb prefix («می»): a month only next to a day, a year
    /// or the head «ماه», never after a part of the unit alone («آغاز می شود»).
    VerbPrefixMonth,
}

impl Lexicon {
    /// The side word `w` (any spelling) is, if any.
    pub fn side_word(&self, w: &str) -> Option<SideWord> {
        self.side_word_in(w, &mut String::new())
    }

    /// Like [`side_word`](Self::side_word), canonicalizing into `buf` (no allocation per word
    /// once `buf` has grown); words longer than every side word are not looked up.
    pub fn side_word_in(&self, w: &str, buf: &mut String) -> Option<SideWord> {
        if w.len() > 2 * self.side_max_len + 8 {
            return None;
        }
        buf.clear();
        canon_into(w, buf);
        self.side_words.get(buf.as_str()).copied()
    }
}

/// A node with more children than this gets a dense row: every node that branches, so a step
/// of the scanner is one load (a lone child is one compare). The rows are few and small.
const DENSE_FROM: usize = 1;

/// A trie node: children sorted by char; `entries` set where a key ends.
#[derive(Default)]
struct Node {
    children: Vec<(char, u32)>,
    entries: Option<(u32, u32)>,
}

/// The canonical form of one character: dropped (separator, diacritic) or mapped.
#[inline]
pub fn canon_char(c: char) -> Option<char> {
    match c {
        ' ' | '\u{200c}' | '\u{200d}' | '\u{a0}' | '.' | '\u{640}' => None,
        '\u{64b}'..='\u{65f}' | '\u{670}' => None,
        'ي' | 'ى' => Some('ی'),
        'ك' => Some('ک'),
        'ۀ' | 'ة' => Some('ه'),
        'أ' | 'إ' | 'ٱ' => Some('ا'),
        _ => Some(c),
    }
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Appends the canonical form of `s` to `out`: separators (space, ZWNJ, ".", tatweel) dropped,
/// Arabic letter forms mapped to Persian, diacritics and hamza marks dropped, «ۀ» → «ه».
pub fn canon_into(s: &str, out: &mut String) {
    out.extend(s.chars().filter_map(canon_char));
}

fn canon(s: &str) -> String {
    let mut out = String::new();
    canon_into(s, &mut out);
    out
}

fn calendar_name(s: &str) -> Calendar {
    match s {
        "solar_hijri" => Calendar::SolarHijri,
        "lunar_hijri" => Calendar::LunarHijri,
        "gregorian" => Calendar::Gregorian,
        other => panic!("data/dates: unknown calendar {other:?}"),
    }
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
}

impl Lexicon {
    fn add(&mut self, spelling: &str, entry: Entry) {
        let key = canon(spelling);
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(spelling.split([' ', '\u{200c}', '.']).count());
        let mut prefix = String::new();
        for c in key.chars() {
            prefix.push(c);
            self.prefixes.insert(prefix.clone());
        }
        let list = self.entries.entry(key).or_default();
        if !list.contains(&entry) {
            list.push(entry);
        }
    }

    fn load() -> Lexicon {
        let mut lex = Lexicon {
            entries: HashMap::new(),
            prefixes: HashSet::new(),
            max_words: 1,
            trie: Vec::new(),
            flat: Vec::new(),
            edges: TrieEdges::default(),
            dfa: TrieTable::default(),
            accepting: Vec::new(),
            side_words: HashMap::new(),
            side_max_len: 0,
            week_spellings: Vec::new(),
            duration_cue_spellings: Vec::new(),
        };
        for r in rows(MONTHS) {
            let calendar = calendar_name(r[0]);
            let month: u8 = r[1].parse().expect("data/dates/months.tsv: month number");
            let flags: Vec<&str> = r[2].split(',').collect();
            let ambiguous = flags.contains(&"ambiguous");
            if flags.contains(&"verb-prefix") {
                for s in r[3].split('|') {
                    lex.side_words.insert(canon(s), SideWord::VerbPrefixMonth);
                }
            }
            for s in r[3].split('|') {
                lex.add(s, Entry::Month { calendar, month, ambiguous });
            }
        }
        for r in rows(MARKERS) {
            let marker = match r[0] {
                "bce" => Marker::Bce,
                "ce" => Marker::Ce,
                c => Marker::Calendar(calendar_name(c)),
            };
            for s in r[1].split('|') {
                lex.add(s, Entry::Marker(marker));
            }
        }
        let mut tens = Vec::new();
        let mut units = Vec::new();
        for r in rows(ORDINALS) {
            let value: u32 = r[1].parse().expect("data/dates/ordinals.tsv: value");
            for s in r[2].split('|') {
                match r[0] {
                    "ordinal" => {
                        lex.add(s, Entry::Ordinal(value));
                        if !s.ends_with("ین") {
                            lex.add(&format!("{s}ین"), Entry::Ordinal(value));
                        }
                        if value < 10 {
                            units.push((s, value));
                        }
                    }
                    "tens" => {
                        lex.add(s, Entry::Tens(value));
                        tens.push((s, value));
                    }
                    "cardinal" => {
                        lex.side_words.insert(canon(s), SideWord::Cardinal(value));
                    }
                    other => panic!("data/dates/ordinals.tsv: unknown kind {other:?}"),
                }
            }
        }
        // Compound ordinals: «بیست و دوم», «سی و یکم», «نود و نهم».
        for &(t, tv) in &tens {
            for &(u, uv) in &units {
                if u == "اول" || u == "نخست" {
                    continue;
                }
                lex.add(&format!("{t} و {u}"), Entry::Ordinal(tv + uv));
                lex.add(&format!("{t} و {u}ین"), Entry::Ordinal(tv + uv));
            }
        }
        for r in rows(WORDS) {
            let entry = match (r[0], r[1]) {
                ("head", "year") => Entry::Head(Head::Year),
                ("head", "month") => Entry::Head(Head::Month),
                ("head", "day") => Entry::Head(Head::Day),
                ("unit", "century") => Entry::Unit(Unit::Century),
                ("unit", "millennium") => Entry::Unit(Unit::Millennium),
                ("unit", "decade") => Entry::Unit(Unit::Decade),
                ("mod", m) => Entry::Mod(match m {
                    "early" => "early",
                    "mid" => "mid",
                    "late" => "late",
                    "end" => "end",
                    "start" => "start",
                    "first_half" => "first_half",
                    "second_half" => "second_half",
                    other => panic!("data/dates/words.tsv: unknown mod {other:?}"),
                }),
                ("season", s) => Entry::Season(match s {
                    "spring" => 0,
                    "summer" => 1,
                    "autumn" => 2,
                    "winter" => 3,
                    other => panic!("data/dates/words.tsv: unknown season {other:?}"),
                }),
                ("relative", "same_year") => Entry::Relative(Relative::SameYear),
                ("relative", "next_year") => Entry::Relative(Relative::NextYear),
                ("relative", "previous_year") => Entry::Relative(Relative::PreviousYear),
                ("connector", "and") => Entry::Connector(Connector::And),
                ("connector", "to") => Entry::Connector(Connector::To),
                ("connector", "from") => Entry::Connector(Connector::From),
                ("blocker", _) => Entry::Blocker,
                ("quantity", _) => Entry::QuantityCue,
                ("namer", _) => Entry::Namer,
                ("shift" | "reign" | "pronoun" | "week" | "duration" | "phrase_end", v) => {
                    let side = match (r[0], v) {
                        ("week", _) => SideWord::Week,
                        ("phrase_end", _) => SideWord::PhraseEnd,
                        ("duration", "before") => SideWord::DurationCue,
                        ("duration", "after") => SideWord::DurationAfter,
                        ("shift", "after") => SideWord::Shift(1),
                        ("shift", "before") => SideWord::Shift(-1),
                        ("reign", _) => SideWord::Reign,
                        ("pronoun", _) => SideWord::Pronoun,
                        (role, value) => panic!("data/dates/words.tsv: unknown row {role:?} {value:?}"),
                    };
                    for w in r[2].split('|') {
                        lex.side_words.insert(canon(w), side);
                        if side == SideWord::Week {
                            lex.week_spellings.push(w.to_string());
                        }
                        if side == SideWord::DurationCue {
                            lex.duration_cue_spellings.push(w.to_string());
                        }
                    }
                    continue;
                }
                (role, value) => panic!("data/dates/words.tsv: unknown row {role:?} {value:?}"),
            };
            for s in r[2].split('|') {
                lex.add(s, entry);
            }
        }
        lex.side_max_len = lex.side_words.keys().map(String::len).max().unwrap_or(0);
        lex.build_trie();
        lex
    }

    fn build_trie(&mut self) {
        let mut trie = vec![Node::default()];
        let mut flat: Vec<Entry> = Vec::new();
        let mut keys: Vec<(&String, &Vec<Entry>)> = self.entries.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        for (key, entries) in keys {
            let mut node = 0usize;
            for c in key.chars() {
                node = match trie[node].children.binary_search_by_key(&c, |&(k, _)| k) {
                    Ok(i) => trie[node].children[i].1 as usize,
                    Err(i) => {
                        trie.push(Node::default());
                        let id = trie.len() - 1;
                        trie[node].children.insert(i, (c, id as u32));
                        id
                    }
                };
            }
            trie[node].entries = Some((flat.len() as u32, entries.len() as u32));
            flat.extend(entries.iter().copied());
        }
        let kids: Vec<Vec<(char, u32)>> = trie.iter_mut().map(|n| std::mem::take(&mut n.children)).collect();
        let edges = TrieEdges::new(kids.clone(), DENSE_FROM, "data/dates");
        self.accepting = trie.iter().map(|n| n.entries.is_some()).chain([false]).collect();
        self.dfa = TrieTable::new(&kids, &edges);
        self.trie = trie;
        self.flat = flat;
        self.edges = edges;
    }

    /// The trie's edges: walk it with [`TrieEdges::step`] from [`Lexicon::ROOT`].
    #[inline]
    pub fn edges(&self) -> &TrieEdges {
        &self.edges
    }

    /// The trie's root.
    pub const ROOT: u32 = 0;

    /// The trie as a table with a dead state (see [`TrieTable`]).
    #[inline]
    pub fn dfa(&self) -> &TrieTable {
        &self.dfa
    }

    /// Whether a key ends at this state of [`Lexicon::dfa`].
    #[inline]
    pub fn accepts(&self, state: u32) -> bool {
        self.accepting[self.dfa.node(state) as usize]
    }

    /// The meanings of the key ending at `node`, if one does.
    #[inline]
    pub fn entries_at(&'static self, node: u32) -> Option<&'static [Entry]> {
        let (start, len) = self.trie[node as usize].entries?;
        Some(&self.flat[start as usize..(start + len) as usize])
    }

    /// The meanings of a canonical key, if it is a phrase.
    pub fn get(&self, key: &str) -> Option<&[Entry]> {
        self.entries.get(key).map(Vec::as_slice)
    }

    /// Whether some phrase starts with the canonical `key`.
    pub fn is_prefix(&self, key: &str) -> bool {
        self.prefixes.contains(key)
    }
}

//! Reading the NER corpora (CoNLL-like `token<sep>TAG` lines, blank line between sentences) into
//! sentences of sanad words: each corpus token is normalized with sanad-text's extraction
//! options and re-cut by its tokenizer, so training sees exactly the words the tagger gets.

use crate::model::{tag_b, tag_i, tag_type};
use sanad_text::{tokenize, NormalizeOptions, Normalizer};

/// The entity types of the shipped model, in tag order. PEYMA brings PER ORG LOC DAT TIM MON
/// PCT, ParsTwiNER PER LOC ORG EVE POG NAT.
pub const TYPES: [&str; 10] = ["PER", "LOC", "ORG", "EVE", "POG", "NAT", "DAT", "TIM", "MON", "PCT"];

/// Index of a type name in [`TYPES`].
pub fn type_index(name: &str) -> Option<usize> {
    TYPES.iter().position(|t| *t == name)
}

/// How a corpus writes its lines and names its types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `token|B_PER` (the token may contain spaces).
    Peyma,
    /// `token<TAB>B-PER`.
    ParsTwiNer,
    /// `token B-pers`; pers→PER, org→ORG, loc→LOC, fac→LOC, event→EVE, pro→O.
    Arman,
}

impl Format {
    fn split(self, line: &str) -> Option<(&str, &str)> {
        match self {
            Format::Peyma => line.rsplit_once('|'),
            Format::ParsTwiNer => line.rsplit_once('\t'),
            Format::Arman => line.rsplit_once(' '),
        }
    }

    /// The tag's (is-begin, type) or `None` for O and types we leave out.
    fn parse_tag(self, tag: &str) -> Option<(bool, usize)> {
        let tag = tag.trim();
        let (begin, name) = if let Some(n) = tag.strip_prefix("B_").or_else(|| tag.strip_prefix("B-")) {
            (true, n)
        } else if let Some(n) = tag.strip_prefix("I_").or_else(|| tag.strip_prefix("I-")) {
            (false, n)
        } else {
            return None;
        };
        let name = match (self, name) {
            (Format::Arman, "pers") => "PER",
            (Format::Arman, "org") => "ORG",
            (Format::Arman, "loc" | "fac") => "LOC",
            (Format::Arman, "event") => "EVE",
            (Format::Arman, _) => return None,
            (_, n) => n,
        };
        type_index(name).map(|t| (begin, t))
    }
}

/// A sentence of normalized words with gold BIO tags (see `model` for the encoding).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<u8>,
}

impl Sentence {
    pub fn word_refs(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).collect()
    }
}

/// Make a tag sequence valid BIO: an `I-t` that does not continue a `t` chunk becomes `B-t`.
pub fn repair_bio(tags: &mut [u8]) {
    let mut prev: u8 = 0;
    for tag in tags.iter_mut() {
        if crate::model::is_inside(*tag) && (prev == 0 || tag_type(prev) != tag_type(*tag)) {
            *tag -= 1;
        }
        prev = *tag;
    }
}

/// Parse a corpus text.
pub fn parse(text: &str, format: Format) -> Vec<Sentence> {
    let normalizer = Normalizer::new(NormalizeOptions::for_extraction());
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let flush = |cur: &mut Sentence, out: &mut Vec<Sentence>| {
        if !cur.words.is_empty() {
            repair_bio(&mut cur.tags);
            out.push(std::mem::take(cur));
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        let Some((token, tag)) = format.split(line) else { continue };
        let tag = format.parse_tag(tag);
        let normalized = normalizer.normalize(token).text;
        for (k, t) in tokenize(&normalized).iter().enumerate() {
            cur.words.push(normalized[t.span.range()].to_string());
            cur.tags.push(match tag {
                None => 0,
                Some((true, ty)) if k == 0 => tag_b(ty),
                Some((_, ty)) => tag_i(ty),
            });
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Read and parse a corpus file.
pub fn read(path: &std::path::Path, format: Format) -> std::io::Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text, format))
}

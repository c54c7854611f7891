//! Persian named-entity tagger. STUB: the API is fixed, the model comes next.

use std::ops::Range;

/// Entity types the model knows (the union of the corpora's tag sets, mapped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NerType {
    Person,
    Location,
    Organization,
    Event,
    /// Parties, groups, dynasties (ParsTwiNER's POG).
    Group,
    /// Nationalities and ethnic groups (ParsTwiNER's NAT).
    Nationality,
    Other,
}

/// An entity the model found: a range of word indices with its type and a confidence in 0..1.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    pub words: Range<usize>,
    pub ty: NerType,
    pub score: f32,
}

/// A trained tagger.
#[derive(Debug, Default)]
pub struct Tagger {}

impl Tagger {
    /// The model shipped in the repo.
    pub fn bundled() -> &'static Tagger {
        static TAGGER: Tagger = Tagger {};
        &TAGGER
    }

    /// Entities in a sentence given as normalized words.
    pub fn chunks(&self, _words: &[&str]) -> Vec<Chunk> {
        Vec::new()
    }
}

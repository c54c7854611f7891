//! A Persian named-entity tagger, trained offline on public corpora and shipped in the repo.
//!
//! The model is an averaged structured perceptron over hashed word, affix, shape and context
//! features with BIO tags and Viterbi decoding (see `train` for how two corpora with different
//! tag sets are combined). [`Tagger::bundled`] loads the committed `data/ner/model.bin` once.
//!
//! Words must be normalized as sanad-text does for extraction (ی ک, Latin digits, no
//! diacritics, ZWNJ inside words) and cut by its tokenizer:
//!
//! ```
//! use sanad_ner::{NerType, Tagger};
//! let words = ["ژنرال", "سیسیانف", "به", "تفلیس", "رفت"];
//! let chunks = Tagger::bundled().chunks(&words);
//! assert!(chunks.iter().all(|c| c.words.end <= words.len() && (0.0..=1.0).contains(&c.score)));
//! # let _ = NerType::Person;
//! ```

pub mod corpus;
pub mod eval;
mod features;
mod model;
pub mod train;

pub use model::{Model, ModelError};

use std::ops::Range;
use std::sync::LazyLock;

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

impl NerType {
    /// The type of a model label; `None` for the date, time, money and percent labels, which
    /// the model learns from PEYMA (they sharpen its entity boundaries) but sanad reads with
    /// sanad-dates and sanad-figures instead.
    pub fn from_label(label: &str) -> Option<NerType> {
        Some(match label {
            "PER" => NerType::Person,
            "LOC" => NerType::Location,
            "ORG" => NerType::Organization,
            "EVE" => NerType::Event,
            "POG" => NerType::Group,
            "NAT" => NerType::Nationality,
            "DAT" | "TIM" | "MON" | "PCT" => return None,
            _ => NerType::Other,
        })
    }
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
pub struct Tagger {
    model: Option<Model>,
    /// `NerType` of each model label.
    types: Vec<Option<NerType>>,
}

static BUNDLED_MODEL: &[u8] = include_bytes!("../../../data/ner/model.bin");

static BUNDLED: LazyLock<Tagger> = LazyLock::new(|| match Model::from_bytes(BUNDLED_MODEL) {
    Ok(m) => Tagger::new(m),
    // Only while bootstrapping (before the first `train`): tag nothing rather than fail.
    Err(_) => Tagger::default(),
});

impl Tagger {
    /// The model shipped in the repo (`data/ner/model.bin`), loaded on first use.
    pub fn bundled() -> &'static Tagger {
        &BUNDLED
    }

    pub fn new(model: Model) -> Tagger {
        let types = model.types().iter().map(|t| NerType::from_label(t)).collect();
        Tagger { model: Some(model), types }
    }

    /// Read a model file written by `sanad-ner train`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Model::from_bytes(bytes).map(Tagger::new)
    }

    /// The underlying model, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// Entities in a sentence given as normalized words.
    pub fn chunks(&self, words: &[&str]) -> Vec<Chunk> {
        let Some(model) = &self.model else { return Vec::new() };
        if words.is_empty() {
            return Vec::new();
        }
        // The date, time, money and percent chunks are dropped: their confidences are not
        // computed.
        let known = |ty: usize| self.types.get(ty).copied().flatten().is_some();
        model
            .scored_chunks_where(words, known)
            .into_iter()
            .filter_map(|(words, ty, score)| {
                let ty = self.types.get(ty).copied().flatten()?;
                Some(Chunk { words, ty, score: score.clamp(0.0, 1.0) })
            })
            .collect()
    }
}

use crate::{AttributionValue, DateValue, EntityValue, QuantityValue};
use serde::{Deserialize, Serialize};

/// One annotation of the `sanad extract` contract:
/// `{"kind", "start", "end", "text", "value"}`, with `original[start..end] == text`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    #[serde(flatten)]
    pub payload: Payload,
    /// Byte offset into the original input.
    pub start: usize,
    /// Byte offset into the original input, exclusive.
    pub end: usize,
    /// The original bytes of the span.
    pub text: String,
}

/// What an annotation is, and its kind-specific value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Payload {
    Date(DateValue),
    Quantity(QuantityValue),
    Entity(EntityValue),
    Attribution(AttributionValue),
    Sentence,
    Token,
}

impl Payload {
    /// The contract's `kind` string.
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Date(_) => "date",
            Payload::Quantity(_) => "quantity",
            Payload::Entity(_) => "entity",
            Payload::Attribution(_) => "attribution",
            Payload::Sentence => "sentence",
            Payload::Token => "token",
        }
    }
}

impl Annotation {
    pub fn kind(&self) -> &'static str {
        self.payload.kind()
    }
}

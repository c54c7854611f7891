use crate::{Annotation, ClaimGroup};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One output line of `sanad extract`: a document and everything found in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocumentOutput {
    /// The path, `-` for stdin, or the `id` of a `--jsonl` input line.
    pub source: serde_json::Value,
    /// SHA-256 of the original bytes, hex.
    pub sha256: String,
    /// Length of the original input in bytes.
    pub bytes: usize,
    pub annotations: Vec<Annotation>,
    /// Claim groups, with `--claims`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub claims: Option<Vec<ClaimGroup>>,
    /// The places mentioned, as a GeoJSON FeatureCollection, with `--places`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub places: Option<serde_json::Value>,
    /// True when invalid UTF-8 was replaced by U+FFFD (`--lossy`): offsets then refer to the
    /// decoded text, not to the bytes that were hashed.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub lossy: bool,
}

impl DocumentOutput {
    pub fn new(source: serde_json::Value, original: &[u8], annotations: Vec<Annotation>) -> Self {
        DocumentOutput {
            source,
            sha256: sha256_hex(original),
            bytes: original.len(),
            annotations,
            claims: None,
            places: None,
            lossy: false,
        }
    }
}

/// An output line for an input that could not be read; the stream goes on.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorOutput {
    pub source: serde_json::Value,
    pub error: String,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

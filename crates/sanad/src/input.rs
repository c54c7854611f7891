//! Reading documents from files and stdin. What counts as readable text (no NUL, UTF-8 unless
//! lossy) is decided by [`sanad_core::decode`], as for the store.

use sanad_core::decode::{decode_owned, DecodeError};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why an input is not a readable document. The message names the input and what was wrong.
#[derive(Debug)]
pub enum InputError {
    Missing { name: String },
    Io { name: String, error: std::io::Error },
    Undecodable { name: String, error: DecodeError },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Missing { name } => write!(f, "{name}: no such file"),
            InputError::Io { name, error } => write!(f, "{name}: {error}"),
            InputError::Undecodable { name, error } => write!(f, "{name}: {error}"),
        }
    }
}

impl std::error::Error for InputError {}

/// A document's text and, when lossy decoding changed them, the bytes it was read from.
pub type Document = sanad_core::decode::Decoded;

/// Check `bytes` and turn them into a document (no copy when they are valid UTF-8).
pub fn decode(name: &str, bytes: Vec<u8>, lossy: bool) -> Result<Document, InputError> {
    decode_owned(bytes, lossy).map_err(|error| InputError::Undecodable { name: name.to_string(), error })
}

/// Read a file (or stdin for `-`) as a document.
pub fn read(path: &str, lossy: bool) -> Result<Document, InputError> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|error| InputError::Io { name: "<stdin>".into(), error })?;
        buf
    } else {
        let p = Path::new(path);
        if !p.exists() {
            return Err(InputError::Missing { name: path.to_string() });
        }
        if p.is_dir() {
            return Err(InputError::Io {
                name: path.to_string(),
                error: std::io::Error::other("is a folder; `sanad ingest` reads folders"),
            });
        }
        std::fs::read(p).map_err(|error| InputError::Io { name: path.to_string(), error })?
    };
    decode(path, bytes, lossy)
}

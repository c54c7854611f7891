//! Reading documents from files and stdin: the one place that decides what is readable text.
//!
//! A document must be UTF-8 text. A file with a NUL byte is binary and refused; invalid UTF-8
//! is an error naming the first bad byte, unless the caller asks for lossy decoding (each bad
//! sequence becomes U+FFFD, so offsets then refer to the decoded text, and the output says so).

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why an input is not a readable document. The message names the input and what was wrong.
#[derive(Debug)]
pub enum InputError {
    Missing { name: String },
    Io { name: String, error: std::io::Error },
    Binary { name: String, offset: usize },
    NotUtf8 { name: String, offset: usize },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Missing { name } => write!(f, "{name}: no such file"),
            InputError::Io { name, error } => write!(f, "{name}: {error}"),
            InputError::Binary { name, offset } => {
                write!(f, "{name}: looks like a binary file (NUL byte at offset {offset}); not read")
            }
            InputError::NotUtf8 { name, offset } => write!(
                f,
                "{name}: not valid UTF-8 (first bad byte at offset {offset}); re-encode it, or pass --lossy to replace bad bytes with U+FFFD"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// A document's text and the bytes it was read from.
pub struct Document {
    pub text: String,
    /// The bytes as read (hashed for `sha256`); equal to `text` unless decoded lossily.
    pub bytes: Vec<u8>,
}

/// Check `bytes` and turn them into a document.
pub fn decode(name: &str, bytes: Vec<u8>, lossy: bool) -> Result<Document, InputError> {
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(InputError::Binary { name: name.to_string(), offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Document { bytes: text.as_bytes().to_vec(), text }),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if lossy {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                Ok(Document { text, bytes })
            } else {
                Err(InputError::NotUtf8 { name: name.to_string(), offset })
            }
        }
    }
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

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

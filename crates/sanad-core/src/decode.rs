//! Bytes to document text: the one place that decides what is readable text, for the CLI, the
//! store and the server alike.
//!
//! A document must be UTF-8 text. Bytes with a NUL are binary and refused; invalid UTF-8 is an
//! error naming the first bad byte, unless the caller asks for lossy decoding (each bad sequence
//! becomes U+FFFD, so offsets then refer to the decoded text, and the output says so).
//!
//! Every document passes through here once, so the checks are the fast ones: `memchr` for the
//! NUL and SIMD validation for UTF-8 (on Persian text, where nearly every byte is part of a
//! two-byte sequence, the standard library's validator costs about as much as the whole
//! normalizer's first pass; SIMD validation is ~25× faster). The standard library is only asked
//! again for the offset of a bad byte, on bytes already known to be invalid.
//!
//! ```
//! use sanad_core::decode::{decode, DecodeError};
//! assert_eq!(decode("قره‌باغ".as_bytes(), false).unwrap(), "قره‌باغ");
//! assert_eq!(decode(b"ab\0c", false), Err(DecodeError::Binary { offset: 2 }));
//! assert_eq!(decode(b"ab\xffc", false), Err(DecodeError::NotUtf8 { offset: 2 }));
//! assert_eq!(decode(b"ab\xffc", true).unwrap(), "ab\u{FFFD}c");
//! ```

use std::borrow::Cow;
use std::fmt;

/// Why bytes are not a readable document. The message says what was wrong and where; callers
/// put the input's name in front.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte at `offset`: a binary file, not text.
    Binary { offset: usize },
    /// The first byte at which the input stops being UTF-8.
    NotUtf8 { offset: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { offset } => {
                write!(f, "looks like a binary file (NUL byte at offset {offset}); not read")
            }
            DecodeError::NotUtf8 { offset } => write!(
                f,
                "not valid UTF-8 (first bad byte at offset {offset}); re-encode it, or pass --lossy to replace bad bytes with U+FFFD"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// `bytes` as text: borrowed when they are valid UTF-8, replaced (only if `lossy`) when not.
pub fn decode(bytes: &[u8], lossy: bool) -> Result<Cow<'_, str>, DecodeError> {
    refuse_binary(bytes)?;
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes)),
        Err(_) => Err(DecodeError::NotUtf8 { offset: first_bad_byte(bytes) }),
    }
}

/// A document decoded from bytes it owns (no copy when they are valid UTF-8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The bytes as read, kept only when lossy decoding replaced some of them (so they differ
    /// from `text`); the document's hash is of these.
    pub replaced: Option<Vec<u8>>,
}

impl Decoded {
    /// The bytes as read.
    pub fn bytes(&self) -> &[u8] {
        self.replaced.as_deref().unwrap_or(self.text.as_bytes())
    }

    /// Were bad bytes replaced by U+FFFD?
    pub fn is_lossy(&self) -> bool {
        self.replaced.is_some()
    }
}

/// [`decode`] for bytes the caller gives up: valid UTF-8 becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>, lossy: bool) -> Result<Decoded, DecodeError> {
    refuse_binary(&bytes)?;
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: validated as UTF-8 just above.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Ok(Decoded { text, replaced: None });
    }
    if !lossy {
        return Err(DecodeError::NotUtf8 { offset: first_bad_byte(&bytes) });
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Decoded { text, replaced: Some(bytes) })
}

fn refuse_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    match memchr::memchr(0, bytes) {
        Some(offset) => Err(DecodeError::Binary { offset }),
        None => Ok(()),
    }
}

/// Where invalid `bytes` stop being UTF-8 (the standard library reports it exactly).
fn first_bad_byte(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes).err().map_or(bytes.len(), |e| e.valid_up_to())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_is_borrowed_and_owned_text_is_not_copied() {
        let bytes = "جنگ ۱۸۱۳ م".as_bytes().to_vec();
        let ptr = bytes.as_ptr();
        assert!(matches!(decode(&bytes, false), Ok(Cow::Borrowed(_))));
        let doc = decode_owned(bytes, false).unwrap();
        assert_eq!(doc.text.as_ptr(), ptr);
        assert!(!doc.is_lossy());
        assert_eq!(doc.bytes(), "جنگ ۱۸۱۳ م".as_bytes());
    }

    #[test]
    fn the_first_bad_byte_is_named_even_deep_in_a_long_input() {
        let mut bytes = "قره‌باغ ".repeat(10_000).into_bytes();
        let at = bytes.len() - 3;
        bytes[at] = 0xC0;
        assert_eq!(decode(&bytes, false), Err(DecodeError::NotUtf8 { offset: at }));
        assert_eq!(decode_owned(bytes, false), Err(DecodeError::NotUtf8 { offset: at }));
    }

    #[test]
    fn a_truncated_sequence_at_the_end_is_invalid() {
        let bytes = &"باغ".as_bytes()[..5];
        assert_eq!(decode(bytes, false), Err(DecodeError::NotUtf8 { offset: 4 }));
    }

    #[test]
    fn lossy_decoding_keeps_the_bytes_as_read() {
        let doc = decode_owned(b"a\xffb".to_vec(), true).unwrap();
        assert_eq!(doc.text, "a\u{FFFD}b");
        assert_eq!(doc.bytes(), b"a\xffb");
        assert!(doc.is_lossy());
    }

    #[test]
    fn binary_is_refused_even_when_lossy() {
        assert_eq!(decode(b"\x89PNG\0", true), Err(DecodeError::Binary { offset: 4 }));
        assert_eq!(decode_owned(b"x\0".to_vec(), true), Err(DecodeError::Binary { offset: 1 }));
    }

    #[test]
    fn the_message_says_what_and_where() {
        let e = DecodeError::NotUtf8 { offset: 7 }.to_string();
        assert!(e.contains("offset 7") && e.contains("--lossy"), "{e}");
        let e = DecodeError::Binary { offset: 3 }.to_string();
        assert!(e.contains("NUL byte at offset 3"), "{e}");
    }
}

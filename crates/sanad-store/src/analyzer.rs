//! The Persian analyzer of the full-text index: sanad's normalizer, then sanad's tokenizer.
//!
//! Index and query meet on the same normalized form (Arabic letter forms, digits, diacritics,
//! bidi controls). Half-spaces are written three ways — «قره‌باغ», «قره باغ», «قرهباغ» — so every
//! word is indexed by its half-space-separated parts, AND every two neighbouring parts are also
//! indexed glued together, at the first part's position. A query then looks for each of its words
//! either alone or glued to its neighbour (see [`word_clauses`](crate::search)).

use sanad_text::{tokenize, NormalizeOptions, Normalizer, TokenKind};
use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under in the index.
pub const TOKENIZER_NAME: &str = "sanad_fa";

/// Longer terms are not indexed (tantivy refuses terms over 64 KiB; such words are noise).
const MAX_TERM_BYTES: usize = 120;

static NORMALIZER: LazyLock<Normalizer> =
    LazyLock::new(|| Normalizer::new(NormalizeOptions::for_extraction()));

/// One word part of a text: its normalized, lower-cased form and its span in the ORIGINAL text.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// True when this part is the first of a new word that follows the previous part across
    /// punctuation (so the two are not glued).
    pub after_break: bool,
}

/// The parts of `text` in order, as the index sees them.
pub fn parts(text: &str) -> Vec<Part> {
    let normalized = NORMALIZER.normalize(text);
    let ntext = &normalized.text;
    let mut out = Vec::new();
    let mut broken = true;
    for token in tokenize(ntext) {
        match token.kind {
            TokenKind::Word | TokenKind::Number => {}
            _ => {
                broken = true;
                continue;
            }
        }
        let word = &ntext[token.span.range()];
        let mut offset = token.span.start;
        for piece in word.split(['\u{200C}', '\u{200D}']) {
            let (s, e) = (offset, offset + piece.len());
            offset = e + '\u{200C}'.len_utf8();
            if piece.is_empty() {
                continue;
            }
            let (os, oe) = normalized.map.to_original(s, e);
            out.push(Part { text: piece.to_lowercase(), start: os, end: oe, after_break: broken });
            broken = token.kind == TokenKind::Number;
        }
        if token.kind == TokenKind::Number {
            broken = true;
        }
    }
    out
}

/// The tantivy tokenizer: parts plus glued neighbours.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersianTokenizer;

pub struct PersianTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for PersianTokenizer {
    type TokenStream<'a> = PersianTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PersianTokenStream {
        PersianTokenStream { tokens: index_tokens(text), next: 0 }
    }
}

/// Every token the index stores for `text`, in position order.
pub fn index_tokens(text: &str) -> Vec<Token> {
    let parts = parts(text);
    let mut tokens = Vec::with_capacity(parts.len() * 2);
    for (i, part) in parts.iter().enumerate() {
        if part.text.len() > MAX_TERM_BYTES {
            continue;
        }
        tokens.push(Token {
            offset_from: part.start,
            offset_to: part.end,
            position: i,
            text: part.text.clone(),
            position_length: 1,
        });
        if let Some(next) = parts.get(i + 1) {
            let glue = !next.after_break
                && is_letters(&part.text)
                && is_letters(&next.text)
                && part.text.len() + next.text.len() <= MAX_TERM_BYTES;
            if glue {
                let mut joined = String::with_capacity(part.text.len() + next.text.len());
                joined.push_str(&part.text);
                joined.push_str(&next.text);
                tokens.push(Token {
                    offset_from: part.start,
                    offset_to: next.end,
                    position: i,
                    text: joined,
                    position_length: 2,
                });
            }
        }
    }
    tokens
}

fn is_letters(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
}

impl TokenStream for PersianTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        index_tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn half_space_spaced_and_glued_forms_share_a_term() {
        for form in ["قره‌باغ", "قره باغ", "قرهباغ"] {
            assert!(texts(form).contains(&"قرهباغ".to_string()), "{form}: {:?}", texts(form));
        }
        assert!(texts("قره‌باغ").contains(&"قره".to_string()));
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "در ۱۸۱۳ ، كتاب";
        for t in index_tokens(text) {
            assert!(text.get(t.offset_from..t.offset_to).is_some());
        }
        assert!(texts(text).contains(&"1813".to_string()));
        assert!(texts(text).contains(&"کتاب".to_string()));
        // Punctuation breaks the glue.
        assert!(!texts("الف، باء").contains(&"الفباء".to_string()));
    }
}

use crate::tokenize::tokenize_with_words;
use crate::{split_sentences, NormalizeOptions, Normalized, Normalizer, Span, Token};
use std::ops::Range;

/// One document as the extractors see it: the original text, its normalized form with the
/// offset map, and the tokens and sentences of the normalized form, all computed once.
///
/// Extractors search `normalized()` and report spans through [`Analyzed::to_original`].
#[derive(Debug)]
pub struct Analyzed<'a> {
    original: &'a str,
    normalized: Normalized,
    tokens: Vec<Token>,
    sentences: Vec<Span>,
}

impl<'a> Analyzed<'a> {
    pub fn new(original: &'a str, options: &NormalizeOptions) -> Analyzed<'a> {
        Self::with_normalizer(original, &Normalizer::new(options.clone()))
    }

    pub fn with_normalizer(original: &'a str, normalizer: &Normalizer) -> Analyzed<'a> {
        let (normalized, words) = normalizer.normalize_with_words(original);
        let tokens = tokenize_with_words(&normalized.text, &words);
        Normalizer::give_back_words(words);
        let sentences = split_sentences(&normalized.text, &tokens);
        Analyzed { original, normalized, tokens, sentences }
    }

    pub fn original(&self) -> &'a str {
        self.original
    }

    pub fn normalized(&self) -> &str {
        &self.normalized.text
    }

    /// Tokens of the normalized text (spans into `normalized()`).
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Sentences of the normalized text (spans into `normalized()`).
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// The original byte span behind a normalized byte range.
    ///
    /// Offsets that are not char boundaries of the normalized text are widened to the nearest
    /// ones (start down, end up); offsets past its end are clamped. The result always lies on
    /// char boundaries of the original and inside it.
    pub fn to_original(&self, normalized: Range<usize>) -> Span {
        let text = self.normalized.text.as_str();
        let mut start = normalized.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = normalized.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let (s, e) = self.normalized.map.to_original(start, end);
        Span::new(s, e)
    }

    /// The normalized text and its offset map.
    pub fn normalized_with_map(&self) -> &crate::Normalized {
        &self.normalized
    }

    /// The original text behind a normalized byte range.
    pub fn original_text(&self, normalized: Range<usize>) -> &'a str {
        &self.original[self.to_original(normalized).range()]
    }
}

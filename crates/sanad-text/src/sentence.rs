//! Sentence splitter. FIRST CUT: ends at . ! ? ؟ and at line breaks.

use crate::{Span, Token, TokenKind};

/// Split `text` (already tokenized into `tokens`) into sentences; each span covers its
/// first token to its last, terminal punctuation included.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for t in tokens {
        if let Some(s) = start {
            if text[last_end..t.span.start].contains('\n') {
                out.push(Span::new(s, last_end));
                start = None;
            }
        }
        if start.is_none() {
            start = Some(t.span.start);
        }
        last_end = t.span.end;
        if t.kind == TokenKind::Punct && matches!(&text[t.span.range()], "." | "!" | "?" | "؟") {
            out.push(Span::new(start.take().unwrap_or(t.span.start), t.span.end));
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, last_end));
    }
    out
}

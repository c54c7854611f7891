//! Sentence splitter: a sentence ends at «.» «!» «?» «؟» «…» (not inside a number or an
//! abbreviation: those are whole tokens) with the closing quotes, brackets and footnote marks
//! right after it, and at every line break.

use crate::{Span, Token, TokenKind};

fn is_terminal(s: &str) -> bool {
    s.starts_with(['.', '!', '?', '؟', '…'])
}

fn is_closing(s: &str) -> bool {
    matches!(s, "»" | ")" | "]" | "\"" | "'" | "”" | "’")
}

/// Split `text` (already tokenized into `tokens`) into sentences; each span covers its
/// first token to its last, terminal punctuation, closing quotes and footnote marks included.
///
/// ```
/// use sanad_text::{split_sentences, tokenize};
/// let text = "او می‌نویسد: «ارمنی‌ها در ۲۰۰ ق.م آنجا بودند.»[۳] جنگ آغاز شد!";
/// let sentences = split_sentences(text, &tokenize(text));
/// assert_eq!(sentences.len(), 2);
/// assert!(text[sentences[0].range()].ends_with("»[۳]"));
/// ```
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::with_capacity(tokens.len() / 16 + 1);
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut ending = false;
    let bytes = text.as_bytes();
    for t in tokens {
        // Only punctuation is looked at (most tokens are words).
        let punct = || if t.kind == TokenKind::Punct { &text[t.span.range()] } else { "" };
        if let Some(st) = start {
            // The gap between two tokens is nearly always one space: no scan.
            let gap = &bytes[last_end..t.span.start];
            let newline = gap != b" " && gap.contains(&b'\n');
            let continues_end = ending
                && !newline
                && ((t.kind == TokenKind::Punct && (is_closing(punct()) || is_terminal(punct())))
                    || t.kind == TokenKind::Footnote);
            if newline || (ending && !continues_end) {
                out.push(Span::new(st, last_end));
                start = None;
                ending = false;
            }
        }
        if start.is_none() {
            start = Some(t.span.start);
        }
        last_end = t.span.end;
        if t.kind == TokenKind::Punct && is_terminal(punct()) {
            ending = true;
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, last_end));
    }
    out
}

//! Tokenizer. FIRST CUT: words, numbers (with separators), punctuation, footnote marks.

use crate::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// «[۳]»: a footnote mark, one token.
    Footnote,
}

/// A token of a normalized text; `span` is a byte range into the text that was tokenized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{200C}' || c == '\u{200D}'
}

/// Cut `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() || ('۰'..='۹').contains(&c) || ('٠'..='٩').contains(&c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_numeric()
                    || ((d == '.' || d == ',' || d == '٬' || d == '٫' || d == '/') && {
                        let rest = &text[j + d.len_utf8()..];
                        rest.chars().next().is_some_and(|n| n.is_numeric())
                    })
                {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token { span: Span::new(i, end), kind: TokenKind::Number });
        } else if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token { span: Span::new(i, end), kind: TokenKind::Word });
        } else {
            tokens.push(Token { span: Span::new(i, i + c.len_utf8()), kind: TokenKind::Punct });
        }
    }
    tokens
}

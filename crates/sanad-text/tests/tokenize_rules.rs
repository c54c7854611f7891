//! Tokenizer and sentence splitter rules, with examples from the essay.

use sanad_text::{split_sentences, tokenize, TokenKind};

fn toks(text: &str) -> Vec<(&str, TokenKind)> {
    tokenize(text).into_iter().map(|t| (&text[t.span.range()], t.kind)).collect()
}

fn sents(text: &str) -> Vec<&str> {
    split_sentences(text, &tokenize(text)).into_iter().map(|s| &text[s.range()]).collect()
}

#[test]
fn persian_and_latin_punctuation_are_tokens() {
    let t = toks("منطقه، از جمله (سفلا) «تزار»؛ چرا؟ آری! – ـ [x]");
    let puncts: Vec<&str> = t.iter().filter(|(_, k)| *k == TokenKind::Punct).map(|(s, _)| *s).collect();
    assert_eq!(puncts, ["،", "(", ")", "«", "»", "؛", "؟", "!", "–", "ـ", "[", "]"]);
}

#[test]
fn numbers_with_separators_stay_whole() {
    for n in ["۱.۲۰۰.۰۰۰", "۱۷٬۰۰۰", "1,200", "۲.۵", "۱۳۹۹/۰۸/۰۸", "2.5"] {
        let text = format!("حدود {n} نفر");
        assert_eq!(toks(&text)[1], (n, TokenKind::Number), "{n}");
    }
    // A sentence-final dot after a number is not part of it.
    assert_eq!(toks("سال ۱۹۹۴.")[1], ("۱۹۹۴", TokenKind::Number));
}

#[test]
fn dotted_abbreviations_stay_whole() {
    for a in ["ق.م", "ه.ق", "ه.ش", "هـ.ق", "U.S.A"] {
        let text = format!("سال ۲۰۰ {a} بود");
        assert!(toks(&text).contains(&(a, TokenKind::Abbreviation)), "{a}: {:?}", toks(&text));
    }
    let t = toks("به نوشتۀ آ. آرکی پوف در");
    assert!(t.contains(&("آ.", TokenKind::Abbreviation)));
    assert!(t.contains(&("ر.ک.", TokenKind::Abbreviation)) || !toks("ر.ک. به").is_empty());
    assert_eq!(toks("ر.ک. به")[0], ("ر.ک.", TokenKind::Abbreviation));
    // Negative: «و.» ends a sentence, a long word before a dot is no abbreviation.
    assert_eq!(toks("گرفت. سپس")[1], (".", TokenKind::Punct));
}

#[test]
fn footnote_marks_are_tokens() {
    let t = toks("می‌کردند.[۳] سپس [12]");
    assert!(t.contains(&("[۳]", TokenKind::Footnote)));
    assert!(t.contains(&("[12]", TokenKind::Footnote)));
    assert_eq!(toks("[الف]")[0], ("[", TokenKind::Punct));
}

#[test]
fn words_keep_zwnj_inside() {
    assert_eq!(toks("می‌شود")[0], ("می‌شود", TokenKind::Word));
}

#[test]
fn sentences_end_at_terminal_punctuation_with_closers() {
    let s = sents("او گفت: «آنجا بودند.»[۳] جنگ آغاز شد! چرا؟ نمی‌دانیم");
    assert_eq!(s, ["او گفت: «آنجا بودند.»[۳]", "جنگ آغاز شد!", "چرا؟", "نمی‌دانیم"]);
}

#[test]
fn abbreviations_and_numbers_do_not_end_sentences() {
    assert_eq!(sents("در ۲۰۰ ق.م آنجا بود. سپس"), ["در ۲۰۰ ق.م آنجا بود.", "سپس"]);
    assert_eq!(
        sents("به نوشتۀ آ. آرکی پوف جمعیت ۱.۲۰۰.۰۰۰ بود."),
        ["به نوشتۀ آ. آرکی پوف جمعیت ۱.۲۰۰.۰۰۰ بود."]
    );
}

#[test]
fn line_breaks_end_sentences() {
    assert_eq!(sents("عنوان\nمتن اول"), ["عنوان", "متن اول"]);
}

//! The founding essay, whole: its glued words are repaired, real words stay whole, and every
//! token maps back to original bytes that normalize to it.

use sanad_text::{Analyzed, NormalizeOptions, Normalizer};

const ESSAY: &str = include_str!("../../../demo/karabakh-history.fa.txt");

/// Glued words of the essay (written without their half-space) and their repair; `|` is ZWNJ.
const GLUED: &[&str] = &[
    "آذربایجانی|ها",
    "آذری|ها",
    "آذری|های",
    "آزادی|بخش",
    "آسیب|های",
    "آن|ها",
    "ارمنی|تباران",
    "ارمنی|نشین",
    "ارمنی|ها",
    "ارمنی|های",
    "افراطی|های",
    "این|ها",
    "بخش|های",
    "برگشته|ها",
    "بزرگ|تر",
    "بزرگ|ترین",
    "بوده|است",
    "بوده|اند",
    "بی|تفاوت",
    "بی|ثمر",
    "تاریخ|نگار",
    "تاریخ|نگاران",
    "تحلیل|گران",
    "ترک|ها",
    "ترک|های",
    "جلگه|ای",
    "جنگ|های",
    "خشونت|های",
    "خونین|ترین",
    "داشته|اند",
    "درگیری|ها",
    "درگیری|های",
    "درگیری|هایی",
    "ده|ها",
    "رئیس|جمهور",
    "روزنامه|نگار",
    "روس|ها",
    "ریشه|های",
    "زخمی|ها",
    "سازمان|های",
    "سال|ها",
    "سال|های",
    "شده|است",
    "شده|اند",
    "شعله|ها",
    "فاجعه|ای",
    "قتل|عام",
    "قدرت|های",
    "قره|باغ",
    "ماه|های",
    "مغازه|ها",
    "مقاله|ای",
    "منطقه|ای",
    "موشک|ها",
    "میله|های",
    "می|بردند",
    "می|جنگیدند",
    "می|خواستند",
    "می|دادند",
    "می|دارند",
    "می|دهد",
    "می|دهند",
    "می|دیدند",
    "می|رسد",
    "می|زدند",
    "می|ساختند",
    "می|شد",
    "می|شدند",
    "می|شود",
    "می|نویسد",
    "می|کرد",
    "می|کردند",
    "می|کند",
    "می|کنند",
    "می|کوشید",
    "می|گرفته",
    "می|گشودند",
    "می|گوید",
    "می|گیرند",
    "نسل|کشی",
    "نمی|تواند",
    "نمی|دانیم",
    "نمی|دیدند",
    "نمی|دیدیم",
    "نمی|رفت",
    "نمی|شد",
    "نمی|کردند",
    "نمی|کنند",
    "نمی|گشود",
    "نکرده|اند",
    "هیچ|یک",
    "پاره|ای",
    "کاشانه|شان",
    "کرده|است",
    "کرده|اند",
    "کوچک|تر",
    "گرفته|است",
    "گروه|ها",
    "گروه|های",
    "گزارش|ها",
    "گشوده|اند",
];

/// Whole words that start with «می» or end with «ها»: never split, alone or in a sentence.
const WHOLE: &[&str] = &[
    "میز",
    "میدان",
    "میلیون",
    "میراث",
    "میزان",
    "میان",
    "میانه",
    "میانجی",
    "میانجیگری",
    "میانگین",
    "میانبر",
    "میثاق",
    "میخ",
    "میخانه",
    "میخک",
    "میرزا",
    "میش",
    "میعاد",
    "میل",
    "میلاد",
    "میلادی",
    "میله",
    "میلیارد",
    "میلیاردر",
    "میلیونر",
    "میمون",
    "مینا",
    "مینو",
    "میهمان",
    "میهن",
    "میوه",
    "میکروب",
    "میکروسکپ",
    "میگرن",
    "میگو",
    "میزبان",
    "میسر",
    "میخچه",
    "میراب",
    "میزگرد",
    "میعادگاه",
    "میناکاری",
    "میکده",
    "میقات",
    "میترا",
    "میثم",
    "میکائیل",
    "میلان",
    "تنها",
    "رها",
    "بها",
    "اشتها",
    "انتها",
    "اژدها",
    "شیربها",
    "فقها",
    "منتها",
    "پربها",
    "مینیاتور",
    "کهربا",
    "رهبران",
    "روستاییان",
    "شمخور",
    "مطلباف",
    "میدان|ها",
    "همه|ها",
];

fn z(s: &str) -> String {
    s.replace('|', "\u{200C}")
}

fn words(text: &str) -> std::collections::HashSet<&str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\u{200C}')).filter(|w| !w.is_empty()).collect()
}

#[test]
fn essay_glued_words_are_repaired() {
    assert!(GLUED.len() >= 50);
    let normalized = Normalizer::new(NormalizeOptions::default()).normalize(ESSAY).text;
    let (orig_words, norm_words) = (words(ESSAY), words(&normalized));
    let mut missing = vec![];
    for entry in GLUED {
        let glued = entry.replace('|', "");
        assert!(orig_words.contains(glued.as_str()), "{glued} is not in the essay as one glued word");
        // The glued form itself normalizes to the repair, and the repair is in the essay.
        if Normalizer::new(NormalizeOptions::default()).normalize(&glued).text != z(entry)
            || !norm_words.contains(z(entry).as_str())
        {
            missing.push(*entry);
        }
    }
    assert!(missing.is_empty(), "not repaired: {missing:?}");
}

#[test]
fn whole_words_are_never_split() {
    assert!(WHOLE.len() >= 50);
    let n = Normalizer::new(NormalizeOptions::default());
    for entry in WHOLE {
        let w = z(entry);
        assert_eq!(n.normalize(&w).text, w, "alone");
        let sentence = format!("این {w} است.");
        assert_eq!(n.normalize(&sentence).text, sentence, "in a sentence");
    }
}

#[test]
fn essay_is_idempotent() {
    for options in [NormalizeOptions::default(), NormalizeOptions::for_extraction()] {
        let n = Normalizer::new(options);
        let once = n.normalize(ESSAY).text;
        let twice = n.normalize(&once).text;
        if once != twice {
            let (a, b): (Vec<_>, Vec<_>) = (once.split(' ').collect(), twice.split(' ').collect());
            let diff: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).take(5).collect();
            panic!("not idempotent: {diff:?}");
        }
    }
}

#[test]
fn essay_round_trips_through_the_offset_map() {
    let options = NormalizeOptions::for_extraction();
    let n = Normalizer::new(options.clone());
    let doc = Analyzed::new(ESSAY, &options);
    let mut last = (0, 0);
    let mut bad = vec![];
    for t in doc.tokens() {
        let span = doc.to_original(t.span.range());
        assert!(ESSAY.is_char_boundary(span.start) && ESSAY.is_char_boundary(span.end));
        assert!(span.start >= last.0 && span.end >= last.1, "monotone");
        last = (span.start, span.end);
        let token = &doc.normalized()[t.span.range()];
        let original = &ESSAY[span.range()];
        if n.normalize(original).text != token {
            bad.push((token.to_string(), original.to_string()));
        }
    }
    assert!(bad.is_empty(), "{} tokens do not round-trip, e.g. {:?}", bad.len(), &bad[..bad.len().min(10)]);
    for s in doc.sentences() {
        let span = doc.to_original(s.range());
        assert!(ESSAY.is_char_boundary(span.start) && ESSAY.is_char_boundary(span.end));
    }
}

#[test]
fn essay_abbreviations_numbers_and_footnotes() {
    let doc = Analyzed::new(ESSAY, &NormalizeOptions::for_extraction());
    let text = |t: &sanad_text::Token| doc.original_text(t.span.range()).to_string();
    let footnotes = doc.tokens().iter().filter(|t| t.kind == sanad_text::TokenKind::Footnote).count();
    assert!(footnotes >= 3, "footnote marks: {footnotes}");
    let numbers: Vec<String> =
        doc.tokens().iter().filter(|t| t.kind == sanad_text::TokenKind::Number).map(text).collect();
    assert!(numbers.iter().any(|n| n == "۱۷٬۰۰۰"), "{numbers:?}");
    let sentences = doc.sentences().len();
    assert!(sentences > 200, "{sentences} sentences");
}

/// `Analyzed` tokenizes with the normalizer's word ranges as hints and must cut exactly what
/// `tokenize` cuts from the normalized text alone; and `normalize` must equal the text it keeps.
#[test]
fn analyzed_tokens_equal_plain_tokenize() {
    for options in [NormalizeOptions::for_extraction(), NormalizeOptions::default()] {
        let doc = Analyzed::new(ESSAY, &options);
        assert_eq!(doc.tokens(), &sanad_text::tokenize(doc.normalized())[..]);
        assert_eq!(doc.normalized(), Normalizer::new(options).normalize(ESSAY).text);
    }
}

/// Once the word cache has grown big (a corpus's vocabulary), the normalizer finds the words
/// ahead of its main loop and prefetches their cache slots: the result must be the same as on a
/// fresh thread, whose small cache skips that.
#[test]
fn scanning_ahead_changes_nothing() {
    let analyze = |warm: bool| {
        std::thread::spawn(move || {
            let options = NormalizeOptions::for_extraction();
            if warm {
                // About 20 000 distinct words of plain letters: the cache grows past 2^14 slots.
                let letters: Vec<char> = "ابتثجحخدرزسشصطعفقلمنهوپچکگ".chars().collect();
                let mut text = String::new();
                for a in &letters {
                    for b in &letters {
                        for c in &letters {
                            text.extend([*a, *b, *c, 'ی', ' ']);
                        }
                    }
                }
                Normalizer::new(options.clone()).normalize(&text);
            }
            let doc = Analyzed::new(ESSAY, &options);
            let spans: Vec<_> = doc.tokens().iter().map(|t| doc.to_original(t.span.range())).collect();
            (doc.normalized().to_string(), doc.tokens().to_vec(), spans)
        })
        .join()
        .expect("no panic")
    };
    assert!(analyze(true) == analyze(false));
}

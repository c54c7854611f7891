//! One test per normalizer rule, with real examples from the essay (demo/karabakh-history.fa.txt)
//! and negative examples.

use sanad_text::{DigitScript, NormalizeOptions, Normalizer};

const ZWNJ: &str = "\u{200C}";

fn norm(s: &str) -> String {
    Normalizer::new(NormalizeOptions::default()).normalize(s).text
}

fn norm_latin(s: &str) -> String {
    Normalizer::new(NormalizeOptions::for_extraction()).normalize(s).text
}

fn z(s: &str) -> String {
    s.replace('|', ZWNJ)
}

#[test]
fn arabic_letter_forms_become_persian() {
    assert_eq!(norm("علي كرد"), "علی کرد");
    assert_eq!(norm("مصطفى"), "مصطفی");
    assert_eq!(norm("ﻗﺮﻩﺑﺎﻍ"), z("قره|باغ"), "presentation forms, then the lexicon");
    assert_eq!(norm("ﻻ"), "لا");
    assert_eq!(norm("ﮐﺘﺎﺏ"), "کتاب");
    let off = Normalizer::new(NormalizeOptions { persian_letters: false, ..Default::default() });
    assert_eq!(off.normalize("علي").text, "علي");
}

#[test]
fn digits_go_to_the_chosen_script() {
    assert_eq!(norm_latin("در سال ۱۷۹۵م"), "در سال 1795م");
    assert_eq!(norm_latin("٢٠٢٠"), "2020");
    assert_eq!(norm("1813 و ٢٠٢٠"), "۱۸۱۳ و ۲۰۲۰");
    let keep = Normalizer::new(NormalizeOptions { digits: DigitScript::Keep, ..Default::default() });
    assert_eq!(keep.normalize("۱۸۱۳ و 1813 و ٢٠").text, "۱۸۱۳ و 1813 و ٢٠");
}

#[test]
fn diacritics_and_tatweel_are_removed() {
    assert_eq!(norm("اِعلام کَرد"), "اعلام کرد");
    assert_eq!(norm("بُزرگیِ"), "بزرگی");
    assert_eq!(norm("تهـــران"), "تهران");
    assert_eq!(norm("هـ.ق"), "ه.ق");
    // A tatweel standing alone is a dash, from the essay: «سال های ۸۱۰ ـ ۷۸۶ ق.م».
    assert_eq!(norm_latin("سال های ۸۱۰ ـ ۷۸۶ ق.م"), "سال\u{200c}های 810 ـ 786 ق.م");
    assert_eq!(norm("کتاباً"), "کتابا");
}

#[test]
fn odd_spaces_and_invisible_controls_are_cleaned() {
    assert_eq!(norm("قفقاز\u{00A0}جنوبی"), "قفقاز جنوبی");
    assert_eq!(norm("قفقاز\u{200F}\u{202B} جنوبی\u{200E}"), "قفقاز جنوبی");
    assert_eq!(norm("قفقاز\u{200B}جنوبی"), "قفقازجنوبی");
    assert_eq!(norm("\u{FEFF}سلام"), "سلام");
    assert_eq!(norm("سلام   \t  دنیا"), "سلام دنیا");
    assert_eq!(norm("  سلام  \n  دنیا  "), "سلام\nدنیا");
}

#[test]
fn stray_zwnj_is_removed() {
    assert_eq!(norm(&z("|سلام| دنیا||")), "سلام دنیا");
    assert_eq!(norm(&z("می||شود")), z("می|شود"));
}

#[test]
fn punctuation_spacing_like_hazm() {
    // From the essay: «... شکل گرفت .», «مقالات ؛», «منطقه ، از».
    assert_eq!(norm("روسیه شکل گرفت ."), "روسیه شکل گرفت.");
    assert_eq!(norm("مقالات ؛ و"), "مقالات؛ و");
    assert_eq!(norm("منطقه ، از"), "منطقه، از");
    assert_eq!(norm("منطقه،از"), "منطقه، از");
    assert_eq!(norm("به نام « تزار » شد"), "به نام «تزار» شد");
    assert_eq!(norm("گفت:«بنا"), "گفت: «بنا");
    assert_eq!(norm("(سفلا )و"), "(سفلا) و");
    assert_eq!(norm("چرا ؟"), "چرا؟");
    // Negative: numbers and abbreviations keep their dots.
    assert_eq!(norm_latin("۲.۵ و ق.م"), "2.5 و ق.م");
    assert_eq!(norm_latin("1,200"), "1,200");
    let off = Normalizer::new(NormalizeOptions { punctuation_spacing: false, ..Default::default() });
    assert_eq!(off.normalize("گرفت .").text, "گرفت .");
}

#[test]
fn zwnj_spaced_verb_prefix() {
    assert_eq!(norm("می شود"), z("می|شود"));
    assert_eq!(norm("نمی توان"), z("نمی|توان"));
    assert_eq!(norm("کوشش می کردند"), z("کوشش می|کردند"), "from the essay");
}

#[test]
fn zwnj_spaced_suffixes() {
    assert_eq!(norm("ارمنی ها و گرجی ها"), z("ارمنی|ها و گرجی|ها"));
    assert_eq!(norm("جلگه های حاصلخیز"), z("جلگه|های حاصلخیز"));
    assert_eq!(norm("مناطق جلگه ای"), z("مناطق جلگه|ای"));
    assert_eq!(norm("بخش هایی از"), z("بخش|هایی از"));
    assert_eq!(norm("بزرگ ترین کشور"), z("بزرگ|ترین کشور"));
    assert_eq!(norm("رفته اند"), z("رفته|اند"));
    // Negative: «ای» joins only after «ه»; nothing joins across a line break or to digits.
    assert_eq!(norm("ای خدا"), "ای خدا");
    assert_eq!(norm("کتاب ای"), "کتاب ای");
    assert_eq!(norm("ارمنی\nها"), "ارمنی\nها");
    assert_eq!(norm_latin("۱۹۹۰ ها"), "1990 ها");
}

#[test]
fn zwnj_glued_repairs_from_the_essay() {
    for (glued, want) in [
        ("میشود", "می|شود"),
        ("میکردند", "می|کردند"),
        ("قرهباغ", "قره|باغ"),
        ("تاریخنگاران", "تاریخ|نگاران"),
        ("ارمنیتباران", "ارمنی|تباران"),
        ("نمیتواند", "نمی|تواند"),
        ("آذربایجانیها", "آذربایجانی|ها"),
        ("مقالهای", "مقاله|ای"),
        ("بزرگترین", "بزرگ|ترین"),
        ("نکردهاند", "نکرده|اند"),
        ("کاشانهشان", "کاشانه|شان"),
        ("رئیسجمهور", "رئیس|جمهور"),
    ] {
        assert_eq!(norm(glued), z(want), "{glued}");
    }
}

#[test]
fn real_words_are_never_split() {
    for w in [
        "میز",
        "میدان",
        "میلیون",
        "میراث",
        "میزان",
        "رهبران",
        "روستاییان",
        "دختران",
        "شمخور",
        "مطلباف",
        "تنها",
    ] {
        assert_eq!(norm(w), w);
    }
    assert_eq!(norm(&z("همه|ها")), z("همه|ها"));
}

#[test]
fn zwnj_repair_can_be_switched_off() {
    let off = Normalizer::new(NormalizeOptions { repair_zwnj: false, ..Default::default() });
    assert_eq!(off.normalize("میشود و ارمنی ها").text, "میشود و ارمنی ها");
}

#[test]
fn offsets_of_a_glued_repair_cover_the_original_word() {
    let n = Normalizer::new(NormalizeOptions::default()).normalize("در قرهباغ میشود");
    let word = z("قره|باغ");
    let at = n.text.find(&word).unwrap();
    let (s, e) = n.map.to_original(at, at + word.len());
    assert_eq!(&"در قرهباغ میشود"[s..e], "قرهباغ");
}

//! Every rival name quoted in issue 5 resolves to its entity, with ORIGINAL spans.

use sanad_entities::{EntityFinder, EntityMention, YearContext};
use sanad_text::{Analyzed, NormalizeOptions, Span};
use std::sync::LazyLock;

static FINDER: LazyLock<EntityFinder> = LazyLock::new(EntityFinder::new);

fn find(text: &str) -> Vec<(String, String)> {
    find_with_years(text, &[])
}

fn find_with_years(text: &str, years: &[YearContext]) -> Vec<(String, String)> {
    let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
    FINDER
        .find(&doc, years)
        .into_iter()
        .filter(|m| m.value.origin != "model")
        .map(|m: EntityMention| {
            assert!(doc.original().get(m.span.range()).is_some());
            (text[m.span.range()].to_string(), m.value.id.unwrap_or_default())
        })
        .collect()
}

/// All the named texts are found, each with the same id `id`.
fn assert_one_id(text: &str, names: &[&str], id: &str) {
    let found = find(text);
    for name in names {
        let hit = found.iter().find(|(t, _)| t == name);
        let Some((_, got)) = hit else { panic!("{name:?} not found in {text:?}: {found:?}") };
        assert_eq!(got, id, "{name:?} in {text:?}: {found:?}");
    }
}

#[test]
fn stepanakert_and_khankendi() {
    assert_one_id(
        "استپاناکرت ( خان کندی در نقشه های جمهوری آذربایجان)",
        &["استپاناکرت", "خان کندی"],
        "stepanakert",
    );
}

#[test]
fn khankendi_is_the_name_azerbaijan_uses() {
    let doc = Analyzed::new("خان کندی", &NormalizeOptions::for_extraction());
    let m = &FINDER.find(&doc, &[])[0];
    assert_eq!(m.value.name_used_by.as_deref(), Some("Azerbaijan"));
}

#[test]
fn karvachar_and_kalbajar() {
    assert_one_id("در کارواچار (کلبجر در نقشه های جمهوری آذربایجان)", &["کارواچار", "کلبجر"], "kalbajar");
}

#[test]
fn ganja_and_kirovabad_spaced_and_glued() {
    assert_one_id("گنجه ( کیروف آباد)", &["گنجه", "کیروف آباد"], "ganja");
    assert_one_id("شهر کیروفآباد (گنجه)", &["کیروفآباد", "گنجه"], "ganja");
}

#[test]
fn khanlar_and_goygol() {
    assert_one_id("شامل خانلر (گویگول)، کارهاد", &["خانلر", "گویگول"], "goygol");
}

#[test]
fn artsakh_karabakh_mountainous_karabakh_nagorno_karabakh() {
    assert_one_id(
        "آرتساخ (قره باغ ؛ قره باغ کوهستانی ؛ ناگورنو- قره باغ )",
        &["آرتساخ", "قره باغ", "قره باغ کوهستانی", "ناگورنو- قره باغ"],
        "karabakh",
    );
}

#[test]
fn karabakh_spellings_with_and_without_zwnj() {
    for text in ["قرهباغ", "قره باغ", "قره\u{200C}باغ", "قراباغ"] {
        assert_one_id(text, &[text], "karabakh");
    }
}

#[test]
fn arran_and_caucasian_albania() {
    assert_one_id("آران", &["آران"], "arran");
    assert_one_id("اران", &["اران"], "arran");
    assert_one_id("آلبانیای قفقاز (آران ؛ یعنی", &["آلبانیای قفقاز"], "caucasian_albania");
}

#[test]
fn shushi_and_shusha() {
    assert_one_id("شوشی / شوشا", &["شوشی", "شوشا"], "shusha");
}

#[test]
fn aghdam_spellings() {
    assert_one_id("آغدام / آقدام", &["آغدام", "آقدام"], "aghdam");
}

#[test]
fn mutallibov_spellings() {
    assert_one_id("مطلب اف / مطلباف / ایاز مطلب اف", &["مطلب اف", "مطلباف", "ایاز مطلب اف"], "mutallibov");
}

#[test]
fn treaty_of_gulistan_ezafe_variants() {
    for text in ["عهدنامۀ گلستان", "عهد نامۀ گلستان", "عهدنامه ی گلستان", "عهدنامهٔ گلستان"]
    {
        assert_one_id(text, &[text], "treaty_gulistan");
    }
}

#[test]
fn ethnonyms_nouns_plurals_and_adjectives() {
    for text in ["ارمنی ها", "ارمنیان", "ارامنه", "ارمنی", "ارمنی\u{200C}ها", "ارمنیهای"]
    {
        assert_one_id(text, &[text], "armenians");
    }
    assert_one_id("منابع ارمنی", &["ارمنی"], "armenians");
    assert_one_id("آذری ها", &["آذری ها"], "azerbaijanis");
}

#[test]
fn turk_as_leaving_is_not_an_ethnonym() {
    assert!(find("شهر را ترک کردند").is_empty());
    assert!(find("مردم وادار به ترک باکو شدند").iter().all(|(t, _)| t != "ترک"));
    assert!(find("ایران و عثمانی را ترک کرده").iter().all(|(t, _)| t != "ترک"));
    assert_one_id("اقوامی ترک از شرق", &["ترک"], "turks");
    assert_one_id("تخلیه را به ترک ها داد", &["ترک ها"], "turks");
}

#[test]
fn kard_the_verb_is_not_kurds() {
    assert!(find("اعلام استقلال کرد و رفت").iter().all(|(_, id)| id != "kurds"));
    assert_one_id("کردهای عراق", &["کردهای"], "kurds");
}

#[test]
fn names_match_whole_words_only() {
    // «روس» inside «روستا», «وان» inside «کاروان».
    assert!(find("روستای کوچک").is_empty());
    assert!(find("کاروان رسید").is_empty());
}

fn year(text: &str, at: &str, year: i32) -> YearContext {
    let start = text.find(at).unwrap();
    YearContext { span: Span::new(start, start + at.len()), year }
}

#[test]
fn azerbaijan_by_date_context() {
    let cases = [
        ("در سال ۱۸۱۳ سپاه وارد آذربایجان شد", "۱۸۱۳", 1813, "iranian_azerbaijan"),
        ("در سال ۱۹۱۹ دولت آذربایجان", "۱۹۱۹", 1919, "azerbaijan_dr"),
        ("در سال ۱۹۵۰ آذربایجان", "۱۹۵۰", 1950, "azerbaijan_ssr"),
        ("در سال ۱۹۹۳ آذربایجان وضعیت فوق العاده اعلام کرد", "۱۹۹۳", 1993, "azerbaijan"),
    ];
    for (text, at, y, id) in cases {
        let found = find_with_years(text, &[year(text, at, y)]);
        assert_eq!(found, vec![("آذربایجان".to_string(), id.to_string())], "{text}");
    }
    // No date: the modern state.
    assert_eq!(find("آذربایجان")[0].1, "azerbaijan");
    // The explicit forms need no date.
    assert_eq!(find("آذربایجان ایران")[0].1, "iranian_azerbaijan");
}

#[test]
fn armenia_by_date_context() {
    let text = "در سال ۱۹۶۳ ارمنستان";
    assert_eq!(find_with_years(text, &[year(text, "۱۹۶۳", 1963)])[0].1, "armenian_ssr");
    let text = "در سال ۲۰۰۸ ارمنستان";
    assert_eq!(find_with_years(text, &[year(text, "۲۰۰۸", 2008)])[0].1, "armenia");
}

#[test]
fn van_the_kingdom_and_van_the_place() {
    assert_one_id("پادشاهان وان", &["وان"], "urartu");
    assert_one_id("در ناحیۀ وان", &["ناحیۀ وان"], "van");
}

#[test]
fn spans_are_original_bytes_with_arabic_letters_and_digits() {
    // Arabic yeh/kaf and a tatweel in the original; the span must cover the original bytes.
    let text = "سپس استالیـن و علي اف";
    let found = find(text);
    assert!(found.iter().any(|(t, id)| t == "استالیـن" && id == "stalin"), "{found:?}");
}

#[test]
fn geojson_places_feature_collection() {
    let text = "استپاناکرت ( خان کندی ) و باکو و حیدر علی اف";
    let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
    let mentions = FINDER.find(&doc, &[]);
    let fc = FINDER.places_geojson(text, &mentions);
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().unwrap();
    let ids: Vec<&str> = features.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["stepanakert", "baku"]);
    let st = &features[0];
    assert_eq!(st["geometry"]["type"], "Point");
    let lon = st["geometry"]["coordinates"][0].as_f64().unwrap();
    assert!((46.0..47.5).contains(&lon));
    assert_eq!(st["properties"]["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(st["properties"]["mentions"][1][2], "خان کندی");
    let names = st["properties"]["names"].as_array().unwrap();
    assert!(names.iter().any(|n| n["text"] == "خان کندی" && n["used_by"] == "Azerbaijan"));
}

#[test]
fn glued_copula_after_a_name_but_not_after_a_verb() {
    assert_one_id("مرکز آن باکوست.", &["باکو"], "baku");
    assert!(find("اعلام کرده است").is_empty());
    assert!(find("اعلام کرده اند").is_empty());
}

#[test]
fn function_words_do_not_glue_into_names() {
    // With spaces ignored «و ان» would read «وان» and «در بند» «دربند».
    assert!(find("گفت و ان را دید").is_empty());
    assert!(find("او در بند بود").is_empty());
    assert_one_id("شهر دربند", &["شهر دربند"], "derbent");
    assert!(find("این در روسیه است").iter().all(|(_, id)| id == "russia"));
}

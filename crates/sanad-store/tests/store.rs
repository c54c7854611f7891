//! The store as its callers use it: write, read back, search, version, export.

use sanad_core::{Annotation, ClaimGroup, Extractor};
use sanad_store::export::ExportFormat;
use sanad_store::{
    prepare, ClaimsRequest, Format, ListRequest, Outcome, SearchRequest, Store, TimelineRequest,
};
use serde_json::json;

const ESSAY: &str =
    "قره‌باغ در سال ۱۸۱۳ م به روسیه رسید. بین ۳۰۰۰ تا ۱۰۰۰۰ نفر کشته شدند.\nدر ۱۹۸۸ جنبش آغاز شد.";

fn span(text: &str, needle: &str) -> (usize, usize) {
    let s = text.find(needle).expect(needle);
    (s, s + needle.len())
}

/// A prepared document with hand-made annotations (the extractors are tested elsewhere), built
/// from the JSON contract so the test follows the value types as they grow.
fn annotated(source: &str, text: &str) -> sanad_store::Prepared {
    let mut p = prepare(&Extractor::new(), source, text.as_bytes(), Format::Txt, false).unwrap();
    let ann = |needle: &str, kind: &str, value: serde_json::Value| -> Annotation {
        let (s, e) = span(text, needle);
        serde_json::from_value(json!({"kind": kind, "value": value, "start": s, "end": e, "text": needle}))
            .unwrap()
    };
    let date = |start: &str, end: &str| {
        json!({"calendar": "gregorian", "granularity": "year", "start": start, "end": end,
               "inferred": false, "year_from_context": false, "original": {}})
    };
    let (qs, qe) = span(text, "بین ۳۰۰۰ تا ۱۰۰۰۰ نفر");
    p.annotations = vec![
        ann(
            "قره‌باغ",
            "entity",
            json!({"type": "location", "id": "x-karabakh", "canonical": "قره‌باغ",
            "name_used_by": null, "score": 1.0, "origin": "gazetteer"}),
        ),
        ann("۱۸۱۳ م", "date", date("1813-01-01", "1813-12-31")),
        ann(
            "بین ۳۰۰۰ تا ۱۰۰۰۰ نفر",
            "quantity",
            json!({"low": 3000, "high": 10000, "approx": false,
            "unit": "person", "measure": "killed", "group": null, "vague": false}),
        ),
        ann("۱۹۸۸", "date", date("1988-01-01", "1988-12-31")),
    ];
    let group: ClaimGroup = serde_json::from_value(json!({
        "id": "g1", "about": "killed · people", "disputed": true, "reasons": ["figures do not overlap"],
        "members": [{"annotation": 2, "start": qs, "end": qe, "text": "بین ۳۰۰۰ تا ۱۰۰۰۰ نفر",
            "source": "author", "stance": "asserts", "via": null, "low": 3000, "high": 10000, "approx": false}]
    }))
    .unwrap();
    p.claims = vec![group];
    p
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn round_trip_text_annotations_claims() {
    let (_dir, store) = open();
    let p = annotated("essay.txt", ESSAY);
    let id = p.id.clone();
    assert_eq!(store.write(p).unwrap(), Outcome::New);
    store.commit().unwrap();
    let doc = store.document(&id).unwrap().unwrap();
    assert_eq!(doc["text"], ESSAY);
    let anns = doc["annotations"].as_array().unwrap();
    for a in anns {
        let (s, e) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
        assert_eq!(a["text"], ESSAY[s..e]);
        let text: Vec<u16> = ESSAY.encode_utf16().collect();
        let (us, ue) = (a["u16_start"].as_u64().unwrap() as usize, a["u16_end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf16(&text[us..ue]).unwrap(), a["text"].as_str().unwrap());
    }
    assert!(anns.iter().any(|a| a["kind"] == "sentence"));
    let date = anns.iter().find(|a| a["kind"] == "date").unwrap();
    assert_eq!(date["solar_hijri"]["start"], "1191-10-11");
    assert_eq!(doc["claims"][0]["members"][0]["text"], "بین ۳۰۰۰ تا ۱۰۰۰۰ نفر");
    // A prefix of the id works too.
    assert!(store.document(&id[..10]).unwrap().is_some());
    assert!(store.document("deadbeef00").unwrap().is_none());
    let list = store.documents(&ListRequest::default()).unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["documents"][0]["date_min"], "1813-01-01");
    assert_eq!(list["documents"][0]["annotations"]["date"], 2);
}

#[test]
fn same_bytes_twice_change_nothing_and_a_changed_file_is_a_new_version() {
    let (_dir, store) = open();
    let x = Extractor::new();
    let a = prepare(&x, "a.txt", "نسخهٔ یکم".as_bytes(), Format::Txt, false).unwrap();
    let first = a.id.clone();
    assert_eq!(store.write(a.clone()).unwrap(), Outcome::New);
    assert_eq!(store.write(a).unwrap(), Outcome::Unchanged);
    let b = prepare(&x, "a.txt", "نسخهٔ دوم".as_bytes(), Format::Txt, false).unwrap();
    let second = b.id.clone();
    assert_eq!(store.write(b).unwrap(), Outcome::Version);
    store.commit().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats["documents"], 1);
    assert_eq!(stats["versions"], 2);
    let doc = store.document(&second).unwrap().unwrap();
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["versions"].as_array().unwrap().len(), 2);
    // The old version is kept, but only the current one is searched.
    assert_eq!(store.document(&first).unwrap().unwrap()["text"], "نسخهٔ یکم");
    assert_eq!(store.search(&SearchRequest::query("یکم")).unwrap()["total"], 0);
    assert_eq!(store.search(&SearchRequest::query("دوم")).unwrap()["total"], 1);
}

#[test]
fn search_finds_every_half_space_spelling() {
    let (_dir, store) = open();
    let x = Extractor::new();
    for (i, form) in ["قره‌باغ", "قره باغ", "قرهباغ"].iter().enumerate() {
        let text = format!("متن {i}: تاریخ {form} کوهستانی");
        store.write(prepare(&x, &format!("{i}.txt"), text.as_bytes(), Format::Txt, false).unwrap()).unwrap();
    }
    store.write(prepare(&x, "other.txt", "باغ قره نیست".as_bytes(), Format::Txt, false).unwrap()).unwrap();
    store.commit().unwrap();
    for q in ["قرهباغ", "قره باغ", "قره‌باغ", "\"قره باغ\"", "قرهباغ كوهستانی"]
    {
        let r = store.search(&SearchRequest::query(q)).unwrap();
        // All three spellings, first; «باغ قره» may follow (loose words need not be adjacent).
        let top: Vec<&str> = (0..3).map(|i| r["hits"][i]["source"].as_str().unwrap_or("")).collect();
        assert!(top.iter().all(|s| s != &"other.txt" && !s.is_empty()), "{q}: {r}");
        let hit = &r["hits"][0];
        assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>"), "{hit}");
        assert!(!hit["highlights"].as_array().unwrap().is_empty());
    }
    // A phrase keeps word order; exclusion removes.
    assert_eq!(store.search(&SearchRequest::query("\"باغ قره\"")).unwrap()["total"], 1);
    assert_eq!(store.search(&SearchRequest::query("\"قره باغ\"")).unwrap()["total"], 3);
    let r = store.search(&SearchRequest::query("قرهباغ -کوهستانی")).unwrap();
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["source"], "other.txt");
    assert_eq!(store.search(&SearchRequest::query("")).unwrap()["total"], 0);
}

#[test]
fn search_filters_timeline_claims_places() {
    let (_dir, store) = open();
    let p = annotated("essay.txt", ESSAY);
    let id = p.id.clone();
    store.write(p).unwrap();
    store
        .write(
            prepare(&Extractor::new(), "b.txt", "قره‌باغ بدون تاریخ".as_bytes(), Format::Txt, false).unwrap(),
        )
        .unwrap();
    store.commit().unwrap();
    let q = |from: &str, to: &str| {
        let mut r = SearchRequest::query("قرهباغ");
        r.from = Some(from.into());
        r.to = Some(to.into());
        store.search(&r).unwrap()["total"].as_u64().unwrap()
    };
    assert_eq!(store.search(&SearchRequest::query("قرهباغ")).unwrap()["total"], 2);
    assert_eq!(q("1800", "1820"), 1);
    assert_eq!(q("1900", "1950"), 0);
    let mut r = SearchRequest::query("");
    r.entity = Some("x-karabakh".into());
    assert_eq!(store.search(&r).unwrap()["total"], 1);
    r.entity = None;
    r.kind = Some("quantity".into());
    assert_eq!(store.search(&r).unwrap()["hits"][0]["doc"], id.as_str());
    let mut bad = SearchRequest::query("x");
    bad.from = Some("soon".into());
    assert!(store.search(&bad).unwrap_err().is_bad_request());

    let t = store.timeline(&TimelineRequest::default()).unwrap();
    let events = t["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["start"], "1813-01-01");
    assert_eq!(events[1]["start"], "1988-01-01");
    assert_eq!(events[0]["text"], "۱۸۱۳ م");
    assert_eq!(events[0]["solar_hijri"]["start"], "1191-10-11");
    assert!(events[0]["sentence"]["text"].as_str().unwrap().contains("روسیه"));
    assert_eq!(events[0]["entities"][0]["id"], "x-karabakh");
    let t = store.timeline(&TimelineRequest { from: Some("1900".into()), ..Default::default() }).unwrap();
    assert_eq!(t["total"], 1);

    let c = store.claims(&ClaimsRequest { disputed: Some(true), ..Default::default() }).unwrap();
    assert_eq!(c["total"], 1);
    assert_eq!(c["groups"][0]["members"][0]["source"], "author");
    assert_eq!(
        store.claims(&ClaimsRequest { disputed: Some(false), ..Default::default() }).unwrap()["total"],
        0
    );

    let places = store.places_with(&|id| (id == "x-karabakh").then_some([46.75, 39.82])).unwrap();
    assert_eq!(places["type"], "FeatureCollection");
    let ours = places["features"].as_array().unwrap().iter().find(|f| f["id"] == "x-karabakh").unwrap();
    assert_eq!(ours["geometry"]["coordinates"][0], 46.75);
    assert_eq!(ours["properties"]["names"][0]["name"], "قره‌باغ");
}

#[test]
fn exports_are_valid() {
    let (_dir, store) = open();
    let hostile = "<script>alert('x')</script> & <img src=x onerror=alert(1)> \u{1}";
    store.write(annotated("essay.txt", &format!("{ESSAY}\n{hostile}"))).unwrap();
    store.commit().unwrap();
    let run = |f: ExportFormat| {
        let mut out = Vec::new();
        store.export(f, None, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let tei = run(ExportFormat::Tei);
    let xml = roxmltree::Document::parse(&tei).unwrap_or_else(|e| panic!("{e}\n{tei}"));
    let names: Vec<&str> =
        xml.descendants().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    for el in ["TEI", "date", "placeName", "num"] {
        assert!(names.contains(&el), "{el} in {names:?}");
    }
    let date = xml.descendants().find(|n| n.has_tag_name("date")).unwrap();
    assert_eq!(date.attribute("from"), Some("1813-01-01"));
    assert_eq!(date.attribute("calendar"), Some("#gregorian"));
    assert!(!names.contains(&"script") && !names.contains(&"img"));
    assert!(tei.contains("&lt;script&gt;"));

    let geo: serde_json::Value = serde_json::from_str(&run(ExportFormat::GeoJson)).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");

    let tl: serde_json::Value = serde_json::from_str(&run(ExportFormat::TimelineJs)).unwrap();
    let ev = &tl["events"][0];
    assert_eq!(ev["start_date"]["year"], 1813);
    assert!(ev["text"]["headline"].is_string() && ev["text"]["text"].is_string());

    let csv = run(ExportFormat::Csv);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains("\"author\""));

    let json = run(ExportFormat::Json);
    let doc: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert!(doc["text"].as_str().unwrap().contains("<script>"), "stored as data, unchanged");
}

#[test]
fn html_documents_keep_text_and_title_and_bad_bytes_are_refused() {
    let (_dir, store) = open();
    let x = Extractor::new();
    let html = "<html><head><title>عنوان</title><script>evil()</script></head><body><p>متن &amp; قره&zwnj;باغ</p></body></html>";
    let p = prepare(&x, "a.html", html.as_bytes(), Format::Html, false).unwrap();
    assert_eq!(p.title.as_deref(), Some("عنوان"));
    assert_eq!(p.text, "متن & قره\u{200C}باغ");
    assert_eq!(p.id, sanad_store::sha256_hex(html.as_bytes()));
    store.write(p).unwrap();
    store.commit().unwrap();
    assert_eq!(store.search(&SearchRequest::query("قره باغ")).unwrap()["total"], 1);
    assert_eq!(store.search(&SearchRequest::query("evil")).unwrap()["total"], 0);
    assert!(prepare(&x, "b.txt", b"abc\0def", Format::Txt, false)
        .unwrap_err()
        .to_string()
        .contains("binary"));
    assert!(prepare(&x, "c.txt", b"abc\xffdef", Format::Txt, false)
        .unwrap_err()
        .to_string()
        .contains("UTF-8"));
    assert!(prepare(&x, "c.txt", b"abc\xffdef", Format::Txt, true).is_ok());
}

#[test]
fn a_writer_that_died_before_indexing_is_caught_up_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let store = Store::open(dir.path()).unwrap();
        let p = prepare(&Extractor::new(), "a.txt", "قره‌باغ".as_bytes(), Format::Txt, false).unwrap();
        id = p.id.clone();
        store.write(p).unwrap();
        // No commit: the index never saw it (as after kill -9).
    }
    let store = Store::open(dir.path()).unwrap();
    let r = store.search(&SearchRequest::query("قرهباغ")).unwrap();
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["doc"], id.as_str());
}

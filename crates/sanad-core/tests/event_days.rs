//! Regression (the essay's one missed date): the gazetteer's events known to the day reach the
//! date resolver through the pipeline, so «یک هفته پس از قتل عام خوجالی» is a date.

use sanad_core::{ExtractOptions, Extractor, Payload};

#[test]
fn regression_the_essay_dates_a_week_after_the_khojaly_massacre() {
    let essay = include_str!("../../../demo/karabakh-history.fa.txt");
    let out = Extractor::new().extract(essay, &ExtractOptions::default());
    let week = out
        .annotations
        .iter()
        .find(|a| a.text == "یک هفته پس از قتل عام خوجالی")
        .expect("the week after the massacre is annotated");
    let Payload::Date(d) = &week.payload else { panic!("not a date: {week:?}") };
    assert_eq!((d.start.as_str(), d.end.as_str()), ("1992-03-03", "1992-03-04"));
    assert!(d.year_from_context);
}

//! The perceptron on a toy corpus: it must fit what it saw and generalize a context cue.

use sanad_ner::corpus::{parse, Format};
use sanad_ner::train::{train, EvalSet, Partial, TrainConfig};
use sanad_ner::Tagger;

const TOY: &str = "\
آقای\tO
رضایی\tB-PER
به\tO
تهران\tB-LOC
رفت\tO

آقای\tO
احمدی\tB-PER
از\tO
تبریز\tB-LOC
آمد\tO

آقای\tO
کریمی\tB-PER
در\tO
شهر\tO
مشهد\tB-LOC
ماند\tO

خانم\tO
مریم\tB-PER
موسوی\tI-PER
به\tO
شیراز\tB-LOC
رفت\tO

حزب\tB-POG
دموکرات\tI-POG
در\tO
تهران\tB-LOC
پیروز\tO
شد\tO
";

fn toy_tagger() -> (Tagger, Vec<sanad_ner::corpus::Sentence>) {
    let sentences = parse(&TOY.repeat(3), Format::ParsTwiNer);
    let types = sanad_ner::corpus::TYPES;
    let map = |t: usize| Some(t);
    let dev = [EvalSet { name: "toy".into(), sentences: &sentences, map_pred: &map }];
    let cfg = TrainConfig { bits: 14, epochs: 8, seed: 7 };
    let (model, _) = train(&[(&sentences, Partial::default())], &dev, &types, &cfg, &mut |_| {});
    (Tagger::new(model), sentences)
}

#[test]
fn perceptron_fits_its_training_sentences() {
    let (tagger, sentences) = toy_tagger();
    let model = tagger.model().unwrap();
    for s in &sentences {
        assert_eq!(model.tag(&s.word_refs()), s.tags, "{:?}", s.words);
    }
}

#[test]
fn perceptron_generalizes_the_title_cue() {
    let (tagger, _) = toy_tagger();
    // An unseen surname after «آقای», a seen city.
    let chunks = tagger.chunks(&["آقای", "نوری", "به", "تبریز", "رفت"]);
    let found: Vec<_> = chunks.iter().map(|c| (c.words.clone(), c.ty)).collect();
    assert!(found.contains(&(1..2, sanad_ner::NerType::Person)), "{chunks:?}");
    assert!(found.contains(&(3..4, sanad_ner::NerType::Location)), "{chunks:?}");
}

#[test]
fn model_file_round_trips() {
    let (tagger, sentences) = toy_tagger();
    let model = tagger.model().unwrap();
    let again = sanad_ner::Model::from_bytes(&model.to_bytes()).unwrap();
    for s in &sentences {
        assert_eq!(again.tag(&s.word_refs()), model.tag(&s.word_refs()));
    }
    assert!(sanad_ner::Model::from_bytes(b"not a model").is_err());
    let bytes = model.to_bytes();
    assert!(sanad_ner::Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
}

//! Training: an averaged structured perceptron over hashed features, first-order transitions and
//! Viterbi decoding.
//!
//! The two training corpora annotate different type sets (PEYMA has no events, parties or
//! nationalities; ParsTwiNER no dates or amounts), so an `O` in one corpus may be an entity the
//! other one annotates. Each sentence therefore carries, per word, the SET of tags its corpus
//! allows; the perceptron's target is the best path within that set under the current weights
//! (a latent-variable perceptron), and it is only updated when its own best path leaves the set.

use crate::corpus::Sentence;
use crate::eval::Score;
use crate::features::{token_features, WordInfo, N_FEATURES};
use crate::model::{n_tags, tag_b, tag_i, tag_type, viterbi, DenseWeights, Emitter, Model, Transitions};

/// What a corpus leaves unannotated: types that may hide under its `O`, and types that its
/// annotation of one type may really be (e.g. PEYMA's ORG also covers parties, our POG).
#[derive(Clone, Debug, Default)]
pub struct Partial {
    pub on_o: Vec<usize>,
    pub aliases: Vec<(usize, usize)>,
}

impl Partial {
    fn mask(&self, tags: &[u8]) -> Vec<u32> {
        tags.iter()
            .map(|&g| {
                let mut m = 1u32 << g;
                match tag_type(g) {
                    None => {
                        for &ty in &self.on_o {
                            m |= (1 << tag_b(ty)) | (1 << tag_i(ty));
                        }
                    }
                    Some(ty) => {
                        let inside = g == tag_i(ty);
                        for &(from, to) in &self.aliases {
                            if from == ty {
                                m |= 1 << if inside { tag_i(to) } else { tag_b(to) };
                            }
                        }
                    }
                }
                m
            })
            .collect()
    }
}

/// A training sentence with its features computed once.
struct Example {
    feats: Vec<[u32; N_FEATURES]>,
    mask: Vec<u32>,
}

fn featurize(words: &[&str], bits: u32) -> Vec<[u32; N_FEATURES]> {
    let infos: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w)).collect();
    (0..words.len())
        .map(|i| {
            let mut f = [0u32; N_FEATURES];
            token_features(&infos, i, bits, &mut f);
            f
        })
        .collect()
}

/// A dev or test set with the mapping of our types onto the types it annotates.
pub struct EvalSet<'a> {
    pub name: String,
    pub sentences: &'a [Sentence],
    pub map_pred: &'a dyn Fn(usize) -> Option<usize>,
}

/// Score `model` on a set.
pub fn evaluate(model: &Model, set: &EvalSet, names: &[&str]) -> Score {
    let mut score = Score::default();
    for s in set.sentences {
        let pred = model.tag(&s.word_refs());
        score.add(&s.tags, &pred, names, set.map_pred);
    }
    score
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub bits: u32,
    pub epochs: usize,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { bits: 20, epochs: 14, seed: 0x5a4ad }
    }
}

struct Averaged {
    w: Vec<f32>,
    acc: Vec<f64>,
}

impl Averaged {
    #[inline]
    fn add(&mut self, k: usize, delta: f32, c: f64) {
        self.w[k] += delta;
        self.acc[k] += c * delta as f64;
    }
    fn average(&self, c: f64) -> Vec<f32> {
        self.w.iter().zip(&self.acc).map(|(w, a)| (*w as f64 - a / c) as f32).collect()
    }
}

/// Train on `corpora` (sentences with their corpus's [`Partial`]), choose the epoch with the
/// best mean F1 over `dev`, and return that averaged model (its confidence temperature
/// calibrated on `dev`) and the epoch.
pub fn train(
    corpora: &[(&[Sentence], Partial)],
    dev: &[EvalSet],
    types: &[&str],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> (Model, usize) {
    let t = n_tags(types.len());
    assert!(t <= 32, "tag masks are u32");
    let mut examples = Vec::new();
    for (sentences, partial) in corpora {
        for s in sentences.iter() {
            examples
                .push(Example { feats: featurize(&s.word_refs(), cfg.bits), mask: partial.mask(&s.tags) });
        }
    }
    let n_weights = (1usize << cfg.bits) * t;
    let mut weights = Averaged { w: vec![0.0; n_weights], acc: vec![0.0; n_weights] };
    let base_trans = Transitions::zeros(t).constrained();
    let mut trans = Averaged { w: base_trans.scores.clone(), acc: vec![0.0; base_trans.scores.len()] };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = cfg.seed.max(1);
    let mut c = 1f64;
    let mut emit = Vec::new();
    let mut pred = Vec::new();
    let mut gold = Vec::new();
    let mut best: Option<(f64, Model, usize)> = None;
    let names: Vec<&str> = types.to_vec();
    for epoch in 1..=cfg.epochs {
        // Fisher–Yates with xorshift64: reproducible without a rand dependency.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut mistakes = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let dense = DenseView { w: &weights.w, t };
            emit.clear();
            emit.resize(ex.feats.len() * t, 0.0);
            for (i, f) in ex.feats.iter().enumerate() {
                dense.emit(f, &mut emit[i * t..(i + 1) * t]);
            }
            let tr = Transitions { t, scores: trans.w.clone() };
            viterbi(&emit, t, &tr, None, &mut pred);
            if pred.iter().zip(&ex.mask).all(|(p, m)| m & (1 << p) != 0) {
                c += 1.0;
                continue;
            }
            mistakes += 1;
            viterbi(&emit, t, &tr, Some(&ex.mask), &mut gold);
            for i in 0..gold.len() {
                if gold[i] != pred[i] {
                    for &f in &ex.feats[i] {
                        weights.add(f as usize * t + gold[i] as usize, 1.0, c);
                        weights.add(f as usize * t + pred[i] as usize, -1.0, c);
                    }
                }
                let row = |tags: &[u8]| if i == 0 { 0 } else { tags[i - 1] as usize + 1 };
                let (rg, rp) = (row(&gold), row(&pred));
                if (rg, gold[i]) != (rp, pred[i]) {
                    trans.add(rg * t + gold[i] as usize, 1.0, c);
                    trans.add(rp * t + pred[i] as usize, -1.0, c);
                }
            }
            c += 1.0;
        }
        let dense = DenseWeights { bits: cfg.bits, t, w: weights.average(c) };
        let avg_trans = Transitions { t, scores: trans.average(c) };
        let model = Model::from_dense(types.iter().map(|s| s.to_string()).collect(), &dense, &avg_trans, 1.0);
        let mut line = format!("epoch {epoch:2}: {mistakes} sentences wrong;");
        let mut sum = 0.0;
        for set in dev {
            let s = evaluate(&model, set, &names);
            line += &format!(" {} F1 {:.4}", set.name, s.total.f1());
            sum += s.total.f1();
        }
        let mean = sum / dev.len().max(1) as f64;
        log(&format!("{line}; mean {mean:.4}"));
        if dev.is_empty() || best.as_ref().map_or(true, |(b, _, _)| mean > *b) {
            best = Some((mean, model, epoch));
        }
    }
    let (_, mut model, epoch) = best.expect("at least one epoch");
    model.temperature = calibrate(&model, dev, log);
    (model, epoch)
}

struct DenseView<'a> {
    w: &'a [f32],
    t: usize,
}

impl Emitter for DenseView<'_> {
    #[inline]
    fn emit(&self, features: &[u32; N_FEATURES], out: &mut [f32]) {
        for &f in features {
            let row = &self.w[f as usize * self.t..(f as usize + 1) * self.t];
            for (o, w) in out.iter_mut().zip(row) {
                *o += w;
            }
        }
    }
}

/// Choose the temperature of the chunk confidences that minimizes the Brier score of "this
/// predicted chunk is right" on the dev sets.
fn calibrate(model: &Model, dev: &[EvalSet], log: &mut dyn FnMut(&str)) -> f32 {
    let mut samples: Vec<(Vec<f32>, bool)> = Vec::new();
    let grid: Vec<f32> = (0..40).map(|k| 0.25 * 1.2f32.powi(k)).collect();
    for set in dev {
        for s in set.sentences {
            let words = s.word_refs();
            let gold = crate::eval::chunks_of(&s.tags);
            let mut confs: Vec<Vec<f32>> = Vec::with_capacity(grid.len());
            let mut found = Vec::new();
            for &temperature in &grid {
                let cs = model.scored_chunks_at(&words, temperature);
                if found.is_empty() {
                    found = cs.iter().map(|(r, ty, _)| (r.clone(), *ty)).collect();
                }
                confs.push(cs.iter().map(|c| c.2).collect());
            }
            for (k, (r, ty)) in found.iter().enumerate() {
                let Some(mapped) = (set.map_pred)(*ty) else { continue };
                let right = gold.iter().any(|(gr, gt)| gr == r && *gt == mapped);
                samples.push((confs.iter().map(|c| c[k]).collect(), right));
            }
        }
    }
    let mut best = (f64::INFINITY, 1.0f32);
    for (g, &tp) in grid.iter().enumerate() {
        let brier: f64 =
            samples.iter().map(|(c, r)| (c[g] as f64 - if *r { 1.0 } else { 0.0 }).powi(2)).sum::<f64>()
                / samples.len().max(1) as f64;
        if brier < best.0 {
            best = (brier, tp);
        }
    }
    log(&format!(
        "confidence temperature {:.3} (Brier {:.4} over {} dev chunks)",
        best.1,
        best.0,
        samples.len()
    ));
    best.1
}

//! `sanad-ner train` retrains data/ner/model.bin from the corpora in data/ner/;
//! `sanad-ner eval` scores it on the test splits (and ARMAN, if ../shared/data/arman exists)
//! and writes data/ner/EVAL.md.

use sanad_ner::corpus::{self, type_index, Format, Sentence, TYPES};
use sanad_ner::eval::Score;
use sanad_ner::train::{evaluate, train, EvalSet, Partial, TrainConfig};
use sanad_ner::Model;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Averaged weights below this are dropped from the shipped model (see `Model::pruned`).
const PRUNE_BELOW: f32 = 0.6;

/// The part of EVAL.md that is not measured by `eval` itself.
const NOTES: &str = "
## Model and training

- An averaged structured perceptron (first-order, BIO over PER LOC ORG EVE POG NAT DAT TIM MON
  PCT, Viterbi) over 29 hashed feature templates per word (2^20 buckets): the folded word
  (ZWNJ-insensitive), words ±2 and their bigrams, prefixes and suffixes of 1-4 characters, the
  parts around a half-space, shapes, length, and the classes of context cues from
  `data/ner/cues.tsv` (titles «آقای» «ژنرال», place words «شهر» «استان», «حزب» …).
- Trained on PEYMA train and ParsTwiNER train, with partial labels: PEYMA's O may hide a
  nationality (PEYMA does not tag them), ParsTwiNER's O a date, time, amount or percentage. The
  epoch count is chosen on the two dev sets (mean F1), then the shipped model is retrained on
  train + dev for that many epochs; weights under 0.6 are pruned and the rest stored as i16.
- `cargo run --release -p sanad-ner -- train` takes 1-2 minutes on the shared 2-core machine
  (58-118 s wall measured at load average ~13; about 580 MB peak memory), fixed seed.
- Tagging: about 28 MB/s of normalized text per core in CPU time on varied text (PEYMA,
  ParsTwiNER and essay documents, `scripts/bench-extract.sh`'s corpus, through
  `cargo run --release -p sanad-ner --example tag_file -- FILE 2`), ≈ 26 MiB/s on the essay
  (`cargo bench -p sanad-ner`, which also times every PEYMA and ParsTwiNER sentence). Each
  feature costs one cache line of weights (row numbers come from a rank directory that stays in
  L2, the rows sit on huge pages and are prefetched a sentence at a time, summed as exact i32
  with SIMD); Viterbi runs on 24 AVX2 lanes. Exact: the same tags and confidences as a plain
  loop.

## Distance to the state of the art

ParsBERT reaches about 0.93 F1 on PEYMA; this model is 0.12-0.13 below it. What would close the
gap, roughly in order of gain per effort: word representations learned from a large unlabeled
Persian corpus (Brown clusters or word vectors as features, typically +3-5 F1 for linear
taggers), a gazetteer feature from sanad-entities' curated entries, BIOES tags and a
second-order or semi-Markov model for long organization names (ORG is the weakest PEYMA type),
and in the end a pretrained transformer, which cannot be downloaded here.
";

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/ner")
}

fn arman_dir() -> PathBuf {
    std::env::var_os("SANAD_ARMAN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/arman"))
}

fn ty(name: &str) -> usize {
    type_index(name).expect("known type")
}

/// PEYMA annotates PER LOC ORG DAT TIM MON PCT: our parties count as ORG, events and
/// nationalities are not annotated there.
fn map_peyma(t: usize) -> Option<usize> {
    match TYPES[t] {
        "POG" => Some(ty("ORG")),
        "EVE" | "NAT" => None,
        _ => Some(t),
    }
}

/// ParsTwiNER annotates PER LOC ORG EVE POG NAT.
fn map_parstwiner(t: usize) -> Option<usize> {
    match TYPES[t] {
        "DAT" | "TIM" | "MON" | "PCT" => None,
        _ => Some(t),
    }
}

/// ARMAN annotates pers org loc fac event pro; its org includes nationalities (its guidelines).
fn map_arman(t: usize) -> Option<usize> {
    match TYPES[t] {
        "POG" | "NAT" => Some(ty("ORG")),
        "DAT" | "TIM" | "MON" | "PCT" => None,
        _ => Some(t),
    }
}

fn read(corpus: &str, split: &str, format: Format) -> Result<Vec<Sentence>, String> {
    let path = data_dir().join(corpus).join(format!("{split}.txt"));
    corpus::read(&path, format).map_err(|e| format!("{}: {e}", path.display()))
}

fn run_train() -> Result<(), String> {
    let started = Instant::now();
    let peyma_train = read("peyma", "train", Format::Peyma)?;
    let twiner_train = read("parstwiner", "train", Format::ParsTwiNer)?;
    let peyma_dev = read("peyma", "dev", Format::Peyma)?;
    let twiner_dev = read("parstwiner", "dev", Format::ParsTwiNer)?;
    // What each corpus leaves unannotated (see `sanad_ner::train`): PEYMA does not tag
    // nationalities, ParsTwiNER no dates, times, money or percentages. (Letting PEYMA's O also
    // hide events and parties, and its ORG parties, made the model spray POG over news text.)
    let peyma_partial = Partial { on_o: vec![ty("NAT")], aliases: vec![] };
    let twiner_partial = Partial { on_o: vec![ty("DAT"), ty("TIM"), ty("MON"), ty("PCT")], aliases: vec![] };
    let dev = [
        EvalSet { name: "PEYMA-dev".into(), sentences: &peyma_dev, map_pred: &map_peyma },
        EvalSet { name: "ParsTwiNER-dev".into(), sentences: &twiner_dev, map_pred: &map_parstwiner },
    ];
    let mut cfg = TrainConfig::default();
    if let Some(e) = std::env::var("SANAD_NER_EPOCHS").ok().and_then(|v| v.parse().ok()) {
        cfg.epochs = e;
    }
    if let Some(b) = std::env::var("SANAD_NER_BITS").ok().and_then(|v| v.parse().ok()) {
        cfg.bits = b;
    }
    eprintln!("read corpora in {:.1}s; training {cfg:?}", started.elapsed().as_secs_f64());
    let mut corpora: Vec<(&[Sentence], Partial)> = vec![(&peyma_train, peyma_partial.clone())];
    if std::env::var("SANAD_NER_PEYMA_ONLY").is_err() {
        corpora.push((&twiner_train, twiner_partial.clone()));
    }
    let (model, best_epoch) = train(&corpora, &dev, &TYPES, &cfg, &mut |line| eprintln!("{line}"));
    eprintln!("best epoch on dev: {best_epoch} (train only)");
    for set in &dev {
        eprintln!("{} (train-only model): {}", set.name, summary(&evaluate(&model, set, &TYPES)));
    }
    // The shipped model: the same recipe on train + dev, for the chosen number of epochs.
    let model = if std::env::var("SANAD_NER_TRAIN_ONLY").is_ok() {
        model
    } else {
        let temperature = model.temperature();
        corpora.push((&peyma_dev, peyma_partial));
        if std::env::var("SANAD_NER_PEYMA_ONLY").is_err() {
            corpora.push((&twiner_dev, twiner_partial));
        }
        let final_cfg = TrainConfig { epochs: best_epoch, ..cfg.clone() };
        eprintln!("retraining on train + dev for {best_epoch} epochs (dev scores below are not held out)");
        let (mut model, _) = train(&corpora, &dev[..0], &TYPES, &final_cfg, &mut |line| eprintln!("{line}"));
        model.set_temperature(temperature);
        model
    };
    let model = model.pruned(PRUNE_BELOW);
    let bytes = model.to_bytes();
    let path = data_dir().join("model.bin");
    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "wrote {} ({:.2} MB, {} non-zero buckets) after {:.1}s",
        path.display(),
        bytes.len() as f64 / 1e6,
        model.n_rows(),
        started.elapsed().as_secs_f64()
    );
    let model = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    for (name, s) in test_scores(&model, false)? {
        println!("{name}: {}", summary(&s));
    }
    Ok(())
}

fn summary(s: &Score) -> String {
    format!("P {:.4} R {:.4} F1 {:.4}", s.total.precision(), s.total.recall(), s.total.f1())
}

fn test_scores(model: &Model, with_arman: bool) -> Result<Vec<(String, Score)>, String> {
    let mut out = Vec::new();
    let peyma = read("peyma", "test", Format::Peyma)?;
    let twiner = read("parstwiner", "test", Format::ParsTwiNer)?;
    let sets = [
        EvalSet { name: "PEYMA test".into(), sentences: &peyma, map_pred: &map_peyma },
        EvalSet { name: "ParsTwiNER test".into(), sentences: &twiner, map_pred: &map_parstwiner },
    ];
    for set in &sets {
        out.push((set.name.clone(), evaluate(model, set, &TYPES)));
    }
    if with_arman {
        let dir = arman_dir();
        for fold in 1..=3 {
            let path = dir.join(format!("test_fold{fold}.txt"));
            match corpus::read(&path, Format::Arman) {
                Ok(sentences) => {
                    let set = EvalSet {
                        name: format!("ARMAN test fold {fold}"),
                        sentences: &sentences,
                        map_pred: &map_arman,
                    };
                    out.push((set.name.clone(), evaluate(model, &set, &TYPES)));
                }
                Err(e) => eprintln!("skipping ARMAN fold {fold}: {}: {e}", path.display()),
            }
        }
    }
    Ok(out)
}

fn run_eval() -> Result<(), String> {
    let path = data_dir().join("model.bin");
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut model = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    if let Some(p) = std::env::var("SANAD_NER_PRUNE").ok().and_then(|v| v.parse().ok()) {
        model = model.pruned(p);
        eprintln!("pruned at {p}: {} rows, {:.2} MB", model.n_rows(), model.to_bytes().len() as f64 / 1e6);
    }
    let started = Instant::now();
    let scores = test_scores(&model, std::env::var("SANAD_NER_NO_ARMAN").is_err())?;
    let secs = started.elapsed().as_secs_f64();
    let mut md = String::new();
    md += "# sanad-ner evaluation\n\n";
    md += "Written by `cargo run --release -p sanad-ner -- eval` (entity-level, conlleval-style: a \
           chunk counts only when its span and type match exactly; micro-averaged).\n\n";
    md += &format!(
        "Model: `data/ner/model.bin`, {:.2} MB, {} non-zero feature buckets.\n\n",
        bytes.len() as f64 / 1e6,
        model.n_rows()
    );
    md += "Words are the corpus tokens normalized with sanad-text (`NormalizeOptions::for_extraction()`) and re-cut by its tokenizer, for gold and prediction alike.\n\n";
    md += "Type mapping of the model's predictions onto each test set's tags:\n\n";
    md += "- PEYMA (PER LOC ORG DAT TIM MON PCT): POG→ORG; EVE and NAT are not annotated there and are dropped.\n";
    md +=
        "- ParsTwiNER (PER LOC ORG EVE POG NAT): DAT TIM MON PCT are not annotated there and are dropped.\n";
    md += "- ARMAN (research use only; evaluated, never trained on): gold pers→PER, org→ORG, loc→LOC, fac→LOC, event→EVE, pro→O (skipped); \
           predicted POG→ORG and NAT→ORG (ARMAN's guidelines put nationalities under org), DAT TIM MON PCT dropped.\n\n";
    md += "| test set | precision | recall | F1 | gold chunks |\n|---|---|---|---|---|\n";
    for (name, s) in &scores {
        md += &format!(
            "| {name} | {:.4} | {:.4} | **{:.4}** | {} |\n",
            s.total.precision(),
            s.total.recall(),
            s.total.f1(),
            s.total.tp + s.total.fn_
        );
    }
    for (name, s) in &scores {
        md += &format!("\n## {name}\n\n| type | precision | recall | F1 | gold | predicted |\n|---|---|---|---|---|---|\n");
        for (t, c) in &s.per_type {
            md += &format!(
                "| {t} | {:.4} | {:.4} | {:.4} | {} | {} |\n",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp + c.fn_,
                c.tp + c.fp
            );
        }
    }
    md += &format!("\nScoring all sets took {secs:.1}s.\n");
    md += NOTES;
    for (name, s) in &scores {
        println!("{name}: {}", summary(s));
    }
    let out = data_dir().join("EVAL.md");
    std::fs::write(&out, md).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Print the dev sentences the model gets wrong, gold and predicted chunks side by side.
fn run_errors() -> Result<(), String> {
    let path = data_dir().join("model.bin");
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let model = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let corpus_name = std::env::args().nth(2).unwrap_or_else(|| "peyma".into());
    let format = if corpus_name == "peyma" { Format::Peyma } else { Format::ParsTwiNer };
    for s in read(&corpus_name, "dev", format)? {
        let words = s.word_refs();
        let pred = model.tag(&words);
        if pred == s.tags {
            continue;
        }
        let show = |tags: &[u8]| {
            sanad_ner::eval::chunks_of(tags)
                .into_iter()
                .map(|(r, t)| format!("[{} {}]", TYPES[t], words[r].join(" ")))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!("{}\n  gold: {}\n  pred: {}", words.join(" "), show(&s.tags), show(&pred));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cmd = std::env::args().nth(1).unwrap_or_default();
    let result = match cmd.as_str() {
        "train" => run_train(),
        "eval" => run_eval(),
        "errors" => run_errors(),
        _ => Err("usage: sanad-ner train | eval   (see data/ner/EVAL.md)".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sanad-ner: {e}");
            ExitCode::FAILURE
        }
    }
}

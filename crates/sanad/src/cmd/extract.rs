//! `sanad extract`: documents in, one JSON line of annotations per document out.

use crate::input;
use rayon::prelude::*;
use sanad_core::{DocumentOutput, ErrorOutput, ExtractOptions, Extractor};
use serde_json::Value;
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files to read; `-` reads stdin as one document.
    files: Vec<String>,
    /// Read JSON lines `{"id": …, "text": …}` from the files (or stdin) and write one output
    /// line per input line, echoing `id`.
    #[arg(long)]
    jsonl: bool,
    /// Add `token` and `sentence` annotations.
    #[arg(long)]
    tokens: bool,
    /// Add claim groups (a `claims` array beside `annotations`).
    #[arg(long)]
    claims: bool,
    /// Add the places mentioned as a GeoJSON FeatureCollection (a `places` key).
    #[arg(long)]
    places: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input.
    #[arg(long)]
    lossy: bool,
    /// With --jsonl: longest input line read, in bytes; a longer line yields an error object.
    #[arg(long, default_value_t = 64 << 20)]
    max_line_bytes: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let job = Job {
        extractor: Extractor::new(),
        options: ExtractOptions { tokens: args.tokens, claims: args.claims },
        places: args.places,
        lossy: args.lossy,
    };
    if args.jsonl {
        return run_jsonl(&args, &job);
    }
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let mut failed = false;
    let stdout = std::io::stdout();
    // Documents are extracted in parallel, a batch at a time so memory stays bounded, and
    // written in the order given so the output is deterministic.
    for batch in files.chunks(rayon::current_num_threads().max(1) * 4) {
        let lines: Vec<Result<String, String>> = batch
            .par_iter()
            .map(|path| {
                let doc = input::read(path, job.lossy).map_err(|e| e.to_string())?;
                Ok(job.render(Value::String(path.clone()), &doc))
            })
            .collect();
        let mut out = stdout.lock();
        for line in lines {
            match line {
                Ok(line) => writeln!(out, "{line}")?,
                Err(e) => {
                    eprintln!("sanad extract: {e}");
                    failed = true;
                }
            }
        }
        out.flush()?;
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// What one run of `sanad extract` does to each document.
struct Job {
    extractor: Extractor,
    options: ExtractOptions,
    places: bool,
    lossy: bool,
}

impl Job {
    /// One document's output line.
    fn render(&self, source: Value, doc: &input::Document) -> String {
        let extraction = self.extractor.extract(&doc.text, &self.options);
        let places = self.places.then(|| self.extractor.places(&doc.text, &extraction.annotations));
        let mut out = DocumentOutput::new(source, doc.bytes(), extraction.annotations);
        out.places = places;
        out.lossy = doc.is_lossy();
        if self.options.claims {
            out.claims = Some(extraction.claims);
        }
        serde_json::to_string(&out).expect("annotations serialize")
    }

    /// One `--jsonl` input line turned into one output line; a bad line becomes an error object.
    fn render_jsonl(&self, number: usize, line: Line) -> String {
        let where_ = Value::String(format!("line {number}"));
        let bytes = match line {
            Line::TooLong(n) => {
                return error_line(
                    where_,
                    format!("line {number}: longer than --max-line-bytes ({n} bytes read)"),
                )
            }
            Line::Bytes(b) => b,
        };
        let doc = match input::decode(&format!("line {number}"), bytes, self.lossy) {
            Ok(d) => d,
            Err(e) => return error_line(where_, e.to_string()),
        };
        let parsed: Value = match serde_json::from_str(&doc.text) {
            Ok(v) => v,
            Err(e) => return error_line(where_, format!("line {number}: not JSON: {e}")),
        };
        let id = parsed.get("id").cloned().unwrap_or(where_);
        match parsed.get("text").and_then(Value::as_str) {
            Some(text) => self.render(id, &input::Document { text: text.to_string(), replaced: None }),
            None => error_line(id, format!("line {number}: no string field \"text\"")),
        }
    }
}

fn error_line(source: Value, error: String) -> String {
    serde_json::to_string(&ErrorOutput { source, error }).expect("errors serialize")
}

enum Line {
    Bytes(Vec<u8>),
    TooLong(usize),
}

/// Read one line of at most `max` bytes; a longer one is skipped to its end without being kept.
fn read_line(reader: &mut impl BufRead, max: usize) -> std::io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut seen = 0usize;
    let mut too_long = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if seen == 0 {
                None
            } else if too_long {
                Some(Line::TooLong(seen))
            } else {
                Some(Line::Bytes(buf))
            });
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        seen += take;
        if !too_long {
            if seen > max.saturating_add(1) {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take);
        if done {
            if buf.last() == Some(&b'\n') {
                buf.pop();
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(if too_long { Line::TooLong(seen) } else { Line::Bytes(buf) }));
        }
    }
}

fn run_jsonl(args: &Args, job: &Job) -> anyhow::Result<ExitCode> {
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let batch_size = rayon::current_num_threads().max(1) * 16;
    let stdout = std::io::stdout();
    let mut number = 0usize;
    for path in &files {
        let mut reader: Box<dyn BufRead> = if path == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{path}: {e}"))?,
            ))
        };
        loop {
            let mut batch = Vec::with_capacity(batch_size);
            while batch.len() < batch_size {
                match read_line(&mut reader, args.max_line_bytes)? {
                    Some(Line::Bytes(b)) if b.iter().all(u8::is_ascii_whitespace) => number += 1,
                    Some(line) => {
                        number += 1;
                        batch.push((number, line));
                    }
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            let lines: Vec<String> =
                batch.into_par_iter().map(|(n, line)| job.render_jsonl(n, line)).collect();
            let mut out = stdout.lock();
            for line in lines {
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

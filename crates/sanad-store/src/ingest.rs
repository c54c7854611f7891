//! Ingest: walk paths, read and extract documents in parallel with bounded memory, write them in
//! turn, and report what happened.

use crate::{prepare, Format, Outcome, Store};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use sanad_core::Extractor;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

/// What to ingest and how.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Globs a file under a folder must match (default: *.txt, *.md, *.markdown, *.html, *.htm).
    pub include: Vec<String>,
    /// Globs that skip a file or folder.
    pub exclude: Vec<String>,
    /// Replace invalid UTF-8 instead of refusing the file.
    pub lossy: bool,
    /// Commit the index at least this often (documents); 0 = 1000.
    pub commit_every: usize,
    /// Format of stdin (`-`); default txt.
    pub stdin_format: Option<Format>,
}

/// The end-of-run report.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub new: usize,
    pub versions: usize,
    pub unchanged: usize,
    pub failed: Vec<(String, String)>,
    pub annotations: BTreeMap<String, usize>,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn render(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let docs = self.new + self.versions + self.unchanged + self.failed.len();
        let kinds: Vec<String> = self.annotations.iter().map(|(k, n)| format!("{k} {n}")).collect();
        format!(
            "{} new, {} new versions, {} unchanged, {} failed ({docs} documents, {mb:.1} MB in {secs:.1} s, {:.1} MB/s)\nannotations: {}",
            self.new,
            self.versions,
            self.unchanged,
            self.failed.len(),
            if secs > 0.0 { mb / secs } else { 0.0 },
            if kinds.is_empty() { "none".to_string() } else { kinds.join(", ") }
        )
    }
}

/// Something that shows progress (a terminal bar, or nothing).
pub trait Progress: Sync {
    fn start(&self, _files: u64) {}
    fn advance(&self, _name: &str) {}
    fn finish(&self) {}
    /// A message that must not be lost among the bar's redraws.
    fn warn(&self, message: &str) {
        eprintln!("{message}");
    }
}

/// No progress shown.
pub struct Quiet;
impl Progress for Quiet {}

/// An indicatif bar on stderr.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    pub fn new() -> Bar {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files {elapsed} eta {eta} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Bar(bar)
    }
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new()
    }
}

impl Progress for Bar {
    fn start(&self, files: u64) {
        self.0.set_length(files);
    }
    fn advance(&self, name: &str) {
        self.0.set_message(name.to_string());
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
    fn warn(&self, message: &str) {
        self.0.suspend(|| eprintln!("{message}"));
    }
}

fn globset(globs: &[String]) -> Result<GlobSet, crate::Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| crate::Error::new(format!("bad glob {g:?}: {e}")))?);
    }
    b.build().map_err(|e| crate::Error::new(e.to_string()))
}

/// One input: a file path (with its format) or stdin.
#[derive(Clone, Debug)]
pub enum Input {
    File(PathBuf, Format),
    Stdin(Format),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p, _) => p.display().to_string(),
            Input::Stdin(_) => "-".to_string(),
        }
    }
}

/// Paths that could not be read, each with the reason: `(path, message)`.
pub type Failures = Vec<(String, String)>;

/// Expand paths into inputs. A file named directly is read whatever its extension (as text
/// unless it looks like HTML); folders are walked for files matching the include globs.
/// Missing paths are returned as failures.
pub fn collect(paths: &[String], options: &IngestOptions) -> Result<(Vec<Input>, Failures), crate::Error> {
    let default_include: Vec<String> =
        ["*.txt", "*.md", "*.markdown", "*.html", "*.htm"].iter().map(|s| s.to_string()).collect();
    let include = globset(if options.include.is_empty() { &default_include } else { &options.include })?;
    let exclude = globset(&options.exclude)?;
    let mut inputs = Vec::new();
    let mut failed = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input::Stdin(options.stdin_format.unwrap_or(Format::Txt)));
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path).follow_links(false).sort_by_file_name().into_iter();
            let walker = walker.filter_entry(|e| {
                e.depth() == 0 || !(exclude.is_match(e.path()) || exclude.is_match(e.file_name()))
            });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let fp = e.path();
                        if (include.is_match(fp) || include.is_match(e.file_name()))
                            && seen.insert(fp.to_path_buf())
                        {
                            let format = Format::from_path(fp).unwrap_or(Format::Txt);
                            inputs.push(Input::File(fp.to_path_buf(), format));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        failed.push((e.path().map_or(p.clone(), |x| x.display().to_string()), e.to_string()))
                    }
                }
            }
        } else if path.is_file() {
            if seen.insert(path.to_path_buf()) {
                let format = Format::from_path(path).unwrap_or(Format::Txt);
                inputs.push(Input::File(path.to_path_buf(), format));
            }
        } else {
            failed.push((p.clone(), format!("{p}: no such file or folder")));
        }
    }
    Ok((inputs, failed))
}

enum Done {
    Prepared(Box<crate::Prepared>),
    Known,
    Failed(String, String),
}

/// Most documents, and bytes of text, one SQLite transaction of ingest carries (see
/// [`Store::write_group`]): enough to pay a commit's fixed cost once per many small documents,
/// small enough that a crash re-does little work.
const GROUP_DOCS: usize = 64;
const GROUP_BYTES: usize = 8 << 20;

/// Ingest `paths` into `store`. Extraction runs on rayon's threads; documents go to the store
/// through a bounded channel (so at most a few documents wait in memory) and are written in
/// groups, one transaction per group, each document all or nothing (see [`Store::write_group`]);
/// the index is committed every `commit_every` documents and at the end.
pub fn ingest(
    store: &Store,
    paths: &[String],
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Summary, crate::Error> {
    let started = Instant::now();
    let (inputs, walk_failures) = collect(paths, options)?;
    let mut summary = Summary::default();
    for (name, e) in walk_failures {
        progress.warn(&format!("sanad ingest: {e}"));
        summary.failed.push((name, e));
    }
    progress.start(inputs.len() as u64);
    let known = store.ids()?;
    let extractor = Extractor::new();
    let commit_every = if options.commit_every == 0 { 1000 } else { options.commit_every };
    let (tx, rx) = sync_channel::<Done>(rayon::current_num_threads().max(1) * 2);
    let mut write_error: Option<crate::Error> = None;
    std::thread::scope(|scope| {
        let producer = scope.spawn(|| {
            inputs.par_iter().for_each_with(tx, |tx, input| {
                let name = input.name();
                let done = match read_input(input) {
                    Err(e) => Done::Failed(name, e),
                    Ok(bytes) => {
                        if known.contains(&crate::sha256_hex(&bytes)) {
                            Done::Known
                        } else {
                            let format = match input {
                                Input::File(_, f) | Input::Stdin(f) => *f,
                            };
                            match prepare(&extractor, &name, &bytes, format, options.lossy) {
                                Ok(p) => Done::Prepared(Box::new(p)),
                                Err(e) => Done::Failed(name, e.to_string()),
                            }
                        }
                    }
                };
                let _ = tx.send(done);
            });
        });
        let mut since_commit = 0usize;
        // Group commit: whatever extraction has finished while the last group was written goes
        // into the next SQLite transaction (up to GROUP_DOCS documents or GROUP_BYTES bytes), so
        // groups grow when writing is the bottleneck and stay single documents when it is not.
        while let Ok(first) = rx.recv() {
            let mut group: Vec<crate::Prepared> = Vec::new();
            let mut group_bytes = 0usize;
            let mut next = Some(first);
            while let Some(done) = next.take() {
                match done {
                    Done::Known => {
                        summary.unchanged += 1;
                        progress.advance("");
                    }
                    Done::Failed(name, e) => {
                        progress.warn(&format!("sanad ingest: {e}"));
                        summary.failed.push((name.clone(), e));
                        progress.advance(&name);
                    }
                    Done::Prepared(p) => {
                        group_bytes += p.bytes;
                        group.push(*p);
                    }
                }
                if group.len() < GROUP_DOCS && group_bytes < GROUP_BYTES {
                    next = rx.try_recv().ok();
                }
            }
            if write_error.is_some() || group.is_empty() {
                continue;
            }
            let tallies: Vec<(String, u64, BTreeMap<String, usize>)> = group
                .iter()
                .map(|p| {
                    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
                    for a in &p.annotations {
                        *kinds.entry(a.kind().to_string()).or_default() += 1;
                    }
                    (p.source.clone(), p.bytes as u64, kinds)
                })
                .collect();
            for ((name, bytes, kinds), outcome) in tallies.into_iter().zip(store.write_group(group)) {
                match outcome {
                    Ok(outcome) => {
                        match outcome {
                            Outcome::New => summary.new += 1,
                            Outcome::Version => summary.versions += 1,
                            Outcome::Unchanged => summary.unchanged += 1,
                        }
                        if outcome != Outcome::Unchanged {
                            summary.bytes += bytes;
                            for (k, n) in kinds {
                                *summary.annotations.entry(k).or_default() += n;
                            }
                            since_commit += 1;
                        }
                    }
                    Err(e) => {
                        write_error.get_or_insert(e);
                    }
                }
                progress.advance(&name);
            }
            if since_commit >= commit_every {
                if let Err(e) = store.commit() {
                    write_error.get_or_insert(e);
                }
                since_commit = 0;
            }
        }
        let _ = producer.join();
    });
    progress.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    store.commit()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn read_input(input: &Input) -> Result<Vec<u8>, String> {
    match input {
        Input::Stdin(_) => {
            use std::io::Read;
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("<stdin>: {e}"))?;
            Ok(buf)
        }
        Input::File(p, _) => std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())),
    }
}

//! The store commands: ingest, search, export, serve, demo. Each is glue over sanad-store and
//! sanad-server.

use sanad_store::export::ExportFormat;
use sanad_store::ingest::{Bar, IngestOptions, Progress, Quiet};
use sanad_store::{Access, Location, SearchRequest, Store};
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The bundled essay, so `sanad demo` works from any folder.
const DEMO_ESSAY: &str = include_str!("../../../../demo/karabakh-history.fa.txt");
const DEMO_SOURCE: &str = "demo/karabakh-history.fa.txt";
const DEFAULT_PORT: u16 = 8737;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files and folders (walked recursively); `-` reads one document from stdin.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The store: a folder (SQLite), or a PostgreSQL database `postgres://user@host:port/db`
    /// shared by many sanad processes and machines.
    #[arg(long, default_value = "sanad-data")]
    store: String,
    /// The full-text index folder. Default: STORE/index for a folder; for PostgreSQL
    /// $SANAD_INDEX_HOME (else $XDG_DATA_HOME/sanad, else ~/.local/share/sanad)/pg/HOST-PORT-DB.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Only files under folders matching these globs (default: *.txt *.md *.markdown *.html *.htm).
    #[arg(long)]
    include: Vec<String>,
    /// Skip files and folders matching these globs.
    #[arg(long)]
    exclude: Vec<String>,
    /// Format of stdin: txt, md or html.
    #[arg(long, default_value = "txt", value_parser = ["txt", "md", "html"])]
    stdin_format: String,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    #[arg(long)]
    lossy: bool,
    /// No progress bar (it is shown only on a terminal anyway).
    #[arg(long, short)]
    quiet: bool,
    /// Commit the full-text index every N documents.
    #[arg(long, default_value_t = 1000, hide = true)]
    commit_every: usize,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words (all must match), "phrases", -excluded; Persian spelling variants match.
    query: String,
    /// The store: a folder (SQLite), or a PostgreSQL database `postgres://user@host:port/db`
    /// shared by many sanad processes and machines.
    #[arg(long, default_value = "sanad-data")]
    store: String,
    /// The full-text index folder. Default: STORE/index for a folder; for PostgreSQL
    /// $SANAD_INDEX_HOME (else $XDG_DATA_HOME/sanad, else ~/.local/share/sanad)/pg/HOST-PORT-DB.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Only documents with a date overlapping [from, to] (ISO date or year).
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    /// Only documents mentioning this entity id.
    #[arg(long)]
    entity: Option<String>,
    /// Only documents with an annotation of this kind.
    #[arg(long)]
    kind: Option<String>,
    /// Only documents whose source contains this.
    #[arg(long)]
    source: Option<String>,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print the JSON of /api/search.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The store: a folder (SQLite), or a PostgreSQL database `postgres://user@host:port/db`
    /// shared by many sanad processes and machines.
    #[arg(long, default_value = "sanad-data")]
    store: String,
    /// The full-text index folder. Default: STORE/index for a folder; for PostgreSQL
    /// $SANAD_INDEX_HOME (else $XDG_DATA_HOME/sanad, else ~/.local/share/sanad)/pg/HOST-PORT-DB.
    #[arg(long)]
    index: Option<PathBuf>,
    /// json (lines of documents), csv (claims), geojson (places), tei, timelinejs.
    #[arg(long, value_parser = ["json", "csv", "geojson", "tei", "timelinejs"])]
    format: String,
    /// One document (id or unique prefix); default all.
    #[arg(long)]
    doc: Option<String>,
    /// Write here instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store: a folder (SQLite), or a PostgreSQL database `postgres://user@host:port/db`
    /// shared by many sanad processes and machines.
    #[arg(long, default_value = "sanad-data")]
    store: String,
    /// The full-text index folder. Default: STORE/index for a folder; for PostgreSQL
    /// $SANAD_INDEX_HOME (else $XDG_DATA_HOME/sanad, else ~/.local/share/sanad)/pg/HOST-PORT-DB.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Port; 0 picks a free one (the URL printed says which).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Address to bind. Anything but loopback exposes your store to the network.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Accept `POST /api/documents` with `Authorization: Bearer TOKEN`.
    #[arg(long)]
    ingest_token: Option<String>,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Store folder to use (default: a fresh temporary folder).
    #[arg(long)]
    store: Option<PathBuf>,
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Ingest only; do not start the server.
    #[arg(long)]
    no_serve: bool,
}

/// Open the store named by `--store` / `--index` for writing.
pub fn open_store(store: &str, index: Option<&Path>) -> anyhow::Result<Store> {
    Ok(Store::open_at(&Location::parse(store), index, Access::ReadWrite)?)
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store, args.index.as_deref())?;
    let options = IngestOptions {
        include: args.include,
        exclude: args.exclude,
        lossy: args.lossy,
        commit_every: args.commit_every,
        stdin_format: sanad_store::Format::parse(&args.stdin_format),
    };
    let progress: Box<dyn Progress> =
        if !args.quiet && std::io::stderr().is_terminal() { Box::new(Bar::new()) } else { Box::new(Quiet) };
    let summary = sanad_store::ingest::ingest(&store, &args.paths, &options, progress.as_ref())?;
    eprintln!("{}", summary.render());
    catch_up(&store)?;
    if !summary.failed.is_empty() {
        eprintln!("failed:");
        for (_, error) in &summary.failed {
            eprintln!("  {error}");
        }
    }
    Ok(if summary.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// After writing to PostgreSQL: bring this machine's index in step with what every process
/// wrote. Without the index writer (another sanad on this machine held it), wait a while for
/// it; if it stays busy, its holder indexes these documents when it ends.
fn catch_up(store: &Store) -> anyhow::Result<()> {
    if !matches!(store.location(), Location::Postgres(_)) {
        return Ok(());
    }
    match store.catch_up_index(std::time::Duration::from_secs(120))? {
        Some(0) => {}
        Some(n) => eprintln!("sanad: the index caught up with {n} documents written by other processes"),
        None => eprintln!(
            "sanad: the index {} is held by another sanad, which indexes these documents when it ends (or run `sanad reindex`)",
            store.index_dir().display()
        ),
    }
    Ok(())
}

fn open_existing(store: &str, index: Option<&Path>, access: Access) -> anyhow::Result<Store> {
    let location = Location::parse(store);
    if let Location::Dir(dir) = &location {
        if !dir.join("sanad.sqlite3").exists() {
            anyhow::bail!(
                "{}: no store here (run `sanad ingest --store {} …` first)",
                dir.display(),
                dir.display()
            );
        }
    }
    Ok(Store::open_at(&location, index, access)?)
}

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.store, args.index.as_deref(), Access::ReadOnly)?;
    let req = SearchRequest {
        q: args.query,
        from: args.from,
        to: args.to,
        entity: args.entity,
        kind: args.kind,
        source: args.source,
        doc: None,
        limit: Some(args.limit),
        offset: None,
    };
    let result = store.search(&req)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(ExitCode::SUCCESS);
    }
    let hits = result["hits"].as_array().cloned().unwrap_or_default();
    println!("{} documents match", result["total"]);
    for h in hits {
        let id = h["doc"].as_str().unwrap_or("");
        println!(
            "{:.2}  {}  {}  ({})",
            h["score"].as_f64().unwrap_or(0.0),
            &id[..id.len().min(12)],
            h["title"].as_str().unwrap_or(""),
            h["source"].as_str().unwrap_or("")
        );
        // Highlights marked with » «, which read in either direction.
        let snippet = h["snippet"].as_str().unwrap_or("");
        let mut marked = String::new();
        let mut units = 0u32;
        let ranges: Vec<(u64, u64)> = h["highlights"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| (r["u16_start"].as_u64().unwrap_or(0), r["u16_end"].as_u64().unwrap_or(0)))
            .collect();
        for c in snippet.chars() {
            if ranges.iter().any(|r| r.0 == u64::from(units)) {
                marked.push('»');
            }
            marked.push(if c == '\n' { ' ' } else { c });
            units += c.len_utf16() as u32;
            if ranges.iter().any(|r| r.1 == u64::from(units)) {
                marked.push('«');
            }
        }
        println!("    {marked}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.store, args.index.as_deref(), Access::ReadOnly)?;
    let format = ExportFormat::parse(&args.format).expect("clap checked the format");
    let coordinates = gazetteer_coordinates();
    let locate = |id: &str| coordinates(id);
    match &args.output {
        Some(path) => {
            let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
            store.export_with(format, args.doc.as_deref(), &locate, &mut f)?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            store.export_with(format, args.doc.as_deref(), &locate, &mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Entity id → `[lon, lat]` from the bundled gazetteer, for the map.
fn gazetteer_coordinates() -> Arc<sanad_server::Locate> {
    let gazetteer = sanad_entities::EntityFinder::new();
    Arc::new(move |id: &str| gazetteer.entry(id).and_then(|e| e.coord).map(|[lat, lon]| [lon, lat]))
}

fn run_server(store: Store, host: IpAddr, port: u16, token: Option<String>) -> anyhow::Result<ExitCode> {
    if !host.is_loopback() {
        eprintln!(
            "sanad serve: WARNING: listening on {host}, not loopback: anyone who can reach this machine can read the store"
        );
    }
    if token.is_none() {
        // Read-only: let `sanad ingest` write to the same store while we serve.
        store.release_writer()?;
    }
    let store_dir = store.location().display();
    let options = sanad_server::Options { ingest_token: token, locate: Some(gazetteer_coordinates()) };
    let page = if sanad_server::has_web_bundle() { "" } else { " (web page not built: API only)" };
    sanad_server::serve(Arc::new(store), options, SocketAddr::new(host, port), |addr| {
        println!("sanad: serving {store_dir} at http://{addr}/{page}");
        eprintln!("sanad: press Ctrl-C to stop");
    })
    .map_err(anyhow::Error::msg)?;
    Ok(ExitCode::SUCCESS)
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // Open for writing when we can (to finish indexing cut short by a crash), else read-only.
    let index = args.index.as_deref();
    let store = match open_existing(&args.store, index, Access::ReadWrite) {
        Ok(s) => s,
        Err(_) => open_existing(&args.store, index, Access::ReadOnly)?,
    };
    run_server(store, args.host, args.port, args.ingest_token)
}

pub fn demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = match args.store {
        Some(d) => d,
        None => std::env::temp_dir().join(format!("sanad-demo-{}", std::process::id())),
    };
    let store = Store::open(&dir)?;
    let extractor = sanad_core::Extractor::new();
    let prepared = sanad_store::prepare(
        &extractor,
        DEMO_SOURCE,
        DEMO_ESSAY.as_bytes(),
        sanad_store::Format::Txt,
        false,
    )?;
    let id = prepared.id.clone();
    let outcome = store.write(prepared)?;
    store.commit()?;
    let stats = store.stats()?;
    eprintln!(
        "sanad demo: the essay is in {} ({}, document {}); annotations: {}",
        dir.display(),
        outcome.as_str(),
        &id[..12],
        stats["annotations"]
    );
    if args.no_serve {
        println!("{}", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    run_server(store, IpAddr::from([127, 0, 0, 1]), args.port, None)
}

#[derive(clap::Args)]
pub struct ReindexArgs {
    /// The store: a folder (SQLite) or `postgres://user@host:port/db`.
    #[arg(long, default_value = "sanad-data")]
    store: String,
    /// The index folder to rebuild (default: as for ingest).
    #[arg(long)]
    index: Option<PathBuf>,
    #[arg(long, short)]
    quiet: bool,
}

/// `sanad reindex`: rebuild the full-text index from the database.
pub fn reindex(args: ReindexArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.store, args.index.as_deref(), Access::ReadWrite)?;
    if !store.indexes() {
        anyhow::bail!(
            "{}: the index is in use by another sanad; try again when it ends",
            store.index_dir().display()
        );
    }
    let started = std::time::Instant::now();
    let progress: Box<dyn Progress> =
        if !args.quiet && std::io::stderr().is_terminal() { Box::new(Bar::new()) } else { Box::new(Quiet) };
    let n = store.reindex(progress.as_ref())?;
    eprintln!(
        "sanad reindex: {n} documents indexed into {} in {:.1} s",
        store.index_dir().display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct LoadArgs {
    /// The output folder of spark/sanad_spark.py (documents, annotations, claims, texts).
    parquet_dir: PathBuf,
    /// The store: `postgres://user@host:port/db`, or a folder (SQLite).
    #[arg(long, default_value = "sanad-data")]
    store: String,
    /// The full-text index folder (default: as for ingest).
    #[arg(long)]
    index: Option<PathBuf>,
    #[arg(long, short)]
    quiet: bool,
}

/// `sanad load`: what the Spark job wrote, into the store.
pub fn load(args: LoadArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store, args.index.as_deref())?;
    let progress: Box<dyn Progress> =
        if !args.quiet && std::io::stderr().is_terminal() { Box::new(Bar::new()) } else { Box::new(Quiet) };
    let summary = sanad_store::load::load(&store, &args.parquet_dir, progress.as_ref())?;
    eprintln!("{}", summary.render());
    catch_up(&store)?;
    Ok(if summary.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

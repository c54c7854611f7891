//! `sanad`: the command-line tool. Thin glue: every job is a function of a library crate.

mod cmd;
mod input;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Persian historical and news text to an evidence-tracked timeline.
#[derive(Parser)]
#[command(name = "sanad", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract dates, figures, entities and attributions as JSON lines (one per document).
    Extract(cmd::extract::Args),
    /// Print the normalized text (letters, digits, spacing, half-spaces), as a filter.
    Normalize(cmd::normalize::Args),
    /// Read files, folders or stdin into the local store.
    Ingest(cmd::store::IngestArgs),
    /// Full-text search of the store, Persian-aware.
    Search(cmd::store::SearchArgs),
    /// Export the store as JSON, CSV, GeoJSON, TEI XML or TimelineJS.
    Export(cmd::store::ExportArgs),
    /// Serve the HTTP API and the web page.
    Serve(cmd::store::ServeArgs),
    /// Rebuild the full-text index from the store's database (SQLite folder or PostgreSQL).
    Reindex(cmd::store::ReindexArgs),
    /// Load the Parquet output of the Spark job (spark/sanad_spark.py) into a store.
    Load(cmd::store::LoadArgs),
    /// Ingest the bundled essay and serve it: the quickest look at sanad.
    Demo(cmd::store::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => cmd::extract::run(a),
        Command::Normalize(a) => cmd::normalize::run(a),
        Command::Ingest(a) => cmd::store::ingest(a),
        Command::Search(a) => cmd::store::search(a),
        Command::Export(a) => cmd::store::export(a),
        Command::Serve(a) => cmd::store::serve(a),
        Command::Demo(a) => cmd::store::demo(a),
        Command::Reindex(a) => cmd::store::reindex(a),
        Command::Load(a) => cmd::store::load(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sanad: {e:#}");
            ExitCode::from(2)
        }
    }
}

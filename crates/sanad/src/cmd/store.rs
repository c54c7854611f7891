//! The store commands. STUB: ingest, search, export, serve and demo come with sanad-store.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct IngestArgs {
    paths: Vec<String>,
}
#[derive(clap::Args)]
pub struct SearchArgs {
    query: String,
}
#[derive(clap::Args)]
pub struct ExportArgs {}
#[derive(clap::Args)]
pub struct ServeArgs {}
#[derive(clap::Args)]
pub struct DemoArgs {}

fn not_yet() -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet: the store is issue #6")
}

pub fn ingest(_: IngestArgs) -> anyhow::Result<ExitCode> {
    not_yet()
}
pub fn search(_: SearchArgs) -> anyhow::Result<ExitCode> {
    not_yet()
}
pub fn export(_: ExportArgs) -> anyhow::Result<ExitCode> {
    not_yet()
}
pub fn serve(_: ServeArgs) -> anyhow::Result<ExitCode> {
    not_yet()
}
pub fn demo(_: DemoArgs) -> anyhow::Result<ExitCode> {
    not_yet()
}

use crate::input;
use sanad_text::{DigitScript, NormalizeOptions, Normalizer};
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A file, or `-` (the default) for stdin.
    #[arg(default_value = "-")]
    file: String,
    /// Digits in the output: persian, latin or keep.
    #[arg(long, default_value = "persian", value_parser = ["persian", "latin", "keep"])]
    digits: String,
    /// Do not insert half-spaces (ZWNJ).
    #[arg(long)]
    no_zwnj: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input.
    #[arg(long)]
    lossy: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let doc = input::read(&args.file, args.lossy)?;
    let options = NormalizeOptions {
        digits: match args.digits.as_str() {
            "latin" => DigitScript::Latin,
            "keep" => DigitScript::Keep,
            _ => DigitScript::Persian,
        },
        repair_zwnj: !args.no_zwnj,
        ..NormalizeOptions::default()
    };
    let normalized = Normalizer::new(options).normalize(&doc.text);
    let mut out = std::io::stdout().lock();
    out.write_all(normalized.text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

//! A light `sanad extract FILE…` for working on the extractors without building the store and
//! server: `cargo run -p sanad-core --example extract -- FILE… [--claims] [--tokens]`.

use sanad_core::{DocumentOutput, ExtractOptions, Extractor};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = ExtractOptions {
        tokens: args.iter().any(|a| a == "--tokens"),
        claims: args.iter().any(|a| a == "--claims"),
    };
    let extractor = Extractor::new();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        // read and checked as `sanad extract` reads a file
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let text =
            sanad_core::decode::decode_owned(bytes, false).unwrap_or_else(|e| panic!("{path}: {e}")).text;
        let extraction = extractor.extract(&text, &options);
        let mut out = DocumentOutput::new(path.as_str().into(), text.as_bytes(), extraction.annotations);
        if options.claims {
            out.claims = Some(extraction.claims);
        }
        println!("{}", serde_json::to_string(&out).unwrap());
    }
}

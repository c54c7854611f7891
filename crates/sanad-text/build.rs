//! Builds the lexicon's hash table at compile time (see `src/lexicon.rs`): the same code as the
//! crate's (`src/lexicon_build.rs`, included in both), its output written as bytes into OUT_DIR
//! and included into the binary, so a process's start-up maps pages instead of building 8 MB.
#![allow(dead_code)]

use std::{env, fs, path::PathBuf};

include!("src/lexicon_build.rs");

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let data = manifest.join("../../data/text");
    let read = |name: &str| {
        let path = data.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lexicon_build.rs");
    let lexicon = read("lexicon.txt");
    let table =
        build_table(&lexicon, &read("verb-stems.txt"), &read("compound-heads.txt"), &read("affixes.tsv"));

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets it"));
    let slots: Vec<u8> = table.slots.iter().flat_map(|s| s.to_bytes()).collect();
    let joined: Vec<u8> = table
        .joined
        .iter()
        .flat_map(|&(at, len)| at.to_le_bytes().into_iter().chain(len.to_le_bytes()))
        .collect();
    let compounds: Vec<u8> = table.compounds.iter().flat_map(|w| w.to_le_bytes()).collect();
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        // Unchanged bytes are not rewritten, so the crate is not recompiled for nothing.
        if fs::read(&path).ok().as_deref() != Some(bytes) {
            fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    };
    write("lexicon-slots.bin", &slots);
    write("lexicon-extra.txt", table.extra.as_bytes());
    write("lexicon-joined.bin", &joined);
    write("lexicon-compounds.bin", &compounds);
    write("lexicon-short.bin", &table.short_flags(&lexicon));
}

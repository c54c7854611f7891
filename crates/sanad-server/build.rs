//! Embeds the built web page (`web/dist`, made by `scripts/build-web.sh`) when it exists; without
//! it the server serves a small built-in page, so this crate always compiles.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            walk(&p, root, out);
        } else if p.is_file() {
            let rel = p.strip_prefix(root).expect("under root");
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push((key, p.canonicalize().unwrap_or(p)));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let web = manifest.join("../../web");
    let dist = web.join("dist");
    println!("cargo::rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    if dist.is_dir() {
        walk(&dist, &dist, &mut files);
    }
    let mut code = String::from("/// The embedded web bundle: `(path, bytes)`, sorted by path.\npub static ASSETS: &[(&str, &[u8])] = &[\n");
    for (key, path) in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(code, "    ({key:?}, include_bytes!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("assets.rs");
    std::fs::write(out, code).expect("write assets.rs");
}

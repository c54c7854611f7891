//! `cargo run -p sanad-text --example normalize -- FILE [latin]`: print the normalized text.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: normalize FILE [latin]");
    let text = std::fs::read_to_string(&path).expect("read FILE");
    let mut options = sanad_text::NormalizeOptions::default();
    if args.next().as_deref() == Some("latin") {
        options.digits = sanad_text::DigitScript::Latin;
    }
    let n = sanad_text::Normalizer::new(options).normalize(&text);
    print!("{}", n.text);
}

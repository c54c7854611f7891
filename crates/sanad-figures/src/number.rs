//! Numbers written in digits (any script, with the separators sources use), in words, or mixed.
//!
//! ```
//! use sanad_figures::parse_number;
//! assert_eq!(parse_number("سه هزار دویست و دوازده").unwrap().low, Some(3212));
//! assert_eq!(parse_number("۱.۲۰۰.۰۰۰").unwrap().low, Some(1_200_000));
//! assert_eq!(parse_number("۴ میلیون").unwrap().low, Some(4_000_000));
//! assert!(parse_number("99999999999999999999999").unwrap().overflow);
//! assert!(parse_number("سلام دنیا").is_none());
//! ```

use crate::lexicon::{compact, compact_char, Lexicon, NumberKind, LEXICON};
use crate::scan::{Kind, Scan};

/// An exact decimal `mant / 10^dec`; `None` mantissa means it overflowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    pub mant: Option<u128>,
    pub dec: u32,
}

impl Decimal {
    pub fn int(v: u128) -> Decimal {
        Decimal { mant: Some(v), dec: 0 }
    }

    fn pow10(dec: u32) -> Option<u128> {
        10u128.checked_pow(dec)
    }

    pub fn plus(self, o: Decimal) -> Decimal {
        let dec = self.dec.max(o.dec);
        let a = self.mant.zip(Self::pow10(dec - self.dec)).and_then(|(m, p)| m.checked_mul(p));
        let b = o.mant.zip(Self::pow10(dec - o.dec)).and_then(|(m, p)| m.checked_mul(p));
        Decimal { mant: a.zip(b).and_then(|(a, b)| a.checked_add(b)), dec }
    }

    pub fn mul_int(self, k: u128) -> Decimal {
        Decimal { mant: self.mant.and_then(|m| m.checked_mul(k)), dec: self.dec }
    }

    pub fn is_zero(self) -> bool {
        self.mant == Some(0)
    }

    /// Floor and ceiling as u64; `None` when too large for 64 bits.
    pub fn bounds(self) -> Option<(u64, u64)> {
        let m = self.mant?;
        let p = Self::pow10(self.dec)?;
        let floor = m / p;
        let ceil = if m % p == 0 { floor } else { floor + 1 };
        Some((u64::try_from(floor).ok()?, u64::try_from(ceil).ok()?))
    }

    /// The whole value if it is an integer that fits 64 bits.
    pub fn exact(self) -> Option<u64> {
        self.bounds().filter(|(a, b)| a == b).map(|(a, _)| a)
    }
}

/// Digits with separators: «۱.۲۰۰.۰۰۰», «۱۷٬۰۰۰», «1,200» are thousands; «۲.۵», «۲٫۵», «۲/۵»
/// are decimals. `text` is the compact (ASCII-digit) form. `None` for what is no number
/// («1399/08/08»).
pub fn parse_digits(text: &str) -> Option<Decimal> {
    let seps: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| !c.is_ascii_digit()).collect();
    let digits_only = |s: &str| -> Option<Decimal> {
        let mut v: Option<u128> = Some(0);
        let mut any = false;
        for c in s.chars() {
            if let Some(d) = c.to_digit(10) {
                any = true;
                v = v.and_then(|v| v.checked_mul(10)).and_then(|v| v.checked_add(d as u128));
            }
        }
        any.then_some(Decimal { mant: v, dec: 0 })
    };
    if seps.is_empty() {
        return digits_only(text);
    }
    let first = seps[0].1;
    let groups: Vec<&str> = text.split(|c: char| !c.is_ascii_digit()).collect();
    let all_same = seps.iter().all(|(_, c)| *c == first);
    let thousands_groups =
        groups[1..].iter().all(|g| g.len() == 3) && !groups[0].is_empty() && groups[0].len() <= 3;
    match first {
        '٬' | ',' | '\'' if all_same && thousands_groups => digits_only(text),
        '.' if all_same && thousands_groups && (seps.len() > 1 || groups[1].len() == 3) => digits_only(text),
        '.' | '٫' | '/' | ',' if seps.len() == 1 => {
            if first == '/' && groups[1].len() > 2 {
                return None;
            }
            let int = digits_only(groups[0])?;
            let frac = digits_only(groups[1])?;
            let dec = groups[1].len() as u32;
            Some(
                Decimal { mant: int.mant.and_then(|m| m.checked_mul(10u128.checked_pow(dec)?)), dec }
                    .plus(frac.with_dec(dec)),
            )
        }
        _ => None,
    }
}

impl Decimal {
    fn with_dec(self, dec: u32) -> Decimal {
        Decimal { mant: self.mant, dec }
    }
}

/// A number read from tokens `start..end` of a [`Scan`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadNumber {
    pub end: usize,
    pub value: Decimal,
    /// Written (at least partly) in words.
    pub words: bool,
    /// One word and nothing else (the indefinite «یک» is no figure).
    pub single_word: Option<u64>,
    /// Digits only, no separator (a year candidate).
    pub plain_digits: bool,
    /// «دو سوم»: numerator and denominator.
    pub ratio: Option<(u64, u64)>,
    /// Where a scale word glued to the next word ends inside the last token («هزارنفری»):
    /// byte offset in the normalized text.
    pub split_at: Option<usize>,
    /// The scales the number ends with, multiplied («۳۵ هزار» → 1000, «۹ هزار میلیارد» →
    /// 10¹²), which a range's first end shares («۳۰ تا ۳۵ هزار», «هشت تا ۹ هزار میلیارد»).
    pub last_scale: Option<u64>,
    /// Any scale word in it.
    pub has_scale: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Place {
    Start,
    Ones,
    Teens,
    Tens,
    Hundreds,
    Scale,
}

/// The number word at token `i` (one or more tokens, «چهار صد»), possibly an ordinal form used
/// as a cardinal by some writers («هزارم»): `(end, value, kind)`.
fn number_word(scan: &Scan, lx: &Lexicon, i: usize) -> Option<(usize, u64, NumberKind)> {
    if scan.toks.get(i)?.kind != Kind::Word {
        return None;
    }
    if let Some((end, e)) = scan.longest(lx, i, |e| e.number.is_some()) {
        let (v, k) = e.number?;
        return Some((end, v, k));
    }
    None
}

/// A scale word glued to a counted noun: «هزارنفری» → (هزار, byte length of «هزار»).
fn glued_scale(scan: &Scan, lx: &Lexicon, i: usize, text: &str) -> Option<(u64, usize)> {
    let t = scan.toks.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    let word = &text[t.start()..t.end()];
    // the compact text of the head `word[..pos]`, walked along the trie char by char (no
    // string per head): once no phrase starts with it, no longer head is a phrase either
    let mut state = Lexicon::ROOT;
    for (k, (pos, c)) in word.char_indices().enumerate() {
        if k >= 2 {
            let head = (state != Lexicon::ROOT).then(|| lx.node_at(state));
            if let Some((v, NumberKind::Scale)) = head.and_then(|n| n.entry.as_ref()).and_then(|e| e.number) {
                let rest = compact(&word[pos..]);
                let rest = rest.trim_end_matches('ی');
                if lx.get(rest).is_some_and(|e| e.unit.is_some()) {
                    return Some((v, pos));
                }
            }
        }
        if let Some(cc) = compact_char(c) {
            match lx.edges().step(state, cc) {
                Some(next) => state = next,
                None => return None,
            }
        }
    }
    None
}

/// Read a number starting at token `i`: digits, words, or both («۳۰ هزار», «۲.۵ میلیون»,
/// «سه هزار و دویست»). `text` is the normalized text the scan was made of.
pub fn read_number(scan: &Scan, text: &str, i: usize) -> Option<ReadNumber> {
    let lx = &*LEXICON;
    let n = scan.toks.len();
    let mut total = Decimal::int(0);
    let mut current = Decimal::int(0);
    let mut place = Place::Start;
    let mut j = i;
    let mut words = false;
    let mut atoms = 0usize;
    let mut single_word = None;
    let mut plain_digits = false;
    let mut last_was_digits = false;
    let mut split_at = None;
    let mut ratio = None;
    let mut last_scale = 0u64;
    // the scales that multiply the last group of the number together: «۹ هزار میلیارد» → 10¹²,
    // what «هشت تا ۹ هزار میلیارد» shares with its first end
    let mut trailing_scale = 1u64;
    let mut last_scale_seen = false;
    let mut last_word = 0u64;
    while j < n {
        let t = scan.toks[j];
        // «و» joins word numbers: «بیست و پنج», «سه هزار و دویست», «3 هزار و 200»
        let mut k = j;
        if atoms > 0 && scan.ctext(j) == "و" && (!last_was_digits || place == Place::Scale) {
            k = j + 1;
        }
        let Some(tk) = scan.toks.get(k).copied() else { break };
        if tk.kind == Kind::Number {
            let Some(v) = parse_digits(scan.ctext(k)) else { break };
            // «چهارصد 200»: digits after a larger word add up (as persian-tools reads them)
            let smaller = v.exact().is_some_and(|d| d < last_word);
            if atoms > 0 && (last_was_digits || (place != Place::Scale && !(place >= Place::Tens && smaller)))
            {
                break;
            }
            current = current.plus(v);
            plain_digits = atoms == 0 && scan.ctext(k).chars().all(|c| c.is_ascii_digit());
            place = Place::Ones;
            last_was_digits = true;
            atoms += 1;
            j = k + 1;
            continue;
        }
        if let Some((end, v, kind)) = number_word(scan, lx, k) {
            let p = match kind {
                NumberKind::Zero | NumberKind::Digit => Place::Ones,
                NumberKind::Teen => Place::Teens,
                NumberKind::Tens => Place::Tens,
                NumberKind::Hundreds => Place::Hundreds,
                NumberKind::Scale => Place::Scale,
            };
            let fits = match p {
                Place::Scale => true,
                _ => place == Place::Start || place == Place::Scale || p < place && place != Place::Teens,
            };
            if !fits || (atoms > 0 && last_was_digits && p != Place::Scale) {
                break;
            }
            if p == Place::Scale {
                if current.is_zero() && place == Place::Scale && v >= last_scale {
                    // «سه هزار میلیون»: a larger scale multiplies what came before
                    total = total.mul_int(v as u128);
                    trailing_scale = trailing_scale.saturating_mul(v);
                } else {
                    // a bare «هزار» / «میلیون» counts one
                    let c = if current.is_zero() { Decimal::int(1) } else { current };
                    total = total.plus(c.mul_int(v as u128));
                    trailing_scale = v;
                }
                last_scale = v;
                last_scale_seen = true;
                current = Decimal::int(0);
            } else {
                current = current.plus(Decimal::int(v as u128));
            }
            last_word = v;
            single_word = if atoms == 0 && end == k + 1 { Some(v) } else { None };
            words = true;
            plain_digits = false;
            last_was_digits = false;
            place = p;
            atoms += 1;
            j = end;
            let _ = t;
            continue;
        }
        // a scale glued to the counted noun: «سی هزارنفری»
        if k == j && atoms > 0 && place != Place::Scale {
            if let Some((v, len)) = glued_scale(scan, lx, k, text) {
                total = total.plus(current.mul_int(v as u128));
                current = Decimal::int(0);
                single_word = None;
                words = true;
                plain_digits = false;
                split_at = Some(scan.toks[k].start() + len);
                atoms += 1;
                j = k + 1;
                break;
            }
        }
        break;
    }
    if atoms == 0 {
        return None;
    }
    let value = total.plus(current);
    // «دو سوم»: a fraction
    if split_at.is_none() && place == Place::Ones {
        if let Some(t) = scan.toks.get(j) {
            if t.kind == Kind::Word {
                if let Some(d) = lx.get(scan.ctext(j)).and_then(|e| e.fraction) {
                    if let Some(num) = value.exact() {
                        ratio = Some((num, d));
                        j += 1;
                        single_word = None;
                    }
                }
            }
        }
    }
    if atoms > 1 {
        single_word = None;
        plain_digits = false;
    }
    let last_scale = (place == Place::Scale && current.is_zero()).then_some(trailing_scale);
    Some(ReadNumber {
        end: j,
        value,
        words,
        single_word,
        plain_digits,
        ratio,
        split_at,
        last_scale,
        has_scale: last_scale_seen,
    })
}

/// A number parsed from a whole string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedNumber {
    /// The value, or its floor when it has decimals; `None` when it overflowed 64 bits.
    pub low: Option<u64>,
    /// The ceiling (equal to `low` for integers).
    pub high: Option<u64>,
    pub negative: bool,
    /// Too large for 64 bits (reported, never wrapped).
    pub overflow: bool,
    /// «دو سوم»: numerator and denominator.
    pub ratio: Option<(u64, u64)>,
}

/// Parse a whole string as one number: digits of any script with separators, number words,
/// or both; «منفی» (or a leading `-`) makes it negative. `None` when anything else is in it.
pub fn parse_number(s: &str) -> Option<ParsedNumber> {
    let scan = Scan::new(s);
    if scan.toks.is_empty() {
        return None;
    }
    let mut i = 0;
    let mut negative = false;
    if scan.ctext(0) == "منفی" || scan.ctext(0) == "-" {
        negative = true;
        i = 1;
    } else if scan.ctext(0) == "مثبت" || scan.ctext(0) == "+" {
        i = 1;
    }
    let r = read_number(&scan, s, i);
    match r {
        Some(r) if r.end == scan.toks.len() && r.split_at.is_none() => Some(finish(r, negative)),
        _ => {
            // ordinals read as cardinals: «سه هزارمین», «دهم هزار», «سی و سوم», «سی اُم»
            let words: Vec<&str> = scan.toks[i..]
                .iter()
                .map(|t| cardinal_of_ordinal(&s[t.start()..t.end()]))
                .filter(|w| !w.is_empty())
                .collect();
            let stripped = words.join(" ");
            if stripped == s {
                return None;
            }
            parse_number_ordinal(&stripped, negative)
        }
    }
}

/// The cardinal word behind an ordinal one: «سوم» → «سه», «هزارمین» → «هزار», «اُم» → nothing.
fn cardinal_of_ordinal(w: &str) -> &str {
    let bare: String = w.chars().filter(|c| !('\u{064B}'..='\u{065F}').contains(c)).collect();
    match bare.as_str() {
        "ام" => "",
        "سوم" | "سومین" => "سه",
        "اول" | "یکم" | "نخست" | "اولین" | "نخستین" => "یک",
        _ => w.strip_suffix("مین").or_else(|| w.strip_suffix("م")).unwrap_or(w),
    }
}

fn parse_number_ordinal(s: &str, negative: bool) -> Option<ParsedNumber> {
    let scan = Scan::new(s);
    let r = read_number(&scan, s, 0)?;
    if r.end != scan.toks.len() || r.split_at.is_some() {
        return None;
    }
    Some(finish(r, negative))
}

fn finish(r: ReadNumber, negative: bool) -> ParsedNumber {
    let b = r.value.bounds();
    ParsedNumber {
        low: b.map(|b| b.0),
        high: b.map(|b| b.1),
        negative: negative && !r.value.is_zero(),
        overflow: b.is_none(),
        ratio: r.ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<u64> {
        parse_number(s).and_then(|p| p.low)
    }

    #[test]
    fn digits_with_every_separator() {
        assert_eq!(v("۱.۲۰۰.۰۰۰"), Some(1_200_000));
        assert_eq!(v("۱۷٬۰۰۰"), Some(17_000));
        assert_eq!(v("1,200"), Some(1200));
        assert_eq!(v("٣٢١٢"), Some(3212));
        let p = parse_number("۲.۵").unwrap();
        assert_eq!((p.low, p.high), (Some(2), Some(3)));
        assert_eq!(v("۲.۵ میلیون"), Some(2_500_000));
    }

    #[test]
    fn words_and_mixed() {
        assert_eq!(v("سه هزار"), Some(3000));
        assert_eq!(v("بیست و پنج"), Some(25));
        assert_eq!(v("یک میلیون"), Some(1_000_000));
        assert_eq!(v("۳۰ هزار"), Some(30_000));
        assert_eq!(v("چهار صد"), Some(400));
        assert_eq!(v("یک میلیون و سی هزار"), Some(1_030_000));
        assert_eq!(parse_number("دو سوم").unwrap().ratio, Some((2, 3)));
    }

    #[test]
    fn too_large_is_overflow_not_wrap() {
        let p = parse_number("18446744073709551616").unwrap();
        assert!(p.overflow);
        assert_eq!(p.low, None);
        assert_eq!(v("18446744073709551615"), Some(u64::MAX));
        assert!(parse_number("هزار میلیارد میلیارد میلیارد").unwrap().overflow);
    }

    #[test]
    fn not_numbers() {
        assert!(parse_number("1399/08/08").is_none());
        assert!(parse_number("سلام").is_none());
        assert!(parse_number("").is_none());
    }
}

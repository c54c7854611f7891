//! Quantities: a number (digits, words, vague plural), its range and approximation, the noun
//! counted, the group counted, and the event predicate of its clause.

use crate::lexicon::{Bound, DateRole, Entry, Lexicon, NumberKind, Reach, LEXICON};
use crate::number::{read_number, Decimal, ReadNumber};
use crate::scan::{Kind, Scan};
use crate::QuantityValue;
use std::ops::Range;

/// One figure before its ends are combined.
#[derive(Clone, Copy, Debug)]
struct Figure {
    end: usize,
    low: Option<u64>,
    high: Option<u64>,
    overflow: bool,
    vague: bool,
    needs_unit: bool,
    words: bool,
    single_word: Option<u64>,
    plain_digits: bool,
    ratio: Option<(u64, u64)>,
    split_at: Option<usize>,
    last_scale: Option<u64>,
    has_scale: bool,
}

fn figure_at(scan: &Scan, text: &str, lx: &Lexicon, i: usize) -> Option<Figure> {
    let t = scan.toks.get(i)?;
    if t.kind == Kind::Word {
        if let Some((end, e)) = scan.longest(lx, i, |e| e.vague.is_some()) {
            let (lo, hi, needs) = e.vague?;
            // «ده ها هزار», «صدها هزار»: a scale after a vague plural multiplies it
            let (mut lo, mut hi, mut end, mut needs) = (lo, hi, end, needs);
            if let Some((e2, s)) = scan.longest(lx, end, |e| matches!(e.number, Some((_, NumberKind::Scale))))
            {
                let k = s.number.map(|n| n.0).unwrap_or(1);
                lo = lo.saturating_mul(k);
                hi = hi.saturating_mul(k);
                end = e2;
                // «چند میلیون»: a scale makes «چند» a figure on its own
                needs = false;
            }
            return Some(Figure {
                end,
                low: Some(lo),
                high: Some(hi),
                overflow: false,
                vague: true,
                needs_unit: needs,
                words: true,
                single_word: None,
                plain_digits: false,
                ratio: None,
                split_at: None,
                last_scale: None,
                has_scale: true,
            });
        }
    }
    let r: ReadNumber = read_number(scan, text, i)?;
    let b = r.value.bounds();
    Some(Figure {
        end: r.end,
        low: b.map(|b| b.0),
        high: b.map(|b| b.1),
        overflow: b.is_none() && r.value != Decimal::int(0),
        vague: false,
        needs_unit: r.words,
        words: r.words,
        single_word: r.single_word,
        plain_digits: r.plain_digits,
        ratio: r.ratio,
        split_at: r.split_at,
        last_scale: r.last_scale,
        has_scale: r.has_scale,
    })
}

/// The compact text of token `i` and its forms without the endings a counted noun or group
/// takes («روستای», «خانوادۀ», «نفری», «شهروندان», «آذربایجانیها»).
pub(crate) fn stems(c: &str) -> impl Iterator<Item = &str> {
    let mut v: [Option<&str>; 8] = [Some(c), None, None, None, None, None, None, None];
    // «مسلمان‌نشین» / «ارمنی‌نشین» written as one word name the group
    for (k, suf) in ["های", "ها", "ی", "ان", "یان", "ای", "نشین"].iter().enumerate() {
        if let Some(s) = c.strip_suffix(suf) {
            if s.chars().count() >= 2 {
                v[k + 1] = Some(s);
            }
        }
    }
    v.into_iter().flatten()
}

fn lookup_stem<'l>(
    scan: &Scan,
    lx: &'l Lexicon,
    i: usize,
    want: impl Fn(&Entry) -> bool,
) -> Option<(usize, &'l Entry)> {
    let t = scan.toks.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    if let Some(hit) = scan.longest(lx, i, &want) {
        return Some(hit);
    }
    for s in stems(scan.ctext(i)) {
        if let Some(e) = lx.get(s) {
            if want(e) {
                return Some((i + 1, e));
            }
        }
    }
    // «ارمنی  نشین» / «مسلمان نشین» are read as the group «ارمنی»
    None
}

/// A range joiner at token `i`: «تا», «الی», «-», «–» (and «و» after «بین»).
fn is_range_joiner(scan: &Scan, lx: &Lexicon, i: usize, between: bool) -> bool {
    let Some(t) = scan.toks.get(i) else { return false };
    let c = scan.ctext(i);
    if between && c == "و" {
        return true;
    }
    (t.kind == Kind::Word || t.kind == Kind::Punct) && lx.get(c).is_some_and(|e| e.range)
}

fn date_role(scan: &Scan, lx: &Lexicon, i: usize) -> Option<DateRole> {
    let t = scan.toks.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    // exact words only: «آذری» is no «آذر»
    // «ق.م»
    scan.longest(lx, i, |e| e.date.is_some()).and_then(|(_, e)| e.date)
}

fn is_year_like(f: &Figure) -> bool {
    f.plain_digits && matches!(f.low, Some(1000..=2100))
}

const CLAUSE_END: &str = ".!?؛;:،,«»()[]\n";
const SENTENCE_END: &str = ".!?؛;:\n";

/// What the figure measures: the event predicate nearest in its clause, after it first.
fn measure_near(scan: &Scan, lx: &Lexicon, start: usize, end: usize) -> Option<&'static str> {
    // a measure right before the figure names it: «تلفات ۱۱۱ نفر و زخمیها ۳۳۲ نفر»
    if start >= 1 && !scan.is_punct(start - 1, CLAUSE_END) {
        if let Some(m) = measure_at(scan, lx, start - 1) {
            return Some(m);
        }
    }
    let mut j = end;
    while j < scan.toks.len() && j < end + 12 {
        if scan.is_punct(j, CLAUSE_END) {
            break;
        }
        if let Some(m) = measure_at(scan, lx, j) {
            return Some(m);
        }
        j += 1;
    }
    let mut j = start;
    let mut steps = 0;
    while j > 0 && steps < 8 {
        j -= 1;
        steps += 1;
        if scan.is_punct(j, SENTENCE_END) {
            break;
        }
        if let Some(m) = measure_at(scan, lx, j) {
            // a longer phrase that ends here wins: «کشته یا زخمی»
            for k in j.saturating_sub(2)..j {
                if let Some((e, longer)) = scan.longest(lx, k, |e| e.measure.is_some()) {
                    if e > j {
                        return longer.measure;
                    }
                }
            }
            return Some(m);
        }
    }
    None
}

/// A measure phrase at token `j`, also with a plural or adjective ending («زخمیها»).
fn measure_at(scan: &Scan, lx: &Lexicon, j: usize) -> Option<&'static str> {
    if scan.toks.get(j)?.kind != Kind::Word {
        return None;
    }
    if let Some((_, e)) = scan.longest(lx, j, |e| e.measure.is_some()) {
        return e.measure;
    }
    // plural endings only: «ساکنان» (residents) is no «ساکن» (settled)
    let c = scan.ctext(j);
    ["های", "ها"].iter().filter_map(|s| c.strip_suffix(s)).find_map(|st| lx.get(st).and_then(|e| e.measure))
}

/// A found quantity: a byte range of the normalized text and its value.
pub struct Found {
    pub range: Range<usize>,
    pub value: QuantityValue,
}

/// Find the quantities of a scanned text; `is_date(normalized range)` says a range is a date.
pub fn find(scan: &Scan, text: &str, is_date: &dyn Fn(Range<usize>) -> bool) -> Vec<Found> {
    let lx = &*LEXICON;
    let mut out = Vec::new();
    let mut i = 0;
    let n = scan.toks.len();
    while i < n {
        // a quantity starts with digits, a number word, a vague plural or a bound: elsewhere
        // `quantity_at` finds nothing, so skip it without the lookups
        if scan.toks[i].kind != Kind::Number && !scan.word_may_start(i, Reach::QUANTITY_START) {
            i += 1;
            continue;
        }
        match quantity_at(scan, text, lx, i) {
            Some(Ok(found)) => {
                let next = found.1;
                if !is_date(found.0.range.clone()) {
                    out.push(found.0);
                }
                i = next;
            }
            Some(Err(skip_to)) => i = skip_to.max(i + 1),
            None => i += 1,
        }
    }
    out
}

/// `Some(Ok((found, next token)))`, `Some(Err(next token))` for a figure that is no quantity
/// (a date, a year, a duration), `None` when nothing starts here.
fn quantity_at(scan: &Scan, text: &str, lx: &Lexicon, i: usize) -> Option<Result<(Found, usize), usize>> {
    let first = scan.toks.get(i)?;
    if first.kind == Kind::Punct {
        return None;
    }
    // an approximation or bound before the figure
    let mut bound = None;
    let mut s = i;
    if first.kind == Kind::Word {
        if let Some((end, e)) = scan.longest(lx, i, |e| e.bound.is_some()) {
            bound = e.bound;
            s = end;
        }
    }
    let mut f1 = figure_at(scan, text, lx, s)?;
    let between = bound == Some(Bound::Between);
    let mut end = f1.end;
    let mut f2 = None;
    // a unit may sit between the two ends: «۳۰۰ نفر تا ۴۰۰ نفر»
    if f1.split_at.is_none() {
        let mut k = end;
        if let Some((ue, _)) = lookup_stem(scan, lx, k, |e| e.unit.is_some()) {
            if is_range_joiner(scan, lx, ue, between) {
                k = ue;
            }
        }
        if is_range_joiner(scan, lx, k, between) {
            if let Some(f) = figure_at(scan, text, lx, k + 1) {
                if !f.vague || f1.vague {
                    end = f.end;
                    f2 = Some(f);
                }
            }
        }
    }
    // «۳۰ تا ۳۵ هزار», «۴ تا ۵ میلیون»: the first end shares the second's scale
    if let Some(k) = f2.and_then(|f| f.last_scale) {
        if !f1.has_scale && !f1.vague {
            if let (Some(l), Some(h)) = (f1.low.and_then(|l| l.checked_mul(k)), f2.and_then(|f| f.high)) {
                if l <= h {
                    f1.low = Some(l);
                    f1.high = f1.high.and_then(|x| x.checked_mul(k));
                }
            }
        }
    }
    if between && f2.is_none() {
        // «بین» without a second end is no range; read the figure on its own
        bound = None;
    }
    let skip = Err(end);

    // footnote marks «[۲]»
    if s > 0 && scan.is_punct(s - 1, "[") && scan.is_punct(end, "]") {
        return Some(skip);
    }
    // dates: «در سال ۱۸۲۳», «فوریۀ ۱۹۰۵», «۲۰ و ۲۱ فوریه», «۱۹۱۶م»
    let prev_role = if s > 0 { date_role(scan, lx, s - 1) } else { None };
    if !f1.words && matches!(prev_role, Some(DateRole::Head) | Some(DateRole::Month)) && f1.split_at.is_none()
    {
        return Some(skip);
    }
    let mut after = end;
    // «۲۰ و ۲۱ فوریه»: coordinated day numbers before a month
    if scan.ctext(after.min(scan.toks.len().saturating_sub(1))) == "و"
        && scan.toks.get(after + 1).is_some_and(|t| t.kind == Kind::Number)
        && matches!(date_role(scan, lx, after + 2), Some(DateRole::Month))
    {
        return Some(Err(after + 2));
    }
    if !f1.words && matches!(date_role(scan, lx, after), Some(DateRole::Month) | Some(DateRole::Marker)) {
        return Some(Err(after + 1));
    }
    let year_like = is_year_like(&f1) && f2.as_ref().map_or(true, is_year_like);

    // the counted noun
    let mut unit: Option<(&'static str, Option<&'static str>)> = None;
    let mut span_end = scan.toks[end - 1].end();
    if let Some(split) = f1.split_at.filter(|_| f2.is_none()) {
        let rest = crate::lexicon::compact(&text[split..scan.toks[end - 1].end()]);
        for st in stems(&rest) {
            if let Some(u) = lx.get(st).and_then(|e| e.unit) {
                unit = Some(u);
                break;
            }
        }
    } else if let Some(t) = scan.toks.get(after) {
        if t.kind == Kind::Word {
            if lookup_stem(scan, lx, after, |e| e.time).is_some() {
                return Some(Err(after + 1));
            }
            if let Some((ue, e)) = lookup_stem(scan, lx, after, |e| e.unit.is_some()) {
                unit = e.unit;
                // «وزن آن به ۶۰۰ هزار تن می رسد»: a weight word earlier in the clause
                if let Some(alt) = e.unit_alt {
                    let mut k = i;
                    while k > 0 && i - k < 10 && !scan.is_punct(k - 1, SENTENCE_END) {
                        k -= 1;
                        if scan.toks[k].kind == Kind::Word
                            && lx.get(scan.ctext(k)).is_some_and(|w| w.unit_switch == Some(alt))
                        {
                            unit = Some((alt, None));
                            break;
                        }
                    }
                }
                span_end = scan.toks[ue - 1].end();
                after = ue;
            }
        }
    }
    // the group counted: «۱۲۶ آذری», «۴۶۰ تن از شهروندان ارمنی», «روس و ارمنی», «مسلمان نشین»
    let mut group: Option<Range<usize>> = None;
    {
        let mut g = after;
        let mut tries: Vec<usize> = vec![g];
        if scan.toks.get(g).is_some_and(|_| scan.ctext(g) == "از") {
            tries.push(g + 1);
            tries.push(g + 2);
        }
        for &k in &tries {
            if let Some((ge, _)) = lookup_stem(scan, lx, k, |e| e.group.is_some()) {
                let mut gend = ge;
                // «روس و ارمنی»
                if scan.toks.get(gend).is_some() && scan.ctext(gend) == "و" {
                    if let Some((ge2, _)) = lookup_stem(scan, lx, gend + 1, |e| e.group.is_some()) {
                        gend = ge2;
                    }
                }
                let gstart = scan.toks[k].start();
                group = Some(gstart..scan.toks[gend - 1].end());
                if scan.toks.get(gend).is_some() && scan.ctext(gend) == "نشین" {
                    gend += 1;
                }
                g = gend;
                span_end = scan.toks[g - 1].end();
                after = g;
                break;
            }
        }
    }

    // what makes a figure a quantity
    if f1.single_word == Some(1) && f2.is_none() && unit.is_none() && group.is_none() {
        return Some(skip);
    }
    if f1.single_word == Some(1) && f2.is_none() {
        // the indefinite «یک»: «یک استان», «یک مسلمان»
        return Some(skip);
    }
    if year_like && unit.is_none() && group.is_none() {
        return Some(skip);
    }
    let counted = unit.is_some() || group.is_some();
    let measure_next = scan.longest(lx, after, |e| e.measure.is_some()).is_some();
    let ok = if f1.ratio.is_some() {
        true
    } else if f1.vague {
        !f1.needs_unit || counted
    } else if f1.needs_unit {
        counted || (bound.is_some() && !between)
    } else {
        counted || bound.is_some() || f2.is_some() || measure_next
    };
    if !ok {
        return Some(skip);
    }

    // the value
    let (mut low, mut high) = match &f2 {
        Some(f2) => (f1.low, f2.high),
        None => (f1.low, f1.high),
    };
    if let (Some(a), Some(b)) = (low, high) {
        if a > b {
            // «۸۰۰ – ۷۰۰» written high-first
            let (l2, h2) = (f2.as_ref().and_then(|f| f.low), f1.high);
            low = l2.or(Some(b));
            high = h2.or(Some(a));
        }
    }
    if f1.ratio.is_some() {
        // «دو سوم»: a share, not a count
        low = None;
        high = None;
    }
    let overflow = f1.overflow || f2.as_ref().is_some_and(|f| f.overflow);
    let mut approx = f1.vague || f2.as_ref().is_some_and(|f| f.vague);
    match bound {
        Some(Bound::Approx) => approx = true,
        Some(Bound::More) => {
            low = high.and_then(|h| h.checked_add(1));
            high = None;
            approx = true;
        }
        Some(Bound::AtLeast) => {
            high = None;
            approx = true;
        }
        Some(Bound::Less) => {
            high = low.and_then(|l| l.checked_sub(1));
            low = None;
            approx = true;
        }
        Some(Bound::AtMost) => {
            high = high.or(low);
            low = None;
            approx = true;
        }
        _ => {}
    }
    let start_tok = if bound.is_some() { i } else { s };
    let start = scan.toks[start_tok].start();
    let measure = unit.and_then(|u| u.1).or_else(|| measure_near(scan, lx, start_tok, after));
    // a count of losses («ده ها … کشته») or of a group («۱۲۶ آذری») counts people
    let human = matches!(
        measure,
        Some(
            "killed"
                | "wounded"
                | "casualties"
                | "killed_or_wounded"
                | "missing"
                | "captured"
                | "refugees"
                | "displaced"
        )
    );
    let unit_name = unit.map(|u| u.0).or(if group.is_some() || human { Some("people") } else { None });
    let value = QuantityValue {
        low,
        high,
        approx,
        unit: unit_name.map(str::to_string),
        measure: measure.map(str::to_string),
        // «مسلمان‌نشین» names the group «مسلمان»
        group: group.map(|g| {
            let g = &text[g];
            g.strip_suffix("نشین").map_or(g, |h| h.trim_end_matches(['\u{200c}', ' '])).to_string()
        }),
        vague: f1.vague || f2.as_ref().is_some_and(|f| f.vague),
        overflow,
        ratio: f1.ratio.map(|(a, b)| [a, b]),
    };
    Some(Ok((Found { range: start..span_end, value }, after.max(end))))
}

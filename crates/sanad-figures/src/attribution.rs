//! Attributions: a cue («به گفتۀ», «می‌نویسد», «به نقل از» …, see `data/figures/cues.tsv`), the
//! source it points to (the noun phrase after a prepositional cue, the subject before a verb
//! cue), whom the source cites, the claimed words, whether they are quoted, and the stance.

use crate::lexicon::{CueWhere, Entry, Lexicon, Reach, LEXICON};
use crate::scan::{Kind, Scan};
use crate::{AttributionMention, AttributionValue, TextSpan};
use sanad_text::{Analyzed, Span};
use std::ops::Range;

const SENTENCE_END: &str = ".!?؛;:";

struct Ctx<'a, 'd> {
    scan: &'a Scan<'d>,
    doc: &'a Analyzed<'d>,
    lx: &'static Lexicon,
    text: &'a str,
    /// The names are sorted by start and none ends before it starts (as the entity finder
    /// gives them): a search for names starting in a range then looks at that range only.
    names_sorted: bool,
}

impl Ctx<'_, '_> {
    /// The names that start in `lo..hi`, in their order, when the names are sorted (else all
    /// of them): every name a search for names starting there can find, so the search finds
    /// the same one.
    fn names_starting_in<'n>(&self, names: &'n [Span], lo: usize, hi: usize) -> &'n [Span] {
        if !self.names_sorted {
            return names;
        }
        let a = names.partition_point(|n| n.start < lo);
        let b = names.partition_point(|n| n.start < hi).max(a);
        &names[a..b]
    }

    fn n(&self) -> usize {
        self.scan.toks.len()
    }

    /// A paragraph break (a newline) lies between tokens `i-1` and `i`.
    fn breaks_before(&self, i: usize) -> bool {
        if i == 0 || i >= self.n() {
            return true;
        }
        // bytes: a newline is one byte in UTF-8, and the gap is a space or two
        let gap = self.text.as_bytes().get(self.scan.toks[i - 1].end()..self.scan.toks[i].start());
        gap.unwrap_or_default().contains(&b'\n')
    }

    fn sentence_start(&self, i: usize) -> usize {
        let mut j = i;
        while j > 0 {
            if self.breaks_before(j) || self.scan.is_punct(j - 1, SENTENCE_END) {
                return j;
            }
            j -= 1;
        }
        0
    }

    fn sentence_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.n() {
            if self.scan.is_punct(j, ".!?؛;") {
                return j + 1;
            }
            if j > i && self.breaks_before(j) {
                return j;
            }
            j += 1;
        }
        self.n()
    }

    fn paragraph_end(&self, i: usize) -> usize {
        let mut j = i + 1;
        while j < self.n() && !self.breaks_before(j) {
            j += 1;
        }
        j.min(self.n())
    }

    fn entry_at(&self, i: usize, want: impl Fn(&Entry) -> bool) -> Option<(usize, &'static Entry)> {
        if self.scan.toks.get(i)?.kind != Kind::Word {
            return None;
        }
        self.scan.longest(self.lx, i, want)
    }

    fn is_stop(&self, i: usize) -> bool {
        self.entry_at(i, |e| e.stop).is_some_and(|(end, _)| end == i + 1)
    }

    /// A token that starts something other than a name: a number, a figure word, a cue.
    fn ends_name(&self, i: usize) -> bool {
        let t = &self.scan.toks[i];
        if t.kind != Kind::Word {
            return true;
        }
        if self.is_stop(i) {
            return true;
        }
        // (the reach test first: most words start none of these phrases)
        self.scan.word_may_start(i, Reach::QUANTITY_START | Reach::CUE)
            && self
                .entry_at(i, |e| {
                    e.cue.is_some() || e.bound.is_some() || e.vague.is_some() || e.number.is_some()
                })
                .is_some()
    }

    /// The names of a noun phrase starting at token `k`: up to six words, split at «و»
    /// («داسنابدیان و واکر» gives two). A «…» quotation is one name.
    fn noun_phrase(&self, k: usize, limit: usize) -> Vec<Range<usize>> {
        let limit = limit.min(self.n());
        if k < limit && self.scan.is_punct(k, "«\"") {
            let mut j = k + 1;
            while j < limit && !self.scan.is_punct(j, "»\"") && j < k + 8 {
                j += 1;
            }
            if j < limit && j > k + 1 && self.scan.is_punct(j, "»\"") {
                return std::iter::once(k + 1..j).collect();
            }
            return Vec::new();
        }
        let mut names = Vec::new();
        let mut start = k;
        let mut j = k;
        let mut words = 0;
        while j < limit && words < 6 {
            if j > k && self.breaks_before(j) {
                break;
            }
            if self.scan.ctext(j) == "و" && j > start {
                if j + 1 < limit && !self.ends_name(j + 1) {
                    names.push(start..j);
                    start = j + 1;
                    j += 1;
                    continue;
                }
                break;
            }
            if self.ends_name(j) {
                break;
            }
            words += 1;
            j += 1;
        }
        if j > start {
            names.push(start..j);
        }
        names
    }

    fn span(&self, toks: Range<usize>) -> Span {
        let a = self.scan.toks[toks.start].start();
        let b = self.scan.toks[toks.end - 1].end();
        self.doc.to_original(a..b)
    }

    fn text_span(&self, toks: Range<usize>) -> TextSpan {
        let s = self.span(toks);
        TextSpan { start: s.start, end: s.end, text: self.doc.original()[s.range()].to_string() }
    }

    /// The subject of the clause that ends at the verb cue at `cue`: the sentence's first noun
    /// phrase after discourse words, else the noun phrase after the last «و» / «،» before the
    /// cue, else a name found by the entity extractor.
    fn subject(&self, cue: usize, names: &[Span], prior: Option<Range<usize>>) -> Vec<Range<usize>> {
        let s0 = self.sentence_start(cue);
        // «منابع ارمنی یا طرفدار ارمنی مانند داسنابدیان و واکر معتقدند»: the named members
        for j in s0..cue {
            let w = self.scan.ctext(j);
            let named = matches!(w, "مانند" | "همچون" | "نظیر")
                || (w == "از" && j + 1 < cue && self.scan.ctext(j + 1) == "جمله");
            if named {
                let k = if w == "از" { j + 2 } else { j + 1 };
                let np = self.noun_phrase(k, cue);
                if !np.is_empty() && np.last().is_some_and(|r| r.end == cue) {
                    return np;
                }
            }
        }
        // «یک شاهد عینی، به نام «آ. آرکی پوف»، گفته است»
        for j in s0..cue {
            if self.scan.ctext(j) == "به" && j + 1 < cue && self.scan.ctext(j + 1) == "نام" {
                let np = self.noun_phrase(j + 2, cue);
                if !np.is_empty() {
                    return np;
                }
            }
        }
        // «واقعیتی که تقریباً همه تحلیلگران از آن سخن گفته اند»: the relative clause's subject,
        // unless a comma closes the relative clause before the cue
        let mut k = cue;
        while k > s0 + 1 {
            k -= 1;
            if self.scan.is_punct(k, "،,") {
                break;
            }
            if self.scan.ctext(k) == "که" {
                let mut a = k + 1;
                while a < cue && self.entry_at(a, |e| e.bound.is_some()).is_some_and(|(e, _)| e == a + 1) {
                    a += 1;
                }
                // «رافالوویچ، … که بعد ها مقالات مفصلی در مورد آن نوشته است»: the relative
                // clause's words are a source only when they name one; else the antecedent
                if a < cue && !self.ends_name(a) {
                    let np = self.noun_phrase(a, cue);
                    if !np.is_empty() && np.iter().all(|r| self.names_a_source(r.clone(), names)) {
                        return np;
                    }
                }
                break;
            }
        }
        // «… مطرح و کمیتۀ مرکزی … اعلام کرد», «… آغاز شد و مانیفست داشناک خواهان …»: a new
        // clause after a finished predicate
        let mut k = cue;
        while k > s0 + 1 {
            k -= 1;
            if self.scan.ctext(k) == "و"
                && matches!(
                    self.scan.ctext(k - 1),
                    "مطرح"
                        | "شد"
                        | "شدند"
                        | "کرد"
                        | "کردند"
                        | "بود"
                        | "بودند"
                        | "گردید"
                        | "رسید"
                        | "است"
                )
                && k + 1 < cue
                && !self.ends_name(k + 1)
            {
                let np = self.noun_phrase(k + 1, cue);
                if !np.is_empty() {
                    return np;
                }
            }
        }
        let mut j = s0;
        while j < cue && (self.scan.is_punct(j, "«»()-–") || self.discourse(j)) {
            j += 1;
        }
        // «یک تاریخ‌نگار می‌نویسد»: the indefinite article belongs to the source
        let article = j + 1 < cue && self.scan.ctext(j) == "یک" && !self.ends_name(j + 1);
        if j < cue && !self.is_stop(j) {
            let mut np = if article {
                let mut np = self.noun_phrase(j + 1, cue);
                if let Some(first) = np.first_mut() {
                    first.start = j;
                }
                np
            } else {
                self.noun_phrase(j, cue)
            };
            if np.len() == 1 && np[0].len() == 1 && matches!(self.scan.ctext(np[0].start), "او" | "وی") {
                // the last source named in this paragraph, else the previous sentence's subject
                let para_start = (0..=np[0].start).rev().find(|&k| self.breaks_before(k)).unwrap_or(0);
                if let Some(prev) = prior.filter(|r| r.start >= para_start) {
                    return std::iter::once(prev).collect();
                }
                // a pronoun: the subject of the previous sentence of the same paragraph
                if s0 > 0 && !self.breaks_before(s0) {
                    let prev = self.sentence_start(s0 - 1);
                    let mut a = prev;
                    while a < s0 && (self.scan.is_punct(a, "«»()-–") || self.discourse(a)) {
                        a += 1;
                    }
                    if a < s0 && !self.is_stop(a) {
                        let p = self.noun_phrase(a, s0);
                        if !p.is_empty() && !matches!(self.scan.ctext(p[0].start), "او" | "وی" | "این" | "آن")
                        {
                            return p;
                        }
                    }
                }
            }
            // «پارلمان اروپا (…)، مجلس سنای آمریکا (…) و مجلس آرژانتین …»: a list of subjects,
            // told apart by the parenthesis after the first
            let mut e = np.last().map_or(j, |r| r.end);
            while !np.is_empty() && e < cue && self.scan.is_punct(e, "(") {
                while e < cue && !self.scan.is_punct(e, ")") {
                    e += 1;
                }
                e += 1;
                if e < cue
                    && (self.scan.is_punct(e, "،,") || self.scan.ctext(e) == "و")
                    && e + 1 < cue
                    && !self.ends_name(e + 1)
                {
                    let more = self.noun_phrase(e + 1, cue);
                    if more.is_empty() {
                        break;
                    }
                    e = more.last().map_or(e + 1, |r| r.end);
                    np.extend(more);
                } else {
                    break;
                }
            }
            if !np.is_empty() {
                return np;
            }
        }
        // a name from the entity extractor, nearest the cue
        let cue_start = self.span(cue..cue + 1).start;
        let sent_start = self.span(s0..s0 + 1).start;
        let near = self.names_starting_in(names, sent_start, cue_start.saturating_add(1));
        if let Some(nm) = near.iter().rfind(|n| n.start >= sent_start && n.end <= cue_start) {
            if let Some(a) = (s0..cue).find(|&k| self.span(k..k + 1).start >= nm.start) {
                let b = (a..cue).find(|&k| self.span(k..k + 1).end >= nm.end).map_or(cue, |b| b + 1);
                return std::iter::once(a..b).collect();
            }
        }
        let mut k = cue;
        while k > s0 {
            k -= 1;
            if (self.scan.ctext(k) == "و" || self.scan.is_punct(k, "،,"))
                && k + 1 < cue
                && !self.is_stop(k + 1)
                && !self.ends_name(k + 1)
            {
                let np = self.noun_phrase(k + 1, cue);
                if !np.is_empty() {
                    return np;
                }
            }
        }
        Vec::new()
    }

    /// The noun phrase names a source: a person or organization found by the entity
    /// extractor, or a source noun among its first two words («برخی آمارها»).
    fn names_a_source(&self, np: Range<usize>, names: &[Span]) -> bool {
        let span = self.span(np.clone());
        if self.names_starting_in(names, 0, span.end).iter().any(|n| n.overlaps(span)) {
            return true;
        }
        np.clone().take(2).any(|k| {
            let c = self.scan.ctext(k);
            [c, c.trim_end_matches("های"), c.trim_end_matches("ها"), c.trim_end_matches("ی")]
                .iter()
                .any(|s| self.lx.get(s).is_some_and(|e| e.source_noun))
        })
    }

    /// A source is a noun phrase (a person, an organisation, a publication, «منابع ارمنی», «یک
    /// تاریخ‌نگار»), never a verb, an adverb or a clause: leading stop, discourse and time words
    /// are dropped, and the phrase ends before the first verb or function word (the stop list,
    /// `data/figures/source-stopwords.tsv`: «می», «نمی», «است», «شده» …) and before an indefinite
    /// plural, which is an object («مجلس آرژانتین قطعنامه‌هایی …»). `None` when nothing is left
    /// («می کند», «مدتی», «بار دیگر»).
    fn clean_source(&self, np: Range<usize>) -> Option<Range<usize>> {
        let stop = |k: usize| {
            let t = &self.scan.toks[k];
            // a verb with its prefix joined by a zero-width non-joiner: «می‌آوریم», «نمی‌توان»
            let verb =
                ["می\u{200c}", "نمی\u{200c}"].iter().any(|p| self.text[t.start()..t.end()].starts_with(p));
            t.kind == Kind::Word
                && (verb || self.lx.get(self.scan.ctext(k)).is_some_and(|e| e.stop) || self.discourse(k))
        };
        let lead = |k: usize| self.lx.get(self.scan.ctext(k)).is_some_and(|e| e.lead);
        let mut a = np.start;
        while a < np.end && (stop(a) || lead(a) || self.scan.toks[a].kind != Kind::Word) {
            a += 1;
        }
        let mut b = a;
        while b < np.end && !stop(b) && !(b > a && self.scan.ctext(b).ends_with("هایی")) {
            b += 1;
        }
        while b > a && self.scan.toks[b - 1].kind != Kind::Word {
            b -= 1;
        }
        (b > a).then_some(a..b)
    }

    /// A source that runs on past a name the entity extractor found, into the object of the
    /// clause («خسروتاج میزان رشد صادرات … اعلام کرد», «سرلشگر فیروزآبادی داعش …»), ends with
    /// the name.
    fn end_at_name(&self, np: Range<usize>, names: &[Span]) -> Range<usize> {
        let span = self.span(np.clone());
        let inside = self.names_starting_in(names, span.start, span.end);
        let Some(name) = inside.iter().rfind(|n| n.start >= span.start && n.end < span.end) else {
            return np;
        };
        match (np.start..np.end).find(|&k| self.span(k..k + 1).end >= name.end) {
            Some(k) if k + 1 < np.end => np.start..k + 1,
            _ => np,
        }
    }

    fn discourse(&self, j: usize) -> bool {
        matches!(
            self.scan.ctext(j),
            "البته"
                | "اما"
                | "ولی"
                | "همچنین"
                | "ضمن"
                | "اینکه"
                | "تاکنون"
                | "سپس"
                | "بنابراین"
                | "حتی"
                | "نیز"
                | "و"
                | "لذا"
        )
    }

    /// Where the claimed words run from token `from`: a «…» quotation or what follows a colon
    /// (the next paragraph when the colon ends one), else the rest of the sentence.
    fn claim(&self, from: usize, sentences: usize) -> (Range<usize>, bool) {
        let mut k = from;
        while k < self.n() && matches!(self.scan.ctext(k), "که" | "چنین" | "اینگونه") {
            k += 1;
        }
        if k < self.n() && self.scan.is_punct(k, ":") {
            k += 1;
            if k < self.n() && self.breaks_before(k) {
                return (k..self.paragraph_end(k), true);
            }
            if k < self.n() && self.scan.is_punct(k, "«") {
                return (k..self.quote_end(k), true);
            }
            return (k..self.paragraph_end(k), true);
        }
        if k < self.n() && self.scan.is_punct(k, "«") {
            return (k..self.quote_end(k), true);
        }
        let mut end = self.sentence_end(from.min(self.n().saturating_sub(1)));
        for _ in 1..sentences {
            if end >= self.n() || self.breaks_before(end) || self.cue_between(end, self.sentence_end(end)) {
                break;
            }
            end = self.sentence_end(end);
        }
        (from..end.max(from), false)
    }

    fn quote_end(&self, open: usize) -> usize {
        let mut depth = 0;
        let mut j = open;
        while j < self.n() {
            if self.scan.is_punct(j, "«") {
                depth += 1;
            } else if self.scan.is_punct(j, "»") {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            if j > open && self.breaks_before(j) {
                return j;
            }
            j += 1;
        }
        self.n()
    }

    fn cue_between(&self, a: usize, b: usize) -> bool {
        (a..b.min(self.n())).any(|j| {
            self.scan.word_may_start(j, Reach::CUE) && self.entry_at(j, |e| e.cue.is_some()).is_some()
        })
    }

    /// The text contests the claim within the next sentence («… چندان قابل اعتماد نیست»).
    fn disputed_after(&self, claim_end: usize) -> bool {
        let end = self.sentence_end(claim_end.min(self.n().saturating_sub(1)));
        (claim_end.saturating_sub(12)..end)
            .any(|j| self.scan.word_may_start(j, Reach::DISPUTE) && self.entry_at(j, |e| e.dispute).is_some())
    }
}

/// One cue found in the text.
struct Cue {
    toks: Range<usize>,
    place: CueWhere,
    stance: &'static str,
    generic: bool,
}

pub fn find<'d>(scan: &Scan<'d>, doc: &Analyzed<'d>, names: &[Span]) -> Vec<AttributionMention> {
    let names_sorted =
        names.windows(2).all(|w| w[0].start <= w[1].start) && names.iter().all(|n| n.start <= n.end);
    let cx = Ctx { scan, doc, lx: &LEXICON, text: doc.normalized(), names_sorted };
    let mut cues = Vec::new();
    let mut i = 0;
    while i < cx.n() {
        // most tokens start no cue: skip them without walking the lexicon
        if !cx.scan.word_may_start(i, Reach::CUE) {
            i += 1;
            continue;
        }
        if let Some((end, e)) = cx.entry_at(i, |e| e.cue.is_some()) {
            let (place, stance) = e.cue.unwrap_or((CueWhere::After, "asserts"));
            let generic = e.generic;
            let mut end = end;
            // «بنابر گزارش ها», «گزارش های»: the plural ending belongs to the cue
            if cx.scan.cspan_ends_with(i, end, "گزارش")
                && end < cx.n()
                && matches!(cx.scan.ctext(end), "ها" | "های")
            {
                end += 1;
            }
            // «می توان گفت», «باید گفت»: an impersonal verb speaks for nobody
            let impersonal = place == CueWhere::Before
                && i > 0
                && cx.lx.get(cx.scan.ctext(i - 1)).is_some_and(|e| e.impersonal);
            if impersonal {
                i = end;
                continue;
            }
            cues.push(Cue { toks: i..end, place, stance, generic });
            i = end;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut used_via = vec![false; cues.len()];
    let mut last_source: Option<Range<usize>> = None;
    for (ci, cue) in cues.iter().enumerate() {
        let c = cue.toks.clone();
        let mut via = None;
        let sources: Vec<Range<usize>>;
        let claim;
        match cue.place {
            CueWhere::Before => {
                let s0 = cx.sentence_start(c.start);
                // «سوئیتچوفسکی به نقل از منابع ارمنی مینویسد»
                for (vi, v) in cues.iter().enumerate().take(ci) {
                    if v.place == CueWhere::Via && v.toks.start >= s0 && v.toks.end <= c.start {
                        if let Some(np) = cx
                            .noun_phrase(v.toks.end, c.start)
                            .into_iter()
                            .next()
                            .and_then(|np| cx.clean_source(np))
                        {
                            via = Some(cx.text_span(np));
                            used_via[vi] = true;
                        }
                    }
                }
                let subj = cx.subject(c.start, names, last_source.clone());
                sources = subj;
                let after = cx.claim(c.end, 1);
                // «برخی نیز تعداد کشته ها را ده ها و حتا صدها نفر گفته اند»: the claim sits
                // between the subject and the verb when nothing follows the verb
                let subj_end = sources.last().map_or(c.start, |r| r.end);
                let trailing = after.0.clone().filter(|&k| cx.scan.toks[k].kind != Kind::Punct).count();
                claim = if !after.1 && trailing < 2 && subj_end < c.start {
                    (subj_end..c.start, false)
                } else {
                    after
                };
            }
            CueWhere::Via => continue,
            CueWhere::After | CueWhere::With => {
                let mut np = cx.noun_phrase(c.end, cx.n());
                if cue.generic && !np.is_empty() && !cx.names_a_source(np[0].clone(), names) {
                    // «بر اساس نظام جدید …»: a plain preposition, no source
                    continue;
                }
                if np.is_empty() {
                    // «بنابر گزارش ها صدها آذری …»: the unnamed reports are the source
                    if let Some(k) = c
                        .clone()
                        .find(|&k| cx.scan.ctext(k).starts_with("گزارش") || cx.scan.ctext(k) == "آمار")
                    {
                        np = std::iter::once(k..c.end).collect();
                    }
                } else if cx.scan.ctext(np[0].start) == "خود" {
                    // «به زعم خود»: the sentence's subject
                    np = cx.subject(c.start, names, None);
                }
                sources = np;
                let from = sources.last().map_or(c.end, |s| s.end);
                let at_start = cx.sentence_start(c.start) == c.start;
                claim = cx.claim(from, if at_start { 3 } else { 1 });
            }
        }
        let sources: Vec<Range<usize>> = sources
            .into_iter()
            .filter_map(|s| cx.clean_source(s))
            .map(|s| cx.end_at_name(s, names))
            .collect();
        if sources.is_empty() {
            continue;
        }
        last_source = sources.last().cloned();
        let (claim_toks, quote) = claim;
        let stance = if cx.disputed_after(claim_toks.end) { "disputes" } else { cue.stance };
        let cue_span = cx.text_span(c.clone());
        let claim_span = if claim_toks.is_empty() {
            Span::new(cue_span.end, cue_span.end)
        } else {
            cx.span(claim_toks.clone())
        };
        for s in sources {
            let source = cx.text_span(s);
            let start = source.start.min(cue_span.start).min(claim_span.start);
            let end = source.end.max(cue_span.end).max(claim_span.end);
            out.push(AttributionMention {
                span: Span::new(start, end),
                value: AttributionValue {
                    source,
                    cue: cue_span.clone(),
                    claim: claim_span,
                    via: via.clone(),
                    quote,
                    stance: stance.to_string(),
                },
            });
        }
    }
    // «به نقل از X» with no verb cue after it: X is a source of its own
    for (vi, v) in cues.iter().enumerate() {
        if v.place != CueWhere::Via || used_via[vi] {
            continue;
        }
        if let Some(np) =
            cx.noun_phrase(v.toks.end, cx.n()).into_iter().next().and_then(|np| cx.clean_source(np))
        {
            // «… به نقل از خبرگزاری ایرنا می آوریم :» and the quotation: the claim is after the colon
            let end = cx.sentence_end(np.end.min(cx.n().saturating_sub(1)));
            let colon = (np.end..end.min(cx.n())).find(|&k| cx.scan.is_punct(k, ":"));
            let (claim_toks, quote) = cx.claim(colon.unwrap_or(np.end), 1);
            let source = cx.text_span(np);
            let cue_span = cx.text_span(v.toks.clone());
            let claim_span =
                if claim_toks.is_empty() { Span::new(source.end, source.end) } else { cx.span(claim_toks) };
            out.push(AttributionMention {
                span: Span::new(cue_span.start, claim_span.end.max(source.end)),
                value: AttributionValue {
                    source,
                    cue: cue_span,
                    claim: claim_span,
                    via: None,
                    quote,
                    stance: v.stance.to_string(),
                },
            });
        }
    }
    out.sort_by_key(|a| (a.span.start, a.value.source.start));
    out
}

/// «نوشتۀ : مهرداد رضاوند», «به قلم …», «نویسنده: …» in the first lines.
pub fn byline(original: &str) -> Option<Span> {
    let head_end = original.char_indices().nth(600).map_or(original.len(), |(i, _)| i);
    let head = &original[..head_end];
    for line_start in std::iter::once(0).chain(head.match_indices('\n').map(|(i, _)| i + 1)) {
        let line_end = head[line_start..].find('\n').map_or(head.len(), |e| line_start + e);
        let line = &head[line_start..line_end];
        for marker in ["نوشتۀ", "نوشته ی", "نوشته‌ی", "نوشته", "به قلم", "نویسنده", "گردآوری"]
        {
            if let Some(rest) = line.trim_start().strip_prefix(marker) {
                let lead = line.len() - line.trim_start().len() + marker.len();
                let name = rest.trim_start_matches(|c: char| {
                    c.is_whitespace() || c == ':' || c == '：' || c == '\u{200c}'
                });
                let name_trim = name.trim_end();
                if name_trim.is_empty() || name_trim.chars().count() > 60 {
                    continue;
                }
                let start = line_start + lead + (rest.len() - name.len());
                return Some(Span::new(start, start + name_trim.len()));
            }
        }
    }
    None
}

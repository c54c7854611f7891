//! Full-text search: the query language, filters, and highlighted snippets.

use crate::analyzer::{self, Part};
use crate::{calendar, query::U16, resolve_id, Error, Result, Store};
use serde_json::{json, Value};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

/// A search: the query text and optional filters (see API.md for their meaning).
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub q: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub entity: Option<String>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub doc: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl SearchRequest {
    pub fn query(q: &str) -> SearchRequest {
        SearchRequest { q: q.to_string(), ..SearchRequest::default() }
    }
}

/// The parsed query: loose words (all must match), phrases, excluded words.
#[derive(Debug, Default, PartialEq)]
struct Parsed {
    words: String,
    phrases: Vec<String>,
    excluded: Vec<String>,
}

fn parse(q: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut in_phrase = false;
    let mut phrase = String::new();
    for piece in q.split('"') {
        if in_phrase {
            phrase.push_str(piece);
            if !phrase.trim().is_empty() {
                parsed.phrases.push(std::mem::take(&mut phrase));
            }
            phrase.clear();
        } else {
            for word in piece.split_whitespace() {
                match word.strip_prefix('-') {
                    Some(w) if !w.is_empty() => parsed.excluded.push(w.to_string()),
                    _ => {
                        parsed.words.push_str(word);
                        parsed.words.push(' ');
                    }
                }
            }
        }
        in_phrase = !in_phrase;
    }
    parsed
}

impl Store {
    fn term_query(&self, text: &str) -> Box<dyn Query> {
        let f = self.fields;
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.body, text),
                    IndexRecordOption::WithFreqsAndPositions,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(TermQuery::new(Term::from_field_text(f.title, text), IndexRecordOption::WithFreqs)),
            ),
        ]))
    }

    /// Each loose word must match alone or glued to a neighbour, so «قره باغ» finds «قرهباغ».
    fn word_clauses(&self, parts: &[Part]) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, self.term_query(&p.text))];
            if i > 0 && !p.after_break {
                let glued = format!("{}{}", parts[i - 1].text, p.text);
                alternatives.push((Occur::Should, self.term_query(&glued)));
            }
            if let Some(next) = parts.get(i + 1).filter(|n| !n.after_break) {
                let glued = format!("{}{}", p.text, next.text);
                alternatives.push((Occur::Should, self.term_query(&glued)));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>));
        }
        clauses
    }

    fn phrase_query(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let parts = analyzer::parts(phrase);
        match parts.len() {
            0 => None,
            1 => Some(self.term_query(&parts[0].text)),
            n => {
                let terms: Vec<(usize, Term)> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i, Term::from_field_text(self.fields.body, &p.text)))
                    .collect();
                let phrase: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(terms));
                if n == 2 {
                    let glued = format!("{}{}", parts[0].text, parts[1].text);
                    Some(Box::new(BooleanQuery::new(vec![
                        (Occur::Should, phrase),
                        (Occur::Should, self.term_query(&glued)),
                    ])))
                } else {
                    Some(phrase)
                }
            }
        }
    }

    /// Ids allowed by the filters SQLite answers (dates, source); `None` when unfiltered.
    fn sql_filter(&self, req: &SearchRequest) -> Result<Option<Vec<String>>> {
        let from = match req.from.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(
                calendar::bound_day(s, false)
                    .ok_or_else(|| Error::bad_request(format!("from: not a date or year: {s}")))?,
            ),
            None => None,
        };
        let to = match req.to.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(
                calendar::bound_day(s, true)
                    .ok_or_else(|| Error::bad_request(format!("to: not a date or year: {s}")))?,
            ),
            None => None,
        };
        let source = req.source.as_deref().filter(|s| !s.is_empty());
        if from.is_none() && to.is_none() && source.is_none() {
            return Ok(None);
        }
        self.read(|c| {
            let ids = c.query_map(
                "SELECT d.id FROM documents d WHERE d.superseded_by IS NULL
                   AND (?1 IS NULL OR instr(d.source, ?1) > 0)
                   AND ((?2 IS NULL AND ?3 IS NULL) OR EXISTS (
                        SELECT 1 FROM annotations a WHERE a.doc = d.id AND a.day_start IS NOT NULL
                          AND a.day_start <= COALESCE(?3, 9223372036854775807)
                          AND a.day_end >= COALESCE(?2, -9223372036854775807)))",
                crate::db::params![source, from, to],
                |r| r.get(0),
            )?;
            Ok(Some(ids))
        })
    }

    /// Search the store. Returns the `/api/search` JSON (see API.md).
    pub fn search(&self, req: &SearchRequest) -> Result<Value> {
        let started = std::time::Instant::now();
        let f = self.fields;
        let parsed = parse(&req.q);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let word_parts = analyzer::parts(&parsed.words);
        clauses.extend(self.word_clauses(&word_parts));
        for p in &parsed.phrases {
            if let Some(q) = self.phrase_query(p) {
                clauses.push((Occur::Must, q));
            }
        }
        let has_text = !clauses.is_empty();
        for x in &parsed.excluded {
            for p in analyzer::parts(x) {
                clauses.push((Occur::MustNot, self.term_query(&p.text)));
            }
        }
        let mut filtered = false;
        if let Some(e) = req.entity.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(f.entity, e), IndexRecordOption::Basic)),
            ));
            filtered = true;
        }
        if let Some(k) = req.kind.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(f.kind, k), IndexRecordOption::Basic)),
            ));
            filtered = true;
        }
        if let Some(d) = req.doc.as_deref().filter(|s| !s.is_empty()) {
            let id = self.read(|c| resolve_id(c, d))?.unwrap_or_else(|| d.to_string());
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(f.id, &id), IndexRecordOption::Basic)),
            ));
            filtered = true;
        }
        if let Some(ids) = self.sql_filter(req)? {
            let terms: Vec<Term> = ids.iter().map(|id| Term::from_field_text(f.id, id)).collect();
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
            filtered = true;
        }
        if !has_text && filtered {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query: Box<dyn Query> =
            if has_text || filtered { Box::new(BooleanQuery::new(clauses)) } else { Box::new(EmptyQuery) };
        let limit = req.limit.unwrap_or(20).clamp(1, 1000);
        let offset = req.offset.unwrap_or(0).min(100_000);
        let searcher = self.reader.searcher();
        let (top, total) =
            searcher.search(&*query, &(TopDocs::with_limit(limit).and_offset(offset), Count))?;
        let mut generator = if has_text {
            let mut g = SnippetGenerator::create(&searcher, &*query, f.body)?;
            g.set_max_num_chars(240);
            Some(g)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(id) = doc.get_first(f.id).and_then(|v| v.as_str()).map(str::to_string) else {
                continue;
            };
            let row = self.read(|c| {
                c.query_opt(
                    "SELECT title, source, text FROM documents WHERE id = ?1",
                    crate::db::params![id],
                    |r| Ok((r.get::<Option<String>>(0)?, r.get::<String>(1)?, r.get::<String>(2)?)),
                )
            })?;
            let Some((title, source, text)) = row else { continue };
            let (snippet, snippet_html, highlights, first) = match generator.as_mut() {
                Some(g) => {
                    let s = g.snippet(&text);
                    let fragment = s.fragment().to_string();
                    let u = U16::new(&fragment);
                    let highlights: Vec<Value> = merge(s.highlighted())
                        .into_iter()
                        .map(|r| json!({"u16_start": u.at(r.start), "u16_end": u.at(r.end)}))
                        .collect();
                    let first = s.highlighted().first().cloned().and_then(|r| {
                        let at = text.find(&fragment)?;
                        Some((at + r.start, at + r.end))
                    });
                    // The text is escaped by tantivy; only its own tags are renamed.
                    let html = s.to_html().replace("<b>", "<mark>").replace("</b>", "</mark>");
                    (fragment, html, highlights, first)
                }
                None => {
                    let mut end = text.len().min(240);
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    let s = text[..end].to_string();
                    // XML-escaped text is valid HTML text and attribute content.
                    let html = crate::export::xml_escape(&s);
                    (s, html, Vec::new(), None)
                }
            };
            let matched = first.map(|(s, e)| {
                let u = U16::new(&text);
                json!({"start": s, "end": e, "u16_start": u.at(s), "u16_end": u.at(e)})
            });
            hits.push(json!({
                "doc": id, "title": title, "source": source, "score": score,
                "snippet": snippet, "snippet_html": snippet_html, "highlights": highlights,
                "match": matched,
            }));
        }
        Ok(json!({
            "query": req.q,
            "total": total,
            "took_ms": started.elapsed().as_secs_f64() * 1000.0,
            "hits": hits,
        }))
    }
}

/// Sorted, overlapping ranges joined (a word and its glued pair highlight as one).
fn merge(ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_language() {
        let p = parse(r#"قره باغ "جنگ چالدران" -روس"#);
        assert_eq!(p.words.trim(), "قره باغ");
        assert_eq!(p.phrases, vec!["جنگ چالدران".to_string()]);
        assert_eq!(p.excluded, vec!["روس".to_string()]);
    }
}

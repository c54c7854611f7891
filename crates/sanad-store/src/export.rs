//! Exports: JSON lines of documents, CSV of claims, GeoJSON of places, TEI P5, TimelineJS.

use crate::query::TimelineRequest;
use crate::{ListRequest, Result, Store};
use serde_json::{json, Value};
use std::io::Write;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per line per document, the `/api/documents/{id}` shape.
    Json,
    /// Claims, one row per member, with its source.
    Csv,
    /// Places, a GeoJSON FeatureCollection.
    GeoJson,
    /// TEI P5 XML, one `<TEI>` per document inside a `<teiCorpus>`.
    Tei,
    /// TimelineJS JSON (`{"events": [{"start_date": …, "text": …}]}`).
    TimelineJs,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        Some(match s {
            "json" => ExportFormat::Json,
            "csv" => ExportFormat::Csv,
            "geojson" => ExportFormat::GeoJson,
            "tei" => ExportFormat::Tei,
            "timelinejs" => ExportFormat::TimelineJs,
            _ => return None,
        })
    }
}

fn io(e: std::io::Error) -> crate::Error {
    crate::Error::new(format!("export: {e}"))
}

impl Store {
    fn doc_ids(&self, doc: Option<&str>) -> Result<Vec<String>> {
        if let Some(d) = doc {
            return match self.read(|c| crate::resolve_id(c, d))? {
                Some(id) => Ok(vec![id]),
                None => Err(crate::Error::new(format!("no document {d:?} in the store"))),
            };
        }
        let mut ids = Vec::new();
        let mut offset = 0;
        loop {
            let page =
                self.documents(&ListRequest { limit: Some(1000), offset: Some(offset), source: None })?;
            let docs = page["documents"].as_array().cloned().unwrap_or_default();
            if docs.is_empty() {
                break;
            }
            offset += docs.len();
            ids.extend(docs.iter().filter_map(|d| d["id"].as_str().map(str::to_string)));
        }
        Ok(ids)
    }

    /// Write the export of every current document (or one) to `out`; places have no coordinates
    /// (see [`export_with`](Self::export_with)).
    pub fn export(&self, format: ExportFormat, doc: Option<&str>, out: &mut dyn Write) -> Result<()> {
        self.export_with(format, doc, &|_| None, out)
    }

    /// Like [`export`](Self::export), with coordinates for the GeoJSON's places from `locate`
    /// (entity id → `[lon, lat]`), as [`places_with`](Self::places_with) takes them.
    pub fn export_with(
        &self,
        format: ExportFormat,
        doc: Option<&str>,
        locate: &dyn Fn(&str) -> Option<[f64; 2]>,
        out: &mut dyn Write,
    ) -> Result<()> {
        match format {
            ExportFormat::Json => {
                for id in self.doc_ids(doc)? {
                    if let Some(d) = self.document(&id)? {
                        serde_json::to_writer(&mut *out, &d).map_err(|e| crate::Error::new(e.to_string()))?;
                        writeln!(out).map_err(io)?;
                    }
                }
            }
            ExportFormat::Csv => {
                writeln!(
                    out,
                    "doc,doc_source,group,about,disputed,member_source,via,low,high,start,end,text"
                )
                .map_err(io)?;
                for id in self.doc_ids(doc)? {
                    let Some(d) = self.document(&id)? else { continue };
                    for g in d["claims"].as_array().into_iter().flatten() {
                        for m in g["members"].as_array().into_iter().flatten() {
                            let cells = [
                                id.clone(),
                                cell(&d["source"]),
                                cell(&g["id"]),
                                cell(&g["about"]),
                                cell(&g["disputed"]),
                                cell(&m["source"]),
                                cell(&m["via"]),
                                cell(&m["low"]),
                                cell(&m["high"]),
                                cell(&m["start"]),
                                cell(&m["end"]),
                                cell(&m["text"]),
                            ];
                            let line: Vec<String> = cells.iter().map(|c| csv_quote(c)).collect();
                            writeln!(out, "{}", line.join(",")).map_err(io)?;
                        }
                    }
                }
            }
            ExportFormat::GeoJson => {
                let places = self.places_with(locate)?;
                serde_json::to_writer_pretty(&mut *out, &places)
                    .map_err(|e| crate::Error::new(e.to_string()))?;
                writeln!(out).map_err(io)?;
            }
            ExportFormat::Tei => {
                writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#).map_err(io)?;
                writeln!(out, r#"<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">"#).map_err(io)?;
                writeln!(out, "<teiHeader><fileDesc><titleStmt><title>sanad export</title></titleStmt><publicationStmt><p>Exported by sanad {}</p></publicationStmt><sourceDesc><p>Annotated by sanad.</p></sourceDesc></fileDesc>{CALENDARS}</teiHeader>", env!("CARGO_PKG_VERSION")).map_err(io)?;
                for id in self.doc_ids(doc)? {
                    if let Some(d) = self.document(&id)? {
                        out.write_all(tei_document(&d).as_bytes()).map_err(io)?;
                    }
                }
                writeln!(out, "</teiCorpus>").map_err(io)?;
            }
            ExportFormat::TimelineJs => {
                let timeline = self.timeline(&TimelineRequest {
                    doc: doc.map(str::to_string),
                    limit: Some(20_000),
                    ..Default::default()
                })?;
                let events: Vec<Value> = timeline["events"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(timelinejs_event)
                    .collect();
                let t = json!({
                    "title": {"text": {"headline": "sanad", "text": "Dated events, each with its source sentence."}},
                    "events": events,
                });
                serde_json::to_writer_pretty(&mut *out, &t).map_err(|e| crate::Error::new(e.to_string()))?;
                writeln!(out).map_err(io)?;
            }
        }
        out.flush().map_err(io)?;
        Ok(())
    }
}

const CALENDARS: &str = r##"<encodingDesc><calendarDesc><calendar xml:id="gregorian"><p>Gregorian</p></calendar><calendar xml:id="solar_hijri"><p>Solar Hijri</p></calendar><calendar xml:id="lunar_hijri"><p>Lunar Hijri</p></calendar></calendarDesc></encodingDesc>"##;

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn csv_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Escape for XML text and attributes; drop characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The opening and closing tag of an annotation, or `None` for kinds TEI gets no element for.
fn tei_tags(a: &Value) -> Option<(String, &'static str)> {
    let v = &a["value"];
    let attr = |name: &str, value: &str| format!(r#" {name}="{}""#, xml_escape(value));
    match a["kind"].as_str()? {
        "date" => {
            let (s, e) = (v["start"].as_str()?, v["end"].as_str()?);
            let mut open = String::from("<date");
            if s == e {
                open += &attr("when", s);
            } else {
                open += &attr("from", s);
                open += &attr("to", e);
            }
            if let Some(cal) = v["calendar"].as_str() {
                open += &attr("calendar", &format!("#{cal}"));
            }
            open.push('>');
            Some((open, "</date>"))
        }
        "entity" => {
            let (el, close) = match v["type"].as_str() {
                Some("location") => ("placeName", "</placeName>"),
                Some("person") => ("persName", "</persName>"),
                Some("organization") => ("orgName", "</orgName>"),
                _ => ("name", "</name>"),
            };
            let mut open = format!("<{el}");
            if el == "name" {
                if let Some(t) = v["type"].as_str() {
                    open += &attr("type", t);
                }
            }
            if let Some(id) = v["id"].as_str() {
                open += &attr("ref", &format!("#{id}"));
            }
            open.push('>');
            Some((open, close))
        }
        "quantity" => {
            let mut open = String::from("<num");
            match (v["low"].as_u64(), v["high"].as_u64()) {
                (Some(l), Some(h)) if l == h => open += &attr("value", &l.to_string()),
                (l, h) => {
                    if let Some(l) = l {
                        open += &attr("atLeast", &l.to_string());
                    }
                    if let Some(h) = h {
                        open += &attr("atMost", &h.to_string());
                    }
                }
            }
            if let Some(u) = v["unit"].as_str() {
                open += &attr("type", u);
            }
            open.push('>');
            Some((open, "</num>"))
        }
        _ => None,
    }
}

/// One `<TEI>` element: header and the text, a `<p>` per line, with inline annotations that
/// nest properly (an annotation overlapping another without nesting is left out).
fn tei_document(d: &Value) -> String {
    let text = d["text"].as_str().unwrap_or("");
    let mut spans: Vec<(usize, usize, String, &'static str)> = d["annotations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let (s, e) = (a["start"].as_u64()? as usize, a["end"].as_u64()? as usize);
            if s >= e || text.get(s..e).is_none() || text[s..e].contains('\n') {
                return None;
            }
            let (open, close) = tei_tags(a)?;
            Some((s, e, open, close))
        })
        .collect();
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len() * 2);
    let title = d["title"].as_str().unwrap_or("untitled");
    out += &format!(
        "<TEI xml:id=\"d{}\"><teiHeader><fileDesc><titleStmt><title>{}</title></titleStmt><publicationStmt><p>sanad store</p></publicationStmt><sourceDesc><p>{}</p></sourceDesc></fileDesc></teiHeader><text><body>\n",
        xml_escape(d["id"].as_str().unwrap_or("")),
        xml_escape(title),
        xml_escape(d["source"].as_str().unwrap_or(""))
    );
    // Emit line by line; `open` is the stack of open annotation ends.
    let mut next = 0usize;
    let mut line_start = 0usize;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        if !line.trim().is_empty() {
            out += "<p>";
            let mut pos = line_start;
            let mut stack: Vec<(usize, &'static str)> = Vec::new();
            while next < spans.len() && spans[next].0 < line_start {
                next += 1;
            }
            while next < spans.len() && spans[next].0 < line_end {
                let (s, e, open, close) = &spans[next];
                next += 1;
                while let Some(&(end, close_tag)) = stack.last() {
                    if end <= *s {
                        out += &xml_escape(&text[pos..end]);
                        out += close_tag;
                        pos = end;
                        stack.pop();
                    } else {
                        break;
                    }
                }
                if *s < pos || stack.last().is_some_and(|&(end, _)| *e > end) || *e > line_end {
                    continue;
                }
                out += &xml_escape(&text[pos..*s]);
                out += open;
                pos = *s;
                stack.push((*e, close));
            }
            while let Some((end, close_tag)) = stack.pop() {
                out += &xml_escape(&text[pos..end]);
                out += close_tag;
                pos = end;
            }
            out += &xml_escape(&text[pos..line_end]);
            out += "</p>\n";
        }
        line_start = line_end + 1;
    }
    out += "</body></text></TEI>\n";
    out
}

fn timelinejs_date(iso: &str, granularity: &str) -> Option<Value> {
    let (y, m, d) = crate::calendar::parse_iso(iso)?;
    Some(match granularity {
        "day" => json!({"year": y, "month": m, "day": d}),
        "month" => json!({"year": y, "month": m}),
        _ => json!({"year": y}),
    })
}

fn timelinejs_event(e: &Value) -> Option<Value> {
    let g = e["granularity"].as_str().unwrap_or("year");
    let start = timelinejs_date(e["start"].as_str()?, g)?;
    let mut ev = json!({
        "unique_id": e["id"].as_str().unwrap_or("").replace(':', "-"),
        "start_date": start,
        "text": {
            // TimelineJS renders these as HTML: escape.
            "headline": xml_escape(e["text"].as_str().unwrap_or("")),
            "text": xml_escape(e["sentence"]["text"].as_str().unwrap_or("")),
        },
        "group": e["doc_title"].as_str().map(xml_escape),
    });
    if e["end"] != e["start"] {
        if let Some(end) = e["end"].as_str().and_then(|s| timelinejs_date(s, g)) {
            ev["end_date"] = end;
        }
    }
    Some(ev)
}

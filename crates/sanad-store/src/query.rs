//! Reading the store: document lists and texts, the timeline, claim groups, places, entities.
//! Every function returns the JSON of its `/api/…` endpoint (see crates/sanad-server/API.md).

use crate::db::{params, Conn};
use crate::{calendar, resolve_id, Result, Store};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Byte offsets to UTF-16 offsets (JavaScript string indices) for one text.
pub struct U16 {
    /// `table[b]` for every byte offset `b` of the text, and its end.
    table: Vec<u32>,
}

impl U16 {
    pub fn new(text: &str) -> U16 {
        let mut table = vec![0u32; text.len() + 1];
        let mut u = 0u32;
        let mut last = 0usize;
        for (i, c) in text.char_indices() {
            for slot in &mut table[last..=i] {
                *slot = u;
            }
            last = i + 1;
            u += c.len_utf16() as u32;
        }
        for slot in &mut table[last..] {
            *slot = u;
        }
        U16 { table }
    }

    pub fn at(&self, byte: usize) -> u32 {
        self.table.get(byte).copied().unwrap_or_else(|| self.table.last().copied().unwrap_or(0))
    }
}

/// Paging and a source filter for `/api/documents`.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub source: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct TimelineRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub entity: Option<String>,
    pub doc: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct ClaimsRequest {
    pub disputed: Option<bool>,
    pub doc: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

fn parse_json(s: Option<String>) -> Value {
    s.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

fn day_iso(d: Option<i64>) -> Value {
    d.map_or(Value::Null, |d| Value::String(calendar::iso_from_day(d)))
}

/// The Solar Hijri equivalent of a date value's `start` / `end`.
pub(crate) fn solar_hijri_of(value: &Value) -> Value {
    let start = value.get("start").and_then(Value::as_str).and_then(calendar::solar_hijri);
    let end = value.get("end").and_then(Value::as_str).and_then(calendar::solar_hijri);
    match (start, end) {
        (Some(s), Some(e)) => json!({"start": s, "end": e}),
        _ => Value::Null,
    }
}

/// One document's text, sentences and entity mentions, loaded once per request.
pub(crate) struct DocCache {
    pub title: Option<String>,
    pub text: String,
    pub u16: U16,
    /// Sorted by start.
    pub sentences: Vec<(usize, usize)>,
    /// `(idx, start, end, value)` of entity annotations, sorted by start.
    pub entities: Vec<(i64, usize, usize, Value)>,
    pub groups: Vec<Value>,
}

impl DocCache {
    pub fn load(conn: &Conn, id: &str) -> Result<Option<DocCache>> {
        let row: Option<(Option<String>, String)> =
            conn.query_opt("SELECT title, text FROM documents WHERE id = ?1", params![id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let Some((title, text)) = row else { return Ok(None) };
        let sentences = conn.query_map(
            "SELECT start, \"end\" FROM annotations WHERE doc = ?1 AND kind = 'sentence' ORDER BY start",
            params![id],
            |r| Ok((r.get::<i64>(0)? as usize, r.get::<i64>(1)? as usize)),
        )?;
        let entities = conn
            .query_map(
                "SELECT idx, start, \"end\", value FROM annotations WHERE doc = ?1 AND kind = 'entity' ORDER BY start, idx",
                params![id],
                |r| {
                    Ok((
                        r.get::<i64>(0)?,
                        r.get::<i64>(1)? as usize,
                        r.get::<i64>(2)? as usize,
                        r.get::<Option<String>>(3)?,
                    ))
                },
            )?
            .into_iter()
            .map(|(i, s, e, v)| (i, s, e, parse_json(v)))
            .collect();
        let groups = conn
            .query_map("SELECT value FROM claim_groups WHERE doc = ?1 ORDER BY id", params![id], |r| {
                r.get::<String>(0)
            })?
            .into_iter()
            .filter_map(|s| serde_json::from_str(&s).ok())
            .collect();
        let u16 = U16::new(&text);
        Ok(Some(DocCache { title, text, u16, sentences, entities, groups }))
    }

    /// The sentence holding `start..end`, if any.
    pub fn sentence_of(&self, start: usize, _end: usize) -> Option<(usize, usize)> {
        let i = self.sentences.partition_point(|s| s.0 <= start);
        let s = *self.sentences.get(i.checked_sub(1)?)?;
        (start < s.1).then_some(s)
    }

    pub fn span_json(&self, start: usize, end: usize, with_text: bool) -> Value {
        let mut v =
            json!({"start": start, "end": end, "u16_start": self.u16.at(start), "u16_end": self.u16.at(end)});
        if with_text {
            v["text"] = Value::String(slice(&self.text, start, end).to_string());
        }
        v
    }

    /// A claim group enriched for the API: member texts, UTF-16 spans, sentences.
    pub fn group_json(&self, doc: &str, group: &Value) -> Value {
        let mut g = group.clone();
        g["doc"] = Value::String(doc.to_string());
        g["doc_title"] = self.title.clone().map_or(Value::Null, Value::String);
        if let Some(members) = g.get_mut("members").and_then(Value::as_array_mut) {
            for m in members {
                let s = m.get("start").and_then(Value::as_u64).unwrap_or(0) as usize;
                let e = m.get("end").and_then(Value::as_u64).unwrap_or(0) as usize;
                m["text"] = Value::String(slice(&self.text, s, e).to_string());
                m["u16_start"] = json!(self.u16.at(s));
                m["u16_end"] = json!(self.u16.at(e));
                m["sentence"] =
                    self.sentence_of(s, e).map_or(Value::Null, |(a, b)| self.span_json(a, b, true));
            }
        }
        g
    }
}

fn annotation_counts(conn: &Conn, doc: Option<&str>) -> Result<Map<String, Value>> {
    let mut counts = Map::new();
    let sql = if doc.is_some() {
        "SELECT kind, COUNT(*) FROM annotations WHERE doc = ?1 GROUP BY kind ORDER BY kind"
    } else {
        "SELECT kind, COUNT(*) FROM annotations a JOIN documents d ON d.id = a.doc
         WHERE d.superseded_by IS NULL AND ?1 IS NULL GROUP BY kind ORDER BY kind"
    };
    let rows = conn.query_map(sql, params![doc], |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)))?;
    for (k, n) in rows {
        counts.insert(k, json!(n));
    }
    Ok(counts)
}

impl Store {
    /// `/api/stats`.
    pub fn stats(&self) -> Result<Value> {
        self.read(|c| {
            let one = |sql: &str| -> Result<i64> { c.query_one(sql, params![], |r| r.get(0)) };
            Ok(json!({
                "documents": one("SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL")?,
                "versions": one("SELECT COUNT(*) FROM documents")?,
                "annotations": annotation_counts(c, None)?,
                "claim_groups": one("SELECT COUNT(*) FROM claim_groups g JOIN documents d ON d.id = g.doc WHERE d.superseded_by IS NULL")?,
                "disputed_groups": one("SELECT COUNT(*) FROM claim_groups g JOIN documents d ON d.id = g.doc WHERE d.superseded_by IS NULL AND g.disputed <> 0")?,
                "entities": one("SELECT COUNT(*) FROM entities")?,
                "schema_version": crate::SCHEMA_VERSION,
            }))
        })
    }

    /// `/api/documents`.
    pub fn documents(&self, req: &ListRequest) -> Result<Value> {
        let limit = req.limit.unwrap_or(50).clamp(1, 1000) as i64;
        let offset = req.offset.unwrap_or(0) as i64;
        let source = req.source.as_deref().filter(|s| !s.is_empty());
        self.read(|c| {
            let total: i64 = c.query_one(
                "SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL AND (?1 IS NULL OR instr(source, ?1) > 0)",
                params![source],
                |r| r.get(0),
            )?;
            let rows = c.query_map(
                "SELECT id, source, title, format, bytes, chars, ingested_at, version, date_min, date_max
                 FROM documents WHERE superseded_by IS NULL AND (?1 IS NULL OR instr(source, ?1) > 0)
                 ORDER BY source, id LIMIT ?2 OFFSET ?3",
                params![source, limit, offset],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        json!({
                            "id": r.get::<String>(0)?, "source": r.get::<String>(1)?,
                            "title": r.get::<Option<String>>(2)?, "format": r.get::<String>(3)?,
                            "bytes": r.get::<i64>(4)?, "chars": r.get::<i64>(5)?,
                            "ingested_at": r.get::<String>(6)?, "version": r.get::<i64>(7)?,
                            "date_min": day_iso(r.get(8)?), "date_max": day_iso(r.get(9)?),
                        }),
                    ))
                },
            )?;
            let mut docs = Vec::with_capacity(rows.len());
            for (id, mut v) in rows {
                let mut counts = annotation_counts(c, Some(&id))?;
                counts.remove("sentence");
                v["annotations"] = Value::Object(counts);
                let (groups, disputed): (i64, i64) = c.query_one(
                    "SELECT COUNT(*), CAST(COALESCE(SUM(disputed), 0) AS BIGINT) FROM claim_groups WHERE doc = ?1",
                    params![id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                v["claim_groups"] = json!(groups);
                v["disputed_groups"] = json!(disputed);
                docs.push(v);
            }
            Ok(json!({"total": total, "documents": docs}))
        })
    }

    /// `/api/documents/{id}`; `None` when there is no such document.
    pub fn document(&self, id: &str) -> Result<Option<Value>> {
        self.read(|c| {
            let Some(id) = resolve_id(c, id)? else { return Ok(None) };
            let (source, format, bytes, ingested_at, version): (String, String, i64, String, i64) = c.query_one(
                "SELECT source, format, bytes, ingested_at, version FROM documents WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
            let Some(cache) = DocCache::load(c, &id)? else { return Ok(None) };
            let versions = c.query_map(
                "SELECT id, version, ingested_at FROM documents WHERE source = ?1 ORDER BY version",
                params![source],
                |r| {
                    Ok(json!({"id": r.get::<String>(0)?, "version": r.get::<i64>(1)?, "ingested_at": r.get::<String>(2)?}))
                },
            )?;
            let annotations = c
                .query_map(
                    "SELECT idx, kind, start, \"end\", value FROM annotations WHERE doc = ?1 ORDER BY start, \"end\" DESC, idx",
                    params![id],
                    |r| {
                        Ok((
                            r.get::<i64>(0)?,
                            r.get::<String>(1)?,
                            r.get::<i64>(2)? as usize,
                            r.get::<i64>(3)? as usize,
                            r.get::<Option<String>>(4)?,
                        ))
                    },
                )?
                .into_iter()
                .map(|(idx, kind, s, e, value)| {
                    let value = parse_json(value);
                    let mut a = cache.span_json(s, e, true);
                    a["id"] = json!(idx);
                    a["kind"] = Value::String(kind.clone());
                    if kind == "date" {
                        a["solar_hijri"] = solar_hijri_of(&value);
                    }
                    a["value"] = value;
                    a
                })
                .collect::<Vec<_>>();
            let claims: Vec<Value> = cache.groups.iter().map(|g| cache.group_json(&id, g)).collect();
            Ok(Some(json!({
                "id": id, "source": source, "title": cache.title, "format": format, "bytes": bytes,
                "ingested_at": ingested_at, "version": version, "versions": versions,
                "text": cache.text, "annotations": annotations, "claims": claims,
            })))
        })
    }

    /// `/api/timeline`.
    pub fn timeline(&self, req: &TimelineRequest) -> Result<Value> {
        let bound = |s: &Option<String>, end: bool, name: &str| -> Result<Option<i64>> {
            match s.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => calendar::bound_day(s, end)
                    .map(Some)
                    .ok_or_else(|| crate::Error::bad_request(format!("{name}: not a date or year: {s}"))),
                None => Ok(None),
            }
        };
        let from = bound(&req.from, false, "from")?;
        let to = bound(&req.to, true, "to")?;
        let limit = req.limit.unwrap_or(5000).clamp(1, 20_000) as i64;
        let entity = req.entity.as_deref().filter(|s| !s.is_empty());
        self.read(|c| {
            let doc = match req.doc.as_deref().filter(|s| !s.is_empty()) {
                Some(d) => match resolve_id(c, d)? {
                    Some(id) => Some(id),
                    None => return Ok(json!({"total": 0, "events": []})),
                },
                None => None,
            };
            let rows = c.query_map(
                "SELECT a.doc, a.idx, a.start, a.\"end\", a.value, a.day_start, a.day_end
                 FROM annotations a JOIN documents d ON d.id = a.doc
                 WHERE a.day_start IS NOT NULL AND d.superseded_by IS NULL
                   AND a.day_end >= COALESCE(?1, -9223372036854775807)
                   AND a.day_start <= COALESCE(?2, 9223372036854775807)
                   AND (?3 IS NULL OR a.doc = ?3)
                   AND (?4 IS NULL OR EXISTS (SELECT 1 FROM annotations x WHERE x.doc = a.doc AND x.entity = ?4))
                 ORDER BY a.day_start, a.day_end, a.doc, a.start, a.idx",
                params![from, to, doc, entity],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<i64>(1)?,
                        r.get::<i64>(2)? as usize,
                        r.get::<i64>(3)? as usize,
                        r.get::<Option<String>>(4)?,
                    ))
                },
            )?;
            let mut docs: HashMap<String, Option<DocCache>> = HashMap::new();
            let mut events = Vec::new();
            for (doc, idx, s, e, value) in rows {
                if !docs.contains_key(&doc) {
                    docs.insert(doc.clone(), DocCache::load(c, &doc)?);
                }
                let Some(cache) = docs.get(&doc).and_then(Option::as_ref) else { continue };
                let value = parse_json(value);
                let sentence = cache.sentence_of(s, e);
                let (ss, se) = sentence.unwrap_or((s, e));
                let entities: Vec<Value> = cache
                    .entities
                    .iter()
                    .filter(|(_, a, b, _)| *a >= ss && *b <= se)
                    .map(|(i, a, b, v)| {
                        json!({"annotation": i, "id": v.get("id"), "canonical": v.get("canonical"),
                               "type": v.get("type"), "text": slice(&cache.text, *a, *b)})
                    })
                    .collect();
                if let Some(want) = entity {
                    if !entities.iter().any(|x| x["id"].as_str() == Some(want)) {
                        continue;
                    }
                }
                let claims: Vec<Value> = cache
                    .groups
                    .iter()
                    .filter(|g| {
                        g["members"].as_array().is_some_and(|ms| {
                            ms.iter().any(|m| {
                                let ms = m["start"].as_u64().unwrap_or(u64::MAX) as usize;
                                ms >= ss && ms < se.max(ss + 1)
                            })
                        })
                    })
                    .map(|g| g["id"].clone())
                    .collect();
                events.push(json!({
                    "id": format!("{doc}:{idx}"), "doc": doc, "doc_title": cache.title, "annotation": idx,
                    "start": value.get("start"), "end": value.get("end"),
                    "granularity": value.get("granularity"), "calendar": value.get("calendar"),
                    "inferred": value.get("inferred"),
                    "text": slice(&cache.text, s, e),
                    "solar_hijri": solar_hijri_of(&value),
                    "sentence": sentence.map_or(Value::Null, |(a, b)| cache.span_json(a, b, true)),
                    "entities": entities, "claims": claims,
                }));
                if events.len() as i64 >= limit {
                    break;
                }
            }
            Ok(json!({"total": events.len(), "events": events}))
        })
    }

    /// `/api/claims`.
    pub fn claims(&self, req: &ClaimsRequest) -> Result<Value> {
        let limit = req.limit.unwrap_or(50).clamp(1, 1000);
        let offset = req.offset.unwrap_or(0);
        self.read(|c| {
            let doc = match req.doc.as_deref().filter(|s| !s.is_empty()) {
                Some(d) => match resolve_id(c, d)? {
                    Some(id) => Some(id),
                    None => return Ok(json!({"total": 0, "groups": []})),
                },
                None => None,
            };
            let mut groups: Vec<(String, Value)> = c
                .query_map(
                    "SELECT g.doc, g.value FROM claim_groups g JOIN documents d ON d.id = g.doc
                     WHERE d.superseded_by IS NULL AND (?1 IS NULL OR g.disputed = ?1) AND (?2 IS NULL OR g.doc = ?2)
                     ORDER BY g.doc, g.id",
                    params![req.disputed, doc],
                    |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
                )?
                .into_iter()
                .filter_map(|(d, v)| Some((d, serde_json::from_str(&v).ok()?)))
                .collect();
            let first = |g: &Value| g["members"][0]["start"].as_u64().unwrap_or(0);
            groups.sort_by(|(da, a), (db, b)| {
                b["disputed"]
                    .as_bool()
                    .cmp(&a["disputed"].as_bool())
                    .then(da.cmp(db))
                    .then(first(a).cmp(&first(b)))
            });
            let total = groups.len();
            let mut docs: HashMap<String, Option<DocCache>> = HashMap::new();
            let mut out = Vec::new();
            for (d, g) in groups.into_iter().skip(offset).take(limit) {
                if !docs.contains_key(&d) {
                    docs.insert(d.clone(), DocCache::load(c, &d)?);
                }
                if let Some(cache) = docs.get(&d).and_then(Option::as_ref) {
                    out.push(cache.group_json(&d, &g));
                }
            }
            Ok(json!({"total": total, "groups": out}))
        })
    }

    /// Every entity mention with an id, aggregated per entity: `(id, type, canonical, names)`
    /// where `names` maps each name used to (mentions, used_by, docs).
    fn entity_mentions(&self, only_type: Option<&str>) -> Result<Vec<EntityAgg>> {
        self.read(|c| {
            let rows = c.query_map(
                "SELECT a.entity, e.type, e.canonical, a.doc,
                        CAST(substr(CAST(d.text AS BLOB), a.start + 1, a.\"end\" - a.start) AS TEXT), a.value
                 FROM annotations a JOIN entities e ON e.id = a.entity JOIN documents d ON d.id = a.doc
                 WHERE a.entity IS NOT NULL AND d.superseded_by IS NULL AND (?1 IS NULL OR e.type = ?1)
                 ORDER BY a.entity",
                params![only_type],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<String>(1)?,
                        r.get::<Option<String>>(2)?,
                        r.get::<String>(3)?,
                        r.get::<Option<String>>(4)?,
                        r.get::<Option<String>>(5)?,
                    ))
                },
            )?;
            let mut out: Vec<EntityAgg> = Vec::new();
            for (id, kind, canonical, doc, name, value) in rows {
                if out.last().map_or(true, |a| a.id != id) {
                    out.push(EntityAgg {
                        id,
                        kind,
                        canonical,
                        mentions: 0,
                        docs: BTreeSet::new(),
                        names: BTreeMap::new(),
                    });
                }
                let agg = out.last_mut().expect("pushed");
                agg.mentions += 1;
                agg.docs.insert(doc.clone());
                let used_by =
                    parse_json(value).get("name_used_by").and_then(Value::as_str).map(str::to_string);
                let entry = agg.names.entry(name.unwrap_or_default()).or_default();
                entry.0 += 1;
                entry.1.insert(used_by);
                entry.2.insert(doc);
            }
            Ok(out)
        })
    }

    /// `/api/places` with coordinates from `locate` (entity id → `[lon, lat]`).
    pub fn places_with(&self, locate: &dyn Fn(&str) -> Option<[f64; 2]>) -> Result<Value> {
        let features: Vec<Value> = self
            .entity_mentions(None)?
            .into_iter()
            .filter_map(|agg| {
                let point = locate(&agg.id);
                if agg.kind != "location" && point.is_none() {
                    return None;
                }
                let geometry = point
                    .map_or(Value::Null, |[lon, lat]| json!({"type": "Point", "coordinates": [lon, lat]}));
                Some(json!({
                    "type": "Feature", "id": agg.id, "geometry": geometry,
                    "properties": {
                        "id": agg.id, "canonical": agg.canonical, "type": agg.kind,
                        "mentions": agg.mentions, "documents": agg.docs.len(),
                        "names": agg.names_json(),
                    }
                }))
            })
            .collect();
        Ok(json!({"type": "FeatureCollection", "features": features}))
    }

    /// `/api/places` without coordinates (every geometry null).
    pub fn places(&self) -> Result<Value> {
        self.places_with(&|_| None)
    }

    /// `/api/entities`.
    pub fn entities(&self, kind: Option<&str>, limit: Option<usize>, offset: Option<usize>) -> Result<Value> {
        let all = self.entity_mentions(kind.filter(|s| !s.is_empty()))?;
        let total = all.len();
        let list: Vec<Value> = all
            .into_iter()
            .skip(offset.unwrap_or(0))
            .take(limit.unwrap_or(50).clamp(1, 1000))
            .map(|a| {
                json!({"id": a.id, "canonical": a.canonical, "type": a.kind, "mentions": a.mentions,
                       "documents": a.docs.len(), "names": a.names.keys().collect::<Vec<_>>()})
            })
            .collect();
        Ok(json!({"total": total, "entities": list}))
    }
}

/// How one name of an entity is used: (mentions, who uses it, in which documents).
type NameUse = (usize, BTreeSet<Option<String>>, BTreeSet<String>);

struct EntityAgg {
    id: String,
    kind: String,
    canonical: Option<String>,
    mentions: usize,
    docs: BTreeSet<String>,
    names: BTreeMap<String, NameUse>,
}

impl EntityAgg {
    fn names_json(&self) -> Vec<Value> {
        let mut names: Vec<_> = self.names.iter().collect();
        names.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        names
            .into_iter()
            .map(|(name, (n, used_by, docs))| json!({"name": name, "mentions": n, "used_by": used_by, "docs": docs}))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::U16;

    #[test]
    fn utf16_offsets() {
        let t = "a€😀b";
        let u = U16::new(t);
        assert_eq!(u.at(0), 0);
        assert_eq!(u.at(1), 1);
        assert_eq!(u.at(4), 2);
        assert_eq!(u.at(8), 4);
        assert_eq!(u.at(9), 5);
    }
}

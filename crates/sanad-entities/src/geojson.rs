//! The places a document mentions, as a GeoJSON FeatureCollection (`sanad extract --places`).

use crate::{EntityFinder, EntityMention};
use serde_json::{json, Value};

/// A GeoJSON FeatureCollection of the gazetteer places among `mentions` (as returned by
/// [`EntityFinder::find`] on `original`): one Point feature per place (geometry `null` where
/// the gazetteer has no coordinates), with its id, canonical name, Wikidata id, every name with
/// who uses it and when, and its mentions as `[start, end, text]` (original byte offsets).
///
/// ```
/// use sanad_entities::{places_geojson, EntityFinder};
/// use sanad_text::{Analyzed, NormalizeOptions};
/// let finder = EntityFinder::new();
/// let text = "گنجه ( کیروف آباد)";
/// let doc = Analyzed::new(text, &NormalizeOptions::for_extraction());
/// let places = places_geojson(&finder, text, &finder.find(&doc, &[]));
/// assert_eq!(places["features"].as_array().unwrap().len(), 1);
/// assert_eq!(places["features"][0]["properties"]["mentions"][1][2], "کیروف آباد");
/// ```
pub fn places_geojson(finder: &EntityFinder, original: &str, mentions: &[EntityMention]) -> Value {
    let mut order: Vec<&str> = Vec::new();
    let mut by_place: std::collections::HashMap<&str, Vec<Value>> = Default::default();
    for m in mentions {
        let Some(id) = m.value.id.as_deref() else { continue };
        let Some(entry) = finder.entry(id) else { continue };
        if entry.entity_type != "location" {
            continue;
        }
        let text = original.get(m.span.range()).unwrap_or("");
        by_place
            .entry(id)
            .or_insert_with(|| {
                order.push(id);
                Vec::new()
            })
            .push(json!([m.span.start, m.span.end, text]));
    }
    let features: Vec<Value> = order
        .iter()
        .filter_map(|id| {
            let entry = finder.entry(id)?;
            let geometry = match entry.coord {
                Some([lat, lon]) => json!({"type": "Point", "coordinates": [lon, lat]}),
                None => Value::Null,
            };
            Some(json!({
                "type": "Feature",
                "id": entry.id,
                "geometry": geometry,
                "properties": {
                    "id": entry.id,
                    "canonical": entry.canonical,
                    "wikidata": entry.wikidata,
                    "names": entry.names.iter().map(|n| json!({
                        "text": n.text, "lang": n.lang, "used_by": n.used_by,
                        "period": [n.from, n.to],
                    })).collect::<Vec<_>>(),
                    "mentions": by_place.get(id).cloned().unwrap_or_default(),
                }
            }))
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

impl EntityFinder {
    /// Same as [`places_geojson`].
    pub fn places_geojson(&self, original: &str, mentions: &[EntityMention]) -> Value {
        places_geojson(self, original, mentions)
    }
}

use crate::{claims, Annotation, Payload};
use sanad_dates::{DateFinder, EventYears};
use sanad_entities::{EntityFinder, EntityMention, YearContext};
use sanad_figures::FigureFinder;
use sanad_text::{Analyzed, NormalizeOptions, Normalizer, Span};

/// What to extract beyond the default kinds.
#[derive(Clone, Debug, Default)]
pub struct ExtractOptions {
    /// Add `token` and `sentence` annotations.
    pub tokens: bool,
    /// Group claims.
    pub claims: bool,
}

/// Everything found in one document.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// Sorted by start, then by end descending.
    pub annotations: Vec<Annotation>,
    pub claims: Vec<claims::ClaimGroup>,
}

/// All extractors, built once (rules, automata, model); `extract` is then a pure function of
/// the text and may be called from many threads.
#[derive(Debug)]
pub struct Extractor {
    normalizer: Normalizer,
    dates: DateFinder,
    entities: EntityFinder,
    figures: FigureFinder,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    pub fn new() -> Extractor {
        Extractor {
            normalizer: Normalizer::new(NormalizeOptions::for_extraction()),
            dates: DateFinder::new(),
            entities: EntityFinder::new(),
            figures: FigureFinder::new(),
        }
    }

    pub fn extract(&self, text: &str, options: &ExtractOptions) -> Extraction {
        let doc = Analyzed::with_normalizer(text, &self.normalizer);
        let mut annotations = Vec::new();
        let annotate = |span: Span, payload: Payload| Annotation {
            payload,
            start: span.start,
            end: span.end,
            text: text[span.range()].to_string(),
        };

        let parsed_dates = self.dates.parse(&doc);
        let dates = parsed_dates.resolve(&[]);
        let years: Vec<YearContext> = dates
            .iter()
            .filter_map(|d| Some(YearContext { span: d.span, year: iso_year(&d.value.start)? }))
            .collect();
        let entities = self.entities.find(&doc, &years);
        // A day said without a year far from any written year («در ٢٩ فوریه» after passages
        // on the Khojaly massacre) takes its year from the nearer event of known year, and days
        // counted from an event known to the day («یک هفته پس از قتل عام خوجالی») from its days:
        // a second pass of the date resolver (no second scan) once the events are known.
        let events: Vec<EventYears> = entities
            .iter()
            .filter(|e| e.value.entity_type == "event")
            .filter_map(|e| {
                let entry = self.entities.entry(e.value.id.as_deref()?)?;
                Some(EventYears { span: e.span, from: entry.from?, to: entry.to?, days: entry.days })
            })
            .collect();
        let needs_events =
            dates.iter().any(|d| d.value.year_from_context) || events.iter().any(|e| e.days.is_some());
        let dates = if needs_events && !events.is_empty() { parsed_dates.resolve(&events) } else { dates };
        let date_spans: Vec<Span> = dates.iter().map(|d| d.span).collect();
        // one cut of the text serves the quantities, the attributions and the claims
        let figures = self.figures.read(&doc);
        let quantities = figures.quantities(&date_spans);
        let names: Vec<Span> = entities
            .iter()
            .filter(|e| matches!(e.value.entity_type.as_str(), "person" | "organization"))
            .map(|e| e.span)
            .collect();
        let attributions = figures.attributions(&names);

        annotations.extend(dates.into_iter().map(|d| annotate(d.span, Payload::Date(d.value))));
        annotations.extend(entities.into_iter().map(|e| annotate(e.span, Payload::Entity(e.value))));
        annotations.extend(quantities.into_iter().map(|q| annotate(q.span, Payload::Quantity(q.value))));
        annotations.extend(attributions.into_iter().map(|a| annotate(a.span, Payload::Attribution(a.value))));
        if options.tokens {
            for t in doc.tokens() {
                annotations.push(annotate(doc.to_original(t.span.range()), Payload::Token));
            }
            for s in doc.sentences() {
                annotations.push(annotate(doc.to_original(s.range()), Payload::Sentence));
            }
        }
        annotations.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let claims = if options.claims {
            claims::group_claims(text, &annotations, &figures.contesting_phrases())
        } else {
            Vec::new()
        };
        Extraction { annotations, claims }
    }
}

impl Extractor {
    /// The places an extraction mentions, as a GeoJSON FeatureCollection: each place with its
    /// coordinates, every name it carries (who uses it, when) and its mentions in `text`.
    pub fn places(&self, text: &str, annotations: &[Annotation]) -> serde_json::Value {
        let mentions: Vec<EntityMention> = annotations
            .iter()
            .filter_map(|a| match &a.payload {
                Payload::Entity(value) => {
                    Some(EntityMention { span: Span::new(a.start, a.end), value: value.clone() })
                }
                _ => None,
            })
            .collect();
        self.entities.places_geojson(text, &mentions)
    }
}

/// The astronomical year of an ISO date string such as `1795-01-01` or `-0889-01-01`.
fn iso_year(iso: &str) -> Option<i32> {
    let (neg, rest) = match iso.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, iso),
    };
    let y: i32 = rest.split('-').next()?.parse().ok()?;
    Some(if neg { -y } else { y })
}

// The sanad JSON API (crates/sanad-server/API.md), read-only. Types follow that file; fields the
// page does not need are left out, and optional ones are read defensively.

export interface TextSpan { start: number; end: number; u16_start?: number; u16_end?: number; text?: string }

export interface DateValue { calendar: string; granularity: string; start: string; end: string; inferred?: boolean; year_from_context?: boolean; mod?: string | null }
export interface QuantityValue { low: number | null; high: number | null; approx?: boolean; unit?: string | null; measure?: string | null; group?: string | null; vague?: boolean }
export interface EntityValue { type: string; id: string | null; canonical: string | null; name_used_by?: string | null; score?: number; origin?: string }
export interface AttributionValue { source: TextSpan; cue: TextSpan; claim: TextSpan; via: TextSpan | null; quote: boolean; stance: string }

export interface Annotation {
  id?: number;
  kind: string;
  start: number;
  end: number;
  u16_start?: number;
  u16_end?: number;
  text: string;
  value: any;
  solar_hijri?: { start: string; end: string } | null;
}

export interface ClaimMember {
  annotation?: number;
  start: number; end: number; u16_start?: number; u16_end?: number;
  text?: string;
  source: string | null;
  via: string | null;
  low: number | null; high: number | null;
  sentence?: TextSpan | null;
}
export interface ClaimGroup { id: string; doc?: string; doc_title?: string; about: string; disputed: boolean; reasons: string[]; members: ClaimMember[] }

export interface DocumentSummary { id: string; source?: string; title?: string; bytes?: number; annotations?: Record<string, number> | number; date_min?: string | null; date_max?: string | null }
export interface DocumentFull extends DocumentSummary { text: string; annotations: Annotation[] & any; claims?: ClaimGroup[] }

export interface TimelineEvent {
  id: string; doc: string; doc_title?: string; annotation?: number;
  start: string; end: string; granularity?: string; calendar?: string; text: string; inferred?: boolean;
  solar_hijri?: { start: string; end: string } | null;
  sentence?: TextSpan | null;
  entities?: { annotation?: number; id: string | null; canonical?: string | null; type?: string; text?: string }[];
  claims?: string[];
}

export interface SearchHit {
  doc: string; title?: string; source?: string; score: number;
  snippet: string; highlights?: { u16_start: number; u16_end: number }[];
  match?: TextSpan | null;
}
export interface SearchResult { query?: string; total?: number; took_ms?: number; hits: SearchHit[] }

export interface PlaceName { name: string; mentions?: number; used_by?: (string | null)[] | string | null; docs?: string[] }
export interface PlaceFeature {
  type: 'Feature'; id?: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: { id: string; canonical?: string | null; type?: string; mentions?: number; documents?: number; names?: PlaceName[] };
}
export interface Places { type: 'FeatureCollection'; features: PlaceFeature[] }

export interface EntitySummary { id: string; canonical?: string | null; type?: string; mentions?: number; names?: string[] }

async function get<T>(path: string, params?: Record<string, string | undefined | null>): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  const res = await fetch(url.pathname + url.search, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try { msg += `: ${(await res.json()).error}`; } catch { /* not JSON */ }
    throw new Error(`${path}: ${msg}`);
  }
  return res.json() as Promise<T>;
}

const cache = new Map<string, Promise<unknown>>();
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!cache.has(key)) cache.set(key, load().catch((e) => { cache.delete(key); throw e; }));
  return cache.get(key) as Promise<T>;
}

export const api = {
  documents: () => cached('documents', () => get<{ documents: DocumentSummary[] }>('/api/documents', { limit: '1000' })),
  document: (id: string) => cached(`doc:${id}`, () => get<DocumentFull>(`/api/documents/${encodeURIComponent(id)}`)),
  timeline: (params: { from?: string; to?: string; entity?: string; doc?: string } = {}) =>
    cached(`timeline:${JSON.stringify(params)}`, () => get<{ events: TimelineEvent[] }>('/api/timeline', params)),
  claims: (disputed?: boolean) => cached(`claims:${disputed}`, () => get<{ groups: ClaimGroup[] }>('/api/claims', { disputed: disputed === undefined ? undefined : String(disputed), limit: '1000' })),
  places: () => cached('places', () => get<Places>('/api/places')),
  entities: () => cached('entities', () => get<{ entities: EntitySummary[] }>('/api/entities', { limit: '1000' }).catch(() => ({ entities: [] as EntitySummary[] }))),
  search: (params: Record<string, string | undefined>) => get<SearchResult>('/api/search', params),
};

/** An annotation's [start, end) as UTF-16 indices: the server's own if given, else from bytes. */
export function u16Range(span: TextSpan, toIndex: (byte: number) => number): [number, number] {
  if (typeof span.u16_start === 'number' && typeof span.u16_end === 'number' && span.u16_end >= span.u16_start && (span.u16_end > 0 || span.end === 0)) {
    return [span.u16_start, span.u16_end];
  }
  return [toIndex(span.start), toIndex(span.end)];
}

// Hash routes: #/reader/ID?s=BYTE&e=BYTE, #/timeline, #/claims, #/map, #/search?q=…
export type View = 'reader' | 'timeline' | 'claims' | 'map' | 'search';
export interface Route { view: View; arg: string | null; params: URLSearchParams }

const views: View[] = ['reader', 'timeline', 'claims', 'map', 'search'];

export function parseRoute(hash = window.location.hash): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path, query = ''] = body.split('?', 2);
  const [first, ...rest] = path.split('/');
  const view = (views as string[]).includes(first) ? (first as View) : 'timeline';
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : null;
  return { view, arg, params: new URLSearchParams(query) };
}

export function href(view: View, arg?: string | null, params?: Record<string, string | number | null | undefined>): string {
  let out = `#/${view}`;
  if (arg) out += `/${encodeURIComponent(arg)}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${out}?${qs}` : out;
}

/** A link to the reader at a span of a document (byte offsets, as the API gives them). */
export const readerHref = (doc: string, start?: number, end?: number, annotation?: number) =>
  href('reader', doc, { s: start, e: end, a: annotation });

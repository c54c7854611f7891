// Search: the query box in the header plus facets (kind, entity, date range). The server
// normalizes query and documents alike, so «قرهباغ» finds «قره باغ» and «قره‌باغ».
import { api, type SearchHit } from '../api';
import { clear, h, type Child } from '../dom';
import { kindLabel, num, t } from '../i18n';
import { href, readerHref } from '../router';
import { failure, loading } from './common';

const KINDS = ['date', 'quantity', 'entity', 'attribution'];

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&#x2F;': '/' };
/** Text pieces of an escaped snippet with <mark> tags, without ever parsing it as HTML. */
export function markedPieces(snippetHtml: string): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const part of snippetHtml.split(/(<\/?mark>)/)) {
    if (part === '<mark>') { marked = true; continue; }
    if (part === '</mark>') { marked = false; continue; }
    if (!part) continue;
    const text = part.replace(/&(?:lt|gt|amp|quot|#39|#x27|#x2F);|&#(\d+);/g, (m, dec) => (dec ? String.fromCodePoint(Number(dec)) : entities[m] ?? m));
    out.push({ text, marked });
  }
  return out;
}

function snippet(hit: SearchHit): Child[] {
  const text = hit.snippet ?? '';
  if (hit.highlights?.length) {
    const out: Child[] = [];
    let at = 0;
    for (const r of [...hit.highlights].sort((a, b) => a.u16_start - b.u16_start)) {
      if (r.u16_start < at || r.u16_end > text.length) continue;
      out.push(text.slice(at, r.u16_start), h('mark', {}, text.slice(r.u16_start, r.u16_end)));
      at = r.u16_end;
    }
    out.push(text.slice(at));
    return out;
  }
  const html = (hit as unknown as { snippet_html?: string }).snippet_html;
  if (html) return markedPieces(html).map((p) => (p.marked ? h('mark', {}, p.text) : p.text));
  return [text];
}

export async function renderSearch(root: HTMLElement, params: URLSearchParams) {
  clear(root);
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const entity = params.get('entity') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';

  const kindSelect = h('select', { name: 'kind' }, h('option', { value: '' }, t('allKinds')), KINDS.map((k) => h('option', { value: k }, kindLabel(k))));
  kindSelect.value = kind;
  const entitySelect = h('select', { name: 'entity' }, h('option', { value: '' }, t('anyEntity')));
  const fromInput = h('input', { type: 'number', name: 'from', value: from, step: 1, placeholder: '-860', dir: 'ltr' });
  const toInput = h('input', { type: 'number', name: 'to', value: to, step: 1, placeholder: '2020', dir: 'ltr' });
  const facets = h('form', { class: 'facets', onsubmit: (e: Event) => {
    e.preventDefault();
    window.location.hash = href('search', null, { q, kind: kindSelect.value, entity: entitySelect.value, from: fromInput.value, to: toInput.value });
  } },
    h('fieldset', {}, h('legend', {}, t('kinds')), kindSelect),
    h('fieldset', {}, h('legend', {}, t('entities')), entitySelect),
    h('fieldset', {}, h('legend', {}, t('date')), h('label', {}, t('from'), fromInput), h('label', {}, t('to'), toInput)),
    h('button', { type: 'submit' }, t('apply')));
  api.entities().then(({ entities: list }) => {
    for (const e of [...list].sort((a, b) => (b.mentions ?? 0) - (a.mentions ?? 0))) {
      const name = e.canonical || e.names?.[0] || e.id;
      const o = h('option', { value: e.id }, `${name}${e.mentions ? ` (${num(e.mentions)})` : ''}`);
      entitySelect.append(o);
    }
    entitySelect.value = entity;
  }).catch(() => undefined);

  const results = h('section', { class: 'results', 'aria-live': 'polite' });
  root.append(h('div', { class: 'view-head' }, h('h2', {}, t('search')), q ? h('span', { class: 'muted' }, `«${q}»`) : null),
    h('div', { class: 'search-layout' }, facets, results));

  if (!q && !kind && !entity && !from && !to) { results.append(h('p', { class: 'status' }, t('searchPlaceholder'))); return; }
  results.append(loading());
  try {
    const res = await api.search({ q, kind, entity, from, to, limit: '100' });
    clear(results);
    results.append(h('p', { class: 'muted', 'data-total': res.total ?? res.hits.length }, `${num(res.total ?? res.hits.length)} ${t('hits')}${typeof res.took_ms === 'number' ? ` · ${num(Math.round(res.took_ms * 10) / 10)} ms` : ''}`));
    if (!res.hits.length) { results.append(h('p', { class: 'status' }, t('noHits'))); return; }
    results.append(h('ol', { class: 'hits' }, res.hits.map((hit) => h('li', { class: 'hit' },
      h('a', { class: 'title', href: readerHref(hit.doc, hit.match?.start, hit.match?.end) }, hit.title || hit.source || hit.doc),
      ' ', h('span', { class: 'muted small' }, `${t('score')} ${num(Math.round(hit.score * 100) / 100)}`),
      h('div', { class: 'snippet', dir: 'rtl' }, snippet(hit))))));
  } catch (err) {
    clear(results);
    results.append(failure(err));
  }
}

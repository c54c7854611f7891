// Reader: the document's text with dates, figures, entities and attributions highlighted.
// Hover shows a one-line summary (title); click opens the details beside the text.
import { api, u16Range, type Annotation, type ClaimGroup, type DocumentFull } from '../api';
import { formatGregorian, formatSolarHijri, formatSolarIso } from '../calendar';
import { clear, h, type Child } from '../dom';
import { kindLabel, num, t } from '../i18n';
import { ByteIndex, segments, type Range } from '../offsets';
import { href, readerHref } from '../router';
import { failure, figureText, loading } from './common';

const HIGHLIGHTED = ['date', 'quantity', 'entity', 'attribution'] as const;
const hiddenKinds = new Set<string>();

interface Prepared {
  doc: DocumentFull;
  index: ByteIndex;
  shown: Annotation[];
  ranges: [number, number][];
}

function prepare(doc: DocumentFull): Prepared {
  const index = new ByteIndex(doc.text);
  const toIndex = (b: number) => index.toIndex(b);
  const shown = (doc.annotations as Annotation[]).filter((a) => (HIGHLIGHTED as readonly string[]).includes(a.kind));
  return { doc, index, shown, ranges: shown.map((a) => u16Range(a, toIndex)) };
}

/** Words of a byte span of the document (an attribution's source, cue or claim). */
function spanText(p: Prepared, span: { start: number; end: number; u16_start?: number; u16_end?: number; text?: string } | null | undefined): string {
  if (!span) return '';
  if (typeof span.text === 'string' && span.text) return span.text;
  const [a, b] = u16Range(span, (x) => p.index.toIndex(x));
  return p.doc.text.slice(a, b);
}

function claimsOf(p: Prepared, ann: Annotation): ClaimGroup[] {
  return (p.doc.claims ?? []).filter((g) => g.members.some((m) => (ann.id !== undefined && m.annotation === ann.id) || (m.start === ann.start && m.end === ann.end)));
}

/** One line for the hover title. */
function summary(p: Prepared, a: Annotation): string {
  const v = a.value ?? {};
  switch (a.kind) {
    case 'date':
      return `${kindLabel('date')}: ${formatGregorian(v.start, v.end)} · ${a.solar_hijri ? formatSolarIso(a.solar_hijri.start, a.solar_hijri.end, v.granularity) : formatSolarHijri(v.start, v.end)}`;
    case 'quantity':
      return `${kindLabel('quantity')}: ${figureText(v.low, v.high, num)}${v.unit ? ' ' + v.unit : ''}${v.measure ? ' · ' + v.measure : ''}`;
    case 'entity':
      return `${kindLabel('entity')}: ${v.canonical ?? a.text}${v.type ? ' · ' + v.type : ''}`;
    case 'attribution':
      return `${kindLabel('attribution')}: ${t('source')} ${spanText(p, v.source)}${v.via ? ' · ' + t('via') + ' ' + spanText(p, v.via) : ''}`;
    default:
      return a.kind;
  }
}

const row = (label: string, ...value: Child[]) => h('div', { class: 'kv' }, h('dt', {}, label), h('dd', {}, ...value));

function otherNames(p: Prepared, id: string | null): string[] {
  if (!id) return [];
  const names = new Set<string>();
  for (const a of p.shown) if (a.kind === 'entity' && a.value?.id === id) names.add(a.text);
  return [...names];
}

function placeNames(id: string, into: HTMLElement) {
  api.places().then((places) => {
    const f = places.features.find((x) => (x.properties?.id ?? x.id) === id);
    const names = f?.properties?.names ?? [];
    if (!names.length) return;
    into.append(row(t('usedBy'), h('ul', { class: 'names' }, names.map((n) => {
      const users = (Array.isArray(n.used_by) ? n.used_by : [n.used_by]).filter((u): u is string => !!u);
      return h('li', {}, h('span', { class: 'name' }, n.name), users.length ? h('span', { class: 'muted' }, ` — ${users.join('، ')}`) : null);
    }))), h('a', { href: href('map', null, { place: id }), class: 'small-link' }, `${t('map')} →`));
  }).catch(() => undefined);
}

function details(p: Prepared, a: Annotation): HTMLElement {
  const v = a.value ?? {};
  const box = h('section', { class: `detail k-${a.kind}` },
    h('h3', {}, h('span', { class: `chip k-${a.kind}` }, kindLabel(a.kind)), ' ', h('q', {}, a.text)));
  const dl = h('dl', {});
  box.append(dl);
  if (a.kind === 'date') {
    dl.append(
      row(t('gregorian'), formatGregorian(v.start, v.end)),
      row(t('solarHijri'), a.solar_hijri ? formatSolarIso(a.solar_hijri.start, a.solar_hijri.end, v.granularity) : formatSolarHijri(v.start, v.end)),
      row(t('calendar'), v.calendar === 'solar_hijri' ? t('solarHijri') : v.calendar === 'lunar_hijri' ? t('lunarHijri') : v.calendar === 'gregorian' ? t('gregorian') : String(v.calendar ?? '')),
      row(t('granularity'), String(v.granularity ?? ''), v.inferred ? ` · ${t('inferred')}` : '', v.year_from_context ? ` · ${t('yearFromContext')}` : ''),
      row('ISO', h('bdi', { dir: 'ltr' }, `${v.start} … ${v.end}`)),
    );
  } else if (a.kind === 'quantity') {
    dl.append(row(t('value'), figureText(v.low, v.high, num), v.approx ? ` (${t('approx')})` : '', v.vague ? ` (${t('vague')})` : ''));
    if (v.unit) dl.append(row(t('unit'), String(v.unit)));
    if (v.measure) dl.append(row(t('measure'), String(v.measure)));
  } else if (a.kind === 'entity') {
    dl.append(row(t('type'), String(v.type ?? '')));
    if (v.canonical) dl.append(row(t('canonical'), String(v.canonical)));
    if (v.name_used_by) dl.append(row(t('usedBy'), String(v.name_used_by)));
    const others = otherNames(p, v.id).filter((n) => n !== a.text);
    if (others.length) dl.append(row(t('otherNames'), others.join('، ')));
    if (v.id) {
      dl.append(row('id', h('bdi', { dir: 'ltr' }, String(v.id))));
      placeNames(String(v.id), dl);
    }
  } else if (a.kind === 'attribution') {
    dl.append(row(t('source'), h('strong', {}, spanText(p, v.source))));
    if (v.cue) dl.append(row(t('cue'), spanText(p, v.cue)));
    if (v.via) dl.append(row(t('via'), spanText(p, v.via)));
    dl.append(row(t('stance'), String(v.stance ?? ''), v.quote ? ` · ${t('quote')}` : ''));
    const claim = spanText(p, v.claim);
    if (claim) dl.append(row(t('claim'), h('blockquote', {}, claim)));
  }
  for (const g of claimsOf(p, a)) box.append(claimBox(p, g));
  return box;
}

function claimBox(p: Prepared, g: ClaimGroup): HTMLElement {
  return h('div', { class: `claim-box ${g.disputed ? 'disputed' : ''}` },
    h('div', {}, h('span', { class: `badge ${g.disputed ? 'disputed' : 'agreed'}` }, g.disputed ? t('disputed') : t('agreed')), ' ', h('strong', {}, g.about)),
    h('ul', {}, g.members.map((m) => h('li', {},
      h('a', { href: readerHref(p.doc.id, m.start, m.end) }, figureText(m.low, m.high, num)),
      ' — ', h('span', { class: 'source' }, m.source ?? t('author')),
      m.via ? h('span', { class: 'muted' }, ` (${t('via')} ${m.via})`) : null))),
    h('a', { href: href('claims', null, { group: g.id }), class: 'small-link' }, `${t('claims')} →`));
}

export async function renderReader(root: HTMLElement, docId: string | null, params: URLSearchParams) {
  clear(root);
  root.append(loading());
  try {
    const list = await api.documents();
    const id = docId ?? list.documents[0]?.id;
    if (!id) { clear(root); root.append(h('p', { class: 'status' }, t('noDocuments'))); return; }
    const doc = await api.document(id);
    const p = prepare(doc);
    clear(root);
    draw(root, p, list.documents, params);
  } catch (err) {
    clear(root);
    root.append(failure(err));
  }
}

function draw(root: HTMLElement, p: Prepared, docs: { id: string; title?: string; source?: string }[], params: URLSearchParams) {
  const panel = h('aside', { class: 'details', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('clickHighlight')));
  const text = h('div', { class: 'doc-text', dir: 'rtl', lang: 'fa' });

  const picker = h('select', { 'aria-label': t('documents'), onchange: (e: Event) => { window.location.hash = readerHref((e.target as HTMLSelectElement).value); } },
    docs.map((d) => { const o = h('option', { value: d.id }, d.title || d.source || d.id); if (d.id === p.doc.id) o.selected = true; return o; }));

  const counts = new Map<string, number>();
  for (const a of p.shown) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const legend = h('div', { class: 'legend' }, HIGHLIGHTED.map((k) => {
    const box = h('input', { type: 'checkbox', onchange: () => { if (box.checked) hiddenKinds.delete(k); else hiddenKinds.add(k); text.classList.toggle(`hide-${k}`, !box.checked); } });
    box.checked = !hiddenKinds.has(k);
    return h('label', { class: `chip k-${k}` }, box, ` ${kindLabel(k)} `, h('span', { class: 'count' }, num(counts.get(k) ?? 0)));
  }));
  for (const k of hiddenKinds) text.classList.add(`hide-${k}`);

  // Focus: a span to open the reader at (bytes s/e), e.g. a timeline event's sentence.
  const ranges: Range[] = p.ranges.map(([start, end], id) => ({ start, end, id }));
  const fs = params.get('s');
  const fe = params.get('e');
  const FOCUS = -1;
  if (fs !== null && fe !== null) ranges.push({ start: p.index.toIndex(Number(fs)), end: p.index.toIndex(Number(fe)), id: FOCUS });

  let focusEl: HTMLElement | null = null;
  const segs = segments(p.doc.text.length, ranges);
  const frag = document.createDocumentFragment();
  for (const seg of segs) {
    const words = p.doc.text.slice(seg.start, seg.end);
    if (seg.covering.length === 0) { frag.append(document.createTextNode(words)); continue; }
    const anns = seg.covering.filter((i) => i !== FOCUS);
    const el = h('span', {}, words);
    if (seg.covering.includes(FOCUS)) { el.classList.add('focus'); focusEl ??= el; }
    if (anns.length) {
      // Innermost (shortest) annotation first: it gives the colour and the hover line.
      anns.sort((x, y) => (p.ranges[x][1] - p.ranges[x][0]) - (p.ranges[y][1] - p.ranges[y][0]));
      el.classList.add('hl');
      for (const i of anns) el.classList.add(`k-${p.shown[i].kind}`);
      el.dataset.ann = anns.join(' ');
      el.title = anns.map((i) => summary(p, p.shown[i])).join('\n');
      el.tabIndex = 0;
    }
    frag.append(el);
  }
  text.append(frag);

  const select = (el: HTMLElement) => {
    text.querySelectorAll('.selected').forEach((x) => x.classList.remove('selected'));
    el.classList.add('selected');
    clear(panel);
    for (const i of (el.dataset.ann ?? '').split(' ').filter(Boolean).map(Number)) panel.append(details(p, p.shown[i]));
  };
  text.addEventListener('click', (e) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.hl');
    if (el) select(el);
  });
  text.addEventListener('keydown', (e) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.hl');
    if (el && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); select(el); }
  });

  root.append(
    h('div', { class: 'reader-head' }, h('h2', {}, p.doc.title || p.doc.source || p.doc.id), picker, legend),
    h('div', { class: 'reader' }, h('article', { class: 'doc' }, text), panel),
  );

  const wanted = params.get('a');
  const target = wanted !== null ? p.shown.findIndex((a) => String(a.id) === wanted) : -1;
  if (target >= 0) {
    const el = [...text.querySelectorAll<HTMLElement>('.hl')].find((x) => (x.dataset.ann ?? '').split(' ').includes(String(target)));
    if (el) { select(el); focusEl ??= el; }
  }
  if (!text.querySelector('.selected')) {
    // No annotation named (or not found): explain the first highlight inside the focused words.
    const inFocus = text.querySelector<HTMLElement>('.focus.hl');
    if (inFocus) select(inFocus);
  }
  const scrollTo = focusEl as HTMLElement | null;
  if (scrollTo) requestAnimationFrame(() => scrollTo.scrollIntoView({ block: 'center' }));
}

// Timeline: a hand-made SVG timeline, zoomable and pannable, from the earliest event (Urartu,
// BCE years) to the latest. Events closer than a few pixels are drawn as one cluster with its
// count (click: zoom into it); a density strip shows where the events are. Clicking an event
// opens its sentence in the reader. In Persian, time runs right to left.
import { api, type TimelineEvent } from '../api';
import { formatGregorian, formatSolarHijri, formatSolarIso, fractionalYear, yearLabel } from '../calendar';
import { clear, h, s } from '../dom';
import { getLang, num, t } from '../i18n';
import { href, readerHref } from '../router';
import { failure, loading } from './common';

interface Placed { ev: TimelineEvent; a: number; b: number; mid: number }
interface Domain { x0: number; x1: number }

const HEIGHT = 250;
const MARGIN = 28;
const AXIS_Y = 170;
const CLUSTER_PX = 30;
const MIN_SPAN_YEARS = 2;

export async function renderTimeline(root: HTMLElement, params: URLSearchParams) {
  clear(root);
  root.append(loading());
  try {
    const { events } = await api.timeline();
    clear(root);
    draw(root, events, params);
  } catch (err) {
    clear(root);
    root.append(failure(err));
  }
}

function niceStep(span: number, ticks: number): number {
  const raw = span / Math.max(1, ticks);
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
  return steps.find((st) => st >= raw) ?? 10000;
}

function entityFilter(events: TimelineEvent[], selected: string): HTMLSelectElement {
  // Every entity the events mention, most mentioned first, under the name the text uses most.
  const seen = new Map<string, { count: number; names: Map<string, number> }>();
  for (const ev of events) for (const e of ev.entities ?? []) {
    if (!e.id) continue;
    const entry = seen.get(e.id) ?? { count: 0, names: new Map() };
    entry.count++;
    const name = e.text ?? e.canonical ?? e.id;
    entry.names.set(name, (entry.names.get(name) ?? 0) + 1);
    seen.set(e.id, entry);
  }
  const options = [...seen.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 200).map(([id, v]) => {
    const name = [...v.names.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const o = h('option', { value: id }, `${name} (${num(v.count)})`);
    if (id === selected) o.selected = true;
    return o;
  });
  return h('select', { class: 'entity-filter', 'aria-label': t('entities'), onchange: (e: Event) => {
    window.location.hash = href('timeline', null, { entity: (e.target as HTMLSelectElement).value });
  } }, h('option', { value: '' }, t('anyEntity')), options);
}

function draw(root: HTMLElement, allEvents: TimelineEvent[], params: URLSearchParams) {
  const entity = params.get('entity') ?? '';
  const events = entity ? allEvents.filter((ev) => ev.entities?.some((e) => e.id === entity)) : allEvents;
  const placed: Placed[] = [];
  for (const ev of events) {
    const a = fractionalYear(ev.start);
    const b0 = fractionalYear(ev.end ?? ev.start);
    if (a === null) continue;
    const b = Math.max(a, b0 ?? a) + 1 / 365;
    placed.push({ ev, a, b, mid: (a + b) / 2 });
  }
  placed.sort((p, q) => p.mid - q.mid);
  const rtl = getLang() === 'fa';

  root.append(h('div', { class: 'view-head' }, h('h2', {}, t('timeline')), h('span', { class: 'muted' }, `${num(placed.length)} ${t('events')}`), entityFilter(allEvents, entity)));
  if (!placed.length) { root.append(h('p', { class: 'status' }, t('noEvents'))); return; }

  const lo = Math.floor(placed[0].a);
  const hi = Math.ceil(Math.max(...placed.map((p) => p.b)));
  const pad = Math.max(1, (hi - lo) * 0.02);
  const full: Domain = { x0: lo - pad, x1: hi + pad };
  const fromParam = Number(params.get('x0'));
  const toParam = Number(params.get('x1'));
  let dom: Domain = params.has('x0') && params.has('x1') && toParam > fromParam ? { x0: fromParam, x1: toParam } : { ...full };

  const svg = s('svg', { role: 'img', 'aria-label': t('timeline'), height: HEIGHT }) as SVGSVGElement;
  const box = h('div', { class: 'timeline-box' }, svg);
  const visibleInfo = h('span', { class: 'muted small' });
  const list = h('ol', { class: 'event-list' });

  const setDomain = (next: Domain, save = true) => {
    let { x0, x1 } = next;
    const span = Math.max(MIN_SPAN_YEARS, Math.min(x1 - x0, (full.x1 - full.x0) * 1.5));
    const mid = (x0 + x1) / 2;
    x0 = mid - span / 2; x1 = mid + span / 2;
    const slack = span * 0.25;
    if (x0 < full.x0 - slack) { x1 += full.x0 - slack - x0; x0 = full.x0 - slack; }
    if (x1 > full.x1 + slack) { x0 -= x1 - full.x1 - slack; x1 = full.x1 + slack; }
    dom = { x0, x1 };
    paint();
    if (save) history.replaceState(null, '', href('timeline', null, { entity, x0: x0.toFixed(3), x1: x1.toFixed(3) }));
  };
  const zoom = (factor: number, atYear = (dom.x0 + dom.x1) / 2) =>
    setDomain({ x0: atYear - (atYear - dom.x0) / factor, x1: atYear + (dom.x1 - atYear) / factor });

  const tools = h('div', { class: 'timeline-tools' },
    h('button', { type: 'button', onclick: () => zoom(2), title: t('zoomIn'), 'aria-label': t('zoomIn') }, '+'),
    h('button', { type: 'button', onclick: () => zoom(0.5), title: t('zoomOut'), 'aria-label': t('zoomOut') }, '−'),
    h('button', { type: 'button', onclick: () => setDomain(full), 'data-range': 'all' }, t('reset')),
    h('button', { type: 'button', onclick: () => setDomain({ x0: 1795, x1: Math.max(2021, hi + 1) }), 'data-range': 'modern' }, t('modern')),
    visibleInfo);

  root.append(tools, box, h('p', { class: 'muted small' }, t('timelineHelp')), list);

  const width = () => Math.max(320, box.clientWidth || 1000);
  const xOf = (year: number) => {
    const f = (year - dom.x0) / (dom.x1 - dom.x0);
    const w = width() - 2 * MARGIN;
    return rtl ? width() - MARGIN - f * w : MARGIN + f * w;
  };
  const yearAt = (px: number) => {
    const w = width() - 2 * MARGIN;
    const f = rtl ? (width() - MARGIN - px) / w : (px - MARGIN) / w;
    return dom.x0 + f * (dom.x1 - dom.x0);
  };

  function paint() {
    const W = width();
    svg.setAttribute('viewBox', `0 0 ${W} ${HEIGHT}`);
    svg.setAttribute('width', String(W));
    while (svg.firstChild) svg.removeChild(svg.firstChild);

    // Axis and grid.
    const span = dom.x1 - dom.x0;
    const step = niceStep(span, W / 110);
    const axis = s('g', { class: 'tl-axis' });
    axis.append(s('line', { x1: MARGIN, x2: W - MARGIN, y1: AXIS_Y, y2: AXIS_Y }));
    for (let m = Math.ceil(dom.x0 / step) * step; m <= dom.x1 + step; m += step) {
      // Round numbers as people count: 500 BCE is astronomical year -499; there is no year 0.
      if (m === 0) continue;
      const y = m > 0 ? m : m + 1;
      if (y < dom.x0 || y > dom.x1) continue;
      const x = xOf(y);
      axis.append(s('line', { class: 'tl-grid', x1: x, x2: x, y1: 20, y2: AXIS_Y }), s('line', { x1: x, x2: x, y1: AXIS_Y, y2: AXIS_Y + 6 }),
        s('text', { x, y: AXIS_Y + 20, 'text-anchor': 'middle' }, yearLabel(y)));
    }
    svg.append(axis);

    // Density strip: events per 6px bucket.
    const visible = placed.filter((p) => p.b >= dom.x0 && p.a <= dom.x1);
    const buckets = new Map<number, number>();
    for (const p of visible) { const k = Math.floor(xOf(p.mid) / 6); buckets.set(k, (buckets.get(k) ?? 0) + 1); }
    const maxCount = Math.max(1, ...buckets.values());
    const density = s('g', { class: 'tl-density' });
    for (const [k, c] of buckets) {
      const hgt = 4 + 26 * Math.sqrt(c / maxCount);
      density.append(s('rect', { x: k * 6, y: HEIGHT - hgt - 4, width: 5, height: hgt, fill: '#f59e0b', opacity: 0.55 }));
    }
    svg.append(density);

    // Intervals longer than a few pixels: a bar behind the markers.
    const spans = s('g', {});
    for (const p of visible) {
      const [xa, xb] = [xOf(p.a), xOf(p.b)];
      if (Math.abs(xb - xa) > 4) spans.append(s('rect', { class: 'tl-span', x: Math.min(xa, xb), y: AXIS_Y - 34, width: Math.abs(xb - xa), height: 6, rx: 3 }));
    }
    svg.append(spans);

    // Clusters: consecutive events within CLUSTER_PX of the cluster's first one.
    const clusters: Placed[][] = [];
    for (const p of visible) {
      const last = clusters[clusters.length - 1];
      if (last && Math.abs(xOf(p.mid) - xOf(last[0].mid)) < CLUSTER_PX) last.push(p);
      else clusters.push([p]);
    }
    const marks = s('g', {});
    let lastLabelEdge = rtl ? Infinity : -Infinity;
    let lane = 0;
    for (const c of clusters) {
      const x = c.reduce((sum, p) => sum + xOf(p.mid), 0) / c.length;
      if (c.length === 1) {
        const p = c[0];
        const year = Number(p.ev.start.slice(0, p.ev.start.indexOf('-', 1)));
        const g = s('g', { class: 'tl-single' });
        const title = `${formatGregorian(p.ev.start, p.ev.end)} — ${p.ev.text}\n${p.ev.sentence?.text?.trim().slice(0, 200) ?? ''}`;
        const dot = s('circle', { class: `tl-event ${p.ev.claims?.length ? 'claimed' : ''}`, cx: x, cy: AXIS_Y - 18, r: 6, 'data-year': year, tabindex: 0, role: 'link' }, s('title', {}, title));
        const open = () => { window.location.hash = readerHref(p.ev.doc, p.ev.sentence?.start ?? undefined, p.ev.sentence?.end ?? undefined, p.ev.annotation); };
        dot.addEventListener('click', open);
        dot.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') open(); });
        g.append(s('line', { x1: x, x2: x, y1: AXIS_Y - 12, y2: AXIS_Y, stroke: '#9aa6b2' }), dot);
        // A label when there is room: the original words of the date.
        const label = p.ev.text.length > 28 ? p.ev.text.slice(0, 27) + '…' : p.ev.text;
        const labelWidth = label.length * 6.5 + 8;
        const room = rtl ? x + labelWidth / 2 < lastLabelEdge : x - labelWidth / 2 > lastLabelEdge;
        if (room || lane < 2) {
          const y = AXIS_Y - 48 - (room ? 0 : lane) * 22;
          if (room) lane = 0; else lane++;
          if (room || lane < 2) {
            g.append(s('text', { class: 'tl-label', x, y, 'text-anchor': 'middle' }, label));
            if (room) lastLabelEdge = rtl ? x - labelWidth / 2 : x + labelWidth / 2;
          }
        }
        marks.append(g);
      } else {
        const r = Math.min(22, 9 + Math.sqrt(c.length) * 2.2);
        const years = c.map((p) => Number(p.ev.start.slice(0, p.ev.start.indexOf('-', 1))));
        const [ya, yb] = [Math.min(...years), Math.max(...years)];
        const g = s('g', { class: 'tl-cluster', 'data-count': c.length, 'data-years': `${ya}..${yb}`, tabindex: 0, role: 'button' },
          s('circle', { cx: x, cy: AXIS_Y - 18 - r + 6, r }),
          s('text', { x, y: AXIS_Y - 18 - r + 6 }, num(c.length)),
          s('title', {}, `${num(c.length)} ${t('events')}: ${ya === yb ? yearLabel(ya) : `${yearLabel(ya)} – ${yearLabel(yb)}`}`));
        const into = () => {
          const a = Math.min(...c.map((p) => p.a));
          const b = Math.max(...c.map((p) => p.b));
          const margin = Math.max((b - a) * 0.4, 0.75);
          setDomain({ x0: a - margin, x1: b + margin });
        };
        g.addEventListener('click', into);
        g.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') into(); });
        marks.append(g);
      }
    }
    svg.append(marks);
    visibleInfo.textContent = `${yearLabel(Math.round(dom.x0))} – ${yearLabel(Math.round(dom.x1))} · ${num(visible.length)} ${t('events')} ${t('visible')}`;
    paintList(visible);
  }

  function paintList(visible: Placed[]) {
    clear(list);
    const LIST_MAX = 1500;
    if (visible.length > LIST_MAX) list.append(h('li', { class: 'muted small' }, `${num(LIST_MAX)} / ${num(visible.length)} — ${t('zoomIn')}`));
    for (const p of visible.slice(0, LIST_MAX)) {
      const ev = p.ev;
      const year = Number(ev.start.slice(0, ev.start.indexOf('-', 1)));
      const solar = ev.solar_hijri ? formatSolarIso(ev.solar_hijri.start, ev.solar_hijri.end, ev.granularity) : formatSolarHijri(ev.start, ev.end);
      const sentence = ev.sentence?.text?.trim() || ev.text;
      list.append(h('li', { 'data-year': year, class: 'event' },
        h('div', { class: 'when' }, formatGregorian(ev.start, ev.end), h('small', {}, solar), h('small', {}, `«${ev.text}»`)),
        h('div', {},
          h('a', { class: 'sentence', href: readerHref(ev.doc, ev.sentence?.start ?? undefined, ev.sentence?.end ?? undefined, ev.annotation) }, sentence),
          ev.entities?.length ? h('div', { class: 'ents' }, [...new Map(ev.entities.map((e) => [e.id ?? e.text, e])).values()].slice(0, 8).map((e) => h('span', { class: 'chip k-entity' }, e.text ?? e.canonical ?? ''))) : null,
          ev.claims?.length ? h('div', { class: 'ents' }, ev.claims.map((c) => h('a', { class: 'chip k-quantity', href: href('claims', null, { group: c }) }, `${t('claim')} ${c}`))) : null)));
    }
  }

  // Wheel zooms around the pointer; drag pans.
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const rect = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.25 : 0.8, yearAt((e.clientX - rect.left) * (width() / rect.width)));
  }, { passive: false });
  let drag: { x: number; dom: Domain } | null = null;
  svg.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('.tl-cluster, .tl-event')) return;
    drag = { x: e.clientX, dom: { ...dom } };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const perPx = (drag.dom.x1 - drag.dom.x0) / (width() - 2 * MARGIN);
    const dx = (e.clientX - drag.x) * perPx * (rtl ? 1 : -1);
    setDomain({ x0: drag.dom.x0 + dx, x1: drag.dom.x1 + dx }, false);
  });
  const endDrag = () => { if (drag) { drag = null; setDomain(dom); } };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('dblclick', (e) => {
    const rect = svg.getBoundingClientRect();
    zoom(2, yearAt((e.clientX - rect.left) * (width() / rect.width)));
  });
  const onResize = () => { if (document.body.contains(svg)) paint(); else window.removeEventListener('resize', onResize); };
  window.addEventListener('resize', onResize);
  requestAnimationFrame(() => paint());
}

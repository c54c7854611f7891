// Map: the places on an offline basemap (country shapes from the world-atlas npm package,
// drawn with d3-geo; no tile server). A place shows all its names and who uses them.
import type { GeometryCollection, Topology } from 'topojson-specification';
import { api, type PlaceFeature } from '../api';
import { clear, h, s } from '../dom';
import { num, t } from '../i18n';
import { href } from '../router';
import { failure, loading } from './common';

const W = 1000;
const H = 640;

export async function renderMap(root: HTMLElement, params: URLSearchParams) {
  clear(root);
  root.append(loading());
  try {
    const [places, topojson, d3, atlas] = await Promise.all([
      api.places(),
      import('topojson-client'),
      import('d3-geo'),
      import('world-atlas/countries-50m.json'),
    ]);
    clear(root);
    const world = (atlas as unknown as { default?: Topology }).default ?? (atlas as unknown as Topology);
    const countries = topojson.feature(world, world.objects.countries as GeometryCollection);
    draw(root, places.features, countries, d3, params);
  } catch (err) {
    clear(root);
    root.append(failure(err));
  }
}

const usedBy = (u: unknown): string[] => (Array.isArray(u) ? u : [u]).filter((x): x is string => typeof x === 'string' && x.length > 0);

function draw(root: HTMLElement, features: PlaceFeature[], countries: GeoJSON.FeatureCollection | GeoJSON.Feature, d3: typeof import('d3-geo'), params: URLSearchParams) {
  const located = features.filter((f) => f.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates));
  root.append(h('div', { class: 'view-head' }, h('h2', {}, t('map')), h('span', { class: 'muted' }, `${num(features.length)} ${t('place')}`)));

  // Fit the projection to where most places are (the 5th to 95th percentile, so one mention of
  // Washington does not shrink the Caucasus to a dot; pan and zoom reach the rest), with a
  // margin, never closer than ~8° across, and inside what Mercator can draw (|lat| < 85).
  let [[x0, y0], [x1, y1]] = [[40, 36], [52, 44]];
  if (located.length) {
    const range = (values: number[]): [number, number] => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
      return [at(0.05), at(0.95)];
    };
    [x0, x1] = range(located.map((f) => f.geometry!.coordinates[0]));
    [y0, y1] = range(located.map((f) => f.geometry!.coordinates[1]));
    const cx = (x0 + x1) / 2; const cy = (y0 + y1) / 2;
    const half = Math.min(60, Math.max(4, (x1 - x0) * 0.65, (y1 - y0) * 0.65));
    const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
    [x0, x1, y0, y1] = [clamp(cx - half * 1.4, 180), clamp(cx + half * 1.4, 180), clamp(cy - half, 84), clamp(cy + half, 84)];
  }
  const projection = d3.geoMercator().fitExtent([[10, 10], [W - 10, H - 10]], {
    type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[x0, y0], [x1, y1]] },
  });
  const path = d3.geoPath(projection);

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('map') }) as SVGSVGElement;
  const layer = s('g', {});
  svg.append(layer);
  layer.append(s('path', { class: 'graticule', d: path(d3.geoGraticule10()) ?? '' }));
  const countryList = 'features' in countries ? countries.features : [countries];
  const land = s('g', { class: 'countries' });
  for (const c of countryList) {
    const d = path(c);
    if (d) land.append(s('path', { class: 'country', d }, s('title', {}, String((c.properties as { name?: string } | null)?.name ?? ''))));
  }
  layer.append(land);

  const panel = h('aside', { class: 'place-panel', 'aria-live': 'polite' }, h('p', { class: 'muted' }, located.length ? t('clickPlace') : t('noPlaces')));
  const marks = s('g', { class: 'places' });
  layer.append(marks);
  const markOf = new Map<string, SVGElement>();
  let k = 1;

  const placeName = (f: PlaceFeature) => f.properties.names?.[0]?.name ?? f.properties.canonical ?? f.properties.id;
  // Labels beside their dots, moved down a line at a time until they overlap no other label.
  const boxes: [number, number, number, number][] = [];
  const labelDy = (px: number, py: number, name: string) => {
    const w = name.length * 7 + 6;
    for (const dy of [4, -12, 20, -28, 36, -44, 52, -60, 68]) {
      const box: [number, number, number, number] = [px + 9, py + dy - 12, px + 9 + w, py + dy + 3];
      if (!boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) { boxes.push(box); return dy; }
    }
    return 4;
  };
  const byLatitude = [...located].sort((a, b) => b.geometry!.coordinates[1] - a.geometry!.coordinates[1]);
  byLatitude.forEach((f) => {
    const [px, py] = projection(f.geometry!.coordinates as [number, number]) ?? [0, 0];
    const dy = labelDy(px, py, placeName(f));
    const g = s('g', { class: 'place', 'data-id': f.properties.id, transform: `translate(${px},${py})`, tabindex: 0, role: 'button' },
      s('circle', { r: 6 }),
      dy === 4 ? null : s('line', { x1: 4, y1: 0, x2: 9, y2: dy - 4, stroke: '#8a8270', 'stroke-width': 0.8 }),
      s('text', { x: 10, y: dy, 'text-anchor': 'start' }, placeName(f)),
      s('title', {}, (f.properties.names ?? []).map((n) => n.name).join(' / ')));
    g.addEventListener('click', () => select(f));
    g.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') select(f); });
    markOf.set(f.properties.id, g);
    marks.append(g);
  });

  function select(f: PlaceFeature) {
    markOf.forEach((m) => m.classList.remove('selected'));
    markOf.get(f.properties.id)?.classList.add('selected');
    history.replaceState(null, '', href('map', null, { place: f.properties.id }));
    clear(panel);
    const names = f.properties.names ?? [];
    panel.append(h('div', { class: 'place-detail', 'data-id': f.properties.id },
      h('h3', {}, placeName(f)),
      f.properties.canonical ? h('div', { class: 'muted' }, f.properties.canonical) : null,
      h('div', { class: 'muted small' }, `${num(f.properties.mentions ?? 0)} ${t('mentions')}`),
      h('h4', {}, t('names')),
      h('ul', { class: 'names' }, names.map((n) => h('li', { class: 'place-name' },
        h('strong', {}, n.name),
        n.mentions ? h('span', { class: 'muted small' }, ` (${num(n.mentions)})`) : null,
        usedBy(n.used_by).length ? h('div', { class: 'small' }, `${t('usedBy')}: ${usedBy(n.used_by).join('، ')}`) : null))),
      h('p', {}, h('a', { href: href('search', null, { entity: f.properties.id }) }, `${t('search')} →`))));
  }

  // A list of every place, those without coordinates included.
  const all = h('ol', { class: 'place-list' }, features.map((f) => h('li', {},
    h('button', { type: 'button', onclick: () => select(f) }, placeName(f)),
    f.geometry ? null : h('span', { class: 'muted small' }, ' (—)'))));

  // Zoom (wheel, double click) and pan (drag) by transforming the layer; markers keep their size.
  let tx = 0; let ty = 0;
  const apply = () => {
    layer.setAttribute('transform', `translate(${tx},${ty}) scale(${k})`);
    markOf.forEach((m) => {
      const [ox, oy] = (m.getAttribute('transform') ?? '').match(/-?[\d.]+/g)!.map(Number);
      m.setAttribute('transform', `translate(${ox},${oy}) scale(${1 / k})`);
    });
  };
  const toSvg = (e: MouseEvent) => {
    const r = svg.getBoundingClientRect();
    return [(e.clientX - r.left) * (W / r.width), (e.clientY - r.top) * (H / r.height)];
  };
  const zoomAt = (factor: number, [mx, my]: number[]) => {
    const nk = Math.min(40, Math.max(0.5, k * factor));
    tx = mx - ((mx - tx) * nk) / k; ty = my - ((my - ty) * nk) / k; k = nk;
    apply();
  };
  svg.addEventListener('wheel', (e) => { e.preventDefault(); zoomAt(e.deltaY < 0 ? 1.25 : 0.8, toSvg(e)); }, { passive: false });
  svg.addEventListener('dblclick', (e) => zoomAt(2, toSvg(e)));
  let drag: { x: number; y: number; tx: number; ty: number } | null = null;
  svg.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('.place')) return;
    const [x, y] = toSvg(e);
    drag = { x, y, tx, ty };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const [x, y] = toSvg(e);
    tx = drag.tx + x - drag.x; ty = drag.ty + y - drag.y;
    apply();
  });
  svg.addEventListener('pointerup', () => { drag = null; });

  root.append(h('div', { class: 'map-layout' }, h('div', { class: 'map-box' }, svg), h('div', {}, panel, all)));
  const wanted = params.get('place');
  const first = features.find((f) => f.properties.id === wanted);
  if (first) select(first);
}

import './style.css';
import { clear, h } from './dom';
import { applyLang, getLang, setLang, t, type Label } from './i18n';
import { href, parseRoute, type View } from './router';
import { renderClaims } from './views/claims';
import { renderMap } from './views/map';
import { renderReader } from './views/reader';
import { renderSearch } from './views/search';
import { renderTimeline } from './views/timeline';

const app = document.getElementById('app')!;
const tabs: [View, Label][] = [['timeline', 'timeline'], ['reader', 'reader'], ['claims', 'claims'], ['map', 'map']];

function header(active: View, query: string): HTMLElement {
  const input = h('input', { type: 'search', name: 'q', placeholder: t('searchPlaceholder'), 'aria-label': t('search'), dir: 'auto', value: query });
  const form = h('form', { class: 'search-form', role: 'search', onsubmit: (e: Event) => {
    e.preventDefault();
    const q = input.value.trim();
    const current = parseRoute();
    const keep = current.view === 'search' ? Object.fromEntries(current.params) : {};
    window.location.hash = href('search', null, { ...keep, q });
  } }, input, h('button', { type: 'submit' }, t('search')));
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: href('timeline') }, h('span', { class: 'logo' }, 'سند'), h('span', { class: 'tagline' }, t('tagline'))),
    h('nav', {}, tabs.map(([view, label]) => h('a', { href: href(view), class: view === active ? 'active' : '', 'aria-current': view === active ? 'page' : null, 'data-view': view }, t(label)))),
    form,
    h('button', { class: 'lang', type: 'button', onclick: () => { setLang(getLang() === 'fa' ? 'en' : 'fa'); render(); } }, t('language')));
}

function render() {
  applyLang();
  const route = parseRoute();
  clear(app);
  const main = h('main', { id: 'view', 'data-view': route.view });
  app.append(header(route.view, route.view === 'search' ? route.params.get('q') ?? '' : ''), main);
  switch (route.view) {
    case 'reader': void renderReader(main, route.arg, route.params); break;
    case 'claims': void renderClaims(main, route.params); break;
    case 'map': void renderMap(main, route.params); break;
    case 'search': void renderSearch(main, route.params); break;
    default: void renderTimeline(main, route.params);
  }
  const tab = tabs.find(([v]) => v === route.view);
  document.title = `${tab ? t(tab[1]) : t('search')} · ${t('app')}`;
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', render);
render();

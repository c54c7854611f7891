// Claims: every claim group, disputed first; each member's figure, source, via-chain and a link
// to its words. Nothing is chosen between members: they stand side by side.
import { api, type ClaimGroup } from '../api';
import { clear, h } from '../dom';
import { num, t } from '../i18n';
import { href, readerHref } from '../router';
import { failure, figureText, loading } from './common';

export async function renderClaims(root: HTMLElement, params: URLSearchParams) {
  clear(root);
  root.append(loading());
  try {
    const { groups } = await api.claims();
    clear(root);
    draw(root, groups, params);
  } catch (err) {
    clear(root);
    root.append(failure(err));
  }
}

function draw(root: HTMLElement, all: ClaimGroup[], params: URLSearchParams) {
  const onlyDisputed = params.get('disputed') === 'true';
  const groups = [...all].filter((g) => !onlyDisputed || g.disputed).sort((a, b) => Number(b.disputed) - Number(a.disputed));
  const disputedCount = all.filter((g) => g.disputed).length;
  const toggle = h('input', { type: 'checkbox', onchange: () => { window.location.hash = href('claims', null, { disputed: toggle.checked ? 'true' : null }); } });
  toggle.checked = onlyDisputed;

  root.append(h('div', { class: 'view-head' },
    h('h2', {}, t('claims')),
    h('span', { class: 'muted' }, `${num(all.length)} ${t('claimGroup')} · ${num(disputedCount)} ${t('disputed')}`),
    h('label', { class: 'toggle' }, toggle, ' ', t('onlyDisputed'))));
  if (!groups.length) { root.append(h('p', { class: 'status' }, t('noClaims'))); return; }

  const wanted = params.get('group');
  const table = h('table', { class: 'claims' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, t('about')), h('th', {}, t('members')), h('th', {}, t('reasons')))));
  const body = h('tbody', {});
  table.append(body);
  for (const g of groups) {
    const key = `${g.doc ?? ''}:${g.id}`;
    const membersRow = h('tr', { class: 'members-row', hidden: true },
      h('td', { colspan: 4 }, membersTable(g)));
    const button = h('button', { class: 'expand', 'aria-expanded': 'false', 'aria-label': `${t('members')}: ${g.about}` }, closedArrow());
    const open = (yes: boolean) => {
      membersRow.hidden = !yes;
      button.setAttribute('aria-expanded', String(yes));
      button.textContent = yes ? '▾' : closedArrow();
      groupRow.classList.toggle('open', yes);
    };
    const groupRow = h('tr', { class: `group ${g.disputed ? 'disputed' : ''}`, 'data-group': key, onclick: () => open(membersRow.hidden) },
      h('td', {}, button),
      h('td', {}, h('span', { class: `badge ${g.disputed ? 'disputed' : 'agreed'}` }, g.disputed ? t('disputed') : t('agreed')), ' ', h('span', { class: 'about' }, g.about),
        g.doc_title ? h('div', { class: 'muted small' }, g.doc_title) : null),
      h('td', { class: 'figures' }, g.members.map((m) => h('span', { class: 'fig' }, figureText(m.low, m.high, num)))),
      h('td', { class: 'muted small' }, (g.reasons ?? []).join('؛ ')));
    body.append(groupRow, membersRow);
    if (wanted && (wanted === g.id || wanted === key)) { open(true); requestAnimationFrame(() => groupRow.scrollIntoView({ block: 'center' })); }
  }
  root.append(table);
}

function membersTable(g: ClaimGroup): HTMLElement {
  return h('table', { class: 'members' },
    h('thead', {}, h('tr', {}, h('th', {}, t('figure')), h('th', {}, t('source')), h('th', {}, t('via')), h('th', {}, t('words')))),
    h('tbody', {}, g.members.map((m) => h('tr', { class: 'member' },
      h('td', { class: 'fig' }, figureText(m.low, m.high, num)),
      h('td', { class: 'source' }, m.source ?? t('author')),
      h('td', {}, h('span', { class: 'via' }, m.via ?? '—')),
      h('td', { class: 'words' },
        m.sentence?.text ? h('span', { class: 'quote' }, `«${m.sentence.text.trim()}»`) : m.text ? h('span', { class: 'quote' }, `«${m.text}»`) : null, ' ',
        g.doc ? h('a', { href: readerHref(g.doc, m.start, m.end, m.annotation) }, t('openWords')) : null)))));
}

/** The closed-row arrow points along the reading direction. */
const closedArrow = () => (document.documentElement.dir === 'rtl' ? '◂' : '▸');

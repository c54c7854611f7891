import { clear, h } from '../dom';
export async function renderSearch(root: HTMLElement, _params: URLSearchParams) { clear(root); root.append(h('p', {}, 'search')); }

import { clear, h } from '../dom';
export async function renderMap(root: HTMLElement, _params: URLSearchParams) { clear(root); root.append(h('p', {}, 'map')); }

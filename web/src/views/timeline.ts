import { clear, h } from '../dom';
export async function renderTimeline(root: HTMLElement, _params: URLSearchParams) { clear(root); root.append(h('p', {}, 'timeline')); }

import { h } from '../dom';
import { t } from '../i18n';

export const loading = () => h('p', { class: 'status' }, t('loading'));
export const failure = (err: unknown) => h('p', { class: 'status error', role: 'alert' }, `${t('error')}: ${err instanceof Error ? err.message : String(err)}`);

/** A figure as a range: «۳٬۰۰۰–۱۰٬۰۰۰». */
export function figureText(low: number | null | undefined, high: number | null | undefined, num: (n: number) => string): string {
  if (low == null && high == null) return '—';
  if (low != null && high != null && low !== high) return `${num(low)}–${num(high)}`;
  if (low != null && high == null) return `≥ ${num(low)}`;
  if (low == null && high != null) return `≤ ${num(high)}`;
  return num((low ?? high) as number);
}

// Dates as the API gives them: ISO 8601 with astronomical year numbering ("-0859-01-01" is
// 860 BCE), proleptic Gregorian. The Solar Hijri equivalent is computed with the browser's ICU
// (Intl's persian calendar), not with home-made tables.
import { getLang, t, yearNum } from './i18n';

export interface Ymd { year: number; month: number; day: number }

const ISO = /^([+-]?\d{1,6})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/;

/** Parses "YYYY-MM-DD" (year may be negative or longer than 4 digits); null if it is not a date. */
export function parseIso(iso: string | null | undefined): Ymd | null {
  if (!iso) return null;
  const m = ISO.exec(iso.trim());
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : 1, day: m[3] ? Number(m[3]) : 1 };
}

/** A JS Date at UTC midnight; works for years below 100 and negative years. */
export function toDate(d: Ymd): Date {
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(d.year, d.month - 1, d.day);
  return date;
}

const cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/** The date as a fractional year (the timeline's axis). */
export function fractionalYear(iso: string): number | null {
  const d = parseIso(iso);
  if (!d) return null;
  return d.year + (cumulative[Math.min(11, Math.max(0, d.month - 1))] + d.day - 0.5) / 365.25;
}

/** An astronomical year as people write it: 0 is 1 BCE, -859 is 860 BCE. */
export function yearLabel(year: number): string {
  if (year <= 0) return `${yearNum(1 - year)} ${t('bce')}`;
  return yearNum(year);
}

const gregorianMonths = {
  fa: ['ژانویه', 'فوریه', 'مارس', 'آوریل', 'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر', 'نوامبر', 'دسامبر'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

function isWholeYear(a: Ymd, b: Ymd) {
  return a.month === 1 && a.day === 1 && b.month === 12 && b.day === 31;
}
function isWholeMonth(a: Ymd, b: Ymd) {
  if (a.year !== b.year || a.month !== b.month || a.day !== 1) return false;
  const last = new Date(Date.UTC(2001, b.month, 0)).getUTCDate() + (b.month === 2 ? 1 : 0);
  return b.day >= last - 1;
}

function gregorianDay(d: Ymd): string {
  const months = gregorianMonths[getLang()];
  return `${yearNum(d.day)} ${months[d.month - 1]} ${yearLabel(d.year)}`;
}

/** The interval start..end (inclusive) in the proleptic Gregorian calendar, as short as it can be said. */
export function formatGregorian(start: string, end?: string | null): string {
  const a = parseIso(start);
  const b = parseIso(end ?? start) ?? a;
  if (!a || !b) return start;
  if (isWholeYear(a, b)) return a.year === b.year ? yearLabel(a.year) : `${yearLabel(a.year)} – ${yearLabel(b.year)}`;
  if (isWholeMonth(a, b)) return `${gregorianMonths[getLang()][a.month - 1]} ${yearLabel(a.year)}`;
  if (a.year === b.year && a.month === b.month && a.day === b.day) return gregorianDay(a);
  return `${gregorianDay(a)} – ${gregorianDay(b)}`;
}

let persianParts: Intl.DateTimeFormat | null = null;
/** The Solar Hijri (persian calendar) date of a Gregorian date, from Intl; null if unavailable. */
export function toSolarHijri(d: Ymd): Ymd | null {
  try {
    persianParts ??= new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric', era: 'short' });
    const parts = persianParts.formatToParts(toDate(d));
    const get = (type: string) => parts.find((p) => p.type === type)?.value;
    let year = Number(get('year') ?? get('relatedYear'));
    const era = get('era') ?? '';
    if (/^(B|before)/i.test(era)) year = 1 - year;
    const month = Number(get('month'));
    const day = Number(get('day'));
    if (!Number.isFinite(year) || !Number.isFinite(month) || !Number.isFinite(day)) return null;
    return { year, month, day };
  } catch {
    return null;
  }
}

const solarMonths = {
  fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
  en: ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'],
};
const solarYear = (y: number) => (y <= 0 ? `${yearNum(1 - y)} ${getLang() === 'fa' ? 'پیش از هجرت' : 'BH'}` : `${yearNum(y)} ${getLang() === 'fa' ? 'ش' : 'SH'}`);

/** The same interval in the Solar Hijri calendar: a year range for whole years, else days. */
export function formatSolarHijri(start: string, end?: string | null): string {
  const a = parseIso(start);
  const b = parseIso(end ?? start) ?? a;
  if (!a || !b) return '';
  const sa = toSolarHijri(a);
  const sb = toSolarHijri(b);
  if (!sa || !sb) return '';
  const months = solarMonths[getLang()];
  if (isWholeYear(a, b)) {
    // A Gregorian year straddles two Solar Hijri years.
    return sa.year === sb.year ? solarYear(sa.year) : `${solarYear(sa.year)} – ${solarYear(sb.year)}`;
  }
  const day = (d: Ymd) => `${yearNum(d.day)} ${months[d.month - 1]} ${solarYear(d.year)}`;
  if (a.year === b.year && a.month === b.month && a.day === b.day) return day(sa);
  return `${day(sa)} – ${day(sb)}`;
}

/** A Solar Hijri interval given as Solar Hijri ISO dates (the server's `solar_hijri`). */
export function formatSolarIso(start: string, end?: string | null, granularity?: string | null): string {
  const a = parseIso(start);
  const b = parseIso(end ?? start) ?? a;
  if (!a || !b) return '';
  const months = solarMonths[getLang()];
  if (granularity && /^(year|decade|century|millennium)$/.test(granularity)) {
    // A Gregorian year (or longer) straddles Solar Hijri years: say which years, not which days.
    return a.year === b.year ? solarYear(a.year) : `${solarYear(a.year)} – ${solarYear(b.year)}`;
  }
  if (a.month === 1 && a.day === 1 && b.month === 12 && b.day >= 29) {
    return a.year === b.year ? solarYear(a.year) : `${solarYear(a.year)} – ${solarYear(b.year)}`;
  }
  const day = (d: Ymd) => `${yearNum(d.day)} ${months[d.month - 1]} ${solarYear(d.year)}`;
  if (a.year === b.year && a.month === b.month && a.day === b.day) return day(a);
  if (a.year === b.year && a.month === b.month && a.day === 1 && b.day >= 29) return `${months[a.month - 1]} ${solarYear(a.year)}`;
  return `${day(a)} – ${day(b)}`;
}

/** A server-provided Solar Hijri value ({start,end} or a string), else our own computation. */
export function solarHijriText(provided: unknown, start: string, end?: string | null): string {
  if (typeof provided === 'string' && provided) return provided;
  if (provided && typeof provided === 'object') {
    const p = provided as Record<string, unknown>;
    if (typeof p.text === 'string') return p.text;
  }
  return formatSolarHijri(start, end);
}

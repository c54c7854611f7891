// Labels in Persian (the default) and English. The page's own chrome follows the language; the
// documents' text is always shown right-to-left.

const labels = {
  app: ['سند', 'sanad'],
  tagline: ['خط زمانی مستند', 'evidence-tracked timeline'],
  reader: ['متن', 'Reader'],
  timeline: ['خط زمانی', 'Timeline'],
  claims: ['ادعاها', 'Claims'],
  map: ['نقشه', 'Map'],
  search: ['جستجو', 'Search'],
  searchPlaceholder: ['جستجو در اسناد… (مثلاً قره‌باغ)', 'Search the documents… (e.g. قره‌باغ)'],
  language: ['English', 'فارسی'],
  loading: ['در حال بارگذاری…', 'Loading…'],
  error: ['خطا', 'Error'],
  document: ['سند', 'Document'],
  documents: ['اسناد', 'Documents'],
  date: ['تاریخ', 'Date'],
  quantity: ['رقم', 'Figure'],
  entity: ['نام', 'Entity'],
  attribution: ['انتساب', 'Attribution'],
  kinds: ['نوع', 'Kind'],
  allKinds: ['همه', 'All'],
  gregorian: ['میلادی', 'Gregorian'],
  solarHijri: ['هجری شمسی', 'Solar Hijri'],
  lunarHijri: ['هجری قمری', 'Lunar Hijri'],
  calendar: ['تقویم متن', 'Calendar of the text'],
  granularity: ['دقت', 'Granularity'],
  original: ['متن اصلی', 'Original words'],
  inferred: ['استنباطی', 'inferred'],
  yearFromContext: ['سال از بافت', 'year from context'],
  value: ['مقدار', 'Value'],
  unit: ['واحد', 'Unit'],
  measure: ['سنجه', 'Measure'],
  approx: ['تقریبی', 'approximate'],
  vague: ['مبهم', 'vague'],
  type: ['گونه', 'Type'],
  canonical: ['نام مرجع', 'Canonical name'],
  otherNames: ['نام‌های دیگر', 'Other names'],
  usedBy: ['به کار رفته نزد', 'used by'],
  source: ['منبع', 'Source'],
  cue: ['فعل گزارش', 'Cue'],
  via: ['به نقل از', 'Via'],
  stance: ['موضع', 'Stance'],
  quote: ['نقل قول', 'quotation'],
  claim: ['ادعا', 'Claim'],
  claimGroup: ['گروه ادعا', 'claim groups'],
  disputed: ['مورد اختلاف', 'disputed'],
  agreed: ['بدون اختلاف', 'not disputed'],
  members: ['اعضا', 'Members'],
  figure: ['رقم', 'Figure'],
  words: ['واژه‌ها', 'Words'],
  openWords: ['نمایش در متن', 'Show in the text'],
  reasons: ['دلیل', 'Why'],
  about: ['درباره', 'About'],
  onlyDisputed: ['فقط موارد اختلافی', 'Disputed only'],
  noClaims: ['ادعایی یافت نشد.', 'No claim groups.'],
  noEvents: ['رویدادی یافت نشد.', 'No dated events.'],
  noHits: ['نتیجه‌ای یافت نشد.', 'No hits.'],
  hits: ['نتیجه', 'hits'],
  events: ['رویداد', 'events'],
  zoomIn: ['بزرگ‌نمایی', 'Zoom in'],
  zoomOut: ['کوچک‌نمایی', 'Zoom out'],
  reset: ['همه', 'All'],
  modern: ['۱۸۰۰ تا امروز', '1800–today'],
  timelineHelp: ['چرخ موس یا دکمه‌ها برای بزرگ‌نمایی، کشیدن برای جابه‌جایی، کلیک روی خوشه برای بزرگ‌نمایی آن و کلیک روی رویداد برای خواندن جمله.', 'Wheel or buttons to zoom, drag to pan, click a cluster to zoom into it, click an event to read its sentence.'],
  visible: ['در بازهٔ دیدنی', 'in view'],
  entities: ['نام‌ها', 'Entities'],
  from: ['از سال', 'From year'],
  to: ['تا سال', 'To year'],
  apply: ['اعمال', 'Apply'],
  anyEntity: ['هر نامی', 'Any entity'],
  place: ['مکان', 'Place'],
  names: ['نام‌ها', 'Names'],
  mentions: ['بار ذکر', 'mentions'],
  clickPlace: ['روی یک مکان کلیک کنید تا همهٔ نام‌هایش را ببینید.', 'Click a place to see all its names.'],
  noPlaces: ['مکانی با مختصات یافت نشد.', 'No places with coordinates.'],
  details: ['جزئیات', 'Details'],
  clickHighlight: ['روی یک واژهٔ برجسته کلیک کنید.', 'Click a highlighted span.'],
  noDocuments: ['سندی در انبار نیست.', 'The store holds no documents.'],
  score: ['امتیاز', 'score'],
  inClaims: ['در گروه‌های ادعا', 'In claim groups'],
  bce: ['ق.م', 'BCE'],
  author: ['نویسنده', 'the author'],
} as const;

export type Label = keyof typeof labels;
export type Lang = 'fa' | 'en';

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('sanad.lang');
let lang: Lang = stored === 'en' ? 'en' : 'fa';

export const getLang = (): Lang => lang;
export function setLang(next: Lang) {
  lang = next;
  if (typeof localStorage !== 'undefined') localStorage.setItem('sanad.lang', next);
  applyLang();
}
export function applyLang() {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
}
export const t = (key: Label): string => labels[key][lang === 'fa' ? 0 : 1];

const faNumber = new Intl.NumberFormat('fa-IR', { useGrouping: true });
const faYear = new Intl.NumberFormat('fa-IR', { useGrouping: false });
/** A number in the page's language (Persian digits in Persian). */
export const num = (n: number): string => (lang === 'fa' ? faNumber.format(n) : n.toLocaleString('en-US'));
/** A year, without grouping. */
export const yearNum = (n: number): string => (lang === 'fa' ? faYear.format(n) : String(n));
/** A translated kind name, or the kind itself. */
export const kindLabel = (kind: string): string => (kind in labels ? t(kind as Label) : kind);

import { describe, expect, it } from 'vitest';
import { formatGregorian, formatSolarIso, fractionalYear, parseIso, toSolarHijri, yearLabel } from '../src/calendar';
import { setLang } from '../src/i18n';

describe('calendar', () => {
  it('parses astronomical ISO years, BCE included', () => {
    expect(parseIso('-0859-01-01')).toEqual({ year: -859, month: 1, day: 1 });
    expect(parseIso('1988-02-27')).toEqual({ year: 1988, month: 2, day: 27 });
    expect(parseIso('nope')).toBeNull();
  });
  it('places dates on a fractional-year axis', () => {
    expect(fractionalYear('1988-01-01')!).toBeCloseTo(1988.0014, 3);
    expect(fractionalYear('-0859-12-31')!).toBeLessThan(-858);
  });
  it('says BCE years as people count them (no year 0)', () => {
    setLang('en');
    expect(yearLabel(-859)).toBe('860 BCE');
    expect(yearLabel(0)).toBe('1 BCE');
    expect(formatGregorian('-0859-01-01', '-0589-12-31')).toBe('860 BCE – 590 BCE');
    expect(formatGregorian('1988-01-01', '1988-12-31')).toBe('1988');
    expect(formatGregorian('1988-02-27', '1988-02-27')).toBe('27 Feb 1988');
  });
  it('converts to the Solar Hijri calendar with ICU', () => {
    expect(toSolarHijri({ year: 2020, month: 10, day: 29 })).toEqual({ year: 1399, month: 8, day: 8 });
    expect(toSolarHijri({ year: 1988, month: 2, day: 27 })).toEqual({ year: 1366, month: 12, day: 8 });
  });
  it('formats server-given Solar Hijri intervals', () => {
    setLang('en');
    expect(formatSolarIso('1366-10-11', '1367-10-10', 'year')).toBe('1366 SH – 1367 SH');
    expect(formatSolarIso('1399-08-08', '1399-08-08', 'day')).toBe('8 Aban 1399 SH');
    setLang('fa');
    expect(formatSolarIso('1399-08-08', '1399-08-08', 'day')).toBe('۸ آبان ۱۳۹۹ ش');
  });
});

import { describe, expect, it } from 'vitest';
import { ByteIndex, segments } from '../src/offsets';

describe('ByteIndex', () => {
  it('maps UTF-8 byte offsets of Persian text to UTF-16 indices', () => {
    const text = 'در سال ۱۹۸۸ میلادی در قره‌باغ';
    const enc = new TextEncoder();
    const idx = new ByteIndex(text);
    expect(idx.byteLength).toBe(enc.encode(text).length);
    const at = text.indexOf('۱۹۸۸');
    const startByte = enc.encode(text.slice(0, at)).length;
    const endByte = startByte + enc.encode('۱۹۸۸').length;
    expect(idx.slice(startByte, endByte)).toBe('۱۹۸۸');
  });
  it('handles astral characters and mixed widths', () => {
    const text = 'a😀é—ب';
    const enc = new TextEncoder();
    const idx = new ByteIndex(text);
    for (let i = 0; i <= text.length; i++) {
      if (i === 2) continue; // inside the surrogate pair
      expect(idx.toIndex(enc.encode(text.slice(0, i)).length)).toBe(i);
    }
  });
  it('clamps offsets outside the text', () => {
    const idx = new ByteIndex('ab');
    expect(idx.toIndex(-5)).toBe(0);
    expect(idx.toIndex(99)).toBe(2);
  });
});

describe('segments', () => {
  it('cuts at every boundary and keeps overlapping ranges', () => {
    const segs = segments(10, [{ start: 2, end: 6, id: 0 }, { start: 4, end: 8, id: 1 }]);
    expect(segs.map((s) => [s.start, s.end, s.covering])).toEqual([
      [0, 2, []], [2, 4, [0]], [4, 6, [0, 1]], [6, 8, [1]], [8, 10, []],
    ]);
  });
  it('drops empty ranges', () => {
    expect(segments(3, [{ start: 2, end: 2, id: 0 }])).toEqual([{ start: 0, end: 3, covering: [] }]);
  });
});

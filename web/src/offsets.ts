// The API's annotation offsets are UTF-8 BYTE offsets into the original text (the `sanad extract`
// contract); the DOM wants UTF-16 indices. A byte→index table is built once per document.

/** Maps UTF-8 byte offsets of `text` to UTF-16 indices (a byte inside a character maps to its start). */
export class ByteIndex {
  private readonly table: Uint32Array;
  readonly byteLength: number;

  constructor(readonly text: string) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { bytes += 4; i++; }
      else bytes += 3;
    }
    this.byteLength = bytes;
    this.table = new Uint32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let width = 3;
      let units = 1;
      if (c < 0x80) width = 1;
      else if (c < 0x800) width = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { width = 4; units = 2; }
      for (let k = 0; k < width; k++) this.table[b + k] = i;
      b += width;
      i += units - 1;
    }
    this.table[bytes] = text.length;
  }

  /** The UTF-16 index of a byte offset, clamped into the text. */
  toIndex(byte: number): number {
    if (!Number.isFinite(byte) || byte <= 0) return 0;
    if (byte >= this.byteLength) return this.text.length;
    return this.table[Math.floor(byte)];
  }

  /** The text between two byte offsets. */
  slice(startByte: number, endByte: number): string {
    return this.text.slice(this.toIndex(startByte), this.toIndex(endByte));
  }
}

export interface Range { start: number; end: number; id: number }
export interface Segment { start: number; end: number; covering: number[] }

/**
 * Cuts [0, length) at every range boundary; each segment lists the ranges covering it, so
 * overlapping and nested annotations all stay visible. Empty or inverted ranges are dropped.
 */
export function segments(length: number, ranges: Range[]): Segment[] {
  const cuts = new Set<number>([0, length]);
  const valid = ranges.filter((r) => r.end > r.start && r.start < length && r.end > 0);
  for (const r of valid) {
    cuts.add(Math.max(0, r.start));
    cuts.add(Math.min(length, r.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const starts = [...valid].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let open: Range[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (next < starts.length && starts[next].start <= a) open.push(starts[next++]);
    open = open.filter((r) => r.end > a);
    out.push({ start: a, end: b, covering: open.map((r) => r.id) });
  }
  return out;
}

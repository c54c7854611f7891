import { describe, expect, it } from 'vitest';
import { markedPieces } from '../src/views/search';

describe('markedPieces', () => {
  it('splits on <mark> and decodes entities without parsing HTML', () => {
    expect(markedPieces('a &lt;script&gt; <mark>قره باغ</mark> &amp; b')).toEqual([
      { text: 'a <script> ', marked: false },
      { text: 'قره باغ', marked: true },
      { text: ' & b', marked: false },
    ]);
  });
});

// The lexicon's table as the build script makes it: this file is `include!`d both by `build.rs`
// (which runs `build_table` at compile time and writes the slots as bytes into OUT_DIR) and by
// `lexicon.rs` (which reads those bytes, and whose tests rebuild the table here to check them).
// One copy of the hash, the slot layout and the build, so the two cannot drift apart.

pub(crate) const ZWNJ: char = '\u{200C}';

/// A whole word of the lexicon: never split.
pub(crate) const WHOLE: u8 = 1;
/// The second part of some ZWNJ compound of the lexicon («لرزه» of «زمین‌لرزه»).
pub(crate) const HEAD: u8 = 2;
/// A second part that recurs in many compounds («تبار», «نشین»): glued words ending in it split.
pub(crate) const PRODUCTIVE_HEAD: u8 = 4;
/// A verb form that takes «می»/«نمی» before it.
pub(crate) const VERB_FORM: u8 = 8;
/// A suffix written with a half-space after any word («ها», «ترین»).
pub(crate) const SUFFIX: u8 = 16;
/// A suffix written with a half-space after a word ending in «ه» («ای», «اند»).
pub(crate) const SUFFIX_AFTER_HEH: u8 = 32;
/// «می», «نمی».
pub(crate) const PREFIX: u8 = 64;
/// The first part of a two-part ZWNJ compound of the lexicon («زمین» of «زمین‌لرزه»).
pub(crate) const FIRST: u8 = 128;

/// A hash of a byte string: 8 bytes at a time, each folded in with a 64×64→128-bit multiply.
/// Good enough for open addressing with linear probing, and a few nanoseconds for a word.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = fold_mul(h ^ u64::from_le_bytes(c.try_into().expect("8 bytes")), K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = fold_mul(h ^ u64::from_le_bytes(buf), K);
    }
    fold_mul(h, 0xD6E8_FEB8_6659_FD93)
}

#[inline]
pub(crate) fn fold_mul(a: u64, b: u64) -> u64 {
    let r = (a as u128) * (b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

/// Bits of the Bloom filter of the lexicon's lines with a half-space (see `Lexicon::compounds`).
pub(crate) const COMPOUND_BITS: usize = 1 << 18;

/// The filter's bit of a key of hash `h`; bit `b` is bit `b % 8` of byte `b / 8`.
#[inline]
pub(crate) fn compound_bit(h: u64) -> usize {
    (h >> (64 - COMPOUND_BITS.trailing_zeros())) as usize
}

/// The index, in the table of short words, of a word of one or two letters of the Arabic block
/// (`first * 256 + second`, second = 0xFF for one letter). The letter index is
/// `chars::arabic_index`, written out here because the build script has no `chars`.
#[inline]
pub(crate) fn short_index(b: &[u8]) -> Option<usize> {
    let lead = |x: u8| (0xD8..=0xDB).contains(&x);
    let letter = |b0: u8, b1: u8| ((((b0 & 0x1F) as usize) << 6) | (b1 & 0x3F) as usize) - 0x600;
    match b.len() {
        2 if lead(b[0]) => Some(letter(b[0], b[1]) * 256 + 0xFF),
        4 if lead(b[0]) && lead(b[2]) => Some(letter(b[0], b[1]) * 256 + letter(b[2], b[3])),
        _ => None,
    }
}

/// One key of the table: 16 bytes (little-endian in the compiled table), the key itself kept
/// elsewhere.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct KeySlot {
    /// Low 32 bits of the key's hash: most mismatches are rejected without reading the key.
    pub(crate) tag: u32,
    /// Where the key's bytes are: below `LEXICON.len()` an offset in `LEXICON` (most keys are
    /// lines of it, used in place), else `LEXICON.len()` + an offset in the `extra` keys.
    /// `u32::MAX`: an empty slot.
    pub(crate) key: u32,
    pub(crate) len: u16,
    pub(crate) flags: u8,
    pub(crate) weight: u8,
    /// 1 + index in the `joined` list, or 0.
    pub(crate) joined: u32,
}

pub(crate) const SLOT_BYTES: usize = 16;

pub(crate) const EMPTY_SLOT: KeySlot =
    KeySlot { tag: 0, key: u32::MAX, len: 0, flags: 0, weight: 0, joined: 0 };

impl KeySlot {
    pub(crate) fn to_bytes(self) -> [u8; SLOT_BYTES] {
        let mut b = [0u8; SLOT_BYTES];
        b[0..4].copy_from_slice(&self.tag.to_le_bytes());
        b[4..8].copy_from_slice(&self.key.to_le_bytes());
        b[8..10].copy_from_slice(&self.len.to_le_bytes());
        b[10] = self.flags;
        b[11] = self.weight;
        b[12..16].copy_from_slice(&self.joined.to_le_bytes());
        b
    }

    #[inline]
    pub(crate) fn from_bytes(b: &[u8; SLOT_BYTES]) -> KeySlot {
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        KeySlot {
            tag: u32_at(0),
            key: u32_at(4),
            len: u16::from_le_bytes([b[8], b[9]]),
            flags: b[10],
            weight: b[11],
            joined: u32_at(12),
        }
    }
}

/// The table as built: written out by the build script, compared with the compiled one by the
/// tests.
pub(crate) struct BuiltTable {
    /// Power-of-two many slots, linear probing from the top bits of the hash.
    pub(crate) slots: Vec<KeySlot>,
    /// Keys that are not slices of the lexicon (half-space-free forms, verb forms, affixes).
    pub(crate) extra: String,
    /// The words with half-spaces of the glued keys: (offset, length) in the lexicon.
    pub(crate) joined: Vec<(u32, u32)>,
    /// The Bloom filter of the lexicon's lines with a half-space, `COMPOUND_BITS` bits.
    pub(crate) compounds: Vec<u64>,
}

impl BuiltTable {
    /// The key of slot `s`, `lexicon` being the text the table was built from.
    pub(crate) fn key<'a>(&'a self, lexicon: &'a str, s: &KeySlot) -> &'a [u8] {
        let (at, len) = (s.key as usize, s.len as usize);
        match at.checked_sub(lexicon.len()) {
            None => &lexicon.as_bytes()[at..at + len],
            Some(x) => &self.extra.as_bytes()[x..x + len],
        }
    }

    /// The slot of the key `key` of hash `h`, or the empty slot where it would go.
    fn find(&self, lexicon: &str, key: &[u8], h: u64, shift: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (h >> shift) as usize;
        loop {
            let s = &self.slots[i];
            if s.key == u32::MAX
                || (s.tag == h as u32 && s.len as usize == key.len() && self.key(lexicon, s) == key)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The table of short words (see [`short_index`]): their affix flags.
    pub(crate) fn short_flags(&self, lexicon: &str) -> Vec<u8> {
        let mut t = vec![0u8; 256 * 256];
        for s in self.slots.iter().filter(|s| s.key != u32::MAX) {
            if let Some(i) = short_index(self.key(lexicon, s)) {
                t[i] = s.flags & (PREFIX | SUFFIX | SUFFIX_AFTER_HEH);
            }
        }
        t
    }
}

/// The keys of the table as they are added (a key may be added several times, its flags
/// merged), put into the table all at once by [`TableBuilder::finish`].
struct TableBuilder<'a> {
    lexicon: &'a str,
    adds: Vec<KeySlot>,
    extra: String,
    joined: Vec<(u32, u32)>,
}

impl<'a> TableBuilder<'a> {
    /// Add `key` with `flag` (what the lexicon's old hash map did with `entry().or_default()`:
    /// flags OR-ed, the heaviest weight, the first `joined`, a slice of the lexicon).
    fn add(&mut self, key: &str, flag: u8, joined: Option<&str>, weight: u8) {
        let lexicon = self.lexicon.as_bytes().as_ptr_range();
        let at = if lexicon.contains(&key.as_ptr()) {
            key.as_ptr() as usize - lexicon.start as usize
        } else {
            self.extra.push_str(key);
            self.lexicon.len() + self.extra.len() - key.len()
        };
        let joined = joined.map_or(0, |j| {
            let at = j.as_ptr() as usize - lexicon.start as usize;
            self.joined.push((at as u32, j.len() as u32));
            self.joined.len() as u32
        });
        self.adds.push(KeySlot {
            tag: 0, // set by `finish`
            key: u32::try_from(at).expect("lexicon under 4 GiB"),
            len: u16::try_from(key.len()).expect("lexicon keys under 64 KiB"),
            flags: flag,
            weight,
            joined,
        });
    }

    /// The table. The adds go in by home slot (a stable counting sort on the slot's top bits,
    /// 256 slots = 4 KiB per bucket), so the inserts walk the table page by page.
    fn finish(self, compounds: Vec<u64>) -> BuiltTable {
        let TableBuilder { lexicon, adds, extra, joined } = self;
        let cap = (adds.len() * 3 / 2).next_power_of_two().max(1024);
        let shift = 64 - cap.trailing_zeros();
        let mut table = BuiltTable { slots: vec![EMPTY_SLOT; cap], extra, joined, compounds };
        let hashes: Vec<u64> = adds.iter().map(|a| hash_bytes(table.key(lexicon, a))).collect();
        let bucket_shift = shift + 8;
        let buckets = cap >> 8;
        let mut start = vec![0u32; buckets + 1];
        for &h in &hashes {
            start[(h >> bucket_shift) as usize + 1] += 1;
        }
        for b in 1..=buckets {
            start[b] += start[b - 1];
        }
        let mut sorted = vec![(0u64, EMPTY_SLOT); adds.len()];
        for (a, &h) in adds.iter().zip(&hashes) {
            let b = (h >> bucket_shift) as usize;
            sorted[start[b] as usize] = (h, *a);
            start[b] += 1;
        }
        drop(adds);
        for (h, a) in sorted {
            let i = table.find(lexicon, table.key(lexicon, &a), h, shift);
            let s = &mut table.slots[i];
            if s.key == u32::MAX {
                *s = KeySlot { tag: h as u32, ..a };
                continue;
            }
            s.flags |= a.flags;
            s.weight = s.weight.max(a.weight);
            if s.joined == 0 {
                s.joined = a.joined;
            }
        }
        table
    }
}

/// The lines of `affixes.tsv` that are not comments: (class, form).
pub(crate) fn affix_lines(affixes: &str) -> impl Iterator<Item = (&str, &str)> {
    affixes
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| line.split_once('\t').unwrap_or((line, "")))
}

/// The whole table from the texts of `data/text/`: about 215 000 keys, the lines, the glued
/// forms of those with half-spaces and their parts, and the verb forms.
pub(crate) fn build_table(
    lexicon: &str,
    verb_stems: &str,
    compound_heads: &str,
    affixes: &str,
) -> BuiltTable {
    let mut table = TableBuilder { lexicon, adds: Vec::new(), extra: String::new(), joined: Vec::new() };
    let mut compounds = vec![0u64; COMPOUND_BITS / 64];
    table.adds.reserve(lexicon.len() / 10);
    let mut glued = String::new();
    // One pass over the bytes (what `lines()` + `split_once('\t')` + `contains(ZWNJ)` did
    // in three): a ZWNJ's UTF-8 starts with 0xE2, which no Persian letter has.
    let bytes = lexicon.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let (mut tab, mut maybe_zwnj) = (None, false);
        while at < bytes.len() && bytes[at] != b'\n' {
            match bytes[at] {
                b'\t' if tab.is_none() => tab = Some(at),
                0xE2 if tab.is_none() => maybe_zwnj = true,
                _ => {}
            }
            at += 1;
        }
        let line = lexicon[start..at].strip_suffix('\r').unwrap_or(&lexicon[start..at]);
        at += 1;
        if line.is_empty() {
            continue;
        }
        let (word, weight) = match tab {
            Some(t) if t - start < line.len() => (&lexicon[start..t], &line[t - start + 1..]),
            _ => (line, "0"),
        };
        let weight = weight.parse().unwrap_or(0);
        table.add(word, WHOLE, None, weight);
        if maybe_zwnj && word.contains(ZWNJ) {
            let bit = compound_bit(hash_bytes(word.as_bytes()));
            compounds[bit / 64] |= 1 << (bit % 64);
            glued.clear();
            glued.extend(word.chars().filter(|&c| c != ZWNJ));
            table.add(&glued, 0, Some(word), 0);
            if let Some((first, head)) = word.rsplit_once(ZWNJ) {
                table.add(head, HEAD, None, 0);
                if !first.contains(ZWNJ) {
                    table.add(first, FIRST, None, 0);
                }
            }
        }
    }
    for head in compound_heads.lines().filter(|w| !w.is_empty()) {
        table.add(head, PRODUCTIVE_HEAD, None, 0);
    }
    let (mut past, mut present) = (vec![], vec![]);
    for (class, form) in affix_lines(affixes) {
        match class {
            "prefix" => table.add(form, PREFIX, None, 0),
            "suffix" => table.add(form, SUFFIX, None, 0),
            "suffix-after-heh" => table.add(form, SUFFIX_AFTER_HEH, None, 0),
            "tail" => {}
            "past-ending" => past.push(form),
            "present-ending" => present.push(form),
            other => panic!("affixes.tsv: unknown class {other:?}"),
        }
    }
    let mut form = String::new();
    for line in verb_stems.lines() {
        let (past_stem, present_stem) = line.split_once('\t').unwrap_or((line, ""));
        let mut forms = |stem: &str, endings: &[&str]| {
            for ending in endings {
                form.clear();
                form.push_str(stem);
                form.push_str(ending);
                table.add(&form, VERB_FORM, None, 0);
            }
        };
        if !past_stem.is_empty() {
            forms(past_stem, &past);
        }
        if !present_stem.is_empty() {
            forms(present_stem, &present);
            if present_stem.ends_with(['ا', 'و', 'آ']) {
                forms(&format!("{present_stem}ی"), &present);
            }
        }
    }
    table.finish(compounds)
}

//! The edges of a char trie laid out for fast walking, shared by the phrase lexicons of the
//! extractors (dates, figures), which walk their trie along the text one char at a time instead
//! of hashing every token and every phrase candidate.
//!
//! Chars are replaced by their *class*, their place in the alphabet of the phrases (0 for every
//! char no phrase has), so a step compares bytes. Node `k`'s children are a short sorted slice of
//! `(class, child)` pairs kept apart from the lexicon's (large) nodes, so a walk touches few
//! cache lines; nodes with many children (the root, common first letters) also get a dense row
//! indexed by class, where a step is one load.
//!
//! ```
//! use sanad_text::TrieEdges;
//! // node 0 is the root; "ab" and "ac": 0 -a-> 1, 1 -b-> 2, 1 -c-> 3
//! let edges = TrieEdges::new(vec![vec![('a', 1)], vec![('b', 2), ('c', 3)], vec![], vec![]], 6, "example");
//! assert_eq!(edges.step(0, 'a'), Some(1));
//! assert_eq!(edges.step(1, 'c'), Some(3));
//! assert_eq!(edges.step(1, 'x'), None);
//! assert_eq!(edges.class_of('x'), 0);
//! ```

/// The edges of a char trie (see the module docs).
#[derive(Debug, Default)]
pub struct TrieEdges {
    /// Node `k`'s children are `edges[children[k].0..][..children[k].1]`, sorted by class.
    children: Vec<(u32, u32)>,
    edges: Vec<(u8, u32)>,
    /// The start of a node's row in `dense`, or [`TrieEdges::NONE`].
    dense_row: Vec<u32>,
    dense: Vec<u32>,
    /// The class of every char below U+0800 that phrases use (0: none), and of the others.
    class_low: Vec<u8>,
    class_high: Vec<(char, u8)>,
}

impl TrieEdges {
    /// No node.
    pub const NONE: u32 = u32::MAX;

    /// The edges of a trie whose node `k` has the children `kids[k]` (char, child node). Nodes
    /// with more than `dense_from` children get a dense row. `origin` names the data in the
    /// message if the phrases use more distinct chars than a class can number (254).
    pub fn new(kids: Vec<Vec<(char, u32)>>, dense_from: usize, origin: &str) -> TrieEdges {
        let mut alphabet: Vec<char> = kids.iter().flatten().map(|&(c, _)| c).collect();
        alphabet.sort_unstable();
        alphabet.dedup();
        assert!(alphabet.len() < 255, "{origin}: too many distinct chars for the trie's classes");
        let mut class_low = vec![0u8; 0x800];
        let mut class_high = Vec::new();
        for (k, &c) in alphabet.iter().enumerate() {
            let class = k as u8 + 1;
            if (c as u32) < 0x800 {
                class_low[c as usize] = class;
            } else {
                class_high.push((c, class));
            }
        }
        let class =
            |c: char| alphabet.binary_search(&c).expect("an edge's char is in the alphabet") as u8 + 1;
        let mut children = Vec::with_capacity(kids.len());
        let mut edges = Vec::new();
        for k in kids {
            let mut k: Vec<(u8, u32)> = k.into_iter().map(|(c, id)| (class(c), id)).collect();
            k.sort_unstable();
            children.push((edges.len() as u32, k.len() as u32));
            edges.extend(k);
        }
        let width = alphabet.len() + 1;
        let mut dense_row = vec![Self::NONE; children.len()];
        let mut dense = Vec::new();
        for (node, &(start, len)) in children.iter().enumerate() {
            if (len as usize) <= dense_from {
                continue;
            }
            dense_row[node] = dense.len() as u32;
            let row = dense.len();
            dense.resize(row + width, Self::NONE);
            for &(class, id) in &edges[start as usize..(start + len) as usize] {
                dense[row + class as usize] = id;
            }
        }
        TrieEdges { children, edges, dense_row, dense, class_low, class_high }
    }

    /// The child of `node` for char `c`, if any phrase continues so.
    #[inline(always)]
    pub fn step(&self, node: u32, c: char) -> Option<u32> {
        self.step_class(node, self.class_of(c))
    }

    /// The class of `c` in the phrases' alphabet: 0 when no phrase has it.
    #[inline]
    pub fn class_of(&self, c: char) -> u8 {
        let cp = c as u32;
        if cp < 0x800 {
            self.class_low[cp as usize]
        } else {
            self.class_high.iter().find(|&&(k, _)| k == c).map_or(0, |&(_, class)| class)
        }
    }

    /// [`TrieEdges::step`] by the char's class (see [`TrieEdges::class_of`]).
    #[inline(always)]
    pub fn step_class(&self, node: u32, class: u8) -> Option<u32> {
        let row = self.dense_row[node as usize];
        if row != Self::NONE {
            let id = self.dense[row as usize + class as usize];
            return (id != Self::NONE).then_some(id);
        }
        if class == 0 {
            return None;
        }
        let (start, len) = self.children[node as usize];
        let children = &self.edges[start as usize..(start + len) as usize];
        children.iter().find(|&&(k, _)| k == class).map(|&(_, id)| id)
    }
}

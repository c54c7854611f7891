//! A char trie as a full table with a dead state, shared by the phrase lexicons of the
//! extractors (dates, figures), which walk every word of the text on it.
//!
//! Why a full table beside [`TrieEdges`]: a step of the edges is a search (or a dense row for
//! branching nodes) and can fail, so a walk branches on the trie at every char. In the table a
//! step is one load and never fails: a char no phrase has there leads to the *dead* state, which
//! only leads to itself. A scanner thus walks a word to its end without a branch on the trie and
//! learns where the word ends and which node it spells in the same pass; it tests for the dead
//! state once, where it matters. Built from the same edges as the trie, so both walk alike.
//!
//! Columns are the chars' classes in the phrases' alphabet (see [`TrieEdges::class_of`]; class
//! 0, a char no phrase has, leads to the dead state) and one more, [`TrieTable::skip`], for the
//! chars the lexicon's key form drops, which leave the state as it is.
//!
//! ```
//! use sanad_text::{TrieEdges, TrieTable};
//! // node 0 is the root; "ab" and "ac": 0 -a-> 1, 1 -b-> 2, 1 -c-> 3
//! let kids = vec![vec![('a', 1)], vec![('b', 2), ('c', 3)], vec![], vec![]];
//! let edges = TrieEdges::new(kids.clone(), 6, "example");
//! let table = TrieTable::new(&kids, &edges);
//! let walk = |word: &str| {
//!     word.chars().fold(TrieTable::START, |state, c| {
//!         let column = if c == '.' { table.skip() } else { edges.class_of(c) };
//!         table.step(state, column)
//!     })
//! };
//! assert_eq!(table.node(walk("ac")), 3);
//! assert_eq!(table.node(walk("a.b")), 2); // the dropped char keeps the state
//! assert_eq!(walk("axc"), table.dead()); // and the dead state stays dead
//! assert_eq!(table.node(table.dead()), 4); // one past the last node
//! ```

use crate::TrieEdges;

/// A char trie as a full table with a dead state (see the module docs).
#[derive(Debug, Default)]
pub struct TrieTable {
    /// Row after row: a transition is the next state (its row's offset in `next`, so a step
    /// is one add and one load, no multiply).
    next: Vec<u32>,
    width: usize,
    dead: u32,
    /// `⌈2³² / width⌉`: a state times this, shifted right by 32, is its node (exact for every
    /// multiple of `width` below 2³²), so [`TrieTable::node`] reads no memory; a node column
    /// in the row would be one more cache line, and a miss, at the end of most walks.
    node_of: u64,
}

impl TrieTable {
    /// The state of the trie's root, where a walk starts.
    pub const START: u32 = 0;

    /// The table of the trie whose node `k` has the children `kids[k]` (char, child node), the
    /// same children `edges` was built from.
    pub fn new(kids: &[Vec<(char, u32)>], edges: &TrieEdges) -> TrieTable {
        let classes = kids.iter().flatten().map(|&(c, _)| edges.class_of(c) as usize).max().unwrap_or(0) + 1;
        // the classes and the column of the dropped chars
        let width = classes + 1;
        assert!((kids.len() + 1) * width <= u32::MAX as usize, "a trie too large for u32 states");
        let state = |node: usize| (node * width) as u32;
        let dead = state(kids.len());
        let mut next = vec![dead; (kids.len() + 1) * width];
        for (node, row) in next.chunks_exact_mut(width).enumerate() {
            // the dropped chars keep the node (and the dead state dead)
            row[classes] = state(node);
            for &(c, child) in kids.get(node).map_or(&[][..], Vec::as_slice) {
                row[edges.class_of(c) as usize] = state(child as usize);
            }
        }
        TrieTable { next, width, dead, node_of: (1u64 << 32).div_ceil(width as u64) }
    }

    /// The state no phrase goes on from.
    #[inline]
    pub fn dead(&self) -> u32 {
        self.dead
    }

    /// The column of the chars the key form drops (the other columns are the classes).
    #[inline]
    pub fn skip(&self) -> u8 {
        (self.width - 1) as u8
    }

    /// The state after a char of this column.
    #[inline(always)]
    pub fn step(&self, state: u32, column: u8) -> u32 {
        self.next[state as usize + column as usize]
    }

    /// The trie node of a state (the dead state's is one past the last node).
    #[inline]
    pub fn node(&self, state: u32) -> u32 {
        ((u64::from(state) * self.node_of) >> 32) as u32
    }
}

//! A gossip node's topology neighbours, the members it sends its table to.

use crate::NodeId;
use alloc::vec::Vec;

/// A node's neighbours in id order, itself left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Peers {
    /// Every id in `0..len` but `me` (a full topology): computed instead of stored, since a
    /// list in every node would hold `n²` ids in all (100 MB at 5,000 members).
    All {
        /// One past the largest id.
        len: u32,
        /// The owner, left out.
        me: NodeId,
    },
    /// Any other set, sorted.
    List(Vec<NodeId>),
}

impl Peers {
    /// The neighbours of `me` given as `peers` (in id order; `me` itself, if listed, is left
    /// out).
    pub(crate) fn new(me: NodeId, peers: &[NodeId]) -> Self {
        let others = || peers.iter().copied().filter(|&p| p != me);
        let count = others().count();
        let len = count as u32 + u32::from((me as usize) <= count);
        if others().eq((0..len).filter(|&p| p != me)) {
            Peers::All { len, me }
        } else {
            Peers::List(others().collect())
        }
    }

    /// How many neighbours.
    pub(crate) fn len(&self) -> usize {
        match self {
            Peers::All { len, me } => *len as usize - usize::from(me < len),
            Peers::List(list) => list.len(),
        }
    }

    /// The `slot`-th neighbour in id order (`slot < len()`).
    pub(crate) fn get(&self, slot: usize) -> NodeId {
        match self {
            Peers::All { me, .. } => {
                let id = slot as NodeId;
                id + NodeId::from(id >= *me)
            }
            Peers::List(list) => list[slot],
        }
    }

    /// The neighbours in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.len()).map(|slot| self.get(slot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn every_other_id_is_computed_and_anything_else_listed() {
        for (me, given) in [
            (2, vec![0, 1, 2, 3, 4]),
            (2, vec![0, 1, 3, 4]),
            (5, vec![0, 1, 2, 3, 4]),
        ] {
            let peers = Peers::new(me, &given);
            assert!(matches!(peers, Peers::All { .. }), "{me} {given:?}");
            let want: Vec<NodeId> = given.iter().copied().filter(|&p| p != me).collect();
            assert_eq!(peers.iter().collect::<Vec<_>>(), want);
            assert_eq!(peers.len(), want.len());
        }
        let ring = Peers::new(3, &[2, 4]);
        assert_eq!(ring, Peers::List(vec![2, 4]));
        assert_eq!((ring.len(), ring.get(1)), (2, 4));
        assert_eq!(Peers::new(0, &[]).len(), 0);
        assert_eq!(Peers::new(0, &[0]).len(), 0);
    }
}

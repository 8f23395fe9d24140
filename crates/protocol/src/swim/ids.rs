//! Lists of member ids, two bytes an id while every id is below 65,536.
//!
//! Every node lists nearly every member in its probe order, and on a sparse topology holds
//! an update about nearly every member in its piggyback buffer, so a group of `n` holds about
//! `n²` ids in each.

use alloc::vec::Vec;

use crate::core::NodeId;
use crate::snug::push_snug;

/// Member ids, two bytes each while all are below 65,536, four once one is not.
#[derive(Clone, Debug)]
pub enum Ids {
    /// Every id below 65,536.
    Narrow(Vec<u16>),
    /// Some id is not.
    Wide(Vec<NodeId>),
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Narrow(Vec::new())
    }
}

impl Ids {
    /// How many ids are listed.
    pub fn len(&self) -> usize {
        match self {
            Ids::Narrow(v) => v.len(),
            Ids::Wide(v) => v.len(),
        }
    }

    /// The id at `i`, if `i` is in range.
    pub fn get(&self, i: usize) -> Option<NodeId> {
        match self {
            Ids::Narrow(v) => v.get(i).map(|&id| NodeId::from(id)),
            Ids::Wide(v) => v.get(i).copied(),
        }
    }

    /// The id at `i` (in range).
    pub fn at(&self, i: usize) -> NodeId {
        match self {
            Ids::Narrow(v) => NodeId::from(v[i]),
            Ids::Wide(v) => v[i],
        }
    }

    /// Makes room for `id` (widening if it does not fit two bytes).
    pub fn fit(&mut self, id: NodeId) {
        if let Ids::Narrow(v) = self
            && u16::try_from(id).is_err()
        {
            let mut wide = Vec::new();
            wide.reserve_exact(v.len());
            wide.extend(v.iter().map(|&id| NodeId::from(id)));
            *self = Ids::Wide(wide);
        }
    }

    /// Overwrites the id at `i` (in range).
    pub fn set(&mut self, i: usize, id: NodeId) {
        self.fit(id);
        match self {
            Ids::Narrow(v) => v[i] = id as u16,
            Ids::Wide(v) => v[i] = id,
        }
    }

    /// Appends `id`, with little slack.
    pub fn push(&mut self, id: NodeId) {
        self.fit(id);
        match self {
            Ids::Narrow(v) => push_snug(v, id as u16),
            Ids::Wide(v) => push_snug(v, id),
        }
    }

    /// Removes the last id.
    pub fn pop(&mut self) -> Option<NodeId> {
        match self {
            Ids::Narrow(v) => v.pop().map(NodeId::from),
            Ids::Wide(v) => v.pop(),
        }
    }

    /// Where `id` is listed, if it is (a scan).
    pub fn position(&self, id: NodeId) -> Option<usize> {
        match self {
            Ids::Narrow(v) => u16::try_from(id)
                .ok()
                .and_then(|id| v.iter().position(|&m| m == id)),
            Ids::Wide(v) => v.iter().position(|&m| m == id),
        }
    }

    /// Swaps the ids at `i` and `j`.
    pub fn swap(&mut self, i: usize, j: usize) {
        match self {
            Ids::Narrow(v) => v.swap(i, j),
            Ids::Wide(v) => v.swap(i, j),
        }
    }

    /// Makes room for `additional` more ids, no more.
    pub fn reserve_exact(&mut self, additional: usize) {
        match self {
            Ids::Narrow(v) => v.reserve_exact(additional),
            Ids::Wide(v) => v.reserve_exact(additional),
        }
    }

    /// Keeps the ids for which `keep` holds, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(NodeId) -> bool) {
        match self {
            Ids::Narrow(v) => v.retain(|&id| keep(NodeId::from(id))),
            Ids::Wide(v) => v.retain(|&id| keep(id)),
        }
    }

    /// Copies the ids from `from` on into `out`.
    pub fn copy_to(&self, from: usize, out: &mut [NodeId]) {
        match self {
            Ids::Narrow(v) => {
                let len = out.len();
                out.iter_mut()
                    .zip(&v[from..from + len])
                    .for_each(|(o, &id)| *o = NodeId::from(id));
            }
            Ids::Wide(v) => out.copy_from_slice(&v[from..from + out.len()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_widen_when_one_does_not_fit_two_bytes_and_keep_their_order() {
        let mut ids = Ids::default();
        for id in [5, 65_535, 0, 7] {
            ids.push(id);
        }
        assert!(matches!(ids, Ids::Narrow(_)));
        assert_eq!(
            (ids.position(65_535), ids.position(65_536)),
            (Some(1), None)
        );
        ids.set(2, 65_536);
        assert!(matches!(ids, Ids::Wide(_)));
        ids.swap(0, 3);
        let all: Vec<NodeId> = (0..ids.len()).map(|i| ids.at(i)).collect();
        assert_eq!(all, [7, 65_535, 65_536, 5]);
        assert_eq!(
            (ids.position(65_536), ids.get(4), ids.pop()),
            (Some(2), None, Some(5))
        );
        ids.retain(|id| id != 65_535);
        let mut out = [0; 2];
        ids.copy_to(0, &mut out);
        assert_eq!(out, [7, 65_536]);
    }
}

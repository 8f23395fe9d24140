//! When each entry of a membership table last changed.
//!
//! An entry never changed since the table was made (in a steady cluster, nearly all of them)
//! has the table's creation time, `base`; the stamps of the others are listed while they are
//! few (up to [`SPARSE_STAMPS`]), and beyond, every entry gets one. Entries change only at
//! the moments messages arrive, and many at each (a merged table, a message's rumours), so a
//! table holds far fewer distinct stamps than entries: a member that learns 5,000 others on a
//! ring over 30 s holds about 60. Every entry's stamp is therefore a one-byte index into a
//! list of the distinct stamps in use (a *palette*), two bytes once more than 256 are in
//! use, and the stamp itself (8 bytes) once more than 65,536 are.

use alloc::vec::Vec;

use crate::core::{Micros, NodeId};
use crate::snug::resize_snug;

/// Up to this many entries changed since the table was made have their stamps in a sorted
/// list; beyond, every entry gets one.
const SPARSE_STAMPS: usize = 256;

/// Every entry's stamp, by member.
#[derive(Clone, Debug, Default)]
enum Dense {
    /// None yet: the stamps are `base` and the `sparse` list.
    #[default]
    Empty,
    /// Indices into the palette.
    Narrow(Vec<u8>),
    /// Indices into the palette, once more than 256 distinct stamps are in use.
    Mid(Vec<u16>),
    /// The stamps themselves, once more than 65,536 distinct ones are in use.
    Wide(Vec<Micros>),
}

/// When each entry of a table last changed, µs.
#[derive(Clone, Debug, Default)]
pub struct Stamps {
    base: Micros,
    /// `(member, stamp)` of the entries stamped other than `base`, sorted by member (empty
    /// once `dense` is in use).
    sparse: Vec<(NodeId, Micros)>,
    /// The distinct stamps `dense` indices refer to (`palette[0]` is `base`); entries no
    /// longer referred to are dropped when the palette is full.
    palette: Vec<Micros>,
    dense: Dense,
}

impl Stamps {
    /// Stamps of a table made at `base`: every entry has `base`.
    pub fn new(base: Micros) -> Self {
        Stamps {
            base,
            ..Stamps::default()
        }
    }

    /// The stamp of `id`.
    pub fn get(&self, id: NodeId) -> Micros {
        let i = id as usize;
        match &self.dense {
            Dense::Empty => match self.sparse.binary_search_by_key(&id, |&(m, _)| m) {
                Ok(at) => self.sparse[at].1,
                Err(_) => self.base,
            },
            Dense::Narrow(v) => v.get(i).map_or(self.base, |&p| self.palette[p as usize]),
            Dense::Mid(v) => v.get(i).map_or(self.base, |&p| self.palette[p as usize]),
            Dense::Wide(v) => v.get(i).copied().unwrap_or(self.base),
        }
    }

    /// How many entries' stamps are listed (while few changed).
    #[cfg(test)]
    pub fn listed(&self) -> usize {
        self.sparse.len()
    }

    /// Whether every entry has a stamp (many changed).
    #[cfg(test)]
    pub fn is_dense(&self) -> bool {
        !matches!(self.dense, Dense::Empty)
    }

    /// Stamps `id` with `now`; `len` is the table's length (`id` below it).
    pub fn set(&mut self, id: NodeId, now: Micros, len: usize) {
        if !matches!(self.dense, Dense::Empty) {
            self.set_dense(id, now, len);
            return;
        }
        match self.sparse.binary_search_by_key(&id, |&(m, _)| m) {
            Ok(at) if now == self.base => {
                self.sparse.remove(at);
            }
            Ok(at) => self.sparse[at].1 = now,
            Err(_) if now == self.base => {}
            Err(at) if self.sparse.len() < SPARSE_STAMPS => self.sparse.insert(at, (id, now)),
            Err(_) => {
                let mut narrow = Vec::new();
                resize_snug(&mut narrow, len, 0u8);
                self.dense = Dense::Narrow(narrow);
                self.palette = alloc::vec![self.base];
                for (m, stamp) in core::mem::take(&mut self.sparse) {
                    self.set_dense(m, stamp, len);
                }
                self.set_dense(id, now, len);
            }
        }
    }

    fn set_dense(&mut self, id: NodeId, now: Micros, len: usize) {
        let i = id as usize;
        if let Dense::Wide(v) = &mut self.dense {
            resize_snug(v, len, self.base);
            v[i] = now;
            return;
        }
        let p = self.palette_index(now);
        match &mut self.dense {
            Dense::Narrow(v) => {
                resize_snug(v, len, 0);
                v[i] = p as u8;
            }
            Dense::Mid(v) => {
                resize_snug(v, len, 0);
                v[i] = p as u16;
            }
            Dense::Wide(v) => {
                resize_snug(v, len, self.base);
                v[i] = now;
            }
            Dense::Empty => unreachable!("set_dense on empty stamps"),
        }
    }

    /// How many palette entries the indices in use can name (0 for none or no palette).
    fn room(&self) -> usize {
        match self.dense {
            Dense::Narrow(_) => 1 << 8,
            Dense::Mid(_) => 1 << 16,
            Dense::Empty | Dense::Wide(_) => 0,
        }
    }

    /// The palette index of `stamp`, added if new; drops the stamps no longer in use, or
    /// widens the indices, when the palette is full. (Ignored if the indices end up `Wide`.)
    fn palette_index(&mut self, stamp: Micros) -> usize {
        // Stamps are the times of changes, so a new one is nearly always the latest.
        if let Some(at) = self.palette.iter().rposition(|&s| s == stamp) {
            return at;
        }
        if self.palette.len() == self.room() {
            self.compact();
            // Widen when the palette is still three-quarters full, so that dropping unused
            // stamps, a pass over every entry, takes place once per many new stamps.
            if self.palette.len() >= self.room() / 4 * 3 {
                self.widen();
            }
        }
        self.palette.push(stamp);
        self.palette.len() - 1
    }

    /// Drops the palette entries no entry refers to (`base` stays first).
    fn compact(&mut self) {
        let mut used = alloc::vec![false; self.palette.len()];
        used[0] = true;
        match &self.dense {
            Dense::Narrow(v) => v.iter().for_each(|&p| used[p as usize] = true),
            Dense::Mid(v) => v.iter().for_each(|&p| used[p as usize] = true),
            Dense::Empty | Dense::Wide(_) => return,
        }
        let mut renamed = alloc::vec![0usize; self.palette.len()];
        let mut kept = 0;
        for p in 0..self.palette.len() {
            if used[p] {
                renamed[p] = kept;
                self.palette[kept] = self.palette[p];
                kept += 1;
            }
        }
        self.palette.truncate(kept);
        match &mut self.dense {
            Dense::Narrow(v) => v.iter_mut().for_each(|p| *p = renamed[*p as usize] as u8),
            Dense::Mid(v) => v.iter_mut().for_each(|p| *p = renamed[*p as usize] as u16),
            Dense::Empty | Dense::Wide(_) => {}
        }
    }

    /// One-byte indices to two-byte ones, two-byte ones to the stamps themselves.
    fn widen(&mut self) {
        self.dense = match core::mem::take(&mut self.dense) {
            Dense::Narrow(v) => Dense::Mid(widened(&v, |p| p as u16)),
            Dense::Mid(v) => {
                let palette = core::mem::take(&mut self.palette);
                Dense::Wide(widened(&v, |p| palette[p as usize]))
            }
            other => other,
        };
    }
}

/// `v` mapped by `f` into a vector with as little slack as `v` had.
fn widened<T: Copy, U>(v: &[T], f: impl Fn(T) -> U) -> Vec<U> {
    let mut out = Vec::new();
    out.reserve_exact(v.len());
    out.extend(v.iter().map(|&x| f(x)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets stamps in `ops` order on both `Stamps` and a plain vector, comparing every entry.
    fn check(base: Micros, len: usize, ops: &[(NodeId, Micros)]) -> Stamps {
        let mut stamps = Stamps::new(base);
        let mut plain = alloc::vec![base; len];
        for &(id, now) in ops {
            stamps.set(id, now, len);
            plain[id as usize] = now;
        }
        for id in 0..len + 3 {
            let want = plain.get(id).copied().unwrap_or(base);
            assert_eq!(stamps.get(id as NodeId), want, "member {id}");
        }
        stamps
    }

    #[test]
    fn few_changes_are_listed_and_many_get_one_byte_each() {
        let ops: Vec<_> = (0..10).map(|id| (id, 50)).collect();
        let stamps = check(7, 1000, &ops);
        assert!(matches!(stamps.dense, Dense::Empty));
        let ops: Vec<_> = (0..1000).map(|id| (id, 100 + u64::from(id / 10))).collect();
        let stamps = check(7, 1000, &ops);
        assert!(matches!(stamps.dense, Dense::Narrow(_)));
    }

    #[test]
    fn stamps_no_longer_used_make_room_before_the_indices_widen() {
        // 1,000 distinct stamps over time, but never more than a few in use at once.
        let ops: Vec<_> = (0..100_000u32)
            .map(|k| (k % 300, u64::from(k / 100) * 3 + 1))
            .collect();
        let stamps = check(0, 300, &ops);
        assert!(matches!(stamps.dense, Dense::Narrow(_)));
        assert!(stamps.palette.len() <= 256);
    }

    #[test]
    fn many_distinct_stamps_widen_the_indices_twice() {
        let ops: Vec<_> = (0..70_000u32).map(|id| (id, 10 + u64::from(id))).collect();
        let stamps = check(3, 70_000, &ops);
        assert!(matches!(stamps.dense, Dense::Wide(_)));
        let ops: Vec<_> = (0..1000u32).map(|id| (id, 10 + u64::from(id))).collect();
        let stamps = check(3, 1000, &ops);
        assert!(matches!(stamps.dense, Dense::Mid(_)));
    }

    #[test]
    fn a_stamp_back_at_base_and_a_member_beyond_the_first_length() {
        let mut ops: Vec<_> = (0..600).map(|id| (id, 20 + u64::from(id % 7))).collect();
        ops.push((5, 9));
        ops.push((6, 20));
        let mut stamps = check(9, 600, &ops);
        stamps.set(900, 44, 901);
        assert_eq!(
            (stamps.get(900), stamps.get(899), stamps.get(5)),
            (44, 9, 9)
        );
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn stamps_read_back_what_was_set(
            ops in proptest::collection::vec((0..400u32, 0..400u64), 0..1500),
        ) {
            // Times that mostly rise, as the stamps of one table do, with repeats.
            let mut now = 0;
            let ops: Vec<_> = ops.into_iter().map(|(id, step)| {
                now += step / 100;
                (id, now)
            }).collect();
            check(0, 400, &ops);
        }
    }
}

//! Who talks to whom: ring, random mesh, or full graph.
//!
//! For gossip the topology is the set of peers a node sends its table to. For SWIM it is the
//! set of members a node knows when it starts (its seeds): it probes only members it knows, and
//! learns the rest through dissemination, so a sparse topology visibly slows early convergence.

use crate::rng::{SimRng, Stream};
use crate::scenario::Topo;
use gossip_protocol::NodeId;

/// Who neighbours whom: each node's neighbours, sorted, without itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    lists: Lists,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lists {
    /// Everyone neighbours everyone: one list of every id, `0..n`, shared by all nodes (each
    /// leaves itself out). Stored as lists, a full graph of 10,000 members would take 400 MB.
    Full(Vec<NodeId>),
    /// `adj[i]`: the neighbours of node `i`.
    Lists(Vec<Vec<NodeId>>),
}

impl Topology {
    /// Builds the topology for `nodes` members. `degree` is the number of neighbours (ring: half
    /// on each side, an odd degree adds the opposite node; mesh: about `degree`).
    pub fn build(topo: Topo, nodes: u32, degree: u32, seed: u64) -> Topology {
        let n = nodes as usize;
        if topo == Topo::Full {
            return Topology {
                lists: Lists::Full((0..nodes).collect()),
            };
        }
        let mut adj: Vec<Vec<NodeId>> = vec![Vec::new(); n];
        let link = |a: usize, b: usize, adj: &mut Vec<Vec<NodeId>>| {
            if a != b && !adj[a].contains(&(b as NodeId)) {
                adj[a].push(b as NodeId);
                adj[b].push(a as NodeId);
            }
        };
        match topo {
            Topo::Full => unreachable!("built above"),
            Topo::Ring if n > 1 => {
                let half = (degree / 2).max(1) as usize;
                for i in 0..n {
                    for d in 1..=half {
                        link(i, (i + d) % n, &mut adj);
                    }
                    if degree % 2 == 1 && n > 2 {
                        link(i, (i + n / 2) % n, &mut adj);
                    }
                }
            }
            Topo::Ring => {}
            Topo::Mesh => {
                // A random spanning tree keeps it connected; random extra edges bring the mean
                // degree up to `degree`.
                let mut rng = SimRng::new(seed, Stream::Topology);
                for i in 1..n {
                    let j = rng.below_u64(i as u64) as usize;
                    link(i, j, &mut adj);
                }
                let want = (n * degree as usize / 2).min(n * (n - 1) / 2);
                let mut edges = n.saturating_sub(1);
                let mut tries = 0;
                while edges < want && tries < want * 20 {
                    tries += 1;
                    let a = rng.below_u64(n as u64) as usize;
                    let b = rng.below_u64(n as u64) as usize;
                    if a != b && !adj[a].contains(&(b as NodeId)) {
                        link(a, b, &mut adj);
                        edges += 1;
                    }
                }
            }
        }
        for list in &mut adj {
            list.sort_unstable();
        }
        Topology {
            lists: Lists::Lists(adj),
        }
    }

    /// Adds node `len()` (a join) and returns every node whose neighbours changed, the new one
    /// included. Ring: the ring is rebuilt one larger (the new node sits between the last and
    /// node 0). Mesh: the new node links to `degree` random existing nodes. Full: to everyone.
    pub fn grow(&mut self, topo: Topo, degree: u32, rng: &mut SimRng) -> Vec<NodeId> {
        let n = self.len();
        if topo == Topo::Full {
            *self = Topology::build(Topo::Full, n as u32 + 1, degree, 0);
            return (0..=n as NodeId).collect();
        }
        let old = match std::mem::replace(&mut self.lists, Lists::Lists(Vec::new())) {
            Lists::Lists(adj) => adj,
            Lists::Full(_) => unreachable!("handled above"),
        };
        let adj = match topo {
            Topo::Ring => match Topology::build(Topo::Ring, n as u32 + 1, degree, 0).lists {
                Lists::Lists(adj) => adj,
                Lists::Full(_) => unreachable!("a ring is built as lists"),
            },
            Topo::Full => unreachable!("handled above"),
            Topo::Mesh => {
                let mut adj = old.clone();
                adj.push(Vec::new());
                let want = (degree as usize).clamp(1, n.max(1));
                let mut tries = 0;
                while adj[n].len() < want.min(n) && tries < 100 * want {
                    tries += 1;
                    let j = rng.below_u64(n as u64) as usize;
                    if !adj[n].contains(&(j as NodeId)) {
                        adj[n].push(j as NodeId);
                        adj[j].push(n as NodeId);
                        adj[j].sort_unstable();
                    }
                }
                adj[n].sort_unstable();
                adj
            }
        };
        let changed = (0..=n)
            .filter(|&i| old.get(i) != Some(&adj[i]))
            .map(|i| i as NodeId)
            .collect();
        self.lists = Lists::Lists(adj);
        changed
    }

    /// The neighbours of node `i`, in id order (none if there is no such node).
    pub fn neighbours(&self, i: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.peers_of(i).iter().copied().filter(move |&j| j != i)
    }

    /// How many neighbours node `i` has.
    pub fn degree(&self, i: NodeId) -> usize {
        match &self.lists {
            Lists::Full(ids) => ids
                .len()
                .saturating_sub(usize::from((i as usize) < ids.len())),
            Lists::Lists(adj) => adj.get(i as usize).map_or(0, Vec::len),
        }
    }

    /// The number of links (each counted once).
    pub fn edge_count(&self) -> usize {
        match &self.lists {
            Lists::Full(ids) => ids.len() * ids.len().saturating_sub(1) / 2,
            Lists::Lists(adj) => adj.iter().map(Vec::len).sum::<usize>() / 2,
        }
    }

    /// The peer list to hand node `i` ([`gossip_protocol::Node::new`], `set_peers`): its
    /// neighbours in id order, on a full graph with `i` itself among them (nodes leave their
    /// own id out), so that every node shares one list.
    pub fn peers_of(&self, i: NodeId) -> &[NodeId] {
        match &self.lists {
            Lists::Full(ids) => ids,
            Lists::Lists(adj) => adj.get(i as usize).map_or(&[], Vec::as_slice),
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        match &self.lists {
            Lists::Full(ids) => ids.len(),
            Lists::Lists(adj) => adj.len(),
        }
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_of_degree_two_links_each_node_to_both_sides() {
        let t = Topology::build(Topo::Ring, 8, 2, 1);
        assert_eq!(t.neighbours(0).collect::<Vec<_>>(), [1, 7]);
        assert_eq!(t.neighbours(3).collect::<Vec<_>>(), [2, 4]);
    }

    #[test]
    fn mesh_is_connected_with_about_the_asked_degree() {
        let t = Topology::build(Topo::Mesh, 200, 4, 9);
        let mut seen = [false; 200];
        let mut stack = vec![0usize];
        seen[0] = true;
        while let Some(i) = stack.pop() {
            for j in t.neighbours(i as NodeId) {
                if !seen[j as usize] {
                    seen[j as usize] = true;
                    stack.push(j as usize);
                }
            }
        }
        assert!(seen.iter().all(|&s| s));
        let mean = 2.0 * t.edge_count() as f64 / 200.0;
        assert!((3.5..=4.5).contains(&mean), "mean degree {mean}");
    }

    #[test]
    fn joining_a_ring_relinks_only_the_two_nodes_beside_the_newcomer() {
        let mut t = Topology::build(Topo::Ring, 8, 2, 1);
        let mut rng = SimRng::new(1, Stream::Topology);
        let changed = t.grow(Topo::Ring, 2, &mut rng);
        assert_eq!(changed, [0, 7, 8]);
        assert_eq!(t.neighbours(8).collect::<Vec<_>>(), [0, 7]);
    }

    #[test]
    fn full_graph_links_everyone() {
        let t = Topology::build(Topo::Full, 5, 2, 1);
        assert!((0..5).all(|i| t.degree(i) == 4 && t.neighbours(i).count() == 4));
        assert_eq!(t.neighbours(2).collect::<Vec<_>>(), [0, 1, 3, 4]);
        assert_eq!(t.edge_count(), 10);
    }

    #[test]
    fn joining_a_full_graph_links_the_newcomer_to_everyone() {
        let mut t = Topology::build(Topo::Full, 4, 2, 1);
        let mut rng = SimRng::new(1, Stream::Topology);
        assert_eq!(t.grow(Topo::Full, 2, &mut rng), [0, 1, 2, 3, 4]);
        assert_eq!(t.neighbours(4).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(t.neighbours(1).collect::<Vec<_>>(), [0, 2, 3, 4]);
        assert_eq!(t.peers_of(1), [0, 1, 2, 3, 4]);
    }
}

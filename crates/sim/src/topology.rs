//! Who talks to whom: ring, random mesh, or full graph.
//!
//! For gossip the topology is the set of peers a node sends its table to. For SWIM it is the
//! set of members a node knows when it starts (its seeds): it probes only members it knows, and
//! learns the rest through dissemination, so a sparse topology visibly slows early convergence.

use crate::rng::{SimRng, Stream};
use crate::scenario::Topo;
use gossip_protocol::NodeId;

/// Adjacency lists, indexed by node id, each sorted and without self-loops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    /// `adj[i]`: the neighbours of node `i`.
    pub adj: Vec<Vec<NodeId>>,
}

impl Topology {
    /// Builds the topology for `nodes` members. `degree` is the number of neighbours (ring: half
    /// on each side, an odd degree adds the opposite node; mesh: about `degree`).
    pub fn build(topo: Topo, nodes: u32, degree: u32, seed: u64) -> Topology {
        let n = nodes as usize;
        let mut adj: Vec<Vec<NodeId>> = vec![Vec::new(); n];
        let link = |a: usize, b: usize, adj: &mut Vec<Vec<NodeId>>| {
            if a != b && !adj[a].contains(&(b as NodeId)) {
                adj[a].push(b as NodeId);
                adj[b].push(a as NodeId);
            }
        };
        match topo {
            Topo::Full => {
                for (i, list) in adj.iter_mut().enumerate() {
                    list.extend((0..nodes).filter(|&j| j as usize != i));
                }
            }
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
        Topology { adj }
    }

    /// Adds node `len()` (a join) and returns every node whose neighbours changed, the new one
    /// included. Ring: the ring is rebuilt one larger (the new node sits between the last and
    /// node 0). Mesh: the new node links to `degree` random existing nodes. Full: to everyone.
    pub fn grow(&mut self, topo: Topo, degree: u32, rng: &mut SimRng) -> Vec<NodeId> {
        let n = self.adj.len();
        let old = std::mem::take(&mut self.adj);
        match topo {
            Topo::Ring => *self = Topology::build(Topo::Ring, n as u32 + 1, degree, 0),
            Topo::Full => *self = Topology::build(Topo::Full, n as u32 + 1, degree, 0),
            Topo::Mesh => {
                self.adj = old.clone();
                self.adj.push(Vec::new());
                let want = (degree as usize).clamp(1, n.max(1));
                let mut tries = 0;
                while self.adj[n].len() < want.min(n) && tries < 100 * want {
                    tries += 1;
                    let j = rng.below_u64(n as u64) as usize;
                    if !self.adj[n].contains(&(j as NodeId)) {
                        self.adj[n].push(j as NodeId);
                        self.adj[j].push(n as NodeId);
                        self.adj[j].sort_unstable();
                    }
                }
                self.adj[n].sort_unstable();
            }
        }
        (0..=n)
            .filter(|&i| old.get(i) != Some(&self.adj[i]))
            .map(|i| i as NodeId)
            .collect()
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.adj.len()
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_of_degree_two_links_each_node_to_both_sides() {
        let t = Topology::build(Topo::Ring, 8, 2, 1);
        assert_eq!(t.adj[0], [1, 7]);
        assert_eq!(t.adj[3], [2, 4]);
    }

    #[test]
    fn mesh_is_connected_with_about_the_asked_degree() {
        let t = Topology::build(Topo::Mesh, 200, 4, 9);
        let mut seen = [false; 200];
        let mut stack = vec![0usize];
        seen[0] = true;
        while let Some(i) = stack.pop() {
            for &j in &t.adj[i] {
                if !seen[j as usize] {
                    seen[j as usize] = true;
                    stack.push(j as usize);
                }
            }
        }
        assert!(seen.iter().all(|&s| s));
        let mean = t.adj.iter().map(Vec::len).sum::<usize>() as f64 / 200.0;
        assert!((3.5..=4.5).contains(&mean), "mean degree {mean}");
    }

    #[test]
    fn joining_a_ring_relinks_only_the_two_nodes_beside_the_newcomer() {
        let mut t = Topology::build(Topo::Ring, 8, 2, 1);
        let mut rng = SimRng::new(1, Stream::Topology);
        let changed = t.grow(Topo::Ring, 2, &mut rng);
        assert_eq!(changed, [0, 7, 8]);
        assert_eq!(t.adj[8], [0, 7]);
    }

    #[test]
    fn full_graph_links_everyone() {
        let t = Topology::build(Topo::Full, 5, 2, 1);
        assert!(t.adj.iter().all(|l| l.len() == 4));
    }
}

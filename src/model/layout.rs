//! Node positions in the unit square, computed once per topology (never per frame).

use gossip_sim::Topo;
use gossip_sim::topology::Topology;

/// A point in the unit square (0..1 on both axes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Horizontal, 0 = left.
    pub x: f64,
    /// Vertical, 0 = top.
    pub y: f64,
}

/// Positions of every node, by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// `points[i]`: where node `i` is drawn.
    pub points: Vec<Point>,
}

impl Layout {
    /// Ring and full topologies sit on a circle (node 0 at the top, ids clockwise); a mesh is
    /// laid out by a few hundred iterations of a force-directed spring model, seeded from the
    /// circle so the result is deterministic.
    pub fn compute(topo: Topo, topology: &Topology) -> Layout {
        let n = topology.len();
        let circle: Vec<Point> = (0..n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n.max(1) as f64
                    - std::f64::consts::FRAC_PI_2;
                Point {
                    x: 0.5 + 0.45 * a.cos(),
                    y: 0.5 + 0.45 * a.sin(),
                }
            })
            .collect();
        let points = match topo {
            Topo::Mesh if n > 2 => force_directed(topology, circle),
            _ => circle,
        };
        Layout { points }
    }

    /// The node nearest to `p` within `radius` (unit-square distance), if any.
    pub fn hit(&self, p: Point, radius: f64) -> Option<u32> {
        self.hit_where(p, radius, |_| true)
    }

    /// [`Layout::hit`] among the nodes that `keep` accepts (asked only of those within
    /// `radius`).
    pub fn hit_where(&self, p: Point, radius: f64, keep: impl Fn(u32) -> bool) -> Option<u32> {
        let mut best: Option<(u32, f64)> = None;
        for (i, q) in self.points.iter().enumerate() {
            let d = (q.x - p.x).hypot(q.y - p.y);
            if d <= radius && best.is_none_or(|(_, bd)| d < bd) && keep(i as u32) {
                best = Some((i as u32, d));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// Fruchterman–Reingold with a cooling schedule; O(n²) per iteration, so it is limited in
/// iterations for large meshes (it runs once per topology).
fn force_directed(t: &Topology, mut pos: Vec<Point>) -> Vec<Point> {
    let n = pos.len();
    let k = (1.0 / n as f64).sqrt();
    let iterations = if n <= 200 {
        300
    } else if n <= 1000 {
        60
    } else {
        15
    };
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        let temp = 0.1 * (1.0 - it as f64 / iterations as f64) + 0.002;
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].x - pos[j].x, pos[i].y - pos[j].y);
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for i in 0..n {
            for j in t.neighbours(i as u32) {
                let j = j as usize;
                if j <= i {
                    continue;
                }
                let (dx, dy) = (pos[i].x - pos[j].x, pos[i].y - pos[j].y);
                let d = (dx * dx + dy * dy).sqrt().max(1e-6);
                let f = d / k;
                disp[i].0 -= dx * f;
                disp[i].1 -= dy * f;
                disp[j].0 += dx * f;
                disp[j].1 += dy * f;
            }
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt().max(1e-9);
            let step = len.min(temp);
            p.x += d.0 / len * step;
            p.y += d.1 / len * step;
        }
    }
    // Fit into the unit square with a margin.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &pos {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let s = 0.9 / (x1 - x0).max(y1 - y0).max(1e-9);
    pos.iter()
        .map(|p| Point {
            x: 0.5 + (p.x - (x0 + x1) / 2.0) * s,
            y: 0.5 + (p.y - (y0 + y1) / 2.0) * s,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_puts_node_zero_at_the_top_and_hits_it() {
        let t = Topology::build(Topo::Ring, 8, 2, 1);
        let l = Layout::compute(Topo::Ring, &t);
        assert!((l.points[0].x - 0.5).abs() < 1e-9 && l.points[0].y < 0.1);
        assert_eq!(l.hit(Point { x: 0.5, y: 0.06 }, 0.03), Some(0));
        assert_eq!(l.hit(Point { x: 0.5, y: 0.5 }, 0.03), None);
    }

    #[test]
    fn mesh_layout_stays_inside_the_unit_square_and_is_deterministic() {
        let t = Topology::build(Topo::Mesh, 60, 3, 4);
        let a = Layout::compute(Topo::Mesh, &t);
        let b = Layout::compute(Topo::Mesh, &t);
        assert_eq!(a, b);
        assert!(
            a.points
                .iter()
                .all(|p| (0.0..=1.0).contains(&p.x) && (0.0..=1.0).contains(&p.y))
        );
    }
}

//! Which node the pointer is on: the one drawn there. Among thousands of members a suspected,
//! dead or crashed one is drawn enlarged and on top of its neighbours, so within its enlarged
//! disc it wins even where a neighbour's centre is nearer; elsewhere the nearest centre wins.

use super::Model;
use super::layout::Point;
use super::look::Look;
use super::view::Viewport;
use gossip_protocol::NodeId;
use gossip_sim::NodeState;

/// Looks drawn enlarged and on top when nodes are small ([`Viewport::enlarged_radius`]).
pub const ENLARGED_LOOKS: [Look; 4] = [Look::Suspected, Look::Dead, Look::Isolated, Look::Left];

/// Pixels around a drawn disc that still count as on it.
const SLACK_PX: f64 = 5.0;

impl Model {
    /// Whether `id` is drawn enlarged and on top when nodes are small.
    pub fn enlarged(&self, id: NodeId) -> bool {
        self.sim().state(id) == NodeState::Crashed || ENLARGED_LOOKS.contains(&self.look(id))
    }

    /// The node drawn under canvas point `(x, y)` (CSS px) in viewport `vp`, if any.
    pub fn node_at_px(&self, vp: &Viewport, x: f64, y: f64) -> Option<NodeId> {
        let n = self.sim().node_count() as usize;
        let (ux, uy) = vp.from_px(x, y);
        let p = Point { x: ux, y: uy };
        if let Some(big) = vp.enlarged_radius(n) {
            // (The crash ring is drawn 2 px outside the enlarged disc.)
            let r = (big + 2.0 + SLACK_PX / 2.0) / vp.size;
            if let Some(id) = self.layout.hit_where(p, r, |id| self.enlarged(id)) {
                return Some(id);
            }
        }
        let r = (vp.node_radius(n) + SLACK_PX) / vp.size;
        self.layout.hit(p, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn among_2000_members_the_enlarged_dot_of_a_crashed_one_names_it_not_a_neighbour() {
        let mut m = Model::from_query("proto=swim&nodes=2000&topo=ring&ev=1s.crash.700");
        m.run_to(1_500_000, &mut || false);
        let vp = Viewport::fit(800.0, 600.0);
        let big = vp.enlarged_radius(2000).expect("small dots at 2,000");
        let at = |id: NodeId| {
            let q = m.layout.points[id as usize];
            vp.to_px(q.x, q.y)
        };
        let (c, next) = (at(700), at(701));
        let gap = (next.0 - c.0).hypot(next.1 - c.1);
        assert!(
            gap < big,
            "neighbours {gap:.2} px apart, under the enlarged disc {big:.2} px"
        );
        // Inside the enlarged disc of 700, nearer 701's centre.
        let f = (0.5 + big / gap / 2.0).min(0.95);
        let (x, y) = (c.0 + (next.0 - c.0) * f, c.1 + (next.1 - c.1) * f);
        assert!((x - c.0).hypot(y - c.1) <= big);
        assert_eq!(m.node_at_px(&vp, x, y), Some(700));
        assert_eq!(m.node_at_px(&vp, c.0, c.1), Some(700));
        // Away from any enlarged dot, the nearest centre wins.
        let far = at(100);
        assert_eq!(m.node_at_px(&vp, far.0, far.1), Some(100));
    }

    #[test]
    fn with_few_members_the_nearest_centre_wins() {
        let mut m = Model::from_query("proto=swim&nodes=8&ev=1s.crash.3");
        m.run_to(1_500_000, &mut || false);
        let vp = Viewport::fit(800.0, 600.0);
        assert_eq!(vp.enlarged_radius(8), None);
        let q = m.layout.points[4];
        let (x, y) = vp.to_px(q.x, q.y);
        assert_eq!(m.node_at_px(&vp, x + 2.0, y), Some(4));
    }
}

//! The why panel's state: an explanation of one node's belief about another, and the
//! sequence diagram of the nodes involved, computed on demand from a replay of the run.

use super::Model;
use crate::render::sequence::{Diagram, MAX_LANES, svg};
use gossip_protocol::{Micros, NodeId};
use gossip_sim::explain::{Why, explain};
use gossip_sim::tap::TapSpec;

/// What the why panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct WhyView {
    /// Whose belief.
    pub observer: NodeId,
    /// About whom.
    pub member: NodeId,
    /// As of this virtual time, µs.
    pub at: Micros,
    /// The explanation.
    pub why: Why,
    /// The sequence diagram of `why.lanes` over `why.window`, as SVG.
    pub svg: String,
    /// Wall time the explanation and the diagram took, ms (shown, and in the README).
    pub took_ms: f64,
}

impl Model {
    /// What happens next to `member` in `observer`'s table if nothing new arrives, as a
    /// countdown from now: gossip `suspect in 3.2 s` / `removed in 12.0 s`; SWIM
    /// `dead ≈ 1.8 s` for a suspect (the suspicion timeout at the live count now). Empty when
    /// nothing is pending.
    pub fn next_change(&self, observer: NodeId, member: NodeId, stamp: Micros) -> String {
        self.countdowns(observer)(member, stamp)
    }

    /// [`Model::next_change`] for every member of one observer's table: what depends on the
    /// observer alone (SWIM's suspicion timeout at its live count) is computed once.
    pub fn countdowns(&self, observer: NodeId) -> impl Fn(NodeId, Micros) -> String + '_ {
        use gossip_protocol::Status::{Alive, Suspect};
        let sim = self.sim();
        let p = sim.params();
        let now = sim.now();
        let swim_timeout = (p.proto == gossip_sim::Proto::Swim).then(|| {
            let live = (0..sim.node_count())
                .filter(|&m| matches!(sim.status_of(observer, m), Alive | Suspect))
                .count() as f64;
            (f64::from(p.n) * (p.period_ms * 1000) as f64 * live.log10().max(1.0)) as Micros
        });
        move |member, stamp| {
            if observer == member {
                return String::new();
            }
            let left = |at: Micros| format!("{:.1} s", at.saturating_sub(now) as f64 / 1e6);
            match (swim_timeout, sim.status_of(observer, member)) {
                (None, Alive) => format!("suspect in {}", left(stamp + p.t_ms * 1000)),
                (None, Suspect) => format!(
                    "removed in {}",
                    left(stamp + p.t_ms * 1000 * (u64::from(p.n) + 1))
                ),
                (Some(timeout), Suspect) => format!("dead ≈ {}", left(stamp + timeout)),
                _ => String::new(),
            }
        }
    }

    /// Explains `observer`'s belief about `member` now and draws its sequence diagram.
    /// `clock` gives wall time in ms (the page's `performance.now`), to report the cost.
    pub fn explain(
        &mut self,
        observer: NodeId,
        member: NodeId,
        dark: bool,
        clock: &dyn Fn() -> f64,
    ) {
        let start = clock();
        let why = explain(&self.timeline, observer, member);
        let svg = self.diagram(&why.lanes, Some(member), why.window, dark);
        self.why = Some(WhyView {
            observer,
            member,
            at: self.sim().now(),
            why,
            svg,
            took_ms: clock() - start,
        });
    }

    /// The sequence diagram of up to 16 `lanes` over `window` (µs), as SVG: a replay of that
    /// window from a checkpoint with those lanes tapped.
    pub fn diagram(
        &self,
        lanes: &[NodeId],
        member: Option<NodeId>,
        window: (Micros, Micros),
        dark: bool,
    ) -> String {
        let lanes: Vec<NodeId> = lanes
            .iter()
            .copied()
            .filter(|&l| l < self.sim().node_count())
            .take(MAX_LANES)
            .collect();
        let records = self.timeline.replay_window(
            window.0,
            window.1,
            TapSpec {
                member,
                lanes: lanes.clone(),
            },
        );
        svg(&Diagram {
            lanes: &lanes,
            member,
            window,
            records: &records,
            dark,
        })
    }

    /// Sets a custom sequence diagram for the panel: these lanes over the last `span` µs.
    pub fn custom_diagram(&mut self, lanes: &[NodeId], span: Micros, dark: bool) {
        let now = self.sim().now();
        let window = (now.saturating_sub(span), now);
        let svg = self.diagram(lanes, None, window, dark);
        self.why = Some(WhyView {
            observer: lanes.first().copied().unwrap_or(0),
            member: lanes.get(1).copied().unwrap_or(0),
            at: now,
            why: Why {
                headline: format!(
                    "Messages between nodes {} over the last {:.1} s.",
                    lanes
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    span as f64 / 1e6
                ),
                lanes: lanes.to_vec(),
                window,
                steps: Vec::new(),
            },
            svg,
            took_ms: 0.0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdowns_say_what_happens_next_if_nothing_new_arrives() {
        let mut m = Model::from_query("nodes=8&topo=full&ev=3s.crash.3");
        while m.sim().now() < 6_000_000 {
            m.advance(100.0, &mut || false);
        }
        let stamp = m
            .sim()
            .rows(2)
            .into_iter()
            .find(|r| r.member == 3)
            .unwrap()
            .stamp;
        let next = m.next_change(2, 3, stamp);
        assert!(next.starts_with("suspect in "), "{next}");
        let secs: f64 = next["suspect in ".len()..]
            .trim_end_matches(" s")
            .parse()
            .unwrap();
        assert!((5.0..=10.0).contains(&secs), "{next}");
        assert_eq!(m.next_change(2, 2, 0), "");
    }

    #[test]
    fn the_why_of_a_crashed_members_suspicion_comes_with_its_diagram() {
        let mut m = Model::from_query("proto=swim&nodes=16&topo=full&n=20&ev=5s.crash.3");
        m.playing = true;
        while m.sim().now() < 9_000_000 {
            m.advance(100.0, &mut || false);
        }
        m.explain(0, 3, true, &|| 0.0);
        let w = m.why.as_ref().unwrap();
        assert!(w.why.headline.contains("suspect"), "{}", w.why.headline);
        assert!(w.svg.contains("class=\"msg\""), "the diagram has messages");
        assert!(w.svg.contains("node 3 ●"));
    }
}

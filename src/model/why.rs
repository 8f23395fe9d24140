//! The why panel's state: an explanation of one node's belief about another, and the
//! sequence diagram of the nodes involved, computed on demand from a replay of the run.

use super::Model;
use crate::render::sequence::{Diagram, MAX_LANES, svg};
use crate::vocab::status_word;
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
    /// Wall time the explanation and the diagram took, ms (shown, and in docs/results.md).
    pub took_ms: f64,
}

impl Model {
    /// What happens next to `member` in `observer`'s table if nothing new arrives, as a
    /// countdown from now, asked of the engine: gossip `suspect in 3.2 s` / `removed in
    /// 12.0 s` (the detector's deadlines; the change waits for the next sweep, so once a
    /// deadline has passed it reads `suspect at next sweep`; the why panel tells when); SWIM
    /// `dead in 1.8 s` for a suspect (the suspicion timeout the observer has armed: with
    /// Lifeguard's dynamic suspicion, where confirmations have brought it so far). Empty when
    /// nothing is pending. `_stamp` is the row's last change (kept for the table's callers).
    pub fn next_change(&self, observer: NodeId, member: NodeId, stamp: Micros) -> String {
        self.countdowns(observer)(member, stamp)
    }

    /// [`Model::next_change`] for every member of one observer's table: the observer's armed
    /// suspicion timeouts are read once.
    pub fn countdowns(&self, observer: NodeId) -> impl Fn(NodeId, Micros) -> String + '_ {
        use gossip_protocol::Status::{Alive, Dead, Suspect};
        let sim = self.sim();
        let now = sim.now();
        let proto = sim.params().proto;
        let swim = proto == gossip_sim::Proto::Swim;
        // (member, incarnation suspected at, deadline): only the timer of the suspicion
        // held now counts; one left from an older incarnation will fire to no effect.
        let timers: Vec<(NodeId, u64, Micros)> = if swim {
            let mut suspected = vec![None; sim.node_count() as usize];
            for r in sim.rows(observer) {
                if r.status == Suspect
                    && let Some(s) = suspected.get_mut(r.member as usize)
                {
                    *s = Some(r.counter);
                }
            }
            let held = |m: NodeId, inc: u64| suspected.get(m as usize) == Some(&Some(inc));
            let mut armed = sim.suspicion_timers(observer);
            armed.retain(|&(m, inc, at)| at >= now && held(m, inc));
            armed
        } else {
            Vec::new()
        };
        move |member, _stamp| {
            if observer == member {
                return String::new();
            }
            let left = |at: Micros| format!("{:.1} s", at.saturating_sub(now) as f64 / 1e6);
            let status = sim.status_of(observer, member);
            if swim {
                if status != Suspect {
                    return String::new();
                }
                return timers
                    .iter()
                    .find(|&&(m, _, _)| m == member)
                    .map_or_else(String::new, |&(_, _, at)| {
                        format!("{} in {}", status_word(proto, Dead), left(at))
                    });
            }
            let (what, deadline) = match (status, sim.detector_deadlines(observer, member)) {
                (Alive, Some([suspect, _])) => (status_word(proto, Suspect), suspect),
                (Suspect, Some([_, removed])) => (status_word(proto, Dead), removed),
                _ => return String::new(),
            };
            if deadline <= now {
                format!("{what} at next sweep")
            } else {
                format!("{what} in {}", left(deadline))
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
                ..Why::default()
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
    fn past_a_gossip_deadline_the_countdown_waits_for_the_sweep_and_the_why_names_it() {
        // Node 0 last heard node 3 at 11.474 s: its deadline to suspect is 21.474 s, and its
        // next sweep 21.945 s. In between it used to read `suspect in 0.0 s`.
        let mut m = Model::from_query("nodes=8&topo=ring&ev=10s.crash.3");
        m.run_to(21_700_000, &mut || false);
        assert_eq!(m.sim().status_of(0, 3), gossip_protocol::Status::Alive);
        assert_eq!(m.next_change(0, 3, 0), "suspect at next sweep");
        m.explain(0, 3, false, &|| 0.0);
        let w = &m.why.as_ref().unwrap().why;
        let c = w.countdown.expect("a suspicion to come");
        assert_eq!(c.to, gossip_protocol::Status::Suspect);
        assert!(c.at > 21_700_000 && c.deadline < Some(21_700_000), "{c:?}");
        let step = w.steps.iter().find(|s| s.kind == "countdown").unwrap();
        assert!(
            step.text.starts_with("suspect at its next sweep"),
            "{}",
            step.text
        );
        m.run_to(c.at, &mut || false);
        assert_eq!(m.sim().status_of(0, 3), gossip_protocol::Status::Suspect);
        assert!(m.next_change(0, 3, 0).starts_with("removed in "));
    }

    #[test]
    fn the_why_panel_tells_the_tcp_ping_the_nacks_and_the_confirmations() {
        // profile=lan: TCP fallback pings, Lifeguard nacks and dynamic suspicion.
        let mut m = Model::from_query("proto=swim&profile=lan&nodes=16&topo=full&ev=10s.crash.3");
        m.run_to(15_500_000, &mut || false);
        let o = (0..16)
            .find(|&o| m.sim().status_of(o, 3) == gossip_protocol::Status::Suspect)
            .expect("someone suspects node 3");
        m.explain(o, 3, false, &|| 0.0);
        let steps = &m.why.as_ref().unwrap().why.steps;
        let has = |f: &dyn Fn(&gossip_sim::explain::Step) -> bool| steps.iter().any(f);
        assert!(
            has(&|s| s.text.starts_with("TCP ping to node 3")),
            "{steps:#?}"
        );
        assert!(has(&|s| s.text.contains("sent a nack")), "{steps:#?}");
        assert!(has(&|s| s.kind == "confirmation"), "{steps:#?}");
    }

    #[test]
    fn a_lifeguard_suspects_countdown_is_its_armed_timeout_not_the_minimum() {
        // Dynamic suspicion starts at 6 × Min (Min = 4 s at 16 members): the countdown used to
        // say about 4 s; it is the suspicion timeout the engine has armed, and the member is
        // declared dead then.
        let mut m = Model::from_query("proto=swim&nodes=16&topo=full&lifeguard=dyn&ev=10s.crash.3");
        while m.sim().now() < 13_000_000 {
            m.advance(100.0, &mut || false);
        }
        let o = (0..16)
            .find(|&o| m.sim().status_of(o, 3) == gossip_protocol::Status::Suspect)
            .expect("someone suspects node 3");
        let next = m.next_change(o, 3, 0);
        let secs: f64 = next
            .strip_prefix("dead in ")
            .and_then(|s| s.strip_suffix(" s"))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{next}"));
        assert!(secs > 4.0, "{next}");
        let armed = m.sim().suspicion_timers(o);
        assert!(armed.iter().any(|&(member, _, at)| member == 3
            && ((at - m.sim().now()) as f64 / 1e6 - secs).abs() < 0.05));
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

//! The why panel's state: an explanation of one node's belief about another, and the
//! sequence diagram of the nodes involved, computed on demand from a replay of the run.

use super::Model;
use crate::vocab::status_word;
use gossip_protocol::{Micros, NodeId};
use gossip_sim::explain::{Why, explain};
use gossip_sim::tap::{TapRecord, TapSpec};

/// Most lanes drawn.
pub const MAX_LANES: usize = 16;

/// What the diagram shows.
pub struct Diagram<'a> {
    /// Nodes, left to right (at most [`MAX_LANES`] are drawn).
    pub lanes: &'a [NodeId],
    /// The member the views are about (its lane is marked).
    pub member: Option<NodeId>,
    /// Time window, µs.
    pub window: (Micros, Micros),
    /// The tapped records.
    pub records: &'a [TapRecord],
    /// Whether the page is dark (colours of text and lanes).
    pub dark: bool,
}

/// Draws a [`Diagram`] as an SVG document (the renderer's `sequence::svg`): the model picks
/// what the diagram shows, the page hands it the painter.
pub type Paint = fn(&Diagram) -> String;

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
        // With dynamic suspicion the armed timeout is the latest it can fire: each
        // confirmation from another accuser brings it closer.
        let sooner = if swim && sim.params().lifeguard.dynamic {
            " (sooner if others confirm)"
        } else {
            ""
        };
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
                        format!("{} in {}{sooner}", status_word(proto, Dead), left(at))
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
        paint: Paint,
    ) {
        let start = clock();
        let why = explain(&self.timeline, observer, member);
        let svg = self.diagram(&why.lanes, Some(member), why.window, dark, paint);
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
        paint: Paint,
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
        paint(&Diagram {
            lanes: &lanes,
            member,
            window,
            records: &records,
            dark,
        })
    }

    /// Sets a custom sequence diagram for the panel: these lanes over the last `span` µs.
    pub fn custom_diagram(&mut self, lanes: &[NodeId], span: Micros, dark: bool, paint: Paint) {
        let now = self.sim().now();
        let window = (now.saturating_sub(span), now);
        let svg = self.diagram(lanes, None, window, dark, paint);
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

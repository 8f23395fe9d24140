//! Motion that explains (issue 22). When a member's look changes (alive → suspected → dead),
//! its colour eases from the old to the new over [`EASE_MS`] of wall time and a ring expands
//! once from it over [`PULSE_MS`], so the eye finds where the change happened; the run's first
//! suspicion and the refutation that answered it are marked on the member for [`mark_hold`]
//! of virtual time after they happen.
//!
//! What to draw is decided here in plain Rust (tested natively) from the looks, the wall time
//! and the run's [`KeyMoments`]; `draw.rs` adds the shapes to the display list. Cheap at 10,000
//! members: one look per member is kept in a buffer that is reused from frame to frame, and
//! at most [`MAX_CHANGES`] changes play at a time.

use crate::model::Model;
use crate::model::look::Look;
use crate::model::moments::KeyMoments;
use gossip_protocol::{Micros, NodeId};
use gossip_sim::NodeState;

/// A new colour eases in over this much wall time, ms.
pub const EASE_MS: f64 = 350.0;
/// A pulse's ring expands and fades over this much wall time, ms.
pub const PULSE_MS: f64 = 800.0;
/// At most this many recent changes are drawn (a partition of thousands pulses its first ones;
/// the rest change colour at once).
pub const MAX_CHANGES: usize = 64;

/// One change of a member's look, at a wall time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// The member.
    pub member: NodeId,
    /// Its look before.
    pub from: Look,
    /// Its look after.
    pub to: Look,
    /// Wall time of the frame that saw it, ms.
    pub at_ms: f64,
}

/// The expanding ring of a pulse, as drawn at one moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ring {
    /// Radius, px.
    pub radius: f64,
    /// Opacity, 0..=1.
    pub alpha: f64,
    /// Line width, px.
    pub width: f64,
}

/// The ring of a pulse `elapsed_ms` after the change, around a node of radius `r` px: it
/// starts just outside the node and grows by 14 px plus one radius, fast at first (ease-out),
/// fading from 0.9 to nothing. None before the change and once it is over.
pub fn pulse(elapsed_ms: f64, r: f64) -> Option<Ring> {
    if !(0.0..PULSE_MS).contains(&elapsed_ms) {
        return None;
    }
    let p = elapsed_ms / PULSE_MS;
    let grow = 1.0 - (1.0 - p).powi(3);
    Some(Ring {
        radius: r + 3.0 + grow * (14.0 + r),
        alpha: 0.9 * (1.0 - p),
        width: 1.0 + 2.0 * (1.0 - p),
    })
}

/// How far a colour has eased from the old look's to the new one's `elapsed_ms` after the
/// change: 0 at it, 1 from [`EASE_MS`] on (smoothstep: slow, fast, slow).
pub fn eased(elapsed_ms: f64) -> f64 {
    let x = (elapsed_ms / EASE_MS).clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// Each member's look as last drawn, and the recent changes of it.
#[derive(Debug, Default)]
pub struct Motion {
    looks: Vec<Look>,
    /// In time order.
    changes: Vec<Change>,
    /// What the looks were read against: the run ([`Model::run_id`]), the member whose view
    /// colours the canvas, and the virtual time.
    basis: Option<(u64, Option<NodeId>, Micros)>,
    now_ms: f64,
}

impl Motion {
    /// Reads every member's look at wall time `now_ms` and remembers those that changed since
    /// the last call. Another run (a restart, a preset), another viewer (selecting a member
    /// shows its beliefs) or a step back in time is not a change: the looks are read afresh,
    /// without pulses.
    pub fn observe(&mut self, m: &Model, now_ms: f64) {
        self.now_ms = now_ms;
        let over = self
            .changes
            .iter()
            .take_while(|c| !(0.0..PULSE_MS.max(EASE_MS)).contains(&(now_ms - c.at_ms)))
            .count();
        self.changes.drain(..over);
        let sim = m.sim();
        let n = sim.node_count() as usize;
        let viewer = m.selected.filter(|&s| sim.state(s) == NodeState::Up);
        let basis = (m.run_id(), viewer, sim.now());
        let afresh = match self.basis {
            Some((run, v, t)) => {
                run != basis.0 || v != basis.1 || basis.2 < t || n < self.looks.len()
            }
            None => true,
        };
        self.basis = Some(basis);
        if afresh {
            self.changes.clear();
            self.looks.clear();
        }
        // Members that joined since are drawn from here on, without a pulse.
        let known = self.looks.len();
        self.looks.extend((known..n).map(|i| m.look(i as NodeId)));
        for i in 0..known {
            let look = m.look(i as NodeId);
            if look != self.looks[i] {
                self.push(Change {
                    member: i as NodeId,
                    from: self.looks[i],
                    to: look,
                    at_ms: now_ms,
                });
                self.looks[i] = look;
            }
        }
    }

    /// Keeps `c` unless [`MAX_CHANGES`] are still playing: those play out (a ring cut short
    /// every frame would flicker), and the change shows at once, without a pulse.
    fn push(&mut self, c: Change) {
        if self.changes.len() < MAX_CHANGES {
            self.changes.push(c);
        }
    }

    /// Each member's look, as read by the last [`Motion::observe`].
    pub fn looks(&self) -> &[Look] {
        &self.looks
    }

    /// Wall time of the last [`Motion::observe`], ms.
    pub fn now_ms(&self) -> f64 {
        self.now_ms
    }

    /// The changes still pulsing or easing, oldest first, with the wall time since each, ms.
    pub fn recent(&self) -> impl Iterator<Item = (&Change, f64)> {
        self.changes.iter().map(|c| (c, self.now_ms - c.at_ms))
    }

    /// The members whose ring is expanding now, in order (for the page's `data-pulses`).
    pub fn pulsing(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.recent()
            .filter(|(_, e)| *e < PULSE_MS)
            .map(|(c, _)| c.member)
    }

    /// Where a member's colour is between two looks now: (from, to, fraction eased), for the
    /// last change of each member still easing, newest first.
    pub fn easing(&self) -> impl Iterator<Item = (NodeId, Look, Look, f64)> + '_ {
        self.changes
            .iter()
            .enumerate()
            .rev()
            .filter(move |&(i, c)| {
                self.now_ms - c.at_ms < EASE_MS
                    && !self.changes[i + 1..]
                        .iter()
                        .any(|later| later.member == c.member)
            })
            .map(|(_, c)| (c.member, c.from, c.to, eased(self.now_ms - c.at_ms)))
    }
}

/// What a key moment's mark on the canvas says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// The run's first suspicion: a ring on the suspect, a line from its accuser.
    FirstSuspicion,
    /// The suspect refuted it.
    Refutation,
}

/// A key moment's mark as drawn now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// What it marks.
    pub kind: MarkKind,
    /// The member it is on.
    pub member: NodeId,
    /// The accuser, for a suspicion.
    pub by: Option<NodeId>,
    /// Opacity: 1, fading out over the last quarter of its hold.
    pub alpha: f64,
}

impl Mark {
    /// The words beside it.
    pub fn label(&self) -> String {
        match (self.kind, self.by) {
            (MarkKind::FirstSuspicion, Some(by)) => format!("first suspicion, by {by}"),
            (MarkKind::FirstSuspicion, None) => "first suspicion".into(),
            (MarkKind::Refutation, _) => "refutes: alive".into(),
        }
    }
}

/// How long a key moment stays marked on the canvas, µs of virtual time: four protocol
/// periods, at least 2 s (at the lessons' 0.1× that is 20 s or more of wall time).
pub fn mark_hold(period_ms: u64) -> Micros {
    (4 * period_ms * 1000).max(2_000_000)
}

/// The marks shown at virtual time `now`: each key moment from when it happens until `hold`
/// later (a refutation replaces the suspicion's mark on the same member).
pub fn marks(k: &KeyMoments, now: Micros, hold: Micros) -> Vec<Mark> {
    let alpha = |at: Micros| -> Option<f64> {
        let e = now.checked_sub(at)?;
        (e < hold).then(|| (4.0 * (1.0 - e as f64 / hold as f64)).min(1.0))
    };
    let refuted = k.refutation.filter(|r| r.at <= now);
    let mut out = Vec::new();
    if let Some(s) = k.first_suspicion.filter(|_| refuted.is_none())
        && let Some(a) = alpha(s.at)
    {
        out.push(Mark {
            kind: MarkKind::FirstSuspicion,
            member: s.member,
            by: s.by,
            alpha: a,
        });
    }
    if let Some(r) = refuted
        && let Some(a) = alpha(r.at)
    {
        out.push(Mark {
            kind: MarkKind::Refutation,
            member: r.member,
            by: None,
            alpha: a,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::moments::KeyMoment;

    #[test]
    fn a_pulse_grows_and_fades_once_then_is_over() {
        assert_eq!(pulse(-1.0, 10.0), None, "not before the change");
        let start = pulse(0.0, 10.0).unwrap();
        assert_eq!(start.radius, 13.0, "just outside the node");
        assert!((start.alpha - 0.9).abs() < 1e-12);
        let mut last = start;
        for ms in (50..800).step_by(50) {
            let now = pulse(ms as f64, 10.0).unwrap();
            assert!(
                now.radius > last.radius && now.alpha < last.alpha,
                "at {ms} ms"
            );
            last = now;
        }
        assert!(last.radius <= 13.0 + 24.0 && last.radius > 30.0, "{last:?}");
        assert_eq!(pulse(PULSE_MS, 10.0), None, "over");
        // A few-pixel node among thousands still pulses to a ring the eye finds.
        assert!(pulse(PULSE_MS / 2.0, 1.5).unwrap().radius > 14.0);
    }

    #[test]
    fn a_colour_eases_in_over_a_few_hundred_ms() {
        assert_eq!(eased(0.0), 0.0);
        assert_eq!(eased(EASE_MS / 2.0), 0.5);
        assert_eq!(eased(EASE_MS), 1.0);
        assert_eq!(eased(10_000.0), 1.0);
        assert!(eased(EASE_MS * 0.1) < 0.1, "slow at first");
        assert!((200.0..=500.0).contains(&EASE_MS));
    }

    /// Runs `m` to `t` µs and observes it at wall time `ms`.
    fn at(motion: &mut Motion, m: &mut Model, t: Micros, ms: f64) {
        m.run_to(t, &mut || false);
        motion.observe(m, ms);
    }

    #[test]
    fn a_crashed_member_pulses_once_when_it_turns_suspected_and_eases_its_colour() {
        let mut m = Model::from_query("proto=swim&nodes=8&topo=full&ev=1s.crash.3&seed=1");
        let mut motion = Motion::default();
        at(&mut motion, &mut m, 900_000, 0.0);
        assert_eq!(motion.recent().count(), 0, "the first look is no change");
        // Step until someone suspects node 3, one frame (16 ms of wall time) a step.
        let mut ms = 0.0;
        while m.look(3) == Look::Alive {
            ms += 16.0;
            let t = m.sim().now() + 20_000;
            at(&mut motion, &mut m, t, ms);
            assert!(ms < 1e5, "node 3 never suspected");
        }
        let pulsing: Vec<NodeId> = motion.pulsing().collect();
        assert_eq!(pulsing, [3]);
        let (member, from, to, f) = motion.easing().next().unwrap();
        assert_eq!(
            (member, from, to, f),
            (3, Look::Alive, Look::Suspected, 0.0)
        );
        // Paused: the wall clock goes on, the pulse plays out and stops.
        motion.observe(&m, ms + EASE_MS);
        assert_eq!(motion.easing().count(), 0, "eased in");
        assert_eq!(motion.pulsing().collect::<Vec<_>>(), [3]);
        motion.observe(&m, ms + PULSE_MS);
        assert_eq!(motion.pulsing().count(), 0, "one pulse, not a loop");
    }

    #[test]
    fn travelling_back_restarting_or_selecting_a_viewer_reads_the_looks_afresh_without_pulses() {
        let mut m = Model::from_query("proto=swim&nodes=8&topo=full&ev=1s.crash.3&seed=1");
        let mut motion = Motion::default();
        at(&mut motion, &mut m, 500_000, 0.0);
        at(&mut motion, &mut m, 20_000_000, 16.0);
        assert!(
            motion.pulsing().any(|x| x == 3),
            "a jump ahead pulses what changed"
        );
        m.seek(500_000);
        motion.observe(&m, 32.0);
        assert_eq!(motion.pulsing().count(), 0, "back in time: no pulse");
        at(&mut motion, &mut m, 20_000_000, 48.0);
        m.selected = Some(0);
        motion.observe(&m, 64.0);
        assert_eq!(motion.pulsing().count(), 0, "another viewer: no pulse");
        // Another run further on (a lesson's next step loads a new one) is not a change.
        let mut other = Model::from_query("proto=swim&nodes=8&topo=full&ev=1s.crash.5&seed=1");
        other.selected = Some(0);
        at(&mut motion, &mut other, 30_000_000, 80.0);
        assert_eq!(motion.pulsing().count(), 0, "another run: no pulse");
    }

    #[test]
    fn when_hundreds_change_at_once_the_changes_kept_are_bounded_and_the_buffer_is_reused() {
        let mut m = Model::from_query("proto=swim&nodes=1000&topo=full&ev=1s.partition.0-499");
        let mut motion = Motion::default();
        motion.observe(&m, 0.0);
        let buffer = motion.looks().as_ptr();
        let (mut ms, mut most, mut first) = (0.0, 0, None::<Change>);
        while m.sim().now() < 5_000_000 {
            ms += 16.0;
            m.advance(100.0, &mut || false);
            motion.observe(&m, ms);
            most = most.max(motion.recent().count());
            // A pulse that started plays to its end, however many changes come after it.
            if let Some(c) = first.filter(|c| ms - c.at_ms < PULSE_MS) {
                assert!(motion.recent().any(|(k, _)| *k == c), "{c:?} cut short");
            } else if motion.recent().count() == MAX_CHANGES {
                first = motion.recent().next().map(|(c, _)| *c);
            }
        }
        assert_eq!(
            most, MAX_CHANGES,
            "a split of 1,000 changes more than are kept"
        );
        assert_eq!(motion.looks().len(), 1000);
        assert_eq!(motion.looks().as_ptr(), buffer, "no new buffer per frame");
    }

    fn moments(s: Micros, r: Option<Micros>) -> KeyMoments {
        KeyMoments {
            first_suspicion: Some(KeyMoment {
                at: s,
                member: 5,
                by: Some(2),
            }),
            refutation: r.map(|at| KeyMoment {
                at,
                member: 5,
                by: None,
            }),
        }
    }

    #[test]
    fn the_first_suspicion_is_marked_for_its_hold_and_its_refutation_replaces_it() {
        let hold = mark_hold(1000);
        assert_eq!(hold, 4_000_000);
        assert_eq!(mark_hold(100), 2_000_000, "at least 2 s");
        let k = moments(10_000_000, Some(11_000_000));
        assert!(marks(&k, 9_999_999, hold).is_empty(), "not before");
        let m = marks(&k, 10_000_000, hold);
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].kind, m[0].member, m[0].alpha),
            (MarkKind::FirstSuspicion, 5, 1.0)
        );
        assert_eq!(m[0].label(), "first suspicion, by 2");
        let m = marks(&k, 11_500_000, hold);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, MarkKind::Refutation);
        // Fades over the last quarter, then gone.
        assert!(marks(&k, 14_500_000, hold)[0].alpha < 1.0);
        assert!(marks(&k, 15_000_000, hold).is_empty());
        // Without a refutation the suspicion's mark runs its hold.
        let k = moments(10_000_000, None);
        assert_eq!(marks(&k, 13_000_000, hold).len(), 1);
        assert!(marks(&k, 14_000_000, hold).is_empty());
    }
}

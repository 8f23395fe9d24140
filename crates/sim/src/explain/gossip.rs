//! Heartbeat gossip's why: the last counter the observer saw advance, its changes of view about
//! the member as the trace has them (since is the last of them), and the next change its
//! detector will make: the detector's deadlines come from the engine, and a change waits for
//! the observer's first sweep (its period timer) at or after a deadline.

use super::{Countdown, Step, Why, row_of, secs};
use crate::checkpoint::Timeline;
use crate::tap::{TapRecord, TapSpec};
use crate::trace::TraceEvent;
use gossip_protocol::{Micros, NodeId, Status};

/// How a gossip node's period timer reads (its sweep: heartbeat, send, detect).
const SWEEP: &str = "gossip period";

/// One change of the observer's view of the member.
#[derive(Clone, Copy)]
struct Change {
    at: Micros,
    from: Status,
    to: Status,
    via: Option<NodeId>,
}

/// The observer's changes of view about the tapped member, oldest first.
fn changes(records: &[TapRecord], observer: NodeId) -> Vec<Change> {
    records
        .iter()
        .filter_map(|r| match *r {
            TapRecord::View {
                at,
                observer: o,
                from,
                to,
                via,
            } if o == observer => Some(Change { at, from, to, via }),
            _ => None,
        })
        .collect()
}

/// The observer's last change of view about the member in the kept trace (the page keeps
/// one; a suffix of the trace, so its last change is the run's), µs.
fn logged_change(t: &Timeline, observer: NodeId, member: NodeId) -> Option<Micros> {
    t.sim().log().iter().rev().find_map(|r| match r.event {
        TraceEvent::View {
            observer: o,
            member: m,
            ..
        } if o == observer && m == member => Some(r.at),
        _ => None,
    })
}

pub(super) fn gossip_why(t: &Timeline, observer: NodeId, member: NodeId) -> Why {
    let sim = t.sim();
    let now = sim.now();
    let period = sim.params().period_ms * 1000;
    let Some(row) = row_of(t, observer, member) else {
        return Why {
            headline: format!("Node {observer} has no entry for node {member}: never heard of it."),
            ..Why::default()
        };
    };
    // Replay from before the last counter (and at least a period, for the last sweep), further
    // back until the observer's last change of view is in the window.
    let spec = TapSpec {
        member: Some(member),
        lanes: vec![observer],
    };
    let start = row
        .stamp
        .min(now.saturating_sub(period))
        .min(logged_change(t, observer, member).unwrap_or(Micros::MAX));
    let mut lookback = period;
    let (records, from) = loop {
        let from = start.saturating_sub(lookback);
        let records = t.replay_window(from, now, spec.clone());
        let found = !changes(&records, observer).is_empty();
        if found || from == 0 || lookback >= 16 * period {
            break (records, from);
        }
        lookback *= 4;
    };
    let all = changes(&records, observer);
    let since = all.last().map_or(from, |c| c.at);
    let why = Why {
        proto: Some(crate::scenario::Proto::Gossip),
        ..Why::default()
    };
    let mut steps = vec![Step {
        at: row.stamp,
        kind: "first-hand",
        text: format!(
            "last saw node {member}'s heartbeat counter advance to {} (generation {} ms) at {} \
             (age {}): gossip's detector is always first-hand, on the observer's own clock",
            row.counter,
            row.generation,
            secs(row.stamp),
            secs(now.saturating_sub(row.stamp))
        ),
    }];
    if all.is_empty() {
        steps.push(Step {
            at: from,
            kind: "note",
            text: if from == 0 {
                format!("node {observer}'s view of node {member} has not changed since the start")
            } else {
                format!(
                    "node {observer}'s view of node {member} has not changed since {} (the \
                     replayed window)",
                    secs(from)
                )
            },
        });
    }
    let deadlines = sim.detector_deadlines(observer, member);
    for c in all.iter().filter(|c| c.at >= since.min(row.stamp)) {
        steps.push(change_step(&why, c, observer, member, row.stamp, deadlines));
    }
    // The observer's next sweep: a period after its last one.
    let next_sweep = records
        .iter()
        .filter_map(|r| match r {
            TapRecord::Timer { at, node, text } if *node == observer && text.starts_with(SWEEP) => {
                Some(*at)
            }
            _ => None,
        })
        .max()
        .map(|last| last + period);
    let sweep_at = |deadline: Micros| match next_sweep {
        Some(next) if deadline > next => next + (deadline - next).div_ceil(period.max(1)) * period,
        Some(next) => next,
        None => deadline,
    };
    let pending: Vec<(Status, Micros)> = match (row.status, deadlines) {
        (Status::Alive, Some([suspect, remove])) => {
            vec![(Status::Suspect, suspect), (Status::Dead, remove)]
        }
        (Status::Suspect, Some([_, remove])) => vec![(Status::Dead, remove)],
        _ => Vec::new(),
    };
    // The first change to come; silent past both deadlines at one sweep, a live member is
    // removed at once.
    let countdown = pending
        .iter()
        .map(|&(to, deadline)| Countdown {
            to,
            at: sweep_at(deadline),
            deadline: Some(deadline),
        })
        .min_by_key(|c| (c.at, std::cmp::Reverse(c.to)));
    let mut countdowns = Vec::new();
    for (to, deadline) in pending {
        let at = sweep_at(deadline);
        let when = match next_sweep {
            None => format!(
                "at its first sweep at or after its deadline {} (its sweeps are not in the \
                 replayed window)",
                secs(deadline)
            ),
            Some(_) if deadline <= now => format!(
                "at its next sweep, ~{} (in {}): its deadline, {}, has passed",
                secs(at),
                secs(at.saturating_sub(now)),
                secs(deadline)
            ),
            Some(_) => format!(
                "at its first sweep at or after its deadline {} (in {}), ~{} (in {})",
                secs(deadline),
                secs(deadline - now),
                secs(at),
                secs(at.saturating_sub(now))
            ),
        };
        countdowns.push(Step {
            at,
            kind: "countdown",
            text: format!(
                "{} {when}; unless a fresher counter arrives first",
                why.word(to)
            ),
        });
    }
    crate::sort::by_key(&mut steps, |s| s.at);
    steps.extend(countdowns);
    let first = steps.iter().map(|s| s.at).min().unwrap_or(row.stamp);
    Why {
        headline: format!(
            "Node {observer} believes node {member} is {} (since {}{}).",
            why.word(row.status),
            if all.is_empty() && since > 0 {
                "before "
            } else {
                ""
            },
            secs(since)
        ),
        status: row.status,
        since,
        countdown,
        steps,
        lanes: vec![observer, member],
        window: (first.saturating_sub(period), now),
        ..why
    }
}

/// A change of view as a line of the story. `stamp` is when the last counter arrived and
/// `deadlines` the detector's for it.
fn change_step(
    why: &Why,
    c: &Change,
    observer: NodeId,
    member: NodeId,
    stamp: Micros,
    deadlines: Option<[Micros; 2]>,
) -> Step {
    let (from, to) = (why.word(c.from), why.word(c.to));
    let text = match c.via {
        Some(z) => format!("node {observer} heard of node {member} from node {z}: {from} → {to}"),
        None if c.at >= stamp && matches!(c.to, Status::Suspect | Status::Dead) => {
            let deadline = deadlines
                .map(|[s, r]| if c.to == Status::Suspect { s } else { r })
                .map_or_else(String::new, |d| format!(" (its deadline {})", secs(d)));
            format!(
                "node {observer}'s sweep: node {member} silent since {}{deadline}: {from} → {to}",
                secs(stamp)
            )
        }
        None => format!("node {observer}'s sweep: {from} → {to}"),
    };
    Step {
        at: c.at,
        kind: if c.via.is_some() {
            "hearsay"
        } else {
            "first-hand"
        },
        text,
    }
}

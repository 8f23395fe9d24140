//! Why a member believes what it does about another, from the run itself.
//!
//! SWIM: the observer's last change of view about the member is traced back hop by hop (who
//! told whom, when) to the member that found out first-hand, and that member's own failed
//! probe is told message by message ([`probe`]): its ping, its ack timeout, each ping-req and
//! what became of each relay's ping, ack and nack, its TCP fallback ping, and the end of its
//! period. (Pings a member sends as a relay for someone else's probe belong to that other
//! probe's story.) With Lifeguard's dynamic suspicion, each confirmation that brought a
//! deadline closer is told too. Gossip ([`gossip`]): the last heartbeat counter seen, when,
//! the observer's changes of view from the trace, and when its detector's sweeps will act.
//!
//! Countdowns are asked of the engine: the suspicion timeouts the observer has armed (with
//! Lifeguard's dynamic suspicion, the deadline its confirmations have brought it to so far),
//! and the gossip detector's own deadlines with the observer's sweeps; nothing here
//! recomputes a timeout beside them.
//!
//! Nothing here is kept while the run plays: a window of the run is replayed from a checkpoint
//! with a tap on (see [`crate::tap`]), so the cost is one replay of a few periods.

mod gossip;
mod probe;

pub use probe::{Nack, PingReq, Probe, ReqOutcome, TcpOutcome, TcpPing};

use crate::checkpoint::Timeline;
use crate::run::Simulation;
use crate::scenario::Proto;
use crate::tap::{TapRecord, TapSpec};
use gossip_protocol::{Micros, NodeId, Status};
use probe::{probe_steps, probe_story};

/// One line of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Virtual time, µs (0 for lines about no particular time).
    pub at: Micros,
    /// `hearsay`, `first-hand`, `probe`, `lost`, `confirmation`, `sweep`, `countdown` or
    /// `note`.
    pub kind: &'static str,
    /// The line.
    pub text: String,
}

/// One hop of a rumour: `to` changed its view of the member on a message from `from`,
/// delivered at `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The member that told.
    pub from: NodeId,
    /// The member that heard.
    pub to: NodeId,
    /// When the message arrived and `to`'s view changed, µs.
    pub at: Micros,
    /// What `to` believes of the member from then on.
    pub status: Status,
}

/// What happens next to the observer's view if nothing new arrives, from the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// The status it turns to: `Dead` (SWIM's suspicion timeout; gossip's removal) or
    /// `Suspect` (gossip).
    pub to: Status,
    /// When, µs: the armed suspicion timeout (SWIM); the observer's first sweep at or after
    /// the detector's deadline (gossip), from its period timer and the period in force (a
    /// pause or a `set.period` can move it).
    pub at: Micros,
    /// Gossip: the detector's deadline itself, µs (it may have passed while the sweep that
    /// acts on it has not come yet). None for SWIM.
    pub deadline: Option<Micros>,
}

/// A Lifeguard confirmation that brought a member's suspicion timeout closer (dynamic
/// suspicion): another member's suspicion of the same incarnation, counted once per accuser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Confirmation {
    /// Whose suspicion timeout moved.
    pub node: NodeId,
    /// When, µs.
    pub at: Micros,
    /// The member whose suspicion it counted (its failed probe), if known.
    pub accuser: Option<NodeId>,
    /// The member whose message carried it (None: `node`'s own probe failed again).
    pub via: Option<NodeId>,
    /// The deadline before, µs.
    pub before: Micros,
    /// The deadline after, µs.
    pub after: Micros,
}

/// Why `observer` believes what it does about `member`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Why {
    /// One sentence: what it believes, since when.
    pub headline: String,
    /// What it believes (`Unknown` when it is down or never heard of the member).
    pub status: Status,
    /// Since when, µs: its last change of view about the member (SWIM: its entry's last
    /// change; gossip: from the trace, or the start of the replayed window when no change is in
    /// it, 16 periods before the last counter).
    pub since: Micros,
    /// The rumour's hops, from the member that found out first-hand to the observer, in time
    /// order (SWIM).
    pub hops: Vec<Hop>,
    /// Members whose own suspicion of the member ran out (they declared it dead first-hand),
    /// with when, µs, in time order (SWIM).
    pub timeouts: Vec<(NodeId, Micros)>,
    /// The first-hand failed probe the chain starts from (SWIM).
    pub probe: Option<Probe>,
    /// Confirmations that brought the deadline of a suspicion in the story closer (SWIM with
    /// Lifeguard's dynamic suspicion): the observer's while it suspects, and those of the
    /// members whose suspicion timed out, in time order.
    pub confirmations: Vec<Confirmation>,
    /// What comes next unless something new arrives.
    pub countdown: Option<Countdown>,
    /// The story, oldest first (countdowns last).
    pub steps: Vec<Step>,
    /// The nodes involved (for a sequence diagram), observer first.
    pub lanes: Vec<NodeId>,
    /// The window of the run the story covers, µs.
    pub window: (Micros, Micros),
    /// The protocol (None for a diagram that explains nothing).
    pub proto: Option<Proto>,
}

impl Why {
    /// `status` in the words of the protocol explained: [`name`], but gossip's `Dead` is
    /// `removed` (the detector removes a member; a tombstone stays).
    pub fn word(&self, status: Status) -> &'static str {
        match (self.proto, status) {
            (Some(Proto::Gossip), Status::Dead) => "removed",
            _ => name(status),
        }
    }
}

/// The status in words.
pub fn name(s: Status) -> &'static str {
    match s {
        Status::Alive => "alive",
        Status::Suspect => "suspect",
        Status::Dead => "dead",
        Status::Left => "left",
        Status::Unknown => "unknown",
    }
}

fn secs(us: Micros) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// Explains `observer`'s belief about `member` now.
pub fn explain(t: &Timeline, observer: NodeId, member: NodeId) -> Why {
    let sim = t.sim();
    if sim.state(observer) != crate::NodeState::Up {
        return Why {
            headline: format!("Node {observer} is not running: it believes nothing."),
            ..Why::default()
        };
    }
    let proto = sim.scenario().proto;
    let why = match proto {
        Proto::Gossip => gossip::gossip_why(t, observer, member),
        Proto::Swim => swim_why(t, observer, member),
    };
    Why {
        proto: Some(proto),
        ..why
    }
}

fn row_of(t: &Timeline, observer: NodeId, member: NodeId) -> Option<gossip_protocol::Row> {
    t.sim()
        .rows(observer)
        .into_iter()
        .find(|r| r.member == member)
}

/// The armed suspicion timeout that will fire first for `member` at `incarnation` in
/// `observer`'s current life, at or after now, µs.
pub fn suspicion_deadline(
    sim: &dyn Simulation,
    observer: NodeId,
    member: NodeId,
    incarnation: u64,
) -> Option<Micros> {
    let now = sim.now();
    sim.suspicion_timers(observer)
        .into_iter()
        .find(|&(m, inc, at)| m == member && inc == incarnation && at >= now)
        .map(|(_, _, at)| at)
}

/// A change of view about the member, from the tap.
#[derive(Clone, Copy)]
struct View {
    at: Micros,
    observer: NodeId,
    to: Status,
    via: Option<NodeId>,
}

fn views(records: &[TapRecord]) -> Vec<View> {
    records
        .iter()
        .filter_map(|r| match *r {
            TapRecord::View {
                at,
                observer,
                to,
                via,
                ..
            } => Some(View {
                at,
                observer,
                to,
                via,
            }),
            _ => None,
        })
        .collect()
}

/// The chain found by walking back from the observer: hops and timeouts (newest first), and
/// the first-hand suspecter with the time of its suspicion.
#[derive(Default)]
struct Chain {
    hops: Vec<Hop>,
    timeouts: Vec<(NodeId, Micros)>,
    origin: Option<(NodeId, Micros)>,
    /// The chain went back past the replayed window: (whose belief, window start).
    cut: Option<(NodeId, Micros)>,
}

/// Walks `observer`'s belief `status` (held since `since`) back through `all`.
fn walk(all: &[View], observer: NodeId, status: Status, since: Micros, from: Micros) -> Chain {
    let mut chain = Chain::default();
    let mut seen = vec![observer];
    let (mut who, mut what, mut until) = (observer, status, since);
    for _ in 0..256 {
        let Some(v) = all
            .iter()
            .rev()
            .find(|v| v.observer == who && v.to == what && v.at <= until)
            .copied()
        else {
            chain.cut = Some((who, from));
            break;
        };
        match v.via {
            Some(z) => {
                chain.hops.push(Hop {
                    from: z,
                    to: who,
                    at: v.at,
                    status: what,
                });
                // What z believed when it told: its last suspect or dead view before then.
                let told = all
                    .iter()
                    .rev()
                    .find(|w| {
                        w.observer == z
                            && w.at <= v.at
                            && matches!(w.to, Status::Suspect | Status::Dead)
                    })
                    .map_or(what, |w| w.to);
                if seen.contains(&z) {
                    break;
                }
                seen.push(z);
                (who, what, until) = (z, told, v.at);
            }
            None if v.to == Status::Dead => {
                chain.timeouts.push((who, v.at));
                (what, until) = (Status::Suspect, v.at);
            }
            None => {
                chain.origin = Some((who, v.at));
                break;
            }
        }
    }
    chain
}

fn swim_why(t: &Timeline, observer: NodeId, member: NodeId) -> Why {
    let sim = t.sim();
    let now = sim.now();
    let status = sim.status_of(observer, member);
    let Some(row) = row_of(t, observer, member) else {
        return Why {
            headline: format!("Node {observer} has not heard of node {member} yet."),
            ..Why::default()
        };
    };
    let headline = format!(
        "Node {observer} believes node {member} is {} (incarnation {}, since {}).",
        name(status),
        row.counter,
        secs(row.stamp)
    );
    let period = sim.params().period_ms * 1000;
    if status == Status::Alive && row.counter > 0 {
        return refutation_why(t, observer, member, &row, headline);
    }
    if !matches!(status, Status::Suspect | Status::Dead) {
        return Why {
            headline,
            status,
            since: row.stamp,
            ..Why::default()
        };
    }
    // Replay further back until the chain reaches its first-hand origin (a death can come a
    // long suspicion timeout after the suspicion: Lifeguard's starts at six times the minimum).
    let spec = TapSpec {
        member: Some(member),
        lanes: Vec::new(),
    };
    // A suspect's replay runs to now, for the confirmations it has counted since.
    let until = if status == Status::Suspect {
        now
    } else {
        row.stamp
    };
    let mut lookback = 8 * period;
    let (chain, records) = loop {
        let from = row.stamp.saturating_sub(lookback);
        let records = t.replay_window(from, until, spec.clone());
        let all = views(&records);
        let chain = walk(&all, observer, status, row.stamp, from);
        if chain.cut.is_none() || from == 0 || lookback > 256 * period {
            break (chain, records);
        }
        lookback *= 4;
    };
    let all = views(&records);
    // Whose suspicion deadlines the story tells: the observer's while it suspects, and those
    // of the members whose suspicion timed out (from their suspicion to their timeout).
    let mut suspicions: Vec<(NodeId, Micros, Micros)> = chain
        .timeouts
        .iter()
        .filter_map(|&(who, dead_at)| {
            let start = all
                .iter()
                .rev()
                .find(|v| v.observer == who && v.to == Status::Suspect && v.at <= dead_at)?
                .at;
            Some((who, start, dead_at))
        })
        .collect();
    if status == Status::Suspect {
        suspicions.push((observer, row.stamp, now));
    }
    let mut confirmations: Vec<Confirmation> = suspicions
        .iter()
        .flat_map(|&(who, start, end)| confirmations_of(&records, who, start, end))
        .collect();
    crate::sort::by_key(&mut confirmations, |c| (c.at, c.node));
    let mut steps = Vec::new();
    let mut lanes = vec![observer];
    let probe = chain
        .origin
        .and_then(|(prober, at)| probe_story(t, prober, member, at, period));
    if let Some((who, from)) = chain.cut {
        steps.push(Step {
            at: from,
            kind: "note",
            text: format!(
                "node {who}'s belief formed before {}, outside the replayed window",
                secs(from)
            ),
        });
    }
    if let Some(p) = &probe {
        steps.extend(probe_steps(p));
        lanes.push(p.prober);
        lanes.extend(p.ping_reqs.iter().map(|r| r.relay));
    } else if let Some((prober, at)) = chain.origin {
        steps.push(Step {
            at,
            kind: "first-hand",
            text: format!(
                "node {prober} suspected node {member} at the end of its own probe's period"
            ),
        });
        lanes.push(prober);
    }
    let mut hops = chain.hops;
    hops.reverse();
    let mut timeouts = chain.timeouts;
    timeouts.reverse();
    let mut story: Vec<Step> = hops
        .iter()
        .map(|h| Step {
            at: h.at,
            kind: "hearsay",
            text: format!(
                "node {} heard node {member} is {} from node {}, in a message from it",
                h.to,
                name(h.status),
                h.from
            ),
        })
        .chain(timeouts.iter().map(|&(who, at)| Step {
            at,
            kind: "first-hand",
            text: format!(
                "node {who}'s own suspicion of node {member} timed out: it declared it dead"
            ),
        }))
        .chain(confirmations.iter().map(|c| confirmation_step(c, member)))
        .collect();
    crate::sort::by_key(&mut story, |s| s.at);
    steps.extend(story);
    for h in &hops {
        lanes.push(h.from);
        lanes.push(h.to);
    }
    let mut unique = Vec::new();
    for l in lanes.into_iter().chain([member]) {
        if !unique.contains(&l) {
            unique.push(l);
        }
    }
    let countdown = (status == Status::Suspect)
        .then(|| suspicion_deadline(sim, observer, member, row.counter))
        .flatten()
        .map(|at| Countdown {
            to: Status::Dead,
            at,
            deadline: None,
        });
    match (status, countdown) {
        (Status::Suspect, Some(c)) => steps.push(Step {
            at: c.at,
            kind: "countdown",
            text: format!(
                "node {observer}'s suspicion timeout is armed for {} (in {}): dead then unless \
                 node {member} refutes{}",
                secs(c.at),
                secs(c.at - now),
                if sim.params().lifeguard.dynamic {
                    " (confirmations from other members bring it closer)"
                } else {
                    ""
                }
            ),
        }),
        (Status::Suspect, None) => steps.push(Step {
            at: now,
            kind: "note",
            text: format!("node {observer} has no suspicion timeout armed for node {member}"),
        }),
        _ => {}
    }
    let first = steps
        .iter()
        .filter(|s| s.kind != "note")
        .map(|s| s.at)
        .filter(|&a| a > 0)
        .min()
        .unwrap_or(row.stamp);
    Why {
        headline,
        status,
        since: row.stamp,
        hops,
        timeouts,
        probe,
        confirmations,
        countdown,
        steps,
        lanes: unique,
        window: (
            first.saturating_sub(period / 2),
            row.stamp.max(first) + period / 2,
        ),
        proto: None,
    }
}

/// Why `observer` holds `member` alive at an incarnation above 0: the member was suspected
/// (or declared dead), heard it and refuted with a higher incarnation, and the refutation
/// reached the observer along the hops told here. Replays up to 32 periods before the
/// observer took it.
fn refutation_why(
    t: &Timeline,
    observer: NodeId,
    member: NodeId,
    row: &gossip_protocol::Row,
    headline: String,
) -> Why {
    let period = t.sim().params().period_ms * 1000;
    let from = row.stamp.saturating_sub(32 * period);
    let spec = TapSpec {
        member: Some(member),
        lanes: Vec::new(),
    };
    let records = t.replay_window(from, row.stamp, spec);
    let all = views(&records);
    // The alive rumour, back from the observer to the member that refuted.
    let mut hops = Vec::new();
    let (mut who, mut until, mut seen) = (observer, row.stamp, vec![observer]);
    while let Some(v) = all
        .iter()
        .rev()
        .find(|v| v.observer == who && v.to == Status::Alive && v.at <= until)
        .copied()
    {
        let Some(z) = v.via else { break };
        hops.push(Hop {
            from: z,
            to: who,
            at: v.at,
            status: Status::Alive,
        });
        if z == member || seen.contains(&z) {
            break;
        }
        seen.push(z);
        (who, until) = (z, v.at);
    }
    hops.reverse();
    let reached = hops.first().map_or(row.stamp, |h| h.at);
    // What it refuted: the last first-hand accusation before the refutation went out, and the
    // observer's own belief before it took the refutation.
    let accusation = all
        .iter()
        .rev()
        .find(|v| {
            v.via.is_none() && v.observer != member && v.to == Status::Suspect && v.at <= reached
        })
        .copied();
    let held = all
        .iter()
        .rev()
        .find(|v| v.observer == observer && v.at < row.stamp && v.to != Status::Alive)
        .copied();
    let mut steps = Vec::new();
    if let Some(a) = accusation {
        steps.push(Step {
            at: a.at,
            kind: "first-hand",
            text: format!(
                "node {} suspected node {member} first-hand: its probe of it failed",
                a.observer
            ),
        });
    }
    if let Some(h) = held {
        steps.push(Step {
            at: h.at,
            kind: "hearsay",
            text: match h.via {
                Some(z) => format!(
                    "node {observer} heard node {member} is {} from node {z}",
                    name(h.to)
                ),
                None => format!("node {observer} came to hold node {member} {}", name(h.to)),
            },
        });
    }
    for h in &hops {
        steps.push(Step {
            at: h.at,
            kind: "refutation",
            text: if h.from == member {
                format!(
                    "node {member} refuted: it heard it was suspected and told node {} it is \
                     alive, with a higher incarnation",
                    h.to
                )
            } else {
                format!(
                    "node {} heard node {member} is alive at a higher incarnation, from node {}",
                    h.to, h.from
                )
            },
        });
    }
    if let Some(h) = hops.first().filter(|h| h.from != member) {
        steps.push(Step {
            at: h.at,
            kind: "note",
            text: format!(
                "node {} held node {member} alive throughout and had already heard its higher \
                 incarnation; the path before it is not traced",
                h.from
            ),
        });
    }
    steps.push(Step {
        at: row.stamp,
        kind: "note",
        text: format!(
            "incarnation {} overrides any suspicion of a lower one: node {observer} holds node \
             {member} alive",
            row.counter
        ),
    });
    if hops.is_empty() {
        let text = if held.is_some() {
            format!(
                "the refutation reached node {observer} before {}, outside the replayed window",
                secs(from)
            )
        } else {
            format!(
                "node {observer} held node {member} alive throughout: it took the higher \
                 incarnation at {} without a change of view",
                secs(row.stamp)
            )
        };
        steps.push(Step {
            at: row.stamp,
            kind: "note",
            text,
        });
    }
    crate::sort::by_key(&mut steps, |s| s.at);
    let mut lanes = vec![observer];
    for l in accusation
        .map(|a| a.observer)
        .into_iter()
        .chain(hops.iter().flat_map(|h| [h.from, h.to]))
        .chain([member])
    {
        if !lanes.contains(&l) {
            lanes.push(l);
        }
    }
    let first = steps.iter().map(|s| s.at).min().unwrap_or(row.stamp);
    Why {
        headline,
        status: Status::Alive,
        since: row.stamp,
        hops,
        steps,
        lanes,
        window: (first.saturating_sub(period / 2), row.stamp + period / 2),
        ..Why::default()
    }
}

/// The confirmations that moved `node`'s suspicion timeout between `start` (when it began to
/// suspect, and armed its first) and `end`, from the tap's armed deadlines.
fn confirmations_of(
    records: &[TapRecord],
    node: NodeId,
    start: Micros,
    end: Micros,
) -> Vec<Confirmation> {
    let mut armed = records.iter().filter_map(|r| match *r {
        TapRecord::Deadline {
            at,
            observer,
            incarnation,
            deadline,
            via,
            accuser,
        } if observer == node && (start..=end).contains(&at) => {
            Some((at, incarnation, deadline, via, accuser))
        }
        _ => None,
    });
    let Some((_, incarnation, mut current, _, _)) = armed.next() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (at, inc, deadline, via, accuser) in armed {
        if inc == incarnation && deadline != current {
            out.push(Confirmation {
                node,
                at,
                accuser,
                via,
                before: current,
                after: deadline,
            });
            current = deadline;
        }
    }
    out
}

fn confirmation_step(c: &Confirmation, member: NodeId) -> Step {
    let node = c.node;
    let whose = match (c.accuser, c.via) {
        (Some(a), _) if a == node => format!("its own probe of node {member} failed again"),
        (Some(a), Some(v)) if a == v => format!("node {a} suspects node {member} too"),
        (Some(a), Some(v)) => {
            format!("node {a} suspects node {member} too (heard from node {v})")
        }
        (None, Some(v)) => format!("a confirmation arrived from node {v}"),
        (_, None) => format!("its own probe of node {member} failed again"),
    };
    Step {
        at: c.at,
        kind: "confirmation",
        text: format!(
            "node {node}: {whose}: a confirmation, so its suspicion timeout moves from {} to {}",
            secs(c.before),
            secs(c.after)
        ),
    }
}

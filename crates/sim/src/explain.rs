//! Why a member believes what it does about another, from the run itself.
//!
//! SWIM: the observer's last change of view about the member is traced back hop by hop (who
//! told whom, when) to the member that found out first-hand, and that member's failed probe is
//! told message by message (ping, ack timeout, ping-reqs and what became of each). Gossip: the
//! last heartbeat counter seen, when, and the countdowns to suspicion and removal.
//!
//! Nothing here is kept while the run plays: a window of the run is replayed from a checkpoint
//! with a tap on (see [`crate::tap`]), so the cost is one replay of a few periods.

use crate::checkpoint::Timeline;
use crate::scenario::Proto;
use crate::tap::{Fate, MsgRecord, TapRecord, TapSpec};
use gossip_protocol::{Micros, MsgKind, NodeId, Status};

/// One line of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Virtual time, µs (0 for lines about no particular time).
    pub at: Micros,
    /// `hearsay`, `first-hand`, `probe`, `lost`, `countdown` or `note`.
    pub kind: &'static str,
    /// The line.
    pub text: String,
}

/// Why `observer` believes what it does about `member`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Why {
    /// One sentence: what it believes, since when.
    pub headline: String,
    /// The story, oldest first (countdowns last).
    pub steps: Vec<Step>,
    /// The nodes involved (for a sequence diagram), observer first.
    pub lanes: Vec<NodeId>,
    /// The window of the run the story covers, µs.
    pub window: (Micros, Micros),
}

fn name(s: Status) -> &'static str {
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
    match sim.scenario().proto {
        Proto::Gossip => gossip_why(t, observer, member),
        Proto::Swim => swim_why(t, observer, member),
    }
}

fn row_of(t: &Timeline, observer: NodeId, member: NodeId) -> Option<gossip_protocol::Row> {
    t.sim()
        .rows(observer)
        .into_iter()
        .find(|r| r.member == member)
}

fn gossip_why(t: &Timeline, observer: NodeId, member: NodeId) -> Why {
    let sim = t.sim();
    let now = sim.now();
    let p = sim.params();
    let (tt, n) = (p.t_ms * 1000, u64::from(p.n));
    let Some(row) = row_of(t, observer, member) else {
        return Why {
            headline: format!("Node {observer} has no entry for node {member}: never heard of it."),
            ..Why::default()
        };
    };
    let status = match row.status {
        Status::Dead => "removed",
        s => name(s),
    };
    let age = now.saturating_sub(row.stamp);
    let mut steps = vec![Step {
        at: row.stamp,
        kind: "first-hand",
        text: format!(
            "last saw node {member}'s heartbeat counter advance to {} (generation {} ms) at {} \
             (age {}): gossip's detector is always first-hand, on the observer's own clock",
            row.counter,
            row.generation,
            secs(row.stamp),
            secs(age)
        ),
    }];
    let suspect_at = row.stamp + tt;
    let remove_at = row.stamp + tt * (n + 1);
    for (at, what) in [(suspect_at, "suspect"), (remove_at, "removed")] {
        let text = if at > now {
            format!(
                "{what} at {} (in {}) unless a fresher counter arrives",
                secs(at),
                secs(at - now)
            )
        } else {
            format!(
                "{what} since its sweep after {} (t = {} ms, n = {n})",
                secs(at),
                p.t_ms
            )
        };
        steps.push(Step {
            at,
            kind: "countdown",
            text,
        });
    }
    Why {
        headline: format!(
            "Node {observer} believes node {member} is {status} (since {}).",
            secs(row.stamp)
        ),
        steps,
        lanes: vec![observer, member],
        window: (row.stamp.saturating_sub(2 * p.period_ms * 1000), now),
    }
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
    if !matches!(status, Status::Suspect | Status::Dead) {
        return Why {
            headline: format!(
                "Node {observer} believes node {member} is {} (incarnation {}, since {}).",
                name(status),
                row.counter,
                secs(row.stamp)
            ),
            ..Why::default()
        };
    }
    let p = sim.params();
    let period = p.period_ms * 1000;
    let n = f64::from(sim.node_count().max(1));
    let timeout = (f64::from(p.n) * period as f64 * n.log10().max(1.0)) as Micros;
    let lookback = 6 * period
        + if status == Status::Dead {
            2 * timeout
        } else {
            0
        };
    let from = row.stamp.saturating_sub(lookback);
    let spec = TapSpec {
        member: Some(member),
        lanes: Vec::new(),
    };
    let all = views(&t.replay_window(from, row.stamp, spec));
    let mut steps = Vec::new();
    let mut lanes = vec![observer];
    let (mut who, mut what, mut until) = (observer, status, row.stamp);
    let mut origin = None;
    for _ in 0..64 {
        let Some(v) = all
            .iter()
            .rev()
            .find(|v| v.observer == who && v.to == what && v.at <= until)
            .copied()
        else {
            steps.push(Step {
                at: from,
                kind: "note",
                text: format!(
                    "node {who}'s belief formed before {}, outside the replayed window",
                    secs(from)
                ),
            });
            break;
        };
        match v.via {
            Some(z) => {
                steps.push(Step {
                    at: v.at,
                    kind: "hearsay",
                    text: format!(
                        "node {who} heard node {member} is {} from node {z}, piggybacked on a message it sent",
                        name(what)
                    ),
                });
                let told = all
                    .iter()
                    .rev()
                    .find(|w| {
                        w.observer == z
                            && w.at <= v.at
                            && matches!(w.to, Status::Suspect | Status::Dead)
                    })
                    .map_or(what, |w| w.to);
                if lanes.contains(&z) {
                    break;
                }
                lanes.push(z);
                (who, what, until) = (z, told, v.at);
            }
            None if v.to == Status::Dead => {
                steps.push(Step {
                    at: v.at,
                    kind: "first-hand",
                    text: format!(
                        "node {who}'s own suspicion of node {member} timed out: it declared it dead"
                    ),
                });
                (what, until) = (Status::Suspect, v.at);
            }
            None => {
                origin = Some((who, v.at));
                break;
            }
        }
    }
    steps.reverse();
    if let Some((prober, at)) = origin {
        let (story, relays) = probe_story(t, prober, member, at, period);
        steps.splice(0..0, story);
        for r in relays {
            if !lanes.contains(&r) && r != member {
                lanes.push(r);
            }
        }
    }
    if !lanes.contains(&member) {
        lanes.push(member);
    }
    if status == Status::Suspect {
        let deadline = row.stamp + timeout;
        steps.push(Step {
            at: deadline,
            kind: "countdown",
            text: if deadline > now {
                format!(
                    "node {observer} declares it dead at about {} (in {}) unless node {member} refutes",
                    secs(deadline),
                    secs(deadline - now)
                )
            } else {
                format!("its suspicion timeout (about {}) has run out", secs(timeout))
            },
        });
    }
    let first = steps
        .iter()
        .map(|s| s.at)
        .filter(|&a| a > 0)
        .min()
        .unwrap_or(from);
    Why {
        headline: format!(
            "Node {observer} believes node {member} is {} (incarnation {}, since {}).",
            name(status),
            row.counter,
            secs(row.stamp)
        ),
        steps,
        lanes,
        window: (
            first.saturating_sub(period / 2),
            row.stamp.max(first) + period / 2,
        ),
    }
}

/// The failed probe of `prober` that ended in its first-hand suspicion of `member` at `at`.
/// Returns the story and the members asked to probe indirectly.
fn probe_story(
    t: &Timeline,
    prober: NodeId,
    member: NodeId,
    at: Micros,
    period: Micros,
) -> (Vec<Step>, Vec<NodeId>) {
    let from = at.saturating_sub(2 * period);
    let spec = TapSpec {
        member: None,
        lanes: vec![prober, member],
    };
    let recs = t.replay_window(from, at, spec);
    let msgs: Vec<MsgRecord> = recs.iter().filter_map(TapRecord::msg).collect();
    let mut out = Vec::new();
    let sent = |f: NodeId, to: NodeId, k: MsgKind, after: Micros| {
        msgs.iter()
            .filter(|m| m.1 == f && m.2 == to && m.3 == k && m.0 >= after)
            .find(|m| matches!(m.4, Fate::Sent { .. } | Fate::LostInNetwork))
            .copied()
    };
    let fate_of = |m: (Micros, NodeId, NodeId, MsgKind, Fate)| -> (&'static str, String) {
        match m.4 {
            Fate::LostInNetwork => ("lost", "lost in the network".to_string()),
            Fate::Sent { arrives } => match msgs.iter().find(|x| {
                x.0 == arrives
                    && x.1 == m.1
                    && x.2 == m.2
                    && x.3 == m.3
                    && !matches!(x.4, Fate::Sent { .. })
            }) {
                Some(x) if x.4 == Fate::Delivered => {
                    ("probe", format!("delivered at {}", secs(arrives)))
                }
                Some(_) => (
                    "lost",
                    format!("arrived at {} but node {} was down", secs(arrives), m.2),
                ),
                None => ("probe", format!("due at {}", secs(arrives))),
            },
            _ => ("probe", String::new()),
        }
    };
    // The last ping from the prober to the member before the suspicion.
    let ping = msgs
        .iter()
        .rev()
        .filter(|m| m.1 == prober && m.2 == member && m.3 == MsgKind::Ping && m.0 < at)
        .find(|m| matches!(m.4, Fate::Sent { .. } | Fate::LostInNetwork))
        .copied();
    let Some(ping) = ping else {
        out.push(Step {
            at,
            kind: "first-hand",
            text: format!(
                "node {prober} suspected node {member} at the end of its own probe's period"
            ),
        });
        return (out, Vec::new());
    };
    let (kind, fate) = fate_of(ping);
    out.push(Step {
        at: ping.0,
        kind,
        text: format!("node {prober} pings node {member}: {fate}"),
    });
    match sent(member, prober, MsgKind::Ack, ping.0) {
        Some(ack) => {
            let (kind, fate) = fate_of(ack);
            out.push(Step {
                at: ack.0,
                kind,
                text: format!("node {member} acks: {fate}"),
            });
        }
        None => out.push(Step {
            at: ping.0,
            kind: "lost",
            text: format!("no ack from node {member}"),
        }),
    }
    if let Some(timer) = recs.iter().find(|r| {
        matches!(r, TapRecord::Timer { at: a, node, text } if *node == prober && *a > ping.0 && text.contains("ack timeout"))
    }) {
        out.push(Step {
            at: timer.at(),
            kind: "probe",
            text: format!("node {prober}'s ack timeout: no ack, so it asks others to probe"),
        });
    }
    let relays: Vec<_> = msgs
        .iter()
        .filter(|m| m.1 == prober && m.3 == MsgKind::PingReq && m.0 > ping.0 && m.0 < at)
        .filter(|m| matches!(m.4, Fate::Sent { .. } | Fate::LostInNetwork))
        .copied()
        .collect();
    if relays.is_empty() {
        out.push(Step {
            at: ping.0,
            kind: "note",
            text: "no ping-req sent (k = 0, or no other member to ask)".into(),
        });
    }
    let relay_ids: Vec<NodeId> = relays.iter().map(|m| m.2).collect();
    for req in relays {
        let r = req.2;
        let (kind, fate) = fate_of(req);
        let mut text = format!("ping-req to node {r}: {fate}");
        if let Some(relay_ping) = sent(r, member, MsgKind::Ping, req.0) {
            let (_, f) = fate_of(relay_ping);
            text.push_str(&format!("; node {r} pings node {member}: {f}"));
        }
        if let Some(back) = sent(r, prober, MsgKind::Ack, req.0) {
            let (_, f) = fate_of(back);
            text.push_str(&format!("; node {r} relays an ack: {f}"));
        }
        out.push(Step {
            at: req.0,
            kind,
            text,
        });
    }
    out.push(Step {
        at,
        kind: "first-hand",
        text: format!(
            "no ack by the end of the period: node {prober} suspects node {member} first-hand"
        ),
    });
    (out, relay_ids)
}

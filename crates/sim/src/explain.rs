//! Why a member believes what it does about another, from the run itself.
//!
//! SWIM: the observer's last change of view about the member is traced back hop by hop (who
//! told whom, when) to the member that found out first-hand, and that member's own failed
//! probe is told message by message: its ping, its ack timeout, each ping-req and what became
//! of each relay's ping and ack, and the end of its period. (Pings a member sends as a relay
//! for someone else's probe belong to that other probe's story.) Gossip: the last heartbeat
//! counter seen, when, and when the detector suspects and removes.
//!
//! Countdowns are asked of the engine: the suspicion timeouts the observer has armed (with
//! Lifeguard's dynamic suspicion, the deadline its confirmations have brought it to so far),
//! and the gossip detector's own deadlines; nothing here recomputes a timeout beside them.
//!
//! Nothing here is kept while the run plays: a window of the run is replayed from a checkpoint
//! with a tap on (see [`crate::tap`]), so the cost is one replay of a few periods.

use crate::checkpoint::Timeline;
use crate::run::Simulation;
use crate::scenario::Proto;
use crate::tap::{Fate, TapRecord, TapSpec};
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

/// What became of one ping-req of a probe, where its chain broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReqOutcome {
    /// The ping-req was lost in the network.
    RequestLost,
    /// The ping-req arrived at a relay that was down.
    RelayDown,
    /// The relay's ping to the member was lost in the network.
    PingLost,
    /// The relay's ping arrived at the member while it was down.
    MemberDown,
    /// The member's ack to the relay, or the relay's ack to the prober, was lost.
    AckLost,
    /// The relayed ack reached the prober after its probe had ended.
    AckedLate,
    /// The relayed ack reached the prober in time (the probe did not fail).
    Acked,
    /// Nothing more is known by the end of the story (still in flight, or the relay did not
    /// ping).
    NoAnswer,
}

impl ReqOutcome {
    /// The outcome in snake case, as `gossip-sim why` prints it.
    pub fn label(self) -> &'static str {
        match self {
            ReqOutcome::RequestLost => "request_lost",
            ReqOutcome::RelayDown => "relay_down",
            ReqOutcome::PingLost => "ping_lost",
            ReqOutcome::MemberDown => "member_down",
            ReqOutcome::AckLost => "ack_lost",
            ReqOutcome::AckedLate => "acked_late",
            ReqOutcome::Acked => "acked",
            ReqOutcome::NoAnswer => "no_answer",
        }
    }

    fn words(self, relay: NodeId, member: NodeId) -> String {
        match self {
            ReqOutcome::RequestLost => "lost in the network".into(),
            ReqOutcome::RelayDown => format!("node {relay} was down"),
            ReqOutcome::PingLost => format!("node {relay}'s ping to node {member} was lost"),
            ReqOutcome::MemberDown => {
                format!("node {relay}'s ping reached node {member} while it was down")
            }
            ReqOutcome::AckLost => "the ack on the way back was lost".into(),
            ReqOutcome::AckedLate => "the relayed ack came after the probe ended".into(),
            ReqOutcome::Acked => "the relayed ack came in time".into(),
            ReqOutcome::NoAnswer => "no answer by the end of the period".into(),
        }
    }
}

/// One ping-req of a probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PingReq {
    /// The member asked to ping.
    pub relay: NodeId,
    /// When the prober sent it, µs.
    pub sent_at: Micros,
    /// When the relay pinged the member, µs, if it did.
    pub relay_ping_at: Option<Micros>,
    /// What became of it.
    pub outcome: ReqOutcome,
    /// The relay sent a nack (Lifeguard) before the probe ended.
    pub nacked: bool,
}

/// The prober's own failed probe of the member that ended in its first-hand suspicion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// Who probed.
    pub prober: NodeId,
    /// Whom.
    pub member: NodeId,
    /// When its direct ping was sent (the start of its period), µs.
    pub ping_at: Micros,
    /// What became of the direct ping: `lost`, `member_down`, `ack_lost`, `acked_late` or
    /// `no_answer` (the [`ReqOutcome`] labels).
    pub ping: ReqOutcome,
    /// When its ack timeout fired, µs.
    pub ack_timeout_at: Option<Micros>,
    /// The ping-reqs sent at the ack timeout.
    pub ping_reqs: Vec<PingReq>,
    /// The end of its period, when it suspected the member, µs.
    pub suspected_at: Micros,
}

/// What happens next to the observer's view if nothing new arrives, from the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// The status it turns to: `Dead` (SWIM's suspicion timeout; gossip's removal) or
    /// `Suspect` (gossip).
    pub to: Status,
    /// When, µs: the armed suspicion timeout (SWIM); the detector's deadline, after which the
    /// next sweep acts (gossip).
    pub at: Micros,
}

/// Why `observer` believes what it does about `member`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Why {
    /// One sentence: what it believes, since when.
    pub headline: String,
    /// What it believes (`Unknown` when it is down or never heard of the member).
    pub status: Status,
    /// Since when, µs (its entry's last change).
    pub since: Micros,
    /// The rumour's hops, from the member that found out first-hand to the observer, in time
    /// order (SWIM).
    pub hops: Vec<Hop>,
    /// Members whose own suspicion of the member ran out (they declared it dead first-hand),
    /// with when, µs, in time order (SWIM).
    pub timeouts: Vec<(NodeId, Micros)>,
    /// The first-hand failed probe the chain starts from (SWIM).
    pub probe: Option<Probe>,
    /// What comes next unless something new arrives.
    pub countdown: Option<Countdown>,
    /// The story, oldest first (countdowns last).
    pub steps: Vec<Step>,
    /// The nodes involved (for a sequence diagram), observer first.
    pub lanes: Vec<NodeId>,
    /// The window of the run the story covers, µs.
    pub window: (Micros, Micros),
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

fn gossip_why(t: &Timeline, observer: NodeId, member: NodeId) -> Why {
    let sim = t.sim();
    let now = sim.now();
    let p = sim.params();
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
    let mut countdown = None;
    if let Some([suspect_at, remove_at]) = sim.detector_deadlines(observer, member) {
        for (at, to, what) in [
            (suspect_at, Status::Suspect, "suspect"),
            (remove_at, Status::Dead, "removed"),
        ] {
            let text = if at > now {
                if countdown.is_none() && matches!(row.status, Status::Alive | Status::Suspect) {
                    countdown = Some(Countdown { to, at });
                }
                format!(
                    "{what} at {} (in {}) unless a fresher counter arrives, at its next sweep",
                    secs(at),
                    secs(at - now)
                )
            } else {
                format!("{what} since its sweep after {}", secs(at))
            };
            steps.push(Step {
                at,
                kind: "countdown",
                text,
            });
        }
    }
    Why {
        headline: format!(
            "Node {observer} believes node {member} is {status} (since {}).",
            secs(row.stamp)
        ),
        status: row.status,
        since: row.stamp,
        countdown,
        steps,
        lanes: vec![observer, member],
        window: (row.stamp.saturating_sub(2 * p.period_ms * 1000), now),
        ..Why::default()
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
    if !matches!(status, Status::Suspect | Status::Dead) {
        return Why {
            headline,
            status,
            since: row.stamp,
            ..Why::default()
        };
    }
    let period = sim.params().period_ms * 1000;
    // Replay further back until the chain reaches its first-hand origin (a death can come a
    // long suspicion timeout after the suspicion: Lifeguard's starts at six times the minimum).
    let spec = TapSpec {
        member: Some(member),
        lanes: Vec::new(),
    };
    let mut lookback = 8 * period;
    let chain = loop {
        let from = row.stamp.saturating_sub(lookback);
        let all = views(&t.replay_window(from, row.stamp, spec.clone()));
        let chain = walk(&all, observer, status, row.stamp, from);
        if chain.cut.is_none() || from == 0 || lookback > 256 * period {
            break chain;
        }
        lookback *= 4;
    };
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
                "node {} heard node {member} is {} from node {}, piggybacked on a message it sent",
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
        .collect();
    story.sort_by_key(|s| s.at);
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
        countdown,
        steps,
        lanes: unique,
        window: (
            first.saturating_sub(period / 2),
            row.stamp.max(first) + period / 2,
        ),
    }
}

/// A message sent, with the event that sent it (a timer, or a message delivered to the
/// sender at that same instant), and what became of it.
#[derive(Clone, Copy, Debug)]
struct Sent {
    at: Micros,
    from: NodeId,
    to: NodeId,
    kind: MsgKind,
    /// None: lost in the network.
    arrives: Option<Micros>,
    cause: Option<Cause>,
}

/// The event a message was sent in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    /// The sender's protocol period ended (its own probe starts).
    Tick,
    /// The sender's ack timeout fired.
    AckTimeout,
    /// Some other timer of the sender.
    OtherTimer,
    /// A message of this kind from this node was delivered to the sender.
    Got(NodeId, MsgKind),
}

/// An arrival: a message delivered, or lost at a receiver that was down.
#[derive(Clone, Copy, Debug)]
struct Arrival {
    at: Micros,
    from: NodeId,
    to: NodeId,
    kind: MsgKind,
    delivered: bool,
}

/// The tapped messages of a replay, each send with its cause, the arrivals and the timers.
fn messages(records: &[TapRecord]) -> Traffic {
    let (mut sent, mut arrived, mut timers) = (Vec::new(), Vec::new(), Vec::new());
    // The event being handled: (time, node, cause) for a tapped timer or delivery.
    let mut event: Option<(Micros, NodeId, Cause)> = None;
    for r in records {
        match r {
            TapRecord::Timer { at, node, text } => {
                let cause = if text.starts_with("protocol period ends") {
                    Cause::Tick
                } else if text.ends_with("ack timeout") {
                    Cause::AckTimeout
                } else {
                    Cause::OtherTimer
                };
                event = Some((*at, *node, cause));
                timers.push((*at, *node, cause));
            }
            TapRecord::Msg {
                at,
                from,
                to,
                kind,
                fate,
            } => match fate {
                Fate::Delivered | Fate::LostAtReceiver => {
                    let delivered = *fate == Fate::Delivered;
                    arrived.push(Arrival {
                        at: *at,
                        from: *from,
                        to: *to,
                        kind: *kind,
                        delivered,
                    });
                    event = delivered.then_some((*at, *to, Cause::Got(*from, *kind)));
                }
                Fate::Sent { .. } | Fate::LostInNetwork => {
                    let cause = event
                        .filter(|&(t, node, _)| t == *at && node == *from)
                        .map(|(_, _, c)| c);
                    sent.push(Sent {
                        at: *at,
                        from: *from,
                        to: *to,
                        kind: *kind,
                        arrives: match fate {
                            Fate::Sent { arrives } => Some(*arrives),
                            _ => None,
                        },
                        cause,
                    });
                }
            },
            TapRecord::View { .. } => {}
        }
    }
    Traffic {
        sent,
        arrived,
        timers,
    }
}

/// What the sends, arrivals and timers of one replay say.
struct Traffic {
    sent: Vec<Sent>,
    arrived: Vec<Arrival>,
    /// The tapped nodes' timers: time, node, kind.
    timers: Vec<(Micros, NodeId, Cause)>,
}

impl Traffic {
    /// Where message `m` arrived: Some((time, delivered)), None if lost or not yet.
    fn arrival(&self, m: &Sent) -> Option<(Micros, bool)> {
        let due = m.arrives?;
        self.arrived
            .iter()
            .find(|a| a.at >= due && a.from == m.from && a.to == m.to && a.kind == m.kind)
            .map(|a| (a.at, a.delivered))
    }

    /// The first message `from → to` of `kind` sent in answer to a delivery of
    /// `(got_from, got_kind)` at `at`.
    fn answer(
        &self,
        at: Micros,
        from: NodeId,
        to: NodeId,
        kind: MsgKind,
        got: (NodeId, MsgKind),
    ) -> Option<Sent> {
        self.sent
            .iter()
            .find(|s| {
                s.at == at
                    && s.from == from
                    && s.to == to
                    && s.kind == kind
                    && s.cause == Some(Cause::Got(got.0, got.1))
            })
            .copied()
    }

    /// Follows a ping `from → member` to its end: the member's ack to `from`, and (for a relay)
    /// the ack passed on to `back_to`. `end` is when the probe ended.
    fn ping_outcome(
        &self,
        ping: &Sent,
        member: NodeId,
        back_to: Option<NodeId>,
        end: Micros,
    ) -> ReqOutcome {
        let Some(at_member) = ping.arrives else {
            return ReqOutcome::PingLost;
        };
        let Some((arrived, up)) = self.arrival(ping) else {
            return if at_member > end {
                ReqOutcome::NoAnswer
            } else {
                ReqOutcome::PingLost
            };
        };
        if !up {
            return ReqOutcome::MemberDown;
        }
        let Some(ack) = self.answer(
            arrived,
            member,
            ping.from,
            MsgKind::Ack,
            (ping.from, MsgKind::Ping),
        ) else {
            return ReqOutcome::NoAnswer;
        };
        let Some((acked, up)) = self.arrival(&ack) else {
            return if ack.arrives.is_some_and(|a| a > end) {
                ReqOutcome::AckedLate
            } else {
                ReqOutcome::AckLost
            };
        };
        if !up {
            return ReqOutcome::AckLost;
        }
        let Some(prober) = back_to else {
            return if acked > end {
                ReqOutcome::AckedLate
            } else {
                ReqOutcome::Acked
            };
        };
        let Some(relayed) = self.answer(
            acked,
            ping.from,
            prober,
            MsgKind::Ack,
            (member, MsgKind::Ack),
        ) else {
            return ReqOutcome::AckLost;
        };
        match (relayed.arrives, self.arrival(&relayed)) {
            (None, _) | (_, Some((_, false))) => ReqOutcome::AckLost,
            (Some(a), None) if a <= end => ReqOutcome::AckLost,
            (_, None) => ReqOutcome::AckedLate,
            (_, Some((a, true))) if a > end => ReqOutcome::AckedLate,
            _ => ReqOutcome::Acked,
        }
    }
}

/// The own probe of `prober` that ended in its first-hand suspicion of `member` at `at`: the
/// last ping it sent `member` at the end of one of its periods before `at`, not a ping it
/// relayed for another member's probe.
pub(crate) fn probe_story(
    t: &Timeline,
    prober: NodeId,
    member: NodeId,
    at: Micros,
    period: Micros,
) -> Option<Probe> {
    // With Lifeguard's local health multiplier a probe can last up to nine periods.
    for lookback in [2 * period, 10 * period] {
        let spec = TapSpec {
            member: None,
            lanes: vec![prober, member],
        };
        let from = at.saturating_sub(lookback);
        let traffic = messages(&t.replay_window(from, at, spec));
        let ping = traffic.sent.iter().rev().find(|s| {
            s.from == prober
                && s.to == member
                && s.kind == MsgKind::Ping
                && s.cause == Some(Cause::Tick)
                && s.at < at
        });
        let Some(ping) = ping.copied() else {
            if from == 0 {
                return None;
            }
            continue;
        };
        return Some(tell_probe(&traffic, ping, member, at));
    }
    None
}

fn tell_probe(traffic: &Traffic, ping: Sent, member: NodeId, end: Micros) -> Probe {
    let prober = ping.from;
    // The ack timeout: the prober's first after its ping (its own probe's ProbeTimeout: relays
    // have nack timers, not ack timeouts). Its ping-reqs are what it sent then.
    let ack_timeout_at = traffic
        .timers
        .iter()
        .find(|&&(at, node, cause)| {
            node == prober && at > ping.at && at <= end && cause == Cause::AckTimeout
        })
        .map(|&(at, _, _)| at);
    let ping_reqs = ack_timeout_at
        .map(|when| {
            traffic
                .sent
                .iter()
                .filter(|s| {
                    s.at == when
                        && s.from == prober
                        && s.kind == MsgKind::PingReq
                        && s.cause == Some(Cause::AckTimeout)
                })
                .map(|req| relay_story(traffic, req, member, end))
                .collect()
        })
        .unwrap_or_default();
    Probe {
        prober,
        member,
        ping_at: ping.at,
        ping: match traffic.ping_outcome(&ping, member, None, end) {
            ReqOutcome::PingLost => ReqOutcome::RequestLost,
            o => o,
        },
        ack_timeout_at,
        ping_reqs,
        suspected_at: end,
    }
}

fn relay_story(traffic: &Traffic, req: &Sent, member: NodeId, end: Micros) -> PingReq {
    let (prober, relay) = (req.from, req.to);
    let mut out = PingReq {
        relay,
        sent_at: req.at,
        relay_ping_at: None,
        outcome: ReqOutcome::RequestLost,
        nacked: false,
    };
    if req.arrives.is_none() {
        return out;
    }
    let Some((arrived, up)) = traffic.arrival(req) else {
        out.outcome = ReqOutcome::NoAnswer;
        return out;
    };
    if !up {
        out.outcome = ReqOutcome::RelayDown;
        return out;
    }
    out.nacked = traffic.sent.iter().any(|s| {
        s.from == relay
            && s.to == prober
            && s.kind == MsgKind::Nack
            && s.at >= arrived
            && s.at <= end
    });
    let Some(ping) = traffic.answer(
        arrived,
        relay,
        member,
        MsgKind::Ping,
        (prober, MsgKind::PingReq),
    ) else {
        out.outcome = ReqOutcome::NoAnswer;
        return out;
    };
    out.relay_ping_at = Some(ping.at);
    out.outcome = traffic.ping_outcome(&ping, member, Some(prober), end);
    out
}

/// The probe as lines of the story.
fn probe_steps(p: &Probe) -> Vec<Step> {
    let (prober, member) = (p.prober, p.member);
    let mut out = vec![Step {
        at: p.ping_at,
        kind: "probe",
        text: format!(
            "node {prober}'s period starts: it pings node {member}: {}",
            match p.ping {
                ReqOutcome::RequestLost => "lost in the network".to_string(),
                ReqOutcome::MemberDown => format!("node {member} was down"),
                o => o.words(prober, member),
            }
        ),
    }];
    match p.ack_timeout_at {
        Some(at) => out.push(Step {
            at,
            kind: "probe",
            text: if p.ping_reqs.is_empty() {
                format!(
                    "node {prober}'s ack timeout: no ack, and no ping-req sent (k = 0, or no \
                     other member alive to ask)"
                )
            } else {
                format!(
                    "node {prober}'s ack timeout: no ack, so it asks {} other member{} to probe",
                    p.ping_reqs.len(),
                    if p.ping_reqs.len() == 1 { "" } else { "s" }
                )
            },
        }),
        None => out.push(Step {
            at: p.ping_at,
            kind: "note",
            text: format!("node {prober}'s ack timeout is not in the replayed window"),
        }),
    }
    for r in &p.ping_reqs {
        let kind = match r.outcome {
            ReqOutcome::Acked => "probe",
            _ => "lost",
        };
        let mut text = format!(
            "ping-req to node {}: {}",
            r.relay,
            r.outcome.words(r.relay, member)
        );
        if let Some(at) = r.relay_ping_at {
            text.push_str(&format!(" (its ping at {})", secs(at)));
        }
        if r.nacked {
            text.push_str(&format!("; node {} nacked", r.relay));
        }
        out.push(Step {
            at: r.sent_at,
            kind,
            text,
        });
    }
    out.push(Step {
        at: p.suspected_at,
        kind: "first-hand",
        text: format!(
            "no ack by the end of the period: node {prober} suspects node {member} first-hand"
        ),
    });
    out
}

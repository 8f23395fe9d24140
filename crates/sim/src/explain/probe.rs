//! The first-hand probe story: the prober's ping, its ack timeout, each ping-req and what
//! became of each relay's ping, ack and nack, and the TCP fallback ping, told from the tapped
//! messages and timers of a replay of the prober's and the member's lanes.

use super::{Step, secs};
use crate::checkpoint::Timeline;
use crate::scenario::Action;
use crate::tap::{Fate, TapRecord, TapSpec};
use gossip_protocol::{Micros, MsgKind, NodeId};

/// What became of the prober's own ping, or of one ping-req of a probe, where its chain
/// broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReqOutcome {
    /// Ping-reqs only: the ping-req was lost in the network.
    RequestLost,
    /// Ping-reqs only: a partition or a cut between the prober and the relay dropped it.
    RequestCut,
    /// Ping-reqs only: the ping-req arrived at a relay that was down.
    RelayDown,
    /// The ping to the member (the prober's own, or the relay's) was lost in the network.
    PingLost,
    /// A partition or a cut dropped the ping to the member.
    PingCut,
    /// The ping arrived at the member while it was down.
    MemberDown,
    /// The member's ack, or the relay's ack to the prober, was lost.
    AckLost,
    /// The (relayed) ack reached the prober after its probe had ended.
    AckedLate,
    /// The (relayed) ack reached the prober in time (the probe did not fail).
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
            ReqOutcome::RequestCut => "request_cut",
            ReqOutcome::RelayDown => "relay_down",
            ReqOutcome::PingLost => "ping_lost",
            ReqOutcome::PingCut => "ping_cut",
            ReqOutcome::MemberDown => "member_down",
            ReqOutcome::AckLost => "ack_lost",
            ReqOutcome::AckedLate => "acked_late",
            ReqOutcome::Acked => "acked",
            ReqOutcome::NoAnswer => "no_answer",
        }
    }

    /// The outcome in words, for a ping-req to `relay`.
    fn words(self, relay: NodeId, member: NodeId) -> String {
        match self {
            ReqOutcome::RequestLost => "lost in the network".into(),
            ReqOutcome::RequestCut => {
                format!("a partition or a cut between the prober and node {relay} dropped it")
            }
            ReqOutcome::RelayDown => format!("node {relay} was down"),
            ReqOutcome::PingLost => format!("node {relay}'s ping to node {member} was lost"),
            ReqOutcome::PingCut => format!(
                "a partition or a cut between node {relay} and node {member} dropped its ping"
            ),
            ReqOutcome::MemberDown => {
                format!("node {relay}'s ping reached node {member} while it was down")
            }
            ReqOutcome::AckLost => "the ack on the way back was lost".into(),
            ReqOutcome::AckedLate => "the relayed ack came after the probe ended".into(),
            ReqOutcome::Acked => "the relayed ack came in time".into(),
            ReqOutcome::NoAnswer => "no answer by the end of the period".into(),
        }
    }

    /// The outcome in words, for the prober's own ping.
    fn ping_words(self, member: NodeId) -> String {
        match self {
            ReqOutcome::PingLost | ReqOutcome::RequestLost => "lost in the network".into(),
            ReqOutcome::PingCut | ReqOutcome::RequestCut => {
                format!("a partition or a cut between the prober and node {member} dropped it")
            }
            ReqOutcome::MemberDown | ReqOutcome::RelayDown => format!("node {member} was down"),
            ReqOutcome::AckLost => format!("node {member}'s ack was lost"),
            ReqOutcome::AckedLate => format!("node {member}'s ack came after the probe ended"),
            ReqOutcome::Acked => format!("node {member}'s ack came in time"),
            ReqOutcome::NoAnswer => "no answer by the end of the period".into(),
        }
    }
}

/// A relay's nack (Lifeguard): it heard no ack from the member within its own ack timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nack {
    /// When the relay sent it, µs.
    pub sent_at: Micros,
    /// When it reached the prober, µs (None: lost, or not by the end of the replay).
    pub arrived_at: Option<Micros>,
    /// It reached the prober at or after the end of the probe, when it no longer counts.
    pub after_end: bool,
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
    /// The nack the relay sent for it (Lifeguard), if it sent one. The relay's nack timer runs
    /// an ack timeout from the ping-req's arrival, so with the ack timeout at half a period the
    /// nack reaches the prober after its probe has ended.
    pub nack: Option<Nack>,
}

/// What became of a probe's TCP fallback ping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpOutcome {
    /// The member's tcp-ack reached the prober before its probe ended: no suspicion.
    Answered,
    /// The member answered, but its tcp-ack reached the prober (or is due) at or after the
    /// probe's end.
    AnsweredLate,
    /// The TCP ping arrived at the member while it was down.
    MemberDown,
    /// A partition or a cut between the two dropped the TCP ping.
    Cut,
    /// The member answered, but a partition or a cut dropped its tcp-ack.
    AckCut,
    /// Nothing more is known by the end of the story.
    NoAnswer,
}

impl TcpOutcome {
    /// The outcome in snake case, as `gossip-sim why` prints it.
    pub fn label(self) -> &'static str {
        match self {
            TcpOutcome::Answered => "answered",
            TcpOutcome::AnsweredLate => "answered_late",
            TcpOutcome::MemberDown => "member_down",
            TcpOutcome::Cut => "cut",
            TcpOutcome::AckCut => "ack_cut",
            TcpOutcome::NoAnswer => "no_answer",
        }
    }
}

/// The TCP fallback ping of a probe (memberlist's; `tcp_ping=on`, on under `profile=lan`):
/// sent at the ack timeout beside the ping-reqs over a reliable stream, which random loss
/// does not drop while partitions, cuts, crashes and pauses still do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcpPing {
    /// When the prober sent it, µs.
    pub sent_at: Micros,
    /// When the member's tcp-ack reached the prober, µs, if it did by the end of the replay.
    pub answered_at: Option<Micros>,
    /// What became of it.
    pub outcome: TcpOutcome,
    /// The story's line about it.
    pub text: String,
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
    /// The protocol period in force, µs (a probe that ends later was stretched by the
    /// prober's health multiplier).
    pub period: Micros,
    /// What became of the direct ping: `ping_lost`, `member_down`, `ack_lost`, `acked_late`
    /// or `no_answer` (the [`ReqOutcome`] labels).
    pub ping: ReqOutcome,
    /// When its ack timeout fired, µs.
    pub ack_timeout_at: Option<Micros>,
    /// The ping-reqs sent at the ack timeout.
    pub ping_reqs: Vec<PingReq>,
    /// The TCP fallback ping sent at the ack timeout, if one was.
    pub tcp_ping: Option<TcpPing>,
    /// The end of its period, when it suspected the member, µs.
    pub suspected_at: Micros,
}

/// Whether `node` was down at `at` by the run's script (crashes, leaves and recoveries, the
/// recorded commands included).
fn down_at(t: &Timeline, node: NodeId, at: Micros) -> bool {
    // The last stop or start of `node` at or before `at`: what the run did up to now
    // (recurring faults included), then the script after now (the replay runs a period on).
    let sim = t.sim();
    let now = sim.now();
    let done = sim
        .metrics()
        .up_down
        .iter()
        .filter(|&&(when, n, _)| n == node && when <= at.min(now))
        .map(|&(when, _, up)| (when, up));
    let scripted = sim.scenario().events.iter().filter_map(|e| {
        let when = e.at_ms * 1000;
        let up = match e.action {
            Action::Crash(n) | Action::Leave(n) if n == node => false,
            Action::Recover(n) if n == node => true,
            _ => return None,
        };
        (when > now && when <= at).then_some((when, up))
    });
    done.chain(scripted)
        .max_by_key(|&(when, _)| when)
        .is_some_and(|(_, up)| !up)
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
    /// Dropped when sent by a partition or a cut (not by random loss).
    cut: bool,
    cause: Option<Cause>,
}

/// The event a message was sent in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    /// The sender's own next probe starts: its protocol period ended, or a probe that
    /// outlasted the period reached its deadline.
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
                // "protocol period ends (next probe)", or "probe N ends (next probe)": the
                // deadline of a probe that outlasted its period, when the next one starts.
                let cause = if text.ends_with("(next probe)") {
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
                Fate::Sent { .. } | Fate::LostInNetwork | Fate::Cut => {
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
                        cut: *fate == Fate::Cut,
                        cause,
                    });
                }
            },
            TapRecord::View { .. } | TapRecord::Deadline { .. } => {}
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
            return if ping.cut {
                ReqOutcome::PingCut
            } else {
                ReqOutcome::PingLost
            };
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
/// relayed for another member's probe. The replay runs one period past `at`, to see the
/// answers that came too late (relays' nacks, tcp-acks).
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
        let traffic = messages(&t.replay_window(from, at + period, spec));
        let ping = traffic.sent.iter().rev().find(|s| {
            s.from == prober
                && s.to == member
                && s.kind == MsgKind::Ping
                && starts_probe(s.cause)
                && s.at < at
        });
        let Some(ping) = ping.copied() else {
            if from == 0 {
                return None;
            }
            continue;
        };
        return Some(tell_probe(t, &traffic, ping, member, at));
    }
    None
}

/// Whether a ping sent in this event starts the sender's own probe: at a tick, at the end of a
/// probe that outlasted its period, or on the ack that ended such a probe (a ping sent on any
/// other delivery is relayed for someone else's probe).
fn starts_probe(cause: Option<Cause>) -> bool {
    matches!(cause, Some(Cause::Tick | Cause::Got(_, MsgKind::Ack)))
}

fn tell_probe(t: &Timeline, traffic: &Traffic, ping: Sent, member: NodeId, end: Micros) -> Probe {
    let period = t.sim().params().period_ms * 1000;
    let prober = ping.from;
    // The ack timeout: the prober's first after its ping (its own probe's ProbeTimeout: relays
    // have nack timers, not ack timeouts). Its ping-reqs and TCP ping are what it sent then.
    let ack_timeout_at = traffic
        .timers
        .iter()
        .find(|&&(at, node, cause)| {
            node == prober && at > ping.at && at <= end && cause == Cause::AckTimeout
        })
        .map(|&(at, _, _)| at);
    let sent_then = |kind: MsgKind| {
        traffic.sent.iter().filter(move |s| {
            Some(s.at) == ack_timeout_at
                && s.from == prober
                && s.kind == kind
                && s.cause == Some(Cause::AckTimeout)
        })
    };
    let ping_reqs = sent_then(MsgKind::PingReq)
        .map(|req| relay_story(traffic, req, member, end))
        .collect();
    let tcp_ping = sent_then(MsgKind::TcpPing)
        .find(|s| s.to == member)
        .map(|tcp| tcp_story(t, traffic, tcp, end));
    Probe {
        prober,
        member,
        ping_at: ping.at,
        period,
        ping: traffic.ping_outcome(&ping, member, None, end),
        ack_timeout_at,
        ping_reqs,
        tcp_ping,
        suspected_at: end,
    }
}

/// What became of the TCP ping `tcp` of a probe that ended at `end`.
fn tcp_story(t: &Timeline, traffic: &Traffic, tcp: &Sent, end: Micros) -> TcpPing {
    let (prober, member) = (tcp.from, tcp.to);
    let mut answered_at = None;
    let outcome = 'outcome: {
        if tcp.arrives.is_none() {
            break 'outcome TcpOutcome::Cut;
        }
        let Some((arrived, up)) = traffic.arrival(tcp) else {
            break 'outcome TcpOutcome::NoAnswer;
        };
        if !up {
            // Lost on arrival: the member was down, or a partition or cut came in between.
            break 'outcome if down_at(t, member, arrived) {
                TcpOutcome::MemberDown
            } else {
                TcpOutcome::Cut
            };
        }
        let Some(ack) = traffic.answer(
            arrived,
            member,
            prober,
            MsgKind::TcpAck,
            (prober, MsgKind::TcpPing),
        ) else {
            break 'outcome TcpOutcome::NoAnswer;
        };
        let Some(due) = ack.arrives else {
            break 'outcome TcpOutcome::AckCut;
        };
        match traffic.arrival(&ack) {
            None if due >= end => TcpOutcome::AnsweredLate,
            None => TcpOutcome::NoAnswer,
            Some((_, false)) => TcpOutcome::AckCut,
            Some((at, true)) => {
                answered_at = Some(at);
                // The prober counts a tcp-ack only before its probe's deadline.
                if at < end {
                    TcpOutcome::Answered
                } else {
                    TcpOutcome::AnsweredLate
                }
            }
        }
    };
    let what = match outcome {
        TcpOutcome::Answered => format!(
            "node {member} answered in time (tcp-ack at {}): no suspicion",
            secs(answered_at.unwrap_or(end))
        ),
        TcpOutcome::AnsweredLate => match answered_at {
            Some(at) => format!(
                "node {member} answered, but its tcp-ack came at {}, after the probe ended",
                secs(at)
            ),
            None => {
                format!("node {member} answered, but its tcp-ack was due after the probe ended")
            }
        },
        TcpOutcome::MemberDown => format!("node {member} was down when it arrived"),
        TcpOutcome::Cut => {
            format!("a partition or a cut between node {prober} and node {member} dropped it")
        }
        TcpOutcome::AckCut => {
            format!("node {member} answered, but a partition or a cut dropped its tcp-ack")
        }
        TcpOutcome::NoAnswer => "no answer by the end of the period".into(),
    };
    TcpPing {
        sent_at: tcp.at,
        answered_at,
        outcome,
        text: format!("TCP ping to node {member}: {what} (memberlist's fallback)"),
    }
}

fn relay_story(traffic: &Traffic, req: &Sent, member: NodeId, end: Micros) -> PingReq {
    let (prober, relay) = (req.from, req.to);
    let mut out = PingReq {
        relay,
        sent_at: req.at,
        relay_ping_at: None,
        outcome: ReqOutcome::RequestLost,
        nack: None,
    };
    if req.arrives.is_none() {
        if req.cut {
            out.outcome = ReqOutcome::RequestCut;
        }
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
    out.nack = traffic
        .sent
        .iter()
        .find(|s| s.from == relay && s.to == prober && s.kind == MsgKind::Nack && s.at >= arrived)
        .map(|nack| {
            let arrived_at = traffic.arrival(nack).filter(|a| a.1).map(|a| a.0);
            Nack {
                sent_at: nack.at,
                arrived_at,
                after_end: arrived_at.is_some_and(|a| a >= end),
            }
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
pub(crate) fn probe_steps(p: &Probe) -> Vec<Step> {
    let (prober, member) = (p.prober, p.member);
    let mut out = vec![Step {
        at: p.ping_at,
        kind: "probe",
        text: format!(
            "node {prober}'s period starts: it pings node {member}: {}",
            p.ping.ping_words(member)
        ),
    }];
    let tcp = if p.tcp_ping.is_some() {
        format!(", and tries node {member} over TCP")
    } else {
        String::new()
    };
    match p.ack_timeout_at {
        Some(at) => out.push(Step {
            at,
            kind: "probe",
            text: if p.ping_reqs.is_empty() {
                format!(
                    "node {prober}'s ack timeout: no ack, and no ping-req sent (k = 0, or no \
                     other member alive to ask){tcp}"
                )
            } else {
                format!(
                    "node {prober}'s ack timeout: no ack, so it asks {} other member{} to \
                     probe{tcp}",
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
        if let Some(n) = r.nack {
            text.push_str(&format!(
                "; node {} sent a nack at {}",
                r.relay,
                secs(n.sent_at)
            ));
            text.push_str(&match n.arrived_at {
                Some(at) if n.after_end => {
                    format!(" that arrived at {}, after the probe ended", secs(at))
                }
                Some(at) => format!(" that arrived in time, at {}", secs(at)),
                None => ", lost on the way".into(),
            });
        }
        out.push(Step {
            at: r.sent_at,
            kind,
            text,
        });
    }
    if let Some(tcp) = &p.tcp_ping {
        out.push(Step {
            at: tcp.sent_at,
            kind: match tcp.outcome {
                TcpOutcome::Answered => "probe",
                _ => "lost",
            },
            text: tcp.text.clone(),
        });
    }
    out.push(Step {
        at: p.suspected_at,
        kind: "first-hand",
        text: format!(
            "no ack{} by the end of the {}: node {prober} suspects node {member} first-hand",
            if p.tcp_ping.is_some() {
                " and no TCP answer"
            } else {
                ""
            },
            // 1 ms of slack: the period's own rounding.
            if p.suspected_at.saturating_sub(p.ping_at) > p.period + 1000 {
                format!(
                    "probe, {} after it began (node {prober}'s health multiplier stretched its \
                     {} period)",
                    secs(p.suspected_at - p.ping_at),
                    secs(p.period)
                )
            } else {
                "period".to_string()
            }
        ),
    });
    out
}

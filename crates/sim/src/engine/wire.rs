//! Messages on the wire: a node's outbox flushed into sends, the network's fate of each
//! (lost, cut, delayed), delivery to the receiver, and the trace records they leave.

use super::{Flight, Payload, Sim, view_of};
use crate::run::Protocol;
use crate::tap::{Fate, TapRecord};
use crate::trace::{TraceEvent, TraceRecord};
use gossip_protocol::{Effect, Micros, MsgKind, NodeId, Note, Status, Wire};

impl<P: Protocol> Sim<P> {
    pub(super) fn deliver(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let connected = self.net.connected(from, to);
        let slot = &mut self.slots[to as usize];
        match slot.node.as_mut() {
            Some(n) if connected => {
                if let Some(tap) = self.tap.as_mut() {
                    tap.msg(self.now, from, to, msg.kind(), Fate::Delivered);
                }
                self.metrics.messages.delivered += 1;
                self.hash.message(self.now, from, to, msg.kind());
                n.on_message(self.now, from, msg, &mut self.rng_proto, &mut self.outbox);
                self.flush(to);
            }
            _ => {
                if let Some(tap) = self.tap.as_mut() {
                    tap.msg(self.now, from, to, msg.kind(), Fate::LostAtReceiver);
                }
                self.metrics.messages.dropped += 1;
                self.hash.lost_on_arrival(self.now, from, to);
            }
        }
    }

    /// Carries out the effects node `id` just produced.
    pub(super) fn flush(&mut self, id: NodeId) {
        let mut out = std::mem::take(&mut self.outbox);
        for effect in out.drain(..) {
            match effect {
                Effect::Send { to, msg } => self.send(id, to, msg),
                Effect::SetTimer { after, timer } => {
                    if self.tap.is_some() {
                        self.tap_deadline(id, after, &timer);
                    }
                    let life = self.slots[id as usize].life;
                    self.push_timer(self.now + after, id, life, timer, false);
                }
                Effect::Notify(Note::Member(c)) => {
                    if let Some(tap) = self.tap.as_mut().filter(|t| t.member == Some(c.member)) {
                        tap.records.push(TapRecord::View {
                            at: self.now,
                            observer: id,
                            from: c.from,
                            to: c.to,
                            via: self.via,
                        });
                    }
                    let probe_ping = match self.via {
                        None => self
                            .probe_ping
                            .get(id as usize)
                            .filter(|p| p.0 == c.member)
                            .map(|p| p.1),
                        Some(_) => None,
                    };
                    self.metrics.change(
                        self.now,
                        id,
                        c,
                        self.via,
                        probe_ping,
                        &view_of(&self.slots, id),
                    );
                    self.record(TraceEvent::View {
                        observer: id,
                        member: c.member,
                        from: c.from,
                        to: c.to,
                        via: self.via,
                    });
                }
                Effect::Notify(Note::Refuted { incarnation }) => {
                    self.record(TraceEvent::Refuted {
                        node: id,
                        incarnation,
                    });
                }
            }
        }
        self.outbox = out;
    }

    /// Records a suspicion timeout `id` arms, if the tap follows its member.
    #[cold]
    pub(super) fn tap_deadline(&mut self, id: NodeId, after: Micros, timer: &P::Timer) {
        let Some((member, incarnation)) = P::suspicion_timer(timer) else {
            return;
        };
        let accuser = self.node(id).and_then(|n| n.last_accuser(member));
        if let Some(tap) = self.tap.as_mut().filter(|t| t.member == Some(member)) {
            tap.records.push(TapRecord::Deadline {
                at: self.now,
                observer: id,
                incarnation,
                deadline: self.now + after,
                via: self.via,
                accuser,
            });
        }
    }

    pub(super) fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let (kind, bytes) = (msg.kind(), msg.wire_size());
        self.metrics.sent(kind, bytes);
        let route = if (to as usize) >= self.slots.len() {
            None
        } else if msg.reliable() {
            self.net.route_reliable(from, to, &mut self.rng_net)
        } else {
            self.net
                .route(from, to, self.now, &mut self.rng_net, &mut self.rng_burst)
        };
        if kind == MsgKind::Ping && self.via.is_none() {
            // When it reaches the member (lost: when it was sent).
            self.note_probe_ping(from, to, self.now + route.unwrap_or(0));
        } else if kind == MsgKind::TcpPing {
            // The probe's last contact attempt (memberlist's TCP fallback, at the ack
            // timeout): the probe counts by when it reaches the member.
            if let Some(p) = self.probe_ping.get_mut(from as usize)
                && p.0 == to
            {
                p.1 = p.1.max(self.now + route.unwrap_or(0));
            }
        }
        if self.tap.is_some() {
            let fate = match route {
                Some(delay) => Fate::Sent {
                    arrives: self.now + delay,
                },
                None if !self.network().connected(from, to) => Fate::Cut,
                None => Fate::LostInNetwork,
            };
            if let Some(tap) = self.tap.as_mut() {
                tap.msg(self.now, from, to, kind, fate);
            }
        }
        self.hash.send(self.now, from, to, kind, bytes, route);
        match route {
            Some(delay) => self.push(
                self.now + delay,
                Payload::Deliver {
                    from,
                    to,
                    sent: self.now,
                    msg,
                    late: false,
                },
            ),
            None => {
                self.metrics.messages.dropped += 1;
                if self.track_drops && self.drops.len() < 10_000 {
                    self.drops.push_back(Flight {
                        from,
                        to,
                        sent: self.now,
                        arrives: self.now + self.net.latency.max(1),
                        kind,
                        lost: true,
                    });
                }
            }
        }
    }

    /// Remembers `from`'s probe ping to `to`, sent now, arriving at `arrives` (out of line:
    /// once a period a node).
    #[inline(never)]
    pub(super) fn note_probe_ping(&mut self, from: NodeId, to: NodeId, arrives: Micros) {
        let i = from as usize;
        if self.probe_ping.len() <= i {
            self.probe_ping
                .resize(self.slots.len().max(i + 1), (NodeId::MAX, 0));
        }
        let (last, sent) = std::mem::replace(&mut self.probe_ping[i], (to, arrives));
        if self.unacked == Some(last) && last != NodeId::MAX {
            // A new probe starts while the last one, of `last`, went unacknowledged: it failed.
            let status = self.status_of(from, last);
            self.metrics
                .failed_probe(self.now, from, last, sent, status);
        }
    }

    /// The live nodes whose suspicion or death of `member` is under way now: held, or (heartbeat
    /// gossip) due, waiting for their next sweep.
    pub(super) fn suspecting(&self, member: NodeId) -> Vec<NodeId> {
        (0..self.slots.len() as NodeId)
            .filter(|&o| o != member)
            .filter(|&o| {
                self.node(o).is_some_and(|n| {
                    matches!(n.status_of(member), Status::Suspect | Status::Dead)
                        || n.detector_deadlines(&self.config, member)
                            .is_some_and(|[suspect, _]| suspect <= self.now)
                })
            })
            .collect()
    }

    pub(super) fn record(&mut self, event: TraceEvent) {
        let r = TraceRecord {
            at: self.now,
            event,
        };
        self.hash.record(&r);
        self.records += 1;
        if self.log_cap > 0 {
            if self.log.len() == self.log_cap {
                self.log.pop_front();
            }
            self.log.push_back(r);
        }
    }
}

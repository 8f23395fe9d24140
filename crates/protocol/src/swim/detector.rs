//! The failure detector's handlers: protocol periods, direct and indirect probes, acks.

use core::mem;

use super::message::{SwimMsg, Update, UpdateKind};
use super::probe::Probe;
use super::relay::Relay;
use super::{Out, SwimNode, SwimTimer};
use crate::core::{Effect, Micros, NodeId, Random, Status};

impl SwimNode {
    /// Queues `Alive` about itself, sends `Join` to up to `join_seeds` random peers and arms
    /// the first tick.
    pub(super) fn start(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        self.buffer.queue(Update {
            member: self.id,
            kind: UpdateKind::Alive,
            incarnation: self.incarnation,
        });
        let mut peers = mem::take(&mut self.scratch);
        let seeds = self.config.join_seeds as usize;
        self.order.sample(seeds, None, &self.table, rng, &mut peers);
        for &peer in &peers {
            let msg = SwimMsg::Join {
                incarnation: self.incarnation,
                updates: self.piggyback(),
            };
            out.push(Effect::Send { to: peer, msg });
        }
        self.scratch = peers;
        // A random phase, so that members started together do not push-pull together.
        let interval = self.config.push_pull_interval(self.table.live());
        if interval > 0 {
            self.push_pull_in = 1 + rng.below(interval);
        }
        let period = self.config.period;
        let after = if self.config.aligned_start {
            (period - now % period) % period
        } else {
            random_below(rng, period)
        };
        out.push(Effect::SetTimer {
            after,
            timer: SwimTimer::Tick,
        });
    }

    /// End of a protocol period: suspect an unacknowledged target, probe the next one, fan
    /// out pending updates, maybe try to reconnect to a dead member, re-arm.
    pub(super) fn on_tick(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        self.suspect_unacked_target(now, rng, out);
        self.start_probe(rng, out);
        self.fan_out(rng, out);
        self.push_pull(rng, out);
        self.reconnect(rng, out);
        out.push(Effect::SetTimer {
            after: self.config.period,
            timer: SwimTimer::Tick,
        });
    }

    /// No ack by the end of the period: the target becomes suspect at the incarnation we know.
    fn suspect_unacked_target(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let Some(probe) = self.probe.take() else {
            return;
        };
        if probe.acked {
            return;
        }
        let target = self.table.get(probe.target);
        if target.status == Status::Alive {
            let suspicion = Update {
                member: probe.target,
                kind: UpdateKind::Suspect,
                incarnation: target.incarnation,
            };
            self.apply(now, suspicion, rng, out);
        }
    }

    fn start_probe(&mut self, rng: &mut dyn Random, out: &mut Out) {
        let Some(target) = self.order.next_target(&self.table, rng) else {
            return;
        };
        let seq = self.fresh_seq();
        self.probe = Some(Probe {
            seq,
            target,
            acked: false,
        });
        let msg = SwimMsg::Ping {
            seq,
            updates: self.piggyback(),
        };
        out.push(Effect::Send { to: target, msg });
        out.push(Effect::SetTimer {
            after: self.config.ack_timeout,
            timer: SwimTimer::ProbeTimeout { seq },
        });
    }

    /// Counts down to the next push-pull; when it is due, exchanges tables with one random
    /// alive member (see [`SwimConfig::push_pull_periods`](super::SwimConfig)).
    fn push_pull(&mut self, rng: &mut dyn Random, out: &mut Out) {
        if self.push_pull_in == 0 {
            return;
        }
        self.push_pull_in -= 1;
        if self.push_pull_in > 0 {
            return;
        }
        self.push_pull_in = self.config.push_pull_interval(self.table.live()).max(1);
        let mut partner = mem::take(&mut self.scratch);
        self.order.sample(1, None, &self.table, rng, &mut partner);
        if let Some(&to) = partner.first() {
            self.send_sync(to, true, out);
        }
        self.scratch = partner;
    }

    /// Sends `Gossip` with pending updates to `gossip_fanout` random alive members.
    fn fan_out(&mut self, rng: &mut dyn Random, out: &mut Out) {
        let fanout = self.config.gossip_fanout as usize;
        if fanout == 0 || self.buffer.len() == 0 {
            return;
        }
        self.send_gossip(fanout, rng, out);
    }

    /// Sends a `Gossip` to up to `count` random alive members, while updates remain.
    pub(super) fn send_gossip(&mut self, count: usize, rng: &mut dyn Random, out: &mut Out) {
        let mut targets = mem::take(&mut self.scratch);
        self.order
            .sample(count, None, &self.table, rng, &mut targets);
        for &to in &targets {
            let updates = self.piggyback();
            if updates.is_empty() {
                break;
            }
            out.push(Effect::Send {
                to,
                msg: SwimMsg::Gossip { updates },
            });
        }
        self.scratch = targets;
    }

    /// The direct ping went unanswered: ask `k` random alive members to probe the target.
    pub(super) fn on_probe_timeout(&mut self, seq: u32, rng: &mut dyn Random, out: &mut Out) {
        let Some(probe) = self.probe else {
            return;
        };
        if probe.seq != seq || probe.acked || !self.table.is_live(probe.target) {
            return;
        }
        let k = self.config.indirect_probes as usize;
        let mut helpers = mem::take(&mut self.scratch);
        self.order
            .sample(k, Some(probe.target), &self.table, rng, &mut helpers);
        for &to in &helpers {
            let msg = SwimMsg::PingReq {
                seq,
                target: probe.target,
                updates: self.piggyback(),
            };
            out.push(Effect::Send { to, msg });
        }
        self.scratch = helpers;
    }

    pub(super) fn on_ping(&mut self, from: NodeId, seq: u32, out: &mut Out) {
        let msg = SwimMsg::Ack {
            seq,
            updates: self.piggyback(),
        };
        out.push(Effect::Send { to: from, msg });
    }

    /// Pings `target` for `origin` with a fresh sequence number and remembers to relay the ack
    /// for one period.
    pub(super) fn on_ping_req(
        &mut self,
        origin: NodeId,
        origin_seq: u32,
        target: NodeId,
        out: &mut Out,
    ) {
        if target == self.id {
            // Asked to probe itself: it is alive, so answer for the target directly.
            self.on_ping(origin, origin_seq, out);
            return;
        }
        let seq = self.fresh_seq();
        self.relays.push(Relay {
            seq,
            origin,
            origin_seq,
        });
        let msg = SwimMsg::Ping {
            seq,
            updates: self.piggyback(),
        };
        out.push(Effect::Send { to: target, msg });
        out.push(Effect::SetTimer {
            after: self.config.period,
            timer: SwimTimer::RelayExpiry { seq },
        });
    }

    /// An ack either answers a ping this node relays (pass it on) or its own current probe
    /// (mark it acknowledged; a suspect stays suspect until it refutes). Stale ones are ignored.
    pub(super) fn on_ack(&mut self, seq: u32, out: &mut Out) {
        if let Some(relay) = self.relays.take(seq) {
            let msg = SwimMsg::Ack {
                seq: relay.origin_seq,
                updates: self.piggyback(),
            };
            out.push(Effect::Send {
                to: relay.origin,
                msg,
            });
            return;
        }
        if let Some(probe) = &mut self.probe
            && probe.seq == seq
        {
            probe.acked = true;
        }
    }
}

/// A uniform-enough draw in `0..n` for any `u64` `n >= 1` from a `u32` source.
fn random_below(rng: &mut dyn Random, n: u64) -> u64 {
    match u32::try_from(n) {
        Ok(small) => u64::from(rng.below(small)),
        Err(_) => {
            let high = u64::from(rng.below(u32::MAX));
            let low = u64::from(rng.below(u32::MAX));
            ((high << 32) | low) % n
        }
    }
}

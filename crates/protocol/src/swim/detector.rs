//! The failure detector's handlers: protocol periods, direct and indirect probes, acks.

use alloc::vec::Vec;
use core::mem;

use super::message::{NO_ACCUSER, SwimMsg, Update, UpdateKind};
use super::probe::Probe;
use super::relay::Relay;
use super::{Out, SwimNode, SwimTimer};
use crate::core::{Effect, Micros, NodeId, Random, Status};

impl SwimNode {
    /// Queues `Alive` about itself, sends `Join` to up to `join_seeds` random peers and arms
    /// the first tick.
    pub(super) fn start(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        self.queue(Update {
            member: self.id,
            kind: UpdateKind::Alive,
            incarnation: self.incarnation,
            from: NO_ACCUSER,
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
        self.arm_gossip(rng, out);
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
    ///
    /// With Lifeguard's local health multiplier a probe may outlast the period: until its
    /// deadline (`period × (score + 1)` after it started) the tick neither judges it nor starts
    /// another. memberlist runs its probes from a Go ticker whose channel holds one tick:
    /// the ticks that come while a probe waits are dropped but one, which starts the next
    /// probe as soon as this one returns (on a late ack, or at its deadline). So the tick
    /// that finds the probe waiting is held for it ([`Probe::tick_held`]).
    pub(super) fn on_tick(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let waiting = self.probe.is_some_and(|p| !p.acked && now < p.deadline);
        if waiting {
            self.hold_tick(now, out);
        } else {
            self.suspect_unacked_target(now, rng, out);
            self.start_probe(now, rng, out);
        }
        if !self.gossip_armed {
            self.arm_gossip(rng, out);
        }
        self.fan_out(now, rng, out);
        self.push_pull(rng, out);
        self.reconnect(rng, out);
        out.push(Effect::SetTimer {
            after: self.config.period,
            timer: SwimTimer::Tick,
        });
    }

    /// A tick came while the probe waits: the next probe starts when this one ends. The first
    /// held tick arms [`SwimTimer::ProbeEnd`] at the deadline, which after an off-tick start
    /// need not fall on a tick. (A probe started at this very instant holds nothing: the
    /// tick is its own.)
    fn hold_tick(&mut self, now: Micros, out: &mut Out) {
        let Some(probe) = &mut self.probe else {
            return;
        };
        if probe.tick_held || probe.started >= now {
            return;
        }
        probe.tick_held = true;
        out.push(Effect::SetTimer {
            after: probe.deadline - now,
            timer: SwimTimer::ProbeEnd { seq: probe.seq },
        });
    }

    /// The deadline of a probe that held a tick: judge it and start the next one now.
    pub(super) fn on_probe_end(
        &mut self,
        now: Micros,
        seq: u32,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        if self.probe.is_some_and(|p| p.seq == seq && !p.acked) {
            self.suspect_unacked_target(now, rng, out);
            self.start_probe(now, rng, out);
        }
    }

    /// No ack by the end of the period: the target becomes suspect at the incarnation we know.
    fn suspect_unacked_target(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let Some(probe) = self.probe.take() else {
            return;
        };
        if probe.acked {
            return;
        }
        let lifeguard = self.config.lifeguard;
        if probe.tcp_contact {
            // memberlist's probeNode: "Was able to connect to X over TCP but UDP probes
            // failed": no suspicion, and the health score improves as after an ack.
            if lifeguard.lhm {
                self.awareness.apply_delta(-1, self.config.awareness_max);
            }
            return;
        }
        if lifeguard.lhm {
            // memberlist: each nack expected and missing points at this member; with none
            // expected, a failed probe counts one.
            let delta = if probe.expected_nacks > 0 {
                probe.expected_nacks.saturating_sub(probe.nacks)
            } else {
                1
            };
            self.awareness
                .apply_delta(i64::from(delta), self.config.awareness_max);
        }
        let target = self.table.get(probe.target);
        // With dynamic suspicion, a failed probe of a member already suspect confirms it.
        let confirms = lifeguard.dynamic && target.status == Status::Suspect;
        if target.status == Status::Alive || confirms {
            // At the incarnation the probe started with (memberlist's `probeNode` suspects
            // its copy of the node): stale, and ignored, if the target refuted meanwhile.
            let suspicion = Update {
                member: probe.target,
                kind: UpdateKind::Suspect,
                incarnation: probe.incarnation,
                from: self.accuser(),
            };
            self.apply(now, suspicion, rng, out);
        }
    }

    /// This node as the `from` of a suspicion it raises: named only when dynamic suspicion
    /// counts accusers.
    pub(super) fn accuser(&self) -> NodeId {
        if self.config.lifeguard.dynamic {
            self.id
        } else {
            NO_ACCUSER
        }
    }

    fn start_probe(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let Some(target) = self.order.next_target(&self.table, rng) else {
            return;
        };
        let seq = self.fresh_seq();
        let interval = if self.config.lifeguard.lhm {
            self.awareness.scale(self.config.period)
        } else {
            self.config.period
        };
        // (memberlist's probe() takes a copy of the node's state here; reading the entry
        // costs a cache miss in a large group, the target being a random member.)
        let known = self.table.get(target);
        self.probe = Some(Probe {
            seq,
            target,
            incarnation: known.incarnation,
            acked: false,
            deadline: now + interval,
            expected_nacks: 0,
            nacks: 0,
            tcp_contact: false,
            started: now,
            tick_held: false,
        });
        let mut updates = self.piggyback();
        if self.config.lifeguard.buddy && known.status == Status::Suspect {
            // Buddy system (memberlist's probeNode): the ping to a suspect carries the
            // suspicion, so that it refutes at once.
            let suspicion = Update {
                member: target,
                kind: UpdateKind::Suspect,
                incarnation: known.incarnation,
                from: self.accuser(),
            };
            if !updates.iter().any(|u| u.member == target) {
                updates.insert(0, suspicion);
            }
        }
        let msg = SwimMsg::Ping { seq, updates };
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

    /// Sends `Gossip` with pending updates to `gossip_fanout` random gossip targets (see
    /// [`SwimNode::send_gossip`]).
    fn fan_out(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let fanout = self.config.gossip_fanout as usize;
        if fanout == 0 || self.buffer.len() == 0 || self.config.gossip_interval > 0 {
            return;
        }
        self.send_gossip(now, fanout, rng, out);
    }

    /// Arms the gossip timer at a random phase if a gossip interval is set.
    fn arm_gossip(&mut self, rng: &mut dyn Random, out: &mut Out) {
        let interval = self.config.gossip_interval;
        if interval == 0 {
            return;
        }
        self.gossip_armed = true;
        out.push(Effect::SetTimer {
            after: 1 + random_below(rng, interval),
            timer: SwimTimer::Gossip,
        });
    }

    /// memberlist's `gossip()`: every gossip interval, pending updates go to `gossip_fanout`
    /// random gossip targets. Stops (until the next tick re-arms it) when the interval is 0.
    pub(super) fn on_gossip_timer(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        let interval = self.config.gossip_interval;
        if interval == 0 {
            self.gossip_armed = false;
            return;
        }
        let fanout = self.config.gossip_fanout as usize;
        if fanout > 0 && self.buffer.len() > 0 {
            self.send_gossip(now, fanout, rng, out);
        }
        out.push(Effect::SetTimer {
            after: interval,
            timer: SwimTimer::Gossip,
        });
    }

    /// Sends a `Gossip` to up to `count` random gossip targets, while updates remain.
    ///
    /// The targets are memberlist's (`gossip()`'s filter): members alive or suspect, so that
    /// a suspect hears of its suspicion and refutes, and members declared dead less than
    /// `gossip_to_dead` ago, so that one declared dead wrongly hears it too. The `count`
    /// targets are a uniform sample of that pool.
    pub(super) fn send_gossip(
        &mut self,
        now: Micros,
        count: usize,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        let mut targets = mem::take(&mut self.scratch);
        self.gossip_targets(now, count, rng, &mut targets);
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

    /// Up to `count` distinct members drawn uniformly from the gossip pool: the live members
    /// of the probe order and the recently dead (pruned here of those too old or no longer
    /// dead). How many come from each part is drawn as from one urn (no draw at all while
    /// nobody is recently dead, so runs without deaths draw what they always did).
    fn gossip_targets(
        &mut self,
        now: Micros,
        count: usize,
        rng: &mut dyn Random,
        targets: &mut Vec<NodeId>,
    ) {
        let window = self.config.gossip_to_dead;
        let table = &self.table;
        self.recent_dead.retain(|&(member, at)| {
            window > 0 && now.saturating_sub(at) <= window && table.status(member) == Status::Dead
        });
        let dead = self.recent_dead.len();
        if dead == 0 {
            self.order.sample_live(count, &self.table, rng, targets);
            return;
        }
        let (mut live_left, mut dead_left) = (self.order.len() as u32, dead as u32);
        let mut from_dead = 0;
        for _ in 0..count {
            let pool = live_left + dead_left;
            if pool == 0 {
                break;
            }
            if rng.below(pool) < dead_left {
                from_dead += 1;
                dead_left -= 1;
            } else {
                live_left -= 1;
            }
        }
        self.order
            .sample_live(count - from_dead, &self.table, rng, targets);
        for i in 0..from_dead {
            let j = i + rng.below((dead - i) as u32) as usize;
            self.recent_dead.swap(i, j);
            targets.push(self.recent_dead[i].0);
        }
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
        if self.config.lifeguard.nack
            && let Some(p) = &mut self.probe
        {
            p.expected_nacks = helpers.len() as u32;
        }
        for &to in &helpers {
            let msg = SwimMsg::PingReq {
                seq,
                target: probe.target,
                updates: self.piggyback(),
            };
            out.push(Effect::Send { to, msg });
        }
        self.scratch = helpers;
        if self.config.tcp_ping {
            // memberlist's probeNode: "Also make an attempt to contact the node directly
            // over TCP", answered if it arrives before the probe's end.
            out.push(Effect::Send {
                to: probe.target,
                msg: SwimMsg::TcpPing { seq },
            });
        }
    }

    /// A TCP fallback ping: answered over the stream, with nothing piggybacked.
    pub(super) fn on_tcp_ping(&mut self, from: NodeId, seq: u32, out: &mut Out) {
        out.push(Effect::Send {
            to: from,
            msg: SwimMsg::TcpAck { seq },
        });
    }

    /// The answer to this node's TCP fallback ping: the current probe, if unacknowledged and
    /// not yet at its end (the stream's deadline), will count as a success.
    pub(super) fn on_tcp_ack(&mut self, now: Micros, seq: u32) {
        if let Some(probe) = &mut self.probe
            && probe.seq == seq
            && !probe.acked
            && now < probe.deadline
        {
            probe.tcp_contact = true;
        }
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
        if self.config.lifeguard.nack {
            // memberlist's handleIndirectPing: a nack after ProbeTimeout without an ack.
            out.push(Effect::SetTimer {
                after: self.config.ack_timeout,
                timer: SwimTimer::RelayNack { seq },
            });
        }
    }

    /// The relayed ping `seq` got no ack within the probe timeout: nack to the origin.
    pub(super) fn on_relay_nack(&mut self, seq: u32, out: &mut Out) {
        if let Some(relay) = self.relays.get(seq) {
            out.push(Effect::Send {
                to: relay.origin,
                msg: SwimMsg::Nack {
                    seq: relay.origin_seq,
                },
            });
        }
    }

    /// A relay of the current probe could not reach the target either.
    pub(super) fn on_nack(&mut self, seq: u32) {
        if let Some(probe) = &mut self.probe
            && probe.seq == seq
            && !probe.acked
        {
            probe.nacks += 1;
        }
    }

    /// An ack either answers a ping this node relays (pass it on) or its own current probe
    /// (mark it acknowledged; a suspect stays suspect until it refutes). Stale ones are ignored.
    /// An ack to a probe that held a tick ends it, and the next probe starts at once.
    pub(super) fn on_ack(&mut self, now: Micros, seq: u32, rng: &mut dyn Random, out: &mut Out) {
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
            && !probe.acked
        {
            probe.acked = true;
            let held = probe.tick_held;
            if self.config.lifeguard.lhm {
                self.awareness.apply_delta(-1, self.config.awareness_max);
            }
            if held {
                self.start_probe(now, rng, out);
            }
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

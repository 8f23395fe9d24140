//! The membership handlers: applying rumours, refuting, join and sync, suspicion expiry, leave.

use super::lifeguard::suspicion::Suspicion;
use super::member::{is_live, supersedes};
use super::message::{NO_ACCUSER, SwimMsg, SyncTable, Update, UpdateKind};
use super::suspicion::suspicion_timeout;
use super::{Out, SwimNode, SwimTimer};
use crate::core::{Change, Effect, Micros, NodeId, Note, Random, Status};

impl SwimNode {
    /// Applies every piggybacked update, in order.
    pub(super) fn apply_all(
        &mut self,
        now: Micros,
        updates: &[Update],
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        for &update in updates {
            self.apply(now, update, rng, out);
        }
    }

    /// Applies one rumour under the precedence rules of [`supersedes`]. A rumour that changes
    /// the table is queued again (infection-style), reported if the status changed, added to
    /// the probe order if the member is live, and starts a suspicion timer if it is a
    /// suspicion. A rumour about this node itself may call for a refutation.
    pub(super) fn apply(
        &mut self,
        now: Micros,
        update: Update,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        if update.member == self.id {
            self.refute_if_needed(now, update, out);
            return;
        }
        let known = self.table.get(update.member);
        if !supersedes(update.kind, update.incarnation, known) {
            self.maybe_confirm(now, update, known.status, known.incarnation, out);
            return;
        }
        let to = update.kind.status();
        self.table.set(update.member, to, update.incarnation, now);
        self.queue(update);
        if self.config.lifeguard.dynamic
            && let Ok(i) = self.suspicion_index(update.member)
        {
            self.suspicions.remove(i);
        }
        if to != known.status {
            out.push(Effect::Notify(Note::Member(Change {
                member: update.member,
                from: known.status,
                to,
            })));
        }
        match to {
            Status::Alive => self.order.insert(update.member, rng),
            Status::Suspect => {
                self.order.insert(update.member, rng);
                let after = if self.config.lifeguard.dynamic {
                    let live = self.table.live();
                    let s = Suspicion::new(
                        update.member,
                        update.incarnation,
                        update.from,
                        now,
                        &self.config,
                        live,
                    );
                    let after = s.deadline() - now;
                    match self.suspicion_index(update.member) {
                        Ok(i) => self.suspicions[i] = s,
                        Err(i) => self.suspicions.insert(i, s),
                    }
                    after
                } else {
                    suspicion_timeout(&self.config, self.table.live())
                };
                out.push(Effect::SetTimer {
                    after,
                    timer: SwimTimer::SuspicionTimeout {
                        member: update.member,
                        incarnation: update.incarnation,
                    },
                });
            }
            // Kept only where gossip runs: without a fan-out (the SWIM paper) the list would
            // hold every death of a partition in every member until a leave, nodes² entries.
            // Pruned by age here too, so it holds at most the deaths of one window.
            Status::Dead if self.config.gossip_to_dead > 0 && self.config.gossip_fanout > 0 => {
                let window = self.config.gossip_to_dead;
                self.recent_dead
                    .retain(|&(m, at)| m != update.member && now.saturating_sub(at) <= window);
                self.recent_dead.push((update.member, now));
            }
            _ => {}
        }
    }

    /// Dynamic suspicion: a suspect rumour about a member already suspect at that incarnation,
    /// from an accuser not counted yet, confirms the suspicion: its deadline comes closer (a
    /// timer is armed for the new one) and the rumour is passed on, as memberlist re-gossips a
    /// confirmation that was new to it.
    fn maybe_confirm(
        &mut self,
        now: Micros,
        update: Update,
        status: Status,
        incarnation: u32,
        out: &mut Out,
    ) {
        if !self.config.lifeguard.dynamic
            || update.kind != UpdateKind::Suspect
            || status != Status::Suspect
            || update.incarnation != incarnation
            || update.from == NO_ACCUSER
        {
            return;
        }
        let Ok(i) = self.suspicion_index(update.member) else {
            return;
        };
        let s = &mut self.suspicions[i];
        if s.incarnation != incarnation {
            return;
        }
        if !s.confirm(update.from) {
            return;
        }
        let after = s.deadline().saturating_sub(now);
        self.queue(update);
        out.push(Effect::SetTimer {
            after,
            timer: SwimTimer::SuspicionTimeout {
                member: update.member,
                incarnation,
            },
        });
    }

    /// Someone believes this node suspect, dead or left at an incarnation at least its own:
    /// take the next incarnation and announce it alive. Rumours of it being alive, and stale
    /// ones, need nothing.
    fn refute_if_needed(&mut self, now: Micros, update: Update, out: &mut Out) {
        if update.kind == UpdateKind::Alive || update.incarnation < self.incarnation {
            return;
        }
        self.incarnation = update.incarnation.saturating_add(1);
        if self.config.lifeguard.lhm {
            // memberlist's refute: "decrease our health because we are being asked to
            // refute a problem".
            self.awareness.apply_delta(1, self.config.awareness_max);
        }
        self.table
            .set(self.id, Status::Alive, self.incarnation, now);
        self.queue(Update {
            member: self.id,
            kind: UpdateKind::Alive,
            incarnation: self.incarnation,
            from: NO_ACCUSER,
        });
        out.push(Effect::Notify(Note::Refuted {
            incarnation: self.incarnation,
        }));
    }

    /// A member (re)joins: it is alive at `incarnation` as far as precedence allows, and gets
    /// this node's whole table back.
    pub(super) fn on_join(
        &mut self,
        now: Micros,
        from: NodeId,
        incarnation: u32,
        updates: &[Update],
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        let alive = Update {
            member: from,
            kind: UpdateKind::Alive,
            incarnation,
            from: NO_ACCUSER,
        };
        self.apply(now, alive, rng, out);
        self.apply_all(now, updates, rng, out);
        self.send_sync(from, false, out);
    }

    /// Sends this node's whole table to `to`; `reply` asks for the receiver's table back.
    pub(super) fn send_sync(&mut self, to: NodeId, reply: bool, out: &mut Out) {
        let members = self.table.snapshot();
        out.push(Effect::Send {
            to,
            msg: SwimMsg::Sync { members, reply },
        });
    }

    /// Merges a peer's table, entry by entry, as rumours, and answers with this node's table
    /// if asked (push-pull). As in memberlist's `mergeState`, the peer's belief that a member
    /// this node thinks live is dead arrives as a *suspicion*: the member gets the suspicion
    /// timeout to refute instead of being declared dead on hearsay (a member the peer holds
    /// dead may have been cut off from it only, as after a partition). About a member this
    /// node does not know, or about itself, the entry applies as it is.
    /// What changes here is queued for dissemination like any rumour: on a sparse topology
    /// that is how members learn of those beyond their seeds.
    pub(super) fn on_sync(
        &mut self,
        now: Micros,
        from: NodeId,
        members: &SyncTable,
        reply: bool,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        for (first, len, status, incarnation) in members.runs() {
            let Some(kind) = UpdateKind::from_status(status) else {
                continue;
            };
            let end = first + len;
            let mut member = first;
            while member < end {
                // Most of a peer's table is what this node holds already: no rule lets a
                // rumour override an equal entry, so such stretches are skipped whole.
                member += self.table.count_equal(member, end, status, incarnation);
                if member == end {
                    break;
                }
                self.sync_row(now, member, kind, incarnation, rng, out);
                member += 1;
            }
        }
        if reply {
            self.send_sync(from, false, out);
        }
    }

    /// One row of a peer's table in [`SwimNode::on_sync`].
    fn sync_row(
        &mut self,
        now: Micros,
        member: NodeId,
        mut kind: UpdateKind,
        incarnation: u32,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        if member != self.id {
            let known = self.table.get(member);
            if kind == UpdateKind::Dead && is_live(known.status) {
                kind = UpdateKind::Suspect;
            }
            // Most of a peer's table is old news: skip it without the full `apply`.
            if !supersedes(kind, incarnation, known) {
                return;
            }
        }
        let update = Update {
            member,
            kind,
            incarnation,
            from: NO_ACCUSER,
        };
        self.apply(now, update, rng, out);
    }

    /// With probability `dead / (live · reconnect_periods)`, sends a push-pull `Sync` to a
    /// random member believed dead (see [`SwimConfig::reconnect_periods`]). If it is up after
    /// all, it learns it was declared dead, refutes, and answers with its own table.
    ///
    /// [`SwimConfig::reconnect_periods`]: super::SwimConfig::reconnect_periods
    pub(super) fn reconnect(&mut self, rng: &mut dyn Random, out: &mut Out) {
        let (dead, every) = (self.table.dead(), self.config.reconnect_periods);
        if dead == 0 || every == 0 {
            return;
        }
        let draw = self.table.live().max(1).saturating_mul(every);
        if rng.below(draw) >= dead {
            return;
        }
        if let Some(member) = self.table.random_dead(rng) {
            self.send_sync(member, true, out);
        }
    }

    /// A suspicion ran out: if the member is still suspect at that incarnation, it is dead.
    pub(super) fn on_suspicion_timeout(
        &mut self,
        now: Micros,
        member: NodeId,
        incarnation: u32,
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        let entry = self.table.get(member);
        if entry.status != Status::Suspect || entry.incarnation != incarnation {
            return;
        }
        if self.config.lifeguard.dynamic
            && self
                .suspicion_of(member)
                .is_some_and(|s| s.incarnation == incarnation && now < s.deadline())
        {
            return; // a timer for the (later) deadline is armed
        }
        let dead = Update {
            member,
            kind: UpdateKind::Dead,
            incarnation,
            from: NO_ACCUSER,
        };
        self.apply(now, dead, rng, out);
    }

    /// Queues `Left` about itself and gossips it to `max(k + 1, 3)` random gossip targets.
    pub(super) fn leave(&mut self, now: Micros, rng: &mut dyn Random, out: &mut Out) {
        self.queue(Update {
            member: self.id,
            kind: UpdateKind::Left,
            incarnation: self.incarnation,
            from: NO_ACCUSER,
        });
        let count = (self.config.indirect_probes as usize + 1).max(3);
        self.send_gossip(now, count, rng, out);
    }
}

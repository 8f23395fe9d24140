//! The membership handlers: applying rumours, refuting, join and sync, suspicion expiry, leave.

use alloc::vec::Vec;

use super::member::supersedes;
use super::message::{SwimMsg, SyncEntry, Update, UpdateKind};
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
            return;
        }
        let to = update.kind.status();
        self.table.set(update.member, to, update.incarnation, now);
        self.buffer.queue(update);
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
                out.push(Effect::SetTimer {
                    after: suspicion_timeout(&self.config, self.table.live()),
                    timer: SwimTimer::SuspicionTimeout {
                        member: update.member,
                        incarnation: update.incarnation,
                    },
                });
            }
            _ => {}
        }
    }

    /// Someone believes this node suspect, dead or left at an incarnation at least its own:
    /// take the next incarnation and announce it alive. Rumours of it being alive, and stale
    /// ones, need nothing.
    fn refute_if_needed(&mut self, now: Micros, update: Update, out: &mut Out) {
        if update.kind == UpdateKind::Alive || update.incarnation < self.incarnation {
            return;
        }
        self.incarnation = update.incarnation.saturating_add(1);
        self.table
            .set(self.id, Status::Alive, self.incarnation, now);
        self.buffer.queue(Update {
            member: self.id,
            kind: UpdateKind::Alive,
            incarnation: self.incarnation,
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
        };
        self.apply(now, alive, rng, out);
        self.apply_all(now, updates, rng, out);
        let members: Vec<SyncEntry> = self
            .table
            .known()
            .map(|(member, entry)| (member, entry.status, entry.incarnation))
            .collect();
        out.push(Effect::Send {
            to: from,
            msg: SwimMsg::Sync { members },
        });
    }

    /// Merges a peer's table, entry by entry, as rumours.
    pub(super) fn on_sync(
        &mut self,
        now: Micros,
        members: &[SyncEntry],
        rng: &mut dyn Random,
        out: &mut Out,
    ) {
        for &(member, status, incarnation) in members {
            if let Some(kind) = UpdateKind::from_status(status) {
                let update = Update {
                    member,
                    kind,
                    incarnation,
                };
                self.apply(now, update, rng, out);
            }
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
        let dead = Update {
            member,
            kind: UpdateKind::Dead,
            incarnation,
        };
        self.apply(now, dead, rng, out);
    }

    /// Queues `Left` about itself and gossips it to `max(k + 1, 3)` random alive members.
    pub(super) fn leave(&mut self, rng: &mut dyn Random, out: &mut Out) {
        self.buffer.queue(Update {
            member: self.id,
            kind: UpdateKind::Left,
            incarnation: self.incarnation,
        });
        let count = (self.config.indirect_probes as usize + 1).max(3);
        self.send_gossip(count, rng, out);
    }
}

//! Faults and commands: members started and stopped (crash, leave, pause, slow), scripted and
//! live actions applied, live parameter changes, and commands recorded into the script.

use super::{FaultNow, NodeState, Sim, Slot, view_of};
use crate::run::Protocol;
use crate::scenario::{Action, Param, ScenarioError, Span, TimedEvent, Tunable};
use crate::trace::TraceEvent;
use gossip_protocol::{NodeId, Status};

impl<P: Protocol> Sim<P> {
    /// Cuts (or mends) the link `from` → `to`, and `to` → `from` too when `both`.
    fn link(&mut self, from: NodeId, to: NodeId, both: bool, cut: bool) {
        let ways: &[(NodeId, NodeId)] = if both {
            &[(from, to), (to, from)]
        } else {
            &[(from, to)]
        };
        for &(a, b) in ways {
            if cut {
                self.net.cut(a, b);
            } else {
                self.net.mend(a, b);
            }
        }
        let arrow = if both { "-" } else { ">" };
        let done = if cut { "cut" } else { "mended" };
        self.record(TraceEvent::Fault(format!("link {from}{arrow}{to} {done}")));
    }

    pub(super) fn views(&self, id: NodeId) -> Vec<(NodeId, Status)> {
        let n = self.slots.len() as NodeId;
        match self.node(id) {
            Some(node) => (0..n).map(|m| (m, node.status_of(m))).collect(),
            None => Vec::new(),
        }
    }

    pub(super) fn start_node(&mut self, id: NodeId) {
        let node = P::new(id, &self.config, self.topology.peers_of(id), self.now);
        let slot = &mut self.slots[id as usize];
        slot.life += 1;
        slot.state = NodeState::Up;
        slot.node = Some(node);
        let views = self.views(id);
        self.metrics
            .node_up(self.now, id, views.into_iter(), &view_of(&self.slots, id));
        if let Some(n) = self.slots[id as usize].node.as_mut() {
            n.on_start(self.now, &mut self.rng_proto, &mut self.outbox);
        }
        self.flush(id);
    }

    /// The faults member `id` is under now (`slow`, `pause`); none for a member that is down
    /// or an id not in use.
    pub fn fault_of(&self, id: NodeId) -> FaultNow {
        self.slots
            .get(id as usize)
            .filter(|s| s.state == NodeState::Up)
            .map_or(FaultNow::default(), |s| FaultNow {
                slow: (s.slow > 0).then_some(s.slow),
                paused_until: (s.paused_until > self.now).then_some(s.paused_until),
            })
    }

    pub(super) fn stop_node(&mut self, id: NodeId, state: NodeState) {
        let views = self.views(id);
        self.metrics.node_down(self.now, id, views.into_iter());
        let slot = &mut self.slots[id as usize];
        slot.node = None;
        slot.life += 1;
        slot.state = state;
        slot.slow = 0;
        slot.paused_until = 0;
    }

    pub(super) fn is_up(&self, id: NodeId) -> bool {
        self.state(id) == NodeState::Up
    }

    pub(super) fn apply(&mut self, action: Action) {
        match action {
            Action::Crash(id) if self.is_up(id) => {
                self.stop_node(id, NodeState::Crashed);
                let under_way = self.suspecting(id);
                let slots = &self.slots;
                let held_by = |o: NodeId| view_of(slots, o)(id);
                self.metrics.crash(self.now, id, &under_way, &held_by);
                self.record(TraceEvent::Crash(id));
            }
            Action::Recover(id) if (id as usize) < self.slots.len() && !self.is_up(id) => {
                self.metrics.recovered(id);
                self.record(TraceEvent::Recover(id));
                self.start_node(id);
            }
            Action::Leave(id) if self.is_up(id) => {
                if let Some(n) = self.slots[id as usize].node.as_mut() {
                    n.on_leave(self.now, &mut self.rng_proto, &mut self.outbox);
                }
                self.flush(id);
                self.stop_node(id, NodeState::Left);
                self.record(TraceEvent::Leave(id));
            }
            Action::Join => {
                let id = self.slots.len() as NodeId;
                let changed = self.topology.grow(
                    self.scenario.topo,
                    self.scenario.degree,
                    &mut self.rng_topo,
                );
                self.slots.push(Slot {
                    node: None,
                    life: 0,
                    state: NodeState::Crashed,
                    slow: 0,
                    paused_until: 0,
                });
                for &c in changed.iter().filter(|&&c| c != id) {
                    let peers = self.topology.peers_of(c);
                    if let Some(n) = self.slots[c as usize].node.as_mut() {
                        n.set_peers(peers);
                    }
                }
                self.record(TraceEvent::Join(id));
                self.start_node(id);
                self.metrics.join(self.now, id);
            }
            Action::Partition(_) | Action::PartitionGroups(_) => {
                let groups = action.partition_sides();
                let n = self.slots.len();
                let rest = groups.len() as u16;
                let mut side = vec![rest; n];
                for (g, ranges) in groups.iter().enumerate() {
                    for &(a, b) in ranges {
                        for s in side
                            .iter_mut()
                            .take((b as usize + 1).min(n))
                            .skip(a as usize)
                        {
                            *s = g as u16;
                        }
                    }
                }
                let sides = if side.contains(&rest) { rest + 1 } else { rest };
                self.net.partition(side, rest);
                self.record(TraceEvent::Partition(sides));
            }
            Action::Heal => {
                self.net.heal();
                self.record(TraceEvent::Heal);
            }
            Action::Set(param, value) => self.set(param, value),
            Action::Slow(id, ms) if self.is_up(id) => {
                self.slots[id as usize].slow = ms * 1000;
                self.metrics.slowed(self.now, id, true);
                self.record(TraceEvent::Fault(format!("node {id} slowed by {ms} ms")));
            }
            Action::Fast(id) if self.is_up(id) => {
                self.slots[id as usize].slow = 0;
                self.metrics.slowed(self.now, id, false);
                self.record(TraceEvent::Fault(format!("node {id} at full speed again")));
            }
            Action::Pause(id, ms) if self.is_up(id) => {
                let slot = &mut self.slots[id as usize];
                slot.paused_until = slot.paused_until.max(self.now + ms * 1000);
                let until = slot.paused_until;
                self.metrics
                    .paused(self.now, id, until, &view_of(&self.slots, id));
                self.record(TraceEvent::Fault(format!("node {id} paused for {ms} ms")));
            }
            Action::Cut { from, to, both } => self.link(from, to, both, true),
            Action::Mend { from, to, both } => self.link(from, to, both, false),
            other => {
                let why = match other {
                    Action::Crash(id)
                    | Action::Leave(id)
                    | Action::Slow(id, _)
                    | Action::Fast(id)
                    | Action::Pause(id, _) => format!("node {id} is not running"),
                    Action::Recover(id) => format!("node {id} is already running"),
                    _ => String::from("not applicable"),
                };
                self.record(TraceEvent::Ignored(why));
            }
        }
    }

    /// Applies a live parameter change: the network's for `latency` and `loss`, every running
    /// node's configuration for the rest (each picks it up as its protocol documents).
    pub(super) fn set(&mut self, param: Param, value: u64) {
        param.put(&mut self.params, value);
        match param {
            Param::Latency => self.net.latency = value * 1000,
            Param::Loss => {
                self.net.loss_per_10k = u32::try_from(value.min(100)).unwrap_or(100) * 100;
            }
            _ => {
                self.config.tune(param, value);
                for slot in &mut self.slots {
                    if let Some(n) = slot.node.as_mut() {
                        n.reconfigure(&self.config);
                    }
                }
            }
        }
        self.record(TraceEvent::Set(param, value));
    }

    /// Records a command from the user as a scenario event at the first whole millisecond
    /// after now (so that replaying the recorded scenario applies it at the same point), and
    /// schedules it. Returns the recorded event, or why it is not valid.
    pub fn command(&mut self, action: Action) -> Result<TimedEvent, ScenarioError> {
        self.command_for(action, None)
    }

    /// [`Sim::command`] for a fault that ends itself `undo_ms` later (`slow.ID.DELAY.FOR`,
    /// `crash.ID.DOWNTIME`, `cut.LINK.FOR`): the undoing event (`fast`, `recover`, `mend`) is
    /// recorded too, as [`Scenario::resolved`] would add it (see [`Scenario::with_command`]).
    /// Returns the command as written, with its undo.
    pub fn command_for(
        &mut self,
        action: Action,
        undo_ms: Option<u64>,
    ) -> Result<TimedEvent, ScenarioError> {
        let mut ev = TimedEvent::new(self.now / 1000 + 1, action);
        ev.draw.undo = undo_ms.map(|ms| Span { ms, before: None });
        let next = self.scenario.with_command(&ev)?;
        self.set_script(&next.events);
        Ok(ev)
    }
}

//! The discrete-event simulator: a queue of `(time, class, sequence)` events, a virtual
//! clock that jumps from event to event, and the protocol nodes it drives.
//!
//! Scripted events (crash, partition, ...) sort before protocol events at the same instant
//! (class 0 before class 1), and among themselves in scenario order, so a command recorded live
//! and the same command replayed from the URL happen at exactly the same point of the run.

use crate::metrics::Metrics;
use crate::network::Network;
use crate::parked::Parked;
use crate::queue::EventQueue;
use crate::rng::{SimRng, Stream};
use crate::run::Protocol;
use crate::scenario::{Action, Scenario, TimedEvent};
use crate::tap::{Tap, TapRecord, TapSpec};
use crate::topology::Topology;
use crate::trace::{TraceHash, TraceRecord};
use gossip_protocol::{Effect, Micros, MsgKind, Node, NodeId, Status, Wire};
use std::collections::VecDeque;

mod faults;
mod recurring;
mod wire;

/// The top bit of a protocol event's order: after every scripted event at the same instant.
const PROTOCOL_CLASS: u64 = 1 << 63;
/// How many events ahead [`Sim::prefetch_ahead`] fetches a node.
const PREFETCH_AHEAD: usize = 8;

/// Whether a node runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Running.
    Up,
    /// Crashed (state lost).
    Crashed,
    /// Left gracefully.
    Left,
}

/// A message in flight (or lost), for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flight {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Send time, µs.
    pub sent: Micros,
    /// Arrival time, µs (for a lost message: when it would have arrived).
    pub arrives: Micros,
    /// Message kind.
    pub kind: MsgKind,
    /// Dropped by the network.
    pub lost: bool,
}

#[derive(Clone)]
enum Payload<P: Node> {
    Deliver {
        from: NodeId,
        to: NodeId,
        sent: Micros,
        msg: P::Msg,
        /// Already held back once by a slow receiver.
        late: bool,
    },
    Timer {
        node: NodeId,
        life: u32,
        timer: P::Timer,
        /// Already held back once by a slow node.
        late: bool,
    },
    /// The earliest of `node`'s parked timers comes due (see [`crate::parked`]).
    Parked {
        node: NodeId,
    },
    Script(Action),
    /// The next occurrence of the recurring event of this index (see `engine/recurring.rs`).
    Recur(u32),
    /// A fault a recurring event made is undone (`recover`, `fast`, `mend`).
    Undo(Action),
}

/// The faults a running member is under at one instant (see [`Sim::fault_of`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultNow {
    /// `slow`: every message it receives is read this many µs late, until `fast`.
    pub slow: Option<Micros>,
    /// `pause`: frozen until this time, µs (always later than now).
    pub paused_until: Option<Micros>,
}

impl FaultNow {
    /// Under no fault.
    pub fn is_none(self) -> bool {
        self == FaultNow::default()
    }
}

/// `repr(C)` puts `life`, read first by every timer, in the cache line where the node starts.
#[repr(C)]
#[derive(Clone)]
struct Slot<P> {
    life: u32,
    state: NodeState,
    node: Option<P>,
    /// `slow`: every message and timer is handled this many µs late (0: full speed).
    slow: Micros,
    /// `pause`: frozen until this time, µs (nothing is handled before).
    paused_until: Micros,
}

/// What node `id` (if up) believes about each member: the metrics read views through this.
fn view_of<P: Node>(slots: &[Slot<P>], id: NodeId) -> impl Fn(NodeId) -> Status + '_ {
    move |m| {
        slots[id as usize]
            .node
            .as_ref()
            .map_or(Status::Unknown, |n| n.status_of(m))
    }
}

/// A deterministic run of one protocol. A pure function of its scenario and configuration.
///
/// `Clone` copies the whole state (nodes, queue, network, random streams, metrics), so a clone
/// played forward is indistinguishable from the original played forward: the checkpoints of
/// time travel are clones.
#[derive(Clone)]
pub struct Sim<P: Node> {
    scenario: Scenario,
    /// The parameters in force now (the scenario's, changed by `set` events so far).
    params: Scenario,
    config: P::Config,
    now: Micros,
    seq: u64,
    script_seq: u64,
    queue: EventQueue<Payload<P>>,
    /// The timers the protocol holds very many of ([`Node::is_bulk_timer`]), out of the queue.
    parked: Parked<P::Timer>,
    slots: Vec<Slot<P>>,
    topology: Topology,
    net: Network,
    rng_proto: SimRng,
    rng_net: SimRng,
    rng_topo: SimRng,
    rng_burst: SimRng,
    metrics: Metrics,
    hash: TraceHash,
    log: VecDeque<TraceRecord>,
    log_cap: usize,
    drops: VecDeque<Flight>,
    track_drops: bool,
    outbox: Vec<Effect<P::Msg, P::Timer>>,
    processed: u64,
    /// Scripted events processed so far (a prefix of `scenario.events`).
    script_done: usize,
    /// Trace records made so far (the log keeps only the last few).
    records: u64,
    /// The sender of the message being handled (None while a timer or script runs): a change
    /// of view it causes was heard from it.
    via: Option<NodeId>,
    /// What the why panel and the sequence diagram asked to record, if anything.
    tap: Option<Box<Tap>>,
    /// Per node: the member and arrival time (lost: send time) of the last ping it sent on a
    /// timer (SWIM: the direct ping of its own probe; pings it relays are sent on a
    /// ping-req), so that a first-hand suspicion can be traced to its probe (see
    /// [`crate::metrics::Failure`]).
    probe_ping: Vec<(NodeId, Micros)>,
    /// While a timer's effects are carried out: the member its node was probing, unacked,
    /// just before the timer fired (read only while a crash is tracked).
    unacked: Option<NodeId>,
    /// The recurring events under way, in the order they started.
    recurring: Vec<recurring::Recurrer>,
    /// Events generated by recurring events so far (their order among themselves).
    recur_seq: u64,
}

impl<P: Protocol> Sim<P> {
    /// Builds the run: topology, network, every initial node started at time 0, and the
    /// scripted events queued. The scenario must be valid (see [`Scenario::validate`]) and
    /// concrete: randomised events drawn first ([`Scenario::resolved`], as [`crate::build`]
    /// does).
    pub fn new(scenario: Scenario, config: P::Config) -> Self {
        debug_assert!(
            !scenario.is_randomised(),
            "Sim::new needs concrete events: use Scenario::resolved"
        );
        let topology = Topology::build(
            scenario.topo,
            scenario.nodes,
            scenario.degree,
            scenario.seed,
        );
        let mut net = Network::new(scenario.latency_ms * 1000, scenario.loss_pct);
        net.set_burst(scenario.burst);
        net.set_burst_time(scenario.burst_ms * 1000);
        let mut sim = Sim {
            params: Scenario {
                events: Vec::new(),
                ..scenario.clone()
            },
            config,
            now: 0,
            seq: 0,
            script_seq: 0,
            queue: EventQueue::default(),
            parked: Parked::default(),
            slots: Vec::new(),
            topology,
            net,
            rng_proto: SimRng::new(scenario.seed, Stream::Protocol),
            rng_net: SimRng::new(scenario.seed, Stream::Network),
            rng_topo: SimRng::new(scenario.seed, Stream::Topology),
            rng_burst: SimRng::new(scenario.seed, Stream::Burst),
            metrics: Metrics::default(),
            hash: TraceHash::default(),
            log: VecDeque::new(),
            log_cap: 0,
            drops: VecDeque::new(),
            track_drops: false,
            outbox: Vec::new(),
            processed: 0,
            script_done: 0,
            records: 0,
            via: None,
            tap: None,
            probe_ping: Vec::new(),
            unacked: None,
            recurring: Vec::new(),
            recur_seq: 0,
            scenario,
        };
        for ev in sim.scenario.events.clone() {
            sim.queue_script(ev);
        }
        for _ in 0..sim.scenario.nodes {
            sim.slots.push(Slot {
                node: None,
                life: 0,
                state: NodeState::Crashed,
                slow: 0,
                paused_until: 0,
            });
        }
        for id in 0..sim.scenario.nodes {
            sim.start_node(id);
        }
        sim.metrics.leaders.arm(0);
        sim
    }

    /// Scripted events are class 0: before protocol events at the same instant.
    fn queue_script(&mut self, ev: TimedEvent) {
        self.queue
            .push(ev.at_ms * 1000, self.script_seq, Payload::Script(ev.action));
        self.script_seq += 1;
    }

    /// Protocol events are class 1 (the top bit of their order), in the order they were made.
    fn push(&mut self, at: Micros, payload: Payload<P>) {
        self.seq += 1;
        self.queue.push(at, PROTOCOL_CLASS | self.seq, payload);
    }

    /// Arms `node`'s `timer` (set in life `life`) for `at`: as a queue event of its own, or
    /// parked if the protocol holds very many of its kind. Either way it takes the next
    /// sequence number and fires at the same point of the run.
    #[inline]
    fn push_timer(&mut self, at: Micros, node: NodeId, life: u32, timer: P::Timer, late: bool) {
        if late || !P::is_bulk_timer(&timer) {
            let timer = Payload::Timer {
                node,
                life,
                timer,
                late,
            };
            self.push(at, timer);
        } else {
            self.park(at, node, life, timer);
        }
    }

    /// Parks a bulk timer (out of line: only suspicions are parked).
    #[inline(never)]
    fn park(&mut self, at: Micros, node: NodeId, life: u32, timer: P::Timer) {
        self.seq += 1;
        let order = PROTOCOL_CLASS | self.seq;
        if self.parked.park(node, at, order, life, timer) {
            self.queue.push(at, order, Payload::Parked { node });
        }
    }

    /// A proxy came due: the life and value of the parked timer it stands for, with a proxy
    /// queued for the node's next one if needed (None only if the node has nothing parked,
    /// which a proxy never outlives).
    fn unpark(&mut self, node: NodeId) -> Option<(u32, P::Timer)> {
        let (life, timer, next) = self.parked.take(node)?;
        if let Some((at, order)) = next {
            self.queue.push(at, order, Payload::Parked { node });
        }
        Some((life, timer))
    }

    /// Events waiting in the queue (a node's parked timers count once), and timers parked.
    pub fn pending_events(&self) -> (usize, usize) {
        (self.queue.iter().count(), self.parked.len())
    }

    /// The scenario, including every command recorded so far.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The parameters in force now: the scenario's, changed by the `set` events so far
    /// (without events).
    pub fn params(&self) -> &Scenario {
        &self.params
    }

    /// Current virtual time, µs.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// Metrics so far.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Hash of everything that happened so far: views, scripted events, every message sent
    /// (with its fate), delivered or lost on arrival, and every timer that came due. Equal
    /// hashes mean identical runs.
    pub fn trace_hash(&self) -> u64 {
        self.hash.value()
    }

    /// Events processed so far.
    pub fn processed(&self) -> u64 {
        self.processed
    }

    /// The topology in force.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The network in force.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// Number of node ids (initial and joined).
    pub fn node_count(&self) -> u32 {
        self.slots.len() as u32
    }

    /// Whether `id` runs.
    pub fn state(&self, id: NodeId) -> NodeState {
        self.slots
            .get(id as usize)
            .map_or(NodeState::Crashed, |s| s.state)
    }

    /// The running node `id`, if up.
    pub fn node(&self, id: NodeId) -> Option<&P> {
        self.slots.get(id as usize).and_then(|s| s.node.as_ref())
    }

    /// What `observer` believes about `member` (`Unknown` if the observer is down).
    pub fn status_of(&self, observer: NodeId, member: NodeId) -> Status {
        self.node(observer)
            .map_or(Status::Unknown, |n| n.status_of(member))
    }

    /// Keep the last `cap` trace records for display (0: keep none).
    pub fn set_log_capacity(&mut self, cap: usize) {
        self.log_cap = cap;
        while self.log.len() > cap {
            self.log.pop_front();
        }
    }

    /// What the display asked to keep, which is not part of the run: the log's capacity and
    /// whether drops are tracked (a run rebuilt from its scenario takes them over).
    pub fn display_settings(&self) -> (usize, bool) {
        (self.log_cap, self.track_drops)
    }

    /// The kept trace records, oldest first.
    pub fn log(&self) -> &VecDeque<TraceRecord> {
        &self.log
    }

    /// Remember dropped messages for drawing.
    pub fn set_track_drops(&mut self, on: bool) {
        self.track_drops = on;
        if !on {
            self.drops.clear();
        }
    }

    /// Every message in flight, and recently lost ones, for drawing.
    pub fn flights(&self, out: &mut Vec<Flight>) {
        out.clear();
        for (at, payload) in self.queue.iter() {
            if let Payload::Deliver {
                from,
                to,
                sent,
                msg,
                ..
            } = payload
            {
                out.push(Flight {
                    from: *from,
                    to: *to,
                    sent: *sent,
                    arrives: at,
                    kind: msg.kind(),
                    lost: false,
                });
            }
        }
        out.extend(self.drops.iter().filter(|f| f.arrives > self.now).copied());
    }

    /// Time of the next event, if any.
    pub fn next_event_at(&self) -> Option<Micros> {
        self.queue.next_at()
    }

    /// Processes every event up to and including `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Micros) {
        while let Some((at, payload)) = self.queue.pop_until(t) {
            self.prefetch_ahead();
            self.process(at, payload);
        }
        self.now = self.now.max(t);
        while self.drops.front().is_some_and(|f| f.arrives <= self.now) {
            self.drops.pop_front();
        }
    }

    /// Processes the next event; returns its time.
    pub fn step(&mut self) -> Option<Micros> {
        let (at, payload) = self.queue.pop()?;
        self.process(at, payload);
        Some(self.now)
    }

    /// Asks the CPU to fetch the node of the event `PREFETCH_AHEAD` places ahead, so that
    /// its cache misses overlap with the work on this one: at 10,000 members the nodes' state
    /// is far larger than the caches, and every event touches a random node.
    #[inline]
    fn prefetch_ahead(&self) {
        let node = match self.queue.ahead(PREFETCH_AHEAD) {
            Some(Payload::Deliver { to, .. }) => *to,
            Some(Payload::Timer { node, .. } | Payload::Parked { node }) => *node,
            _ => return,
        };
        if let Some(slot) = self.slots.get(node as usize) {
            crate::prefetch::lines(slot, size_of::<Slot<P>>().div_ceil(64));
        }
    }

    fn process(&mut self, at: Micros, payload: Payload<P>) {
        self.now = at;
        self.processed += 1;
        match payload {
            Payload::Deliver {
                from,
                to,
                sent,
                msg,
                late,
            } => {
                if let Some((at, late)) = self.hold(to, late, true) {
                    let msg = Payload::Deliver {
                        from,
                        to,
                        sent,
                        msg,
                        late,
                    };
                    self.push(at, msg);
                    return;
                }
                self.via = Some(from);
                self.deliver(from, to, msg);
                self.via = None;
            }
            Payload::Timer {
                node,
                life,
                timer,
                late,
            } => self.fire(node, life, timer, late),
            Payload::Parked { node } => self.fire_parked(node),
            Payload::Script(action) => {
                let index = self.script_done;
                self.script_done += 1;
                match action {
                    Action::Every(rec) => self.start_recurring(index, *rec),
                    action => self.apply(action),
                }
            }
            Payload::Recur(g) => self.occur(g),
            Payload::Undo(action) => self.apply(action),
        }
    }

    /// `node`'s timer set in life `life` comes due (held back if the node is paused).
    #[inline]
    fn fire(&mut self, node: NodeId, life: u32, timer: P::Timer, late: bool) {
        if let Some((at, late)) = self.hold(node, late, false) {
            self.push_timer(at, node, life, timer, late);
            return;
        }
        let slot = &mut self.slots[node as usize];
        self.hash.timer(self.now, node, slot.life == life);
        if slot.life == life
            && let Some(n) = slot.node.as_mut()
        {
            if let Some(tap) = self.tap.as_mut().filter(|t| t.on_lane(node)) {
                tap.records.push(TapRecord::Timer {
                    at: self.now,
                    node,
                    text: timer.to_string(),
                });
            }
            if self.metrics.tracking_crashes() {
                self.unacked = n.unacked_probe();
            }
            n.on_timer(self.now, timer, &mut self.rng_proto, &mut self.outbox);
            self.flush(node);
            self.unacked = None;
        }
    }

    /// The proxy of `node`'s parked timers comes due: the earliest fires, as the event it
    /// stands for (out of line: only under churn do nodes have parked timers).
    #[inline(never)]
    fn fire_parked(&mut self, node: NodeId) {
        if let Some((life, timer)) = self.unpark(node) {
            self.fire(node, life, timer, false);
        }
    }

    /// Whether an event for `node` must wait: until the end of a pause (its `late` mark
    /// unchanged, so a slow node still adds its delay afterwards), or, once, a message by the
    /// node's slowness. `Some((when, late))` to hold it back.
    ///
    /// A slow node's timers fire on time: in a CPU-starved process a timeout is checked
    /// against the clock while the ack that would have beaten it still waits, unread, behind
    /// the work queued before it (the slow members of the Lifeguard paper, which miss acks
    /// that did arrive and so suspect healthy members). Delaying timers too would shift the
    /// whole member in time and keep its view consistent.
    fn hold(&self, node: NodeId, late: bool, message: bool) -> Option<(Micros, bool)> {
        let slot = self.slots.get(node as usize)?;
        slot.node.as_ref()?;
        if slot.paused_until > self.now {
            return Some((slot.paused_until, late));
        }
        (message && slot.slow > 0 && !late).then_some((self.now + slot.slow, true))
    }

    /// What the next event is, in words (`ping 3 → 7 delivered`, `node 7: probe 12 ack
    /// timeout`, `crash 4`), and its time; None when nothing is pending.
    pub fn describe_next(&self) -> Option<(Micros, String)> {
        let (at, payload) = self.queue.peek()?;
        let text = match payload {
            Payload::Deliver { from, to, msg, .. } => {
                let kind = msg.kind().label();
                let fate = if !self.net.connected(*from, *to) {
                    "lost at the partition"
                } else if self.state(*to) != NodeState::Up {
                    "lost: the receiver is down"
                } else {
                    "delivered"
                };
                format!("{kind} {from} → {to} {fate}")
            }
            Payload::Timer {
                node, life, timer, ..
            } => self.describe_timer(*node, *life, timer),
            Payload::Parked { node } => match self.parked.peek(*node) {
                Some((life, timer)) => self.describe_timer(*node, life, timer),
                None => String::new(),
            },
            Payload::Script(action) | Payload::Undo(action) => {
                TimedEvent::new(at / 1000, action.clone())
                    .to_string()
                    .split_once('.')
                    .map_or_else(String::new, |(_, a)| a.replace('.', " "))
            }
            Payload::Recur(g) => self.recurring_text(*g),
        };
        Some((at, text))
    }

    fn describe_timer(&self, node: NodeId, life: u32, timer: &P::Timer) -> String {
        if self.slots[node as usize].life == life {
            format!("node {node}: {timer}")
        } else {
            format!("node {node}: {timer} (stale: that life ended)")
        }
    }

    /// Replaces the scripted events still to come by those of `events` (which must start with
    /// the events processed so far, in order): the script of a restored checkpoint is brought
    /// up to date with commands recorded after it was taken, or cut after a fork. The result
    /// is the same run as one built from `events` from the start.
    pub fn set_script(&mut self, events: &[TimedEvent]) {
        debug_assert_eq!(
            &events[..self.script_done.min(events.len())],
            &self.scenario.events[..self.script_done]
        );
        self.queue.retain(|p| !matches!(p, Payload::Script(_)));
        for ev in events.iter().skip(self.script_done) {
            self.queue_script(ev.clone());
        }
        self.scenario.events = events.to_vec();
    }

    /// Trace records made so far (the log keeps the last few).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Starts recording what `spec` asks for (None stops); see [`crate::tap`].
    pub fn set_tap(&mut self, spec: Option<TapSpec>) {
        self.tap = spec.map(|s| Box::new(Tap::new(s)));
    }

    /// The suspicion timeouts `observer` has armed in its current life: member, incarnation
    /// and deadline (µs) of each, earliest first (see [`Protocol::suspicion_timer`]). They are
    /// all parked (a bulk timer held back by a pause is parked again), so this reads the
    /// observer's heap of parked timers and nothing else.
    pub fn suspicion_timers(&self, observer: NodeId) -> Vec<(NodeId, u64, Micros)> {
        let Some(slot) = self
            .slots
            .get(observer as usize)
            .filter(|s| s.node.is_some())
        else {
            return Vec::new();
        };
        let mut out: Vec<_> = self
            .parked
            .of(observer)
            .filter(|&(_, life, _)| life == slot.life)
            .filter_map(|(at, _, t)| P::suspicion_timer(t).map(|(m, inc)| (m, inc, at)))
            .collect();
        // The key is the whole element: a stable sort gives what an unstable one would.
        crate::sort::by_key(&mut out, |&(m, inc, at)| (at, m, inc));
        out
    }

    /// When `observer`'s detector has grounds to suspect and to remove `member` (heartbeat
    /// gossip; see [`Protocol::detector_deadlines`]).
    pub fn detector_deadlines(&self, observer: NodeId, member: NodeId) -> Option<[Micros; 2]> {
        self.node(observer)?
            .detector_deadlines(&self.config, member)
    }

    /// The records of the tap so far (the tap goes on with an empty list).
    pub fn take_tap(&mut self) -> Vec<TapRecord> {
        self.tap
            .as_mut()
            .map(|t| std::mem::take(&mut t.records))
            .unwrap_or_default()
    }
}

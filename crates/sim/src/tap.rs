//! A tap on a run: what happened to a few nodes' messages and timers, and every change of
//! view about one member, recorded while (re)playing a window of the run. The why panel and the
//! sequence diagram replay a window from a checkpoint with a tap on, so the engine never keeps
//! a message-level trace of the whole run.

use gossip_protocol::{Micros, MsgKind, NodeId, Status};

/// What to record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TapSpec {
    /// Record every change of view about this member (any observer).
    pub member: Option<NodeId>,
    /// Record messages sent by or to these nodes, and their timers.
    pub lanes: Vec<NodeId>,
}

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Sent now; arrives at this time (unless its receiver is down by then).
    Sent {
        /// Arrival time, µs.
        arrives: Micros,
    },
    /// Dropped by the network when sent: random loss (or a loss burst).
    LostInNetwork,
    /// Dropped when sent because a partition or a one-way cut separates the two.
    Cut,
    /// Arrived and was handled.
    Delivered,
    /// Arrived at a receiver that was down (or across a partition that formed meanwhile).
    LostAtReceiver,
}

/// One recorded happening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TapRecord {
    /// `observer`'s view of the tapped member changed; `via` is the node whose message caused
    /// it (None: the observer's own timer, i.e. first-hand).
    View {
        /// When, µs.
        at: Micros,
        /// Whose view.
        observer: NodeId,
        /// Before.
        from: Status,
        /// After.
        to: Status,
        /// Who told it (None: first-hand).
        via: Option<NodeId>,
    },
    /// `observer` armed a suspicion timeout for the tapped member (SWIM): when it began to
    /// suspect it, and again each time Lifeguard's dynamic suspicion counted a confirmation.
    Deadline {
        /// When, µs.
        at: Micros,
        /// Whose timer.
        observer: NodeId,
        /// The incarnation suspected.
        incarnation: u64,
        /// When it fires, µs.
        deadline: Micros,
        /// The node whose message brought the suspicion or confirmation (None: the
        /// observer's own probe).
        via: Option<NodeId>,
        /// The accuser counted (dynamic suspicion only): the member whose failed probe the
        /// suspicion or confirmation comes from.
        accuser: Option<NodeId>,
    },
    /// A message of a tapped lane.
    Msg {
        /// When (sent, or arrived), µs.
        at: Micros,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Kind.
        kind: MsgKind,
        /// What became of it at `at`.
        fate: Fate,
    },
    /// A timer of a tapped lane fired.
    Timer {
        /// When, µs.
        at: Micros,
        /// Whose.
        node: NodeId,
        /// Which, in words (`probe 12 ack timeout`).
        text: String,
    },
}

/// A message record's fields: time (µs), sender, receiver, kind and fate.
pub type MsgRecord = (Micros, NodeId, NodeId, MsgKind, Fate);

impl TapRecord {
    /// The fields of a [`TapRecord::Msg`]; `None` for any other record.
    pub fn msg(&self) -> Option<MsgRecord> {
        match *self {
            TapRecord::Msg {
                at,
                from,
                to,
                kind,
                fate,
            } => Some((at, from, to, kind, fate)),
            _ => None,
        }
    }

    /// Its time, µs.
    pub fn at(&self) -> Micros {
        match self {
            TapRecord::View { at, .. }
            | TapRecord::Deadline { at, .. }
            | TapRecord::Msg { at, .. }
            | TapRecord::Timer { at, .. } => *at,
        }
    }
}

/// The tap's state inside the engine.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tap {
    pub member: Option<NodeId>,
    /// Dense: `lane[id]` is true for a tapped node.
    pub lane: Vec<bool>,
    pub records: Vec<TapRecord>,
}

impl Tap {
    pub fn new(spec: TapSpec) -> Tap {
        let max = spec
            .lanes
            .iter()
            .copied()
            .max()
            .map_or(0, |m| m as usize + 1);
        let mut lane = vec![false; max];
        for l in spec.lanes {
            lane[l as usize] = true;
        }
        Tap {
            member: spec.member,
            lane,
            records: Vec::new(),
        }
    }

    pub fn on_lane(&self, id: NodeId) -> bool {
        self.lane.get(id as usize).copied().unwrap_or(false)
    }

    pub fn msg(&mut self, at: Micros, from: NodeId, to: NodeId, kind: MsgKind, fate: Fate) {
        if self.on_lane(from) || self.on_lane(to) {
            self.records.push(TapRecord::Msg {
                at,
                from,
                to,
                kind,
                fate,
            });
        }
    }
}

//! Types shared by both protocols: ids, time, effects, member status and the node interface.

use alloc::vec::Vec;

/// A member's identity: a dense small integer, so that per-member state lives in `Vec`s.
pub type NodeId = u32;

/// Virtual time in microseconds since the start of the run.
pub type Micros = u64;

/// A source of uniform randomness supplied by the driver (seeded in the simulator).
pub trait Random {
    /// A uniform draw in `0..n`. `n` must be at least 1.
    fn below(&mut self, n: u32) -> u32;
}

/// What one node believes about one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u8)]
pub enum Status {
    /// Not in this node's membership table (never heard of, or forgotten).
    #[default]
    Unknown = 0,
    /// A live member.
    Alive = 1,
    /// Suspected of having failed (gossip: silent for `t`; SWIM: failed a probe).
    Suspect = 2,
    /// Declared failed (gossip: removed from the table; SWIM: confirmed dead).
    Dead = 3,
    /// Left the group gracefully.
    Left = 4,
}

impl Status {
    /// All statuses, in `repr` order (handy for counting arrays).
    pub const ALL: [Status; 5] = [
        Status::Unknown,
        Status::Alive,
        Status::Suspect,
        Status::Dead,
        Status::Left,
    ];

    /// Index of this status in [`Status::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A change in one node's view of one member, reported through [`Effect::Notify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The member whose status changed.
    pub member: NodeId,
    /// Status before the change.
    pub from: Status,
    /// Status after the change.
    pub to: Status,
}

/// Something a node reports to its driver (the simulator builds its trace from these).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// The node's view of a member changed.
    Member(Change),
    /// The node refuted a suspicion (or death) about itself with a new incarnation.
    Refuted {
        /// The incarnation it now announces.
        incarnation: u32,
    },
}

/// An action a handler asks its driver to perform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect<M, T> {
    /// Send `msg` to node `to` over the (unreliable) network.
    Send {
        /// Destination node.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// Call `on_timer(timer)` once, `after` microseconds from now.
    SetTimer {
        /// Delay in microseconds.
        after: Micros,
        /// The timer value handed back.
        timer: T,
    },
    /// Report a change of belief (for the trace and the metrics).
    Notify(Note),
}

/// The outbox a handler pushes its effects into; the driver drains it after every call.
pub type Outbox<M, T> = Vec<Effect<M, T>>;

/// The kind of a message, for drawing and counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum MsgKind {
    /// Gossip: a heartbeat table.
    Heartbeat = 0,
    /// SWIM: direct probe.
    Ping = 1,
    /// SWIM: request to probe on the sender's behalf.
    PingReq = 2,
    /// SWIM: acknowledgement of a probe (direct or relayed).
    Ack = 3,
    /// SWIM: a new or recovered member asking to join.
    Join = 4,
    /// SWIM: the full membership state sent back to a joiner.
    Sync = 5,
    /// SWIM: a message carrying only piggybacked updates (gossip fan-out, leave).
    Gossip = 6,
    /// SWIM with Lifeguard: a ping-req relay heard no ack from the target in time.
    Nack = 7,
    /// Gossip with Scuttlebutt: the opening digest, (member, max version) of every member
    /// (chitchat's `Syn`, Cassandra's `GossipDigestSyn`).
    Syn = 8,
    /// Gossip with Scuttlebutt: the deltas the opener lacks, plus the answerer's own digest
    /// (chitchat's `SynAck`, Cassandra's `GossipDigestAck`).
    SynAck = 9,
    /// Gossip with Scuttlebutt: the deltas the answerer lacks, closing the exchange
    /// (chitchat's `Ack`, Cassandra's `GossipDigestAck2`). Also a leaving member's last word.
    Ack2 = 10,
    /// SWIM (memberlist): the fallback ping over a reliable stream, beside the ping-reqs.
    TcpPing = 11,
    /// SWIM (memberlist): the answer to a TCP ping, over the same stream.
    TcpAck = 12,
}

impl MsgKind {
    /// Every kind, in `repr` order.
    pub const ALL: [MsgKind; 13] = [
        MsgKind::Heartbeat,
        MsgKind::Ping,
        MsgKind::PingReq,
        MsgKind::Ack,
        MsgKind::Join,
        MsgKind::Sync,
        MsgKind::Gossip,
        MsgKind::Nack,
        MsgKind::Syn,
        MsgKind::SynAck,
        MsgKind::Ack2,
        MsgKind::TcpPing,
        MsgKind::TcpAck,
    ];

    /// A short lowercase name.
    pub fn label(self) -> &'static str {
        match self {
            MsgKind::Heartbeat => "heartbeat",
            MsgKind::Ping => "ping",
            MsgKind::PingReq => "ping-req",
            MsgKind::Ack => "ack",
            MsgKind::Join => "join",
            MsgKind::Sync => "sync",
            MsgKind::Gossip => "gossip",
            MsgKind::Nack => "nack",
            MsgKind::Syn => "syn",
            MsgKind::SynAck => "syn-ack",
            MsgKind::Ack2 => "ack2",
            MsgKind::TcpPing => "tcp-ping",
            MsgKind::TcpAck => "tcp-ack",
        }
    }
}

/// What a message looks like on the wire, for byte counts and drawing.
pub trait Wire {
    /// Estimated encoded size in bytes (a compact binary encoding plus a UDP/IP header).
    fn wire_size(&self) -> usize;
    /// The message kind.
    fn kind(&self) -> MsgKind;
    /// Whether it travels over a reliable stream (TCP): random packet loss does not drop it,
    /// while partitions, cuts, crashes and pauses still do. Default false (a datagram).
    fn reliable(&self) -> bool {
        false
    }
}

/// One row of a node's membership table, for display.
///
/// For gossip, `counter` is the heartbeat counter and `stamp` the local time at which it last
/// advanced; for SWIM, `counter` is the incarnation and `stamp` the time of the last change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The member.
    pub member: NodeId,
    /// This node's belief about it.
    pub status: Status,
    /// Heartbeat counter (gossip) or incarnation (SWIM).
    pub counter: u64,
    /// The member's life as this node knows it: restart generation (gossip: its start
    /// time in ms) or 0 (SWIM).
    pub generation: u64,
    /// Local timestamp in microseconds (see above).
    pub stamp: Micros,
}

/// The interface every protocol node offers its driver.
///
/// A node value is one *life* of a member: a crash drops it, a recovery builds a new one.
pub trait Node: Sized + Clone {
    /// Messages exchanged between nodes.
    type Msg: Wire + Clone;
    /// Timer values handed back by [`Node::on_timer`]; `Display` names them in the
    /// playground's status line ("probe 12 ack timeout").
    type Timer: Clone + core::fmt::Display;
    /// Validated configuration.
    type Config: Clone;

    /// A new life of member `id`, which starts out knowing `peers` (its topology neighbours,
    /// in id order; the list may hold `id` itself, which the node leaves out) and was started
    /// at `now`.
    fn new(id: NodeId, config: &Self::Config, peers: &[NodeId], now: Micros) -> Self;

    /// Called once, right after `new`: set the first timers, announce yourself.
    fn on_start(
        &mut self,
        now: Micros,
        rng: &mut dyn Random,
        out: &mut Outbox<Self::Msg, Self::Timer>,
    );

    /// A message from `from` arrived.
    fn on_message(
        &mut self,
        now: Micros,
        from: NodeId,
        msg: Self::Msg,
        rng: &mut dyn Random,
        out: &mut Outbox<Self::Msg, Self::Timer>,
    );

    /// A timer set earlier fired.
    fn on_timer(
        &mut self,
        now: Micros,
        timer: Self::Timer,
        rng: &mut dyn Random,
        out: &mut Outbox<Self::Msg, Self::Timer>,
    );

    /// The node leaves gracefully: it announces its departure; the driver stops it afterwards.
    fn on_leave(
        &mut self,
        now: Micros,
        rng: &mut dyn Random,
        out: &mut Outbox<Self::Msg, Self::Timer>,
    );

    /// The topology changed (a member joined): these are now this node's neighbours (in id
    /// order; the list may hold the node's own id, which it leaves out).
    fn set_peers(&mut self, peers: &[NodeId]);

    /// The configuration changed while the node runs (a live `set` in the playground). Timers
    /// already armed keep their deadlines; each value is picked up where the protocol next
    /// reads it (the protocols document where). `config` must be valid.
    fn reconfigure(&mut self, config: &Self::Config);

    /// This node's id.
    fn id(&self) -> NodeId;

    /// What this node believes about `member` (its own id: `Alive`). O(1).
    fn status_of(&self, member: NodeId) -> Status;

    /// The membership table, one row per member this node has an entry for, by member id.
    fn rows(&self) -> Vec<Row>;

    /// Whether `timer` is of a kind a node may hold very many of at once (SWIM's suspicion
    /// timeouts: one per suspect, so `n` of them in each of `n` observers after a partition).
    /// A driver may keep such timers out of its event queue, in a compact store per node, as
    /// long as each still fires exactly when and in the order it would have. False by default.
    fn is_bulk_timer(timer: &Self::Timer) -> bool {
        let _ = timer;
        false
    }
}

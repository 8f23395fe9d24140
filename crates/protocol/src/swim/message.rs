//! SWIM messages and the membership updates they piggyback.

use alloc::vec::Vec;

use crate::core::{MsgKind, NodeId, Status, Wire};

/// The claim an [`Update`] makes about a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UpdateKind {
    /// The member is alive at this incarnation (also a refutation or a rejoin).
    Alive,
    /// The member failed a probe at this incarnation.
    Suspect,
    /// The member's suspicion was confirmed: it is dead.
    Dead,
    /// The member left gracefully (a dead that nobody needs to detect).
    Left,
}

impl UpdateKind {
    /// The status a member takes when this update is applied.
    pub fn status(self) -> Status {
        match self {
            UpdateKind::Alive => Status::Alive,
            UpdateKind::Suspect => Status::Suspect,
            UpdateKind::Dead => Status::Dead,
            UpdateKind::Left => Status::Left,
        }
    }

    /// The update that announces `status`; `None` for [`Status::Unknown`].
    pub fn from_status(status: Status) -> Option<Self> {
        match status {
            Status::Unknown => None,
            Status::Alive => Some(UpdateKind::Alive),
            Status::Suspect => Some(UpdateKind::Suspect),
            Status::Dead => Some(UpdateKind::Dead),
            Status::Left => Some(UpdateKind::Left),
        }
    }
}

/// The `from` of an [`Update`] that names no accuser: the SWIM paper's rumours do not, and
/// neither do this engine's unless Lifeguard's dynamic suspicion is on.
pub const NO_ACCUSER: NodeId = NodeId::MAX;

/// One membership rumour: `member` is `kind` at `incarnation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Update {
    /// The member the rumour is about.
    pub member: NodeId,
    /// What it claims.
    pub kind: UpdateKind,
    /// The member's incarnation number the claim is about.
    pub incarnation: u32,
    /// Who raised a suspicion (memberlist's `suspect.From`), so that dynamic suspicion can
    /// count independent confirmations; [`NO_ACCUSER`] otherwise. Named only by members
    /// running Lifeguard's dynamic suspicion, and then 4 bytes more on the wire.
    pub from: NodeId,
}

/// One row of a [`SwimMsg::Sync`]: a member, its status and its incarnation.
pub type SyncEntry = (NodeId, Status, u32);

/// Consecutive member ids with one status and incarnation: a stretch of a [`SyncTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SyncRun {
    first: NodeId,
    len: u32,
    incarnation: u32,
    status: Status,
}

/// The rows of a [`SwimMsg::Sync`], in the order they were pushed, held as runs of
/// consecutive ids that share a status and an incarnation.
///
/// Only the simulator's memory sees the runs: the rows, their order and the wire size are
/// those of the plain list. A table where most members are alive at one incarnation (every
/// start-up sync, where thousands are in flight at once) is a handful of runs instead of
/// 12 bytes a member; at worst (no two neighbours alike) a run costs 16 bytes a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncTable {
    runs: Vec<SyncRun>,
    rows: usize,
}

impl SyncTable {
    /// Appends one row.
    pub fn push(&mut self, (member, status, incarnation): SyncEntry) {
        self.rows += 1;
        if let Some(last) = self.runs.last_mut()
            && last.status == status
            && last.incarnation == incarnation
            && last.len < u32::MAX
            && last.first.checked_add(last.len) == Some(member)
        {
            last.len += 1;
            return;
        }
        self.runs.push(SyncRun {
            first: member,
            len: 1,
            incarnation,
            status,
        });
    }

    /// Appends the rows `(first + i, status, incarnation)` for `i` in `0..len`, as many calls
    /// of [`SyncTable::push`] would.
    pub fn push_run(&mut self, first: NodeId, len: u32, status: Status, incarnation: u32) {
        if len == 0 {
            return;
        }
        self.push((first, status, incarnation));
        if let Some(last) = self.runs.last_mut() {
            last.len += len - 1;
        }
        self.rows += len as usize - 1;
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The rows as runs, in order: `(first, len, status, incarnation)` stands for the rows
    /// `(first + i, status, incarnation)`, `i` in `0..len`.
    pub fn runs(&self) -> impl Iterator<Item = (NodeId, u32, Status, u32)> + '_ {
        self.runs
            .iter()
            .map(|r| (r.first, r.len, r.status, r.incarnation))
    }

    /// The rows, in order.
    pub fn iter(&self) -> impl Iterator<Item = SyncEntry> + '_ {
        self.runs.iter().flat_map(|run| {
            (run.first..run.first + run.len).map(move |id| (id, run.status, run.incarnation))
        })
    }
}

impl FromIterator<SyncEntry> for SyncTable {
    fn from_iter<I: IntoIterator<Item = SyncEntry>>(rows: I) -> Self {
        let mut table = SyncTable::default();
        for row in rows {
            table.push(row);
        }
        table
    }
}

/// A SWIM message. Every kind but [`SwimMsg::Sync`] piggybacks membership updates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SwimMsg {
    /// Direct probe; the receiver answers `Ack { seq }` to the sender.
    Ping {
        /// The prober's sequence number, echoed in the ack.
        seq: u32,
        /// Piggybacked updates.
        updates: Vec<Update>,
    },
    /// Ask the receiver to ping `target` and relay its ack as `Ack { seq }`.
    PingReq {
        /// The origin's probe sequence number.
        seq: u32,
        /// The member to probe on the origin's behalf.
        target: NodeId,
        /// Piggybacked updates.
        updates: Vec<Update>,
    },
    /// Acknowledges a `Ping` (direct) or relays one for a `PingReq` (indirect).
    Ack {
        /// The sequence number of the probe being acknowledged.
        seq: u32,
        /// Piggybacked updates.
        updates: Vec<Update>,
    },
    /// A starting (new or recovered) member announces itself; the receiver answers `Sync`.
    Join {
        /// The joiner's incarnation.
        incarnation: u32,
        /// Piggybacked updates.
        updates: Vec<Update>,
    },
    /// The sender's whole membership table: the answer to a `Join`, or one half of a push-pull
    /// state sync with a member believed dead.
    Sync {
        /// Every member the sender knows (status other than `Unknown`), itself included.
        members: SyncTable,
        /// The receiver should answer with its own table (a push-pull request).
        reply: bool,
    },
    /// Only piggybacked updates: the gossip fan-out and the leave announcement.
    Gossip {
        /// Piggybacked updates.
        updates: Vec<Update>,
    },
    /// Lifeguard: a relay asked to probe the target (`PingReq`) got no ack within the probe
    /// timeout (memberlist's `nackResp`). Carries nothing else.
    Nack {
        /// The origin's probe sequence number.
        seq: u32,
    },
    /// memberlist's fallback ping over a TCP stream (`sendPingAndWaitForAck`), sent to the
    /// target beside the ping-reqs: reliable (random packet loss does not touch it; a
    /// partition, a cut, a crash or a pause does). No piggybacked updates.
    TcpPing {
        /// The prober's sequence number, echoed in the answer.
        seq: u32,
    },
    /// The answer to a [`SwimMsg::TcpPing`], over the same stream (memberlist's `ackResp`
    /// written back on the connection). No piggybacked updates.
    TcpAck {
        /// The sequence number of the probe being answered.
        seq: u32,
    },
}

/// UDP (8) + IPv4 (20) header bytes.
const HEADER: usize = 28;
/// TCP (20) + IPv4 (20) header bytes: the data segment of a stream message. The connection's
/// handshake and teardown segments are not counted.
const TCP_HEADER: usize = 40;
/// One byte for the message type.
const TYPE: usize = 1;
/// A sequence number, node id or incarnation: 4 bytes.
const WORD: usize = 4;
/// An update or a sync entry: node id (4) + kind (1) + incarnation (4) (+ 4 for an accuser).
const ENTRY: usize = 9;

impl Wire for SwimMsg {
    /// A compact binary estimate: 28 bytes of UDP/IP header, 1 type byte, 4 bytes per
    /// sequence number, target or incarnation field, and 9 bytes per piggybacked update or
    /// sync entry (lists carry no length prefix: the datagram length bounds them).
    fn wire_size(&self) -> usize {
        if let SwimMsg::TcpPing { .. } | SwimMsg::TcpAck { .. } = self {
            return TCP_HEADER + TYPE + WORD;
        }
        let (words, entries) = match self {
            SwimMsg::Ping { updates, .. } => (1, updates.len()),
            SwimMsg::PingReq { updates, .. } => (2, updates.len()),
            SwimMsg::Ack { updates, .. } => (1, updates.len()),
            SwimMsg::Join { updates, .. } => (1, updates.len()),
            // The reply flag shares the type byte.
            SwimMsg::Sync { members, .. } => (0, members.len()),
            SwimMsg::Gossip { updates } => (0, updates.len()),
            SwimMsg::Nack { .. } | SwimMsg::TcpPing { .. } | SwimMsg::TcpAck { .. } => (1, 0),
        };
        let accusers = self
            .updates()
            .iter()
            .filter(|u| u.from != NO_ACCUSER)
            .count();
        HEADER + TYPE + WORD * (words + accusers) + ENTRY * entries
    }

    fn kind(&self) -> MsgKind {
        match self {
            SwimMsg::Ping { .. } => MsgKind::Ping,
            SwimMsg::PingReq { .. } => MsgKind::PingReq,
            SwimMsg::Ack { .. } => MsgKind::Ack,
            SwimMsg::Join { .. } => MsgKind::Join,
            SwimMsg::Sync { .. } => MsgKind::Sync,
            SwimMsg::Gossip { .. } => MsgKind::Gossip,
            SwimMsg::Nack { .. } => MsgKind::Nack,
            SwimMsg::TcpPing { .. } => MsgKind::TcpPing,
            SwimMsg::TcpAck { .. } => MsgKind::TcpAck,
        }
    }

    fn reliable(&self) -> bool {
        matches!(self, SwimMsg::TcpPing { .. } | SwimMsg::TcpAck { .. })
    }
}

impl SwimMsg {
    /// The piggybacked updates (empty for `Sync`).
    pub fn updates(&self) -> &[Update] {
        match self {
            SwimMsg::Ping { updates, .. }
            | SwimMsg::PingReq { updates, .. }
            | SwimMsg::Ack { updates, .. }
            | SwimMsg::Join { updates, .. }
            | SwimMsg::Gossip { updates } => updates,
            SwimMsg::Sync { .. }
            | SwimMsg::Nack { .. }
            | SwimMsg::TcpPing { .. }
            | SwimMsg::TcpAck { .. } => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn wire_size_counts_header_fields_and_updates() {
        let update = Update {
            member: 1,
            kind: UpdateKind::Alive,
            incarnation: 0,
            from: NO_ACCUSER,
        };
        let ping = SwimMsg::Ping {
            seq: 1,
            updates: vec![update, update],
        };
        assert_eq!(ping.wire_size(), 28 + 1 + 4 + 18);
        let req = SwimMsg::PingReq {
            seq: 1,
            target: 2,
            updates: vec![],
        };
        assert_eq!(req.wire_size(), 28 + 1 + 8);
        let sync = SwimMsg::Sync {
            members: [(0, Status::Alive, 0); 3].into_iter().collect(),
            reply: false,
        };
        assert_eq!(sync.wire_size(), 28 + 1 + 27);
        assert_eq!(sync.kind(), MsgKind::Sync);
        assert_eq!(SwimMsg::Nack { seq: 3 }.wire_size(), 28 + 1 + 4);
        let tcp = SwimMsg::TcpPing { seq: 3 };
        assert_eq!(tcp.wire_size(), 40 + 1 + 4);
        assert!(tcp.reliable() && SwimMsg::TcpAck { seq: 3 }.reliable());
        assert!(!SwimMsg::Nack { seq: 3 }.reliable());
    }

    #[test]
    fn an_update_naming_its_accuser_costs_four_bytes_more() {
        let named = Update {
            member: 1,
            kind: UpdateKind::Suspect,
            incarnation: 0,
            from: 7,
        };
        let plain = Update {
            from: NO_ACCUSER,
            ..named
        };
        let ping = |u| SwimMsg::Ping {
            seq: 1,
            updates: vec![u],
        };
        assert_eq!(ping(named).wire_size(), ping(plain).wire_size() + 4);
    }

    #[test]
    fn a_pushed_run_equals_its_rows_pushed_one_by_one() {
        let rows = [
            (2, Status::Alive, 0),
            (3, Status::Alive, 0),
            (4, Status::Alive, 0),
            (5, Status::Dead, 1),
            (6, Status::Alive, 0),
            (7, Status::Alive, 0),
        ];
        let one_by_one: SyncTable = rows.into_iter().collect();
        let mut runs = SyncTable::default();
        runs.push_run(2, 2, Status::Alive, 0);
        runs.push_run(4, 1, Status::Alive, 0);
        runs.push_run(9, 0, Status::Left, 0);
        runs.push_run(5, 1, Status::Dead, 1);
        runs.push_run(6, 2, Status::Alive, 0);
        assert_eq!(runs, one_by_one);
        assert_eq!(runs.len(), 6);
    }

    #[test]
    fn update_kinds_round_trip_through_status() {
        for kind in [
            UpdateKind::Alive,
            UpdateKind::Suspect,
            UpdateKind::Dead,
            UpdateKind::Left,
        ] {
            assert_eq!(UpdateKind::from_status(kind.status()), Some(kind));
        }
        assert_eq!(UpdateKind::from_status(Status::Unknown), None);
    }
}

//! Colours, shared by the canvas and the legend. One palette per colour scheme.

use crate::model::look::Look;
use gossip_protocol::MsgKind;

/// A colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Canvas background.
    pub background: &'static str,
    /// Topology links.
    pub link: &'static str,
    /// Labels.
    pub text: &'static str,
    /// The ring around a crashed node.
    pub crashed: &'static str,
    /// Selection highlight.
    pub selected: &'static str,
    /// The leader's crown ring.
    pub leader: &'static str,
    /// The dotted ring around a slowed member (`slow`).
    pub slowed: &'static str,
    /// The pause bars over a paused member (`pause`) and, at thousands of members, its ring.
    pub paused: &'static str,
}

/// Dark scheme.
pub const DARK: Palette = Palette {
    background: "#0f1420",
    link: "rgba(148,163,184,0.16)",
    text: "#cbd5e1",
    crashed: "#f8fafc",
    selected: "#60a5fa",
    leader: "#fbbf24",
    slowed: "#fb923c",
    paused: "#7dd3fc",
};

/// Light scheme.
pub const LIGHT: Palette = Palette {
    background: "#f8fafc",
    link: "rgba(71,85,105,0.18)",
    text: "#334155",
    crashed: "#0f172a",
    selected: "#2563eb",
    leader: "#d97706",
    slowed: "#c2410c",
    paused: "#0369a1",
};

/// Fill colour of a node.
pub fn look_colour(look: Look) -> &'static str {
    match look {
        Look::Alive => "#22c55e",
        Look::Suspected => "#f59e0b",
        Look::Dead => "#ef4444",
        Look::Left => "#8b5cf6",
        Look::Isolated => "#ec4899",
        Look::Unknown => "#64748b",
    }
}

/// Colour of a message: the Okabe–Ito palette (distinct for the common colour-vision
/// deficiencies), one colour per SWIM kind; gossip's push takes the ping's, and Scuttlebutt's
/// Syn, SynAck and Ack2 (never in a run with SWIM's kinds) take the ping's, the ack's and the
/// ping-req's: opener, answer, closing. The TCP fallback ping and its answer are greys.
pub fn message_colour(kind: MsgKind) -> &'static str {
    match kind {
        MsgKind::Heartbeat => "#56b4e9",
        MsgKind::Ping => "#56b4e9",
        MsgKind::PingReq => "#e69f00",
        MsgKind::Ack => "#009e73",
        MsgKind::Join => "#cc79a7",
        MsgKind::Sync => "#0072b2",
        MsgKind::Gossip => "#f0e442",
        MsgKind::Nack => "#d55e00",
        MsgKind::Syn => "#56b4e9",
        MsgKind::SynAck => "#009e73",
        MsgKind::Ack2 => "#e69f00",
        // memberlist's TCP fallback: greys, light for the ping and dark for its answer.
        MsgKind::TcpPing => "#c8c8c8",
        MsgKind::TcpAck => "#7a7a7a",
    }
}

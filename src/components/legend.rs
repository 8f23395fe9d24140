//! The colour legend of the canvas.

use crate::model::look::Look;
use crate::render::palette::{look_colour, message_colour};
use crate::vocab::status_word;
use gossip_protocol::{MsgKind, Status};
use gossip_sim::Proto;
use yew::prelude::*;

/// Props of [`Legend`].
#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// The protocol (names differ: dead vs removed).
    pub proto: Proto,
    /// The node whose view is shown, if any.
    pub viewer: Option<u32>,
}

fn label(look: Look, proto: Proto, viewer: bool) -> &'static str {
    match (look, proto, viewer) {
        (Look::Alive, _, _) => status_word(proto, Status::Alive),
        (Look::Suspected, _, false) => "suspected by some",
        (Look::Suspected, _, true) => status_word(proto, Status::Suspect),
        (Look::Dead, Proto::Gossip, false) => "removed by some",
        (Look::Dead, Proto::Swim, false) => "declared dead by some",
        (Look::Dead, _, true) => status_word(proto, Status::Dead),
        (Look::Left, _, _) => status_word(proto, Status::Left),
        (Look::Isolated, _, _) => "isolated (sees nobody alive)",
        (Look::Unknown, _, _) => "unknown to it",
    }
}

/// The legend.
#[function_component(Legend)]
pub fn legend(p: &LegendProps) -> Html {
    let viewer = p.viewer.is_some();
    let kinds: &[MsgKind] = match p.proto {
        Proto::Gossip => &[MsgKind::Heartbeat],
        Proto::Swim => &[
            MsgKind::Ping,
            MsgKind::PingReq,
            MsgKind::Ack,
            MsgKind::Join,
            MsgKind::Sync,
            MsgKind::Gossip,
            MsgKind::Nack,
            MsgKind::TcpPing,
            MsgKind::TcpAck,
        ],
    };
    html! {
        <div class="legend" aria-label="Legend">
            <div class="legend-title">
                { match p.viewer {
                    Some(v) => format!("As node {v} sees it"),
                    None => "As the cluster sees it".to_string(),
                } }
            </div>
            { for Look::ALL.iter().filter(|l| viewer || **l != Look::Unknown).map(|&l| html! {
                <span class="key"><i class="dot" style={format!("background:{}", look_colour(l))}></i>
                    { label(l, p.proto, viewer) }</span>
            }) }
            <span class="key"><i class="dot crashed"></i>{"actually crashed (×)"}</span>
            if !viewer { <span class="key"><i class="dot split"></i>{"ring: how live nodes split on it"}</span> }
            if !viewer { <span class="key"><i class="dot across"></i>{"dashed red ring: dead to the other side of a partition only (halo colour = side)"}</span> }
            <span class="key" title="slow.ID.DELAY: it reads every message DELAY late (CPU starvation); its timers fire on time">
                <i class="dot slowed"></i>{"dotted orange ring: slowed (reads messages late)"}</span>
            <span class="key" title="pause.ID.DURATION: frozen for DURATION (a GC pause), then it handles what came meanwhile">
                <i class="dot paused"></i>{"blue bars: paused (frozen, like a GC pause)"}</span>
            <span class="key"><span class="crown" aria-hidden="true">{"♛"}</span>{"leader"}</span>
            <div class="legend-title">{"Messages"}</div>
            { for kinds.iter().map(|k| html! {
                <span class="key"><i class="dot small" style={format!("background:{}", message_colour(*k))}></i>
                    { k.label() }</span>
            }) }
            <span class="key"><i class="dot small lost"></i>{"lost (fades halfway)"}</span>
        </div>
    }
}

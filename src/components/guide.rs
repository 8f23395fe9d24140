//! The guide: what the colours, rings and dots mean, and a few things to try. Open on the first
//! visit, then behind the *? Guide* button (or the ? key).

use crate::model::look::Look;
use crate::render::palette::{look_colour, message_colour};
use gossip_protocol::MsgKind;
use yew::prelude::*;

/// Props of [`Guide`].
#[derive(Properties, PartialEq)]
pub struct GuideProps {
    /// Close it.
    pub on_close: Callback<()>,
}

fn dot(colour: &str) -> Html {
    html! { <i class="dot" style={format!("background:{colour}")}></i> }
}

/// The guide.
#[function_component(Guide)]
pub fn guide(p: &GuideProps) -> Html {
    html! {
        <section class="panel guide" aria-labelledby="guide-title">
            <div class="guide-head">
                <h2 id="guide-title">{"How to read it"}</h2>
                <button onclick={p.on_close.reform(|_| ())} aria-label="Close the guide">{"×"}</button>
            </div>
            <ul class="guide-keys">
                <li>{ dot(look_colour(Look::Alive)) }{"every live member believes it alive"}</li>
                <li>{ dot(look_colour(Look::Suspected)) }{"suspected by some: it missed a probe or its heartbeat went quiet"}</li>
                <li>{ dot(look_colour(Look::Dead)) }{"declared dead (SWIM) or removed (gossip) by some"}</li>
                <li>{ dot(look_colour(Look::Isolated)) }{"isolated: up, but believes nobody else is alive"}</li>
                <li>{"× actually crashed, whatever the others believe · ♛ the leader they follow · a thin ring splits a member's colour by how many believe what"}</li>
                <li>{ dot(message_colour(MsgKind::Ping)) }{ dot(message_colour(MsgKind::PingReq)) }{ dot(message_colour(MsgKind::Ack)) }
                    {"messages in flight (ping, ping-req, ack …), with a trail showing their direction (past 600 at once, small squares without trails); faded ones are lost"}</li>
            </ul>
            <p class="guide-try"><strong>{"Try: "}</strong>
                {"click node 5, press C to crash it, and watch the others suspect it; press ← to step back, or drag the timeline under the canvas; select a member and press why? on a suspect row to see who suspected it first and how the news spread; type any parameter and it applies live; wheel to zoom a large cluster."}</p>
        </section>
    }
}

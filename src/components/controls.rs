//! Every scenario key as a control, each with a tooltip that says what it means for the
//! selected protocol and its unit.

use gossip_sim::{Proto, Scenario, Topo};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The current scenario.
    pub scenario: Scenario,
    /// Set a key: (key, value as in the query).
    pub on_set: Callback<(String, String)>,
    /// Draw a new random seed.
    pub on_new_seed: Callback<()>,
}

/// What a key means for a protocol (tooltip text), with its unit and range.
pub fn help(key: &str, proto: Proto) -> &'static str {
    match (key, proto) {
        ("proto", _) => {
            "Protocol. gossip: heartbeat tables pushed to neighbours (van Renesse et al. 1998). swim: probe, indirect probe, suspicion and infection-style dissemination (Das et al. 2002). Changing it restarts the run."
        }
        ("nodes", Proto::Gossip) => {
            "Members at start (1–2000). Every gossip table holds every member, so memory grows as nodes². Restarts the run."
        }
        ("nodes", Proto::Swim) => "Members at start (1–5000). Restarts the run.",
        ("topo", Proto::Gossip) => {
            "Who gossips with whom: ring (degree neighbours, half on each side), mesh (random connected graph, mean degree ≈ degree), full (everyone). Restarts the run."
        }
        ("topo", Proto::Swim) => {
            "Whom each member knows at start: ring or mesh neighbours, or everyone (full). The rest is learned through join announcements spread by dissemination. Restarts the run."
        }
        ("degree", _) => {
            "Neighbours per node for ring and mesh (1–64). Degree 2 on a ring: one on each side. Restarts the run."
        }
        ("period", Proto::Gossip) => {
            "Gossip period, ms (10–60000): every period a node bumps its heartbeat and sends its table. Restarts the run."
        }
        ("period", Proto::Swim) => {
            "Protocol period T, ms (10–60000): one probe per member per period. Restarts the run."
        }
        ("t", Proto::Gossip) => {
            "t, ms: a member whose heartbeat counter has not advanced for t is marked suspect (more than period + 1.5 × latency). Restarts the run."
        }
        ("t", Proto::Swim) => {
            "Direct-ping ack timeout, ms (at least 3 × latency, the longest round trip, and below the period): no ack by then → ping-req through k others. Restarts the run."
        }
        ("n", Proto::Gossip) => {
            "n: a suspect silent for a further n·t is removed from the table (1–100). Restarts the run."
        }
        ("n", Proto::Swim) => {
            "Suspicion multiplier (1–100): a suspect is declared dead after n · T · max(1, log10 N) unless it refutes. Restarts the run."
        }
        ("fanout", Proto::Gossip) => {
            "Peers (chosen at random among the neighbours) sent the table each period (1–16). Restarts the run."
        }
        ("fanout", Proto::Swim) => {
            "Extra gossip targets per period for pending updates (0–16); 0 = pure piggybacking on pings and acks. Restarts the run."
        }
        ("k", Proto::Gossip) => "Indirect probes: SWIM only, ignored by gossip.",
        ("k", Proto::Swim) => {
            "Indirect probes k (0–16): members asked to ping the target when the direct ack times out. Restarts the run."
        }
        ("lambda", Proto::Gossip) => "Retransmit multiplier: SWIM only, ignored by gossip.",
        ("lambda", Proto::Swim) => {
            "λ (1–16): each update is piggybacked λ·⌈log10(N+1)⌉ times. Restarts the run."
        }
        ("loss", _) => {
            "Message loss, percent (0–100). Applies live, recorded in the link as an event."
        }
        ("latency", _) => {
            "Mean one-way latency, ms (0–10000); each message takes ½–1½ times the mean. Restarts the run."
        }
        ("seed", _) => {
            "Seed of every random choice: same scenario + same seed = same run, here and in gossip-sim. Restarts the run."
        }
        _ => "",
    }
}

fn number(
    key: &'static str,
    label: &'static str,
    value: u64,
    (min, max): (u64, u64),
    p: &ControlsProps,
) -> Html {
    let on_set = p.on_set.clone();
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on_set.emit((key.to_string(), input.value()));
    });
    let id = format!("ctl-{key}");
    let tip = help(key, p.scenario.proto);
    let dim = matches!((key, p.scenario.proto), ("k" | "lambda", Proto::Gossip));
    html! {
        <label class={classes!("control", dim.then_some("dim"))} for={id.clone()} title={tip}>
            <span class="name">{ label }</span>
            <input id={id} type="number" name={key} min={min.to_string()} max={max.to_string()}
                   value={value.to_string()} onchange={onchange} aria-description={tip} />
        </label>
    }
}

fn select(
    key: &'static str,
    label: &'static str,
    value: &str,
    options: &[&'static str],
    p: &ControlsProps,
) -> Html {
    let on_set = p.on_set.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        on_set.emit((key.to_string(), s.value()));
    });
    let id = format!("ctl-{key}");
    let tip = help(key, p.scenario.proto);
    html! {
        <label class="control" for={id.clone()} title={tip}>
            <span class="name">{ label }</span>
            <select id={id} name={key} onchange={onchange} aria-description={tip}>
                { for options.iter().map(|o| html! {
                    <option value={*o} selected={*o == value}>{ *o }</option>
                }) }
            </select>
        </label>
    }
}

/// The parameter panel.
#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let s = &p.scenario;
    let swim = s.proto == Proto::Swim;
    let max_nodes = u64::from(s.max_nodes());
    let topo = match s.topo {
        Topo::Ring => "ring",
        Topo::Mesh => "mesh",
        Topo::Full => "full",
    };
    let new_seed = p.on_new_seed.reform(|_| ());
    html! {
        <section class="panel controls" aria-label="Parameters">
            <h2>{"Parameters"}</h2>
            <div class="grid">
                { select("proto", "protocol", s.proto.name(), &["gossip", "swim"], p) }
                { number("nodes", "nodes", s.nodes.into(), (1, max_nodes), p) }
                { select("topo", "topology", topo, &["ring", "mesh", "full"], p) }
                { number("degree", "degree", s.degree.into(), (1, 64), p) }
                { number("period", "period (ms)", s.period_ms, (10, 60_000), p) }
                { number("t", if swim { "t: ack timeout (ms)" } else { "t: suspect after (ms)" }, s.t_ms, (1, 3_600_000), p) }
                { number("n", if swim { "n: suspicion mult." } else { "n: remove after n·t" }, s.n.into(), (1, 100), p) }
                { number("fanout", "fanout", s.fanout.into(), (if swim { 0 } else { 1 }, 16), p) }
                { number("k", "k: indirect probes", s.k.into(), (0, 16), p) }
                { number("lambda", "λ: retransmit mult.", s.lambda.into(), (1, 16), p) }
                { number("loss", "loss (%)", s.loss_pct.into(), (0, 100), p) }
                { number("latency", "latency (ms)", s.latency_ms, (0, 10_000), p) }
                { number("seed", "seed", s.seed, (0, u64::MAX), p) }
                <button class="control-button" onclick={new_seed}
                        title="Draw a new random seed (restarts the run)">{"New seed"}</button>
            </div>
        </section>
    }
}

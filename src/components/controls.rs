//! Every scenario key as a control, each with a tooltip that says what it means for the
//! selected protocol and its unit.

use crate::components::draft_input::DraftInput;
use gossip_sim::{Proto, Scenario, Topo};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The parameters in force now: the scenario as changed by the live `set` events so far
    /// (so a field shows the value that runs, not the one the run started with).
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
            "Members running now (1–2000). Live: a larger value adds members by joins, a smaller one makes the highest ids leave gracefully (recorded as join / leave events). Every gossip table holds every member, so memory grows as nodes²."
        }
        ("nodes", Proto::Swim) => {
            "Members running now (1–5000). Live: a larger value adds members by joins, a smaller one makes the highest ids leave gracefully (recorded as join / leave events)."
        }
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
            "Gossip period, ms (10–60000): every period a node bumps its heartbeat and sends its table. Live: each member's next period is the new length (recorded as a set event)."
        }
        ("period", Proto::Swim) => {
            "Protocol period T, ms (10–60000): one probe per member per period. Live: each member's next period is the new length (recorded as a set event)."
        }
        ("t", Proto::Gossip) => {
            "t, ms: a member whose heartbeat counter has not advanced for t is marked suspect (more than period + 1.5 × latency). Live: each member applies it at its next tick's sweep."
        }
        ("t", Proto::Swim) => {
            "Direct-ping ack timeout, ms (at least 3 × latency, the longest round trip, and below the period): no ack by then → ping-req through k others. Live: each member's next probe waits the new timeout."
        }
        ("n", Proto::Gossip) => {
            "n: a suspect silent for a further n·t is removed from the table (1–100). Live: applied at each member's next tick's sweep."
        }
        ("n", Proto::Swim) => {
            "Suspicion multiplier (1–100): a suspect is declared dead after n · T · max(1, log10 N) unless it refutes. Live: suspicions raised from now on use it; running ones keep their deadline."
        }
        ("fanout", Proto::Gossip) => {
            "Peers (chosen at random among the neighbours) sent the table each period (1–16). Live: from each member's next tick."
        }
        ("fanout", Proto::Swim) => {
            "Extra gossip targets per period for pending updates (0–16); 0 = pure piggybacking on pings and acks. Live: from each member's next tick."
        }
        ("k", Proto::Gossip) => "Indirect probes: SWIM only, ignored by gossip.",
        ("k", Proto::Swim) => {
            "Indirect probes k (0–16): members asked to ping the target when the direct ack times out. Live: from each member's next failed probe."
        }
        ("lambda", Proto::Gossip) => "Retransmit multiplier: SWIM only, ignored by gossip.",
        ("lambda", Proto::Swim) => {
            "λ (1–16): each update is piggybacked λ·⌈log10(N+1)⌉ times. Live: from each member's next piggyback."
        }
        ("loss", _) => {
            "Message loss, percent (0–100). Live: for messages sent from now on (recorded as a set event)."
        }
        ("latency", _) => {
            "Mean one-way latency, ms (0–10000); each message takes ½–1½ times the mean. Live: for messages sent from now on; those in flight keep their delay."
        }
        ("seed", _) => {
            "Seed of every random choice: same scenario + same seed = same run, here and in gossip-sim. Restarts the run."
        }
        ("profile", _) => {
            "memberlist's configuration profile (SWIM): lan, wan or local set period, t, n, k, λ, the gossip interval and fan-out and the push-pull interval to DefaultLANConfig / DefaultWANConfig / DefaultLocalConfig; keys you set override it. Restarts the run."
        }
        ("lifeguard", _) => {
            "Lifeguard (Dadgar et al. 2017, as in memberlist), SWIM only: off, on, or parts joined by dots: lhm (local health multiplier), dyn (dynamic suspicion), buddy (a ping carries the suspicion to the suspect), nack (relays answer nack). Restarts the run."
        }
        ("detector", _) => {
            "Gossip's failure detector: fixed (the article: suspect after t, remove n·t later) or phi (accrual, as Cassandra: suspect when φ = silence / mean inter-arrival · log10 e passes the threshold; removed n·t later). Restarts the run."
        }
        ("phi", _) => {
            "φ threshold (1–32) of the phi accrual detector: higher = fewer false suspicions, slower detection. Restarts the run."
        }
        ("exchange", _) => {
            "Gossip's exchange: full (the article: push the whole table) or scuttlebutt (as chitchat: digest, then only the newer entries, Syn / SynAck / Ack2). Restarts the run."
        }
        ("mtu", _) => {
            "Largest Scuttlebutt message, bytes (512–65507): deltas beyond it wait, stalest first. Restarts the run."
        }
        ("burst", _) => {
            "Mean length of a burst of losses on one link, in messages (Gilbert–Elliott; the mean loss stays `loss`). 1 = independent losses. 1–1000. Restarts the run."
        }
        ("gossip_interval", _) => {
            "SWIM: memberlist's gossip timer, ms: every interval send pending updates to `fanout` members; 0 = once per period. 0–60000. Restarts the run."
        }
        ("pushpull", _) => {
            "SWIM: push-pull (full state exchange) interval, ms, counted in whole periods; empty = every 30 periods. Restarts the run."
        }
        _ => "",
    }
}

/// Props of [`NumberControl`] and [`SelectControl`].
#[derive(Properties, PartialEq)]
pub struct ControlProps {
    /// The scenario key it sets.
    pub key_name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// The committed value, as in the query.
    pub value: AttrValue,
    /// Accepted range (numbers), inclusive.
    #[prop_or_default]
    pub range: (u64, u64),
    /// Accepted values (selects).
    #[prop_or_default]
    pub options: &'static [&'static str],
    /// The protocol, which decides the tooltip.
    pub proto: Proto,
    /// Set a key: (key, value as in the query).
    pub on_set: Callback<(String, String)>,
}

/// One number field. It owns its draft ([`DraftInput`]) and emits `on_set` once per commit.
#[function_component(NumberControl)]
pub fn number_control(p: &ControlProps) -> Html {
    let key = p.key_name;
    let on_commit = use_callback((key, p.on_set.clone()), |v: String, (key, on_set)| {
        on_set.emit((key.to_string(), v))
    });
    let id = format!("ctl-{key}");
    let tip = help(key, p.proto);
    let dim = matches!((key, p.proto), ("k" | "lambda", Proto::Gossip));
    let (min, max) = p.range;
    html! {
        <label class={classes!("control", dim.then_some("dim"))} for={id.clone()} title={tip}>
            <span class="name">{ p.label }</span>
            <DraftInput id={AttrValue::from(id)} name={key} min={min} max={max}
                        value={p.value.clone()} {on_commit} description={tip} />
        </label>
    }
}

/// One text field (a spelling such as `lhm.nack`), committed on Enter or when it loses focus;
/// the model says what it accepts when a value is wrong.
#[function_component(TextControl)]
pub fn text_control(p: &ControlProps) -> Html {
    let key = p.key_name;
    let on_commit = use_callback((key, p.on_set.clone()), |v: String, (key, on_set)| {
        on_set.emit((key.to_string(), v))
    });
    let id = format!("ctl-{key}");
    let tip = help(key, p.proto);
    html! {
        <label class="control" for={id.clone()} title={tip}>
            <span class="name">{ p.label }</span>
            <DraftInput kind="text" id={AttrValue::from(id)} name={key} value={p.value.clone()}
                        {on_commit} commit_on_pause={false} description={tip} />
        </label>
    }
}

/// One select. It commits on change (one event per choice).
#[function_component(SelectControl)]
pub fn select_control(p: &ControlProps) -> Html {
    let key = p.key_name;
    let onchange = use_callback((key, p.on_set.clone()), |e: Event, (key, on_set)| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        on_set.emit((key.to_string(), s.value()));
    });
    let id = format!("ctl-{key}");
    let tip = help(key, p.proto);
    html! {
        <label class="control" for={id.clone()} title={tip}>
            <span class="name">{ p.label }</span>
            <select id={id} name={key} {onchange} aria-description={tip}>
                { for p.options.iter().map(|o| html! {
                    <option value={*o} selected={*o == p.value.as_str()}>{ *o }</option>
                }) }
            </select>
        </label>
    }
}

/// The number fields for a scenario: (key, label, value, accepted range).
fn number_fields(s: &Scenario) -> [(&'static str, &'static str, u64, (u64, u64)); 11] {
    let swim = s.proto == Proto::Swim;
    [
        ("nodes", "nodes", s.nodes.into(), (1, s.max_nodes().into())),
        ("degree", "degree", s.degree.into(), (1, 64)),
        ("period", "period (ms)", s.period_ms, (10, 60_000)),
        (
            "t",
            if swim {
                "t: ack timeout (ms)"
            } else {
                "t: suspect after (ms)"
            },
            s.t_ms,
            (1, 3_600_000),
        ),
        (
            "n",
            if swim {
                "n: suspicion mult."
            } else {
                "n: remove after n·t"
            },
            s.n.into(),
            (1, 100),
        ),
        (
            "fanout",
            "fanout",
            s.fanout.into(),
            (if swim { 0 } else { 1 }, 16),
        ),
        ("k", "k: indirect probes", s.k.into(), (0, 16)),
        ("lambda", "λ: retransmit mult.", s.lambda.into(), (1, 16)),
        ("loss", "loss (%)", s.loss_pct.into(), (0, 100)),
        ("latency", "latency (ms)", s.latency_ms, (0, 10_000)),
        ("seed", "seed", s.seed, (0, u64::MAX)),
    ]
}

/// The parameter panel. It re-renders only when the scenario changes; each field owns its
/// draft, so nothing a person is typing is overwritten.
#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let s = &p.scenario;
    let topo = match s.topo {
        Topo::Ring => "ring",
        Topo::Mesh => "mesh",
        Topo::Full => "full",
    };
    let new_seed = p.on_new_seed.reform(|_| ());
    let (proto, on_set) = (s.proto, p.on_set.clone());
    let mut numbers = number_fields(s).into_iter().map(|(key, label, value, range)| {
        html! { <NumberControl key={key} key_name={key} {label} value={value.to_string()} {range}
                               {proto} on_set={on_set.clone()} /> }
    });
    let nodes = numbers.next();
    html! {
        <section class="panel controls" aria-label="Parameters">
            <h2>{"Parameters"}</h2>
            <div class="grid">
                <SelectControl key_name="proto" label="protocol" value={proto.name()}
                               options={&["gossip", "swim"][..]} {proto} on_set={on_set.clone()} />
                { for nodes }
                <SelectControl key_name="topo" label="topology" value={topo}
                               options={&["ring", "mesh", "full"][..]} {proto} on_set={on_set.clone()} />
                { for numbers }
                if proto == Proto::Swim {
                    <SelectControl key_name="profile" label="memberlist profile"
                        value={s.profile.map_or("none", |p| p.name())}
                        options={&["none", "lan", "wan", "local"][..]} {proto} on_set={on_set.clone()} />
                    <TextControl key_name="lifeguard" label="Lifeguard"
                        value={gossip_sim::scenario::lifeguard_name(s.lifeguard)} {proto} on_set={on_set.clone()} />
                    <NumberControl key_name="gossip_interval" label="gossip interval (ms)"
                        value={s.gossip_interval_ms.to_string()} range={(0, 60_000)} {proto} on_set={on_set.clone()} />
                    <NumberControl key_name="pushpull" label="push-pull (ms)"
                        value={s.push_pull_ms.map_or_else(String::new, |v| v.to_string())}
                        range={(1, 3_600_000)} {proto} on_set={on_set.clone()} />
                }
                if proto == Proto::Gossip {
                    <SelectControl key_name="detector" label="detector"
                        value={gossip_sim::scenario::detector_name(s.detector)}
                        options={&["fixed", "phi"][..]} {proto} on_set={on_set.clone()} />
                    if s.detector == gossip_sim::scenario::Detector::Phi {
                        <NumberControl key_name="phi" label="φ threshold" value={s.phi.to_string()}
                            range={(1, 32)} {proto} on_set={on_set.clone()} />
                    }
                    <SelectControl key_name="exchange" label="exchange"
                        value={gossip_sim::scenario::exchange_name(s.exchange)}
                        options={&["full", "scuttlebutt"][..]} {proto} on_set={on_set.clone()} />
                    if s.exchange == gossip_sim::scenario::Exchange::Scuttlebutt {
                        <NumberControl key_name="mtu" label="MTU (bytes)" value={s.mtu.to_string()}
                            range={(512, 65_507)} {proto} on_set={on_set.clone()} />
                    }
                }
                <NumberControl key_name="burst" label="loss burst (msgs)" value={s.burst.to_string()}
                    range={(1, 1000)} {proto} on_set={on_set.clone()} />
                <button class="control-button" onclick={new_seed}
                        title="Draw a new random seed (restarts the run)">{"New seed"}</button>
            </div>
        </section>
    }
}

//! Every scenario key as a control, each with a tooltip that says what it means for the
//! selected protocol and its unit.

use crate::components::draft_input::DraftInput;
use crate::model::fields::{
    ENTER_APPLIES, commits_on_pause, extra_range, help, number_fields, number_tip,
};
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
    let on_pause = commits_on_pause(key);
    let mut tip = number_tip(key, p.proto, p.range);
    if !on_pause {
        tip.push_str(ENTER_APPLIES);
    }
    let dim = matches!((key, p.proto), ("k" | "lambda", Proto::Gossip));
    let (min, max) = p.range;
    html! {
        <label class={classes!("control", dim.then_some("dim"))} for={id.clone()} title={tip.clone()}>
            <span class="name">{ p.label }</span>
            <DraftInput id={AttrValue::from(id)} name={key} min={min} max={max}
                        value={p.value.clone()} {on_commit} description={tip}
                        commit_on_pause={on_pause} />
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
        <label class="control" for={id.clone()} title={tip.clone()}>
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
        <label class="control" for={id.clone()} title={tip.clone()}>
            <span class="name">{ p.label }</span>
            <select id={id} name={key} {onchange} aria-description={tip}>
                { for p.options.iter().map(|o| html! {
                    <option value={*o} selected={*o == p.value.as_str()}>{ *o }</option>
                }) }
            </select>
        </label>
    }
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
                if proto == Proto::Swim { { swim_fields(s, &on_set) } }
                if proto == Proto::Gossip { { gossip_fields(s, &on_set) } }
                <NumberControl key_name="burst" label="loss burst (msgs)" value={s.burst.to_string()}
                    range={extra_range("burst")} {proto} on_set={on_set.clone()} />
                <NumberControl key_name="burst_ms" label="loss burst (ms)" value={s.burst_ms.to_string()}
                    range={extra_range("burst_ms")} {proto} on_set={on_set.clone()} />
                <button class="control-button" onclick={new_seed}
                        title="Draw a new random seed (restarts the run)">{"New seed"}</button>
            </div>
        </section>
    }
}

/// SWIM's own fields: memberlist's profile, Lifeguard and its multipliers, gossip and
/// push-pull intervals, the TCP fallback ping, gossip to the dead.
fn swim_fields(s: &Scenario, on_set: &Callback<(String, String)>) -> Html {
    let proto = Proto::Swim;
    html! {
        <>
        <SelectControl key_name="profile" label="memberlist profile"
            value={s.profile.map_or("none", |p| p.name())}
            options={&["none", "lan", "wan", "local"][..]} {proto} on_set={on_set.clone()} />
        <TextControl key_name="lifeguard" label="Lifeguard"
            value={gossip_sim::scenario::lifeguard_name(s.lifeguard)} {proto} on_set={on_set.clone()} />
        if s.lifeguard.dynamic {
            <NumberControl key_name="suspicion_max_mult" label="suspicion max mult."
                value={s.suspicion_max_mult.to_string()}
                range={extra_range("suspicion_max_mult")} {proto} on_set={on_set.clone()} />
        }
        if s.lifeguard.lhm {
            <NumberControl key_name="awareness_max" label="awareness max mult."
                value={s.awareness_max.to_string()}
                range={extra_range("awareness_max")} {proto} on_set={on_set.clone()} />
        }
        <NumberControl key_name="gossip_interval" label="gossip interval (ms)"
            value={s.gossip_interval_ms.to_string()} range={extra_range("gossip_interval")} {proto} on_set={on_set.clone()} />
        <NumberControl key_name="pushpull" label="push-pull (ms)"
            value={s.push_pull_ms.map_or_else(String::new, |v| v.to_string())}
            range={extra_range("pushpull")} {proto} on_set={on_set.clone()} />
        <SelectControl key_name="tcp_ping" label="TCP fallback ping"
            value={if s.tcp_ping { "on" } else { "off" }}
            options={&["on", "off"][..]} {proto} on_set={on_set.clone()} />
        <NumberControl key_name="gossip_to_dead" label="gossip to the dead (ms)"
            value={s.gossip_to_dead_ms.to_string()}
            range={extra_range("gossip_to_dead")} {proto} on_set={on_set.clone()} />
        </>
    }
}

/// Heartbeat gossip's own fields: the detector (fixed or φ, and φ's settings) and the
/// exchange (full tables or Scuttlebutt, and its MTU).
fn gossip_fields(s: &Scenario, on_set: &Callback<(String, String)>) -> Html {
    let proto = Proto::Gossip;
    html! {
        <>
        <SelectControl key_name="detector" label="detector"
            value={gossip_sim::scenario::detector_name(s.detector)}
            options={&["fixed", "phi"][..]} {proto} on_set={on_set.clone()} />
        if s.detector == gossip_sim::scenario::Detector::Phi {
            <NumberControl key_name="phi" label="φ threshold" value={s.phi.to_string()}
                range={extra_range("phi")} {proto} on_set={on_set.clone()} />
            <SelectControl key_name="phi_model" label="φ model"
                value={gossip_sim::scenario::phi_model_name(s.phi_model)}
                options={&["exponential", "normal"][..]} {proto} on_set={on_set.clone()} />
            if s.phi_model == gossip_protocol::gossip::PhiModel::Normal {
                <NumberControl key_name="phi_min_std" label="φ min std (ms)"
                    value={s.phi_min_std_ms.to_string()}
                    range={extra_range("phi_min_std")} {proto} on_set={on_set.clone()} />
                <NumberControl key_name="phi_pause" label="φ acceptable pause (ms)"
                    value={s.phi_pause_ms.to_string()}
                    range={extra_range("phi_pause")} {proto} on_set={on_set.clone()} />
            }
        }
        <SelectControl key_name="exchange" label="exchange"
            value={gossip_sim::scenario::exchange_name(s.exchange)}
            options={&["full", "scuttlebutt"][..]} {proto} on_set={on_set.clone()} />
        if s.exchange == gossip_sim::scenario::Exchange::Scuttlebutt {
            <NumberControl key_name="mtu" label="MTU (bytes)" value={s.mtu.to_string()}
                range={extra_range("mtu")} {proto} on_set={on_set.clone()} />
        }
        </>
    }
}

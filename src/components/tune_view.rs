//! The tune panel's views, each a pure function of the panel's state: the form (with each
//! field's error beside it), the progress line, the recommendation card and the plots.

use super::draft_input::DraftInput;
use super::tune_msg::Msg;
use crate::render::tune_plot::STRIP_PX;
use crate::tune::answer::{Answer, Est, is_latency};
use crate::tune::form::{Field, Form, FormError, MAX_ROWS, OPS};
use crate::tune::session::Session;
use gossip_sim::config_export::System;
use gossip_sim::scenario::KEYS;
use gossip_sim::tune::METRICS;
use gossip_sim::tune::goal::sig;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the views show of the panel's state.
pub struct Shown<'a> {
    /// The panel is open.
    pub open: bool,
    /// The form as committed.
    pub form: &'a Form,
    /// The field the last check refused.
    pub error: Option<&'a FormError>,
    /// The question being answered, or the last one.
    pub session: Option<&'a Session>,
    /// Runs are under way.
    pub running: bool,
    /// Workers in use.
    pub workers: usize,
    /// Wall time since Run, ms (or what it took).
    pub elapsed_ms: f64,
    /// The search ended by itself.
    pub finished: bool,
    /// The answer as of the last complete round.
    pub answer: Option<&'a Answer>,
    /// What was just copied (a system's name, or `link`).
    pub copied: Option<&'a str>,
    /// The link that reproduces the question.
    pub link: String,
    /// The goals' and the front's canvases.
    pub canvases: &'a [NodeRef; 2],
}

/// The whole panel.
pub fn panel(p: &Shown, send: &Callback<Msg>) -> Html {
    let ontoggle = send.reform(|e: Event| {
        let d: web_sys::HtmlDetailsElement = e.target_unchecked_into();
        Msg::Open(d.open())
    });
    html! {
        <details class="tune" id="tune" open={p.open} {ontoggle}>
            <summary><h2>{ "Tune: which setting meets my goals, at the least cost?" }</h2></summary>
            <p class="hint">{ "Varies a few keys of a base scenario, runs each point on a few seeds in \
                the sweep's Web Workers, and adds seeds where a point is unsure of a goal. A point \
                meets a goal when its one-sided 95 % bound is inside the limit. The same search as \
                gossip-sim tune: the same question gives the same answer." }</p>
            { form(p, send) }
            { progress(p) }
            if let Some(a) = p.answer {
                { card(p, a, send) }
                { plots(p, a) }
            }
        </details>
    }
}

fn error_at(p: &Shown, field: Field) -> Html {
    match Form::error_of(p.error, field) {
        Some(m) => html! { <span class="tune-error" role="alert">{ m }</span> },
        None => Html::default(),
    }
}

fn text(
    id: String,
    value: &str,
    field: Field,
    placeholder: &'static str,
    send: &Callback<Msg>,
) -> Html {
    html! {
        <DraftInput kind="text" id={AttrValue::from(id)} value={AttrValue::from(value.to_string())}
            placeholder={placeholder} commit_on_pause={true}
            on_commit={send.reform(move |v| Msg::Field(field, v))} />
    }
}

fn select(
    id: String,
    options: Vec<(String, String)>,
    value: &str,
    field: Field,
    send: &Callback<Msg>,
) -> Html {
    let onchange = send.reform(move |e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        Msg::Field(field, s.value())
    });
    html! {
        <select id={id} {onchange}>
            { for options.into_iter().map(|(v, label)| html! {
                <option selected={v == value} value={v.clone()}>{ label }</option>
            }) }
        </select>
    }
}

fn metric_options(none: bool) -> Vec<(String, String)> {
    let none = none.then(|| (String::new(), "— (most slack)".to_string()));
    none.into_iter()
        .chain(
            METRICS
                .iter()
                .map(|m| (m.name.to_string(), m.name.to_string())),
        )
        .collect()
}

fn vary_row(p: &Shown, i: usize, (key, values): &(String, String), send: &Callback<Msg>) -> Html {
    let keys = KEYS
        .iter()
        .filter(|k| !matches!(**k, "seed" | "ev"))
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    html! {
        <div class="row tune-vary">
            <label>{ "Vary " }{ select(format!("tune-key-{i}"), keys, key, Field::VaryKey(i), send) }</label>
            <label class="wide">{ "over " }{ text(format!("tune-values-{i}"), values, Field::VaryValues(i), "3..6 or off,on", send) }</label>
            <button class="tune-remove" title="Remove this key" onclick={send.reform(move |_| Msg::RemoveVary(i))}>{ "×" }</button>
            { error_at(p, Field::VaryKey(i)) }{ error_at(p, Field::VaryValues(i)) }
        </div>
    }
}

fn goal_row(p: &Shown, i: usize, g: &crate::tune::form::GoalRow, send: &Callback<Msg>) -> Html {
    let ops = OPS.iter().map(|o| (o.to_string(), o.to_string())).collect();
    html! {
        <div class="row tune-goal">
            <label>{ "Goal " }{ select(format!("tune-metric-{i}"), metric_options(false), &g.metric, Field::GoalMetric(i), send) }</label>
            { select(format!("tune-op-{i}"), ops, &g.op, Field::GoalOp(i), send) }
            { text(format!("tune-limit-{i}"), &g.value, Field::GoalValue(i), "20s or 0.01", send) }
            <button class="tune-remove" title="Remove this goal" onclick={send.reform(move |_| Msg::RemoveGoal(i))}>{ "×" }</button>
            { error_at(p, Field::GoalMetric(i)) }{ error_at(p, Field::GoalOp(i)) }{ error_at(p, Field::GoalValue(i)) }
        </div>
    }
}

fn form(p: &Shown, send: &Callback<Msg>) -> Html {
    let f = p.form;
    html! {
        <div class="tune-form">
            <div class="row">
                <label class="tune-base">{ "Base scenario " }{ text("tune-base".into(), &f.base, Field::Base, "proto=swim&nodes=64&ev=...", send) }</label>
                <button onclick={send.reform(|_| Msg::Suggest)} title="Fill the form again from the page's scenario">{ "From the page" }</button>
                { error_at(p, Field::Base) }
            </div>
            { for f.vary.iter().enumerate().map(|(i, r)| vary_row(p, i, r, send)) }
            { for f.goals.iter().enumerate().map(|(i, g)| goal_row(p, i, g, send)) }
            <div class="row">
                if f.vary.len() < MAX_ROWS { <button id="tune-add-key" onclick={send.reform(|_| Msg::AddVary)}>{ "+ key" }</button> }
                if f.goals.len() < MAX_ROWS { <button id="tune-add-goal" onclick={send.reform(|_| Msg::AddGoal)}>{ "+ goal" }</button> }
                // A question without goals: its error has no goal row to sit beside.
                if f.goals.is_empty() { { error_at(p, Field::GoalMetric(0)) } }
            </div>
            <div class="row">
                <label>{ "Minimise " }{ select("tune-minimize".into(), metric_options(true), &f.minimize, Field::Minimize, send) }</label>
                { error_at(p, Field::Minimize) }
                <label>{ "Seeds at most " }{ text("tune-seeds".into(), &f.seeds, Field::Seeds, "4", send) }</label>
                { error_at(p, Field::Seeds) }
                <label>{ "Each run " }{ text("tune-until".into(), &f.until, Field::Until, "300s", send) }</label>
                { error_at(p, Field::Until) }
                <label>{ "Workers " }{ text("tune-workers".into(), &f.workers, Field::Workers, "2", send) }</label>
                { error_at(p, Field::Workers) }
            </div>
            <div class="row actions">
                if p.running {
                    <button id="tune-cancel" onclick={send.reform(|_| Msg::Cancel)}>{ "Cancel" }</button>
                } else {
                    <button id="tune-run" class="primary" onclick={send.reform(|_| Msg::Run)}>{ "Answer" }</button>
                }
                <a id="tune-link" href={p.link.clone()} title="This page with the question filled in">{ "link to this question" }</a>
                <button id="tune-copy-link" onclick={send.reform(|_| Msg::CopyLink)}>{ if p.copied == Some("link") { "copied" } else { "copy link" } }</button>
            </div>
        </div>
    }
}

/// `1 min 10 s`, `12 s`.
fn duration(ms: f64) -> String {
    let s = (ms / 1000.0).round() as u64;
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

fn progress(p: &Shown) -> Html {
    let Some(s) = p.session else {
        return Html::default();
    };
    let g = s.progress(p.workers);
    let state = if p.finished {
        "done"
    } else if p.running {
        "running"
    } else {
        "cancelled"
    };
    let mut line = format!(
        "{} runs of at most {} · round {} · {} workers",
        g.done,
        g.at_most,
        s.rounds + u32::from(p.running),
        p.workers
    );
    if let Some(m) = g.mean_run_ms {
        line += &format!(" · a run takes {:.1} s", m / 1000.0);
    }
    match (state, g.left_ms) {
        ("running", Some(left)) => line += &format!(" · at most about {} left", duration(left)),
        ("done", _) => line += &format!(" · answered in {}", duration(p.elapsed_ms)),
        ("cancelled", _) => line += " · cancelled (the answer is the last complete round's)",
        _ => {}
    }
    html! {
        <div class="tune-progress" data-state={state} data-done={g.done.to_string()}
            data-at-most={g.at_most.to_string()} data-elapsed-ms={format!("{:.0}", p.elapsed_ms)}>
            <progress max={g.at_most.to_string()} value={g.done.to_string()} aria-label="Tune progress" />
            <span role="status">{ line }</span>
            if let Some(e) = s.errors.first() {
                <span class="tune-error" role="alert">{ format!("{} runs failed; the first: {e}", s.errors.len()) }</span>
            }
        </div>
    }
}

fn bounds(e: &Est, latency: bool) -> String {
    let f = |v: f64| {
        if latency {
            format!("{} s", sig(v / 1000.0))
        } else {
            sig(v)
        }
    };
    let value = e.value.map_or("none".into(), f);
    let upper = e.upper.map_or("unbounded".into(), f);
    format!("{value} (95 %: {} to {upper})", f(e.lower))
}

fn card(p: &Shown, a: &Answer, send: &Callback<Msg>) -> Html {
    let rec = a.recommended_point();
    html! {
        <div class="tune-card" id="tune-answer" data-recommended={a.recommended.map(|i| i.to_string())}>
            <p class="tune-answer-text">{ a.text.clone() }</p>
            if let Some(r) = rec {
                <p class="tune-recommended"><strong>{ "Recommended: " }</strong><code>{ r.label.clone() }</code>
                    { format!(" ({} seeds)", r.seeds) }</p>
                <ul class="tune-bounds">
                    { for a.goals.iter().zip(&r.goals).map(|(g, e)| html! {
                        <li class={classes!(e.verdict.clone(), (a.binding.as_ref() == Some(g)).then_some("binding"))}>
                            <code>{ g.clone() }</code>{ ": " }{ bounds(e, is_latency(g)) }
                            if a.binding.as_ref() == Some(g) { <strong>{ " binding" }</strong> }
                        </li>
                    }) }
                </ul>
                { actions(p, send) }
            }
            <p class="tune-exports">
                <button id="tune-json" onclick={send.reform(|_| Msg::ExportJson)}>{ "Export JSON" }</button>
                { format!(" {} runs behind this answer", a.runs) }
            </p>
        </div>
    }
}

fn actions(p: &Shown, send: &Callback<Msg>) -> Html {
    html! {
        <p class="tune-actions">
            <button id="tune-load" onclick={send.reform(|_| Msg::Load)}>{ "Load into the run" }</button>
            { " Copy its configuration: " }
            { for System::ALL.iter().map(|&s| html! {
                <button class="tune-config" data-system={s.name()} title={s.title()}
                    onclick={send.reform(move |_| Msg::CopyConfig(s))}>
                    { if p.copied == Some(s.name()) { "copied" } else { s.name() } }
                </button>
            }) }
        </p>
    }
}

fn plots(p: &Shown, a: &Answer) -> Html {
    let h = STRIP_PX * a.goals.len().max(1) as f64;
    html! {
        <div class="tune-plots">
            <canvas id="tune-goals" ref={p.canvases[0].clone()} style={format!("height:{h}px")}
                aria-label="Each point's estimate and 95 % bounds against each goal's limit" />
            if a.minimize.is_some() {
                <canvas id="tune-front" ref={p.canvases[1].clone()}
                    aria-label="The minimised metric against the binding goal's metric; the front joined" />
            }
        </div>
    }
}

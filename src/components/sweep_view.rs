//! The sweep panel's views, each a pure function of the panel's state: the form, the
//! progress line, the plots and the points with their runs.

use super::draft_input::DraftInput;
use super::sweep_msg::{Export, Field, Msg};
use crate::render::plot;
use crate::render::sweep_plot::PlotKind;
use crate::sweep::form::{Form, FormError, MAX_RUNS, MAX_WORKERS};
use crate::sweep::results::{Results, Tradeoff};
use gossip_sim::scenario::KEYS;
use gossip_sim::sweep::Latency;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Timing of the sweep in progress or last run, ms of the page's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timing {
    /// When Run was pressed.
    pub started: f64,
    /// When the first result was drawn, after `started`.
    pub first: Option<f64>,
    /// When the last run came back, after `started`.
    pub finished: Option<f64>,
}

/// What the views show of the panel's state.
pub struct Shown<'a> {
    /// The form as committed.
    pub form: &'a Form,
    /// Why the form cannot run, if it cannot.
    pub error: Option<&'a FormError>,
    /// The sweep's results so far.
    pub results: Option<&'a Results>,
    /// When it started, drew first and finished.
    pub timing: Timing,
    /// Workers in use.
    pub workers: usize,
    /// The picked point.
    pub selected: Option<usize>,
    /// The trade-off plot's axes.
    pub tradeoff: Tradeoff,
    /// The four plots' canvases.
    pub canvases: &'a [NodeRef; 4],
    /// A sweep is running.
    pub running: bool,
    /// The page's scenario (canonical query): what the form describes.
    pub scenario: &'a str,
}

/// The whole panel.
pub fn panel(p: &Shown, send: &Callback<Msg>) -> Html {
    html! {
        <section class="sweep" id="sweep" aria-labelledby="sweep-title">
            <h2 id="sweep-title">{ "Sweep: which settings detect fast without false alarms?" }</h2>
            <p class="hint">{ "Runs the page's scenario over a parameter's values, several seeds a \
                point, in Web Workers (one per core), and plots detection latency, false positives \
                and load as the runs come back. Each point opens its runs." }</p>
            { form(p, send) }
            { progress(p) }
            if let Some(r) = p.results {
                { plots(p, send, r) }
                { points(p, send, r) }
            }
        </section>
    }
}

fn key_select(
    id: &'static str,
    value: &str,
    none: bool,
    field: Field,
    send: &Callback<Msg>,
) -> Html {
    let onchange = send.reform(move |e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        Msg::Field(field, s.value())
    });
    html! {
        <select {id} {onchange} aria-label={if none { "second key" } else { "key" }}>
            if none { <option value="" selected={value.is_empty()}>{ "—" }</option> }
            { for KEYS.iter().filter(|k| !matches!(**k, "seed" | "ev")).map(|k| html! {
                <option value={*k} selected={*k == value}>{ *k }</option>
            }) }
        </select>
    }
}

fn text(
    id: &'static str,
    value: &str,
    field: Field,
    placeholder: &'static str,
    send: &Callback<Msg>,
) -> Html {
    html! {
        <DraftInput kind="text" id={id} value={AttrValue::from(value.to_string())}
            placeholder={placeholder} commit_on_pause={true}
            on_commit={send.reform(move |v| Msg::Field(field, v))} />
    }
}

fn number(id: &'static str, value: &str, field: Field, max: u64, send: &Callback<Msg>) -> Html {
    html! {
        <DraftInput id={id} value={AttrValue::from(value.to_string())} min={1} max={max}
            commit_on_pause={true}
            on_commit={send.reform(move |v| Msg::Field(field, v))} />
    }
}

fn form(p: &Shown, send: &Callback<Msg>) -> Html {
    let f = &p.form;
    html! {
        <div class="sweep-form">
            <div class="row">
                <label>{ "Vary " }{ key_select("sweep-key", &f.key, false, Field::Key, send) }</label>
                <label class="wide">{ "over " }{ text("sweep-values", &f.values, Field::Values, "0,1,3 or 1..5 or 100..1000:100", send) }</label>
                <label>{ "then " }{ key_select("sweep-key2", &f.key2, true, Field::Key2, send) }</label>
                if !f.key2.is_empty() {
                    <label class="wide">{ "over " }{ text("sweep-values2", &f.values2, Field::Values2, "0,5,10", send) }</label>
                }
            </div>
            <div class="row">
                <label>{ "Seeds a point " }{ number("sweep-seeds", &f.seeds, Field::Seeds, MAX_RUNS as u64, send) }</label>
                <label>{ "Each run " }{ text("sweep-until", &f.until, Field::Until, "60s", send) }</label>
                <label>{ "Workers " }{ number("sweep-workers", &f.workers, Field::Workers, u64::from(MAX_WORKERS), send) }</label>
            </div>
            <div class="row">
                <label class="events">{ "Workload (ev) " }{ text("sweep-events", &f.events, Field::Events, "10s~20s.crash.?", send) }</label>
                <button class="sweep-suggest" onclick={send.reform(|_| Msg::Suggest)}
                    title="Fill the form again from the page's scenario (its events, plus a random crash if it has none)">
                    { "From the page" }
                </button>
            </div>
            <div class="row actions">
                if p.running {
                    <button id="sweep-cancel" class="sweep-cancel" onclick={send.reform(|_| Msg::Cancel)}>{ "Cancel" }</button>
                } else {
                    <button id="sweep-run" class="sweep-run primary" onclick={send.reform(|_| Msg::Run)}>{ "Run sweep" }</button>
                }
                if let Some(e) = p.error {
                    <span class="sweep-error" role="alert">{ format!("{}: {}", e.field, e.message) }</span>
                } else if let Some(what) = gossip_sim::Scenario::from_query(p.scenario).ok().and_then(|s| f.describe(&s)) {
                    <span class="sweep-what">{ what }</span>
                }
            </div>
        </div>
    }
}

fn progress(p: &Shown) -> Html {
    let Some(r) = p.results else {
        return Html::default();
    };
    let t = p.timing;
    let elapsed_ms = t
        .finished
        .unwrap_or_else(|| crate::browser::now_ms() - t.started);
    let secs = (elapsed_ms / 1000.0).max(1e-3);
    let state = if t.finished.is_some() {
        "done"
    } else if p.running {
        "running"
    } else {
        "cancelled"
    };
    let mut line = format!(
        "{} of {} runs · {} workers · {:.1} runs/s · {} message events/s",
        r.done,
        r.total(),
        p.workers,
        r.done as f64 / secs,
        plot::si(r.message_events as f64 / secs),
    );
    if let Some(first) = t.first {
        line.push_str(&format!(
            " · first result drawn after {:.2} s",
            first / 1000.0
        ));
    }
    if let Some(done) = t.finished {
        line.push_str(&format!(" · took {:.1} s", done / 1000.0));
    }
    if state == "cancelled" {
        line.push_str(" · cancelled");
    }
    html! {
        <div class="sweep-progress" data-state={state} data-done={r.done.to_string()}
            data-total={r.total().to_string()} data-workers={p.workers.to_string()}
            data-elapsed-ms={format!("{elapsed_ms:.0}")} data-first-ms={t.first.map(|f| format!("{f:.0}"))}
            data-message-events={r.message_events.to_string()}>
            <progress max={r.total().to_string()} value={r.done.to_string()} aria-label="Sweep progress" />
            <span role="status">{ line }</span>
            if !r.errors.is_empty() {
                <span class="sweep-error" role="alert">{ format!("{} runs failed; the first: {}", r.errors.len(), r.errors[0].1) }</span>
            }
        </div>
    }
}

fn plots(p: &Shown, send: &Callback<Msg>, _r: &Results) -> Html {
    let tradeoff_select = {
        let onchange = send.reform(|e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            Msg::Tradeoff(Tradeoff::of_value(&s.value()))
        });
        html! {
            <select id="sweep-tradeoff" {onchange} aria-label="Trade-off axes">
                { for Tradeoff::ALL.iter().map(|&t| html! {
                    <option value={t.value()} selected={p.tradeoff == t}>{ t.label() }</option>
                }) }
            </select>
        }
    };
    html! {
        <div class="sweep-plots">
            { for PlotKind::ALL.iter().enumerate().map(|(i, &kind)| {
                let onclick = send.reform(move |e: MouseEvent| {
                    Msg::PlotClick(kind, f64::from(e.offset_x()), f64::from(e.offset_y()))
                });
                html! {
                    <figure class="sweep-plot" data-plot={kind.stem()}>
                        <figcaption>
                            <strong>{ kind.title() }</strong>
                            if kind == PlotKind::Tradeoff { { tradeoff_select.clone() } }
                            <span class="exports">
                                <button class="export-svg" onclick={send.reform(move |_| Msg::Export(Export::Svg(kind)))}>{ "SVG" }</button>
                                <button class="export-png" onclick={send.reform(move |_| Msg::Export(Export::Png(kind)))}>{ "PNG" }</button>
                            </span>
                        </figcaption>
                        <canvas ref={p.canvases[i].clone()} {onclick} role="img"
                            aria-label={format!("{} against the varied key; click a point for its runs", kind.title())} />
                    </figure>
                }
            }) }
        </div>
    }
}

fn latency(l: &Latency) -> String {
    match (l.median_ms, l.p95_ms) {
        (Some(m), Some(p)) => format!("{:.2} / {:.2} s", m / 1000.0, p / 1000.0),
        _ if l.failures == 0 => "no crash".into(),
        _ => "not detected".into(),
    }
}

fn points(p: &Shown, send: &Callback<Msg>, r: &Results) -> Html {
    html! {
        <div class="sweep-points">
            <div class="exports">
                <button id="sweep-csv" onclick={send.reform(|_| Msg::Export(Export::Csv))}>{ "Runs as CSV" }</button>
                <button id="sweep-json" onclick={send.reform(|_| Msg::Export(Export::Json))}>{ "Runs and points as JSON" }</button>
            </div>
            <table>
                <caption>{ "Points (median / p95 from the crash; rates per member-hour and per member per second). Click a row for its runs." }</caption>
                <thead><tr>
                    <th scope="col">{ "point" }</th><th scope="col">{ "runs" }</th>
                    <th scope="col">{ "first suspicion" }</th><th scope="col">{ "all dead" }</th>
                    <th scope="col">{ "false susp./h" }</th><th scope="col">{ "false deaths/h" }</th>
                    <th scope="col">{ "msgs/s" }</th><th scope="col">{ "bytes/s" }</th>
                </tr></thead>
                <tbody>
                    { for r.points.iter().enumerate().map(|(i, pt)| {
                        let s = &pt.summary;
                        let picked = p.selected == Some(i);
                        let onclick = send.reform(move |_| Msg::Pick(if picked { None } else { Some(i) }));
                        html! {
                            <>
                            <tr class={classes!("point", picked.then_some("picked"))} {onclick} data-point={i.to_string()}>
                                <th scope="row">{ r.label(i) }</th>
                                <td>{ format!("{}/{}", s.runs, pt.runs.len()) }</td>
                                <td>{ latency(&s.first_suspect) }</td>
                                <td>{ latency(&s.all_dead) }</td>
                                <td>{ format!("{:.2}", s.false_suspicions_per_member_hour) }</td>
                                <td>{ format!("{:.2}", s.false_deaths_per_member_hour) }</td>
                                <td>{ format!("{:.2}", s.messages_per_member_s) }</td>
                                <td>{ plot::si(s.bytes_per_member_s) }</td>
                            </tr>
                            if picked { { runs(r, i) } }
                            </>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The runs of point `p`, each with the link that replays it.
fn runs(r: &Results, p: usize) -> Html {
    let seeds = r.sweep.seeds as usize;
    html! {
        <tr class="runs"><td colspan="8"><ul class="sweep-runs">
            { for r.points[p].runs.iter().enumerate().map(|(s, run)| {
                let index = p * seeds + s;
                let href = format!("?{}", r.run_query(index));
                let seed = r.sweep.first_seed + s as u64;
                let what = match run {
                    None => "not back yet".to_string(),
                    Some(run) => {
                        let ms = |l: &[Option<u64>]| l.iter().map(|t| t.map_or("—".into(), |us| format!("{:.2} s", us as f64 / 1e6))).collect::<Vec<_>>().join(", ");
                        let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
                        format!("first suspicion {} · all dead {} · {}, {}",
                            ms(&run.first_suspect), ms(&run.all_dead),
                            plural(run.false_suspicions, "false suspicion", "false suspicions"),
                            plural(run.false_deaths, "false death", "false deaths"))
                    }
                };
                html! {
                    <li><a href={href} target="_blank" rel="noopener" class="run-link">{ format!("seed {seed}") }</a>{ format!(": {what}") }</li>
                }
            }) }
        </ul></td></tr>
    }
}

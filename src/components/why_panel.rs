//! The why panel: why the selected node believes what it does about a member (first-hand or
//! hearsay, hop by hop back to the failed probe), and the sequence diagram of the nodes
//! involved. Click a step or a message to seek the timeline there; export the diagram as SVG.

use crate::components::draft_input::DraftInput;
use crate::model::WhyView;
use wasm_bindgen::JsCast;
use web_sys::{Element, MouseEvent};
use yew::prelude::*;

/// Props of [`WhyPanel`].
#[derive(Properties, PartialEq)]
pub struct WhyPanelProps {
    /// What to show.
    pub why: WhyView,
    /// Seek the timeline to a time (µs).
    pub on_seek: Callback<u64>,
    /// Close the panel.
    pub on_close: Callback<()>,
    /// Explain again, as of now.
    pub on_refresh: Callback<()>,
    /// Draw a diagram of these lanes instead (`3,5,7`).
    pub on_lanes: Callback<String>,
}

/// The time (µs) of the diagram element clicked, from its `data-at`.
fn clicked_at(e: &MouseEvent) -> Option<u64> {
    let el: Element = e.target()?.dyn_into().ok()?;
    el.closest("[data-at]")
        .ok()??
        .get_attribute("data-at")?
        .parse()
        .ok()
}

/// The panel.
#[function_component(WhyPanel)]
pub fn why_panel(p: &WhyPanelProps) -> Html {
    let w = &p.why;
    let on_diagram = {
        let on_seek = p.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(at) = clicked_at(&e) {
                on_seek.emit(at);
            }
        })
    };
    let export = {
        let (svg, name) = (
            w.svg.clone(),
            format!("sequence-{}-{}.svg", w.observer, w.member),
        );
        Callback::from(move |_| crate::browser::download(&name, "image/svg+xml", &svg))
    };
    let lanes_text = w
        .why
        .lanes
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(",");
    html! {
        <section class="panel why-panel" aria-labelledby="why-title">
            <div class="why-head">
                <h2 id="why-title">{"Why?"}</h2>
                <span class="hint">{ format!("as of {:.3} s · computed in {:.0} ms", w.at as f64 / 1e6, w.took_ms) }</span>
                <button onclick={p.on_refresh.reform(|_| ())} title="Explain again, as of now">{"↻"}</button>
                <button onclick={p.on_close.reform(|_| ())} aria-label="Close the why panel">{"×"}</button>
            </div>
            <p class="why-headline">{ &w.why.headline }</p>
            if !w.why.steps.is_empty() {
                <ol class="why-steps">
                    { for w.why.steps.iter().map(|s| {
                        let at = s.at;
                        let seek = p.on_seek.reform(move |_| at);
                        html! {
                            <li class={classes!("step", s.kind)}>
                                <button class="at" onclick={seek} title="Go there on the timeline">
                                    { format!("{:.3} s", s.at as f64 / 1e6) }
                                </button>
                                <span class="kind">{ s.kind }</span>
                                <span>{ &s.text }</span>
                            </li>
                        }
                    }) }
                </ol>
            }
            <div class="why-diagram-head">
                <h3>{"Sequence diagram"}</h3>
                <label class="lanes">
                    <span>{"nodes"}</span>
                    <DraftInput kind="text" value={AttrValue::from(lanes_text)} on_commit={p.on_lanes.clone()}
                        commit_on_pause={false} label="Nodes of the sequence diagram, up to 16, comma-separated" />
                </label>
                <button onclick={export} title="Download the diagram as an SVG file">{"Export SVG"}</button>
            </div>
            <p class="hint">{"Lanes are nodes, time runs down. Arrows are messages (dashed with × when lost), ○ timeouts, ◆ changes of view. Hover for details; click to go there on the timeline."}</p>
            <div class="diagram" onclick={on_diagram}>
                { Html::from_html_unchecked(AttrValue::from(w.svg.clone())) }
            </div>
        </section>
    }
}

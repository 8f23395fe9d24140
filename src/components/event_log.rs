//! The event log: crashes, suspicions, refutations, deaths, removals, joins; filterable.

use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub use crate::model::log::{Category, LogLine};

/// Props of [`EventLog`].
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// Lines, oldest first.
    pub lines: Rc<Vec<LogLine>>,
    /// The selected node, for the "only this node" filter.
    pub selected: Option<u32>,
}

/// Most lines shown at once.
const SHOWN: usize = 200;

/// The log.
#[function_component(EventLog)]
pub fn event_log(p: &EventLogProps) -> Html {
    let hidden = use_state(|| vec![Category::Alive]);
    let only_selected = use_state(|| false);
    let toggle = |c: Category| {
        let hidden = hidden.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut h = (*hidden).clone();
            h.retain(|x| *x != c);
            if !input.checked() {
                h.push(c);
            }
            hidden.set(h);
        })
    };
    let on_only = {
        let only = only_selected.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            only.set(input.checked());
        })
    };
    let sel = p.selected.filter(|_| *only_selected);
    let shown: Vec<&LogLine> = p
        .lines
        .iter()
        .rev()
        .filter(|l| !hidden.contains(&l.category))
        .filter(|l| {
            sel.is_none_or(|s| l.nodes.0 == s || l.nodes.1 == s || l.observers.contains(&s))
        })
        .take(SHOWN)
        .collect();
    html! {
        <section class="panel log" aria-label="Event log">
            <h2>{"Event log"}</h2>
            <p class="hint">{"(own probe) or (own detector): first-hand; (heard from node N): hearsay. A burst of the same news folds into one line: open it for every observer."}</p>
            <fieldset class="filters">
                <legend class="sr-only">{"Show"}</legend>
                { for Category::ALL.iter().map(|(c, label)| html! {
                    <label class={classes!("filter", format!("cat-{c:?}").to_ascii_lowercase())}>
                        <input type="checkbox" checked={!hidden.contains(c)} onchange={toggle(*c)} />
                        { *label }
                    </label>
                }) }
                <label class="filter">
                    <input type="checkbox" checked={*only_selected} onchange={on_only}
                           disabled={p.selected.is_none()} />
                    {"selected node only"}
                </label>
            </fieldset>
            <ol class="lines" aria-live="off">
                { for shown.iter().map(|l| html! {
                    <li class={format!("cat-{:?}", l.category).to_ascii_lowercase()}>
                        <time>{ format!("{:>8.3}s", l.at_ms / 1000.0) }</time>
                        if l.details.len() > 1 {
                            <details>
                                <summary>{ &l.text }</summary>
                                <ul class="folded">{ for l.details.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                            </details>
                        } else {
                            <span>{ &l.text }</span>
                        }
                    </li>
                }) }
            </ol>
            if shown.is_empty() { <p class="hint">{"Nothing yet."}</p> }
        </section>
    }
}

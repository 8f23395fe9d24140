//! The event log: crashes, suspicions, refutations, deaths, removals, joins; filterable.

use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What kind of line it is (the filter's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Crash, recovery, join, leave, partition, heal, loss.
    Cluster,
    /// Someone marked a member suspect.
    Suspicion,
    /// Someone declared a member dead or removed it.
    Death,
    /// Someone (re)learned a member as alive.
    Alive,
    /// A member refuted a suspicion about itself.
    Refutation,
}

impl Category {
    /// Every category, with its filter label.
    pub const ALL: [(Category, &'static str); 5] = [
        (Category::Cluster, "cluster events"),
        (Category::Suspicion, "suspicions"),
        (Category::Death, "deaths / removals"),
        (Category::Refutation, "refutations"),
        (Category::Alive, "alive again / learned"),
    ];
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// Virtual time, ms.
    pub at_ms: f64,
    /// Category.
    pub category: Category,
    /// Nodes it concerns (for the "selected node only" filter).
    pub nodes: (u32, u32),
    /// Text.
    pub text: String,
}

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
        .filter(|l| sel.is_none_or(|s| l.nodes.0 == s || l.nodes.1 == s))
        .take(SHOWN)
        .collect();
    html! {
        <section class="panel log" aria-label="Event log">
            <h2>{"Event log"}</h2>
            <fieldset class="filters">
                <legend class="sr-only">{"Show"}</legend>
                { for Category::ALL.iter().map(|(c, label)| html! {
                    <label class={classes!("filter", format!("cat-{c:?}").to_lowercase())}>
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
                    <li class={format!("cat-{:?}", l.category).to_lowercase()}>
                        <time>{ format!("{:>8.3}s", l.at_ms / 1000.0) }</time>
                        <span>{ &l.text }</span>
                    </li>
                }) }
            </ol>
            if shown.is_empty() { <p class="hint">{"Nothing yet."}</p> }
        </section>
    }
}

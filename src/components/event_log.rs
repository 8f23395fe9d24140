//! The event log: crashes, suspicions, refutations, deaths, removals, joins; filterable.

use std::collections::HashSet;
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
    /// Virtual time, ms, and virtual seconds played per real second (0 while paused): how
    /// fast news arrive (see [`crate::model::log::shown`]).
    pub clock: (f64, f64),
}

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
    // The folded lines' lists (up to 200 observers each) are built only for those opened:
    // at 10,000 members with loss the shown lines are new at nearly every refresh. In 4 s of
    // typing at SWIM 10,000 (loss set to 15) a MutationObserver counted 16,450 changes to the
    // log's DOM before, 11,720 after (2026-12-07; the tasks over 50 ms did not change).
    let opened = use_state(HashSet::<String>::new);
    let sel = p.selected.filter(|_| *only_selected);
    let filtered: Vec<&LogLine> = p
        .lines
        .iter()
        .rev()
        .filter(|l| !hidden.contains(&l.category))
        .filter(|l| {
            sel.is_none_or(|s| l.nodes.0 == s || l.nodes.1 == s || l.observers.contains(&s))
        })
        .collect();
    let oldest = p.lines.first().map(|l| l.at_ms);
    let (count, fast) = crate::model::log::shown(&filtered, oldest, p.clock.0, p.clock.1);
    let shown = &filtered[..count];
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
            if let Some(pace) = fast {
                <p class="hint log-trimmed">{ crate::model::log::trimmed_note(pace, filtered.len()) }</p>
            }
            <ol class="lines" aria-live="off">
                { for shown.iter().zip(keys(shown)).map(|(l, key)| {
                    let open = opened.contains(&key);
                    line(l, key.clone(), open, toggle_open(&opened, key))
                }) }
            </ol>
            if shown.is_empty() { <p class="hint">{"Nothing yet."}</p> }
        </section>
    }
}

/// A stable key per shown line (its first change's time, µs, its nodes and its kind; a
/// repeat gets a suffix): an opened folded line stays open while it is shown.
fn keys(shown: &[&LogLine]) -> Vec<String> {
    let mut seen = HashSet::new();
    shown
        .iter()
        .map(|l| {
            let base = format!(
                "{}-{}-{}-{:?}",
                (l.at_ms * 1000.0).round() as u64,
                l.nodes.0,
                l.nodes.1,
                l.category
            );
            let mut key = base.clone();
            let mut n = 1;
            while !seen.insert(key.clone()) {
                n += 1;
                key = format!("{base}#{n}");
            }
            key
        })
        .collect()
}

/// One line of the log, under its `key`; a folded one lists its observers while `open`.
fn line(l: &LogLine, key: String, open: bool, on_toggle: Callback<Event>) -> Html {
    html! {
        <li {key} class={format!("cat-{:?}", l.category).to_ascii_lowercase()}>
            <time>{ format!("{:>8.3}s", l.at_ms / 1000.0) }</time>
            if l.details.len() > 1 {
                <details {open} ontoggle={on_toggle}>
                    <summary>{ &l.text }</summary>
                    if open {
                        <ul class="folded">{ for l.details.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                    }
                </details>
            } else {
                <span>{ &l.text }</span>
            }
        </li>
    }
}

/// Keeps `opened` in step with the line `key`'s `<details>` as the reader opens or closes it.
fn toggle_open(opened: &UseStateHandle<HashSet<String>>, key: String) -> Callback<Event> {
    let opened = opened.clone();
    Callback::from(move |e: Event| {
        let open = e
            .target_dyn_into::<web_sys::Element>()
            .is_some_and(|d| d.has_attribute("open"));
        if open != opened.contains(&key) {
            let mut o = (*opened).clone();
            if open {
                o.insert(key.clone());
            } else {
                o.remove(&key);
            }
            opened.set(o);
        }
    })
}

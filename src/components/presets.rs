//! One-click scenarios that teach, in four menus on one row (Learn / Failure modes / Compare /
//! Scale; the table is in `crate::page::presets`). Each menu is a `<details>` disclosure: a
//! button that Enter or Space opens, announced as expanded or collapsed; opening one closes
//! the others (the shared `name`); Escape, a pick, or moving the focus elsewhere closes it.

use crate::page::presets::{Group, gist};
use wasm_bindgen::JsCast;
use web_sys::{FocusEvent, HtmlDetailsElement, HtmlElement, Node};
use yew::prelude::*;

/// Props of [`Presets`].
#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    /// Load the preset at this index.
    pub on_pick: Callback<usize>,
}

/// The preset menus.
#[function_component(Presets)]
pub fn presets(p: &PresetsProps) -> Html {
    html! {
        <nav class="presets" aria-label="Preset scenarios">
            <span class="presets-label" aria-hidden="true">{ "Scenarios:" }</span>
            { for Group::ALL.iter().map(|&g| html! { <PresetGroup group={g} on_pick={p.on_pick.clone()} /> }) }
        </nav>
    }
}

/// Props of [`PresetGroup`].
#[derive(Properties, PartialEq)]
pub struct PresetGroupProps {
    /// The group.
    pub group: Group,
    /// Load the preset at this index.
    pub on_pick: Callback<usize>,
}

/// One group's menu.
#[function_component(PresetGroup)]
pub fn preset_group(p: &PresetGroupProps) -> Html {
    let open = use_state(|| false);
    let details = use_node_ref();
    let summary = use_node_ref();
    // Closes the menu; with `focus`, the focus goes back to its button.
    let close = {
        let (open, details, summary) = (open.clone(), details.clone(), summary.clone());
        move |focus: bool| {
            if let Some(d) = details.cast::<HtmlDetailsElement>() {
                d.set_open(false);
            }
            open.set(false);
            if let Some(s) = summary.cast::<HtmlElement>().filter(|_| focus) {
                let _ = s.focus();
            }
        }
    };
    let ontoggle = {
        let (open, details) = (open.clone(), details.clone());
        Callback::from(move |_: Event| {
            if let Some(d) = details.cast::<HtmlDetailsElement>() {
                open.set(d.open());
            }
        })
    };
    let onkeydown = {
        let close = close.clone();
        let open = *open;
        Callback::from(move |e: KeyboardEvent| {
            if open && e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                close(true);
            }
        })
    };
    // The focus moved to something outside the menu (Tab, a click on the canvas): close it.
    let onfocusout = {
        let (close, details) = (close.clone(), details.clone());
        Callback::from(move |e: FocusEvent| {
            let to = e.related_target().and_then(|t| t.dyn_into::<Node>().ok());
            let inside = details
                .cast::<Node>()
                .is_some_and(|d| d.contains(to.as_ref()));
            if to.is_some() && !inside {
                close(false);
            }
        })
    };
    let g = p.group;
    let count = g.presets().count();
    html! {
        <details class="preset-group" name="presets" data-group={g.label()} ref={details}
            {ontoggle} {onkeydown} {onfocusout}>
            <summary ref={summary} aria-label={format!("{}: {count} scenarios", g.label())}>
                { g.label() }
            </summary>
            <div class="preset-menu" role="group" aria-label={g.label()}>
                { for g.presets().map(|(i, preset)| {
                    let (pick, close) = (p.on_pick.clone(), close.clone());
                    let onclick = Callback::from(move |_: MouseEvent| {
                        close(true);
                        pick.emit(i);
                    });
                    html! {
                        <button class="preset" title={preset.about} {onclick}>
                            <span class="preset-name">{ preset.name }</span>
                            <span class="preset-gist">{ gist(preset.about, 90) }</span>
                        </button>
                    }
                }) }
            </div>
        </details>
    }
}

//! One-click scenarios that teach, in four menus on one row (Learn / Failure modes / Compare /
//! Scale; the table is in `crate::page::presets`). Each menu is a `<details>` disclosure: a
//! button that Enter or Space opens, announced as expanded or collapsed; opening one closes
//! the others (the shared `name`); Escape, a pick, or moving the focus elsewhere closes it.
//! The browser keeps which one is open: the component holds no state.

use crate::page::presets::{Group, gist};
use wasm_bindgen::JsCast;
use web_sys::{Element, FocusEvent, HtmlDetailsElement, HtmlElement, Node};
use yew::prelude::*;

/// Props of [`Presets`].
#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    /// Load the preset at this index.
    pub on_pick: Callback<usize>,
}

/// The menu an event happened in, if any.
fn menu_of(target: Option<web_sys::EventTarget>) -> Option<HtmlDetailsElement> {
    target?
        .dyn_into::<Element>()
        .ok()?
        .closest("details.preset-group")
        .ok()??
        .dyn_into()
        .ok()
}

/// Closes `menu`; with `focus`, the focus goes back to its button.
fn close(menu: &HtmlDetailsElement, focus: bool) {
    menu.set_open(false);
    if focus
        && let Ok(Some(summary)) = menu.query_selector("summary")
        && let Ok(summary) = summary.dyn_into::<HtmlElement>()
    {
        let _ = summary.focus();
    }
}

/// The preset menus.
#[function_component(Presets)]
pub fn presets(p: &PresetsProps) -> Html {
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape"
            && let Some(menu) = menu_of(e.target()).filter(|m| m.open())
        {
            e.prevent_default();
            e.stop_propagation();
            close(&menu, true);
        }
    });
    // The focus moved out of an open menu (Tab, a click on the canvas): close it.
    let onfocusout = Callback::from(|e: FocusEvent| {
        let Some(menu) = menu_of(e.target()) else {
            return;
        };
        let to = e.related_target().and_then(|t| t.dyn_into::<Node>().ok());
        if to.is_some() && !menu.contains(to.as_ref()) {
            close(&menu, false);
        }
    });
    html! {
        <nav class="presets" aria-label="Preset scenarios" {onkeydown} {onfocusout}>
            <span class="presets-label" aria-hidden="true">{ "Scenarios:" }</span>
            { for Group::ALL.iter().map(|&g| group(g, &p.on_pick)) }
        </nav>
    }
}

/// One group's menu.
fn group(g: Group, on_pick: &Callback<usize>) -> Html {
    let count = g.presets().count();
    html! {
        <details class="preset-group" name="presets" data-group={g.label()}>
            <summary aria-label={format!("{}: {count} scenarios", g.label())}>{ g.label() }</summary>
            <div class="preset-menu" role="group" aria-label={g.label()}>
                { for g.presets().map(|(i, preset)| {
                    let pick = on_pick.clone();
                    let onclick = Callback::from(move |e: MouseEvent| {
                        if let Some(menu) = menu_of(e.target()) {
                            close(&menu, true);
                        }
                        pick.emit(i);
                        crate::browser::show_stage();
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

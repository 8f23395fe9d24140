//! The compare control: "Compare…" opens a field for the keys where a second run B differs
//! (`k=0`, `proto=gossip&topo=ring`); while comparing, the same field edits B's keys and a
//! button stops comparing.

use crate::components::draft_input::DraftInput;
use yew::prelude::*;

/// Props of [`CompareBar`].
#[derive(Properties, PartialEq)]
pub struct CompareBarProps {
    /// B's keys while comparing (`k=0`), `None` when one run is shown.
    pub comparing: Option<AttrValue>,
    /// Start (or change) the comparison with these keys for B.
    pub on_start: Callback<String>,
    /// Back to one run.
    pub on_stop: Callback<()>,
}

/// See the module documentation.
#[function_component(CompareBar)]
pub fn compare_bar(p: &CompareBarProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let field = |value: AttrValue| {
        html! {
            <label class="compare-keys">
                { "B differs in " }
                <DraftInput kind="text" id="compare-keys" value={value} commit_on_pause={false}
                    placeholder="k=0 (KEY=VALUE&…)" on_commit={p.on_start.clone()}
                    description="Keys where run B differs from A, as in the URL's b. keys; Enter starts both runs from 0 s" />
            </label>
        }
    };
    match &p.comparing {
        Some(keys) => html! {
            <div class="compare-bar comparing">
                <strong>{ "A/B" }</strong>
                { field(keys.clone()) }
                <button class="compare-stop" onclick={p.on_stop.reform(|_| ())}>{ "Stop comparing" }</button>
            </div>
        },
        None => html! {
            <div class="compare-bar">
                <button class="compare-open" aria-expanded={(*open).to_string()} onclick={toggle}
                    title="Run a second configuration on the same seed and events, side by side">
                    { "Compare…" }
                </button>
                if *open { { field(AttrValue::default()) } }
                <a class="sweep-link" href="#sweep"
                    title="Run the scenario over a parameter's values and plot the trade-off (below the page)">
                    { "Sweep…" }
                </a>
            </div>
        },
    }
}

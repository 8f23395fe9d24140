//! One-click scenarios that teach: the buttons (the table is in `crate::page::presets`).

use crate::page::presets::PRESETS;
use yew::prelude::*;

/// Props of [`Presets`].
#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    /// Load the preset at this index.
    pub on_pick: Callback<usize>,
}

/// The preset buttons.
#[function_component(Presets)]
pub fn presets(p: &PresetsProps) -> Html {
    html! {
        <nav class="presets" aria-label="Presets">
            { for PRESETS.iter().enumerate().map(|(i, preset)| html! {
                <button class="preset" title={preset.about} onclick={p.on_pick.reform(move |_| i)}>
                    { preset.name }
                </button>
            }) }
        </nav>
    }
}

//! Dismissable messages: bad URL keys, refused commands, restarts.

use crate::model::Banner;
use yew::prelude::*;

/// Props of [`Banners`].
#[derive(Properties, PartialEq)]
pub struct BannersProps {
    /// What to show.
    pub banners: Vec<Banner>,
    /// Dismiss the banner at this index.
    pub on_dismiss: Callback<usize>,
}

/// The banner list.
#[function_component(Banners)]
pub fn banners(p: &BannersProps) -> Html {
    html! {
        <div class="banners" aria-live="polite">
            { for p.banners.iter().enumerate().map(|(i, b)| {
                let dismiss = p.on_dismiss.reform(move |_| i);
                html! {
                    <div class={classes!("banner", b.error.then_some("error"))}
                         role={if b.error { "alert" } else { "status" }}>
                        <span>{ &b.text }</span>
                        <button class="dismiss" onclick={dismiss}
                                aria-label="Dismiss this message" title="Dismiss">{"×"}</button>
                    </div>
                }
            }) }
        </div>
    }
}

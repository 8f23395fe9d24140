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
    /// Dismiss them all.
    pub on_dismiss_all: Callback<()>,
}

/// Banners shown in full; older ones fold into one line with their details.
const SHOWN: usize = 2;

fn banner(b: &Banner, dismiss: Callback<MouseEvent>) -> Html {
    html! {
        <div class={classes!("banner", b.error.then_some("error"))}
             role={if b.error { "alert" } else { "status" }}>
            <span>{ &b.text }</span>
            <button class="dismiss" onclick={dismiss}
                    aria-label="Dismiss this message" title="Dismiss">{"×"}</button>
        </div>
    }
}

/// The banner list: the newest two in full, the rest folded into one dismissable notice.
#[function_component(Banners)]
pub fn banners(p: &BannersProps) -> Html {
    let n = p.banners.len();
    let folded = n.saturating_sub(SHOWN);
    let errors = p.banners[..folded].iter().filter(|b| b.error).count();
    html! {
        <div class="banners" aria-live="polite">
            if folded > 0 {
                <div class={classes!("banner", "folded", (errors > 0).then_some("error"))} role="status">
                    <details>
                        <summary>{ format!("{folded} earlier message(s){}", if errors > 0 { format!(", {errors} about settings not applied") } else { String::new() }) }</summary>
                        <ul>{ for p.banners[..folded].iter().map(|b| html! { <li>{ &b.text }</li> }) }</ul>
                    </details>
                    <button class="dismiss-all" onclick={p.on_dismiss_all.reform(|_| ())}
                            title="Dismiss every message">{"Dismiss all"}</button>
                </div>
            }
            { for p.banners.iter().enumerate().skip(folded).map(|(i, b)| banner(b, p.on_dismiss.reform(move |_| i))) }
        </div>
    }
}

//! gossip-playground: the web app. The engine lives in `gossip-protocol` and `gossip-sim`; this
//! crate holds the model the page works on and the page's core (`page`: commands in, effects
//! out), both pure Rust and tested natively, and the Yew shell over them (compiled for the
//! browser only).

#![forbid(unsafe_code)]

pub mod compare;
pub mod lesson;
pub mod model;
pub mod page;
pub mod render;
pub mod sweep;
pub mod tune;
pub mod vocab;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod driver;

/// Mounts the app into `#app` (or the body) and installs the visible panic hook.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    browser::install_panic_hook();
    let doc = gloo_document();
    let root = doc
        .get_element_by_id("app")
        .or_else(|| doc.body().map(Into::into));
    match root {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => browser::report_error("gossip-playground: no element to mount into"),
    }
}

#[cfg(target_arch = "wasm32")]
fn gloo_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser window with a document")
}

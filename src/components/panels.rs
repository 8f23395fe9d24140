//! The sweep and tune panels as an app of their own (`src/bin/panels.rs`, built by trunk as
//! `panels.js` and `panels_bg.wasm`), which the page loads once it has rendered
//! (`browser::PanelsHost::load`): they were about a fifth of the page's code (the page's
//! `.wasm` went from 451,227 to 372,126 B gzipped without them, 2026-12-07, `bash
//! scripts/size.sh`), and a visit that opens neither should not wait for them.
//!
//! Their host, `#panels`, sits after the page's `#app`, not in it: two Yew apps nested in one
//! another would each take the other's events for their own (both number their subtrees and
//! listeners from 0). The page keeps the host's `data-*` attributes up to date
//! (`browser::PanelsHost::tell`): the scenario (canonical query with its seed), the query as
//! opened and as the address bar shows it, and the fragment the page opened with. This app
//! reads them again whenever they change, and asks the page to load a scenario with a
//! `gossip-load` event (`browser::ask_load`).

use super::sweep_panel::SweepPanel;
use super::tune_panel::TunePanel;
use crate::browser;
use crate::render::palette::{DARK, LIGHT, Palette};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, MutationObserver, MutationObserverInit};
use yew::prelude::*;

/// What the page tells the panels through their host's attributes.
#[derive(Clone, PartialEq, Default)]
struct Inputs {
    scenario: AttrValue,
    written: AttrValue,
    url_query: AttrValue,
    fragment: AttrValue,
}

impl Inputs {
    fn read(host: &Element) -> Inputs {
        let [scenario, written, url_query, fragment] = browser::PanelsHost::ATTRIBUTES
            .map(|name| AttrValue::from(host.get_attribute(name).unwrap_or_default()));
        Inputs {
            scenario,
            written,
            url_query,
            fragment,
        }
    }
}

/// Props of [`Panels`]: the host the page rendered.
#[derive(Properties, PartialEq)]
pub struct PanelsProps {
    /// `#panels`, whose attributes carry the page's inputs.
    pub host: Element,
}

/// The sweep and tune panels, fed by their host's attributes.
pub struct Panels {
    inputs: Inputs,
    palette: Palette,
    on_load: Callback<String>,
    observer: Option<(MutationObserver, Closure<dyn FnMut()>)>,
}

impl Component for Panels {
    type Message = ();
    type Properties = PanelsProps;

    fn create(ctx: &Context<Self>) -> Self {
        let host = &ctx.props().host;
        let link = ctx.link().clone();
        let changed = Closure::<dyn FnMut()>::new(move || link.send_message(()));
        let observer = MutationObserver::new(changed.as_ref().unchecked_ref())
            .ok()
            .filter(|o| {
                let init = MutationObserverInit::new();
                init.set_attributes(true);
                o.observe_with_options(host, &init).is_ok()
            });
        Panels {
            inputs: Inputs::read(host),
            palette: if browser::prefers_dark() { DARK } else { LIGHT },
            on_load: Callback::from(|q: String| browser::ask_load(&q)),
            observer: observer.map(|o| (o, changed)),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, _: ()) -> bool {
        let inputs = Inputs::read(&ctx.props().host);
        let changed = inputs != self.inputs;
        self.inputs = inputs;
        changed
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first: bool) {
        // A `#sweep` link (opened, or the Sweep… link followed before the panels came): go
        // there now that it exists. A tune question's link opens its own panel.
        if first
            && (self.inputs.fragment == "sweep" || browser::hash() == "sweep")
            && let Some(el) = browser::element("sweep")
        {
            el.scroll_into_view();
        }
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        let i = &self.inputs;
        html! {
            <>
                <SweepPanel scenario={i.scenario.clone()} written={i.written.clone()}
                    palette={self.palette} />
                <TunePanel scenario={i.scenario.clone()} written={i.written.clone()}
                    url_query={i.url_query.clone()} palette={self.palette}
                    on_load={self.on_load.clone()} fragment={i.fragment.clone()} />
            </>
        }
    }
}

impl Drop for Panels {
    fn drop(&mut self) {
        if let Some((o, _)) = &self.observer {
            o.disconnect();
        }
    }
}

/// Mounts the panels into the page's `#panels` (`src/bin/panels.rs`).
pub fn mount() {
    browser::install_panic_hook();
    match browser::element("panels") {
        Some(host) => {
            yew::Renderer::<Panels>::with_root_and_props(host.clone(), PanelsProps { host })
                .render();
        }
        None => browser::report_error(
            "gossip-playground: the sweep and tune panels have no place in the page",
        ),
    }
}

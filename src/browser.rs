//! Thin wrappers over the browser: the address bar, the clipboard, the clock, the panic hook.

use wasm_bindgen::JsValue;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's query string, without the leading `?`.
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// This page's address with `query` (none when empty), and its history.
fn url_with(query: &str) -> Option<(String, web_sys::History)> {
    let w = window()?;
    let path = w.location().pathname().unwrap_or_else(|_| "/".into());
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    Some((url, w.history().ok()?))
}

/// Adds a history entry with this query (a fork: the previous script stays one Back away).
pub fn push_query(query: &str) {
    if let Some((url, h)) = url_with(query) {
        let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// A listener of one kind of event on the window (`popstate` for Back and Forward, the sweep and
/// tune panels' `gossip-load`), removed when dropped.
pub struct WindowListener {
    event: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl WindowListener {
    /// Calls `f` for every `event` that reaches the window.
    pub fn new(
        event: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<WindowListener> {
        use wasm_bindgen::JsCast;
        let closure = wasm_bindgen::closure::Closure::new(f);
        window()?
            .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
            .ok()?;
        Some(WindowListener { event, closure })
    }
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(w) = window() {
            let _ = w.remove_event_listener_with_callback(
                self.event,
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// The event by which the sweep and tune panels (an app of their own, see
/// `components::panels`) ask the page to load a scenario; its detail is the query.
pub const LOAD_EVENT: &str = "gossip-load";

/// Asks the page to load `query` (see [`LOAD_EVENT`]).
pub fn ask_load(query: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(query));
    if let (Some(w), Ok(e)) = (
        window(),
        web_sys::CustomEvent::new_with_event_init_dict(LOAD_EVENT, &init),
    ) {
        let _ = w.dispatch_event(&e);
    }
}

/// The query of a [`LOAD_EVENT`].
pub fn load_query(e: &web_sys::Event) -> Option<String> {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<web_sys::CustomEvent>()?.detail().as_string()
}

/// The host of the sweep and tune panels' app (`#panels`, beside the page's `#app` so that the
/// two apps' event handling never meets): the page writes the panels' inputs into its
/// attributes, which the panels watch (see `components::panels`).
#[derive(Default)]
pub struct PanelsHost {
    told: Option<[String; 4]>,
}

impl PanelsHost {
    /// The attributes that carry [`PanelsHost::tell`]'s inputs, in order.
    pub const ATTRIBUTES: [&'static str; 4] = [
        "data-scenario",
        "data-written",
        "data-url-query",
        "data-fragment",
    ];

    /// Writes the inputs (scenario, query as opened, query as shown, fragment) if they changed.
    pub fn tell(&mut self, inputs: [String; 4]) {
        if self.told.as_ref() == Some(&inputs) {
            return;
        }
        if let Some(host) = element("panels") {
            for (name, value) in Self::ATTRIBUTES.iter().zip(&inputs) {
                let _ = host.set_attribute(name, value);
            }
        }
        self.told = Some(inputs);
    }

    /// Loads the panels' app (`panels.js`, its `.wasm` beside it); if it cannot be loaded, the
    /// host says so (`data-failed`, shown by the style sheet).
    pub fn load(&self) {
        if let Some(host) = element("panels") {
            load_panels(&host);
        }
    }
}

fn load_panels(host: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(script) = doc
        .create_element("script")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlScriptElement>().ok())
    else {
        return;
    };
    let failed = {
        let host = host.clone();
        move || {
            let _ = host.set_attribute("data-failed", "");
        }
    };
    let on_error = failed.clone();
    let onerror = Closure::once_into_js(on_error);
    // The script is wasm-bindgen's no-modules glue: it defines `wasm_bindgen`, which fetches the
    // module beside the script and runs its `main` (which mounts the panels).
    let onload = Closure::once_into_js(move || {
        let init = js_sys::Function::new_no_args("return wasm_bindgen()");
        match init.call0(&JsValue::NULL) {
            Ok(p) => {
                let catch = Closure::<dyn FnMut(JsValue)>::new(move |_| failed());
                let _ = js_sys::Promise::from(p).catch(&catch);
                catch.forget();
            }
            Err(_) => failed(),
        }
    });
    script.set_onerror(Some(onerror.unchecked_ref()));
    script.set_onload(Some(onload.unchecked_ref()));
    script.set_src(PANELS_SCRIPT);
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
}

/// The panels' app, beside the page (see index.html).
pub const PANELS_SCRIPT: &str = "./panels.js";

/// Replaces the address bar's query without reloading (no history entry per change); the
/// fragment stays (`#sweep`, a tune question's link).
pub fn set_query(query: &str) {
    if let Some((url, h)) = url_with(query) {
        let url = url
            + &window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's fragment, without the leading `#` (percent-encoded as in the address).
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|s| s.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's origin (`https://host:port`), to make a path a link one can paste.
pub fn origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The page's path (`/` or `/gossip-playground/`).
pub fn pathname() -> String {
    window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}

/// The element with this id.
pub fn element(id: &str) -> Option<web_sys::Element> {
    window()?.document()?.get_element_by_id(id)
}

/// Brings the canvas's stage into view when it is off screen (a preset picked from a menu at
/// a phone's page bottom loads a run the reader would otherwise not see).
pub fn show_stage() {
    let Some(stage) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".stage").ok().flatten())
    else {
        return;
    };
    let height = window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let r = stage.get_bounding_client_rect();
    if r.bottom() < 0.0 || r.top() > height * 0.5 {
        stage.scroll_into_view();
    }
}

/// The page's full address.
pub fn href() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Copies `text` to the clipboard (fire and forget; the promise's failure is ignored).
pub fn copy(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Milliseconds from the page's time origin (monotonic).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Device pixel ratio (2 on most high-DPI screens).
pub fn pixel_ratio() -> f64 {
    window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0)
}

/// True when the system prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Shows `text` in the page's error box (outside Yew, so it works even after a panic) and logs
/// it to the console.
pub fn report_error(text: &str) {
    web_sys::console::error_1(&JsValue::from_str(text));
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = doc.get_element_by_id("panic") {
        el.set_text_content(Some(text));
        let _ = el.set_attribute("role", "alert");
        let _ = el.remove_attribute("hidden");
    }
}

/// Installs a panic hook that makes any panic visible in the page instead of a blank screen.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        report_error(&format!(
            "gossip-playground stopped because of a bug: {info}. Reload the page to start again; \
             the address bar still holds your scenario."
        ));
    }));
}

/// A `keydown` listener on the document, removed when dropped.
pub struct KeyListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::KeyboardEvent)>,
}

impl KeyListener {
    /// Calls `f` for every key press on the page.
    pub fn new(f: impl FnMut(web_sys::KeyboardEvent) + 'static) -> Option<KeyListener> {
        use wasm_bindgen::JsCast;
        let closure = wasm_bindgen::closure::Closure::new(f);
        let doc = window()?.document()?;
        doc.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(KeyListener { closure })
    }
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(doc) = window().and_then(|w| w.document()) {
            let _ = doc.remove_event_listener_with_callback(
                "keydown",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Whether this browser has seen the guide before (kept in `localStorage`; a browser without
/// storage counts as new, so the guide shows).
pub fn guide_seen() -> bool {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("gossip-playground.guide-seen").ok().flatten())
        .is_some()
}

/// Remembers that the guide was seen (closed once).
pub fn set_guide_seen() {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item("gossip-playground.guide-seen", "1");
    }
}

/// Downloads `text` as a file named `name` (a Blob behind a clicked link).
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Downloads what `url` holds (a Blob's or a `data:` URL) as a file named `name`.
pub fn download_url(name: &str, url: &str) {
    use wasm_bindgen::JsCast;
    if let Some(a) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
}

/// The browser's logical cores (`navigator.hardwareConcurrency`), at least 1.
pub fn cores() -> u32 {
    window()
        .map_or(1.0, |w| w.navigator().hardware_concurrency())
        .max(1.0) as u32
}

/// Bytes of the page's WebAssembly memory (what the allocator has grown it to; it never
/// shrinks).
pub fn wasm_memory_bytes() -> u64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| u64::from(b.byte_length()))
}

/// What each frame costs on the page's thread, for benchmarks and for anyone with the
/// browser's console: `window.__gpWork` holds the last entries: `["frame", simulation ms,
/// drawing ms, at]`, `["command", ms, at]` (a click, a field's commit or a key carried out) and
/// `["render", ms, view ms, at]` (the panels' re-render, from the end of the frame or command
/// that asked for it until the DOM is updated, and of that the markup's building; a few times
/// a second); `at` is `performance.now()` when it ended. At most 2,000 entries are kept.
/// `scripts/longtasks.mjs` reads it.
#[derive(Default)]
pub struct FrameWork {
    log: Option<js_sys::Array>,
}

impl FrameWork {
    fn push(&mut self, entry: js_sys::Array) {
        if self.log.is_none() {
            let log = js_sys::Array::new();
            if let Some(w) = window() {
                let _ = js_sys::Reflect::set(&w, &"__gpWork".into(), &log);
            }
            self.log = Some(log);
        }
        if let Some(log) = &self.log {
            if log.length() >= 2000 {
                log.splice(0, 1000, &JsValue::UNDEFINED);
                log.shift();
            }
            log.push(&entry);
        }
    }

    /// One frame: `sim_ms` advancing the runs, `draw_ms` drawing the canvases.
    pub fn frame(&mut self, sim_ms: f64, draw_ms: f64) {
        let entry = js_sys::Array::of3(&"frame".into(), &sim_ms.into(), &draw_ms.into());
        entry.push(&now_ms().into());
        self.push(entry);
    }

    /// One command carried out (a click, a field's commit, a key), its effects included.
    pub fn command(&mut self, ms: f64) {
        self.push(js_sys::Array::of3(
            &"command".into(),
            &ms.into(),
            &now_ms().into(),
        ));
    }

    /// One re-render of the panels: `ms` in all, of which `view_ms` building the markup.
    pub fn render(&mut self, ms: f64, view_ms: f64) {
        let entry = js_sys::Array::of3(&"render".into(), &ms.into(), &view_ms.into());
        entry.push(&now_ms().into());
        self.push(entry);
    }
}

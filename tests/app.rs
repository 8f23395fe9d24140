//! Browser tests: the real app component mounted into the page, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use gossip_playground::app::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A mounted app; dropping it unmounts the app and removes its element.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

/// Sets the page's query, then mounts a fresh app into a fresh element.
async fn mount(query: &str) -> Mounted {
    let w = web_sys::window().unwrap();
    let path = w.location().pathname().unwrap();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    w.history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
    let root = document().create_element("div").unwrap();
    root.set_attribute("style", "width:1200px;height:900px")
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    sleep(300).await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

fn query() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

fn input(root: &Element, id: &str) -> HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn button(root: &Element, label: &str) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    for i in 0..all.length() {
        let b: HtmlElement = all.item(i).unwrap().dyn_into().unwrap();
        if b.text_content().unwrap_or_default().contains(label) {
            return b;
        }
    }
    panic!("no button labelled {label}");
}

/// Puts `value` into the field as typing would (an `input` event), then commits it with Enter.
fn change(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let enter =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&enter).unwrap();
}

/// Types a node id into the panel's picker.
fn select_node(root: &Element, id: &str) {
    let pick: HtmlInputElement = root
        .query_selector(".pick input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    change(&pick, id);
}

/// Moves the speed slider (0..=100, logarithmic 0.1x..1000x).
fn set_speed(root: &Element, slider: &str) {
    let speed: HtmlInputElement = root
        .query_selector(".speed input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    speed.set_value(slider);
    speed
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn app_mounts_shows_its_title_and_draws_on_the_canvas() {
    let root = mount("").await;
    assert!(text(&root).contains("gossip-playground"));
    let canvas: HtmlCanvasElement = root
        .query_selector("canvas.cluster")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(canvas.width() > 100, "canvas was sized: {}", canvas.width());
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    // Node 0 sits at the top centre of the ring: its pixel is green (alive), not background.
    let w = canvas.width() as f64;
    let h = canvas.height() as f64;
    let size = w.min(h) - 24.0 * (w / canvas.client_width() as f64);
    let (x, y) = (w / 2.0, (h - size) / 2.0 + 0.05 * size);
    let px = ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data();
    assert!(
        px[1] > 150 && px[0] < 120,
        "node 0 pixel is green: {:?}",
        px.to_vec()
    );
}

#[wasm_bindgen_test]
async fn loading_a_scenario_url_sets_the_controls() {
    let root = mount("proto=swim&nodes=24&topo=full&loss=5&seed=42").await;
    assert_eq!(input(&root, "ctl-nodes").value(), "24");
    assert_eq!(input(&root, "ctl-loss").value(), "5");
    assert_eq!(input(&root, "ctl-seed").value(), "42");
    let proto: web_sys::HtmlSelectElement = root
        .query_selector("#ctl-proto")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(proto.value(), "swim");
    assert!(text(&root).contains("SWIM"));
}

#[wasm_bindgen_test]
async fn changing_a_control_updates_the_url() {
    let root = mount("").await;
    // More nodes join the running cluster: 8 -> 12 is four joins, recorded as events.
    change(&input(&root, "ctl-nodes"), "12");
    sleep(100).await;
    assert!(query().starts_with("?ev="), "{}", query());
    assert_eq!(query().matches(".join").count(), 4, "{}", query());
    change(&input(&root, "ctl-loss"), "7");
    sleep(100).await;
    assert!(query().contains(".set.loss.7"), "{}", query());
    assert_eq!(input(&root, "ctl-loss").value(), "7");
}

#[wasm_bindgen_test]
async fn a_bad_url_shows_an_error_naming_the_key_and_the_page_still_runs() {
    let root = mount("nodes=99999&colour=red&seed=3").await;
    let banners = root.query_selector_all(".banner.error").unwrap();
    assert_eq!(banners.length(), 2);
    let t = text(&root);
    assert!(t.contains("nodes: 99999 is out of range"), "{t}");
    assert!(t.contains("colour: unknown key"), "{t}");
    assert_eq!(
        input(&root, "ctl-seed").value(),
        "3",
        "valid keys still apply"
    );
    let clock = root
        .query_selector(".clock")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    sleep(600).await;
    let later = root
        .query_selector(".clock")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_ne!(clock, later, "the simulation runs");
    // Dismiss one message.
    let dismiss: HtmlElement = root
        .query_selector(".banner .dismiss")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    dismiss.click();
    sleep(50).await;
    assert_eq!(
        root.query_selector_all(".banner.error").unwrap().length(),
        1
    );
}

#[wasm_bindgen_test]
async fn crashing_a_node_through_the_ui_leads_to_its_detection() {
    // Fast protocol so detection happens within the test: SWIM, 100 ms periods, at 20x.
    let root = mount("proto=swim&nodes=8&topo=full&period=100&t=50&latency=5").await;
    select_node(&root, "3");
    sleep(50).await;
    button(&root, "Crash").click();
    sleep(50).await;
    assert!(
        query().contains(".crash.3"),
        "the click is recorded in the URL: {}",
        query()
    );
    set_speed(&root, "58"); // about 20x
    let mut detected = false;
    for _ in 0..40 {
        sleep(250).await;
        let t = text(&root);
        // One observer's line, or the folded line of a burst ("node 3 declared dead by 7
        // members").
        if t.contains("declares dead node 3") || t.contains("node 3 declared dead") {
            detected = true;
            break;
        }
    }
    assert!(
        detected,
        "the event log shows node 3 declared dead: {}",
        text(&root)
    );
    assert!(root.query_selector(".detections").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn the_membership_table_shows_the_selected_nodes_view() {
    let root = mount("nodes=6&topo=full&t=3000&n=1&ev=1s.crash.4").await;
    set_speed(&root, "60");
    select_node(&root, "1");
    let mut ok = false;
    let mut seen = String::new();
    for _ in 0..40 {
        sleep(250).await;
        // Member rows only: the virtualised table pads with spacer rows above and below.
        let rows = root
            .query_selector_all("table.members tbody tr[data-member]")
            .unwrap();
        let t = root
            .query_selector("table.members")
            .unwrap()
            .map(|t| t.text_content().unwrap())
            .unwrap_or_default();
        seen = format!("{} rows: {t}", rows.length());
        if rows.length() == 6 && t.contains("removed") {
            ok = true;
            break;
        }
    }
    assert!(
        ok,
        "node 1's table lists all 6 members and shows node 4 removed; last seen {seen}"
    );
    assert!(text(&root).contains("Node 1"));
    assert!(text(&root).contains("heartbeat"));
}

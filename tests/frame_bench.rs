//! Frame-time benchmark in the browser (not a test of speed: it prints figures and asserts only
//! that frames ran). Run it with `scripts/bench-browser.sh`; it is `#[ignore]`d in the test suite.
//!
//! Each frame does what the app's animation loop does: advance the simulation by 16.7 ms of wall
//! time at 1x under the frame budget, collect the messages in flight, and draw the canvas; then
//! it reads one pixel back so that rasterisation is included in the time.
#![cfg(target_arch = "wasm32")]

use gossip_playground::model::Model;
use gossip_playground::render::draw::{Frame, draw};
use gossip_playground::render::palette::DARK;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn measure(query: &str, warmup_s: f64, frames: usize) -> (f64, f64, f64, usize) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(1000);
    canvas.set_height(800);
    doc.body().unwrap().append_child(&canvas).unwrap();
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let mut model = Model::from_query(query);
    // Warm up past the start-up (joins, first suspicions), as a visitor would see it.
    while (model.sim().now() as f64) < warmup_s * 1e6 {
        model.advance(100.0, &mut || false);
    }
    let mut flights = Vec::new();
    let mut times = Vec::with_capacity(frames);
    let mut in_flight = 0;
    for _ in 0..frames {
        let start = now();
        model.advance(1000.0 / 60.0, &mut || now() - start > 9.0);
        model.sim().flights(&mut flights);
        in_flight = in_flight.max(flights.len());
        let leaders = model.leader_set();
        draw(
            &ctx,
            &Frame {
                model: &model,
                flights: &flights,
                leaders: &leaders,
                width: 1000.0,
                height: 800.0,
                palette: DARK,
            },
        );
        // Canvas commands are recorded and rasterised later; reading one pixel back forces the
        // rasterisation into the measured time (slightly pessimistic: it adds a read-back).
        let _ = ctx.get_image_data(0.0, 0.0, 1.0, 1.0);
        times.push(now() - start);
    }
    canvas.remove();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    (pct(0.5), pct(0.95), times[times.len() - 1], in_flight)
}

#[wasm_bindgen_test]
#[ignore]
fn frame_work_at_one_x() {
    for (name, query, warmup) in [
        (
            "SWIM, 1000 nodes, full",
            "proto=swim&nodes=1000&topo=full",
            20.0,
        ),
        (
            "SWIM, 1000 nodes, ring (learning)",
            "proto=swim&nodes=1000",
            5.0,
        ),
        ("gossip, 300 nodes, ring", "nodes=300", 20.0),
        ("gossip, 300 nodes, full", "nodes=300&topo=full", 20.0),
    ] {
        let (p50, p95, max, flights) = measure(query, warmup, 300);
        console_log!(
            "frame work  {name:<36} p50 {p50:6.2} ms  p95 {p95:6.2} ms  max {max:6.2} ms  (max {flights} messages drawn)"
        );
        assert!(p50 > 0.0);
    }
}

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

/// A 1000×800 canvas in the page and its 2D context.
fn canvas_1000x800() -> (HtmlCanvasElement, CanvasRenderingContext2d) {
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
    (canvas, ctx)
}

/// What the app's animation loop does in one frame at 1×: advance 16.7 ms under the 9 ms
/// budget, collect the messages in flight, draw. Canvas commands are recorded and rasterised
/// later; reading one pixel back forces the rasterisation into the measured time (slightly
/// pessimistic: it adds a read-back).
fn one_frame(
    model: &mut Model,
    ctx: &CanvasRenderingContext2d,
    flights: &mut Vec<gossip_sim::Flight>,
) -> f64 {
    let start = now();
    model.advance(1000.0 / 60.0, &mut || now() - start > 9.0);
    let step = now() - start;
    model.sim().flights(flights);
    let leaders = model.leader_set();
    draw(
        ctx,
        &Frame {
            model,
            flights,
            leaders: &leaders,
            width: 1000.0,
            height: 800.0,
            palette: DARK,
            motion: None,
            lesson: false,
            highlight: None,
        },
    );
    let _ = ctx.get_image_data(0.0, 0.0, 1.0, 1.0);
    step
}

/// Frame times of `query` after `warmup_s` simulated seconds: p50, p95, max (ms), the most
/// messages drawn, and the p50 of the simulation step's share of a frame (ms).
fn measure(query: &str, warmup_s: f64, frames: usize) -> (f64, f64, f64, usize, f64) {
    let mut model = Model::from_query(query);
    // Warm up past the start-up (joins, first suspicions), as a visitor would see it.
    while (model.sim().now() as f64) < warmup_s * 1e6 {
        model.advance(100.0, &mut || false);
    }
    let (canvas, ctx) = canvas_1000x800();
    let mut timed = Timed::default();
    timed.frames(&mut model, &ctx, frames);
    canvas.remove();
    timed.summary()
}

/// [`measure`] for the largest clusters, whose warm-up takes longer than the test runner
/// waits for an answering page: it hands the page back every 200 ms of the warm-up and every
/// ten frames (each frame is timed on its own).
async fn measure_yielding(
    query: &str,
    warmup_s: f64,
    frames: usize,
) -> (f64, f64, f64, usize, f64) {
    let pause = || yew::platform::time::sleep(std::time::Duration::from_millis(1));
    let mut model = Model::from_query(query);
    let mut since = now();
    while (model.sim().now() as f64) < warmup_s * 1e6 {
        model.advance(10.0, &mut || false);
        if now() - since > 200.0 {
            pause().await;
            since = now();
        }
    }
    let (canvas, ctx) = canvas_1000x800();
    let mut timed = Timed::default();
    for _ in 0..frames.div_ceil(10) {
        timed.frames(&mut model, &ctx, 10);
        pause().await;
    }
    canvas.remove();
    timed.summary()
}

/// Frame times gathered so far.
#[derive(Default)]
struct Timed {
    times: Vec<f64>,
    steps: Vec<f64>,
    in_flight: usize,
    flights: Vec<gossip_sim::Flight>,
}

impl Timed {
    /// Times `n` more frames of `model`.
    fn frames(&mut self, model: &mut Model, ctx: &CanvasRenderingContext2d, n: usize) {
        for _ in 0..n {
            let start = now();
            self.steps.push(one_frame(model, ctx, &mut self.flights));
            self.in_flight = self.in_flight.max(self.flights.len());
            self.times.push(now() - start);
        }
    }

    /// p50, p95, max (ms), the most messages drawn, the simulation step's p50 (ms).
    fn summary(mut self) -> (f64, f64, f64, usize, f64) {
        self.times.sort_by(f64::total_cmp);
        self.steps.sort_by(f64::total_cmp);
        let t = &self.times;
        let pct = |p: f64| t[((t.len() - 1) as f64 * p) as usize];
        (
            pct(0.5),
            pct(0.95),
            t[t.len() - 1],
            self.in_flight,
            self.steps[self.steps.len() / 2],
        )
    }
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
        let (p50, p95, max, flights, _) = measure(query, warmup, 300);
        console_log!(
            "frame work  {name:<36} p50 {p50:6.2} ms  p95 {p95:6.2} ms  max {max:6.2} ms  (max {flights} messages drawn)"
        );
        assert!(p50 > 0.0);
    }
}

/// Time travel in the page: SWIM at 1,000 members (full topology) played 10 simulated minutes
/// as the page plays it (checkpoints with the page's budget), then seeks to 20 spread times
/// and single steps back. Prints figures; asserts only that seeks landed.
#[wasm_bindgen_test]
#[ignore]
fn seek_and_step_back_at_one_thousand_members() {
    let mut model = Model::from_query("proto=swim&nodes=1000&topo=full");
    let horizon = 600_000_000u64;
    let start = now();
    while model.sim().now() < horizon {
        model.advance(100.0, &mut || false);
        model.speed = 1000.0;
    }
    let play_s = (now() - start) / 1000.0;
    let (count, bytes) = model.timeline().checkpoints();
    let mut seeks = Vec::new();
    let mut backs = Vec::new();
    for i in 0..20u64 {
        // Spread over the run, in an order that jumps back and forth.
        let t = (i * 7919 % 20) * horizon / 20 + 12_345_678 % (horizon / 20);
        let s = now();
        model.seek(t);
        seeks.push(now() - s);
        assert_eq!(model.sim().now(), t);
        for _ in 0..3 {
            let s = now();
            model.step_back_event();
            backs.push(now() - s);
        }
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let pct = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        (pct(0.5), pct(0.9), v[v.len() - 1])
    };
    let (count_after, bytes_after) = model.timeline().checkpoints();
    console_log!(
        "time travel  after the seeks: {count_after} checkpoints, {:.0} MB (estimated)",
        bytes_after as f64 / 1048576.0
    );
    let (s50, s90, smax) = stats(&mut seeks);
    let (b50, b90, bmax) = stats(&mut backs);
    console_log!(
        "time travel  SWIM 1000 full, 10 min: played in {play_s:.1} s; {count} checkpoints, {:.0} MB (estimated)",
        bytes as f64 / 1048576.0
    );
    console_log!(
        "time travel  seek: p50 {s50:.1} ms  p90 {s90:.1} ms  max {smax:.1} ms; one step back: p50 {b50:.1} ms  p90 {b90:.1} ms  max {bmax:.1} ms"
    );
}

/// The why panel at SWIM 1,000 members after 10 simulated minutes: explain one member's
/// suspicion of a crashed member (replays a window from a checkpoint) and draw its sequence
/// diagram. Prints figures; asserts only that an explanation came back.
#[wasm_bindgen_test]
#[ignore]
fn why_panel_at_one_thousand_members_after_ten_minutes() {
    let mut model = Model::from_query("proto=swim&nodes=1000&topo=full&n=30&ev=595s.crash.3");
    model.speed = 1000.0;
    while model.sim().now() < 600_000_000 {
        model.advance(100.0, &mut || false);
    }
    let observers: Vec<u32> = (0..1000)
        .filter(|&o| o != 3 && model.sim().status_of(o, 3) == gossip_protocol::Status::Suspect)
        .take(10)
        .collect();
    let mut times = Vec::new();
    for &o in &observers {
        model.explain(o, 3, true, &now, gossip_playground::render::sequence::svg);
        times.push(model.why.as_ref().unwrap().took_ms);
    }
    times.sort_by(f64::total_cmp);
    let why = model.why.as_ref().unwrap();
    assert!(why.why.headline.contains("suspect"), "{}", why.why.headline);
    console_log!(
        "why panel    SWIM 1000 full at 600 s, {} observers: p50 {:.1} ms  max {:.1} ms (explanation + sequence diagram; {} lanes)",
        times.len(),
        times[times.len() / 2],
        times[times.len() - 1],
        why.why.lanes.len()
    );
}

/// The canvas at SWIM 2,000 members with the view zoomed in 8× and a node hovered (tooltip
/// ring, enlarged members that are not alive): one frame's work at 1×.
#[wasm_bindgen_test]
#[ignore]
fn frame_work_at_two_thousand_members_zoomed_with_hover() {
    let (canvas, ctx) = canvas_1000x800();
    let mut model =
        Model::from_query("proto=swim&nodes=2000&topo=full&ev=5s.crash.10,5s.crash.1000");
    while model.sim().now() < 20_000_000 {
        model.advance(100.0, &mut || false);
    }
    let mut flights = Vec::new();
    let mut times = Vec::new();
    for (i, zoom) in [1.0, 8.0].into_iter().enumerate() {
        model.view = Default::default();
        model.view.zoom_at(zoom, (500.0, 60.0), 1000.0, 800.0);
        model.hover = Some(10);
        times.clear();
        for _ in 0..300 {
            let start = now();
            one_frame(&mut model, &ctx, &mut flights);
            times.push(now() - start);
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
        console_log!(
            "frame work  SWIM, 2000 nodes, full, zoom {zoom}×, hover   p50 {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms{}",
            pct(0.5),
            pct(0.95),
            times[times.len() - 1],
            if i == 0 { "" } else { " (zoomed on node 10)" }
        );
    }
    canvas.remove();
}

/// The canvas at the scenario format's limits, SWIM 10,000 members (on a full topology and
/// on a ring, still learning the cluster) and gossip 5,000 (full), a crash at 5 s: one
/// frame's work at 1× after 20 simulated seconds.
#[wasm_bindgen_test]
#[ignore]
async fn frame_work_at_the_member_limits() {
    for (name, query) in [
        (
            "SWIM, 10000 nodes, full",
            "proto=swim&nodes=10000&topo=full&ev=5s.crash.10",
        ),
        (
            "SWIM, 10000 nodes, ring",
            "proto=swim&nodes=10000&topo=ring&ev=5s.crash.10",
        ),
        (
            "gossip, 5000 nodes, full",
            "nodes=5000&topo=full&ev=5s.crash.10",
        ),
    ] {
        let start = now();
        let (p50, p95, max, flights, step) = measure_yielding(query, 20.0, 120).await;
        console_log!(
            "frame work  {name:<36} p50 {p50:6.2} ms  p95 {p95:6.2} ms  max {max:6.2} ms  (simulation step p50 {step:.2} ms; max {flights} messages drawn; {:.1} s with the warm-up)",
            (now() - start) / 1000.0
        );
        assert!(p50 > 0.0);
    }
}

//! Browser tests of the chart renderer on a real canvas: it draws axes with or without
//! samples and never fails on an empty or one-sample history.
#![cfg(target_arch = "wasm32")]

use gossip_playground::model::Sample;
use gossip_playground::render::chart::{ChartData, draw};
use gossip_playground::render::palette::{DARK, LIGHT};
use gossip_playground::render::plot::ChartKind;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_attribute("style", "width:480px;height:150px;display:block")
        .unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Pixels in the CSS-px rectangle that differ from the top-left (background) pixel.
fn inked(c: &HtmlCanvasElement, x0: f64, y0: f64, x1: f64, y1: f64) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let r = c.width() as f64 / c.client_width() as f64;
    let all = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data();
    let bg = [all[0], all[1], all[2]];
    let mut n = 0;
    for y in (y0 * r) as u32..(y1 * r) as u32 {
        for x in (x0 * r) as u32..(x1 * r) as u32 {
            let i = 4 * (y * c.width() + x) as usize;
            let d: u32 = (0..3).map(|k| all[i + k].abs_diff(bg[k]) as u32).sum();
            if d > 60 {
                n += 1;
            }
        }
    }
    n
}

fn history(n: u64) -> Vec<Sample> {
    (0..n)
        .map(|i| Sample {
            at: i * 1_000_000,
            alive_to_all: if i < 8 { 16 } else { 15 },
            suspected_by_some: u32::from(i >= 8),
            down: u32::from(i >= 5),
            msgs_per_s: if i == 1 { 900.0 } else { 40.0 },
            bytes_per_s: 2000.0,
            ..Sample::default()
        })
        .collect()
}

#[wasm_bindgen_test]
fn both_charts_draw_axes_with_no_samples_one_sample_and_many() {
    for n in [0, 1, 30] {
        for kind in [ChartKind::Members, ChartKind::Load] {
            for palette in [&DARK, &LIGHT] {
                let c = canvas();
                let h = history(n);
                let data = ChartData {
                    kind,
                    history: &h,
                    proto: gossip_sim::Proto::Swim,
                    palette,
                    hover: (n > 0).then_some(3.0),
                };
                draw(&c, &data, 1.0).unwrap_or_else(|e| panic!("{kind:?} with {n}: {e}"));
                let y_labels = inked(&c, 0.0, 24.0, 44.0, 130.0);
                let t_labels = inked(&c, 50.0, 132.0, 420.0, 150.0);
                assert!(
                    y_labels > 60,
                    "{kind:?}, {n} samples: y axis labels {y_labels}"
                );
                assert!(
                    t_labels > 60,
                    "{kind:?}, {n} samples: time labels {t_labels}"
                );
                c.remove();
            }
        }
    }
}

/// The colour of the CSS px (x, y) of a canvas painted at 2 device px per CSS px.
fn pixel(c: &HtmlCanvasElement, x: f64, y: f64) -> [u8; 3] {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let d = ctx
        .get_image_data(x * 2.0, y * 2.0, 1.0, 1.0)
        .unwrap()
        .data();
    [d[0], d[1], d[2]]
}

#[wasm_bindgen_test]
fn the_canvas_painter_scales_clips_and_restores_as_the_list_says() {
    use gossip_playground::render::canvas;
    use gossip_playground::render::display::{Colour, DisplayList, Paint};
    let c = canvas();
    let ctx = canvas::context(&c, 480.0, 150.0, 2.0).unwrap();
    assert_eq!((c.width(), c.height()), (960, 300));
    let mut list = DisplayList::new(480.0, 150.0);
    list.background(Colour::css("#000000"));
    list.clip(0.0, 0.0, 100.0, 150.0);
    list.rect(50.0, 50.0, 100.0, 50.0, Paint::fill(Colour::css("#ff0000")));
    list.unclip();
    list.circle(
        300.0,
        75.0,
        20.0,
        Paint::fill(Colour::css("#00ff00").alpha(0.5)),
    );
    canvas::paint(&ctx, &list, 2.0).unwrap();
    assert_eq!(pixel(&c, 75.0, 75.0), [255, 0, 0], "inside the clip");
    assert_eq!(pixel(&c, 125.0, 75.0), [0, 0, 0], "clipped away");
    let half = pixel(&c, 300.0, 75.0);
    assert!(
        half[0] == 0 && (120..=136).contains(&half[1]),
        "{half:?}: after the restore, at half alpha"
    );
    assert_eq!(pixel(&c, 330.0, 75.0), [0, 0, 0], "outside the circle");
    c.remove();
}

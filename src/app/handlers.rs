//! The panels' callbacks, built once when the app is created. Yew compares callbacks by
//! identity, so building them in `view` would make every panel's props differ on every
//! refresh; built once, a panel re-renders only when its data changed.

use super::{App, Msg};
use crate::page::{
    CanvasCmd, ClusterCmd, Command, CompareCmd, Fault, LessonCmd, LinkCmd, PanelCmd, Px, RunCmd,
    TimelineCmd, TuneCmd,
};
use web_sys::{MouseEvent, TouchEvent, WheelEvent};
use yew::html::Scope;
use yew::prelude::*;

/// Every callback the app hands to a panel.
pub struct Handlers {
    pub toggle: Callback<()>,
    pub step: Callback<()>,
    pub period: Callback<()>,
    pub restart: Callback<()>,
    pub speed: Callback<f64>,
    pub copy: Callback<()>,
    pub preset: Callback<usize>,
    pub dismiss: Callback<usize>,
    pub dismiss_all: Callback<()>,
    pub guide: Callback<()>,
    pub canvas_click: Callback<MouseEvent>,
    pub canvas_wheel: Callback<WheelEvent>,
    pub canvas_down: Callback<MouseEvent>,
    pub canvas_move: Callback<MouseEvent>,
    pub canvas_up: Callback<MouseEvent>,
    pub canvas_leave: Callback<MouseEvent>,
    pub canvas_touch: Callback<TouchEvent>,
    pub crash: Callback<()>,
    pub leave: Callback<()>,
    pub join: Callback<()>,
    pub split: Callback<()>,
    pub partition: Callback<String>,
    pub heal: Callback<()>,
    pub select: Callback<Option<u32>>,
    pub set: Callback<(String, String)>,
    pub new_seed: Callback<()>,
    pub seek: Callback<u64>,
    pub back_event: Callback<()>,
    pub back_period: Callback<()>,
    pub why: Callback<u32>,
    pub why_close: Callback<()>,
    pub why_refresh: Callback<()>,
    pub lanes: Callback<String>,
    pub fault: Callback<Fault>,
    pub compare_start: Callback<String>,
    pub compare_stop: Callback<()>,
    pub canvas_click_b: Callback<MouseEvent>,
    pub lesson: Callback<LessonCmd>,
}

/// A callback that gives the page one command whatever its event.
fn send<T: 'static>(link: &Scope<App>, cmd: Command) -> Callback<T> {
    link.callback(move |_| Msg::Do(cmd.clone()))
}

/// The offset of a mouse event on its canvas, CSS px.
fn at(e: &MouseEvent) -> Px {
    (e.offset_x() as f64, e.offset_y() as f64)
}

impl Handlers {
    /// Builds them all from the app's scope.
    pub fn new(link: &Scope<App>) -> Handlers {
        let run = |c: RunCmd| send(link, Command::Run(c));
        let cluster = |c: ClusterCmd| send(link, Command::Cluster(c));
        Handlers {
            toggle: run(RunCmd::Toggle),
            step: run(RunCmd::StepEvent),
            period: run(RunCmd::StepPeriod),
            restart: run(RunCmd::Restart),
            speed: link.callback(|s| Msg::Do(Command::Run(RunCmd::Speed(s)))),
            copy: send(link, Command::Link(LinkCmd::Copy)),
            preset: link.callback(|i| Msg::Do(Command::Lesson(LessonCmd::Preset(i)))),
            dismiss: link.callback(|i| Msg::Do(Command::Panel(PanelCmd::Dismiss(i)))),
            dismiss_all: send(link, Command::Panel(PanelCmd::DismissAll)),
            guide: send(link, Command::Lesson(LessonCmd::Guide)),
            canvas_click: link.callback(|e: MouseEvent| canvas(CanvasCmd::Click(at(&e)))),
            canvas_wheel: link.callback(|e: WheelEvent| {
                e.prevent_default();
                canvas(CanvasCmd::Wheel(e.delta_y(), at(&e)))
            }),
            canvas_down: link.callback(|e: MouseEvent| canvas(CanvasCmd::Down(at(&e)))),
            canvas_move: link
                .callback(|e: MouseEvent| canvas(CanvasCmd::Move(at(&e), e.buttons() & 1 == 1))),
            canvas_up: send(link, Command::Canvas(CanvasCmd::Up)),
            canvas_leave: send(link, Command::Canvas(CanvasCmd::Leave)),
            canvas_touch: link.callback(|e: TouchEvent| {
                // Two fingers: their distance and midpoint, relative to the canvas.
                let t = e.touches();
                match (t.get(0), t.get(1), e.current_target()) {
                    (Some(a), Some(b), Some(target)) => {
                        e.prevent_default();
                        let rect = wasm_bindgen::JsCast::unchecked_into::<web_sys::Element>(target)
                            .get_bounding_client_rect();
                        let (ax, ay) = (a.client_x() as f64, a.client_y() as f64);
                        let (bx, by) = (b.client_x() as f64, b.client_y() as f64);
                        canvas(CanvasCmd::Pinch(Some((
                            (ax - bx).hypot(ay - by),
                            ((ax + bx) / 2.0 - rect.left(), (ay + by) / 2.0 - rect.top()),
                        ))))
                    }
                    _ => canvas(CanvasCmd::Pinch(None)),
                }
            }),
            crash: cluster(ClusterCmd::CrashToggle),
            leave: cluster(ClusterCmd::Leave),
            join: cluster(ClusterCmd::Join),
            split: cluster(ClusterCmd::Split),
            partition: link.callback(|t| Msg::Do(Command::Cluster(ClusterCmd::Partition(t)))),
            heal: cluster(ClusterCmd::Heal),
            select: link.callback(|id| Msg::Do(Command::Panel(PanelCmd::Select(id)))),
            set: link.callback(|(k, v)| Msg::Do(Command::Tune(TuneCmd::Set(k, v)))),
            new_seed: link
                .callback(|_| Msg::Do(Command::Tune(TuneCmd::NewSeed(rand::random::<u64>())))),
            seek: link.callback(|t| Msg::Do(Command::Timeline(TimelineCmd::Seek(t)))),
            back_event: send(link, Command::Timeline(TimelineCmd::BackEvent)),
            back_period: send(link, Command::Timeline(TimelineCmd::BackPeriod)),
            why: link.callback(|id| Msg::Do(Command::Panel(PanelCmd::Why(id)))),
            why_close: send(link, Command::Panel(PanelCmd::WhyClose)),
            why_refresh: send(link, Command::Panel(PanelCmd::WhyRefresh)),
            lanes: link.callback(|t| Msg::Do(Command::Panel(PanelCmd::Lanes(t)))),
            fault: link.callback(|f| Msg::Do(Command::Cluster(ClusterCmd::Fault(f)))),
            compare_start: link.callback(|t| Msg::Do(Command::Compare(CompareCmd::Start(t)))),
            compare_stop: send(link, Command::Compare(CompareCmd::Stop)),
            canvas_click_b: link
                .callback(|e: MouseEvent| Msg::Do(Command::Compare(CompareCmd::ClickB(at(&e))))),
            lesson: link.callback(|c| Msg::Do(Command::Lesson(c))),
        }
    }
}

fn canvas(c: CanvasCmd) -> Msg {
    Msg::Do(Command::Canvas(c))
}

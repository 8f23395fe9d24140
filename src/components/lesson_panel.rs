//! The guided lessons: the *Learn* entry (one button per lesson) and, while a lesson is open,
//! its step under the canvas: the text with the run's own figures, Back, Next (locked until
//! the reader did what an asking step asks) and Leave.

use crate::lesson::{LESSONS, LessonView};
use crate::page::LessonCmd;
use crate::render::palette::message_colour;
use yew::prelude::*;

/// Props of [`Learn`].
#[derive(Properties, PartialEq)]
pub struct LearnProps {
    /// A lesson command (open, next, back, leave).
    pub on_lesson: Callback<LessonCmd>,
}

/// The *Learn* entry: a row of lesson buttons.
#[function_component(Learn)]
pub fn learn(p: &LearnProps) -> Html {
    html! {
        <nav class="learn" aria-label="Lessons">
            <span class="learn-label">{"Learn:"}</span>
            { for LESSONS.iter().enumerate().map(|(i, l)| html! {
                <button class="learn-lesson" onclick={p.on_lesson.reform(move |_| LessonCmd::Open(i))}
                    aria-label={format!("Lesson {}: {}", l.number, l.title)}>
                    { format!("{} · {}", l.number, l.title) }
                </button>
            }) }
        </nav>
    }
}

/// Props of [`LessonPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The open lesson's step.
    pub view: LessonView,
    /// A lesson command (open, next, back, leave).
    pub on_lesson: Callback<LessonCmd>,
}

/// The open lesson's step.
#[function_component(LessonPanel)]
pub fn lesson_panel(p: &LessonPanelProps) -> Html {
    let v = &p.view;
    let last = v.step == v.steps;
    let send = |c: LessonCmd| p.on_lesson.reform(move |_| c.clone());
    html! {
        <section class="lesson" aria-labelledby="lesson-title">
            <h2 id="lesson-title">
                { format!("Lesson {}: {}", v.number, v.title) }
                <span class="lesson-step">{ format!(" · step {} of {}", v.step, v.steps) }</span>
            </h2>
            <p class="lesson-text" aria-live="polite">{ &v.text }</p>
            if let Some(kind) = v.highlight {
                <p class="lesson-highlight">
                    <span class="swatch" style={format!("background:{}", message_colour(kind))}></span>
                    { format!("On the canvas: {} messages stand out, the others fade.", kind.label()) }
                </p>
            }
            if v.asks {
                <p class={classes!("lesson-ask", v.done.then_some("done"))} role="status">
                    { if v.done { "Done: Next goes on." } else { "Your turn: Next unlocks when the run shows it." } }
                </p>
            }
            <div class="lesson-nav">
                <button class="lesson-back" onclick={send(LessonCmd::Back)} disabled={v.step == 1}
                    aria-label="Previous step (←)">{"← Back"}</button>
                <button class="lesson-next" onclick={send(LessonCmd::Next)} disabled={last || !v.done}
                    aria-label="Next step (→)">{"Next →"}</button>
                <button class="lesson-leave" onclick={send(LessonCmd::Leave)}
                    aria-label="Leave the lesson; the run stays as a plain scenario">{"Leave"}</button>
            </div>
        </section>
    }
}

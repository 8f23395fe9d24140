//! The sweep worker: a `gloo-worker` actor that answers each [`Job`] with its [`Outcome`],
//! one at a time. The page spawns one per core (`pool.rs`); `src/bin/sweep-worker.rs`
//! registers it.
//!
//! A run that stops the worker (a panic, or memory exhausted: WebAssembly then traps, and the
//! worker's Rust state can no longer be trusted) would otherwise never be answered, and the
//! sweep would wait for it until cancelled. So the worker remembers the run under way, and an
//! uncaught error in the worker's scope answers it with the error, marked
//! [`Outcome::stopped_worker`], and closes the worker; the page starts another in its place.

use super::job::{Job, Outcome, answer};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{DedicatedWorkerGlobalScope, ErrorEvent, Event};

/// The run under way: who asked for it, and which job it is.
struct Current {
    scope: WorkerScope<SweepWorker>,
    id: HandlerId,
    sweep: u32,
    index: u32,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
    /// The message of the last panic, kept by the panic hook for the error handler.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// See the module documentation.
pub struct SweepWorker {
    /// Listens for uncaught errors (`error`, `unhandledrejection`) for as long as the worker.
    _on_error: Option<Closure<dyn FnMut(Event)>>,
}

impl Worker for SweepWorker {
    type Message = ();
    type Input = Job;
    type Output = Outcome;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        std::panic::set_hook(Box::new(|info| {
            let _ = PANIC.try_with(|p| p.try_borrow_mut().map(|mut p| *p = Some(info.to_string())));
        }));
        let on_error = Closure::<dyn FnMut(Event)>::new(stopped);
        let global = js_sys::global()
            .dyn_into::<DedicatedWorkerGlobalScope>()
            .ok();
        let listening = global.is_some_and(|g| {
            ["error", "unhandledrejection"].iter().all(|kind| {
                g.add_event_listener_with_callback(kind, on_error.as_ref().unchecked_ref())
                    .is_ok()
            })
        });
        SweepWorker {
            _on_error: listening.then_some(on_error),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, job: Job, id: HandlerId) {
        CURRENT.set(Some(Current {
            scope: scope.clone(),
            id,
            sweep: job.sweep,
            index: job.index,
        }));
        let outcome = answer(&job, js_sys::Date::now);
        CURRENT.set(None);
        scope.respond(id, outcome);
    }
}

/// An uncaught error in the worker's scope: if a run was under way, it stopped the worker.
/// Answers that run with the error and closes the worker.
fn stopped(event: Event) {
    let Some(run) = CURRENT.with(|c| c.try_borrow_mut().ok().and_then(|mut c| c.take())) else {
        return;
    };
    let panic = PANIC.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.take()));
    let why = panic.unwrap_or_else(|| {
        let message = event
            .dyn_ref::<ErrorEvent>()
            .map(ErrorEvent::message)
            .unwrap_or_default();
        format!("its WebAssembly trapped ({message}), most likely out of memory")
    });
    run.scope.respond(
        run.id,
        Outcome {
            sweep: run.sweep,
            index: run.index,
            stats: Err(format!("the run stopped its worker: {why}")),
            message_events: 0,
            wall_ms: 0.0,
            stopped_worker: true,
        },
    );
    if let Ok(global) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() {
        global.close();
    }
}

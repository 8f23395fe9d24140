//! The Web Worker that writes a tune question's answers in the page (built by trunk as
//! `tune-worker.js`, see index.html; started only when a tune question runs). Natively it
//! only says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    use gossip_playground::sweep::codec::Postcard;
    gossip_playground::tune::worker::TuneWorker::registrar()
        .encoding::<Postcard>()
        .register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("tune-worker is the page's Web Worker: run scripts/serve.sh (see README.md).");
}

//! The Web Worker that runs sweep runs in the page (built by trunk as `sweep-worker.js`, see
//! index.html). Natively it only says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    use gossip_playground::sweep::codec::Postcard;
    gossip_playground::sweep::worker::SweepWorker::registrar()
        .encoding::<Postcard>()
        .register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sweep-worker is the page's Web Worker: run scripts/serve.sh (see README.md).");
}

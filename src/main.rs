//! Entry point. In the browser (built by trunk) it mounts the app; natively it only says so.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("gossip-playground is a web app: run scripts/serve.sh (see README.md).");
}

#[cfg(target_arch = "wasm32")]
fn main() {
    gossip_playground::start();
}

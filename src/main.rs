//! The gossip-playground web app. Built for the browser with trunk; natively it only says so.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("gossip-playground is a web app: build it with `trunk serve` (see README.md).");
}

#[cfg(target_arch = "wasm32")]
fn main() {}

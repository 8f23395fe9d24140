//! The sweep and tune panels, an app of their own that the page loads once it has rendered
//! (built by trunk as `panels.js`, see index.html and `components::panels`). Natively it only
//! says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    gossip_playground::components::panels::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("panels is part of the page: run scripts/serve.sh (see README.md).");
}

//! How messages cross to and from the Web Workers (the sweep and tune workers): postcard
//! instead of gloo-worker's default, bincode. A bincode error writes out its text as it is
//! made, and serde's texts for unexpected values format floats, which kept core's float
//! formatting (about 13 KB raw) in the sweep worker though no run formats a float; postcard's
//! errors carry no text (docs/results.md, "Page size"). Page and worker must agree: the
//! spawners (`pool.rs`) and the registrars (`src/bin/`) both name [`Postcard`].

use gloo_worker::Codec;
use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// See the module documentation.
pub struct Postcard;

impl Codec for Postcard {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let bytes = postcard::to_allocvec(&input).expect("a worker message could not be encoded");
        Uint8Array::from(bytes.as_slice()).into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let bytes = Uint8Array::from(input).to_vec();
        postcard::from_bytes(&bytes).expect("a worker message could not be decoded")
    }
}

//! Exports for bench/node/run.mjs: run a scenario to its end, and a memcpy baseline.
use std::hint::black_box;

use osi_session::sim::{Scenario, World};
use wasm_bindgen::prelude::*;

/// The same time limit as `session-sim run`: an hour of simulated time.
const LIMIT_US: u64 = 3_600_000_000;

/// Runs the scenario (JSON, as `session-sim run FILE` reads it) to its end, keeping at most
/// `trace_limit` trace events as `session-sim --trace-limit` does, and returns
/// `{"trace": .., "summaries": ..}` as JSON: the work `session-sim run --format json` does,
/// less the process.
#[wasm_bindgen]
pub fn run_scenario(json: &str, trace_limit: usize) -> Result<String, JsError> {
    let scenario = Scenario::from_json(json).map_err(|e| JsError::new(&e.to_string()))?;
    let mut world = World::new(&scenario);
    world.set_trace_limit(trace_limit);
    world.run_to_end(LIMIT_US);
    let doc = serde_json::json!({"trace": world.trace(), "summaries": world.summaries()});
    Ok(doc.to_string())
}

const CHUNK: usize = 16 * 1024;
const BUFFER: usize = 64 * 1024 * 1024;

/// Two 64 MiB buffers, allocated and written before the timing starts.
#[wasm_bindgen]
pub struct Copier {
    src: Vec<u8>,
    dst: Vec<u8>,
}

#[wasm_bindgen]
impl Copier {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Copier {
        Copier {
            src: (0..BUFFER).map(|i| (i * 31 + 7) as u8).collect(),
            dst: black_box(vec![1u8; BUFFER]),
        }
    }

    /// Copies `bytes` octets in 16 KiB chunks from one buffer to the other, wrapping around:
    /// the loop of examples/memcpy.rs.
    pub fn copy(&mut self, bytes: f64) {
        let bytes = bytes as u64;
        let (mut done, mut at) = (0u64, 0usize);
        while done < bytes {
            let n = CHUNK.min((bytes - done) as usize);
            self.dst[at..at + n].copy_from_slice(black_box(&self.src[at..at + n]));
            black_box(&mut self.dst);
            done += n as u64;
            at = (at + n) % BUFFER;
        }
    }
}

impl Default for Copier {
    fn default() -> Self {
        Copier::new()
    }
}

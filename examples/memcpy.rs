//! The memcpy baseline of `scripts/bench` (row 2): copies BYTES octets in 16 KiB chunks from
//! one 64 MiB buffer to another (both written before the timing starts), wrapping around at the end, and prints
//! `{"bytes": .., "seconds": .., "method": ..}`. `std::hint::black_box` keeps every copy.
//! bench/node/src/lib.rs has the same loop for wasm.
//!
//! ```text
//! cargo run --profile bench --example memcpy -- 1073741824
//! ```
use std::hint::black_box;
use std::time::Instant;

const CHUNK: usize = 16 * 1024;
const BUFFER: usize = 64 * 1024 * 1024;

fn main() {
    let bytes: u64 = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: memcpy BYTES");
            std::process::exit(2);
        }
    };
    let src: Vec<u8> = (0..BUFFER).map(|i| (i * 31 + 7) as u8).collect();
    // Written once before the timing, so page faults are not timed.
    let mut dst = vec![1u8; BUFFER];
    black_box(&mut dst);
    let started = Instant::now();
    let (mut done, mut at) = (0u64, 0usize);
    while done < bytes {
        let n = CHUNK.min((bytes - done) as usize);
        dst[at..at + n].copy_from_slice(black_box(&src[at..at + n]));
        black_box(&mut dst);
        done += n as u64;
        at = (at + n) % BUFFER;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"bytes\":{bytes},\"seconds\":{seconds},\"method\":\"memcpy: 16 KiB chunks between two 64 MiB buffers (copy_from_slice, black_box)\"}}"
    );
}

//! The OSI Session Layer Playground.
//!
//! Three layers, with arrows pointing one way (`ui` -> `sim` -> `protocol`):
//!
//! - [`protocol`]: the session protocol of ITU-T X.225 / ISO 8327-1, sans-IO: SPDU codec,
//!   tokens, serial numbers and the state machine. No I/O, no clock, no randomness of its own.
//! - [`sim`]: the deterministic world the protocol runs in: virtual clock, simulated transport
//!   with faults, applications, scenarios and the recorded trace.
//! - [`net`] (native only): the same protocol over the kernel's TCP (RFC 1006), for
//!   `session-sim serve` and `send`.
//! - `ui` (wasm32 only): yew components that read the trace and send commands.

#[cfg(not(target_arch = "wasm32"))]
pub mod net;
pub mod protocol;
pub mod share;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod js_api;

//! The session protocol over the kernel's TCP, RFC 1006 style (native only; the wasm build
//! leaves this module out).
//!
//! The same sans-IO [`Machine`](crate::protocol::machine::Machine) the page drives runs here
//! over std's blocking sockets: TPKT (RFC 1006) frames class 0 transport PDUs (ISO 8073 /
//! X.224: CR, CC, DT; ER for a bad TPDU), whose TSDUs carry the SPDUs. No async runtime: one
//! thread per connection on the server, and on the sender one thread that reads while the
//! other writes.
//!
//! - [`tpdu`]: TPKT and class 0 TPDUs, encoded and decoded.
//! - [`link`]: a transport connection on a TCP stream: CR/CC, then TSDUs in DT TPDUs.
//! - [`driver`]: the machine's clock, its output loop, and the capture.
//! - [`item`]: the file's name and size in CN's user data, its digest in TD.
//! - [`serve`] / [`receive`]: `session-sim serve` and its receiving session user;
//!   [`transfer`]: a file being received; [`store`]: what the server's connections share.
//! - [`send`]: `session-sim send`, resuming after a broken connection.
//! - [`cli`]: their command lines.

pub mod cli;
pub mod driver;
pub mod item;
pub mod link;
pub mod receive;
pub mod send;
mod sender;
pub mod serve;
pub mod store;
pub mod tpdu;
pub mod transfer;

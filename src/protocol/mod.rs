//! The session protocol of ITU-T X.225 / ISO 8327-1 (connection-oriented), sans-IO.
//!
//! - [`auth`]: the credentials a CN carries (a keyed digest, never the password) and their check.
//! - [`codec`]: SPDUs as values, and their encoding and decoding (X.225 clause 8).
//! - [`drive`]: two machines driven by arbitrary steps, with the invariants checked after
//!   each: the driver of the machine property test and fuzzer.
//! - [`pcap`]: a capture writer (Ethernet, IPv4, TCP port 102, TPKT, COTP DT) so any exchange
//!   opens in Wireshark.
//! - [`pair`]: two machines back to back over a perfect transport, for tests.
//! - [`machine`]: the session protocol machine (X.225 clause 7, Annex A), for either role.
//! - [`random`]: the random source of connection references: the simulation's seeded
//!   generator or the operating system's ([`random::OsRandom`]).

pub mod auth;
pub mod codec;
pub mod drive;
pub mod layout;
pub mod machine;
pub mod pair;
pub mod pcap;
pub mod presentation;
pub mod random;
pub mod sorted;

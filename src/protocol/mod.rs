//! The session protocol of ITU-T X.225 / ISO 8327-1 (connection-oriented), sans-IO.
//!
//! - [`codec`]: SPDUs as values, and their encoding and decoding (X.225 clause 8).
//! - [`pcap`]: a capture writer (Ethernet, IPv4, TCP port 102, TPKT, COTP DT) so any exchange
//!   opens in Wireshark.

pub mod codec;
pub mod pcap;

//! The SPDU codec: SPDUs as values, and their encoding and decoding (ITU-T X.225 /
//! ISO 8327-1 clause 8).
//!
//! - [`Spdu`]: one variant per SPDU of X.225 8.3, each carrying its parameters
//!   ([`Connect`], [`DataTransfer`], [`MinorSync`], ...).
//! - [`encode_tsdu`] / [`decode_tsdu`]: a TSDU of one SPDU, or a category 0 SPDU followed by
//!   a category 2 SPDU (basic concatenation, X.225 6.3.7); [`encode_spdu`] for one SPDU;
//!   [`encode_tsdu_into`] into a buffer of the caller's, [`encode_tsdu_bytes`] into a new one
//!   ready to send.
//! - Parameter values: [`TokenSet`], [`TokenSetting`], [`FunctionalUnits`],
//!   [`TransportDisconnect`], [`SerialNumber`], [`RefuseReason`], [`ActivityReason`], ...
//!
//! Structure (X.225 8.2): `SI | LI | parameters | user information`. LI and every parameter
//! length take one octet for 0 to 254, and `FF hi lo` for 255 to 65 535. Parameters go in the
//! order of the standard's tables; the decoder enforces that order and rejects unknown and
//! repeated codes, non-canonical lengths and serial numbers, so decoding then encoding gives
//! back the same bytes, and encoding then decoding gives back the same value.
//!
//! User data is [`bytes::Bytes`]: decoding slices it out of the received TSDU without a copy;
//! encoding copies it once into the output.
//!
//! ```
//! use bytes::Bytes;
//! use osi_session::protocol::codec::{decode_tsdu, encode_tsdu, DecodeContext, Spdu};
//! // GT + DT carrying "hello" (X225.md, verified with tshark).
//! let wire = Bytes::from_static(&[1, 0, 1, 0, 0x40, 5, b'h', b'e', b'l', b'l', b'o']);
//! let spdus = decode_tsdu(&wire, DecodeContext::default()).unwrap();
//! assert!(matches!(&spdus[..], [Spdu::GiveTokens(_), Spdu::DataTransfer(_)]));
//! assert_eq!(encode_tsdu(&spdus).unwrap(), wire);
//! ```

mod bodies;
mod code;
mod cursor;
mod decode;
mod decode_params;
mod encode;
mod error;
mod flags;
mod items;
mod serial;
mod spdu;
mod tsdu;
mod values;
mod writer;

#[cfg(test)]
mod tests;

pub use bodies::{
    Abort, Accept, ActivityDiscard, ActivityEnd, ActivityEndAck, ActivityInterrupt, ActivityResume,
    ActivityStart, Connect, DataTransfer, Disconnect, Expedited, Finish, GiveTokens, MajorSync,
    MajorSyncAck, MinorSync, MinorSyncAck, NotFinished, PleaseTokens, Refuse, Resynchronize,
    ResynchronizeAck, TypedData,
};
pub use code::param_name;
pub(crate) use code::unsupported_si;
pub(crate) use decode::kind_of;
pub use encode::encode_spdu;
pub use error::{DecodeError, DecodeErrorKind, EncodeError, Field};
pub use flags::{
    Enclosure, FunctionalUnits, ProtocolOptions, TokenSet, TransportDisconnect, Version,
};
pub use items::{
    ActivityReason, ConnectAcceptItem, ConnectionIdentifier, LinkingInformation, RefuseReason,
    ResyncType, TokenPosition, TokenSetting, TsduMaxSize,
};
pub use serial::SerialNumber;
pub use spdu::{Category, Spdu, SpduKind};
pub use tsdu::{
    check_concatenation, decode_tsdu, encode_tsdu, encode_tsdu_bytes, encode_tsdu_into,
    DecodeContext,
};

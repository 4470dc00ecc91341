//! A minimal presentation layer (ITU-T X.226 / ISO 8823, connection-oriented, normal mode)
//! between the applications and the session machine: in an OSI stack the session user is
//! the presentation layer, so the session user data of every SPDU is a presentation PDU, and
//! Wireshark reads it as one.
//!
//! - One presentation context, proposed in CP and accepted in CPA: identifier
//!   [`CONTEXT_ID`] (1: the initiator's identifiers are odd, X.226 6.2), abstract syntax
//!   [`ABSTRACT_SYNTAX`] `{2 999 8327 1}` (under `joint-iso-itu-t example(999)`, the arc
//!   X.660 keeps for examples; its one type is `OCTET STRING`, an application's message in
//!   its own format), transfer syntax [`BER`] `{2 1 1}` (`joint-iso-itu-t asn1(1)
//!   basic-encoding(1)`).
//! - User data as `fully-encoded-data`: one PDV list, the context identifier, and the value
//!   as `single-ASN1-type` (an OCTET STRING in BER). `octet-aligned` carrying the same BER
//!   octets is read too.
//! - The PPDU each SPDU carries (X.226 clause 7): CP-type in CN, CPA-PPDU in AC, CPR-PPDU in
//!   RF, ARU-PPDU (or ARP-PPDU from the provider) in AB, User-data in DT, TD, EX, FN, DN and
//!   NF ([`decode::Carrier`]).
//! - [`service`]: requests down and indications up, at the one boundary between an
//!   application and its session machine.
//!
//! Hand-written BER ([`ber`]) rather than the `der` crate, measured with `trunk build
//! --release` and `gzip -9` of the .wasm: routing only INTEGER, OBJECT IDENTIFIER and OCTET
//! STRING through der 0.7.10 (and const-oid) added 8,076 octets (3,422 gzipped) on top of
//! this module, whose whole presentation layer costs 30,965 (12,372 gzipped) over a build
//! without one; and der reads no PPDU cut short, which the inspector must ([`decode_start`]:
//! the trace keeps a DT's first octets only). Decoding refuses what it does not implement (X.410 mode,
//! simply-encoded data, several PDV lists, indefinite lengths) with a [`PresError`] naming
//! the offset; it never panics.

pub mod ber;
pub mod decode;
mod error;
pub mod ppdu;
pub mod service;
#[cfg(test)]
mod tests;

pub use decode::{decode, decode_start, Carrier};
pub use error::{PresError, Why};
pub use ppdu::{ContextDef, ContextResult, Oid, Pdv, Ppdu};

/// The presentation context identifier of the applications' messages.
pub const CONTEXT_ID: u32 = 1;
/// The abstract syntax of the applications' messages: `{joint-iso-itu-t(2) example(999)
/// 8327 1}`, one type, `OCTET STRING`.
pub const ABSTRACT_SYNTAX: [u32; 4] = [2, 999, 8327, 1];
/// The transfer syntax: ASN.1 basic encoding rules, `{joint-iso-itu-t(2) asn1(1)
/// basic-encoding(1)}`.
pub const BER: [u32; 3] = [2, 1, 1];

/// [`ABSTRACT_SYNTAX`] as an [`Oid`].
pub fn abstract_syntax() -> Oid {
    Oid::of(&ABSTRACT_SYNTAX)
}

/// [`BER`] as an [`Oid`].
pub fn transfer_syntax() -> Oid {
    Oid::of(&BER)
}

/// Octets of PPDU before the application's octets in the User-data of `octets` (a DT's,
/// TD's or EX's user information, or its first octets): `None` when it is not User-data.
pub fn data_header_len(octets: &[u8]) -> Option<usize> {
    let mut r = ber::Reader::new(octets, true);
    let ud = r.expect(ber::tag::application(1), "User-data").ok()?;
    let mut list = ud.contents;
    let mut pdv = list.expect(ber::tag::SEQUENCE, "PDV-list").ok()?.contents;
    if pdv.peek() == Some(ber::tag::OID) {
        pdv.tlv().ok()?;
    }
    pdv.expect(ber::tag::INTEGER, "context").ok()?;
    let mut values = pdv.tlv().ok()?.contents;
    let value = values.expect(ber::tag::OCTET_STRING, "value").ok()?;
    Some(value.contents.offset())
}

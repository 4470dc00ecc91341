//! The presentation PDUs as values, and their encoding (X.226 clause 8, module
//! ISO8823-PRESENTATION), normal mode only.

use bytes::Bytes;
use core::fmt;
use serde::Serialize;

use super::ber::{integer, oid_contents, tag, tlv};

/// An OBJECT IDENTIFIER, as its arcs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Oid(pub Vec<u32>);

impl Oid {
    /// The OID of these arcs.
    pub fn of(arcs: &[u32]) -> Oid {
        Oid(arcs.to_vec())
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arcs: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&arcs.join("."))
    }
}

/// One item of a presentation context definition list (X.226 `Context-list`): an identifier,
/// the abstract syntax, and the transfer syntaxes proposed for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextDef {
    /// The presentation context identifier (odd when the initiator proposes it).
    pub id: u32,
    /// The abstract syntax name.
    pub abstract_syntax: Oid,
    /// The transfer syntax names proposed.
    pub transfer_syntaxes: Vec<Oid>,
}

/// One item of a presentation context definition result list (X.226 `Result-list`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextResult {
    /// 0 acceptance, 1 user rejection, 2 provider rejection.
    pub result: u32,
    /// The transfer syntax the responder chose, when it accepted.
    pub transfer_syntax: Option<Oid>,
}

/// One presentation data value: fully encoded data with one PDV list holding one value
/// (X.226 `Fully-encoded-data`, `PDV-list`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pdv {
    /// The presentation context identifier it is in.
    pub context: u32,
    /// The value: the application's octets, an OCTET STRING in BER.
    pub data: Bytes,
    /// The value's length as encoded: more than `data.len()` when only the start was kept.
    pub len: usize,
    /// True when it came as `octet-aligned`, false for `single-ASN1-type` (what this layer
    /// sends).
    pub octet_aligned: bool,
}

impl Pdv {
    /// A whole value in context `context`, sent as `single-ASN1-type`.
    pub fn new(context: u32, data: Bytes) -> Pdv {
        Pdv {
            context,
            len: data.len(),
            data,
            octet_aligned: false,
        }
    }
}

/// A presentation PDU of normal mode (X.226 clause 8), as this layer sends and reads them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Ppdu {
    /// CP-type, the P-CONNECT request, in S-CONNECT's user data (CN).
    Connect {
        /// The presentation context definition list.
        contexts: Vec<ContextDef>,
        /// The user data.
        user_data: Option<Pdv>,
    },
    /// CPA-PPDU, the P-CONNECT response accepting, in AC.
    Accept {
        /// The presentation context definition result list.
        results: Vec<ContextResult>,
        /// The user data.
        user_data: Option<Pdv>,
    },
    /// CPR-PPDU, the P-CONNECT response refusing, in RF.
    Refuse {
        /// The presentation context definition result list.
        results: Vec<ContextResult>,
        /// The user data.
        user_data: Option<Pdv>,
    },
    /// User-data: P-DATA (DT), P-TYPED-DATA (TD, the `ttdPPDU` of `Typed-data-type`),
    /// P-EXPEDITED-DATA (EX) and P-RELEASE (FN, DN, NF).
    Data(Pdv),
    /// ARU-PPDU, P-U-ABORT, in AB.
    UserAbort {
        /// The user data.
        user_data: Option<Pdv>,
    },
    /// ARP-PPDU, P-P-ABORT, in AB: the presentation provider found an error.
    ProviderAbort {
        /// The `Abort-reason` (1 unrecognized PPDU, 2 unexpected PPDU, ... 6 invalid PPDU
        /// parameter value).
        reason: Option<u32>,
    },
}

/// `Abort-reason` unrecognized-ppdu (X.226 `ARP-PPDU`).
pub const UNRECOGNIZED_PPDU: u32 = 1;

impl Ppdu {
    /// The PPDU's name in X.226.
    pub fn name(&self) -> &'static str {
        match self {
            Ppdu::Connect { .. } => "CP",
            Ppdu::Accept { .. } => "CPA",
            Ppdu::Refuse { .. } => "CPR",
            Ppdu::Data(_) => "User-data",
            Ppdu::UserAbort { .. } => "ARU",
            Ppdu::ProviderAbort { .. } => "ARP",
        }
    }

    /// The user data it carries, if any.
    pub fn user_data(&self) -> Option<&Pdv> {
        match self {
            Ppdu::Connect { user_data, .. }
            | Ppdu::Accept { user_data, .. }
            | Ppdu::Refuse { user_data, .. }
            | Ppdu::UserAbort { user_data } => user_data.as_ref(),
            Ppdu::Data(pdv) => Some(pdv),
            Ppdu::ProviderAbort { .. } => None,
        }
    }

    /// The PPDU's octets (BER, definite lengths).
    pub fn encode(&self) -> Bytes {
        let v = match self {
            Ppdu::Connect {
                contexts,
                user_data,
            } => connect(contexts, user_data.as_ref()),
            Ppdu::Accept { results, user_data } => {
                let normal = normal_parameters(0xa2, results, user_data.as_ref());
                tlv(tag::SET, &[&normal_mode(), &normal])
            }
            Ppdu::Refuse { results, user_data } => {
                normal_parameters(tag::SEQUENCE, results, user_data.as_ref())
            }
            Ppdu::Data(pdv) => fully_encoded(pdv),
            Ppdu::UserAbort { user_data } => {
                let ud = user_data.as_ref().map(fully_encoded).unwrap_or_default();
                tlv(tag::context(0), &[&ud])
            }
            Ppdu::ProviderAbort { reason } => {
                let r = reason.map(|r| retag(integer(r), tag::context_primitive(0)));
                tlv(tag::SEQUENCE, &[&r.unwrap_or_default()])
            }
        };
        Bytes::from(v)
    }
}

/// A TLV whose tag is replaced (an `IMPLICIT` tag on a primitive type).
fn retag(mut v: Vec<u8>, new: u8) -> Vec<u8> {
    v[0] = new;
    v
}

/// `Mode-selector` of normal mode: `[0] IMPLICIT SET { [0] IMPLICIT INTEGER normal-mode(1) }`.
fn normal_mode() -> Vec<u8> {
    tlv(
        tag::context(0),
        &[&retag(integer(1), tag::context_primitive(0))],
    )
}

/// CP-type: mode selector, then normal-mode parameters with the presentation context
/// definition list `[4]` and the user data.
fn connect(contexts: &[ContextDef], user_data: Option<&Pdv>) -> Vec<u8> {
    let items: Vec<Vec<u8>> = contexts
        .iter()
        .map(|c| {
            let names: Vec<Vec<u8>> = c
                .transfer_syntaxes
                .iter()
                .map(|t| tlv(tag::OID, &[&oid_contents(&t.0)]))
                .collect();
            let names: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
            tlv(
                tag::SEQUENCE,
                &[
                    &integer(c.id),
                    &tlv(tag::OID, &[&oid_contents(&c.abstract_syntax.0)]),
                    &tlv(tag::SEQUENCE, &names),
                ],
            )
        })
        .collect();
    let items: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    let list = tlv(tag::context(4), &items);
    let ud = user_data.map(fully_encoded).unwrap_or_default();
    let normal = tlv(tag::context(2), &[&list, &ud]);
    tlv(tag::SET, &[&normal_mode(), &normal])
}

/// The normal-mode parameters of CPA (`[2] IMPLICIT SEQUENCE`) or CPR (`SEQUENCE`): the
/// result list `[5]` and the user data.
fn normal_parameters(outer: u8, results: &[ContextResult], user_data: Option<&Pdv>) -> Vec<u8> {
    let items: Vec<Vec<u8>> = results
        .iter()
        .map(|r| {
            let ts = r
                .transfer_syntax
                .as_ref()
                .map(|t| tlv(tag::context_primitive(1), &[&oid_contents(&t.0)]));
            tlv(
                tag::SEQUENCE,
                &[
                    &retag(integer(r.result), tag::context_primitive(0)),
                    &ts.unwrap_or_default(),
                ],
            )
        })
        .collect();
    let items: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    let list = if results.is_empty() {
        Vec::new()
    } else {
        tlv(tag::context(5), &items)
    };
    let ud = user_data.map(fully_encoded).unwrap_or_default();
    tlv(outer, &[&list, &ud])
}

/// User-data as `fully-encoded-data [APPLICATION 1]`: one PDV list, its context identifier
/// and the value as `single-ASN1-type [0]`, an OCTET STRING in BER.
fn fully_encoded(pdv: &Pdv) -> Vec<u8> {
    let value = tlv(tag::OCTET_STRING, &[&pdv.data]);
    let values = if pdv.octet_aligned {
        tlv(tag::context_primitive(1), &[&value])
    } else {
        tlv(tag::context(0), &[&value])
    };
    let list = tlv(tag::SEQUENCE, &[&integer(pdv.context), &values]);
    tlv(tag::application(1), &[&list])
}

//! The presentation layer between an application and its session machine: the application's
//! requests go down with their user data in the PPDU their SPDU carries (X.226 clause 7), and
//! the indications come up with the application's own octets again. Stateless: the one
//! presentation context is fixed ([`CONTEXT_ID`], [`abstract_syntax`], [`transfer_syntax`]).

use bytes::Bytes;

use super::decode::{decode, Carrier};
use super::error::{PresError, Why};
use super::ppdu::{ContextDef, ContextResult, Pdv, Ppdu, UNRECOGNIZED_PPDU};
use super::{abstract_syntax, transfer_syntax, CONTEXT_ID};
use crate::protocol::codec::{DecodeError, DecodeErrorKind, Field};
use crate::protocol::machine::{AbortCause, Indication, PeerError, Request};

/// X.225 8.3.7: the most user data an AB carries in version 1.
const AB_MAX_V1: usize = 9;

/// The one presentation context this layer proposes in CP.
pub(super) fn context_list() -> Vec<ContextDef> {
    vec![ContextDef {
        id: CONTEXT_ID,
        abstract_syntax: abstract_syntax(),
        transfer_syntaxes: vec![transfer_syntax()],
    }]
}

/// The result list of CPA and CPR: the one context accepted, in BER.
pub(super) fn accepted() -> Vec<ContextResult> {
    vec![ContextResult {
        result: 0,
        transfer_syntax: Some(transfer_syntax()),
    }]
}

fn pdv(data: Option<Bytes>) -> Option<Pdv> {
    data.map(|d| Pdv::new(CONTEXT_ID, d))
}

fn data(d: Option<Bytes>) -> Option<Bytes> {
    d.map(|d| Ppdu::Data(Pdv::new(CONTEXT_ID, d)).encode())
}

/// The request `r` of the application, with its user data wrapped in the PPDU its SPDU
/// carries; `version` is the session's protocol version once agreed (an AB's user data
/// depends on it). S-CONNECT always carries CP, CPA or CPR (the presentation connection is
/// made with the session connection, X.226 clause 7); the other requests carry a PPDU only
/// when the application gave user data. A P-U-ABORT whose ARU-PPDU would not fit in a
/// version 1 AB (9 octets, X.225 8.3.7) goes without user data.
pub fn request(r: Request, version: Option<u8>) -> Request {
    match r {
        Request::Connect {
            calling_ref,
            user_data,
        } => Request::Connect {
            calling_ref,
            user_data: Some(
                Ppdu::Connect {
                    contexts: context_list(),
                    user_data: pdv(user_data),
                }
                .encode(),
            ),
        },
        Request::Accept {
            called_ref,
            user_data,
        } => Request::Accept {
            called_ref,
            user_data: Some(
                Ppdu::Accept {
                    results: accepted(),
                    user_data: pdv(user_data),
                }
                .encode(),
            ),
        },
        Request::Refuse { reason, data } => Request::Refuse {
            reason,
            data: Ppdu::Refuse {
                results: accepted(),
                user_data: pdv((!data.is_empty()).then_some(data)),
            }
            .encode(),
        },
        Request::Data(d) => Request::Data(Ppdu::Data(Pdv::new(CONTEXT_ID, d)).encode()),
        Request::TypedData(d) => Request::TypedData(Ppdu::Data(Pdv::new(CONTEXT_ID, d)).encode()),
        Request::Expedited(d) => Request::Expedited(Ppdu::Data(Pdv::new(CONTEXT_ID, d)).encode()),
        Request::Release { user_data } => Request::Release {
            user_data: data(user_data),
        },
        Request::ReleaseResponse { accept, user_data } => Request::ReleaseResponse {
            accept,
            user_data: data(user_data),
        },
        Request::Abort { user_data } => Request::Abort {
            user_data: user_data
                .map(|d| {
                    Ppdu::UserAbort {
                        user_data: pdv(Some(d)),
                    }
                    .encode()
                })
                .filter(|aru| version == Some(2) || aru.len() <= AB_MAX_V1),
        },
        other => other,
    }
}

/// The ARP-PPDU (P-P-ABORT, "unrecognized PPDU") a side sends in AB's user data when the
/// peer's user data is not a PPDU it reads: 5 octets, within version 1's 9.
pub fn provider_abort() -> Request {
    Request::Abort {
        user_data: Some(
            Ppdu::ProviderAbort {
                reason: Some(UNRECOGNIZED_PPDU),
            }
            .encode(),
        ),
    }
}

/// The application's octets in the user data of an SPDU of kind `carrier`: the PPDU read,
/// its presentation context checked.
fn unwrap_data(carrier: Carrier, octets: &Bytes) -> Result<Option<Bytes>, PresError> {
    let ppdu = decode(carrier, octets)?;
    if let Ppdu::Connect { contexts, .. } = &ppdu {
        let ours = contexts.iter().any(|c| {
            c.id == CONTEXT_ID
                && c.abstract_syntax == abstract_syntax()
                && c.transfer_syntaxes.contains(&transfer_syntax())
        });
        if !ours {
            return Err(PresError {
                offset: 0,
                why: Why::Missing {
                    what: "the playground's presentation context in CP",
                },
            });
        }
    }
    match ppdu.user_data() {
        Some(p) if p.context != CONTEXT_ID => Err(PresError {
            offset: 0,
            why: Why::UnknownContext { id: p.context },
        }),
        Some(p) => Ok(Some(p.data.clone())),
        None => Ok(None),
    }
}

/// Required user data of an SPDU of kind `carrier`.
fn required(carrier: Carrier, octets: &Bytes) -> Result<Bytes, PresError> {
    Ok(unwrap_data(carrier, octets)?.unwrap_or_default())
}

/// Optional user data of an SPDU of kind `carrier`.
fn optional(carrier: Carrier, octets: Option<Bytes>) -> Result<Option<Bytes>, PresError> {
    match octets {
        Some(o) => unwrap_data(carrier, &o),
        None => Ok(None),
    }
}

/// The indication `ind` of the session machine as the application sees it: the user data
/// unwrapped from its PPDU. `Err` when the user data is not the PPDU its SPDU carries (the
/// caller answers as X.226's P-P-ABORT: [`provider_abort`], or RF to a CN). An AB whose
/// user data is an ARP-PPDU is the peer's presentation provider aborting: a provider abort
/// for the application.
pub fn indication(ind: Indication) -> Result<Indication, PresError> {
    let missing = |what| PresError {
        offset: 0,
        why: Why::Missing { what },
    };
    Ok(match ind {
        Indication::Connect {
            proposal,
            user_data,
        } => {
            let cp = user_data.ok_or_else(|| missing("CN's CP-type"))?;
            Indication::Connect {
                proposal,
                user_data: unwrap_data(Carrier::Connect, &cp)?,
            }
        }
        Indication::Accepted {
            negotiated,
            user_data,
        } => {
            let cpa = user_data.ok_or_else(|| missing("AC's CPA-PPDU"))?;
            if let Ppdu::Accept { results, .. } = decode(Carrier::Accept, &cpa)? {
                if results.first().map(|r| r.result) != Some(0) {
                    return Err(missing("the acceptance of the presentation context in CPA"));
                }
            }
            Indication::Accepted {
                negotiated,
                user_data: unwrap_data(Carrier::Accept, &cpa)?,
            }
        }
        // An RF with no user data is the session provider's (X.225 8.3.3), with no PPDU.
        Indication::Refused { reason, data } if data.is_empty() => {
            Indication::Refused { reason, data }
        }
        Indication::Refused { reason, data } => Indication::Refused {
            reason,
            data: required(Carrier::Refuse, &data)?,
        },
        Indication::Data(d) => Indication::Data(required(Carrier::Data, &d)?),
        Indication::TypedData(d) => Indication::TypedData(required(Carrier::Data, &d)?),
        Indication::Expedited(d) => Indication::Expedited(required(Carrier::Data, &d)?),
        Indication::Release { user_data } => Indication::Release {
            user_data: optional(Carrier::Data, user_data)?,
        },
        Indication::Released { user_data } => Indication::Released {
            user_data: optional(Carrier::Data, user_data)?,
        },
        Indication::ReleaseRefused { user_data } => Indication::ReleaseRefused {
            user_data: optional(Carrier::Data, user_data)?,
        },
        Indication::UserAbort { user_data: Some(d) } => match decode(Carrier::Abort, &d)? {
            Ppdu::ProviderAbort { .. } => Indication::ProviderAbort(AbortCause::PeerProtocolError),
            _ => Indication::UserAbort {
                user_data: unwrap_data(Carrier::Abort, &d)?,
            },
        },
        other => other,
    })
}

/// The SPDU that brought an indication's user data, and the field holding it.
fn carrier(ind: &Indication) -> (&'static str, Field) {
    let data = Field::Param(0xc1);
    match ind {
        Indication::Connect { .. } => ("CN", data),
        Indication::Accepted { .. } => ("AC", data),
        Indication::Refused { .. } => ("RF", Field::Param(50)),
        Indication::Data(_) => ("DT", Field::UserInformation),
        Indication::TypedData(_) => ("TD", Field::UserInformation),
        Indication::Expedited(_) => ("EX", Field::UserInformation),
        Indication::Release { .. } => ("FN", data),
        Indication::Released { .. } => ("DN", data),
        Indication::ReleaseRefused { .. } => ("NF", data),
        _ => ("AB", data),
    }
}

/// What the application is told when its presentation layer cannot read the peer's PPDU: a
/// provider abort whose protocol error names the SPDU and the PPDU's fault.
pub fn unreadable(ind: &Indication, e: &PresError) -> Indication {
    let (spdu, what) = carrier(ind);
    Indication::ProviderAbort(AbortCause::ProtocolError(PeerError::Decode(DecodeError {
        offset: 0,
        kind: DecodeErrorKind::BadValue {
            spdu,
            what,
            why: format!("not the PPDU it carries ({e})"),
        },
    })))
}

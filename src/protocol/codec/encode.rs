//! Encoding one SPDU (X.225 8.2, 8.3): SI, LI, the parameters in the order of the standard's
//! tables, then the user information of DT, EX and TD, copied once.

use super::bodies::*;
use super::code::*;
use super::error::{EncodeError, Field};
use super::flags::Version;
use super::items::{ConnectAcceptItem, ConnectionIdentifier, LinkingInformation, TokenSetting};
use super::serial::SerialNumber;
use super::spdu::Spdu;
use super::writer::{close, open, opt_pi, opt_u8, pi, put_length, put_user_information};
use bytes::Bytes;

/// Appends the encoding of one SPDU to `out` (X.225 8.2). On error `out` is left as it was.
///
/// This encodes the SPDU alone; [`encode_tsdu`](super::encode_tsdu) also checks the rules of
/// concatenation.
///
/// ```
/// use osi_session::protocol::codec::{encode_spdu, Disconnect, Spdu};
/// let dn = Spdu::Disconnect(Disconnect { user_data: Some(b"\x40\x02ok"[..].into()) });
/// let mut out = Vec::new();
/// encode_spdu(&dn, &mut out).unwrap();
/// assert_eq!(out, [0x0a, 0x06, 0xc1, 0x04, 0x40, 0x02, b'o', b'k']);
/// ```
pub fn encode_spdu(spdu: &Spdu, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let start = out.len();
    let result = write_spdu(spdu, out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// An upper bound of the octets an SPDU takes, for a single reservation.
pub(crate) fn size_hint(spdu: &Spdu) -> usize {
    spdu.user_data().map_or(0, Bytes::len) + 96
}

fn write_spdu(spdu: &Spdu, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let name = spdu.abbreviation();
    out.reserve(size_hint(spdu));
    let li = open(out, spdu.si());
    write_params(spdu, name, out)?;
    close(out, li, name, Field::Parameters)?;
    let info = match spdu {
        Spdu::DataTransfer(s) => &s.user_information,
        Spdu::TypedData(s) => &s.user_information,
        Spdu::Expedited(s) if s.user_information.len() > MAX_EXPEDITED => {
            return Err(EncodeError::TooLong {
                spdu: name,
                what: Field::UserInformation,
                len: s.user_information.len(),
                max: MAX_EXPEDITED,
            })
        }
        Spdu::Expedited(s) => &s.user_information,
        _ => return Ok(()),
    };
    put_user_information(out, info);
    Ok(())
}

fn write_params(spdu: &Spdu, n: &'static str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    match spdu {
        // CN and AC share their parameters but AC's Token Item and CN's Extended User Data
        // (X.225 8.3.1 Table 11, 8.3.2 Table 12).
        Spdu::Connect(s) => {
            opening(out, n, true, &s.connection_id, &s.connect_accept)?;
            functional_units(out, n, s.functional_units.map(|f| f.bits()))?;
            selectors(out, n, &s.calling_selector, &s.called_selector)?;
            connect_user_data(out, s)
        }
        Spdu::Accept(s) => {
            opening(out, n, false, &s.connection_id, &s.connect_accept)?;
            opt_u8(out, PI_TOKEN_ITEM, s.tokens.map(|t| t.bits()));
            functional_units(out, n, s.functional_units.map(|f| f.bits()))?;
            selectors(out, n, &s.calling_selector, &s.responding_selector)?;
            user_data(out, n, &s.user_data)
        }
        Spdu::Refuse(s) => refuse(out, n, s),
        Spdu::Finish(s) => {
            opt_u8(
                out,
                PI_TRANSPORT_DISCONNECT,
                s.transport_disconnect.map(|t| t.bits()),
            );
            user_data(out, n, &s.user_data)
        }
        Spdu::Disconnect(Disconnect { user_data: d })
        | Spdu::NotFinished(NotFinished { user_data: d }) => user_data(out, n, d),
        Spdu::Abort(s) => {
            opt_u8(
                out,
                PI_TRANSPORT_DISCONNECT,
                s.transport_disconnect.map(|t| t.bits()),
            );
            opt_pi(out, n, PI_REFLECT, s.reflect.as_deref(), MAX_REFLECT)?;
            user_data(out, n, &s.user_data)
        }
        Spdu::DataTransfer(DataTransfer { enclosure, .. })
        | Spdu::TypedData(TypedData { enclosure, .. }) => {
            opt_u8(out, PI_ENCLOSURE, enclosure.map(|e| e.bits()));
            Ok(())
        }
        Spdu::GiveTokens(GiveTokens {
            tokens,
            user_data: d,
        })
        | Spdu::PleaseTokens(PleaseTokens {
            tokens,
            user_data: d,
        }) => {
            opt_u8(out, PI_TOKEN_ITEM, tokens.map(|t| t.bits()));
            user_data(out, n, d)
        }
        Spdu::MinorSync(s) => {
            opt_u8(out, PI_SYNC_TYPE, s.no_explicit_confirmation.map(u8::from));
            serial_and_data(out, n, s.serial_number, &s.user_data)
        }
        Spdu::MajorSync(s) => {
            opt_u8(out, PI_SYNC_TYPE, Some(1));
            serial_and_data(out, n, s.serial_number, &s.user_data)
        }
        Spdu::ActivityEnd(s) => {
            opt_u8(out, PI_SYNC_TYPE, s.sync_type_item.then_some(0));
            serial_and_data(out, n, s.serial_number, &s.user_data)
        }
        Spdu::MinorSyncAck(s) => {
            serial(out, n, PI_SERIAL, s.serial_number)?;
            opt_pi(out, n, PI_MIA_USER_DATA, s.user_data.as_deref(), MAX_LENGTH)
        }
        Spdu::MajorSyncAck(MajorSyncAck {
            serial_number,
            user_data: d,
        })
        | Spdu::ActivityEndAck(ActivityEndAck {
            serial_number,
            user_data: d,
        }) => serial_and_data(out, n, *serial_number, d),
        Spdu::Resynchronize(s) => {
            token_setting(out, n, s.token_setting, true)?;
            opt_u8(out, PI_RESYNC_TYPE, Some(s.resync_type.to_octet()));
            serial_and_data(out, n, s.serial_number, &s.user_data)
        }
        Spdu::ResynchronizeAck(s) => {
            token_setting(out, n, s.token_setting, false)?;
            serial_and_data(out, n, s.serial_number, &s.user_data)
        }
        Spdu::ActivityStart(s) => {
            pi(out, n, PI_ACTIVITY_ID, &s.activity_id, MAX_ACTIVITY_ID)?;
            user_data(out, n, &s.user_data)
        }
        Spdu::ActivityResume(s) => {
            linking(out, n, &s.linking)?;
            pi(out, n, PI_ACTIVITY_ID, &s.activity_id, MAX_ACTIVITY_ID)?;
            user_data(out, n, &s.user_data)
        }
        Spdu::ActivityInterrupt(ActivityInterrupt { reason })
        | Spdu::ActivityDiscard(ActivityDiscard { reason }) => {
            opt_u8(out, PI_REASON, reason.map(|r| r.0));
            Ok(())
        }
        Spdu::Expedited(_)
        | Spdu::AbortAccept
        | Spdu::GiveTokensConfirm
        | Spdu::GiveTokensAck
        | Spdu::ActivityInterruptAck
        | Spdu::ActivityDiscardAck => Ok(()),
    }
}

fn user_data(out: &mut Vec<u8>, n: &'static str, data: &Option<Bytes>) -> Result<(), EncodeError> {
    opt_pi(out, n, PGI_USER_DATA, data.as_deref(), MAX_LENGTH)
}

/// CN's user data (X.225 8.3.1): up to 512 octets in User Data (PGI 193); more, up to
/// 10 240, in Extended User Data (PGI 194), which only a CN proposing version 2 may carry.
fn connect_user_data(out: &mut Vec<u8>, s: &Connect) -> Result<(), EncodeError> {
    let Some(data) = s.user_data.as_deref() else {
        return Ok(());
    };
    if data.len() <= MAX_CN_USER_DATA {
        return pi(out, "CN", PGI_USER_DATA, data, MAX_CN_USER_DATA);
    }
    let item = s.connect_accept.as_ref();
    if !item.is_some_and(ConnectAcceptItem::offers_version_2) {
        return Err(EncodeError::TooLong {
            spdu: "CN",
            what: Field::Param(PGI_USER_DATA),
            len: data.len(),
            max: MAX_CN_USER_DATA,
        });
    }
    pi(
        out,
        "CN",
        PGI_EXTENDED_USER_DATA,
        data,
        MAX_EXTENDED_USER_DATA,
    )
}

fn serial(
    out: &mut Vec<u8>,
    n: &'static str,
    code: u8,
    sn: SerialNumber,
) -> Result<(), EncodeError> {
    let mut digits = [0u8; 6];
    let len = sn.to_digits(&mut digits).ok_or(EncodeError::BadValue {
        spdu: n,
        what: Field::Param(code),
        why: "serial number over 999999",
    })?;
    pi(out, n, code, digits.get(..len).unwrap_or(&[]), 6)
}

fn serial_and_data(
    out: &mut Vec<u8>,
    n: &'static str,
    sn: SerialNumber,
    data: &Option<Bytes>,
) -> Result<(), EncodeError> {
    serial(out, n, PI_SERIAL, sn)?;
    user_data(out, n, data)
}

fn functional_units(
    out: &mut Vec<u8>,
    n: &'static str,
    fu: Option<u16>,
) -> Result<(), EncodeError> {
    opt_pi(
        out,
        n,
        PI_REQUIREMENTS,
        fu.map(u16::to_be_bytes).as_ref().map(|b| &b[..]),
        2,
    )
}

/// The Calling Session Selector (PI 51) and the Called (CN) or Responding (AC) one (PI 52),
/// each at most 16 octets (X.225 8.3.1, 8.3.2).
fn selectors(
    out: &mut Vec<u8>,
    n: &'static str,
    calling: &Option<Bytes>,
    called: &Option<Bytes>,
) -> Result<(), EncodeError> {
    opt_pi(
        out,
        n,
        PI_CALLING_SELECTOR,
        calling.as_deref(),
        MAX_SELECTOR,
    )?;
    opt_pi(out, n, PI_CALLED_SELECTOR, called.as_deref(), MAX_SELECTOR)
}

/// SS-user references (PI 9, 10, 11: at most 64 octets each) and Additional Reference
/// Information (PI 12: at most 4), as a Connection Identifier or Linking Information carries
/// them (X.225 8.3.1, 8.3.28).
fn references(
    out: &mut Vec<u8>,
    n: &'static str,
    refs: &[(u8, &Option<Bytes>)],
) -> Result<(), EncodeError> {
    for &(code, value) in refs {
        let max = if code == PI_ADDITIONAL_REF {
            MAX_ADDITIONAL_REF
        } else {
            MAX_REFERENCE
        };
        opt_pi(out, n, code, value.as_deref(), max)?;
    }
    Ok(())
}

fn version(out: &mut Vec<u8>, n: &'static str, v: Option<Version>) -> Result<(), EncodeError> {
    match v {
        Some(v) if v.is_empty() => Err(EncodeError::BadValue {
            spdu: n,
            what: Field::Param(PI_VERSION),
            why: "no version bit set",
        }),
        v => {
            opt_u8(out, PI_VERSION, v.map(Version::bits));
            Ok(())
        }
    }
}

fn token_setting(
    out: &mut Vec<u8>,
    n: &'static str,
    setting: Option<TokenSetting>,
    allow_choice: bool,
) -> Result<(), EncodeError> {
    if let Some(s) = setting {
        if s.has_responder_choice() && !allow_choice {
            return Err(EncodeError::BadValue {
                spdu: n,
                what: Field::Param(PI_TOKEN_SETTING),
                why: "the responder's choice is only allowed in CN and RS",
            });
        }
        opt_u8(out, PI_TOKEN_SETTING, Some(s.to_octet()));
    }
    Ok(())
}

/// What CN and AC begin with (X.225 8.3.1 Table 11, 8.3.2 Table 12), and RF with its
/// Connection Identifier alone (8.3.3): the Connection Identifier, whose SS-user reference is
/// the calling one (PI 10) in CN and the called one (PI 9) otherwise, then the Connect/Accept
/// Item, whose Token Setting Item may leave a token to the responder's choice only in CN.
fn opening(
    out: &mut Vec<u8>,
    n: &'static str,
    cn: bool,
    id: &Option<ConnectionIdentifier>,
    item: &Option<ConnectAcceptItem>,
) -> Result<(), EncodeError> {
    if let Some(id) = id {
        let reference = if cn { PI_CALLING_REF } else { PI_CALLED_REF };
        let at = open(out, PGI_CONNECTION_ID);
        let refs = [
            (reference, &id.ss_user_reference),
            (PI_COMMON_REF, &id.common_reference),
            (PI_ADDITIONAL_REF, &id.additional_reference),
        ];
        references(out, n, &refs)?;
        close(out, at, n, Field::Param(PGI_CONNECTION_ID))?;
    }
    let Some(item) = item else { return Ok(()) };
    let at = open(out, PGI_CONNECT_ACCEPT);
    opt_u8(
        out,
        PI_PROTOCOL_OPTIONS,
        item.protocol_options.map(|o| o.bits()),
    );
    if let Some(t) = item.tsdu_max_size {
        let [a, b] = t.initiator_to_responder.to_be_bytes();
        let [c, d] = t.responder_to_initiator.to_be_bytes();
        pi(out, n, PI_TSDU_MAX, &[a, b, c, d], 4)?;
    }
    version(out, n, item.version)?;
    if let Some(sn) = item.initial_serial_number {
        serial(out, n, PI_INITIAL_SERIAL, sn)?;
    }
    token_setting(out, n, item.token_setting, cn)?;
    close(out, at, n, Field::Param(PGI_CONNECT_ACCEPT))
}

fn refuse(out: &mut Vec<u8>, n: &'static str, s: &Refuse) -> Result<(), EncodeError> {
    opening(out, n, false, &s.connection_id, &None)?;
    opt_u8(
        out,
        PI_TRANSPORT_DISCONNECT,
        s.transport_disconnect.map(|t| t.bits()),
    );
    functional_units(out, n, s.functional_units.map(|f| f.bits()))?;
    version(out, n, s.version)?;
    match s.reason {
        Some(reason) => {
            let len = 1 + s.reason_user_data.len();
            if len > MAX_LENGTH {
                return Err(EncodeError::TooLong {
                    spdu: n,
                    what: Field::Param(PI_REASON),
                    len,
                    max: MAX_LENGTH,
                });
            }
            out.push(PI_REASON);
            put_length(out, len);
            out.push(reason.0);
            out.extend_from_slice(&s.reason_user_data);
            Ok(())
        }
        None if s.reason_user_data.is_empty() => Ok(()),
        None => Err(EncodeError::BadValue {
            spdu: n,
            what: Field::Param(PI_REASON),
            why: "reason user data needs a reason code",
        }),
    }
}

fn linking(out: &mut Vec<u8>, n: &'static str, l: &LinkingInformation) -> Result<(), EncodeError> {
    let at = open(out, PGI_LINKING);
    let refs = [
        (PI_CALLED_REF, &l.called_ss_user_reference),
        (PI_CALLING_REF, &l.calling_ss_user_reference),
        (PI_COMMON_REF, &l.common_reference),
        (PI_ADDITIONAL_REF, &l.additional_reference),
    ];
    references(out, n, &refs)?;
    pi(out, n, PI_ACTIVITY_ID, &l.old_activity_id, MAX_ACTIVITY_ID)?;
    serial(out, n, PI_SERIAL, l.serial_number)?;
    close(out, at, n, Field::Param(PGI_LINKING))
}

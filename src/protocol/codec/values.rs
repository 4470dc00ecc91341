//! Decoding parameter values and parameter groups (X.225 8.3), with the order rules: each
//! SPDU and PGI lists its codes in wire order; an unknown code, a repeat or a step back is an
//! error, so a decoded SPDU encodes back to the same bytes.

use super::code::*;
use super::cursor::{Cursor, Unit};
use super::error::{DecodeError, DecodeErrorKind};
use super::flags::{
    Enclosure, FunctionalUnits, ProtocolOptions, TokenSet, TransportDisconnect, Version,
};
use super::items::{
    ConnectAcceptItem, ConnectionIdentifier, LinkingInformation, ResyncType, TokenSetting,
    TsduMaxSize,
};
use super::serial::SerialNumber;

/// Walks the parameter units of `c`, allowing only `codes`, each at most once and in that
/// order, and hands each unit to `f`.
pub(crate) fn each<'a>(
    mut c: Cursor<'a>,
    spdu: &'static str,
    codes: &[u8],
    mut f: impl FnMut(&Unit<'a>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut last: Option<usize> = None;
    while !c.is_empty() {
        let at = c.pos();
        let code = c.u8()?;
        let err = |kind| DecodeError { offset: at, kind };
        let Some(idx) = codes.iter().position(|&k| k == code) else {
            return Err(err(DecodeErrorKind::UnknownParameter { spdu, code }));
        };
        match last {
            Some(l) if l == idx => {
                return Err(err(DecodeErrorKind::DuplicateParameter { spdu, code }))
            }
            Some(l) if l > idx => {
                let after = codes.get(l).copied().unwrap_or(0);
                return Err(err(DecodeErrorKind::OutOfOrder { spdu, code, after }));
            }
            _ => last = Some(idx),
        }
        let value = c.length_prefixed()?;
        f(&Unit { code, at, value })?;
    }
    Ok(())
}

/// The error for a code `each` let through but the caller does not handle (cannot happen
/// when the caller's match and code list agree; an error rather than a panic all the same).
pub(crate) fn unknown(u: &Unit<'_>, spdu: &'static str) -> DecodeError {
    DecodeError {
        offset: u.at,
        kind: DecodeErrorKind::UnknownParameter { spdu, code: u.code },
    }
}

/// A mandatory parameter is absent; `at` is the start of the parameter field.
pub(crate) fn require<T>(
    value: Option<T>,
    at: usize,
    spdu: &'static str,
    code: u8,
) -> Result<T, DecodeError> {
    value.ok_or(DecodeError {
        offset: at,
        kind: DecodeErrorKind::MissingParameter {
            spdu,
            code,
            clause: clause_of(spdu),
        },
    })
}

/// A one-octet value.
pub(crate) fn octet(u: &Unit<'_>, spdu: &'static str) -> Result<u8, DecodeError> {
    let [b] = u.fixed::<1>(spdu)?;
    Ok(b)
}

/// Serial Number (PI 42) or Initial Serial Number (PI 23): canonical decimal digits.
pub(crate) fn serial(u: &Unit<'_>, spdu: &'static str) -> Result<SerialNumber, DecodeError> {
    SerialNumber::from_digits(u.octets())
        .map_err(|why| u.bad(spdu, format!("{} {why}", u.quoted())))
}

fn undefined_bits(u: &Unit<'_>, spdu: &'static str, value: u16) -> DecodeError {
    u.bad(
        spdu,
        format!("0x{value:02x} sets bits X.225 does not define"),
    )
}

/// Token Item (PI 16).
pub(crate) fn token_set(u: &Unit<'_>, spdu: &'static str) -> Result<TokenSet, DecodeError> {
    let b = octet(u, spdu)?;
    TokenSet::from_bits(b).ok_or_else(|| undefined_bits(u, spdu, b.into()))
}

/// Transport Disconnect (PI 17).
pub(crate) fn transport_disconnect(
    u: &Unit<'_>,
    spdu: &'static str,
) -> Result<TransportDisconnect, DecodeError> {
    let b = octet(u, spdu)?;
    TransportDisconnect::from_bits(b).ok_or_else(|| undefined_bits(u, spdu, b.into()))
}

/// Enclosure Item (PI 25).
pub(crate) fn enclosure(u: &Unit<'_>, spdu: &'static str) -> Result<Enclosure, DecodeError> {
    let b = octet(u, spdu)?;
    Enclosure::from_bits(b).ok_or_else(|| undefined_bits(u, spdu, b.into()))
}

/// Session User Requirements (PI 20): two octets.
pub(crate) fn functional_units(
    u: &Unit<'_>,
    spdu: &'static str,
) -> Result<FunctionalUnits, DecodeError> {
    let v = u16::from_be_bytes(u.fixed::<2>(spdu)?);
    FunctionalUnits::from_bits(v).ok_or_else(|| undefined_bits(u, spdu, v))
}

/// Version Number (PI 22): at least one defined version bit.
pub(crate) fn version(u: &Unit<'_>, spdu: &'static str) -> Result<Version, DecodeError> {
    let b = octet(u, spdu)?;
    match Version::from_bits(b) {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(u.bad(spdu, "no version bit set")),
        None => Err(undefined_bits(u, spdu, b.into())),
    }
}

/// Token Setting Item (PI 26); a responder's choice only where `allow_choice` (CN, RS).
pub(crate) fn token_setting(
    u: &Unit<'_>,
    spdu: &'static str,
    allow_choice: bool,
) -> Result<TokenSetting, DecodeError> {
    let b = octet(u, spdu)?;
    let s = TokenSetting::from_octet(b)
        .ok_or_else(|| u.bad(spdu, format!("0x{b:02x} has a reserved bit pair 11")))?;
    if s.has_responder_choice() && !allow_choice {
        return Err(u.bad(
            spdu,
            format!("0x{b:02x} leaves a token to the responder's choice"),
        ));
    }
    Ok(s)
}

/// Resync Type (PI 27).
pub(crate) fn resync_type(u: &Unit<'_>, spdu: &'static str) -> Result<ResyncType, DecodeError> {
    let b = octet(u, spdu)?;
    ResyncType::from_octet(b).ok_or_else(|| u.bad(spdu, format!("{b} is not 0, 1 or 2")))
}

/// Sync Type Item (PI 15): `00` or `01`.
pub(crate) fn sync_type(u: &Unit<'_>, spdu: &'static str) -> Result<bool, DecodeError> {
    match octet(u, spdu)? {
        0 => Ok(false),
        1 => Ok(true),
        b => Err(undefined_bits(u, spdu, b.into())),
    }
}

/// Connection Identifier (PGI 1): `ref_code` is PI 10 in CN, PI 9 in AC and RF.
pub(crate) fn connection_id(
    u: &Unit<'_>,
    spdu: &'static str,
    ref_code: u8,
) -> Result<ConnectionIdentifier, DecodeError> {
    let mut id = ConnectionIdentifier::default();
    let codes = [ref_code, PI_COMMON_REF, PI_ADDITIONAL_REF];
    each(u.value.clone(), spdu, &codes, |p| {
        match p.code {
            PI_COMMON_REF => id.common_reference = Some(p.bounded(spdu, MAX_REFERENCE)?),
            PI_ADDITIONAL_REF => {
                id.additional_reference = Some(p.bounded(spdu, MAX_ADDITIONAL_REF)?)
            }
            c if c == ref_code => id.ss_user_reference = Some(p.bounded(spdu, MAX_REFERENCE)?),
            _ => return Err(unknown(p, spdu)),
        }
        Ok(())
    })?;
    Ok(id)
}

/// Connect/Accept Item (PGI 5).
pub(crate) fn connect_accept(
    u: &Unit<'_>,
    spdu: &'static str,
    allow_choice: bool,
) -> Result<ConnectAcceptItem, DecodeError> {
    let mut item = ConnectAcceptItem::default();
    let codes = [
        PI_PROTOCOL_OPTIONS,
        PI_TSDU_MAX,
        PI_VERSION,
        PI_INITIAL_SERIAL,
        PI_TOKEN_SETTING,
    ];
    each(u.value.clone(), spdu, &codes, |p| {
        match p.code {
            PI_PROTOCOL_OPTIONS => {
                let b = octet(p, spdu)?;
                let o = ProtocolOptions::from_bits(b)
                    .ok_or_else(|| undefined_bits(p, spdu, b.into()))?;
                item.protocol_options = Some(o);
            }
            PI_TSDU_MAX => {
                let [a, b, c, d] = p.fixed::<4>(spdu)?;
                item.tsdu_max_size = Some(TsduMaxSize {
                    initiator_to_responder: u16::from_be_bytes([a, b]),
                    responder_to_initiator: u16::from_be_bytes([c, d]),
                });
            }
            PI_VERSION => item.version = Some(version(p, spdu)?),
            PI_INITIAL_SERIAL => item.initial_serial_number = Some(serial(p, spdu)?),
            PI_TOKEN_SETTING => item.token_setting = Some(token_setting(p, spdu, allow_choice)?),
            _ => return Err(unknown(p, spdu)),
        }
        Ok(())
    })?;
    Ok(item)
}

/// Linking Information (PGI 33) of AR.
pub(crate) fn linking(u: &Unit<'_>, spdu: &'static str) -> Result<LinkingInformation, DecodeError> {
    let mut l = LinkingInformation::default();
    let (mut old_id, mut sn) = (None, None);
    let codes = [
        PI_CALLED_REF,
        PI_CALLING_REF,
        PI_COMMON_REF,
        PI_ADDITIONAL_REF,
        PI_ACTIVITY_ID,
        PI_SERIAL,
    ];
    each(u.value.clone(), spdu, &codes, |p| {
        match p.code {
            PI_CALLED_REF => l.called_ss_user_reference = Some(p.bounded(spdu, MAX_REFERENCE)?),
            PI_CALLING_REF => l.calling_ss_user_reference = Some(p.bounded(spdu, MAX_REFERENCE)?),
            PI_COMMON_REF => l.common_reference = Some(p.bounded(spdu, MAX_REFERENCE)?),
            PI_ADDITIONAL_REF => {
                l.additional_reference = Some(p.bounded(spdu, MAX_ADDITIONAL_REF)?)
            }
            PI_ACTIVITY_ID => old_id = Some(p.bounded(spdu, MAX_ACTIVITY_ID)?),
            PI_SERIAL => sn = Some(serial(p, spdu)?),
            _ => return Err(unknown(p, spdu)),
        }
        Ok(())
    })?;
    l.old_activity_id = require(old_id, u.value.pos(), spdu, PI_ACTIVITY_ID)?;
    l.serial_number = require(sn, u.value.pos(), spdu, PI_SERIAL)?;
    Ok(l)
}

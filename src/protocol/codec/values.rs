//! Decoding parameter values (X.225 8.3), and the order rules: each SPDU and PGI lists its
//! codes in wire order; an unknown code, a repeat or a step back is an error, so a decoded
//! SPDU encodes back to the same bytes.

use super::code::clause_of;
use super::cursor::{Cursor, Unit};
use super::error::{DecodeError, DecodeErrorKind};
use super::flags::{FunctionalUnits, Version};
use super::items::{ResyncType, TokenSetting};
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

/// A mandatory parameter, or the error that it is absent; `at` is the start of the parameter
/// field. The error is built only when it happens: `spdu` comes from the SPDU's table, so
/// looking up its clause costs string comparisons.
pub(crate) fn require<T>(
    value: Option<T>,
    at: usize,
    spdu: &'static str,
    code: u8,
) -> Result<T, DecodeError> {
    value.ok_or_else(|| DecodeError {
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

/// A one-octet bit set that may set only the bits X.225 defines: Token Item (PI 16),
/// Transport Disconnect (PI 17), Protocol Options (PI 19), Enclosure Item (PI 25).
pub(crate) fn bits<T>(
    u: &Unit<'_>,
    spdu: &'static str,
    from_bits: fn(u8) -> Option<T>,
) -> Result<T, DecodeError> {
    let b = octet(u, spdu)?;
    from_bits(b).ok_or_else(|| undefined_bits(u, spdu, b.into()))
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
    let v = bits(u, spdu, Version::from_bits)?;
    (!v.is_empty())
        .then_some(v)
        .ok_or_else(|| u.bad(spdu, "no version bit set"))
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

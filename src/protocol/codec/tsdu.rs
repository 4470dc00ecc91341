//! TSDUs: basic concatenation of SPDUs (X.225 6.3.7, 7.1, 8.1).
//!
//! A TSDU holds one category 0 or category 1 SPDU alone, or one category 0 SPDU (GT or PT)
//! followed by one category 2 SPDU. Extended concatenation is not supported.

use super::bodies::{DataTransfer, GiveTokens};
use super::cursor::Cursor;
use super::decode::decode_spdu;
use super::encode::{encode_spdu, size_hint};
use super::error::{DecodeError, DecodeErrorKind, EncodeError};
use super::spdu::{Category, Spdu};
use super::writer::put_user_information;
use bytes::{Buf, Bytes};
use serde::Serialize;

/// The head of a TSDU on the data path: an empty GT, then a DT without parameters (X.225
/// 6.3.7, 8.3.9, 8.3.14). The user information follows to the end of the TSDU.
const DATA_HEAD: [u8; 4] = [1, 0, 1, 0];

/// The user information of `[GT, DT]` when neither carries a parameter: the TSDU is
/// [`DATA_HEAD`] and the user information, and both directions take a short cut.
fn plain_data(spdus: &[Spdu]) -> Option<&Bytes> {
    match spdus {
        [Spdu::GiveTokens(GiveTokens {
            tokens: None,
            user_data: None,
        }), Spdu::DataTransfer(DataTransfer {
            enclosure: None,
            user_information,
        })] => Some(user_information),
        _ => None,
    }
}

/// What the decoder needs to know that the bytes do not say (X.225 8.3.21, 8.3.34): MAA and
/// AEA share SI 42 and the same parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DecodeContext {
    /// True while an AE sent by this side is waiting for its AEA: SI 42 then decodes as
    /// [`Spdu::ActivityEndAck`]; otherwise as [`Spdu::MajorSyncAck`].
    pub activity_end_outstanding: bool,
    /// Strict: also refuse an SPDU that lacks a parameter X.225's tables mark mandatory
    /// where a liberal reader can do without it: Protocol Options (PI 19) and Version
    /// Number (PI 22) in a CN's or AC's Connect/Accept Item (8.3.1 Table 11, 8.3.2 Table
    /// 12). The machine decodes what it receives strictly; the inspector reads liberally.
    /// Parameters every reading needs (serial numbers, activity identifiers, ...) are
    /// required in both modes; optional ones are never required.
    pub strict: bool,
}

/// Checks the rules of basic concatenation (X.225 6.3.7) for the SPDUs of one TSDU.
pub fn check_concatenation(spdus: &[Spdu]) -> Result<(), EncodeError> {
    let rule = match spdus {
        [] => "a TSDU holds at least one SPDU",
        [one] if one.category() != Category::Two => return Ok(()),
        [_] => "a category 2 SPDU must follow a category 0 SPDU in the same TSDU",
        [first, second] => match (first.category(), second.category()) {
            (Category::Zero, Category::Two) => return Ok(()),
            (Category::One, _) | (_, Category::One) => "a category 1 SPDU stands alone in its TSDU",
            (Category::Two, _) => {
                "a category 2 SPDU must follow a category 0 SPDU in the same TSDU"
            }
            (Category::Zero, Category::Zero) => {
                "a category 0 SPDU may only be followed by a category 2 SPDU"
            }
        },
        _ => {
            "basic concatenation holds at most two SPDUs (extended concatenation is not supported)"
        }
    };
    Err(EncodeError::Concatenation { rule })
}

/// Encodes the SPDUs of one TSDU (X.225 6.3.7, 8.1).
///
/// ```
/// use osi_session::protocol::codec::{encode_tsdu, DataTransfer, GiveTokens, Spdu};
/// let tsdu = encode_tsdu(&[
///     Spdu::GiveTokens(GiveTokens::default()),
///     Spdu::DataTransfer(DataTransfer { enclosure: None, user_information: "hi".into() }),
/// ])
/// .unwrap();
/// assert_eq!(tsdu, [0x01, 0x00, 0x01, 0x00, b'h', b'i']);
/// ```
pub fn encode_tsdu(spdus: &[Spdu]) -> Result<Vec<u8>, EncodeError> {
    let capacity = match plain_data(spdus) {
        Some(data) => DATA_HEAD.len() + data.len(),
        None => spdus.iter().map(size_hint).sum(),
    };
    let mut out = Vec::with_capacity(capacity);
    encode_tsdu_into(spdus, &mut out)?;
    Ok(out)
}

/// Encodes the SPDUs of one TSDU into a new buffer, ready to send (X.225 6.3.7, 8.1): the
/// octets of [`encode_tsdu`]. On the data path the TSDU starts up to 63 octets into its
/// buffer, so that the user information lands with the alignment it has in its source, where
/// memcpy is fastest and never stalls on 4 KiB aliasing.
pub fn encode_tsdu_bytes(spdus: &[Spdu]) -> Result<Bytes, EncodeError> {
    let Some(data) = plain_data(spdus) else {
        return encode_tsdu(spdus).map(Bytes::from);
    };
    let mut out = Vec::with_capacity(63 + DATA_HEAD.len() + data.len());
    let dst = (out.as_ptr() as usize).wrapping_add(DATA_HEAD.len());
    let skip = (data.as_ptr() as usize).wrapping_sub(dst) % 64;
    out.resize(skip, 0);
    out.extend_from_slice(&DATA_HEAD);
    out.extend_from_slice(data);
    let mut tsdu = Bytes::from(out);
    tsdu.advance(skip);
    Ok(tsdu)
}

/// Appends the encoding of one TSDU to `out`; on error `out` is left as it was.
pub fn encode_tsdu_into(spdus: &[Spdu], out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if let Some(data) = plain_data(spdus) {
        out.extend_from_slice(&DATA_HEAD);
        put_user_information(out, data);
        return Ok(());
    }
    check_concatenation(spdus)?;
    let start = out.len();
    for spdu in spdus {
        if let Err(e) = encode_spdu(spdu, out) {
            out.truncate(start);
            return Err(e);
        }
    }
    Ok(())
}

/// Decodes one TSDU into its one or two SPDUs (X.225 6.3.7, 8.2, 8.3).
///
/// SI 1 first is GT, after a category 0 SPDU DT; SI 25/26 first are AB/AA, after a
/// category 0 SPDU AI/AIA; SI 41 is MAP or AE by its Sync Type Item; SI 42 is MAA or AEA by
/// `ctx`. User data is sliced from `buf` without a copy. Never panics, whatever the bytes.
///
/// ```
/// use bytes::Bytes;
/// use osi_session::protocol::codec::{decode_tsdu, DecodeContext, Spdu};
/// let tsdu = Bytes::from_static(&[0x01, 0x00, 0x31, 0x06, 0x0f, 0x01, 0x00, 0x2a, 0x01, 0x31]);
/// let spdus = decode_tsdu(&tsdu, DecodeContext::default()).unwrap();
/// assert_eq!(spdus[1].abbreviation(), "MIP");
/// assert_eq!(spdus[1].serial_number().unwrap().get(), 1);
/// ```
pub fn decode_tsdu(buf: &Bytes, ctx: DecodeContext) -> Result<Vec<Spdu>, DecodeError> {
    if buf.starts_with(&DATA_HEAD) {
        return Ok(vec![
            Spdu::GiveTokens(GiveTokens::default()),
            Spdu::DataTransfer(DataTransfer {
                enclosure: None,
                user_information: buf.slice(DATA_HEAD.len()..),
            }),
        ]);
    }
    let mut c = Cursor::new(buf);
    let first = decode_spdu(&mut c, false, ctx)?;
    let mut spdus = Vec::with_capacity(2);
    let category = first.category();
    spdus.push(first);
    if category == Category::Zero && !c.is_empty() {
        spdus.push(decode_spdu(&mut c, true, ctx)?);
    } else if category == Category::One && !c.is_empty() {
        return Err(DecodeError {
            offset: c.pos(),
            kind: DecodeErrorKind::Concatenation {
                rule: "a category 1 SPDU stands alone in its TSDU",
            },
        });
    }
    if !c.is_empty() {
        return Err(DecodeError {
            offset: c.pos(),
            kind: DecodeErrorKind::TrailingBytes {
                count: c.remaining(),
            },
        });
    }
    Ok(spdus)
}

//! TSDUs: basic concatenation of SPDUs (X.225 6.3.7, 7.1, 8.1).
//!
//! A TSDU holds one category 0 or category 1 SPDU alone, or one category 0 SPDU (GT or PT)
//! followed by one category 2 SPDU. Extended concatenation is not supported.

use super::cursor::Cursor;
use super::decode::decode_spdu;
use super::encode::{encode_spdu, size_hint};
use super::error::{DecodeError, DecodeErrorKind, EncodeError};
use super::spdu::{Category, Spdu};
use bytes::Bytes;
use serde::Serialize;

/// What the decoder needs to know that the bytes do not say (X.225 8.3.21, 8.3.34): MAA and
/// AEA share SI 42 and the same parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DecodeContext {
    /// True while an AE sent by this side is waiting for its AEA: SI 42 then decodes as
    /// [`Spdu::ActivityEndAck`]; otherwise as [`Spdu::MajorSyncAck`].
    pub activity_end_outstanding: bool,
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
    let mut out = Vec::with_capacity(spdus.iter().map(size_hint).sum());
    encode_tsdu_into(spdus, &mut out)?;
    Ok(out)
}

/// Appends the encoding of one TSDU to `out`; on error `out` is left as it was.
pub fn encode_tsdu_into(spdus: &[Spdu], out: &mut Vec<u8>) -> Result<(), EncodeError> {
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

//! Decoding one SPDU (X.225 8.2, 8.3): SI, LI, the parameter field in the order of the
//! standard's tables, and for DT, EX and TD the user information to the end of the TSDU.

use super::bodies::*;
use super::code::*;
use super::cursor::Cursor;
use super::decode_params::*;
use super::error::{DecodeError, DecodeErrorKind, Field};
use super::spdu::{Spdu, SpduKind};
use super::values::{each, enclosure};
use super::DecodeContext;

/// Which SPDU an SI stands for, given whether it follows a category 0 SPDU in its TSDU
/// (X.225 6.3.7, table 10). `Err` names the concatenation rule an SI breaks in that place.
fn kind_of(si: u8, after_cat0: bool) -> Result<Option<SpduKind>, &'static str> {
    use SpduKind::*;
    let kind = match (si, after_cat0) {
        (1, false) => GT,
        (1, true) => DT,
        (2, false) => PT,
        (25, false) => AB,
        (25, true) => AI,
        (26, false) => AA,
        (26, true) => AIA,
        (41, _) => MAP, // or AE, by the Sync Type Item
        (42, _) => MAA, // or AEA, by the context
        (5, _) => EX,
        (8, _) => NF,
        (9, _) => FN,
        (10, _) => DN,
        (12, _) => RF,
        (13, _) => CN,
        (14, _) => AC,
        (21, _) => GTC,
        (22, _) => GTA,
        (33, _) => TD,
        (29, _) => AR,
        (34, _) => RA,
        (45, _) => AS,
        (49, _) => MIP,
        (50, _) => MIA,
        (53, _) => RS,
        (57, _) => AD,
        (58, _) => ADA,
        (2, true) => return Err("a category 0 SPDU may only be followed by a category 2 SPDU"),
        _ => return Ok(None),
    };
    match (kind.category(), after_cat0) {
        (super::Category::Two, false) => {
            Err("a category 2 SPDU must follow a category 0 SPDU in the same TSDU")
        }
        (super::Category::One, true) => Err("a category 1 SPDU stands alone in its TSDU"),
        _ => Ok(Some(kind)),
    }
}

/// Decodes the SPDU at the cursor; `after_cat0` tells where it stands in the TSDU.
pub(crate) fn decode_spdu(
    c: &mut Cursor<'_>,
    after_cat0: bool,
    ctx: DecodeContext,
) -> Result<Spdu, DecodeError> {
    let si_at = c.pos();
    let si = c.u8()?;
    let kind = match kind_of(si, after_cat0) {
        Ok(Some(kind)) => kind,
        Ok(None) => {
            return Err(DecodeError {
                offset: si_at,
                kind: DecodeErrorKind::UnknownSi { si },
            })
        }
        Err(rule) => {
            return Err(DecodeError {
                offset: si_at,
                kind: DecodeErrorKind::Concatenation { rule },
            })
        }
    };
    let params = c.length_prefixed()?;
    let name = kind.abbreviation();
    use SpduKind::*;
    Ok(match kind {
        CN => Spdu::Connect(connect(params, ctx.strict)?),
        AC => Spdu::Accept(accept(params, ctx.strict)?),
        RF => Spdu::Refuse(refuse(params)?),
        FN => Spdu::Finish(finish(params)?),
        DN => Spdu::Disconnect(Disconnect {
            user_data: user_data_only(params, name)?,
        }),
        NF => Spdu::NotFinished(NotFinished {
            user_data: user_data_only(params, name)?,
        }),
        AB => Spdu::Abort(abort(params)?),
        AA | GTC | GTA | AIA | ADA => {
            empty(params, name)?;
            match kind {
                AA => Spdu::AbortAccept,
                GTC => Spdu::GiveTokensConfirm,
                GTA => Spdu::GiveTokensAck,
                AIA => Spdu::ActivityInterruptAck,
                _ => Spdu::ActivityDiscardAck,
            }
        }
        DT => Spdu::DataTransfer(DataTransfer {
            enclosure: enclosure_only(params, name)?,
            user_information: user_information(c),
        }),
        EX => {
            empty(params, name)?;
            let at = c.pos();
            let info = user_information(c);
            if info.len() > MAX_EXPEDITED {
                return Err(DecodeError {
                    offset: at,
                    kind: DecodeErrorKind::BadValue {
                        spdu: name,
                        what: Field::UserInformation,
                        why: format!("{} octets, at most {MAX_EXPEDITED}", info.len()),
                    },
                });
            }
            Spdu::Expedited(Expedited {
                user_information: info,
            })
        }
        TD => Spdu::TypedData(TypedData {
            enclosure: enclosure_only(params, name)?,
            user_information: user_information(c),
        }),
        GT => {
            let (tokens, user_data) = tokens_and_data(params, name)?;
            Spdu::GiveTokens(GiveTokens { tokens, user_data })
        }
        PT => {
            let (tokens, user_data) = tokens_and_data(params, name)?;
            Spdu::PleaseTokens(PleaseTokens { tokens, user_data })
        }
        MIP => Spdu::MinorSync(minor_sync(params)?),
        MIA => Spdu::MinorSyncAck(minor_sync_ack(params)?),
        MAP | AE => major_or_end(params)?,
        MAA | AEA => {
            let name = if ctx.activity_end_outstanding {
                "AEA"
            } else {
                "MAA"
            };
            let (serial_number, user_data) = serial_and_data(params, name)?;
            if ctx.activity_end_outstanding {
                Spdu::ActivityEndAck(ActivityEndAck {
                    serial_number,
                    user_data,
                })
            } else {
                Spdu::MajorSyncAck(MajorSyncAck {
                    serial_number,
                    user_data,
                })
            }
        }
        RS => Spdu::Resynchronize(resynchronize(params)?),
        RA => Spdu::ResynchronizeAck(resynchronize_ack(params)?),
        AS => Spdu::ActivityStart(activity_start(params)?),
        AR => Spdu::ActivityResume(activity_resume(params)?),
        AI => Spdu::ActivityInterrupt(ActivityInterrupt {
            reason: activity_reason(params, name)?,
        }),
        AD => Spdu::ActivityDiscard(ActivityDiscard {
            reason: activity_reason(params, name)?,
        }),
    })
}

/// The parameter field of DT and TD: an optional Enclosure Item (X.225 8.3.9, 8.3.11).
fn enclosure_only(
    params: super::cursor::Cursor<'_>,
    name: &'static str,
) -> Result<Option<super::Enclosure>, DecodeError> {
    let mut item = None;
    each(params, name, &[PI_ENCLOSURE], |u| {
        item = Some(enclosure(u, name)?);
        Ok(())
    })?;
    Ok(item)
}

/// The user information of DT, EX, TD: the rest of the TSDU, sliced without a copy.
fn user_information(c: &mut Cursor<'_>) -> bytes::Bytes {
    let r = c.rest();
    c.bytes(r)
}

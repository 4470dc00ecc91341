//! Decoding one SPDU (X.225 8.2, 8.3): SI, LI, the parameter field in the order of the
//! standard's tables, and for DT, EX and TD the user information to the end of the TSDU.

use super::bodies::*;
use super::code::*;
use super::cursor::Cursor;
use super::decode_params::{table, Fields};
use super::error::{DecodeError, DecodeErrorKind, Field};
use super::items::ActivityReason;
use super::spdu::{Spdu, SpduKind};
use super::DecodeContext;

/// Which SPDU an SI stands for, given whether it follows a category 0 SPDU in its TSDU
/// (X.225 6.3.7, table 10). `Err` names the concatenation rule an SI breaks in that place.
pub(crate) fn kind_of(si: u8, after_cat0: bool) -> Result<Option<SpduKind>, &'static str> {
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
    // SI 42 is MAA, or AEA while an activity end is outstanding (X.225 8.3.21, 8.3.34).
    let kind = match kind {
        SpduKind::MAA if ctx.activity_end_outstanding => SpduKind::AEA,
        kind => kind,
    };
    let mut f = Fields::default();
    f.read(c.length_prefixed()?, &table(kind))?;
    use SpduKind::*;
    Ok(match kind {
        CN => Spdu::Connect(f.connect(ctx.strict)?),
        AC => Spdu::Accept(f.accept(ctx.strict)?),
        RF => Spdu::Refuse(f.refuse()),
        FN => Spdu::Finish(Finish {
            transport_disconnect: f.transport_disconnect,
            user_data: f.user_data,
        }),
        DN => Spdu::Disconnect(Disconnect {
            user_data: f.user_data,
        }),
        NF => Spdu::NotFinished(NotFinished {
            user_data: f.user_data,
        }),
        AB => Spdu::Abort(Abort {
            transport_disconnect: f.transport_disconnect,
            reflect: f.reflect,
            user_data: f.user_data,
        }),
        AA => Spdu::AbortAccept,
        DT => Spdu::DataTransfer(DataTransfer {
            enclosure: f.enclosure,
            user_information: user_information(c),
        }),
        EX => Spdu::Expedited(Expedited {
            user_information: expedited(c)?,
        }),
        TD => Spdu::TypedData(TypedData {
            enclosure: f.enclosure,
            user_information: user_information(c),
        }),
        GT => Spdu::GiveTokens(GiveTokens {
            tokens: f.tokens,
            user_data: f.user_data,
        }),
        PT => Spdu::PleaseTokens(PleaseTokens {
            tokens: f.tokens,
            user_data: f.user_data,
        }),
        GTC => Spdu::GiveTokensConfirm,
        GTA => Spdu::GiveTokensAck,
        MIP => Spdu::MinorSync(MinorSync {
            no_explicit_confirmation: f.sync_type,
            serial_number: f.serial_number()?,
            user_data: f.user_data,
        }),
        MIA => Spdu::MinorSyncAck(MinorSyncAck {
            serial_number: f.serial_number()?,
            user_data: f.user_data,
        }),
        MAP | AE => f.major_or_end()?,
        MAA => Spdu::MajorSyncAck(MajorSyncAck {
            serial_number: f.serial_number()?,
            user_data: f.user_data,
        }),
        AEA => Spdu::ActivityEndAck(ActivityEndAck {
            serial_number: f.serial_number()?,
            user_data: f.user_data,
        }),
        RS => Spdu::Resynchronize(Resynchronize {
            token_setting: f.token_setting,
            resync_type: f.start.require(f.resync_type, PI_RESYNC_TYPE)?,
            serial_number: f.serial_number()?,
            user_data: f.user_data,
        }),
        RA => Spdu::ResynchronizeAck(ResynchronizeAck {
            token_setting: f.token_setting,
            serial_number: f.serial_number()?,
            user_data: f.user_data,
        }),
        AS => Spdu::ActivityStart(ActivityStart {
            activity_id: f.start.require(f.activity_id, PI_ACTIVITY_ID)?,
            user_data: f.user_data,
        }),
        AR => Spdu::ActivityResume(ActivityResume {
            linking: f.start.require(f.linking, PGI_LINKING)?,
            activity_id: f.start.require(f.activity_id, PI_ACTIVITY_ID)?,
            user_data: f.user_data,
        }),
        AI => Spdu::ActivityInterrupt(ActivityInterrupt {
            reason: f.reason.map(ActivityReason),
        }),
        AIA => Spdu::ActivityInterruptAck,
        AD => Spdu::ActivityDiscard(ActivityDiscard {
            reason: f.reason.map(ActivityReason),
        }),
        ADA => Spdu::ActivityDiscardAck,
    })
}

/// The user information of EX: the rest of the TSDU, at most 14 octets (X.225 8.3.10).
fn expedited(c: &mut Cursor<'_>) -> Result<bytes::Bytes, DecodeError> {
    let at = c.pos();
    let info = user_information(c);
    if info.len() > MAX_EXPEDITED {
        return Err(DecodeError {
            offset: at,
            kind: DecodeErrorKind::BadValue {
                spdu: "EX",
                what: Field::UserInformation,
                why: format!("{} octets, at most {MAX_EXPEDITED}", info.len()),
            },
        });
    }
    Ok(info)
}

/// The user information of DT, EX, TD: the rest of the TSDU, sliced without a copy.
fn user_information(c: &mut Cursor<'_>) -> bytes::Bytes {
    let r = c.rest();
    c.bytes(r)
}

//! The parameter fields of each SPDU (X.225 8.3.1 to 8.3.34), in the order of the standard's
//! tables: one function per SPDU shape.

use super::bodies::*;
use super::code::*;
use super::cursor::{Cursor, Unit};
use super::error::DecodeError;
use super::items::RefuseReason;
use super::spdu::Spdu;
use super::values::*;

/// A parameter field that must be empty (AA, GTC, GTA, AIA, ADA, EX).
pub(crate) fn empty(params: Cursor<'_>, spdu: &'static str) -> Result<(), DecodeError> {
    each(params, spdu, &[], |u| Err(unknown(u, spdu)))
}

pub(crate) fn user_data_only(
    params: Cursor<'_>,
    spdu: &'static str,
) -> Result<Option<bytes::Bytes>, DecodeError> {
    let mut data = None;
    each(params, spdu, &[PGI_USER_DATA], |u| {
        data = Some(u.to_bytes());
        Ok(())
    })?;
    Ok(data)
}

pub(crate) type Data = Option<bytes::Bytes>;

pub(crate) fn tokens_and_data(
    params: Cursor<'_>,
    spdu: &'static str,
) -> Result<(Option<super::TokenSet>, Data), DecodeError> {
    let (mut tokens, mut data) = (None, None);
    each(params, spdu, &[PI_TOKEN_ITEM, PGI_USER_DATA], |u| {
        match u.code {
            PI_TOKEN_ITEM => tokens = Some(token_set(u, spdu)?),
            PGI_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, spdu)),
        }
        Ok(())
    })?;
    Ok((tokens, data))
}

pub(crate) fn serial_and_data(
    params: Cursor<'_>,
    spdu: &'static str,
) -> Result<(super::SerialNumber, Data), DecodeError> {
    let at = params.pos();
    let (mut sn, mut data) = (None, None);
    each(params, spdu, &[PI_SERIAL, PGI_USER_DATA], |u| {
        match u.code {
            PI_SERIAL => sn = Some(serial(u, spdu)?),
            PGI_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, spdu)),
        }
        Ok(())
    })?;
    Ok((require(sn, at, spdu, PI_SERIAL)?, data))
}

pub(crate) fn activity_reason(
    params: Cursor<'_>,
    spdu: &'static str,
) -> Result<Option<super::ActivityReason>, DecodeError> {
    let mut reason = None;
    each(params, spdu, &[PI_REASON], |u| {
        reason = Some(super::ActivityReason(octet(u, spdu)?));
        Ok(())
    })?;
    Ok(reason)
}

pub(crate) fn connect(params: Cursor<'_>, strict: bool) -> Result<Connect, DecodeError> {
    const N: &str = "CN";
    let mut v = Connect::default();
    let mut item_at = 0;
    let codes = [
        PGI_CONNECTION_ID,
        PGI_CONNECT_ACCEPT,
        PI_REQUIREMENTS,
        PI_CALLING_SELECTOR,
        PI_CALLED_SELECTOR,
        PGI_USER_DATA,
        PGI_EXTENDED_USER_DATA,
    ];
    each(params, N, &codes, |u| {
        match u.code {
            PGI_CONNECTION_ID => v.connection_id = Some(connection_id(u, N, PI_CALLING_REF)?),
            PGI_CONNECT_ACCEPT => {
                item_at = u.value.pos();
                v.connect_accept = Some(connect_accept(u, N, true)?)
            }
            PI_REQUIREMENTS => v.functional_units = Some(functional_units(u, N)?),
            PI_CALLING_SELECTOR => v.calling_selector = Some(u.bounded(N, MAX_SELECTOR)?),
            PI_CALLED_SELECTOR => v.called_selector = Some(u.bounded(N, MAX_SELECTOR)?),
            PGI_USER_DATA | PGI_EXTENDED_USER_DATA => v.user_data = Some(connect_data(u, &v)?),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    if strict {
        item_mandatory(v.connect_accept.as_ref(), item_at, N)?;
    }
    Ok(v)
}

/// Strict decoding: Protocol Options (PI 19) and Version Number (PI 22) must be in a
/// Connect/Accept Item that is present (X.225 8.3.1 Table 11, 8.3.2 Table 12); the group
/// itself may be absent. `at` is the offset of the group's value.
fn item_mandatory(
    item: Option<&super::ConnectAcceptItem>,
    at: usize,
    spdu: &'static str,
) -> Result<(), DecodeError> {
    let Some(item) = item else { return Ok(()) };
    require(item.protocol_options, at, spdu, PI_PROTOCOL_OPTIONS)?;
    require(item.version, at, spdu, PI_VERSION)?;
    Ok(())
}

/// CN's User Data (PGI 193, at most 512 octets) or Extended User Data (PGI 194, 513 to
/// 10 240 octets, only with version 2 proposed), never both (X.225 8.3.1). Data that fits
/// PGI 193 is refused in PGI 194, so decoded bytes encode back to the same bytes.
fn connect_data(u: &Unit<'_>, cn: &Connect) -> Result<bytes::Bytes, DecodeError> {
    const N: &str = "CN";
    let len = u.octets().len();
    if cn.user_data.is_some() {
        return Err(u.bad(
            N,
            "User Data and Extended User Data both present (X.225 8.3.1)",
        ));
    }
    if u.code == PGI_USER_DATA {
        if len > MAX_CN_USER_DATA {
            return Err(u.bad(
                N,
                format!("{len} octets, at most 512; more go in Extended User Data, PGI 194 (X.225 8.3.1)"),
            ));
        }
        return Ok(u.to_bytes());
    }
    let v2 = cn
        .connect_accept
        .as_ref()
        .and_then(|i| i.version)
        .is_some_and(|v| v.contains(super::Version::V2));
    if !v2 {
        return Err(u.bad(
            N,
            "Extended User Data needs version 2 proposed (X.225 8.3.1)",
        ));
    }
    if !(MAX_CN_USER_DATA < len && len <= MAX_EXTENDED_USER_DATA) {
        return Err(u.bad(
            N,
            format!("{len} octets; Extended User Data holds 513 to 10240 (X.225 8.3.1)"),
        ));
    }
    Ok(u.to_bytes())
}

pub(crate) fn accept(params: Cursor<'_>, strict: bool) -> Result<Accept, DecodeError> {
    const N: &str = "AC";
    let mut v = Accept::default();
    let mut item_at = 0;
    let codes = [
        PGI_CONNECTION_ID,
        PGI_CONNECT_ACCEPT,
        PI_TOKEN_ITEM,
        PI_REQUIREMENTS,
        PI_CALLING_SELECTOR,
        PI_CALLED_SELECTOR,
        PGI_USER_DATA,
    ];
    each(params, N, &codes, |u| {
        match u.code {
            PGI_CONNECTION_ID => v.connection_id = Some(connection_id(u, N, PI_CALLED_REF)?),
            PGI_CONNECT_ACCEPT => {
                item_at = u.value.pos();
                v.connect_accept = Some(connect_accept(u, N, false)?)
            }
            PI_TOKEN_ITEM => v.tokens = Some(token_set(u, N)?),
            PI_REQUIREMENTS => v.functional_units = Some(functional_units(u, N)?),
            PI_CALLING_SELECTOR => v.calling_selector = Some(u.bounded(N, MAX_SELECTOR)?),
            PI_CALLED_SELECTOR => v.responding_selector = Some(u.bounded(N, MAX_SELECTOR)?),
            PGI_USER_DATA => v.user_data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    if strict {
        item_mandatory(v.connect_accept.as_ref(), item_at, N)?;
    }
    Ok(v)
}

pub(crate) fn refuse(params: Cursor<'_>) -> Result<Refuse, DecodeError> {
    const N: &str = "RF";
    let mut v = Refuse::default();
    let codes = [
        PGI_CONNECTION_ID,
        PI_TRANSPORT_DISCONNECT,
        PI_REQUIREMENTS,
        PI_VERSION,
        PI_REASON,
    ];
    each(params, N, &codes, |u| {
        match u.code {
            PGI_CONNECTION_ID => v.connection_id = Some(connection_id(u, N, PI_CALLED_REF)?),
            PI_TRANSPORT_DISCONNECT => v.transport_disconnect = Some(transport_disconnect(u, N)?),
            PI_REQUIREMENTS => v.functional_units = Some(functional_units(u, N)?),
            PI_VERSION => v.version = Some(version(u, N)?),
            PI_REASON => {
                let mut value = u.value.clone();
                let reason = value
                    .u8()
                    .map_err(|_| u.bad(N, "empty, expected a reason octet"))?;
                v.reason = Some(RefuseReason(reason));
                let rest = value.rest();
                v.reason_user_data = value.bytes(rest);
            }
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(v)
}

pub(crate) fn finish(params: Cursor<'_>) -> Result<Finish, DecodeError> {
    const N: &str = "FN";
    let mut v = Finish::default();
    each(params, N, &[PI_TRANSPORT_DISCONNECT, PGI_USER_DATA], |u| {
        match u.code {
            PI_TRANSPORT_DISCONNECT => v.transport_disconnect = Some(transport_disconnect(u, N)?),
            PGI_USER_DATA => v.user_data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(v)
}

pub(crate) fn abort(params: Cursor<'_>) -> Result<Abort, DecodeError> {
    const N: &str = "AB";
    let mut v = Abort::default();
    let codes = [PI_TRANSPORT_DISCONNECT, PI_REFLECT, PGI_USER_DATA];
    each(params, N, &codes, |u| {
        match u.code {
            PI_TRANSPORT_DISCONNECT => v.transport_disconnect = Some(transport_disconnect(u, N)?),
            PI_REFLECT => v.reflect = Some(u.bounded(N, MAX_REFLECT)?),
            PGI_USER_DATA => v.user_data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(v)
}

pub(crate) fn minor_sync(params: Cursor<'_>) -> Result<MinorSync, DecodeError> {
    const N: &str = "MIP";
    let at = params.pos();
    let (mut sync, mut sn, mut data) = (None, None, None);
    each(params, N, &[PI_SYNC_TYPE, PI_SERIAL, PGI_USER_DATA], |u| {
        match u.code {
            PI_SYNC_TYPE => sync = Some(sync_type(u, N)?),
            PI_SERIAL => sn = Some(serial(u, N)?),
            PGI_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(MinorSync {
        no_explicit_confirmation: sync,
        serial_number: require(sn, at, N, PI_SERIAL)?,
        user_data: data,
    })
}

/// MIA: Serial Number, then User Data as PI 46 (X.225 8.3.19, Table 26). A PGI 193 there
/// is a parameter MIA's table does not have, and is refused as such.
pub(crate) fn minor_sync_ack(params: Cursor<'_>) -> Result<MinorSyncAck, DecodeError> {
    const N: &str = "MIA";
    let at = params.pos();
    let (mut sn, mut data) = (None, None);
    each(params, N, &[PI_SERIAL, PI_MIA_USER_DATA], |u| {
        match u.code {
            PI_SERIAL => sn = Some(serial(u, N)?),
            PI_MIA_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(MinorSyncAck {
        serial_number: require(sn, at, N, PI_SERIAL)?,
        user_data: data,
    })
}

/// SI 41: MAP when the Sync Type Item says "activity not ended", AE otherwise.
pub(crate) fn major_or_end(params: Cursor<'_>) -> Result<Spdu, DecodeError> {
    const N: &str = "MAP/AE";
    let at = params.pos();
    let (mut sync, mut sn, mut data) = (None, None, None);
    each(params, N, &[PI_SYNC_TYPE, PI_SERIAL, PGI_USER_DATA], |u| {
        match u.code {
            PI_SYNC_TYPE => sync = Some(sync_type(u, N)?),
            PI_SERIAL => sn = Some(serial(u, N)?),
            PGI_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    let serial_number = require(sn, at, N, PI_SERIAL)?;
    Ok(match sync {
        Some(true) => Spdu::MajorSync(MajorSync {
            serial_number,
            user_data: data,
        }),
        Some(false) | None => Spdu::ActivityEnd(ActivityEnd {
            sync_type_item: sync.is_some(),
            serial_number,
            user_data: data,
        }),
    })
}

pub(crate) fn resynchronize(params: Cursor<'_>) -> Result<Resynchronize, DecodeError> {
    const N: &str = "RS";
    let at = params.pos();
    let (mut setting, mut kind, mut sn, mut data) = (None, None, None, None);
    let codes = [PI_TOKEN_SETTING, PI_RESYNC_TYPE, PI_SERIAL, PGI_USER_DATA];
    each(params, N, &codes, |u| {
        match u.code {
            // RS may leave a token to the acceptor's choice (X.225 8.3.22).
            PI_TOKEN_SETTING => setting = Some(token_setting(u, N, true)?),
            PI_RESYNC_TYPE => kind = Some(resync_type(u, N)?),
            PI_SERIAL => sn = Some(serial(u, N)?),
            PGI_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(Resynchronize {
        token_setting: setting,
        resync_type: require(kind, at, N, PI_RESYNC_TYPE)?,
        serial_number: require(sn, at, N, PI_SERIAL)?,
        user_data: data,
    })
}

pub(crate) fn resynchronize_ack(params: Cursor<'_>) -> Result<ResynchronizeAck, DecodeError> {
    const N: &str = "RA";
    let at = params.pos();
    let (mut setting, mut sn, mut data) = (None, None, None);
    each(
        params,
        N,
        &[PI_TOKEN_SETTING, PI_SERIAL, PGI_USER_DATA],
        |u| {
            match u.code {
                PI_TOKEN_SETTING => setting = Some(token_setting(u, N, false)?),
                PI_SERIAL => sn = Some(serial(u, N)?),
                PGI_USER_DATA => data = Some(u.to_bytes()),
                _ => return Err(unknown(u, N)),
            }
            Ok(())
        },
    )?;
    Ok(ResynchronizeAck {
        token_setting: setting,
        serial_number: require(sn, at, N, PI_SERIAL)?,
        user_data: data,
    })
}

pub(crate) fn activity_start(params: Cursor<'_>) -> Result<ActivityStart, DecodeError> {
    const N: &str = "AS";
    let at = params.pos();
    let (mut id, mut data) = (None, None);
    each(params, N, &[PI_ACTIVITY_ID, PGI_USER_DATA], |u| {
        match u.code {
            PI_ACTIVITY_ID => id = Some(u.bounded(N, MAX_ACTIVITY_ID)?),
            PGI_USER_DATA => data = Some(u.to_bytes()),
            _ => return Err(unknown(u, N)),
        }
        Ok(())
    })?;
    Ok(ActivityStart {
        activity_id: require(id, at, N, PI_ACTIVITY_ID)?,
        user_data: data,
    })
}

pub(crate) fn activity_resume(params: Cursor<'_>) -> Result<ActivityResume, DecodeError> {
    const N: &str = "AR";
    let at = params.pos();
    let (mut link, mut id, mut data) = (None, None, None);
    each(
        params,
        N,
        &[PGI_LINKING, PI_ACTIVITY_ID, PGI_USER_DATA],
        |u: &Unit<'_>| {
            match u.code {
                PGI_LINKING => link = Some(linking(u, N)?),
                PI_ACTIVITY_ID => id = Some(u.bounded(N, MAX_ACTIVITY_ID)?),
                PGI_USER_DATA => data = Some(u.to_bytes()),
                _ => return Err(unknown(u, N)),
            }
            Ok(())
        },
    )?;
    Ok(ActivityResume {
        linking: require(link, at, N, PGI_LINKING)?,
        activity_id: require(id, at, N, PI_ACTIVITY_ID)?,
        user_data: data,
    })
}

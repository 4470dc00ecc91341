//! The parameter fields of each SPDU (X.225 8.3.1 to 8.3.34). Each SPDU is its [`Table`]: the
//! codes it may carry, in the order of the standard's table for it. One walk reads any SPDU's
//! field, or a PGI's PIs, into [`Fields`], and each code is decoded in one place, the same way
//! in every SPDU and group that carries it (a Version Number in RF as in a Connect/Accept
//! Item, a Serial Number in MIP as in Linking Information); the few codes that SPDUs read
//! differently say how in their table.

use bytes::Bytes;

use super::bodies::{Accept, ActivityEnd, Connect, MajorSync, Refuse};
use super::code::*;
use super::cursor::{Cursor, Unit};
use super::error::DecodeError;
use super::flags::{
    Enclosure, FunctionalUnits, ProtocolOptions, TokenSet, TransportDisconnect, Version,
};
use super::items::{
    ConnectAcceptItem, ConnectionIdentifier, LinkingInformation, RefuseReason, ResyncType,
    TokenSetting, TsduMaxSize,
};
use super::serial::SerialNumber;
use super::spdu::{Spdu, SpduKind};
use super::values::*;

/// One SPDU's parameter table (X.225 8.3): the codes it may carry, in wire order, and how it
/// reads the codes that SPDUs read differently.
#[derive(Clone, Copy)]
pub(crate) struct Table {
    /// The SPDU's abbreviation, as errors name it.
    spdu: &'static str,
    /// Its parameter codes, in the order of its table.
    codes: &'static [u8],
    /// The PIs of its Connection Identifier: the calling SS-user reference (PI 10) in CN, the
    /// called one (PI 9) in AC and RF, then PI 11 and PI 12 (X.225 8.3.1 to 8.3.3).
    connection_id: &'static [u8],
    /// Its Token Setting Item may leave a token to the responder's choice: CN and RS only
    /// (X.225 8.3.1, 8.3.22).
    choice: bool,
    /// Its User Data holds at most 512 octets, and more go in Extended User Data: CN
    /// (X.225 8.3.1).
    extended: bool,
    /// Its Reason Code is followed by reason user data: RF (X.225 8.3.3); in AI and AD it is
    /// one octet (8.3.29, 8.3.31).
    reason_data: bool,
}

impl Table {
    const fn new(spdu: &'static str, codes: &'static [u8]) -> Table {
        Table {
            spdu,
            codes,
            connection_id: &[PI_CALLED_REF, PI_COMMON_REF, PI_ADDITIONAL_REF],
            choice: false,
            extended: false,
            reason_data: false,
        }
    }
}

/// The PIs of a Connect/Accept Item, PGI 5 (X.225 8.3.1, 8.3.2).
const CONNECT_ACCEPT: &[u8] = &[
    PI_PROTOCOL_OPTIONS,
    PI_TSDU_MAX,
    PI_VERSION,
    PI_INITIAL_SERIAL,
    PI_TOKEN_SETTING,
];

/// The PIs of Linking Information, PGI 33 (X.225 8.3.28).
const LINKING: &[u8] = &[
    PI_CALLED_REF,
    PI_CALLING_REF,
    PI_COMMON_REF,
    PI_ADDITIONAL_REF,
    PI_ACTIVITY_ID,
    PI_SERIAL,
];

/// The table of each SPDU (X.225 8.3.1 to 8.3.34). SI 41 is read as MAP or AE by its Sync
/// Type Item, after the walk, so both go by "MAP/AE".
pub(crate) fn table(kind: SpduKind) -> Table {
    use SpduKind::*;
    let t = |codes: &'static [u8]| Table::new(kind.abbreviation(), codes);
    match kind {
        CN => Table {
            connection_id: &[PI_CALLING_REF, PI_COMMON_REF, PI_ADDITIONAL_REF],
            choice: true,
            extended: true,
            ..t(&[
                PGI_CONNECTION_ID,
                PGI_CONNECT_ACCEPT,
                PI_REQUIREMENTS,
                PI_CALLING_SELECTOR,
                PI_CALLED_SELECTOR,
                PGI_USER_DATA,
                PGI_EXTENDED_USER_DATA,
            ])
        },
        AC => t(&[
            PGI_CONNECTION_ID,
            PGI_CONNECT_ACCEPT,
            PI_TOKEN_ITEM,
            PI_REQUIREMENTS,
            PI_CALLING_SELECTOR,
            PI_CALLED_SELECTOR,
            PGI_USER_DATA,
        ]),
        RF => Table {
            reason_data: true,
            ..t(&[
                PGI_CONNECTION_ID,
                PI_TRANSPORT_DISCONNECT,
                PI_REQUIREMENTS,
                PI_VERSION,
                PI_REASON,
            ])
        },
        FN => t(&[PI_TRANSPORT_DISCONNECT, PGI_USER_DATA]),
        DN | NF => t(&[PGI_USER_DATA]),
        AB => t(&[PI_TRANSPORT_DISCONNECT, PI_REFLECT, PGI_USER_DATA]),
        AA | EX | GTC | GTA | AIA | ADA => t(&[]),
        DT | TD => t(&[PI_ENCLOSURE]),
        GT | PT => t(&[PI_TOKEN_ITEM, PGI_USER_DATA]),
        MIP => t(&[PI_SYNC_TYPE, PI_SERIAL, PGI_USER_DATA]),
        // MIA's user data is PI 46, not PGI 193 (X.225 8.3.19, Table 26).
        MIA => t(&[PI_SERIAL, PI_MIA_USER_DATA]),
        MAP | AE => Table::new("MAP/AE", &[PI_SYNC_TYPE, PI_SERIAL, PGI_USER_DATA]),
        MAA | AEA => t(&[PI_SERIAL, PGI_USER_DATA]),
        // RS may leave a token to the acceptor's choice (X.225 8.3.22).
        RS => Table {
            choice: true,
            ..t(&[PI_TOKEN_SETTING, PI_RESYNC_TYPE, PI_SERIAL, PGI_USER_DATA])
        },
        RA => t(&[PI_TOKEN_SETTING, PI_SERIAL, PGI_USER_DATA]),
        AS => t(&[PI_ACTIVITY_ID, PGI_USER_DATA]),
        AR => t(&[PGI_LINKING, PI_ACTIVITY_ID, PGI_USER_DATA]),
        AI | AD => t(&[PI_REASON]),
    }
}

/// The start of a parameter field, and whose it is: where a missing mandatory parameter is
/// reported.
#[derive(Clone, Copy, Default)]
pub(crate) struct Start {
    offset: usize,
    spdu: &'static str,
}

impl Start {
    /// A mandatory parameter, or the error that it is missing.
    pub(crate) fn require<T>(self, value: Option<T>, code: u8) -> Result<T, DecodeError> {
        require(value, self.offset, self.spdu, code)
    }
}

/// Every parameter an SPDU may carry, as read from one SPDU's field; each SPDU takes the ones
/// its table has.
#[derive(Default)]
pub(crate) struct Fields {
    /// Where the field starts.
    pub(super) start: Start,
    /// PGI 1.
    pub(super) connection_id: Option<ConnectionIdentifier>,
    /// PGI 5, and where its value starts.
    pub(super) connect_accept: Option<ConnectAcceptItem>,
    item_at: usize,
    /// PI 9 and PI 10 (in PGI 1 or 33).
    called_ref: Option<Bytes>,
    calling_ref: Option<Bytes>,
    /// PI 11 and PI 12 (in PGI 1 or 33).
    common_ref: Option<Bytes>,
    additional_ref: Option<Bytes>,
    /// PI 15: `Some(true)` for `01`.
    pub(super) sync_type: Option<bool>,
    /// PI 16.
    pub(super) tokens: Option<TokenSet>,
    /// PI 17.
    pub(super) transport_disconnect: Option<TransportDisconnect>,
    /// PI 19 (in PGI 5).
    protocol_options: Option<ProtocolOptions>,
    /// PI 20.
    pub(super) functional_units: Option<FunctionalUnits>,
    /// PI 21 (in PGI 5).
    tsdu_max_size: Option<TsduMaxSize>,
    /// PI 22.
    pub(super) version: Option<Version>,
    /// PI 23 (in PGI 5).
    initial_serial: Option<SerialNumber>,
    /// PI 25.
    pub(super) enclosure: Option<Enclosure>,
    /// PI 26.
    pub(super) token_setting: Option<TokenSetting>,
    /// PI 27.
    pub(super) resync_type: Option<ResyncType>,
    /// PGI 33.
    pub(super) linking: Option<LinkingInformation>,
    /// PI 41.
    pub(super) activity_id: Option<Bytes>,
    /// PI 42.
    pub(super) serial: Option<SerialNumber>,
    /// PI 49.
    pub(super) reflect: Option<Bytes>,
    /// PI 50: the reason code, and in RF the reason user data after it.
    pub(super) reason: Option<u8>,
    pub(super) reason_data: Bytes,
    /// PI 51.
    pub(super) calling_selector: Option<Bytes>,
    /// PI 52.
    pub(super) called_selector: Option<Bytes>,
    /// PGI 193 (PGI 194 in a long CN, PI 46 in MIA).
    pub(super) user_data: Option<Bytes>,
}

impl Fields {
    /// Reads the parameter field `params` of an SPDU of table `t` into these empty fields:
    /// only its codes, each at most once and in order, each value checked as it comes. The
    /// fields are filled in place, never returned or moved whole: at some 700 octets, each
    /// move of a `Fields` cost as much as decoding a small SPDU.
    pub(crate) fn read(&mut self, params: Cursor<'_>, t: &Table) -> Result<(), DecodeError> {
        self.start = Start {
            offset: params.pos(),
            spdu: t.spdu,
        };
        each(params, t.spdu, t.codes, |u| self.unit(u, t))
    }

    /// Reads the PIs `codes` of the PGI `u`, in an SPDU of table `t`, into these same fields
    /// (one `Fields` for the whole SPDU, no copy per group); the caller takes them out into
    /// the group's value. Returns where the group's value starts, where a PI missing from it
    /// is reported.
    fn group(
        &mut self,
        u: &Unit<'_>,
        t: &Table,
        codes: &'static [u8],
    ) -> Result<Start, DecodeError> {
        each(u.value.clone(), t.spdu, codes, |pi| self.unit(pi, t))?;
        Ok(Start {
            offset: u.value.pos(),
            spdu: t.spdu,
        })
    }

    /// Connection Identifier (X.225 8.3.1 to 8.3.3), from the PIs its group has just read.
    fn take_connection_id(&mut self) -> ConnectionIdentifier {
        let calling = self.calling_ref.take();
        ConnectionIdentifier {
            ss_user_reference: calling.or(self.called_ref.take()),
            common_reference: self.common_ref.take(),
            additional_reference: self.additional_ref.take(),
        }
    }

    /// Connect/Accept Item (X.225 8.3.1, 8.3.2), from the PIs its group has just read.
    fn take_connect_accept(&mut self) -> ConnectAcceptItem {
        ConnectAcceptItem {
            protocol_options: self.protocol_options.take(),
            tsdu_max_size: self.tsdu_max_size.take(),
            version: self.version.take(),
            initial_serial_number: self.initial_serial.take(),
            token_setting: self.token_setting.take(),
        }
    }

    /// Linking Information (X.225 8.3.28), from the PIs its group starting at `at` has just
    /// read: the old activity identifier and serial number are mandatory. Taking them leaves
    /// PI 41 free for AR's own, new activity identifier.
    fn take_linking(&mut self, at: Start) -> Result<LinkingInformation, DecodeError> {
        Ok(LinkingInformation {
            old_activity_id: at.require(self.activity_id.take(), PI_ACTIVITY_ID)?,
            serial_number: at.require(self.serial.take(), PI_SERIAL)?,
            called_ss_user_reference: self.called_ref.take(),
            calling_ss_user_reference: self.calling_ref.take(),
            common_reference: self.common_ref.take(),
            additional_reference: self.additional_ref.take(),
        })
    }

    fn unit(&mut self, u: &Unit<'_>, t: &Table) -> Result<(), DecodeError> {
        let n = t.spdu;
        match u.code {
            PGI_CONNECTION_ID => {
                self.group(u, t, t.connection_id)?;
                self.connection_id = Some(self.take_connection_id());
            }
            PGI_CONNECT_ACCEPT => {
                self.item_at = self.group(u, t, CONNECT_ACCEPT)?.offset;
                self.connect_accept = Some(self.take_connect_accept());
            }
            PGI_LINKING => {
                let at = self.group(u, t, LINKING)?;
                self.linking = Some(self.take_linking(at)?);
            }
            PI_CALLED_REF => self.called_ref = Some(u.bounded(n, MAX_REFERENCE)?),
            PI_CALLING_REF => self.calling_ref = Some(u.bounded(n, MAX_REFERENCE)?),
            PI_COMMON_REF => self.common_ref = Some(u.bounded(n, MAX_REFERENCE)?),
            PI_ADDITIONAL_REF => self.additional_ref = Some(u.bounded(n, MAX_ADDITIONAL_REF)?),
            PI_PROTOCOL_OPTIONS => {
                self.protocol_options = Some(bits(u, n, ProtocolOptions::from_bits)?)
            }
            PI_TSDU_MAX => {
                let [a, b, c, d] = u.fixed::<4>(n)?;
                self.tsdu_max_size = Some(TsduMaxSize {
                    initiator_to_responder: u16::from_be_bytes([a, b]),
                    responder_to_initiator: u16::from_be_bytes([c, d]),
                });
            }
            PI_INITIAL_SERIAL => self.initial_serial = Some(serial(u, n)?),
            PI_SYNC_TYPE => self.sync_type = Some(sync_type(u, n)?),
            PI_TOKEN_ITEM => self.tokens = Some(bits(u, n, TokenSet::from_bits)?),
            PI_TRANSPORT_DISCONNECT => {
                self.transport_disconnect = Some(bits(u, n, TransportDisconnect::from_bits)?)
            }
            PI_REQUIREMENTS => self.functional_units = Some(functional_units(u, n)?),
            PI_VERSION => self.version = Some(version(u, n)?),
            PI_ENCLOSURE => self.enclosure = Some(bits(u, n, Enclosure::from_bits)?),
            PI_TOKEN_SETTING => self.token_setting = Some(token_setting(u, n, t.choice)?),
            PI_RESYNC_TYPE => self.resync_type = Some(resync_type(u, n)?),
            PI_ACTIVITY_ID => self.activity_id = Some(u.bounded(n, MAX_ACTIVITY_ID)?),
            PI_SERIAL => self.serial = Some(serial(u, n)?),
            PI_REFLECT => self.reflect = Some(u.bounded(n, MAX_REFLECT)?),
            PI_REASON if t.reason_data => {
                let mut value = u.value.clone();
                let reason = value
                    .u8()
                    .map_err(|_| u.bad(n, "empty, expected a reason octet"))?;
                self.reason = Some(reason);
                let rest = value.rest();
                self.reason_data = value.bytes(rest);
            }
            PI_REASON => self.reason = Some(octet(u, n)?),
            PI_CALLING_SELECTOR => self.calling_selector = Some(u.bounded(n, MAX_SELECTOR)?),
            PI_CALLED_SELECTOR => self.called_selector = Some(u.bounded(n, MAX_SELECTOR)?),
            PGI_USER_DATA | PGI_EXTENDED_USER_DATA if t.extended => {
                self.user_data = Some(self.connect_data(u)?)
            }
            PGI_USER_DATA | PI_MIA_USER_DATA => self.user_data = Some(u.to_bytes()),
            _ => return Err(unknown(u, n)),
        }
        Ok(())
    }

    /// CN's User Data (PGI 193, at most 512 octets) or Extended User Data (PGI 194, 513 to
    /// 10 240 octets, only with version 2 proposed), never both (X.225 8.3.1). Data that fits
    /// PGI 193 is refused in PGI 194, so decoded bytes encode back to the same bytes.
    fn connect_data(&self, u: &Unit<'_>) -> Result<Bytes, DecodeError> {
        const N: &str = "CN";
        let len = u.octets().len();
        if self.user_data.is_some() {
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
        let v2 = self.connect_accept.as_ref();
        if !v2.is_some_and(ConnectAcceptItem::offers_version_2) {
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

    /// Strict decoding: Protocol Options (PI 19) and Version Number (PI 22) must be in a
    /// Connect/Accept Item that is present (X.225 8.3.1 Table 11, 8.3.2 Table 12); the group
    /// itself may be absent.
    fn item_mandatory(&self, strict: bool) -> Result<(), DecodeError> {
        let Some(item) = self.connect_accept.as_ref().filter(|_| strict) else {
            return Ok(());
        };
        let at = Start {
            offset: self.item_at,
            ..self.start
        };
        at.require(item.protocol_options, PI_PROTOCOL_OPTIONS)?;
        at.require(item.version, PI_VERSION)?;
        Ok(())
    }

    /// The Serial Number (PI 42), mandatory where an SPDU has it (X.225 8.3.18 to 8.3.23,
    /// 8.3.33, 8.3.34).
    pub(crate) fn serial_number(&self) -> Result<SerialNumber, DecodeError> {
        self.start.require(self.serial, PI_SERIAL)
    }

    /// CN (X.225 8.3.1). Like the other SPDUs built here, it takes its parameters out of
    /// the fields rather than moving the whole `Fields`.
    pub(crate) fn connect(&mut self, strict: bool) -> Result<Connect, DecodeError> {
        self.item_mandatory(strict)?;
        Ok(Connect {
            connection_id: self.connection_id.take(),
            connect_accept: self.connect_accept.take(),
            functional_units: self.functional_units,
            calling_selector: self.calling_selector.take(),
            called_selector: self.called_selector.take(),
            user_data: self.user_data.take(),
        })
    }

    /// AC (X.225 8.3.2).
    pub(crate) fn accept(&mut self, strict: bool) -> Result<Accept, DecodeError> {
        self.item_mandatory(strict)?;
        Ok(Accept {
            connection_id: self.connection_id.take(),
            connect_accept: self.connect_accept.take(),
            tokens: self.tokens,
            functional_units: self.functional_units,
            calling_selector: self.calling_selector.take(),
            responding_selector: self.called_selector.take(),
            user_data: self.user_data.take(),
        })
    }

    /// RF (X.225 8.3.3).
    pub(crate) fn refuse(&mut self) -> Refuse {
        Refuse {
            connection_id: self.connection_id.take(),
            transport_disconnect: self.transport_disconnect,
            functional_units: self.functional_units,
            version: self.version,
            reason: self.reason.map(RefuseReason),
            reason_user_data: core::mem::take(&mut self.reason_data),
        }
    }

    /// SI 41: MAP when the Sync Type Item says "activity not ended", AE otherwise (X.225
    /// 8.3.20, 8.3.33).
    pub(crate) fn major_or_end(&mut self) -> Result<Spdu, DecodeError> {
        let serial_number = self.serial_number()?;
        let user_data = self.user_data.take();
        Ok(match self.sync_type {
            Some(true) => Spdu::MajorSync(MajorSync {
                serial_number,
                user_data,
            }),
            Some(false) | None => Spdu::ActivityEnd(ActivityEnd {
                sync_type_item: self.sync_type.is_some(),
                serial_number,
                user_data,
            }),
        })
    }
}

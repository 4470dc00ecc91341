//! The parameters of each SPDU, one struct per SPDU (X.225 8.3.1 to 8.3.34).
//!
//! Fields appear in the order their parameters go on the wire. An optional parameter is an
//! `Option`, so "absent" and "present with its default value" stay distinct and decoded
//! bytes encode back to the same bytes. User data (PGI 193) and user information are
//! [`Bytes`], sliced from the received TSDU without a copy.

use super::flags::{Enclosure, FunctionalUnits, TokenSet, TransportDisconnect, Version};
use super::items::{
    ActivityReason, ConnectAcceptItem, ConnectionIdentifier, LinkingInformation, RefuseReason,
    ResyncType, TokenSetting,
};
use super::serial::SerialNumber;
use bytes::Bytes;
use serde::Serialize;

/// CONNECT (CN), SI 13 (X.225 8.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Connect {
    /// PGI 1 (PI 10 calling SS-user reference, PI 11, PI 12).
    pub connection_id: Option<ConnectionIdentifier>,
    /// PGI 5 (PI 19, 21, 22, 23, 26).
    pub connect_accept: Option<ConnectAcceptItem>,
    /// PI 20: proposed functional units; absent means [`FunctionalUnits::DEFAULT`].
    pub functional_units: Option<FunctionalUnits>,
    /// PI 51: Calling Session Selector (at most 16 octets).
    pub calling_selector: Option<Bytes>,
    /// PI 52: Called Session Selector (at most 16 octets).
    pub called_selector: Option<Bytes>,
    /// PGI 193: User Data, at most 512 octets; 513 to 10 240 go in PGI 194, Extended User
    /// Data, which needs version 2 proposed (X.225 8.3.1). The codec picks the PGI by length.
    pub user_data: Option<Bytes>,
}

/// ACCEPT (AC), SI 14 (X.225 8.3.2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Accept {
    /// PGI 1 (PI 9 called SS-user reference, PI 11, PI 12).
    pub connection_id: Option<ConnectionIdentifier>,
    /// PGI 5 (PI 19, 21, 22, 23, 26); no responder's choice in the Token Setting Item.
    pub connect_accept: Option<ConnectAcceptItem>,
    /// PI 16: Token Item, the tokens the responder asks for.
    pub tokens: Option<TokenSet>,
    /// PI 20: selected functional units; absent means [`FunctionalUnits::DEFAULT`].
    pub functional_units: Option<FunctionalUnits>,
    /// PI 51: Calling Session Selector.
    pub calling_selector: Option<Bytes>,
    /// PI 52: Responding Session Selector.
    pub responding_selector: Option<Bytes>,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// REFUSE (RF), SI 12 (X.225 8.3.3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Refuse {
    /// PGI 1 (PI 9 called SS-user reference, PI 11, PI 12).
    pub connection_id: Option<ConnectionIdentifier>,
    /// PI 17: Transport Disconnect.
    pub transport_disconnect: Option<TransportDisconnect>,
    /// PI 20: Session User Requirements.
    pub functional_units: Option<FunctionalUnits>,
    /// PI 22: Version Number.
    pub version: Option<Version>,
    /// PI 50, first octet: the reason (optional to send, X.225 8.3.3).
    pub reason: Option<RefuseReason>,
    /// PI 50, the octets after the reason: reason user data (empty if none; needs a reason).
    pub reason_user_data: Bytes,
}

/// FINISH (FN), SI 9 (X.225 8.3.4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Finish {
    /// PI 17: Transport Disconnect.
    pub transport_disconnect: Option<TransportDisconnect>,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// DISCONNECT (DN), SI 10 (X.225 8.3.5).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Disconnect {
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// NOT FINISHED (NF), SI 8 (X.225 8.3.6).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NotFinished {
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// ABORT (AB), SI 25 standing alone (X.225 8.3.7).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Abort {
    /// PI 17: Transport Disconnect (`USER_ABORT` set: user abort; clear: provider abort).
    pub transport_disconnect: Option<TransportDisconnect>,
    /// PI 49: Reflect Parameter (at most 9 octets), the offending octets of a protocol error.
    pub reflect: Option<Bytes>,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// DATA TRANSFER (DT), SI 1 after a category 0 SPDU (X.225 8.3.9).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DataTransfer {
    /// PI 25: Enclosure Item (segmenting).
    pub enclosure: Option<Enclosure>,
    /// User information: not counted in LI, runs to the end of the TSDU.
    pub user_information: Bytes,
}

/// EXPEDITED (EX), SI 5 (X.225 8.3.10).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Expedited {
    /// User information after the (empty) parameter field, at most 14 octets.
    pub user_information: Bytes,
}

/// TYPED DATA (TD), SI 33 (X.225 8.3.11).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TypedData {
    /// PI 25: Enclosure Item, which part of a segmented typed SSDU this TD carries (X.225
    /// 8.3.11 lists it for TD as 8.3.9 does for DT; version 2 segmenting).
    pub enclosure: Option<Enclosure>,
    /// User information after the parameter field, to the end of the TSDU.
    pub user_information: Bytes,
}

/// GIVE TOKENS (GT), SI 1 first in a TSDU (X.225 8.3.14). The empty GT (`01 00`) leads a
/// basic concatenation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct GiveTokens {
    /// PI 16: Token Item, the tokens given.
    pub tokens: Option<TokenSet>,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// PLEASE TOKENS (PT), SI 2 (X.225 8.3.15).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PleaseTokens {
    /// PI 16: Token Item, the tokens asked for.
    pub tokens: Option<TokenSet>,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// MINOR SYNC POINT (MIP), SI 49 (X.225 8.3.18).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MinorSync {
    /// PI 15: Sync Type Item; `Some(true)`: no explicit confirmation required, `Some(false)`:
    /// confirmation required (same as absent).
    pub no_explicit_confirmation: Option<bool>,
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// MINOR SYNC ACK (MIA), SI 50 (X.225 8.3.19).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MinorSyncAck {
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PI 46: User Data. MIA's table (X.225 8.3.19, Table 26) codes it as the PI 46, not
    /// as the PGI 193 of the other SPDUs; ISODE reads and writes it so.
    pub user_data: Option<Bytes>,
}

/// MAJOR SYNC POINT (MAP), SI 41 with Sync Type Item bit 1 set (X.225 8.3.20). The codec
/// always writes PI 15 = `01` ("activity not ended"); that is what tells MAP from AE.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MajorSync {
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// MAJOR SYNC ACK (MAA), SI 42 when no activity end is outstanding (X.225 8.3.21).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MajorSyncAck {
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// RESYNCHRONIZE (RS), SI 53 (X.225 8.3.22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resynchronize {
    /// PI 26: Token Setting Item; a token may be left to the acceptor's choice
    /// ([`TokenPosition::ResponderChoice`](super::TokenPosition::ResponderChoice)).
    pub token_setting: Option<TokenSetting>,
    /// PI 27: Resync Type (mandatory).
    pub resync_type: ResyncType,
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// RESYNCHRONIZE ACK (RA), SI 34 (X.225 8.3.23).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ResynchronizeAck {
    /// PI 26: Token Setting Item: where the tokens end up, with every choice the RS left to
    /// the acceptor made (no responder's choice).
    pub token_setting: Option<TokenSetting>,
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// ACTIVITY START (AS), SI 45 (X.225 8.3.27).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ActivityStart {
    /// PI 41: Activity Identifier (mandatory, at most 6 octets).
    pub activity_id: Bytes,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// ACTIVITY RESUME (AR), SI 29 (X.225 8.3.28).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ActivityResume {
    /// PGI 33: Linking Information (mandatory).
    pub linking: LinkingInformation,
    /// PI 41: the new Activity Identifier (mandatory, at most 6 octets).
    pub activity_id: Bytes,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// ACTIVITY INTERRUPT (AI), SI 25 after a category 0 SPDU (X.225 8.3.29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ActivityInterrupt {
    /// PI 50: Reason Code.
    pub reason: Option<ActivityReason>,
}

/// ACTIVITY DISCARD (AD), SI 57 (X.225 8.3.31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ActivityDiscard {
    /// PI 50: Reason Code.
    pub reason: Option<ActivityReason>,
}

/// ACTIVITY END (AE), SI 41 without Sync Type Item bit 1 (X.225 8.3.33).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ActivityEnd {
    /// Whether PI 15 is present with value `00`. Absent and `00` both mean AE; the flag keeps
    /// decoded bytes round-tripping. The codec writes it absent by default.
    pub sync_type_item: bool,
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

/// ACTIVITY END ACK (AEA), SI 42 while an activity end is outstanding (X.225 8.3.34).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ActivityEndAck {
    /// PI 42: Serial Number (mandatory).
    pub serial_number: SerialNumber,
    /// PGI 193: User Data.
    pub user_data: Option<Bytes>,
}

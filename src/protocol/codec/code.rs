//! SPDU identifiers and parameter codes (X.225 8.2, 8.3), with their names.

use super::spdu::Category;

/// PGI 1: Connection Identifier (X.225 8.3.1).
pub(crate) const PGI_CONNECTION_ID: u8 = 1;
/// PGI 5: Connect/Accept Item (X.225 8.3.1).
pub(crate) const PGI_CONNECT_ACCEPT: u8 = 5;
/// PI 9: Called SS-user Reference.
pub(crate) const PI_CALLED_REF: u8 = 9;
/// PI 10: Calling SS-user Reference.
pub(crate) const PI_CALLING_REF: u8 = 10;
/// PI 11: Common Reference.
pub(crate) const PI_COMMON_REF: u8 = 11;
/// PI 12: Additional Reference Information.
pub(crate) const PI_ADDITIONAL_REF: u8 = 12;
/// PI 15: Sync Type Item.
pub(crate) const PI_SYNC_TYPE: u8 = 15;
/// PI 16: Token Item.
pub(crate) const PI_TOKEN_ITEM: u8 = 16;
/// PI 17: Transport Disconnect.
pub(crate) const PI_TRANSPORT_DISCONNECT: u8 = 17;
/// PI 19: Protocol Options.
pub(crate) const PI_PROTOCOL_OPTIONS: u8 = 19;
/// PI 20: Session User Requirements.
pub(crate) const PI_REQUIREMENTS: u8 = 20;
/// PI 21: TSDU Maximum Size.
pub(crate) const PI_TSDU_MAX: u8 = 21;
/// PI 22: Version Number.
pub(crate) const PI_VERSION: u8 = 22;
/// PI 23: Initial Serial Number.
pub(crate) const PI_INITIAL_SERIAL: u8 = 23;
/// PI 25: Enclosure Item.
pub(crate) const PI_ENCLOSURE: u8 = 25;
/// PI 26: Token Setting Item.
pub(crate) const PI_TOKEN_SETTING: u8 = 26;
/// PI 27: Resync Type.
pub(crate) const PI_RESYNC_TYPE: u8 = 27;
/// PGI 33: Linking Information.
pub(crate) const PGI_LINKING: u8 = 33;
/// PI 41: Activity Identifier.
pub(crate) const PI_ACTIVITY_ID: u8 = 41;
/// PI 42: Serial Number.
pub(crate) const PI_SERIAL: u8 = 42;
/// PI 46: User Data of an MIA, a PI there and not PGI 193 (X.225 8.3.19, Table 26).
pub(crate) const PI_MIA_USER_DATA: u8 = 46;
/// PI 49: Reflect Parameter.
pub(crate) const PI_REFLECT: u8 = 49;
/// PI 50: Reason Code.
pub(crate) const PI_REASON: u8 = 50;
/// PI 51: Calling Session Selector.
pub(crate) const PI_CALLING_SELECTOR: u8 = 51;
/// PI 52: Called (CN) or Responding (AC) Session Selector.
pub(crate) const PI_CALLED_SELECTOR: u8 = 52;
/// PGI 193: User Data.
pub(crate) const PGI_USER_DATA: u8 = 193;
/// PGI 194: Extended User Data, CN's user data over 512 octets (X.225 8.3.1, version 2).
pub(crate) const PGI_EXTENDED_USER_DATA: u8 = 194;

/// Length limits of parameter values (X.225 8.3, the tables of each SPDU).
pub(crate) const MAX_REFERENCE: usize = 64;
/// Additional Reference Information: at most 4 octets.
pub(crate) const MAX_ADDITIONAL_REF: usize = 4;
/// Activity Identifier: at most 6 octets.
pub(crate) const MAX_ACTIVITY_ID: usize = 6;
/// Session selectors: at most 16 octets.
pub(crate) const MAX_SELECTOR: usize = 16;
/// Reflect Parameter: at most 9 octets.
pub(crate) const MAX_REFLECT: usize = 9;
/// User information of an EX SPDU: at most 14 octets (X.225 8.3.10).
pub(crate) const MAX_EXPEDITED: usize = 14;
/// User Data (PGI 193) of a CN: at most 512 octets (X.225 8.3.1).
pub(crate) const MAX_CN_USER_DATA: usize = 512;
/// Extended User Data (PGI 194) of a CN: at most 10 240 octets (X.225 8.3.1).
pub(crate) const MAX_EXTENDED_USER_DATA: usize = 10_240;
/// Largest value an LI (or a parameter length) can hold (X.225 8.2).
pub(crate) const MAX_LENGTH: usize = 65_535;

/// The name of a parameter code, as X.225 names it (for error messages).
pub fn param_name(code: u8) -> &'static str {
    match code {
        PGI_CONNECTION_ID => "Connection Identifier",
        PGI_CONNECT_ACCEPT => "Connect/Accept Item",
        PI_CALLED_REF => "Called SS-user Reference",
        PI_CALLING_REF => "Calling SS-user Reference",
        PI_COMMON_REF => "Common Reference",
        PI_ADDITIONAL_REF => "Additional Reference Information",
        PI_SYNC_TYPE => "Sync Type Item",
        PI_TOKEN_ITEM => "Token Item",
        PI_TRANSPORT_DISCONNECT => "Transport Disconnect",
        PI_PROTOCOL_OPTIONS => "Protocol Options",
        PI_REQUIREMENTS => "Session User Requirements",
        PI_TSDU_MAX => "TSDU Maximum Size",
        PI_VERSION => "Version Number",
        PI_INITIAL_SERIAL => "Initial Serial Number",
        PI_ENCLOSURE => "Enclosure Item",
        PI_TOKEN_SETTING => "Token Setting Item",
        PI_RESYNC_TYPE => "Resync Type",
        PGI_LINKING => "Linking Information",
        PI_ACTIVITY_ID => "Activity Identifier",
        PI_SERIAL => "Serial Number",
        PI_MIA_USER_DATA => "User Data (MIA)",
        PI_REFLECT => "Reflect Parameter",
        PI_REASON => "Reason Code",
        PI_CALLING_SELECTOR => "Calling Session Selector",
        PI_CALLED_SELECTOR => "Called/Responding Session Selector",
        PGI_USER_DATA => "User Data",
        PGI_EXTENDED_USER_DATA => "Extended User Data",
        _ => "unknown",
    }
}

/// The abbreviation and category of an SPDU this codec does not implement, by its SI (X.225
/// 8.3 table 10, 6.3.7), so an error or the inspector can name it.
pub(crate) fn unsupported_si(si: u8) -> Option<(&'static str, Category)> {
    Some(match si {
        0 => ("ER", Category::Two),
        7 => ("PR", Category::One),
        15 => ("CDO", Category::One),
        16 => ("OA", Category::One),
        48 => ("ED", Category::Two),
        61 => ("CD", Category::Two),
        62 => ("CDA", Category::Two),
        _ => return None,
    })
}

/// The clause of X.225 8.3 that gives an SPDU's parameters, by its abbreviation (for
/// errors that name the rule).
pub(crate) fn clause_of(spdu: &str) -> &'static str {
    match spdu {
        "CN" => "8.3.1",
        "AC" => "8.3.2",
        "RF" => "8.3.3",
        "FN" => "8.3.4",
        "DN" => "8.3.5",
        "NF" => "8.3.6",
        "AB" => "8.3.7",
        "AA" => "8.3.8",
        "DT" => "8.3.9",
        "EX" => "8.3.10",
        "TD" => "8.3.11",
        "GT" => "8.3.14",
        "PT" => "8.3.15",
        "GTC" => "8.3.16",
        "GTA" => "8.3.17",
        "MIP" => "8.3.18",
        "MIA" => "8.3.19",
        "MAP" | "MAP/AE" => "8.3.20",
        "MAA" => "8.3.21",
        "RS" => "8.3.22",
        "RA" => "8.3.23",
        "AS" => "8.3.27",
        "AR" => "8.3.28",
        "AI" => "8.3.29",
        "AIA" => "8.3.30",
        "AD" => "8.3.31",
        "ADA" => "8.3.32",
        "AE" => "8.3.33",
        "AEA" => "8.3.34",
        _ => "8.3",
    }
}

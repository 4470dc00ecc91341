//! Structured parameter values: Token Setting Item, Resync Type, Reason Codes, TSDU Maximum
//! Size, and the parameter groups Connection Identifier, Connect/Accept Item and Linking
//! Information (X.225 8.3).

use super::flags::{ProtocolOptions, TokenSet, Version};
use super::serial::SerialNumber;
use bytes::Bytes;
use serde::Serialize;

/// Where one token is placed by a Token Setting Item (X.225 8.3.1): one bit pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum TokenPosition {
    /// `00`: on the initiator's side.
    #[default]
    Initiator,
    /// `01`: on the responder's side.
    Responder,
    /// `10`: the called SS-user chooses (CN), or the acceptor of a resynchronize (RS).
    ResponderChoice,
}

impl TokenPosition {
    /// The bit pair of this position.
    pub const fn bits(self) -> u8 {
        match self {
            Self::Initiator => 0b00,
            Self::Responder => 0b01,
            Self::ResponderChoice => 0b10,
        }
    }

    /// The position of a bit pair; `11` is reserved and gives `None`.
    pub const fn from_bits(pair: u8) -> Option<Self> {
        match pair & 0b11 {
            0b00 => Some(Self::Initiator),
            0b01 => Some(Self::Responder),
            0b10 => Some(Self::ResponderChoice),
            _ => None,
        }
    }
}

/// Token Setting Item, PI 26 (X.225 8.3.1 CN, 8.3.2 AC, 8.3.22 RS, 8.3.23 RA): the initial position of the four tokens, in
/// CN (proposal), AC (result), RS and RA (new positions after resynchronization).
///
/// Octet layout: bits 8-7 release, 6-5 major/activity, 4-3 minor sync, 2-1 data.
/// [`TokenPosition::ResponderChoice`] is only valid in CN and RS. Positions name the sides
/// of the session connection: "initiator" is the side that sent CN, in RS and RA too (as
/// ISODE's SPM reads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct TokenSetting {
    /// Release token (bits 8-7).
    pub release: TokenPosition,
    /// Major/activity token (bits 6-5).
    pub major_activity: TokenPosition,
    /// Synchronize-minor token (bits 4-3).
    pub minor_sync: TokenPosition,
    /// Data token (bits 2-1).
    pub data: TokenPosition,
}

impl TokenSetting {
    /// The octet on the wire.
    pub const fn to_octet(self) -> u8 {
        self.release.bits() << 6
            | self.major_activity.bits() << 4
            | self.minor_sync.bits() << 2
            | self.data.bits()
    }

    /// The setting of an octet, or `None` if a bit pair is `11` (reserved).
    pub const fn from_octet(octet: u8) -> Option<Self> {
        match (
            TokenPosition::from_bits(octet >> 6),
            TokenPosition::from_bits(octet >> 4),
            TokenPosition::from_bits(octet >> 2),
            TokenPosition::from_bits(octet),
        ) {
            (Some(release), Some(major_activity), Some(minor_sync), Some(data)) => Some(Self {
                release,
                major_activity,
                minor_sync,
                data,
            }),
            _ => None,
        }
    }

    /// True if any token is left to the responder's choice (allowed in CN and RS).
    pub const fn has_responder_choice(self) -> bool {
        let o = self.to_octet();
        o & 0b1010_1010 != 0
    }

    /// Each token with its position: data, minor sync, major/activity, release.
    pub const fn positions(self) -> [(TokenSet, TokenPosition); 4] {
        [
            (TokenSet::DATA, self.data),
            (TokenSet::MINOR_SYNC, self.minor_sync),
            (TokenSet::MAJOR_ACTIVITY, self.major_activity),
            (TokenSet::RELEASE, self.release),
        ]
    }

    /// The tokens placed at `position`.
    pub fn tokens_at(self, position: TokenPosition) -> TokenSet {
        self.positions()
            .into_iter()
            .filter(|(_, p)| *p == position)
            .fold(TokenSet::EMPTY, |set, (t, _)| set | t)
    }

    /// This setting with every token left to the responder's choice placed at `position`.
    pub fn choices_at(self, position: TokenPosition) -> Self {
        self.with(self.tokens_at(TokenPosition::ResponderChoice), position)
    }

    /// This setting with every token of `tokens` placed at `position`.
    pub fn with(self, tokens: TokenSet, position: TokenPosition) -> Self {
        let [data, minor_sync, major_activity, release] =
            self.positions()
                .map(|(token, p)| if tokens.contains(token) { position } else { p });
        TokenSetting {
            release,
            major_activity,
            minor_sync,
            data,
        }
    }
}

/// Resync Type, PI 27 (X.225 8.3.22 RS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ResyncType {
    /// 0: restart.
    Restart,
    /// 1: abandon.
    Abandon,
    /// 2: set.
    Set,
}

impl ResyncType {
    /// The octet on the wire.
    pub const fn to_octet(self) -> u8 {
        match self {
            Self::Restart => 0,
            Self::Abandon => 1,
            Self::Set => 2,
        }
    }

    /// The resync type of an octet, `None` for an undefined value.
    pub const fn from_octet(octet: u8) -> Option<Self> {
        match octet {
            0 => Some(Self::Restart),
            1 => Some(Self::Abandon),
            2 => Some(Self::Set),
            _ => None,
        }
    }
}

/// Reason Code of an RF, PI 50 (X.225 8.3.3). Codes the standard does not define are kept
/// as they are, so they round-trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RefuseReason(pub u8);

impl RefuseReason {
    /// 0: rejection by the called SS-user, reason not specified.
    pub const NOT_SPECIFIED: Self = Self(0);
    /// 1: rejection by the called SS-user, temporary congestion.
    pub const CONGESTION: Self = Self(1);
    /// 2: rejection by the called SS-user, with user data.
    pub const REJECTED_BY_USER: Self = Self(2);
    /// 129: session selector unknown.
    pub const SELECTOR_UNKNOWN: Self = Self(129);
    /// 130: SS-user not attached to SSAP.
    pub const USER_NOT_ATTACHED: Self = Self(130);
    /// 131: SPM congestion at connect time.
    pub const SPM_CONGESTION: Self = Self(131);
    /// 132: proposed protocol versions not supported.
    pub const VERSION_UNSUPPORTED: Self = Self(132);
    /// 133: rejection by the SPM, reason not specified.
    pub const NO_REASON: Self = Self(133);
    /// 134: rejection by the SPM, implementation restriction stated in the PICS.
    pub const RESTRICTION: Self = Self(134);

    /// A short description of the code.
    pub const fn describe(self) -> &'static str {
        match self.0 {
            0 => "rejected by the SS-user, reason not specified",
            1 => "rejected by the SS-user, temporary congestion",
            2 => "rejected by the SS-user",
            129 => "session selector unknown",
            130 => "SS-user not attached to SSAP",
            131 => "SPM congestion at connect time",
            132 => "proposed protocol versions not supported",
            133 => "rejected by the SPM, reason not specified",
            134 => "rejected by the SPM, implementation restriction",
            _ => "undefined reason",
        }
    }
}

/// Reason Code of an AI or AD, PI 50 (X.225 8.3.29, 8.3.31). Undefined codes are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ActivityReason(pub u8);

impl ActivityReason {
    /// 0: no specific reason stated.
    pub const NONE: Self = Self(0);
    /// 1: receiving ability jeopardized (unable to continue).
    pub const UNABLE_TO_CONTINUE: Self = Self(1);
    /// 3: user sequence error.
    pub const SEQUENCE_ERROR: Self = Self(3);
    /// 5: local SS-user error.
    pub const LOCAL_USER_ERROR: Self = Self(5);
    /// 6: unrecoverable procedural error.
    pub const UNRECOVERABLE_PROCEDURAL_ERROR: Self = Self(6);
    /// 128: demand data token.
    pub const DEMAND_DATA_TOKEN: Self = Self(128);

    /// A short description of the code.
    pub const fn describe(self) -> &'static str {
        match self.0 {
            0 => "no specific reason",
            1 => "unable to continue",
            3 => "user sequence error",
            5 => "local SS-user error",
            6 => "unrecoverable procedural error",
            128 => "demand data token",
            _ => "undefined reason",
        }
    }
}

/// TSDU Maximum Size, PI 21 (X.225 8.3.1 CN, 8.3.2 AC): the largest TSDU each side accepts, 0 for no
/// limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct TsduMaxSize {
    /// Initiator to responder (first two octets).
    pub initiator_to_responder: u16,
    /// Responder to initiator (last two octets).
    pub responder_to_initiator: u16,
}

/// Connection Identifier, PGI 1 (X.225 8.3.1 CN, 8.3.2 AC, 8.3.3 RF).
///
/// `ss_user_reference` is the Calling SS-user Reference (PI 10) in CN and the Called SS-user
/// Reference (PI 9) in AC and RF. References are at most 64 octets, the additional reference
/// information at most 4.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct ConnectionIdentifier {
    /// PI 10 in CN (calling), PI 9 in AC and RF (called).
    pub ss_user_reference: Option<Bytes>,
    /// PI 11: Common Reference.
    pub common_reference: Option<Bytes>,
    /// PI 12: Additional Reference Information.
    pub additional_reference: Option<Bytes>,
}

/// Connect/Accept Item, PGI 5 (X.225 8.3.1 CN, 8.3.2 AC).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct ConnectAcceptItem {
    /// PI 19: Protocol Options.
    pub protocol_options: Option<ProtocolOptions>,
    /// PI 21: TSDU Maximum Size.
    pub tsdu_max_size: Option<TsduMaxSize>,
    /// PI 22: Version Number.
    pub version: Option<Version>,
    /// PI 23: Initial Serial Number.
    pub initial_serial_number: Option<SerialNumber>,
    /// PI 26: Token Setting Item.
    pub token_setting: Option<TokenSetting>,
}

impl ConnectAcceptItem {
    /// True if its Version Number has version 2: a CN needs it to carry Extended User Data
    /// (X.225 8.3.1).
    pub fn offers_version_2(&self) -> bool {
        self.version.is_some_and(|v| v.contains(Version::V2))
    }
}

/// Linking Information, PGI 33 of an AR (X.225 8.3.28): which interrupted activity the
/// resumed one continues, and from which serial number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct LinkingInformation {
    /// PI 9: Called SS-user Reference of the old connection.
    pub called_ss_user_reference: Option<Bytes>,
    /// PI 10: Calling SS-user Reference of the old connection.
    pub calling_ss_user_reference: Option<Bytes>,
    /// PI 11: Common Reference of the old connection.
    pub common_reference: Option<Bytes>,
    /// PI 12: Additional Reference Information of the old connection.
    pub additional_reference: Option<Bytes>,
    /// PI 41: the old Activity Identifier (mandatory, at most 6 octets).
    pub old_activity_id: Bytes,
    /// PI 42: the serial number to resume from (mandatory).
    pub serial_number: SerialNumber,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_setting_octets() {
        let s = TokenSetting::from_octet(0x02).unwrap();
        assert_eq!(s.data, TokenPosition::ResponderChoice);
        assert_eq!(s.release, TokenPosition::Initiator);
        assert!(s.has_responder_choice());
        assert_eq!(s.to_octet(), 0x02);
        let s = TokenSetting::from_octet(0b0110_0001).unwrap();
        assert_eq!(s.release, TokenPosition::Responder);
        assert_eq!(s.major_activity, TokenPosition::ResponderChoice);
        assert_eq!(s.to_octet(), 0b0110_0001);
        for bad in [0x03, 0x0c, 0x30, 0xc0] {
            assert_eq!(TokenSetting::from_octet(bad), None);
        }
        for octet in 0..=255u8 {
            if let Some(s) = TokenSetting::from_octet(octet) {
                assert_eq!(s.to_octet(), octet);
            }
        }
    }

    #[test]
    fn token_setting_by_token() {
        let s = TokenSetting::default()
            .with(TokenSet::DATA | TokenSet::RELEASE, TokenPosition::Responder)
            .with(TokenSet::MINOR_SYNC, TokenPosition::ResponderChoice);
        assert_eq!(s.to_octet(), 0b0100_1001);
        assert_eq!(
            s.tokens_at(TokenPosition::Responder),
            TokenSet::DATA | TokenSet::RELEASE
        );
        assert_eq!(
            s.tokens_at(TokenPosition::ResponderChoice),
            TokenSet::MINOR_SYNC
        );
        assert_eq!(
            s.tokens_at(TokenPosition::Initiator),
            TokenSet::MAJOR_ACTIVITY
        );
        assert_eq!(
            s.positions()[2],
            (TokenSet::MAJOR_ACTIVITY, TokenPosition::Initiator)
        );
        let placed = s.choices_at(TokenPosition::Responder);
        assert_eq!(placed.to_octet(), 0b0100_0101);
        assert!(!placed.has_responder_choice());
    }
}

//! What a peer did wrong: the typed reason of a protocol error (X.225 7.9.2, A.4.7).
//!
//! The caller's own misuse is a [`UsageError`]; bad SPDUs from the peer are a [`PeerError`],
//! answered with AB and a provider abort that carries it. Its `Display` is the text the page
//! and the trace show, and it is serialized as that text.

use super::api::{token_names, UsageError};
use super::establish::limit_text;
use super::rules::Incoming;
use super::state::State;
use super::sync::SyncError;
use crate::protocol::codec::{DecodeError, SerialNumber, TokenSet};
use core::fmt;
use serde::{Serialize, Serializer};

/// A rule broken by the peer, found on receipt of its TSDU (X.225 7.9.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerError {
    /// The TSDU is not well-formed (X.225 8.2, 8.3); the codec's error has the offset.
    Decode(DecodeError),
    /// The TSDU is longer than this side's negotiated receive maximum (X.225 7.1.1, PI 21).
    TsduTooLong {
        /// Octets received.
        length: usize,
        /// The negotiated maximum.
        max: usize,
    },
    /// The SPDU is not accepted in this state: the machine's table of rules
    /// ([`Incoming::rule`]) does not admit it here (X.225 Annex A).
    NotAllowed {
        /// The SPDU, as the table knows it.
        spdu: Incoming,
        /// The state it arrived in.
        state: State,
    },
    /// The SPDU needs a functional unit the session did not select (X.225 7.1.1).
    UnitNotSelected {
        /// The SPDU's abbreviation.
        spdu: &'static str,
        /// The functional unit, as X.225 names it.
        unit: &'static str,
    },
    /// The SPDU's serial number breaks the sync-point rules (X.225 A.4.2).
    Serial {
        /// The SPDU's abbreviation.
        spdu: &'static str,
        /// Which rule.
        error: SyncError,
    },
    /// The answer the SPDU calls for could not be sent (X.225 7.34: GTA to a GTC).
    AnswerNotSent {
        /// The answer's abbreviation.
        answer: &'static str,
        /// Why it could not be sent.
        error: UsageError,
    },
    /// GT or PT names tokens the session does not have (X.225 7.4.1, 7.4.2).
    TokensNotInSession {
        /// GT or PT.
        spdu: &'static str,
        /// The tokens named.
        tokens: TokenSet,
    },
    /// GT gives tokens this side already holds (X.225 7.4.1).
    TokensAlreadyHeld(TokenSet),
    /// RA leaves unplaced tokens the RS left to the acceptor's choice (X.225 7.15).
    RaTokensUnplaced(TokenSet),
    /// RA moves tokens the RS placed (X.225 7.15).
    RaTokensMoved(TokenSet),
    /// RA's serial number is not the one the RS asked for (X.225 7.15).
    RaSerialMismatch {
        /// The serial number in RA.
        got: SerialNumber,
        /// The one in RS.
        asked: SerialNumber,
    },
    /// AC raised a TSDU maximum size CN proposed (X.225 7.1.1: it may only lower it).
    AcSizeRaised {
        /// "initiator-to-responder" or "responder-to-initiator".
        direction: &'static str,
        /// The size AC selected (0: no limit).
        selected: u16,
        /// The size CN proposed (0: no limit).
        proposed: u16,
    },
    /// An activity SPDU from the side without the major/activity token (X.225 7.16).
    WithoutActivityToken(&'static str),
    /// The SPDU needs an activity in progress and none is.
    NoActivity {
        /// The SPDU's abbreviation.
        spdu: &'static str,
        /// The X.225 clause.
        clause: &'static str,
    },
    /// The SPDU is not allowed while an activity is in progress.
    InActivity {
        /// The SPDU's abbreviation.
        spdu: &'static str,
        /// The X.225 clause.
        clause: &'static str,
    },
    /// One of the fixed rules below.
    Rule(PeerRule),
}

/// Fixed rules, each about one SPDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerRule {
    /// AC must select exactly one of half-duplex and duplex (X.225 7.1.1).
    AcOneDuplexMode,
    /// AC may select only functional units CN proposed (X.225 7.1.1).
    AcUnitNotProposed,
    /// AC must place every token: "responder's choice" is for CN only (X.225 8.3.2).
    AcResponderChoice,
    /// AC must select a version CN proposed (X.225 7.1.1).
    AcVersion,
    /// GTC is not allowed inside an activity (X.225 7.33).
    GtcInActivity,
    /// GTC comes from the side holding every token (X.225 7.33).
    GtcWithoutTokens,
    /// GTA answers an outstanding GTC (X.225 7.34).
    GtaWithoutGtc,
    /// DT comes from the holder of the data token (X.225 7.3).
    DtWithoutToken,
    /// MIP needs the minor sync and data tokens (X.225 7.11).
    MipWithoutTokens,
    /// MAP needs the major/activity, minor sync and data tokens (X.225 7.12).
    MapWithoutTokens,
    /// MAP with activity management needs an activity (X.225 7.16).
    MapOutsideActivity,
    /// RS with activity management needs an activity (X.225 7.16).
    RsOutsideActivity,
    /// FN comes from the side holding every available token (X.225 7.7).
    FnWithoutTokens,
}

impl PeerRule {
    /// The rule's text and its X.225 clause, if the text cites one.
    fn parts(self) -> (&'static str, Option<&'static str>) {
        match self {
            PeerRule::AcOneDuplexMode => (
                "AC must select exactly one of half-duplex and duplex",
                Some("7.1.1"),
            ),
            PeerRule::AcUnitNotProposed => (
                "AC selected a functional unit that CN did not propose",
                Some("7.1.1"),
            ),
            PeerRule::AcResponderChoice => (
                "AC must place every token; \"responder's choice\" is for CN only",
                None,
            ),
            PeerRule::AcVersion => ("AC must select one version that CN proposed", Some("7.1.1")),
            PeerRule::GtcInActivity => ("GTC inside an activity", Some("7.33")),
            PeerRule::GtcWithoutTokens => (
                "GTC from a side that does not hold every token",
                Some("7.33"),
            ),
            PeerRule::GtaWithoutGtc => ("GTA without a GTC outstanding", Some("7.34")),
            PeerRule::DtWithoutToken => ("DT from the side without the data token", Some("7.3")),
            PeerRule::MipWithoutTokens => (
                "MIP from a side without the minor sync token and the data token",
                Some("7.11"),
            ),
            PeerRule::MapWithoutTokens => (
                "MAP from a side without the major/activity, minor sync and data tokens",
                Some("7.12"),
            ),
            PeerRule::MapOutsideActivity => ("MAP outside an activity", Some("7.16")),
            PeerRule::RsOutsideActivity => (
                "RS outside an activity with activity management selected",
                Some("7.16"),
            ),
            PeerRule::FnWithoutTokens => (
                "FN from a side that did not hold every available token",
                Some("7.7"),
            ),
        }
    }
}

impl fmt::Display for PeerRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parts() {
            (text, Some(clause)) => write!(f, "{text} (X.225 {clause})"),
            (text, None) => f.write_str(text),
        }
    }
}

impl PeerError {
    /// The X.225 clause the error's text cites, if it cites one.
    pub fn clause(&self) -> Option<&'static str> {
        match self {
            PeerError::TsduTooLong { .. } | PeerError::AcSizeRaised { .. } => Some("7.1.1"),
            PeerError::TokensAlreadyHeld(_) => Some("7.4.1"),
            PeerError::RaTokensUnplaced(_) | PeerError::RaTokensMoved(_) => Some("7.15"),
            PeerError::WithoutActivityToken(_) => Some("7.16"),
            PeerError::NoActivity { clause, .. } | PeerError::InActivity { clause, .. } => {
                Some(clause)
            }
            PeerError::Rule(rule) => rule.parts().1,
            _ => None,
        }
    }

    /// The octet offset in the TSDU where the problem is, for a decode error.
    pub fn offset(&self) -> Option<usize> {
        match self {
            PeerError::Decode(e) => Some(e.offset),
            _ => None,
        }
    }
}

impl From<DecodeError> for PeerError {
    fn from(e: DecodeError) -> Self {
        PeerError::Decode(e)
    }
}

impl From<PeerRule> for PeerError {
    fn from(rule: PeerRule) -> Self {
        PeerError::Rule(rule)
    }
}

impl fmt::Display for PeerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeerError::Decode(e) => write!(f, "{e}"),
            PeerError::TsduTooLong { length, max } => write!(
                f,
                "a TSDU of {length} octets is longer than the negotiated maximum {max} \
                 (X.225 7.1.1, TSDU Maximum Size PI 21)"
            ),
            PeerError::NotAllowed { spdu, state } => write!(
                f,
                "{} is not allowed in state {state} ({})",
                spdu.name(),
                spdu.rule()
            ),
            PeerError::UnitNotSelected { spdu, unit } => {
                write!(f, "{spdu} without the {unit} functional unit")
            }
            PeerError::Serial { spdu, error } => write!(f, "{spdu}: {error}"),
            PeerError::AnswerNotSent { answer, error } => {
                write!(f, "{answer} could not be sent: {error}")
            }
            PeerError::TokensNotInSession { spdu, tokens } => {
                let verb = if *spdu == "PT" { "asks for" } else { "gives" };
                let names = token_names(*tokens);
                write!(
                    f,
                    "{spdu} {verb} tokens ({names}) that do not exist in this session"
                )
            }
            PeerError::TokensAlreadyHeld(tokens) => write!(
                f,
                "GT gives tokens ({}) that this side already holds (X.225 7.4.1)",
                token_names(*tokens)
            ),
            PeerError::RaTokensUnplaced(tokens) => write!(
                f,
                "RA must place the {} token(s) the RS left to the acceptor's choice (X.225 7.15)",
                token_names(*tokens)
            ),
            PeerError::RaTokensMoved(tokens) => write!(
                f,
                "RA moves the {} token(s), which the RS placed (X.225 7.15)",
                token_names(*tokens)
            ),
            PeerError::RaSerialMismatch { got, asked } => {
                write!(f, "RA carries serial number {got} but RS asked for {asked}")
            }
            PeerError::AcSizeRaised {
                direction,
                selected,
                proposed,
            } => write!(
                f,
                "AC selected {} as the {direction} TSDU maximum size, more than the {} \
                 CN proposed (X.225 7.1.1: the responder may only lower it)",
                limit_text(*selected),
                limit_text(*proposed)
            ),
            PeerError::WithoutActivityToken(spdu) => write!(
                f,
                "{spdu} from the side without the major/activity token (X.225 7.16)"
            ),
            PeerError::NoActivity { spdu, clause } => {
                write!(f, "{spdu} with no activity in progress (X.225 {clause})")
            }
            PeerError::InActivity { spdu, clause } => {
                write!(
                    f,
                    "{spdu} while an activity is in progress (X.225 {clause})"
                )
            }
            PeerError::Rule(rule) => write!(f, "{rule}"),
        }
    }
}

/// Serialized as its text, as the trace wrote the error before it was typed.
impl Serialize for PeerError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_keeps_the_text_and_serializes_as_it() {
        let e = PeerError::NotAllowed {
            spdu: Incoming::Spdu(crate::protocol::codec::SpduKind::AC),
            state: State::DataTransfer,
        };
        let text = "AC is not allowed in state STA713 data transfer \
                    (X.225 7.1, Annex A: only in STA02A)";
        assert_eq!(e.to_string(), text);
        assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{text}\""));
        let fn_rule = PeerError::from(PeerRule::FnWithoutTokens);
        assert_eq!(
            fn_rule.to_string(),
            "FN from a side that did not hold every available token (X.225 7.7)"
        );
        assert_eq!(fn_rule.clause(), Some("7.7"));
        assert!(!PeerRule::AcResponderChoice.to_string().contains("X.225"));
        assert_eq!(PeerRule::AcResponderChoice.parts().1, None);
        let pt = PeerError::TokensNotInSession {
            spdu: "PT",
            tokens: TokenSet::DATA,
        };
        assert!(pt.to_string().starts_with("PT asks for tokens ("));
    }
}

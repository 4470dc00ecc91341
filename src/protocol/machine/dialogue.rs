//! Dialogue control and data (X.225 7.3 to 7.6): DT under the data token in half-duplex, TD
//! and EX whoever holds it, GT and PT moving tokens.

use bytes::Bytes;

use super::api::{Indication, UsageError};
use super::peer_error::{PeerError, PeerRule};
use super::{not_allowed, Machine, State};
use crate::protocol::codec::{
    DataTransfer, Expedited, FunctionalUnits, GiveTokens, PleaseTokens, Spdu, TokenSet, TypedData,
};

/// The most user data an EX SPDU carries (X.225 8.3.10).
const EXPEDITED_MAX: usize = 14;

/// States in which this side may send data: the session is up and no exchange blocks it.
const SEND_STATES: &[State] = &[State::DataTransfer];

/// States in which data from the peer may arrive: data sent before the peer saw our FN, MAP
/// or AE is still delivered, so that no data is lost (X.225 7.7, 7.11).
const RECEIVE_STATES: &[State] = &[
    State::DataTransfer,
    State::AwaitMajorAck,
    State::AwaitActivityEndAck,
    State::AwaitDisconnect,
];

impl Machine {
    /// S-DATA request: GT + DT. Half-duplex needs the data token; with activity management an
    /// activity must be in progress (X.225 7.3, 7.16).
    pub(super) fn send_data(&mut self, data: Bytes) -> Result<(), UsageError> {
        const REQ: &str = "S-DATA request";
        self.require_state(REQ, SEND_STATES)?;
        self.require_tokens(REQ, TokenSet::DATA)?;
        self.require_activity_if_managed(REQ)?;
        self.send(Spdu::DataTransfer(DataTransfer {
            enclosure: None,
            user_information: data,
        }))
    }

    /// S-TYPED-DATA request: TD, sent whoever holds the data token (X.225 7.6).
    pub(super) fn send_typed_data(&mut self, data: Bytes) -> Result<(), UsageError> {
        const REQ: &str = "S-TYPED-DATA request";
        self.require_state(REQ, SEND_STATES)?;
        self.require_unit(REQ, FunctionalUnits::TYPED_DATA, "typed data")?;
        self.send(Spdu::TypedData(TypedData {
            enclosure: None,
            user_information: data,
        }))
    }

    /// S-EXPEDITED-DATA request: EX, at most 14 octets, no token (X.225 7.5).
    pub(super) fn send_expedited(&mut self, data: Bytes) -> Result<(), UsageError> {
        const REQ: &str = "S-EXPEDITED-DATA request";
        self.require_state(REQ, SEND_STATES)?;
        self.require_unit(REQ, FunctionalUnits::EXPEDITED, "expedited data")?;
        if data.len() > EXPEDITED_MAX {
            return Err(UsageError::TooLarge {
                length: data.len(),
                max: EXPEDITED_MAX,
            });
        }
        self.send(Spdu::Expedited(Expedited {
            user_information: data,
        }))
    }

    /// S-TOKEN-GIVE request: GT with tokens this side holds (X.225 7.4.1).
    pub(super) fn give_tokens(&mut self, tokens: TokenSet) -> Result<(), UsageError> {
        const REQ: &str = "S-TOKEN-GIVE request";
        self.require_state(REQ, SEND_STATES)?;
        if tokens.is_empty() || !self.available_tokens().contains(tokens) {
            return Err(UsageError::TokenNotRequestable { tokens });
        }
        self.require_tokens(REQ, tokens)?;
        self.send(Spdu::GiveTokens(GiveTokens {
            tokens: Some(tokens),
            user_data: None,
        }))?;
        self.set_tokens(self.tokens - tokens);
        Ok(())
    }

    /// S-TOKEN-PLEASE request: PT for available tokens this side lacks (X.225 7.4.2).
    pub(super) fn please_tokens(&mut self, tokens: TokenSet) -> Result<(), UsageError> {
        const REQ: &str = "S-TOKEN-PLEASE request";
        self.require_state(REQ, SEND_STATES)?;
        self.require_no_control_outstanding(REQ)?;
        if tokens.is_empty()
            || !self.available_tokens().contains(tokens)
            || self.tokens.intersects(tokens)
        {
            return Err(UsageError::TokenNotRequestable { tokens });
        }
        self.send(Spdu::PleaseTokens(PleaseTokens {
            tokens: Some(tokens),
            user_data: None,
        }))
    }

    /// With activity management selected, data and sync points belong inside an activity
    /// (X.225 7.16).
    pub(super) fn require_activity_if_managed(
        &self,
        request: &'static str,
    ) -> Result<(), UsageError> {
        if self.unit_selected(FunctionalUnits::ACTIVITY_MANAGEMENT) && self.activity.is_none() {
            return Err(UsageError::Activity {
                request,
                rule: "with activity management selected, data and sync points need an activity in progress (X.225 7.16)",
            });
        }
        Ok(())
    }

    /// A data-carrying SPDU arrived: delivered, or a protocol error by state. (Purging after
    /// RS, AI or AD happens before dispatch, in `handle_tsdu`.)
    fn receive_data(&mut self, spdu: &'static str, tokens_checked: bool) -> Result<(), PeerError> {
        if !RECEIVE_STATES.contains(&self.state) {
            return Err(not_allowed(spdu, self.state));
        }
        if tokens_checked && self.tokens.contains(TokenSet::DATA) {
            return Err(PeerRule::DtWithoutToken.into());
        }
        Ok(())
    }

    /// DT received: only the data token's holder sends it in half-duplex.
    pub(super) fn on_data(&mut self, data: Bytes) -> Result<(), PeerError> {
        self.receive_data("DT", true)?;
        self.indicate(Indication::Data(data));
        Ok(())
    }

    /// TD received.
    pub(super) fn on_typed_data(&mut self, data: Bytes) -> Result<(), PeerError> {
        if !self.unit_selected(FunctionalUnits::TYPED_DATA) {
            return Err(PeerError::UnitNotSelected {
                spdu: "TD",
                unit: "typed data",
            });
        }
        self.receive_data("TD", false)?;
        self.indicate(Indication::TypedData(data));
        Ok(())
    }

    /// EX received.
    pub(super) fn on_expedited(&mut self, data: Bytes) -> Result<(), PeerError> {
        if !self.unit_selected(FunctionalUnits::EXPEDITED) {
            return Err(PeerError::UnitNotSelected {
                spdu: "EX",
                unit: "expedited data",
            });
        }
        self.receive_data("EX", false)?;
        self.indicate(Indication::Expedited(data));
        Ok(())
    }

    /// GT received: tokens the peer held are now ours (X.225 7.4.1). The empty GT that leads a
    /// concatenated TSDU moves nothing.
    pub(super) fn on_give_tokens(&mut self, tokens: TokenSet) -> Result<(), PeerError> {
        if tokens.is_empty() {
            return Ok(());
        }
        if !self.state.is_connected() {
            return Err(not_allowed("GT", self.state));
        }
        if !self.available_tokens().contains(tokens) {
            return Err(PeerError::TokensNotInSession { spdu: "GT", tokens });
        }
        if self.tokens.intersects(tokens) {
            return Err(PeerError::TokensAlreadyHeld(tokens));
        }
        self.set_tokens(self.tokens | tokens);
        self.indicate(Indication::TokensGiven(tokens));
        Ok(())
    }

    /// PT received: the peer asks for tokens (X.225 7.4.2). A request crossing a GT in flight
    /// is not an error.
    pub(super) fn on_please_tokens(&mut self, tokens: TokenSet) -> Result<(), PeerError> {
        if tokens.is_empty() {
            // An empty PT leads an acknowledgement in its TSDU (X.225 6.3.7); it asks for
            // nothing, as an empty GT gives nothing.
            return Ok(());
        }
        if !self.state.is_connected() {
            return Err(not_allowed("PT", self.state));
        }
        if !self.available_tokens().contains(tokens) {
            return Err(PeerError::TokensNotInSession { spdu: "PT", tokens });
        }
        self.indicate(Indication::TokensRequested(tokens));
        Ok(())
    }
}

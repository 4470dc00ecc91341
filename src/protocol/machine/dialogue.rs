//! Dialogue control and data (X.225 7.3 to 7.6): DT under the data token in half-duplex, TD
//! and EX whoever holds it, GT and PT moving tokens.

use bytes::Bytes;

use super::api::{Indication, UsageError};
use super::peer_error::{PeerError, PeerRule};
use super::Machine;
use crate::protocol::codec::{
    DataTransfer, Expedited, FunctionalUnits, GiveTokens, PleaseTokens, Spdu, TokenSet, TypedData,
};

/// The most user data an EX SPDU carries (X.225 8.3.10).
const EXPEDITED_MAX: usize = 14;

impl Machine {
    /// S-DATA request: GT + DT. Half-duplex needs the data token; with activity management an
    /// activity must be in progress (X.225 7.3, 7.16).
    pub(super) fn send_data(&mut self, data: Bytes) -> Result<(), UsageError> {
        const REQ: &str = "S-DATA request";
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
        self.require_unit(REQ, FunctionalUnits::TYPED_DATA, "typed data")?;
        self.send(Spdu::TypedData(TypedData {
            enclosure: None,
            user_information: data,
        }))
    }

    /// S-EXPEDITED-DATA request: EX, at most 14 octets, no token (X.225 7.5).
    pub(super) fn send_expedited(&mut self, data: Bytes) -> Result<(), UsageError> {
        const REQ: &str = "S-EXPEDITED-DATA request";
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

    /// DT received: only the data token's holder sends it in half-duplex. (The table admits
    /// data while our FN, MAP or AE is outstanding too, so that what the peer sent before it
    /// saw them is not lost; purging after RS, AI or AD happens before, in `handle_tsdu`.)
    pub(super) fn on_data(&mut self, data: Bytes) -> Result<(), PeerError> {
        if self.tokens.contains(TokenSet::DATA) {
            return Err(PeerRule::DtWithoutToken.into());
        }
        self.indicate(Indication::Data(data));
        Ok(())
    }

    /// TD received.
    pub(super) fn on_typed_data(&mut self, data: Bytes) -> Result<(), PeerError> {
        self.peer_unit_check("TD", FunctionalUnits::TYPED_DATA, "typed data")?;
        self.indicate(Indication::TypedData(data));
        Ok(())
    }

    /// EX received.
    pub(super) fn on_expedited(&mut self, data: Bytes) -> Result<(), PeerError> {
        self.peer_unit_check("EX", FunctionalUnits::EXPEDITED, "expedited data")?;
        self.indicate(Indication::Expedited(data));
        Ok(())
    }

    /// GT or PT must name tokens of the session (X.225 7.4.1, 7.4.2).
    fn peer_tokens_check(&self, spdu: &'static str, tokens: TokenSet) -> Result<(), PeerError> {
        let absent = PeerError::TokensNotInSession { spdu, tokens };
        let exist = self.available_tokens().contains(tokens);
        exist.then_some(()).ok_or(absent)
    }

    /// GT received: tokens the peer held are now ours (X.225 7.4.1). (An empty GT leading a
    /// concatenated TSDU moves nothing and never comes here: `Machine::on_spdu`.)
    pub(super) fn on_give_tokens(&mut self, tokens: TokenSet) -> Result<(), PeerError> {
        self.peer_tokens_check("GT", tokens)?;
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
        self.peer_tokens_check("PT", tokens)?;
        self.indicate(Indication::TokensRequested(tokens));
        Ok(())
    }
}

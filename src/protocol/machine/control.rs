//! Give control (X.225 7.33, 7.34): outside an activity, the side that holds every available
//! token passes all of them to its peer with GTC; the peer's SPM answers GTA at once and tells
//! its user that every token is now its own. Part of the activity management functional unit.

use super::api::{Indication, Record, UsageError};
use super::peer_error::{PeerError, PeerRule};
use super::phase::{Phase, DATA_TRANSFER};
use super::Machine;
use crate::protocol::codec::{FunctionalUnits, Spdu, TokenSet};

impl Machine {
    /// S-CONTROL-GIVE request: GTC, and every token goes to the peer (X.225 7.33). Needs
    /// activity management, no activity in progress, and every available token held.
    pub(super) fn give_control(&mut self) -> Result<(), UsageError> {
        const REQ: &str = "S-CONTROL-GIVE request";
        self.require_unit(
            REQ,
            FunctionalUnits::ACTIVITY_MANAGEMENT,
            "activity management",
        )?;
        if self.activity.is_some() {
            return Err(UsageError::Activity {
                request: REQ,
                rule: "control may only be given outside an activity (X.225 7.33)",
            });
        }
        self.require_tokens(REQ, TokenSet::ALL)?;
        self.send(Spdu::GiveTokensConfirm)?;
        self.set_state(Phase::DataTransfer {
            control_given: true,
        });
        self.set_tokens(TokenSet::EMPTY);
        Ok(())
    }

    /// GTC received: every available token is now ours; the SPM answers GTA itself and the
    /// user gets an S-CONTROL-GIVE indication (X.225 7.33).
    pub(super) fn on_give_control(&mut self) -> Result<(), PeerError> {
        self.peer_unit_check(
            "GTC",
            FunctionalUnits::ACTIVITY_MANAGEMENT,
            "activity management",
        )?;
        if self.activity.is_some() {
            return Err(PeerRule::GtcInActivity.into());
        }
        if self.tokens.intersects(self.available_tokens()) {
            return Err(PeerRule::GtcWithoutTokens.into());
        }
        self.send(Spdu::GiveTokensAck)
            .map_err(|error| PeerError::AnswerNotSent {
                answer: "GTA",
                error,
            })?;
        let all = self.available_tokens();
        self.set_tokens(all);
        self.indicate(Indication::ControlGiven(all));
        Ok(())
    }

    /// GTA received: the peer has taken control (X.225 7.34).
    pub(super) fn on_give_control_ack(&mut self) -> Result<(), PeerError> {
        if !self.control_given() {
            return Err(PeerRule::GtaWithoutGtc.into());
        }
        self.set_state(DATA_TRANSFER);
        self.record(Record::ControlTaken);
        Ok(())
    }

    /// A GTC was sent and its GTA has not arrived (STA713's data).
    fn control_given(&self) -> bool {
        matches!(
            self.phase,
            Phase::DataTransfer {
                control_given: true
            }
        )
    }

    /// While a GTC awaits its GTA, no PT is sent (as ISODE's SPM rules): the peer holds, or is
    /// about to hold, every token.
    pub(super) fn require_no_control_outstanding(
        &self,
        request: &'static str,
    ) -> Result<(), UsageError> {
        if self.control_given() {
            return Err(UsageError::Activity {
                request,
                rule: "control was given and the GTA has not arrived yet (X.225 7.34)",
            });
        }
        Ok(())
    }
}

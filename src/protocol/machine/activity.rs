//! Activity management (X.225 7.16 to 7.20): AS, AR, AI/AIA, AD/ADA, AE/AEA. An activity
//! interrupted by a lost transport is continued on a new session connection with AR, from the
//! last confirmed serial number.

use bytes::Bytes;

use super::api::{ConnectionRef, Indication, UsageError};
use super::peer_error::PeerError;
use super::{not_allowed, Machine, State};
use crate::protocol::codec::{
    ActivityDiscard, ActivityEnd, ActivityEndAck, ActivityInterrupt, ActivityReason,
    ActivityResume, ActivityStart, FunctionalUnits, LinkingInformation, SerialNumber, Spdu,
    TokenSet,
};

const AM: FunctionalUnits = FunctionalUnits::ACTIVITY_MANAGEMENT;

/// Activity interrupt and activity discard (X.225 7.18, 7.19): the same exchange with their
/// own SPDUs and states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Halt {
    /// AI, AIA.
    Interrupt,
    /// AD, ADA.
    Discard,
}

impl Halt {
    fn ask(self, reason: ActivityReason) -> Spdu {
        match self {
            Halt::Interrupt => Spdu::ActivityInterrupt(ActivityInterrupt {
                reason: Some(reason),
            }),
            Halt::Discard => Spdu::ActivityDiscard(ActivityDiscard {
                reason: Some(reason),
            }),
        }
    }
    fn answer(self) -> Spdu {
        match self {
            Halt::Interrupt => Spdu::ActivityInterruptAck,
            Halt::Discard => Spdu::ActivityDiscardAck,
        }
    }
    fn awaiting_ack(self) -> State {
        match self {
            Halt::Interrupt => State::AwaitInterruptAck,
            Halt::Discard => State::AwaitDiscardAck,
        }
    }
    fn awaiting_response(self) -> State {
        match self {
            Halt::Interrupt => State::AwaitInterruptResponse,
            Halt::Discard => State::AwaitDiscardResponse,
        }
    }
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Halt::Interrupt => ("AI", "AIA"),
            Halt::Discard => ("AD", "ADA"),
        }
    }
    fn clause(self) -> &'static str {
        match self {
            Halt::Interrupt => "7.18",
            Halt::Discard => "7.19",
        }
    }
}
const AM_NAME: &str = "activity management";

impl Machine {
    fn require_no_activity(&self, request: &'static str) -> Result<(), UsageError> {
        match self.activity {
            None => Ok(()),
            Some(_) => Err(UsageError::Activity {
                request,
                rule: "an activity is already in progress (X.225 7.16)",
            }),
        }
    }

    fn require_an_activity(&self, request: &'static str) -> Result<(), UsageError> {
        match self.activity {
            Some(_) => Ok(()),
            None => Err(UsageError::Activity {
                request,
                rule: "no activity is in progress (X.225 7.16)",
            }),
        }
    }

    /// Checks shared by the SPDUs of activity management received from the peer.
    fn peer_activity_check(&self, spdu: &'static str, states: &[State]) -> Result<(), PeerError> {
        if !states.contains(&self.state) {
            return Err(not_allowed(spdu, self.state));
        }
        if !self.unit_selected(AM) {
            return Err(PeerError::UnitNotSelected {
                spdu,
                unit: AM_NAME,
            });
        }
        if self.tokens.contains(TokenSet::MAJOR_ACTIVITY) {
            return Err(PeerError::WithoutActivityToken(spdu));
        }
        Ok(())
    }

    /// S-ACTIVITY-START request: AS; V(A) = V(M) = V(R) = 1.
    pub(super) fn activity_start(&mut self, id: Bytes) -> Result<(), UsageError> {
        const REQ: &str = "S-ACTIVITY-START request";
        self.require_state(REQ, &[State::DataTransfer])?;
        self.require_unit(REQ, AM, AM_NAME)?;
        self.require_tokens(REQ, TokenSet::MAJOR_ACTIVITY)?;
        self.require_no_activity(REQ)?;
        self.send(Spdu::ActivityStart(ActivityStart {
            activity_id: id.clone(),
            user_data: None,
        }))?;
        self.serials.start_activity();
        self.activity = Some(id);
        Ok(())
    }

    /// AS received.
    pub(super) fn on_activity_start(&mut self, id: Bytes) -> Result<(), PeerError> {
        self.peer_activity_check("AS", &[State::DataTransfer])?;
        if self.activity.is_some() {
            return Err(PeerError::InActivity {
                spdu: "AS",
                clause: "7.16",
            });
        }
        self.serials.start_activity();
        self.activity = Some(id.clone());
        self.indicate(Indication::ActivityStarted(id));
        Ok(())
    }

    /// S-ACTIVITY-RESUME request: AR naming the old connection, the old activity and the
    /// serial number to resume from; V(A) = V(M) = V(R) = sn + 1 (X.225 7.17).
    pub(super) fn activity_resume(
        &mut self,
        old: ConnectionRef,
        old_id: Bytes,
        serial: SerialNumber,
        id: Bytes,
    ) -> Result<(), UsageError> {
        const REQ: &str = "S-ACTIVITY-RESUME request";
        self.require_state(REQ, &[State::DataTransfer])?;
        self.require_unit(REQ, AM, AM_NAME)?;
        self.require_tokens(REQ, TokenSet::MAJOR_ACTIVITY)?;
        self.require_no_activity(REQ)?;
        let mut serials = self.serials;
        serials.resume_activity(serial)?;
        self.send(Spdu::ActivityResume(ActivityResume {
            linking: LinkingInformation {
                called_ss_user_reference: Some(old.called),
                calling_ss_user_reference: Some(old.calling),
                common_reference: None,
                additional_reference: None,
                old_activity_id: old_id,
                serial_number: serial,
            },
            activity_id: id.clone(),
            user_data: None,
        }))?;
        self.serials = serials;
        self.activity = Some(id);
        Ok(())
    }

    /// AR received: the user checks the old connection and serial number it names.
    pub(super) fn on_activity_resume(&mut self, ar: ActivityResume) -> Result<(), PeerError> {
        self.peer_activity_check("AR", &[State::DataTransfer])?;
        if self.activity.is_some() {
            return Err(PeerError::InActivity {
                spdu: "AR",
                clause: "7.17",
            });
        }
        let sn = ar.linking.serial_number;
        self.serials
            .resume_activity(sn)
            .map_err(|error| PeerError::Serial { spdu: "AR", error })?;
        self.activity = Some(ar.activity_id.clone());
        self.indicate(Indication::ActivityResumed {
            old_connection: ConnectionRef {
                calling: ar.linking.calling_ss_user_reference.unwrap_or_default(),
                called: ar.linking.called_ss_user_reference.unwrap_or_default(),
            },
            old_id: ar.linking.old_activity_id,
            serial: sn,
            id: ar.activity_id,
        });
        Ok(())
    }

    /// S-ACTIVITY-INTERRUPT or -DISCARD request: AI or AD; data in transit is purged until
    /// the answer (X.225 7.18, 7.19).
    pub(super) fn halt_activity(
        &mut self,
        halt: Halt,
        reason: ActivityReason,
        request: &'static str,
    ) -> Result<(), UsageError> {
        self.require_state(request, &[State::DataTransfer])?;
        self.require_unit(request, AM, AM_NAME)?;
        self.require_tokens(request, TokenSet::MAJOR_ACTIVITY)?;
        self.require_an_activity(request)?;
        self.send(halt.ask(reason))?;
        self.set_state(halt.awaiting_ack());
        Ok(())
    }

    /// AI or AD received: the user must answer (STA11B, STA11C). Either beats a crossing RS,
    /// which is abandoned (X.225 7.14.3, as ISODE does).
    pub(super) fn on_halt(
        &mut self,
        halt: Halt,
        reason: Option<ActivityReason>,
    ) -> Result<(), PeerError> {
        let (spdu, _) = halt.names();
        self.peer_activity_check(spdu, &[State::DataTransfer, State::AwaitResyncAck])?;
        self.pending_resync = None;
        if self.activity.is_none() {
            return Err(PeerError::NoActivity {
                spdu,
                clause: halt.clause(),
            });
        }
        self.set_state(halt.awaiting_response());
        let reason = reason.unwrap_or(ActivityReason::NONE);
        self.indicate(match halt {
            Halt::Interrupt => Indication::ActivityInterrupted(reason),
            Halt::Discard => Indication::ActivityDiscarded(reason),
        });
        Ok(())
    }

    /// S-ACTIVITY-INTERRUPT or -DISCARD response: AIA or ADA; the activity is over (an
    /// interrupted one may be resumed later), and every token goes to the side that asked
    /// (X.225 7.18.3, 7.19.3).
    pub(super) fn halt_confirm(
        &mut self,
        halt: Halt,
        request: &'static str,
    ) -> Result<(), UsageError> {
        self.require_state(request, &[halt.awaiting_response()])?;
        self.send(halt.answer())?;
        self.activity = None;
        self.set_tokens(TokenSet::EMPTY);
        self.set_state(State::DataTransfer);
        Ok(())
    }

    /// AIA or ADA received: this side now holds every token.
    pub(super) fn on_halt_ack(&mut self, halt: Halt) -> Result<(), PeerError> {
        if self.state != halt.awaiting_ack() {
            return Err(not_allowed(halt.names().1, self.state));
        }
        self.activity = None;
        self.set_tokens(self.available_tokens());
        self.set_state(State::DataTransfer);
        self.indicate(match halt {
            Halt::Interrupt => Indication::ActivityInterruptConfirmed,
            Halt::Discard => Indication::ActivityDiscardConfirmed,
        });
        Ok(())
    }

    /// S-ACTIVITY-END request: AE with V(M), like a major sync point that ends the activity
    /// (X.225 7.20). Needs every available token.
    pub(super) fn activity_end(&mut self) -> Result<(), UsageError> {
        const REQ: &str = "S-ACTIVITY-END request";
        self.require_state(REQ, &[State::DataTransfer])?;
        self.require_unit(REQ, AM, AM_NAME)?;
        self.require_tokens(
            REQ,
            TokenSet::DATA | TokenSet::MINOR_SYNC | TokenSet::MAJOR_ACTIVITY,
        )?;
        self.require_an_activity(REQ)?;
        let mut serials = self.serials;
        let sn = serials.send_point()?;
        self.send(Spdu::ActivityEnd(ActivityEnd {
            sync_type_item: false,
            serial_number: sn,
            user_data: None,
        }))?;
        self.serials = serials;
        self.set_state(State::AwaitActivityEndAck);
        Ok(())
    }

    /// AE received (or a MAP without "activity not ended" while activity management is
    /// selected): the user must answer (STA10B).
    pub(super) fn on_activity_end(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        if !self.unit_selected(AM) && self.unit_selected(FunctionalUnits::MAJOR_SYNC) {
            // Without activity management a MAP may omit the Sync Type Item (X.225 8.3.20).
            return self.on_major_sync(sn);
        }
        self.peer_activity_check("AE", &[State::DataTransfer])?;
        if self.activity.is_none() {
            return Err(PeerError::NoActivity {
                spdu: "AE",
                clause: "7.20",
            });
        }
        self.serials
            .receive_point(sn)
            .map_err(|error| PeerError::Serial { spdu: "AE", error })?;
        self.set_state(State::AwaitActivityEndResponse);
        self.indicate(Indication::ActivityEnded(sn));
        Ok(())
    }

    /// S-ACTIVITY-END response: AEA; the activity is complete.
    pub(super) fn activity_end_confirm(&mut self) -> Result<(), UsageError> {
        const REQ: &str = "S-ACTIVITY-END response";
        self.require_state(REQ, &[State::AwaitActivityEndResponse])?;
        let sn = SerialNumber::new(self.serials.vm - 1).unwrap_or_default();
        let mut serials = self.serials;
        serials.confirm_major(sn)?;
        self.send(Spdu::ActivityEndAck(ActivityEndAck {
            serial_number: sn,
            user_data: None,
        }))?;
        self.serials = serials;
        self.activity = None;
        self.set_state(State::DataTransfer);
        Ok(())
    }

    /// AEA received.
    pub(super) fn on_activity_end_ack(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        if self.state != State::AwaitActivityEndAck {
            return Err(not_allowed("AEA", self.state));
        }
        self.serials
            .confirm_major(sn)
            .map_err(|error| PeerError::Serial { spdu: "AEA", error })?;
        self.activity = None;
        self.set_state(State::DataTransfer);
        self.indicate(Indication::ActivityEndConfirmed(sn));
        Ok(())
    }
}

//! Activity management (X.225 7.16 to 7.20): AS, AR, AI/AIA, AD/ADA, AE/AEA. An activity
//! interrupted by a lost transport is continued on a new session connection with AR, from the
//! last confirmed serial number.

use bytes::Bytes;

use super::api::{ConnectionRef, Indication, UsageError};
use super::peer_error::PeerError;
use super::phase::{Phase, DATA_TRANSFER};
use super::Machine;
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
    fn awaiting_ack(self) -> Phase {
        match self {
            Halt::Interrupt => Phase::AwaitInterruptAck,
            Halt::Discard => Phase::AwaitDiscardAck,
        }
    }
    fn awaiting_response(self) -> Phase {
        match self {
            Halt::Interrupt => Phase::AwaitInterruptResponse,
            Halt::Discard => Phase::AwaitDiscardResponse,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Halt::Interrupt => "AI",
            Halt::Discard => "AD",
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

    /// The checks shared by S-ACTIVITY-START and S-ACTIVITY-RESUME (X.225 7.16, 7.17): the
    /// unit, the major/activity token, and no activity in progress.
    fn require_new_activity(&self, request: &'static str) -> Result<(), UsageError> {
        self.require_unit(request, AM, AM_NAME)?;
        self.require_tokens(request, TokenSet::MAJOR_ACTIVITY)?;
        self.require_no_activity(request)
    }

    /// Checks shared by the SPDUs of activity management received from the peer.
    fn peer_activity_check(&self, spdu: &'static str) -> Result<(), PeerError> {
        self.peer_unit_check(spdu, AM, AM_NAME)?;
        if self.tokens.contains(TokenSet::MAJOR_ACTIVITY) {
            return Err(PeerError::WithoutActivityToken(spdu));
        }
        Ok(())
    }

    /// S-ACTIVITY-START request: AS; V(A) = V(M) = V(R) = 1.
    pub(super) fn activity_start(&mut self, id: Bytes) -> Result<(), UsageError> {
        self.require_new_activity("S-ACTIVITY-START request")?;
        self.send(Spdu::ActivityStart(ActivityStart {
            activity_id: id.clone(),
            user_data: None,
        }))?;
        self.serials.start_activity();
        self.activity = Some(id);
        Ok(())
    }

    /// The checks shared by AS and AR received (X.225 7.16, 7.17): those of
    /// [`Machine::peer_activity_check`], and no activity in progress.
    fn peer_new_activity_check(
        &self,
        spdu: &'static str,
        clause: &'static str,
    ) -> Result<(), PeerError> {
        self.peer_activity_check(spdu)?;
        match self.activity {
            None => Ok(()),
            Some(_) => Err(PeerError::InActivity { spdu, clause }),
        }
    }

    /// AS received.
    pub(super) fn on_activity_start(&mut self, id: Bytes) -> Result<(), PeerError> {
        self.peer_new_activity_check("AS", "7.16")?;
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
        self.require_new_activity("S-ACTIVITY-RESUME request")?;
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
        self.peer_new_activity_check("AR", "7.17")?;
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
        self.require_unit(request, AM, AM_NAME)?;
        self.require_tokens(request, TokenSet::MAJOR_ACTIVITY)?;
        self.require_an_activity(request)?;
        self.send(halt.ask(reason))?;
        self.set_state(halt.awaiting_ack());
        Ok(())
    }

    /// AI or AD received: the user must answer (STA11B, STA11C). Either beats a crossing RS,
    /// which is abandoned with STA05A's data (X.225 7.14.3, as ISODE does).
    pub(super) fn on_halt(
        &mut self,
        halt: Halt,
        reason: Option<ActivityReason>,
    ) -> Result<(), PeerError> {
        let spdu = halt.name();
        self.peer_activity_check(spdu)?;
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
    pub(super) fn halt_confirm(&mut self, halt: Halt) -> Result<(), UsageError> {
        self.send(halt.answer())?;
        self.activity = None;
        self.set_tokens(TokenSet::EMPTY);
        self.set_state(DATA_TRANSFER);
        Ok(())
    }

    /// AIA or ADA received: this side now holds every token.
    pub(super) fn on_halt_ack(&mut self, halt: Halt) -> Result<(), PeerError> {
        self.activity = None;
        self.set_tokens(self.available_tokens());
        self.set_state(DATA_TRANSFER);
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
        self.require_unit(REQ, AM, AM_NAME)?;
        self.require_tokens(
            REQ,
            TokenSet::DATA | TokenSet::MINOR_SYNC | TokenSet::MAJOR_ACTIVITY,
        )?;
        self.require_an_activity(REQ)?;
        self.send_point(|serial_number| {
            Spdu::ActivityEnd(ActivityEnd {
                sync_type_item: false,
                serial_number,
                user_data: None,
            })
        })?;
        self.set_state(Phase::AwaitActivityEndAck);
        Ok(())
    }

    /// AE received (a MAP without "activity not ended" while activity management is
    /// selected; without it the SPDU is read as a MAP, `Machine::incoming`): the user must
    /// answer (STA10B).
    pub(super) fn on_activity_end(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        self.peer_activity_check("AE")?;
        if self.activity.is_none() {
            return Err(PeerError::NoActivity {
                spdu: "AE",
                clause: "7.20",
            });
        }
        self.receive_point("AE", sn)?;
        self.set_state(Phase::AwaitActivityEndResponse);
        self.indicate(Indication::ActivityEnded(sn));
        Ok(())
    }

    /// S-ACTIVITY-END response: AEA; the activity is complete.
    pub(super) fn activity_end_confirm(&mut self) -> Result<(), UsageError> {
        self.confirm_major_point(|serial_number| {
            Spdu::ActivityEndAck(ActivityEndAck {
                serial_number,
                user_data: None,
            })
        })?;
        self.activity = None;
        Ok(())
    }

    /// AEA received.
    pub(super) fn on_activity_end_ack(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        self.major_point_confirmed("AEA", sn)?;
        self.activity = None;
        self.indicate(Indication::ActivityEndConfirmed(sn));
        Ok(())
    }
}

//! Synchronization (X.225 7.11 to 7.14): minor sync points (MIP, MIA), major sync points
//! (MAP, MAA) that block the sender until confirmed, and resynchronize (RS, RA) with the purge
//! of data in transit.

use super::api::{Indication, Record, UsageError};
use super::peer_error::{PeerError, PeerRule};
use super::phase::{Phase, Resync, DATA_TRANSFER};
use super::{Incoming, Machine, RequestKind, Role};
use crate::protocol::codec::{
    FunctionalUnits, MajorSync, MajorSyncAck, MinorSync, MinorSyncAck, ResyncType, Resynchronize,
    ResynchronizeAck, SerialNumber, Spdu, SpduKind, TokenSet, TokenSetting,
};

impl Machine {
    /// S-SYNC-MINOR request: MIP with V(M). Needs the minor token, and the data token if it
    /// exists (X.225 7.11).
    pub(super) fn minor_sync(&mut self, confirm: bool) -> Result<(), UsageError> {
        const REQ: &str = "S-SYNC-MINOR request";
        self.require_unit(REQ, FunctionalUnits::MINOR_SYNC, "minor synchronize")?;
        self.require_tokens(REQ, TokenSet::MINOR_SYNC | TokenSet::DATA)?;
        self.require_activity_if_managed(REQ)?;
        self.send_point(|serial_number| {
            Spdu::MinorSync(MinorSync {
                no_explicit_confirmation: (!confirm).then_some(true),
                serial_number,
                user_data: None,
            })
        })
    }

    /// Sends a sync point (MIP, MAP or AE) numbered V(M); V(M) moves on only once it is
    /// sent (X.225 A.4.2).
    pub(super) fn send_point(
        &mut self,
        point: impl FnOnce(SerialNumber) -> Spdu,
    ) -> Result<(), UsageError> {
        let mut serials = self.serials;
        let sn = serials.send_point()?;
        self.send(point(sn))?;
        self.serials = serials;
        Ok(())
    }

    /// MIP received: it must carry V(M) (X.225 A.4.2).
    pub(super) fn on_minor_sync(
        &mut self,
        sn: SerialNumber,
        confirm: bool,
    ) -> Result<(), PeerError> {
        self.peer_unit_check("MIP", FunctionalUnits::MINOR_SYNC, "minor synchronize")?;
        if self
            .tokens
            .intersects((TokenSet::MINOR_SYNC | TokenSet::DATA) & self.available_tokens())
        {
            return Err(PeerRule::MipWithoutTokens.into());
        }
        self.receive_point("MIP", sn)?;
        self.indicate(Indication::MinorSync {
            serial: sn,
            confirm_required: confirm,
        });
        Ok(())
    }

    /// S-SYNC-MINOR response: MIA confirming every point up to `sn`.
    pub(super) fn minor_sync_confirm(&mut self, sn: SerialNumber) -> Result<(), UsageError> {
        let mut serials = self.serials;
        serials.confirm_minor(sn, true)?;
        self.send(Spdu::MinorSyncAck(MinorSyncAck {
            serial_number: sn,
            user_data: None,
        }))?;
        self.serials = serials;
        Ok(())
    }

    /// MIA received: confirms every point up to `sn` (V(A) := sn + 1).
    pub(super) fn on_minor_sync_ack(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        self.serials
            .confirm_minor(sn, false)
            .map_err(|error| PeerError::Serial { spdu: "MIA", error })?;
        self.indicate(Indication::MinorSyncConfirmed(sn));
        Ok(())
    }

    /// S-SYNC-MAJOR request: MAP with V(M); sending is blocked until MAA. Needs the
    /// major/activity token, and the data and minor tokens if they exist (X.225 7.12).
    pub(super) fn major_sync(&mut self) -> Result<(), UsageError> {
        const REQ: &str = "S-SYNC-MAJOR request";
        self.require_unit(REQ, FunctionalUnits::MAJOR_SYNC, "major synchronize")?;
        // Not the release token: a major sync point does not end the connection, and the
        // receiver (`on_major_sync`) checks these same three.
        self.require_tokens(
            REQ,
            TokenSet::MAJOR_ACTIVITY | TokenSet::MINOR_SYNC | TokenSet::DATA,
        )?;
        self.require_activity_if_managed(REQ)?;
        self.send_point(|serial_number| {
            Spdu::MajorSync(MajorSync {
                serial_number,
                user_data: None,
            })
        })?;
        self.set_state(Phase::AwaitMajorAck);
        Ok(())
    }

    /// MAP received: the user must answer (STA10A).
    pub(super) fn on_major_sync(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        self.peer_unit_check("MAP", FunctionalUnits::MAJOR_SYNC, "major synchronize")?;
        if self.tokens.intersects(
            (TokenSet::MAJOR_ACTIVITY | TokenSet::MINOR_SYNC | TokenSet::DATA)
                & self.available_tokens(),
        ) {
            return Err(PeerRule::MapWithoutTokens.into());
        }
        if self.unit_selected(FunctionalUnits::ACTIVITY_MANAGEMENT) && self.activity.is_none() {
            return Err(PeerRule::MapOutsideActivity.into());
        }
        self.receive_point("MAP", sn)?;
        self.set_state(Phase::AwaitMajorResponse);
        self.indicate(Indication::MajorSync(sn));
        Ok(())
    }

    /// S-SYNC-MAJOR response: MAA; the dialogue unit is closed (V(A) = V(R) = V(M)).
    pub(super) fn major_sync_confirm(&mut self) -> Result<(), UsageError> {
        self.confirm_major_point(|serial_number| {
            Spdu::MajorSyncAck(MajorSyncAck {
                serial_number,
                user_data: None,
            })
        })
    }

    /// The answer to the peer's major sync point or activity end: `ack` (MAA or AEA) with
    /// V(M) - 1, which closes the dialogue unit, and back to STA713 (X.225 7.12, 7.20).
    pub(super) fn confirm_major_point(
        &mut self,
        ack: impl FnOnce(SerialNumber) -> Spdu,
    ) -> Result<(), UsageError> {
        let sn = SerialNumber::new(self.serials.vm - 1).unwrap_or_default();
        let mut serials = self.serials;
        serials.confirm_major(sn)?;
        self.send(ack(sn))?;
        self.serials = serials;
        self.set_state(DATA_TRANSFER);
        Ok(())
    }

    /// MAA received: the sender may go on (STA713).
    pub(super) fn on_major_sync_ack(&mut self, sn: SerialNumber) -> Result<(), PeerError> {
        self.major_point_confirmed("MAA", sn)?;
        self.indicate(Indication::MajorSyncConfirmed(sn));
        Ok(())
    }

    /// MIP, MAP or AE received: it must carry V(M) (X.225 A.4.2).
    pub(super) fn receive_point(
        &mut self,
        spdu: &'static str,
        sn: SerialNumber,
    ) -> Result<(), PeerError> {
        self.serials
            .receive_point(sn)
            .map_err(|error| PeerError::Serial { spdu, error })
    }

    /// MAA or AEA received: it must confirm V(M) - 1, which closes the dialogue unit; back to
    /// STA713 (X.225 7.12, 7.20).
    pub(super) fn major_point_confirmed(
        &mut self,
        spdu: &'static str,
        sn: SerialNumber,
    ) -> Result<(), PeerError> {
        self.serials
            .confirm_major(sn)
            .map_err(|error| PeerError::Serial { spdu, error })?;
        self.set_state(DATA_TRANSFER);
        Ok(())
    }

    /// S-RESYNCHRONIZE request: RS; no token needed; received data is purged until RA
    /// (X.225 7.14).
    pub(super) fn resynchronize(
        &mut self,
        kind: ResyncType,
        serial: Option<SerialNumber>,
        tokens: Option<TokenSetting>,
    ) -> Result<(), UsageError> {
        const REQ: &str = "S-RESYNCHRONIZE request";
        self.require_unit(REQ, FunctionalUnits::RESYNCHRONIZE, "resynchronize")?;
        if self.unit_selected(FunctionalUnits::ACTIVITY_MANAGEMENT) && self.activity.is_none() {
            // Outside an activity the serial numbers are not the activity's: an RS crossing
            // the peer's AS would name a point before its V(R) (ISODE refuses it likewise).
            return Err(UsageError::Activity {
                request: REQ,
                rule: "with activity management selected, resynchronize needs an activity in progress (X.225 7.14, 7.16)",
            });
        }
        let sn = self.serials.resync_target(kind, serial)?;
        let setting = tokens.unwrap_or_else(|| self.current_token_setting());
        self.check_rs_setting(REQ, setting)?;
        self.send(Spdu::Resynchronize(Resynchronize {
            token_setting: Some(setting),
            resync_type: kind,
            serial_number: sn,
            user_data: None,
        }))?;
        self.set_state(Phase::AwaitResyncAck(Resync {
            kind,
            serial: sn,
            tokens: setting,
        }));
        Ok(())
    }

    /// RS received. When both sides resynchronize at once, the one that takes precedence
    /// (X.225 7.14.3) is answered and the other dropped. In STA03 the RS crossed our FN: the
    /// peer, waiting for its RA, purges the FN (X.225 7.14), so the release is dropped here
    /// too and the RS answered.
    pub(super) fn on_resynchronize(&mut self, rs: Resynchronize) -> Result<(), PeerError> {
        if let Phase::AwaitResyncAck(ours) = self.phase {
            if self.our_resync_wins(ours, rs.resync_type, rs.serial_number) {
                self.record(Record::Discarded {
                    spdu: "RS",
                    why: "resynchronize collision: ours takes precedence (X.225 7.14.3)",
                });
                return Ok(());
            }
        }
        self.peer_unit_check("RS", FunctionalUnits::RESYNCHRONIZE, "resynchronize")?;
        if self.unit_selected(FunctionalUnits::ACTIVITY_MANAGEMENT) && self.activity.is_none() {
            return Err(PeerRule::RsOutsideActivity.into());
        }
        let sn = rs.serial_number;
        if rs.resync_type == ResyncType::Restart {
            self.serials
                .check_peer_restart(sn)
                .map_err(|error| PeerError::Serial { spdu: "RS", error })?;
        }
        // A token may be left to our choice; the user places it in the response (X.225 7.14).
        let setting = rs
            .token_setting
            .unwrap_or_else(|| self.current_token_setting());
        self.set_state(Phase::AwaitResyncResponse(Resync {
            kind: rs.resync_type,
            serial: sn,
            tokens: setting,
        }));
        self.indicate(Indication::Resynchronize {
            kind: rs.resync_type,
            serial: sn,
            tokens: setting,
        });
        Ok(())
    }

    /// When both sides resynchronize at once (X.225 7.14.3): abandon beats set, set beats
    /// restart; between two restarts the lower serial number wins; otherwise the initiator's.
    fn our_resync_wins(&self, ours: Resync, theirs: ResyncType, their_sn: SerialNumber) -> bool {
        let rank = |k: ResyncType| match k {
            ResyncType::Abandon => 3,
            ResyncType::Set => 2,
            ResyncType::Restart => 1,
        };
        let (ours, our_sn) = (ours.kind, ours.serial);
        match rank(ours).cmp(&rank(theirs)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal if ours == ResyncType::Restart && our_sn != their_sn => {
                our_sn < their_sn
            }
            std::cmp::Ordering::Equal => self.role == Role::Initiator,
        }
    }

    /// S-RESYNCHRONIZE response: RA; both sides continue from the agreed serial number, with
    /// the tokens where the RS and this side's choices put them (X.225 7.15).
    pub(super) fn resynchronize_confirm(
        &mut self,
        tokens: Option<TokenSetting>,
    ) -> Result<(), UsageError> {
        const REQ: &str = "S-RESYNCHRONIZE response";
        let Phase::AwaitResyncResponse(rs) = self.phase else {
            return Err(self.wrong_state(RequestKind::ResynchronizeConfirm));
        };
        let (kind, sn) = (rs.kind, rs.serial);
        let setting = self.answer_rs_setting(REQ, rs.tokens, tokens)?;
        self.send(Spdu::ResynchronizeAck(ResynchronizeAck {
            token_setting: Some(setting),
            serial_number: sn,
            user_data: None,
        }))?;
        self.complete_resync(kind, sn, setting);
        Ok(())
    }

    /// RA received: the resynchronization is done, with the tokens where its Token Setting
    /// Item puts them (X.225 7.15).
    pub(super) fn on_resynchronize_ack(&mut self, ra: ResynchronizeAck) -> Result<(), PeerError> {
        let Phase::AwaitResyncAck(ours) = self.phase else {
            return Err(self.not_allowed(Incoming::Spdu(SpduKind::RA)));
        };
        let (kind, sn, proposed) = (ours.kind, ours.serial, ours.tokens);
        if ra.serial_number != sn {
            return Err(PeerError::RaSerialMismatch {
                got: ra.serial_number,
                asked: sn,
            });
        }
        let setting = self.check_ra_setting(proposed, ra.token_setting)?;
        self.complete_resync(kind, sn, setting);
        self.indicate(Indication::ResynchronizeConfirmed(sn));
        Ok(())
    }

    /// The resynchronization is done: to STA713, where no GTC is outstanding any more (a
    /// GTA purged by the resynchronize is owed no more: the token setting rules).
    fn complete_resync(&mut self, kind: ResyncType, sn: SerialNumber, setting: TokenSetting) {
        self.serials.resync_to(kind, sn);
        let held = self.tokens_for(setting, self.available_tokens());
        self.set_tokens(held);
        self.set_state(DATA_TRANSFER);
    }
}

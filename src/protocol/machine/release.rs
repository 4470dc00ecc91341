//! Ending a session: orderly release (FN, DN, NF; X.225 7.7, 7.8), user abort (AB, AA;
//! 7.9.1), and what the transport's loss and the timer TIM do (7.10, A.4.1).

use bytes::Bytes;

use super::api::{AbortCause, Indication, Record, TransportRequest, UsageError};
use super::peer_error::{PeerError, PeerRule};
use super::phase::{Phase, Release, DATA_TRANSFER};
use super::{Machine, RequestKind, State};
use crate::protocol::codec::{
    Abort, Disconnect, Finish, FunctionalUnits, NotFinished, Spdu, TokenSet, TransportDisconnect,
};

impl Machine {
    /// S-RELEASE request: FN, after every DT already sent; needs every available token and
    /// no activity in progress (X.225 7.7).
    pub(super) fn release(&mut self, user_data: Option<Bytes>) -> Result<(), UsageError> {
        const REQ: &str = "S-RELEASE request";
        self.check_user_data(REQ, Kind::Release, &user_data)?;
        self.require_tokens(REQ, TokenSet::ALL)?;
        if self.activity.is_some() {
            return Err(UsageError::Activity {
                request: REQ,
                rule: "an activity is in progress; end, interrupt or discard it first (X.225 7.16)",
            });
        }
        self.send(Spdu::Finish(Finish {
            transport_disconnect: Some(TransportDisconnect::RELEASED),
            user_data,
        }))?;
        self.set_state(Phase::AwaitDisconnect);
        Ok(())
    }

    /// FN received: every DT the peer sent before it has been delivered, since the transport
    /// keeps order. The table admits it in STA713, and in STA03 when it crosses our FN: a
    /// release collision (X.225 7.7.2).
    pub(super) fn on_finish(&mut self, user_data: Option<Bytes>) -> Result<(), PeerError> {
        let release = if self.state() == State::AwaitDisconnect {
            Release::Collision
        } else {
            if !self.tokens.intersection(self.available_tokens()).is_empty() {
                return Err(PeerRule::FnWithoutTokens.into());
            }
            if self.activity.is_some() {
                return Err(PeerError::InActivity {
                    spdu: "FN",
                    clause: "7.16",
                });
            }
            Release::Plain
        };
        self.set_state(Phase::AwaitReleaseResponse { release });
        self.indicate(Indication::Release { user_data });
        Ok(())
    }

    /// S-RELEASE response: DN to accept, NF to refuse (negotiated release only).
    pub(super) fn release_response(
        &mut self,
        accept: bool,
        user_data: Option<Bytes>,
    ) -> Result<(), UsageError> {
        const REQ: &str = "S-RELEASE response";
        let Phase::AwaitReleaseResponse { release } = &self.phase else {
            return Err(self.wrong_state(RequestKind::ReleaseResponse));
        };
        let release = release.clone();
        self.check_user_data(REQ, Kind::Release, &user_data)?;
        if accept {
            self.send(Spdu::Disconnect(Disconnect { user_data }))?;
            match release {
                // Both FNs are answered: the session is released (the peer's DN, with its
                // user data, came before our user answered).
                Release::CollisionAnswered(user_data) => {
                    self.indicate(Indication::Released { user_data });
                    self.end_session();
                    self.transport(TransportRequest::Disconnect);
                }
                // Our own FN still waits for its DN.
                Release::Collision => self.set_state(Phase::AwaitDisconnect),
                Release::Plain => self.await_transport_close(),
            }
        } else {
            self.require_unit(
                REQ,
                FunctionalUnits::NEGOTIATED_RELEASE,
                "negotiated release",
            )?;
            self.send(Spdu::NotFinished(NotFinished { user_data }))?;
            self.set_state(DATA_TRANSFER);
        }
        Ok(())
    }

    /// DN received: released; the FN's sender closes the transport. The table admits it in
    /// STA03, and in STA09 in a release collision, where the peer answered our FN before our
    /// user answered theirs (X.225 A.4.3).
    pub(super) fn on_disconnect(&mut self, user_data: Option<Bytes>) -> Result<(), PeerError> {
        if self.state() == State::AwaitReleaseResponse {
            let release = Release::CollisionAnswered(user_data);
            self.set_state(Phase::AwaitReleaseResponse { release });
            return Ok(());
        }
        self.indicate(Indication::Released { user_data });
        self.end_session();
        self.transport(TransportRequest::Disconnect);
        Ok(())
    }

    /// NF received: the release is refused; data transfer goes on.
    pub(super) fn on_not_finished(&mut self, user_data: Option<Bytes>) -> Result<(), PeerError> {
        self.set_state(DATA_TRANSFER);
        self.indicate(Indication::ReleaseRefused { user_data });
        Ok(())
    }

    /// S-U-ABORT request: AB, then wait for the peer to close the transport (X.225 7.9.1).
    /// Before CN is sent or received (STA01B, STA01C) there is no peer SPM to tell: the
    /// transport alone is closed.
    pub(super) fn user_abort(&mut self, user_data: Option<Bytes>) -> Result<(), UsageError> {
        const REQ: &str = "S-U-ABORT request";
        self.check_user_data(REQ, Kind::Abort, &user_data)?;
        if matches!(self.state(), State::AwaitTransport | State::AwaitConnect) {
            self.end_session();
            self.transport(TransportRequest::Disconnect);
            return Ok(());
        }
        self.send(Spdu::Abort(Abort {
            transport_disconnect: Some(
                TransportDisconnect::RELEASED | TransportDisconnect::USER_ABORT,
            ),
            reflect: None,
            user_data,
        }))?;
        self.activity = None;
        self.set_tokens(TokenSet::EMPTY);
        self.await_transport_close();
        Ok(())
    }

    /// AB received: a user abort or a provider abort by its Transport Disconnect bits. When
    /// the peer keeps the transport, AA answers and the transport stays up (STA01C).
    pub(super) fn on_abort(&mut self, ab: Abort) -> Result<(), PeerError> {
        let td = ab
            .transport_disconnect
            .unwrap_or(TransportDisconnect::RELEASED);
        let indication = if td.contains(TransportDisconnect::USER_ABORT) {
            Indication::UserAbort {
                user_data: ab.user_data,
            }
        } else if td.contains(TransportDisconnect::PROTOCOL_ERROR) {
            Indication::ProviderAbort(AbortCause::PeerProtocolError)
        } else {
            Indication::ProviderAbort(AbortCause::PeerNoReason)
        };
        if self.state() != State::AwaitTransportClose {
            self.indicate(indication);
        }
        self.end_session();
        if td.contains(TransportDisconnect::RELEASED) {
            self.transport(TransportRequest::Disconnect);
        } else {
            let aa = Spdu::AbortAccept;
            if let Ok(tsdu) = self.encode(std::slice::from_ref(&aa)) {
                self.transmit(tsdu, &aa);
            }
            self.set_state(Phase::AwaitConnect);
        }
        Ok(())
    }

    /// AA received after our AB: the transport may close.
    pub(super) fn on_abort_accept(&mut self) -> Result<(), PeerError> {
        self.end_session();
        self.transport(TransportRequest::Disconnect);
        Ok(())
    }

    /// T-DISCONNECT indication: expected in STA16; anywhere else the session is lost and the
    /// user gets a provider abort (X.225 7.10).
    pub(super) fn transport_disconnected(&mut self) {
        use State::*;
        match self.state() {
            Idle => {}
            AwaitTransportClose | AwaitConnect => self.end_session(),
            AwaitTransport => {
                self.indicate(Indication::ProviderAbort(AbortCause::TransportRefused));
                self.end_session();
            }
            AwaitAccept
            | AwaitConnectResponse
            | DataTransfer
            | AwaitDisconnect
            | AwaitReleaseResponse
            | AwaitMajorAck
            | AwaitMajorResponse
            | AwaitActivityEndAck
            | AwaitActivityEndResponse
            | AwaitResyncAck
            | AwaitResyncResponse
            | AwaitInterruptAck
            | AwaitInterruptResponse
            | AwaitDiscardAck
            | AwaitDiscardResponse => {
                self.indicate(Indication::ProviderAbort(AbortCause::TransportLost));
                self.end_session();
            }
        }
    }

    /// TIM expired in STA16: close the transport ourselves.
    pub(super) fn close_timer_expired(&mut self) {
        if self.state() == State::AwaitTransportClose {
            self.record(Record::TimerExpired);
            self.end_session();
            self.transport(TransportRequest::Disconnect);
        }
    }

    /// The user data of FN, DN, NF (release) or AB (abort) must fit X.225's limit for the
    /// session's protocol version: in version 1, 512 octets in FN, DN and NF (8.3.4 to
    /// 8.3.6) and 9 in AB (8.3.7); version 2 lifts both (unlimited user data), leaving the
    /// SPDU's 65 535 octets and the negotiated TSDU maximum, which encoding checks. Before
    /// the version is agreed, version 1's limits hold.
    fn check_user_data(
        &self,
        request: &'static str,
        kind: Kind,
        data: &Option<Bytes>,
    ) -> Result<(), UsageError> {
        let len = data.as_ref().map_or(0, Bytes::len);
        let version = self.negotiated.as_ref().map_or(1, |n| n.version);
        let (max, rule) = match kind {
            Kind::Release => (
                512,
                "X.225 8.3.4 to 8.3.6: version 1 carries at most 512 octets in FN, DN and NF",
            ),
            Kind::Abort => (9, "X.225 8.3.7: version 1 carries at most 9 octets in AB"),
        };
        if version == 1 && len > max {
            return Err(UsageError::UserData {
                request,
                len,
                max,
                rule,
            });
        }
        Ok(())
    }
}

/// Which limit of [`Machine::check_user_data`] applies.
#[derive(Clone, Copy)]
enum Kind {
    /// FN, DN, NF.
    Release,
    /// AB.
    Abort,
}

//! Connection establishment (X.225 7.1): CN, AC, RF, with negotiation of functional units,
//! version, TSDU sizes, initial serial number and token positions.

use bytes::Bytes;

use super::api::{
    ConnectionRef, Indication, Negotiated, Output, Record, TransportRequest, UsageError,
};
use super::peer_error::{PeerError, PeerRule};
use super::phase::{Phase, DATA_TRANSFER};
use super::sync::SerialState;
use super::{Incoming, Machine, Role, SUPPORTED_UNITS};
use crate::protocol::codec::{
    Accept, Connect, ConnectAcceptItem, ConnectionIdentifier, FunctionalUnits, ProtocolOptions,
    Refuse, RefuseReason, Spdu, SpduKind, TokenPosition, TokenSet, TransportDisconnect,
    TsduMaxSize, Version,
};

/// The tokens whose functional units are selected (X.225 7.3).
pub fn available_tokens(units: FunctionalUnits) -> TokenSet {
    let mut t = TokenSet::EMPTY;
    if units.contains(FunctionalUnits::HALF_DUPLEX) {
        t |= TokenSet::DATA;
    }
    if units.contains(FunctionalUnits::MINOR_SYNC) {
        t |= TokenSet::MINOR_SYNC;
    }
    if units.intersects(FunctionalUnits::MAJOR_SYNC | FunctionalUnits::ACTIVITY_MANAGEMENT) {
        t |= TokenSet::MAJOR_ACTIVITY;
    }
    if units.contains(FunctionalUnits::NEGOTIATED_RELEASE) {
        t |= TokenSet::RELEASE;
    }
    t
}

/// The smaller non-zero limit (0 means no limit).
fn smaller(a: u16, b: u16) -> u16 {
    match (a, b) {
        (0, x) | (x, 0) => x,
        (a, b) => a.min(b),
    }
}

/// A TSDU maximum size as text: the octets, or "no limit" for 0.
pub(super) fn limit_text(size: u16) -> String {
    if size == 0 {
        "no limit".into()
    } else {
        format!("{size} octets")
    }
}

impl Machine {
    /// S-CONNECT request: ask the transport for a connection; CN follows when it is up.
    pub(super) fn connect(
        &mut self,
        calling_ref: [u8; 16],
        user_data: Option<Bytes>,
    ) -> Result<(), UsageError> {
        let cn = self.connect_spdu(calling_ref, user_data);
        // Encoded now so that a CN that cannot be is refused before anything changes.
        let cn = self.encode(std::slice::from_ref(&cn))?;
        self.set_state(Phase::AwaitTransport {
            cn,
            calling: Bytes::copy_from_slice(&calling_ref),
        });
        self.transport(TransportRequest::Connect);
        Ok(())
    }

    fn connect_spdu(&self, calling_ref: [u8; 16], user_data: Option<Bytes>) -> Spdu {
        let c = &self.config;
        Spdu::Connect(Connect {
            connection_id: Some(ConnectionIdentifier {
                ss_user_reference: Some(Bytes::copy_from_slice(&calling_ref)),
                ..Default::default()
            }),
            // Protocol Options (PI 19) and Version Number (PI 22) are mandatory whenever the
            // Connect/Accept Item is present (X.225 8.3.1, Table 11); `00`: this side does
            // not receive extended concatenation.
            connect_accept: Some(ConnectAcceptItem {
                protocol_options: Some(ProtocolOptions::EMPTY),
                tsdu_max_size: (c.tsdu_max != 0).then_some(TsduMaxSize {
                    initiator_to_responder: c.tsdu_max,
                    responder_to_initiator: c.tsdu_max,
                }),
                version: Some(c.versions),
                initial_serial_number: Some(c.initial_serial),
                token_setting: Some(c.token_setting),
            }),
            // Only units this machine carries out are proposed (X.225 7.1.1: the responder
            // selects among those proposed, so a unit proposed is one the initiator must honour).
            functional_units: Some(c.functional_units & SUPPORTED_UNITS),
            calling_selector: None,
            called_selector: None,
            user_data,
        })
    }

    /// T-CONNECT confirm (initiator, STA01B: send CN) or indication (responder, STA01: wait
    /// for CN). Annex A defines T-CONNECT in no other state: elsewhere it changes nothing.
    pub(super) fn transport_connected(&mut self) {
        match (self.role, &self.phase) {
            (Role::Initiator, Phase::AwaitTransport { cn, calling }) => {
                let (tsdu, calling) = (cn.clone(), calling.clone());
                self.outputs.push_back(Output::Transmit {
                    tsdu,
                    spdu: SpduKind::CN.abbreviation(),
                    serial: None,
                });
                self.set_state(Phase::AwaitAccept { calling });
            }
            (Role::Responder, Phase::Idle) => self.set_state(Phase::AwaitConnect),
            (Role::Initiator | Role::Responder, _) => {}
        }
    }

    /// CN received (responder, STA01C): negotiate, then ask the user (S-CONNECT indication),
    /// or refuse at once when no session is possible.
    pub(super) fn on_connect(&mut self, cn: Connect) -> Result<(), PeerError> {
        match self.negotiate(&cn) {
            Ok(proposal) => {
                self.set_state(Phase::AwaitConnectResponse {
                    proposal: proposal.clone(),
                });
                self.indicate(Indication::Connect {
                    proposal,
                    user_data: cn.user_data,
                });
            }
            Err(reason) => {
                // Refused by the session protocol machine itself (X.225 7.1.2).
                self.send_refuse(reason, Bytes::new());
            }
        }
        Ok(())
    }

    /// The responder's side of X.225 7.1.1: what the session would be if accepted.
    fn negotiate(&self, cn: &Connect) -> Result<Negotiated, RefuseReason> {
        let item = cn.connect_accept.clone().unwrap_or_default();
        let proposed = cn.functional_units.unwrap_or(FunctionalUnits::DEFAULT);
        let mut units = proposed & self.config.functional_units & SUPPORTED_UNITS;
        let both = FunctionalUnits::HALF_DUPLEX | FunctionalUnits::DUPLEX;
        if units & both == both {
            units = units - FunctionalUnits::HALF_DUPLEX;
        }
        if (units & both).is_empty() {
            return Err(RefuseReason::NO_REASON);
        }
        let version = item
            .version
            .unwrap_or(Version::V1)
            .intersection(self.config.versions);
        let version = if version.contains(Version::V2) {
            2
        } else if version.contains(Version::V1) {
            1
        } else {
            return Err(RefuseReason::VERSION_UNSUPPORTED);
        };
        let sizes = item.tsdu_max_size.unwrap_or_default();
        let i_to_r = smaller(sizes.initiator_to_responder, self.config.tsdu_max);
        let r_to_i = smaller(sizes.responder_to_initiator, self.config.tsdu_max);
        let available = available_tokens(units);
        let mut setting = item.token_setting.unwrap_or_default();
        let choose = |p: TokenPosition, own: TokenPosition| match p {
            TokenPosition::ResponderChoice => match own {
                TokenPosition::ResponderChoice => TokenPosition::Responder,
                other => other,
            },
            other => other,
        };
        let own = self.config.token_setting;
        setting.data = choose(setting.data, own.data);
        setting.minor_sync = choose(setting.minor_sync, own.minor_sync);
        setting.major_activity = choose(setting.major_activity, own.major_activity);
        setting.release = choose(setting.release, own.release);
        let calling = cn
            .connection_id
            .as_ref()
            .and_then(|c| c.ss_user_reference.clone())
            .unwrap_or_default();
        Ok(Negotiated {
            functional_units: units,
            version,
            tsdu_max_send: r_to_i,
            tsdu_max_receive: i_to_r,
            initial_serial: item
                .initial_serial_number
                .unwrap_or(self.config.initial_serial),
            available_tokens: available,
            token_setting: setting,
            connection: ConnectionRef {
                calling,
                called: Bytes::new(),
            },
        })
    }

    /// S-CONNECT response, accept: AC, then data transfer (X.225 7.1.1).
    pub(super) fn accept(
        &mut self,
        called_ref: [u8; 16],
        user_data: Option<Bytes>,
    ) -> Result<(), UsageError> {
        let Phase::AwaitConnectResponse { proposal } = &self.phase else {
            return Err(self.wrong_state(super::RequestKind::Accept));
        };
        let mut n = proposal.clone();
        n.connection.called = Bytes::copy_from_slice(&called_ref);
        let ac = Spdu::Accept(Accept {
            connection_id: Some(ConnectionIdentifier {
                ss_user_reference: Some(n.connection.called.clone()),
                ..Default::default()
            }),
            // PI 19 and PI 22 are mandatory in AC's Connect/Accept Item too (X.225 8.3.2,
            // Table 12).
            connect_accept: Some(ConnectAcceptItem {
                protocol_options: Some(ProtocolOptions::EMPTY),
                tsdu_max_size: (n.tsdu_max_send != 0 || n.tsdu_max_receive != 0).then_some(
                    TsduMaxSize {
                        initiator_to_responder: n.tsdu_max_receive,
                        responder_to_initiator: n.tsdu_max_send,
                    },
                ),
                version: Some(if n.version == 2 {
                    Version::V2
                } else {
                    Version::V1
                }),
                initial_serial_number: Some(n.initial_serial),
                token_setting: Some(n.token_setting),
            }),
            tokens: None,
            functional_units: Some(n.functional_units),
            calling_selector: None,
            responding_selector: None,
            user_data,
        });
        let tsdu = self.encode(std::slice::from_ref(&ac))?;
        self.transmit(tsdu, &ac);
        self.start_session(n);
        Ok(())
    }

    /// S-CONNECT response, reject: RF with the reason (X.225 7.1.2).
    pub(super) fn refuse(&mut self, reason: RefuseReason, data: Bytes) -> Result<(), UsageError> {
        let rf = refuse_spdu(reason, data.clone());
        self.encode(std::slice::from_ref(&rf))?;
        self.send_refuse(reason, data);
        Ok(())
    }

    fn send_refuse(&mut self, reason: RefuseReason, data: Bytes) {
        let rf = refuse_spdu(reason, data);
        if let Ok(tsdu) = self.encode(std::slice::from_ref(&rf)) {
            self.transmit(tsdu, &rf);
        }
        self.await_transport_close();
    }

    /// AC received (initiator, STA02A): the session is up.
    pub(super) fn on_accept(&mut self, ac: Accept) -> Result<(), PeerError> {
        let item = ac.connect_accept.clone().unwrap_or_default();
        let units = ac.functional_units.unwrap_or(FunctionalUnits::DEFAULT);
        let both = FunctionalUnits::HALF_DUPLEX | FunctionalUnits::DUPLEX;
        if (units & both).bits().count_ones() != 1 {
            return Err(PeerRule::AcOneDuplexMode.into());
        }
        // What CN proposed: the configured units this machine carries out.
        if !(self.config.functional_units & SUPPORTED_UNITS).contains(units) {
            return Err(PeerRule::AcUnitNotProposed.into());
        }
        let setting = item.token_setting.unwrap_or_default();
        if setting.has_responder_choice() {
            return Err(PeerRule::AcResponderChoice.into());
        }
        let version = item.version.unwrap_or(Version::V1);
        if !(version == Version::V1 || version == Version::V2)
            || !self.config.versions.contains(version)
        {
            return Err(PeerRule::AcVersion.into());
        }
        let version = if version == Version::V2 { 2 } else { 1 };
        let sizes = item.tsdu_max_size.unwrap_or_default();
        if let Some(selected) = item.tsdu_max_size {
            self.check_accepted_sizes(selected)?;
        }
        let Phase::AwaitAccept { calling } = &self.phase else {
            return Err(self.not_allowed(Incoming::Spdu(SpduKind::AC)));
        };
        let calling = calling.clone();
        let n = Negotiated {
            functional_units: units,
            version,
            tsdu_max_send: sizes.initiator_to_responder,
            tsdu_max_receive: sizes.responder_to_initiator,
            initial_serial: item
                .initial_serial_number
                .unwrap_or(self.config.initial_serial),
            available_tokens: available_tokens(units),
            token_setting: setting,
            connection: ConnectionRef {
                calling,
                called: ac
                    .connection_id
                    .and_then(|c| c.ss_user_reference)
                    .unwrap_or_default(),
            },
        };
        self.start_session(n.clone());
        self.indicate(Indication::Accepted {
            negotiated: n,
            user_data: ac.user_data,
        });
        Ok(())
    }

    /// The TSDU maximum sizes in AC may only be the same as or smaller than those CN proposed,
    /// in each direction; 0 means no limit, so it is larger than any limit CN proposed (X.225
    /// 7.1.1; PI 21 in 8.3.1 CN, 8.3.2 AC). An AC without the parameter selects no limit,
    /// which it may (the sizes are then not negotiated), so only a present one is checked.
    fn check_accepted_sizes(&self, selected: TsduMaxSize) -> Result<(), PeerError> {
        let proposed = self.config.tsdu_max;
        let directions = [
            ("initiator-to-responder", selected.initiator_to_responder),
            ("responder-to-initiator", selected.responder_to_initiator),
        ];
        for (direction, size) in directions {
            if smaller(size, proposed) != size {
                return Err(PeerError::AcSizeRaised {
                    direction,
                    selected: size,
                    proposed,
                });
            }
        }
        Ok(())
    }

    /// RF received (initiator, STA02A): refused; the transport is closed.
    pub(super) fn on_refuse(&mut self, rf: Refuse) -> Result<(), PeerError> {
        self.indicate(Indication::Refused {
            reason: rf.reason.unwrap_or(RefuseReason::NOT_SPECIFIED),
            data: rf.reason_user_data,
        });
        self.end_session();
        self.transport(TransportRequest::Disconnect);
        Ok(())
    }

    /// Both sides after AC: tokens placed, V(A) = V(M) = ISN, V(R) = 0, STA713.
    fn start_session(&mut self, n: Negotiated) {
        self.serials = SerialState::new(n.initial_serial);
        let held = self.tokens_for(n.token_setting, n.available_tokens);
        self.negotiated = Some(n);
        self.set_tokens(held);
        self.set_state(DATA_TRANSFER);
    }

    /// STA16: wait for the peer to close the transport, with the timer TIM.
    pub(super) fn await_transport_close(&mut self) {
        self.timer = Some(self.now.saturating_add(self.config.close_timeout_us));
        self.set_state(Phase::AwaitTransportClose);
        self.record(Record::TimerStarted {
            deadline: self.now.saturating_add(self.config.close_timeout_us),
        });
    }
}

fn refuse_spdu(reason: RefuseReason, data: Bytes) -> Spdu {
    Spdu::Refuse(Refuse {
        connection_id: None,
        transport_disconnect: Some(TransportDisconnect::RELEASED),
        functional_units: None,
        version: None,
        reason: Some(reason),
        reason_user_data: data,
    })
}

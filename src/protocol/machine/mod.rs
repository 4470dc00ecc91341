//! The session protocol machine (X.225 clause 7 and Annex A), sans-IO, for either role.
//!
//! Inputs are `handle_*` calls, each with the current time in microseconds; outputs are
//! drained with [`Machine::poll_output`] (TSDUs to send, indications for the user, transport
//! requests and trace records) and [`Machine::poll_timeout`]. The run-loop contract: after
//! each `handle_*` call, drain `poll_output` until it returns `None`, then arm a timer for
//! `poll_timeout`. The machine never reads a clock or a random source of its own.
//!
//! Which SPDU and which request each state takes is data: one table ([`Incoming::rule`],
//! [`RequestKind::rule`]; drawn in `docs/machine-rules.md`), consulted once before any
//! handler runs. Each state carries what the machine must remember only while in it (the CN
//! to send, the proposal to answer, the resynchronization under way, a release collision),
//! and the trace records the plain Annex A [`State`].
//!
//! ```
//! use osi_session::protocol::machine::{Config, Machine, Output, Request, Role};
//!
//! let mut a = Machine::new(Role::Initiator, Config::default());
//! a.handle_request(0, Request::Connect { calling_ref: [1; 16], user_data: None }).unwrap();
//! assert!(matches!(a.poll_output(), Some(Output::Record(_))));
//! ```

/// An enum of plain variants and its `ALL`, every variant in the order declared: the list
/// is written once. `ALL`'s length is given, and checked by the compiler.
macro_rules! listed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident [$count:literal] {
            $($(#[$variant_meta:meta])* $variant:ident,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant,)*
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: [$name; $count] = [$($name::$variant,)*];
        }
    };
}

mod activity;
mod api;
mod control;
mod dialogue;
mod establish;
mod peer_error;
mod phase;
mod release;
mod resync_tokens;
mod rules;
mod state;
mod sync;
mod synchronize;

pub use api::{
    token_names as api_token_names, AbortCause, ConnectionRef, Indication, Negotiated, Output,
    Record, Request, TransportRequest, UsageError,
};
pub use peer_error::{PeerError, PeerRule};
pub use rules::{Cell, Condition, Incoming, RequestKind, Rule, States};
pub use state::State;
pub use sync::{SerialState, SyncError};

use activity::Halt;
use bytes::Bytes;
use phase::Phase;
use serde::Serialize;
use std::collections::VecDeque;

use crate::protocol::codec::{
    decode_tsdu, encode_tsdu, encode_tsdu_bytes, Abort, DecodeContext, FunctionalUnits,
    SerialNumber, Spdu, SpduKind, TokenPosition, TokenSet, TokenSetting, TransportDisconnect,
    Version,
};

/// Which end of the session connection this machine is (X.225 uses "initiator" for the side
/// that sent CN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Role {
    /// Sends CN.
    Initiator,
    /// Receives CN.
    Responder,
}

/// What a machine proposes (initiator) or accepts (responder) at establishment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Config {
    /// Initiator: the functional units proposed. Responder: the ones it supports.
    pub functional_units: FunctionalUnits,
    /// The protocol versions supported.
    pub versions: Version,
    /// The largest TSDU this side sends or receives (0: no limit).
    pub tsdu_max: u16,
    /// Initiator: the initial serial number proposed.
    pub initial_serial: SerialNumber,
    /// Initiator: the proposed token positions. Responder: where it puts a token left to its
    /// choice. Either side: where it puts a token an RS leaves to its choice when its user's
    /// response does not say (X.225 7.15).
    pub token_setting: TokenSetting,
    /// How long to wait for the transport to close after AB or DN (X.225 timer TIM).
    pub close_timeout_us: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            functional_units: FunctionalUnits::HALF_DUPLEX
                | FunctionalUnits::EXPEDITED
                | FunctionalUnits::TYPED_DATA
                | FunctionalUnits::MINOR_SYNC
                | FunctionalUnits::MAJOR_SYNC
                | FunctionalUnits::RESYNCHRONIZE
                | FunctionalUnits::ACTIVITY_MANAGEMENT
                | FunctionalUnits::NEGOTIATED_RELEASE,
            versions: Version::V1 | Version::V2,
            tsdu_max: 0,
            initial_serial: SerialNumber::new(1).unwrap_or_default(),
            token_setting: TokenSetting::default(),
            close_timeout_us: 5_000_000,
        }
    }
}

/// The functional units this implementation carries out (X.225 7.1.1); capability data and
/// exceptions are never selected.
pub const SUPPORTED_UNITS: FunctionalUnits = FunctionalUnits::HALF_DUPLEX
    .union(FunctionalUnits::DUPLEX)
    .union(FunctionalUnits::EXPEDITED)
    .union(FunctionalUnits::MINOR_SYNC)
    .union(FunctionalUnits::MAJOR_SYNC)
    .union(FunctionalUnits::RESYNCHRONIZE)
    .union(FunctionalUnits::ACTIVITY_MANAGEMENT)
    .union(FunctionalUnits::NEGOTIATED_RELEASE)
    .union(FunctionalUnits::TYPED_DATA);

/// One session protocol machine (SPM).
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    role: Role,
    config: Config,
    /// The Annex A state and what belongs to it.
    phase: Phase,
    /// What was agreed, once AC is sent or received.
    negotiated: Option<Negotiated>,
    /// The tokens this side holds.
    tokens: TokenSet,
    serials: SerialState,
    /// The activity in progress, by identifier (activity management).
    activity: Option<Bytes>,
    outputs: VecDeque<Output>,
    timer: Option<u64>,
    /// The time of the latest input.
    now: u64,
}

impl Machine {
    /// A machine in STA01 (idle, no transport connection).
    pub fn new(role: Role, config: Config) -> Self {
        Machine {
            role,
            serials: SerialState::new(config.initial_serial),
            config,
            phase: Phase::Idle,
            negotiated: None,
            tokens: TokenSet::EMPTY,
            activity: None,
            outputs: VecDeque::new(),
            timer: None,
            now: 0,
        }
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.phase.state()
    }
    /// This machine's role.
    pub fn role(&self) -> Role {
        self.role
    }
    /// The tokens this side holds.
    pub fn tokens(&self) -> TokenSet {
        self.tokens
    }
    /// V(M), V(A), V(R) and Vsc.
    pub fn serials(&self) -> SerialState {
        self.serials
    }
    /// What was agreed at establishment, once the session is up.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.as_ref()
    }
    /// The activity in progress, if any.
    pub fn activity(&self) -> Option<&Bytes> {
        self.activity.as_ref()
    }
    /// The tokens that exist in this session.
    pub fn available_tokens(&self) -> TokenSet {
        self.negotiated
            .as_ref()
            .map_or(TokenSet::EMPTY, |n| n.available_tokens)
    }

    /// Next output, in the order produced.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When [`Machine::handle_timeout`] is next due, if a timer runs.
    pub fn poll_timeout(&self) -> Option<u64> {
        self.timer
    }

    /// Whether `request` would be accepted now, without making it: `Err` names the rule
    /// that forbids it (X.225 clause 7, Annex A). Nothing changes; the playground uses this
    /// to disable a button and say why.
    pub fn check(&self, request: Request) -> Result<(), UsageError> {
        self.clone().handle_request(self.now, request)
    }

    /// A request or response of the session user. On `Err` nothing changed. The table of
    /// [`RequestKind::rule`] decides first whether the request is allowed in this state.
    pub fn handle_request(&mut self, now: u64, request: Request) -> Result<(), UsageError> {
        self.now = now;
        let kind = request.kind();
        if !kind.rule().accepts(self.state(), |c| self.holds(c)) {
            return Err(self.wrong_state(kind));
        }
        let name = kind.name();
        match request {
            Request::Connect {
                calling_ref,
                user_data,
            } => self.connect(calling_ref, user_data),
            Request::Accept {
                called_ref,
                user_data,
            } => self.accept(called_ref, user_data),
            Request::Refuse { reason, data } => self.refuse(reason, data),
            Request::Data(data) => self.send_data(data),
            Request::TypedData(data) => self.send_typed_data(data),
            Request::Expedited(data) => self.send_expedited(data),
            Request::GiveTokens(t) => self.give_tokens(t),
            Request::PleaseTokens(t) => self.please_tokens(t),
            Request::GiveControl => self.give_control(),
            Request::MinorSync { confirm } => self.minor_sync(confirm),
            Request::MinorSyncConfirm(sn) => self.minor_sync_confirm(sn),
            Request::MajorSync => self.major_sync(),
            Request::MajorSyncConfirm => self.major_sync_confirm(),
            Request::Resynchronize {
                kind,
                serial,
                tokens,
            } => self.resynchronize(kind, serial, tokens),
            Request::ResynchronizeConfirm { tokens } => self.resynchronize_confirm(tokens),
            Request::ActivityStart { id } => self.activity_start(id),
            Request::ActivityResume {
                old_connection,
                old_id,
                serial,
                id,
            } => self.activity_resume(old_connection, old_id, serial, id),
            Request::ActivityInterrupt(reason) => self.halt_activity(Halt::Interrupt, reason, name),
            Request::ActivityInterruptConfirm => self.halt_confirm(Halt::Interrupt),
            Request::ActivityDiscard(reason) => self.halt_activity(Halt::Discard, reason, name),
            Request::ActivityDiscardConfirm => self.halt_confirm(Halt::Discard),
            Request::ActivityEnd => self.activity_end(),
            Request::ActivityEndConfirm => self.activity_end_confirm(),
            Request::Release { user_data } => self.release(user_data),
            Request::ReleaseResponse { accept, user_data } => {
                self.release_response(accept, user_data)
            }
            Request::Abort { user_data } => self.user_abort(user_data),
        }
    }

    /// A TSDU received on the transport connection. Bad octets or an SPDU the state does not
    /// allow end in a provider abort that names the rule (X.225 7.9.2); never a panic.
    pub fn handle_tsdu(&mut self, now: u64, tsdu: Bytes) {
        self.now = now;
        if let Err(rule) = self.check_received_size(tsdu.len()) {
            return self.protocol_error(&tsdu, rule);
        }
        // What the peer sends is read strictly: a mandatory parameter missing is a protocol
        // error (X.225 8.3), even where a liberal reader could go on.
        let ctx = DecodeContext {
            activity_end_outstanding: self.state() == State::AwaitActivityEndAck,
            strict: true,
        };
        let spdus = match decode_tsdu(&tsdu, ctx) {
            Ok(spdus) => spdus,
            Err(e) => return self.protocol_error(&tsdu, PeerError::Decode(e)),
        };
        let main = spdus.last().map_or("", |s| s.abbreviation());
        let serial = spdus.last().and_then(Spdu::serial_number);
        self.record(Record::Received { spdu: main, serial });
        if let Some(last) = spdus.last() {
            if self.incoming(last).rule().cell(self.state()) == Cell::Discarded {
                // Purged after RS, AI or AD sent, or the session is over on this side (the
                // table; X.225 7.14, 7.18, 7.19, A.4.7).
                let why = rules::discard_reason(self.state());
                self.record(Record::Discarded { spdu: main, why });
                return;
            }
        }
        for spdu in spdus {
            if let Err(rule) = self.on_spdu(spdu) {
                return self.protocol_error(&tsdu, rule);
            }
        }
    }

    /// The transport connection came up (T-CONNECT confirm or indication) or went down
    /// (T-DISCONNECT indication).
    pub fn handle_transport(&mut self, now: u64, connected: bool) {
        self.now = now;
        if connected {
            self.transport_connected()
        } else {
            self.transport_disconnected()
        }
    }

    /// Time passed; fires the timer if it is due (a spurious call is a no-op).
    pub fn handle_timeout(&mut self, now: u64) {
        self.now = now;
        if self.timer.is_some_and(|t| t <= now) {
            self.timer = None;
            self.close_timer_expired();
        }
    }

    /// Checks one received SPDU against the table ([`Incoming::rule`]), then dispatches it;
    /// `Err` names the rule the peer broke.
    fn on_spdu(&mut self, spdu: Spdu) -> Result<(), PeerError> {
        let incoming = self.incoming(&spdu);
        if !incoming.rule().accepts(self.state(), |c| self.holds(c)) {
            return Err(self.not_allowed(incoming));
        }
        let read_as_map = incoming == Incoming::Spdu(SpduKind::MAP);
        if incoming == Incoming::LeadIn {
            // An empty GT or PT gives and asks for nothing (X.225 6.3.7).
            return Ok(());
        }
        match spdu {
            Spdu::Connect(cn) => self.on_connect(cn),
            Spdu::Accept(ac) => self.on_accept(ac),
            Spdu::Refuse(rf) => self.on_refuse(rf),
            Spdu::Finish(fn_) => self.on_finish(fn_.user_data),
            Spdu::Disconnect(dn) => self.on_disconnect(dn.user_data),
            Spdu::NotFinished(nf) => self.on_not_finished(nf.user_data),
            Spdu::Abort(ab) => self.on_abort(ab),
            Spdu::AbortAccept => self.on_abort_accept(),
            Spdu::DataTransfer(dt) => self.on_data(dt.user_information),
            Spdu::Expedited(ex) => self.on_expedited(ex.user_information),
            Spdu::TypedData(td) => self.on_typed_data(td.user_information),
            Spdu::GiveTokens(gt) => self.on_give_tokens(gt.tokens.unwrap_or_default()),
            Spdu::PleaseTokens(pt) => self.on_please_tokens(pt.tokens.unwrap_or_default()),
            Spdu::GiveTokensConfirm => self.on_give_control(),
            Spdu::GiveTokensAck => self.on_give_control_ack(),
            Spdu::MinorSync(m) => {
                self.on_minor_sync(m.serial_number, m.no_explicit_confirmation != Some(true))
            }
            Spdu::MinorSyncAck(m) => self.on_minor_sync_ack(m.serial_number),
            Spdu::MajorSync(m) => self.on_major_sync(m.serial_number),
            Spdu::MajorSyncAck(m) => self.on_major_sync_ack(m.serial_number),
            Spdu::Resynchronize(rs) => self.on_resynchronize(rs),
            Spdu::ResynchronizeAck(ra) => self.on_resynchronize_ack(ra),
            Spdu::ActivityStart(a) => self.on_activity_start(a.activity_id),
            Spdu::ActivityResume(a) => self.on_activity_resume(a),
            Spdu::ActivityInterrupt(a) => self.on_halt(Halt::Interrupt, a.reason),
            Spdu::ActivityInterruptAck => self.on_halt_ack(Halt::Interrupt),
            Spdu::ActivityDiscard(a) => self.on_halt(Halt::Discard, a.reason),
            Spdu::ActivityDiscardAck => self.on_halt_ack(Halt::Discard),
            Spdu::ActivityEnd(a) if read_as_map => self.on_major_sync(a.serial_number),
            Spdu::ActivityEnd(a) => self.on_activity_end(a.serial_number),
            Spdu::ActivityEndAck(a) => self.on_activity_end_ack(a.serial_number),
        }
    }

    /// The row of the table a received SPDU is. An empty GT or PT only leads the SPDU after
    /// it (X.225 6.3.7). Without activity management, an AE is a MAP that omits its Sync Type
    /// Item, which it may then (X.225 8.3.20).
    fn incoming(&self, spdu: &Spdu) -> Incoming {
        match spdu {
            Spdu::GiveTokens(gt) if gt.tokens.unwrap_or_default().is_empty() => Incoming::LeadIn,
            Spdu::PleaseTokens(pt) if pt.tokens.unwrap_or_default().is_empty() => Incoming::LeadIn,
            Spdu::ActivityEnd(_)
                if !self.unit_selected(FunctionalUnits::ACTIVITY_MANAGEMENT)
                    && self.unit_selected(FunctionalUnits::MAJOR_SYNC) =>
            {
                Incoming::Spdu(SpduKind::MAP)
            }
            other => Incoming::Spdu(other.kind()),
        }
    }

    /// The SPDU is not accepted in this state (the table, X.225 Annex A).
    fn not_allowed(&self, spdu: Incoming) -> PeerError {
        PeerError::NotAllowed {
            spdu,
            state: self.state(),
        }
    }

    /// The request is not allowed in this state (the table, X.225 Annex A).
    fn wrong_state(&self, request: RequestKind) -> UsageError {
        UsageError::WrongState {
            request,
            state: self.state(),
        }
    }

    /// Whether a condition of the table holds now.
    fn holds(&self, condition: Condition) -> bool {
        match condition {
            Condition::Initiator => self.role == Role::Initiator,
            Condition::NoNegotiatedRelease => {
                !self.unit_selected(FunctionalUnits::NEGOTIATED_RELEASE)
            }
            Condition::ReleaseCollision => matches!(
                self.phase,
                Phase::AwaitReleaseResponse {
                    release: phase::Release::Collision | phase::Release::CollisionAnswered(_)
                }
            ),
        }
    }

    // ---- the one place each kind of change happens, and is recorded ----

    /// Every change of state goes through here; a change of the Annex A state is recorded.
    fn set_state(&mut self, to: Phase) {
        let from = self.state();
        self.phase = to;
        let to = self.state();
        if to != from {
            self.record(Record::State { from, to });
        }
    }

    /// Every change of the tokens held goes through here and is recorded.
    fn set_tokens(&mut self, to: TokenSet) {
        if to != self.tokens {
            let from = std::mem::replace(&mut self.tokens, to);
            self.record(Record::Tokens { from, to });
        }
    }

    fn record(&mut self, r: Record) {
        self.outputs.push_back(Output::Record(r));
    }

    fn indicate(&mut self, i: Indication) {
        self.outputs.push_back(Output::Indication(i));
    }

    fn transport(&mut self, t: TransportRequest) {
        self.outputs.push_back(Output::Transport(t));
    }

    /// Encodes and queues a TSDU. Encoding is checked before anything changes, so callers
    /// encode first and change state after.
    fn encode(&self, spdus: &[Spdu]) -> Result<Bytes, UsageError> {
        let bytes = encode_tsdu_bytes(spdus)?;
        let max = self
            .negotiated
            .as_ref()
            .map_or(0, |n| usize::from(n.tsdu_max_send));
        if max != 0 && bytes.len() > max {
            return Err(UsageError::TooLarge {
                length: bytes.len(),
                max,
            });
        }
        Ok(bytes)
    }

    /// A received TSDU must not be longer than this side's negotiated receive maximum, when
    /// one was negotiated (non-zero) and the session is up (X.225 7.1.1; PI 21 in 8.3.1 CN,
    /// 8.3.2 AC). Before AC, and while the transport closes, there is no limit to check.
    fn check_received_size(&self, length: usize) -> Result<(), PeerError> {
        let max = match &self.negotiated {
            Some(n) if self.state().is_connected() => usize::from(n.tsdu_max_receive),
            _ => 0,
        };
        if max != 0 && length > max {
            return Err(PeerError::TsduTooLong { length, max });
        }
        Ok(())
    }

    fn transmit(&mut self, tsdu: Bytes, main: &Spdu) {
        self.outputs.push_back(Output::Transmit {
            tsdu,
            spdu: main.abbreviation(),
            serial: main.serial_number(),
        });
    }

    /// Encodes, checks and sends one SPDU; a category 2 SPDU goes after an empty category 0
    /// SPDU, PT before an acknowledgement and GT before the others (X.225 6.3.7,
    /// [`SpduKind::lead_in`](crate::protocol::codec::SpduKind::lead_in)).
    fn send(&mut self, spdu: Spdu) -> Result<(), UsageError> {
        if let Some(lead) = spdu.kind().lead_in() {
            let lead = match lead {
                crate::protocol::codec::SpduKind::PT => Spdu::PleaseTokens(Default::default()),
                _ => Spdu::GiveTokens(Default::default()),
            };
            let tsdu = [lead, spdu];
            let bytes = self.encode(&tsdu)?;
            self.transmit(bytes, &tsdu[1]);
        } else {
            let bytes = self.encode(std::slice::from_ref(&spdu))?;
            self.transmit(bytes, &spdu);
        }
        Ok(())
    }

    /// A rule broken by the peer: AB with "protocol error" and the offending octets in the
    /// reflect parameter, a provider abort for the user, and the transport closed (X.225
    /// 7.9.2, A.4.7).
    fn protocol_error(&mut self, tsdu: &Bytes, rule: PeerError) {
        if self.state() == State::Idle {
            return;
        }
        let ab = Spdu::Abort(Abort {
            transport_disconnect: Some(
                TransportDisconnect::RELEASED | TransportDisconnect::PROTOCOL_ERROR,
            ),
            reflect: Some(tsdu.slice(..tsdu.len().min(9))),
            user_data: None,
        });
        if let Ok(bytes) = encode_tsdu(std::slice::from_ref(&ab)) {
            self.transmit(Bytes::from(bytes), &ab);
        }
        self.indicate(Indication::ProviderAbort(AbortCause::ProtocolError(rule)));
        self.end_session();
        self.transport(TransportRequest::Disconnect);
    }

    /// Back to STA01 with nothing of the session left: the phase's data goes with it.
    fn end_session(&mut self) {
        self.timer = None;
        self.activity = None;
        self.set_tokens(TokenSet::EMPTY);
        self.set_state(Phase::Idle);
    }

    // ---- checks shared by the requests ----

    fn require_unit(
        &self,
        request: &'static str,
        unit: FunctionalUnits,
        name: &'static str,
    ) -> Result<(), UsageError> {
        let missing = UsageError::UnitNotSelected {
            request,
            unit: name,
        };
        self.unit_selected(unit).then_some(()).ok_or(missing)
    }

    /// A received SPDU of a functional unit the session did not select is a protocol error
    /// (X.225 7.1.1); `name` is the unit as X.225 names it.
    fn peer_unit_check(
        &self,
        spdu: &'static str,
        unit: FunctionalUnits,
        name: &'static str,
    ) -> Result<(), PeerError> {
        let missing = PeerError::UnitNotSelected { spdu, unit: name };
        self.unit_selected(unit).then_some(()).ok_or(missing)
    }

    /// The tokens an SPDU needs are the named ones that exist in this session (X.225 7.3).
    fn require_tokens(&self, request: &'static str, needed: TokenSet) -> Result<(), UsageError> {
        let missing = needed.intersection(self.available_tokens()) - self.tokens;
        if missing.is_empty() {
            Ok(())
        } else {
            Err(UsageError::TokenNotHeld {
                request,
                tokens: missing,
            })
        }
    }

    fn unit_selected(&self, unit: FunctionalUnits) -> bool {
        self.negotiated
            .as_ref()
            .is_some_and(|n| n.functional_units.contains(unit))
    }

    /// This side in a token setting: the initiator's or the responder's.
    fn own_position(&self) -> TokenPosition {
        match self.role {
            Role::Initiator => TokenPosition::Initiator,
            Role::Responder => TokenPosition::Responder,
        }
    }

    /// The tokens this role holds under a token setting.
    fn tokens_for(&self, setting: TokenSetting, available: TokenSet) -> TokenSet {
        let mine = self.own_position();
        let mut held = TokenSet::EMPTY;
        for (token, position) in [
            (TokenSet::DATA, setting.data),
            (TokenSet::MINOR_SYNC, setting.minor_sync),
            (TokenSet::MAJOR_ACTIVITY, setting.major_activity),
            (TokenSet::RELEASE, setting.release),
        ] {
            if position == mine {
                held |= token;
            }
        }
        held.intersection(available)
    }

    /// The token setting that describes where the tokens are now.
    fn current_token_setting(&self) -> TokenSetting {
        let (mine, theirs) = match self.role {
            Role::Initiator => (TokenPosition::Initiator, TokenPosition::Responder),
            Role::Responder => (TokenPosition::Responder, TokenPosition::Initiator),
        };
        let at = |t: TokenSet| {
            if self.tokens.contains(t) {
                mine
            } else {
                theirs
            }
        };
        TokenSetting {
            release: at(TokenSet::RELEASE),
            major_activity: at(TokenSet::MAJOR_ACTIVITY),
            minor_sync: at(TokenSet::MINOR_SYNC),
            data: at(TokenSet::DATA),
        }
    }
}

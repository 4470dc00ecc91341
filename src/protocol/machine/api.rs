//! What goes into and comes out of the machine: the session user's requests and responses,
//! the indications and confirmations it receives, the outputs drained by polling, and the two
//! kinds of error (X.225 clause 5 service primitives, clause 7 procedures).

use super::peer_error::PeerError;
use super::rules::RequestKind;
use bytes::Bytes;
use serde::Serialize;
use std::fmt;

use super::state::State;
use super::sync::SyncError;
use crate::protocol::codec::{
    ActivityReason, EncodeError, FunctionalUnits, RefuseReason, ResyncType, SerialNumber, TokenSet,
    TokenSetting,
};

/// The identifier of a session connection: the calling user's reference (PI 10 in CN) and
/// the called user's reference (PI 9 in AC), each 16 random octets from the caller's random
/// source ([`connection_reference`](crate::protocol::random::connection_reference)). AR's
/// Linking Information names an old connection by both (X.225 8.3.28).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ConnectionRef {
    /// Calling SS-user reference.
    pub calling: Bytes,
    /// Called SS-user reference.
    pub called: Bytes,
}

impl fmt::Display for ConnectionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.calling.iter().chain(b"/").chain(self.called.iter()) {
            if *b == b'/' {
                f.write_str("/")?;
            } else {
                write!(f, "{b:02x}")?;
            }
        }
        Ok(())
    }
}

/// A request or response of the session user (X.225 clause 5: S-... request / response).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Request {
    /// S-CONNECT request: open the transport, then send CN with this user data.
    Connect {
        /// The calling SS-user reference: 16 octets from the caller's random source (see
        /// [`random`](crate::protocol::random): the simulation's seeded generator, or
        /// `OsRandom`).
        calling_ref: [u8; 16],
        /// User data for CN (for example an authentication item).
        user_data: Option<Bytes>,
    },
    /// S-CONNECT response, accept: send AC.
    Accept {
        /// The called SS-user reference: 16 octets from the caller's random source, so the
        /// session's identifier cannot be guessed (see [`random`](crate::protocol::random):
        /// `OsRandom` in real use).
        called_ref: [u8; 16],
        /// User data for AC.
        user_data: Option<Bytes>,
    },
    /// S-CONNECT response, reject: send RF with a reason.
    Refuse {
        /// Why.
        reason: RefuseReason,
        /// The reason's user data (for example the words "authentication failed").
        data: Bytes,
    },
    /// S-DATA request: one DT (needs the data token in half-duplex).
    Data(Bytes),
    /// S-TYPED-DATA request: TD, sent whoever holds the data token.
    TypedData(Bytes),
    /// S-EXPEDITED-DATA request: EX, at most 14 octets.
    Expedited(Bytes),
    /// S-TOKEN-GIVE request: GT with tokens held.
    GiveTokens(TokenSet),
    /// S-TOKEN-PLEASE request: PT for tokens not held.
    PleaseTokens(TokenSet),
    /// S-CONTROL-GIVE request: GTC, passing every token to the peer (activity management,
    /// outside an activity, with every available token held; X.225 7.33).
    GiveControl,
    /// S-SYNC-MINOR request: MIP; `confirm` asks for an explicit MIA.
    MinorSync {
        /// Whether the peer is asked to confirm.
        confirm: bool,
    },
    /// S-SYNC-MINOR response: MIA confirming every point up to `serial`.
    MinorSyncConfirm(SerialNumber),
    /// S-SYNC-MAJOR request: MAP; blocks sending until MAA.
    MajorSync,
    /// S-SYNC-MAJOR response: MAA.
    MajorSyncConfirm,
    /// S-RESYNCHRONIZE request: RS.
    Resynchronize {
        /// Restart, abandon or set.
        kind: ResyncType,
        /// The serial number for restart and set (restart defaults to V(R), set to V(M)).
        serial: Option<SerialNumber>,
        /// Where the tokens go afterwards (default: where they are). A token that exists in
        /// the session may be left to the acceptor's choice (X.225 7.14).
        tokens: Option<TokenSetting>,
    },
    /// S-RESYNCHRONIZE response: RA (X.225 7.15).
    ResynchronizeConfirm {
        /// Where the tokens the RS left to this side's choice go; the other tokens must stay
        /// where the RS put them. `None`: as [`Config::token_setting`](super::Config) says,
        /// a token it leaves to the responder's choice staying on this side.
        tokens: Option<TokenSetting>,
    },
    /// S-ACTIVITY-START request: AS.
    ActivityStart {
        /// The new activity's identifier (at most 6 octets).
        id: Bytes,
    },
    /// S-ACTIVITY-RESUME request: AR, continuing an interrupted activity from a confirmed
    /// sync point, possibly begun on another session connection.
    ActivityResume {
        /// The session connection the activity began on.
        old_connection: ConnectionRef,
        /// The interrupted activity's identifier.
        old_id: Bytes,
        /// The last confirmed serial number, resumed from.
        serial: SerialNumber,
        /// The identifier of the activity from now on.
        id: Bytes,
    },
    /// S-ACTIVITY-INTERRUPT request: AI.
    ActivityInterrupt(ActivityReason),
    /// S-ACTIVITY-INTERRUPT response: AIA.
    ActivityInterruptConfirm,
    /// S-ACTIVITY-DISCARD request: AD.
    ActivityDiscard(ActivityReason),
    /// S-ACTIVITY-DISCARD response: ADA.
    ActivityDiscardConfirm,
    /// S-ACTIVITY-END request: AE.
    ActivityEnd,
    /// S-ACTIVITY-END response: AEA.
    ActivityEndConfirm,
    /// S-RELEASE request: FN, after all data is sent.
    Release {
        /// User data for FN (the application's release message; X.225 8.3.4): at most 512
        /// octets in version 1.
        user_data: Option<Bytes>,
    },
    /// S-RELEASE response: DN (`accept`), or NF (refuse, negotiated release only).
    ReleaseResponse {
        /// True to accept.
        accept: bool,
        /// User data for DN or NF (X.225 8.3.5, 8.3.6): at most 512 octets in version 1.
        user_data: Option<Bytes>,
    },
    /// S-U-ABORT request: AB.
    Abort {
        /// User data for AB (X.225 8.3.7): at most 9 octets in version 1.
        user_data: Option<Bytes>,
    },
}

impl Request {
    /// The request's name, as in X.225 clause 5.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}

/// What was agreed at connection establishment (X.225 7.1.1 negotiation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Negotiated {
    /// The selected functional units: exactly one of half-duplex and duplex.
    pub functional_units: FunctionalUnits,
    /// The protocol version (1 or 2).
    pub version: u8,
    /// The largest TSDU this side may send (0: no limit).
    pub tsdu_max_send: u16,
    /// The largest TSDU this side may receive (0: no limit).
    pub tsdu_max_receive: u16,
    /// The initial serial number.
    pub initial_serial: SerialNumber,
    /// The tokens that exist (their functional units are selected).
    pub available_tokens: TokenSet,
    /// Where each token starts (no "responder's choice" left).
    pub token_setting: TokenSetting,
    /// The identifier of the session connection (calling and called references).
    pub connection: ConnectionRef,
}

/// An indication or confirmation for the session user (X.225 clause 5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Indication {
    /// S-CONNECT indication: a CN arrived; answer with Accept or Refuse.
    Connect {
        /// What the session would be if accepted now.
        proposal: Negotiated,
        /// CN's user data.
        user_data: Option<Bytes>,
    },
    /// S-CONNECT confirm, accepted: the session is up.
    Accepted {
        /// What was agreed.
        negotiated: Negotiated,
        /// AC's user data.
        user_data: Option<Bytes>,
    },
    /// S-CONNECT confirm, refused (RF).
    Refused {
        /// Why.
        reason: RefuseReason,
        /// The reason's user data.
        data: Bytes,
    },
    /// S-DATA indication.
    Data(Bytes),
    /// S-TYPED-DATA indication.
    TypedData(Bytes),
    /// S-EXPEDITED-DATA indication.
    Expedited(Bytes),
    /// S-TOKEN-GIVE indication: these tokens are now ours.
    TokensGiven(TokenSet),
    /// S-TOKEN-PLEASE indication: the peer asks for these tokens.
    TokensRequested(TokenSet),
    /// S-CONTROL-GIVE indication: the peer gave control; every token (these) is now ours
    /// (X.225 7.33).
    ControlGiven(TokenSet),
    /// S-SYNC-MINOR indication.
    MinorSync {
        /// Its serial number.
        serial: SerialNumber,
        /// True if the sender asks for a confirmation.
        confirm_required: bool,
    },
    /// S-SYNC-MINOR confirm: every point up to this serial number is confirmed.
    MinorSyncConfirmed(SerialNumber),
    /// S-SYNC-MAJOR indication: answer with MajorSyncConfirm.
    MajorSync(SerialNumber),
    /// S-SYNC-MAJOR confirm.
    MajorSyncConfirmed(SerialNumber),
    /// S-RESYNCHRONIZE indication: answer with ResynchronizeConfirm.
    Resynchronize {
        /// Restart, abandon or set.
        kind: ResyncType,
        /// The serial number resynchronized to.
        serial: SerialNumber,
        /// The token setting of the RS: a token at
        /// [`TokenPosition::ResponderChoice`](crate::protocol::codec::TokenPosition) is this
        /// side's to place in its response (X.225 7.14).
        tokens: TokenSetting,
    },
    /// S-RESYNCHRONIZE confirm.
    ResynchronizeConfirmed(SerialNumber),
    /// S-ACTIVITY-START indication.
    ActivityStarted(Bytes),
    /// S-ACTIVITY-RESUME indication: the peer resumes an activity from a serial number.
    ActivityResumed {
        /// The session connection the activity began on.
        old_connection: ConnectionRef,
        /// The old activity identifier.
        old_id: Bytes,
        /// The serial number resumed from.
        serial: SerialNumber,
        /// The activity's identifier from now on.
        id: Bytes,
    },
    /// S-ACTIVITY-INTERRUPT indication: answer with ActivityInterruptConfirm.
    ActivityInterrupted(ActivityReason),
    /// S-ACTIVITY-INTERRUPT confirm.
    ActivityInterruptConfirmed,
    /// S-ACTIVITY-DISCARD indication: answer with ActivityDiscardConfirm.
    ActivityDiscarded(ActivityReason),
    /// S-ACTIVITY-DISCARD confirm.
    ActivityDiscardConfirmed,
    /// S-ACTIVITY-END indication: answer with ActivityEndConfirm.
    ActivityEnded(SerialNumber),
    /// S-ACTIVITY-END confirm.
    ActivityEndConfirmed(SerialNumber),
    /// S-RELEASE indication: answer with ReleaseResponse.
    Release {
        /// FN's user data.
        user_data: Option<Bytes>,
    },
    /// S-RELEASE confirm, accepted (DN): the session is over.
    Released {
        /// DN's user data.
        user_data: Option<Bytes>,
    },
    /// S-RELEASE confirm, refused (NF).
    ReleaseRefused {
        /// NF's user data.
        user_data: Option<Bytes>,
    },
    /// S-U-ABORT indication: the peer aborted.
    UserAbort {
        /// AB's user data (the reason the peer's user gave, say).
        user_data: Option<Bytes>,
    },
    /// S-P-ABORT indication: the provider aborted (a protocol error, or the transport lost).
    ProviderAbort(AbortCause),
}

/// Why the session provider aborted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum AbortCause {
    /// The transport connection broke (X.225 7.10: a T-DISCONNECT indication in a state
    /// that does not expect it).
    TransportLost,
    /// The transport connection was never made: a T-DISCONNECT indication came in STA01B,
    /// in place of the T-CONNECT confirm (X.225 Annex A).
    TransportRefused,
    /// This side found the peer breaking a rule; the rule is named (X.225 7.9.2).
    ProtocolError(PeerError),
    /// The peer's AB said it found a protocol error.
    PeerProtocolError,
    /// The peer's AB gave no reason or an implementation restriction.
    PeerNoReason,
    /// A timer expired (X.225 TIM, waiting for the transport to close).
    Timeout,
}

impl fmt::Display for AbortCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AbortCause::TransportLost => f.write_str("the transport connection was lost"),
            AbortCause::TransportRefused => f.write_str(
                "the transport connection was refused (T-DISCONNECT before T-CONNECT confirm)",
            ),
            AbortCause::ProtocolError(rule) => write!(f, "protocol error: {rule}"),
            AbortCause::PeerProtocolError => f.write_str("the peer reported a protocol error"),
            AbortCause::PeerNoReason => f.write_str("the peer aborted without a reason"),
            AbortCause::Timeout => f.write_str("timed out waiting for the transport to close"),
        }
    }
}

/// What the machine asks of the transport below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TransportRequest {
    /// T-CONNECT request.
    Connect,
    /// T-DISCONNECT request.
    Disconnect,
}

/// A fact about the machine worth a line in the trace: recorded once, where it happens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Record {
    /// The state changed.
    State {
        /// Before.
        from: State,
        /// After.
        to: State,
    },
    /// The tokens this side holds changed.
    Tokens {
        /// Held before.
        from: TokenSet,
        /// Held after.
        to: TokenSet,
    },
    /// A TSDU arrived and was decoded; `spdu` is the abbreviation of its main SPDU.
    Received {
        /// "DT", "MIP", ...
        spdu: &'static str,
        /// Its serial number, if it has one.
        serial: Option<SerialNumber>,
    },
    /// The timer TIM was started (X.225 A.4.1): the transport must close by `deadline`.
    TimerStarted {
        /// When it expires, in microseconds.
        deadline: u64,
    },
    /// The timer TIM expired: the peer did not close the transport in time, so this side
    /// closes it.
    TimerExpired,
    /// GTA arrived: the peer has taken the control this side gave (X.225 7.34).
    ControlTaken,
    /// A received TSDU was discarded, as a resynchronization or abort requires (X.225 7.14).
    Discarded {
        /// The SPDU.
        spdu: &'static str,
        /// Why.
        why: &'static str,
    },
}

/// One output of the machine, drained with [`super::Machine::poll_output`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Output {
    /// A TSDU to send on the transport connection.
    Transmit {
        /// Its octets.
        tsdu: Bytes,
        /// The abbreviation of its main SPDU ("DT" for GT+DT).
        spdu: &'static str,
        /// Its serial number, if it has one.
        serial: Option<SerialNumber>,
    },
    /// An indication or confirmation for the user.
    Indication(Indication),
    /// A request to the transport.
    Transport(TransportRequest),
    /// A line for the trace.
    Record(Record),
}

/// A request the rules forbid (X.225 clause 7 and Annex A). Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum UsageError {
    /// Not allowed in this state: the machine's table of rules
    /// ([`RequestKind::rule`]) does not accept it here (X.225 Annex A).
    WrongState {
        /// The request.
        request: RequestKind,
        /// The state it was made in.
        state: State,
    },
    /// A token the request needs is not held (X.225 7.3, 7.4).
    TokenNotHeld {
        /// The request.
        request: &'static str,
        /// The missing tokens.
        tokens: TokenSet,
    },
    /// PT for a token already held, or for a token that does not exist.
    TokenNotRequestable {
        /// The tokens.
        tokens: TokenSet,
    },
    /// The functional unit the request belongs to was not selected.
    UnitNotSelected {
        /// The request.
        request: &'static str,
        /// The unit.
        unit: &'static str,
    },
    /// An activity is in progress and the request needs none (or the reverse).
    Activity {
        /// The request.
        request: &'static str,
        /// The rule.
        rule: &'static str,
    },
    /// A token setting the rules of resynchronize forbid (X.225 7.14, 7.15).
    TokenSetting {
        /// The request.
        request: &'static str,
        /// The tokens concerned.
        tokens: TokenSet,
        /// The rule.
        rule: &'static str,
    },
    /// A serial-number rule.
    Sync(SyncError),
    /// Larger than the negotiated TSDU maximum size.
    TooLarge {
        /// The TSDU's length.
        length: usize,
        /// The maximum.
        max: usize,
    },
    /// More user data than X.225 allows this SPDU in the session's protocol version.
    UserData {
        /// The request.
        request: &'static str,
        /// The octets asked for.
        len: usize,
        /// The most allowed.
        max: usize,
        /// The rule, with its clause.
        rule: &'static str,
    },
    /// A value the SPDU cannot carry.
    Encode(EncodeError),
}

/// The names of the tokens in a set, for messages: "data, minor sync".
pub fn token_names(tokens: TokenSet) -> String {
    let names: Vec<&str> = [
        (TokenSet::DATA, "data"),
        (TokenSet::MINOR_SYNC, "minor sync"),
        (TokenSet::MAJOR_ACTIVITY, "major/activity"),
        (TokenSet::RELEASE, "release"),
    ]
    .into_iter()
    .filter(|(t, _)| tokens.contains(*t))
    .map(|(_, n)| n)
    .collect();
    if names.is_empty() {
        "no".to_string()
    } else {
        names.join(", ")
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::WrongState { request, state } => write!(
                f,
                "{} is not allowed in state {state} ({})",
                request.name(),
                request.rule()
            ),
            UsageError::TokenNotHeld { request, tokens } => {
                write!(f, "{request} needs the {} token(s), which this side does not hold (X.225 7.3)", token_names(*tokens))
            }
            UsageError::TokenNotRequestable { tokens } => write!(
                f,
                "tokens may only be given when held and asked for when not held, and must exist in the session ({})",
                token_names(*tokens)
            ),
            UsageError::UnitNotSelected { request, unit } => {
                write!(f, "{request} needs the {unit} functional unit, which was not selected")
            }
            UsageError::Activity { request, rule } => write!(f, "{request}: {rule}"),
            UsageError::TokenSetting {
                request,
                tokens,
                rule,
            } => write!(f, "{request}: {rule} ({} token(s))", token_names(*tokens)),
            UsageError::Sync(e) => e.fmt(f),
            UsageError::TooLarge { length, max } => write!(
                f,
                "the TSDU would be {length} octets; the negotiated maximum is {max}"
            ),
            UsageError::UserData {
                request,
                len,
                max,
                rule,
            } => write!(
                f,
                "{request}: {len} octets of user data, at most {max} ({rule})"
            ),
            UsageError::Encode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for UsageError {}

impl From<SyncError> for UsageError {
    fn from(e: SyncError) -> Self {
        UsageError::Sync(e)
    }
}

impl From<EncodeError> for UsageError {
    fn from(e: EncodeError) -> Self {
        UsageError::Encode(e)
    }
}

//! The machine's rules as data: for each SPDU that may arrive and each request of the user,
//! what each state of X.225 Annex A does with it (accept it, accept it under a condition,
//! discard it, or refuse it), and the clause of X.225 clause 7 whose procedure it belongs
//! to. The machine consults this one table, once, before any handler runs: `handle_tsdu`
//! drops a TSDU whose main SPDU the state discards, `on_spdu` answers an SPDU the state
//! refuses with a protocol error ([`PeerError::NotAllowed`](super::PeerError)), and
//! [`handle_request`](super::Machine::handle_request) refuses a request with a
//! [`UsageError::WrongState`](super::UsageError) that names the row. The handlers then check
//! only what is not the state: tokens, functional units, activities, serial numbers, and the
//! GTC a GTA answers (X.225 7.34), which STA713 carries. `docs/machine-rules.md` is this table,
//! drawn by `tests/machine_rules_doc.rs`.
//!
//! Discarding is not refusing: the peer broke no rule. In STA05A, STA05B and STA05C what the
//! peer sent before it saw our RS, AI or AD is purged until the answer (X.225 7.14, 7.18,
//! 7.19), and in STA16 everything but AB and AA is dropped while the transport closes (A.4.7).
//! It applies to a TSDU's main SPDU; a GT or PT before an SPDU that is taken is taken too.
//!
//! A T-CONNECT or T-DISCONNECT, and the timer, are not SPDUs or requests; their handlers
//! match on the state.

use core::fmt;
use serde::Serialize;

use super::api::Request;
use super::state::State;
use crate::protocol::codec::SpduKind;

/// A condition besides the state under which a cell of the table accepts (Annex A's
/// predicates).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Condition {
    /// This side is the initiator: only it connects (X.225 7.1).
    Initiator,
    /// Negotiated release is not selected: then an FN may cross our FN, a release collision
    /// (X.225 7.7.2); with it only the release token's holder sends FN.
    NoNegotiatedRelease,
    /// The FN being answered crossed ours: the DN to our FN may come first (X.225 A.4.3).
    ReleaseCollision,
}

impl Condition {
    /// The condition in words, as the table and the errors show it.
    pub fn describe(self) -> &'static str {
        match self {
            Condition::Initiator => "on the initiator's side",
            Condition::NoNegotiatedRelease => "without negotiated release (FN crossing FN)",
            Condition::ReleaseCollision => "in a release collision",
        }
    }
}

/// A set of states: one bit each, in the order of [`State::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct States(u32);

impl States {
    /// The set of these states.
    pub const fn of(states: &[State]) -> States {
        let mut bits = 0;
        let mut i = 0;
        while i < states.len() {
            bits |= 1 << states[i] as u32;
            i += 1;
        }
        States(bits)
    }

    /// These states and those of `other`.
    pub const fn and(self, other: States) -> States {
        States(self.0 | other.0)
    }

    /// These states but those of `other`.
    pub const fn but(self, other: States) -> States {
        States(self.0 & !other.0)
    }

    /// Whether `state` is in the set.
    pub fn contains(self, state: State) -> bool {
        self.0 & (1 << state as u32) != 0
    }

    /// How many states are in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What one row of the table does in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Cell {
    /// Refused: a protocol error from the peer, a usage error from the user.
    Refused,
    /// Accepted: its handler runs.
    Accepted,
    /// Accepted when the condition holds too.
    When(Condition),
    /// The TSDU it is the main SPDU of is dropped, unread: purged, or the session is over.
    Discarded,
}

/// One row of the table: where an SPDU or a request is accepted or discarded, and the clause
/// of its procedure. Everywhere else it is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The X.225 clause of the procedure ("7.12").
    pub clause: &'static str,
    /// The states that accept it.
    pub states: States,
    /// A state that accepts it only under a condition (one at most in this table).
    pub when: Option<(State, Condition)>,
    /// The states that discard it.
    pub discards: States,
}

impl Rule {
    /// A row of an SPDU: accepted in `states`, and purged or dropped in STA05A, STA05B,
    /// STA05C and STA16 unless [`Rule::discards`] says otherwise.
    const fn spdu(clause: &'static str, states: States) -> Rule {
        Rule {
            clause,
            states,
            when: None,
            discards: PURGING.and(CLOSING),
        }
    }

    /// A row of a request: accepted in `states`; a request is never discarded.
    const fn request(clause: &'static str, states: States) -> Rule {
        Rule {
            clause,
            states,
            when: None,
            discards: States(0),
        }
    }

    /// The row, accepting in `state` too when `condition` holds.
    const fn when(self, state: State, condition: Condition) -> Rule {
        Rule {
            when: Some((state, condition)),
            ..self
        }
    }

    /// The row, discarding in `states` (and no other).
    const fn discarding(self, states: States) -> Rule {
        Rule {
            discards: states,
            ..self
        }
    }

    /// What the row does in `state`.
    pub fn cell(&self, state: State) -> Cell {
        match self.when {
            Some((at, condition)) if at == state => Cell::When(condition),
            _ if self.discards.contains(state) => Cell::Discarded,
            _ if self.states.contains(state) => Cell::Accepted,
            _ => Cell::Refused,
        }
    }

    /// Whether it is accepted in `state`, given which conditions hold. (A GT or PT leading
    /// an SPDU that is taken is accepted where a GT or PT alone would be discarded.)
    pub fn accepts(&self, state: State, holds: impl Fn(Condition) -> bool) -> bool {
        match self.when {
            Some((at, condition)) if at == state => holds(condition),
            _ => self.states.contains(state),
        }
    }
}

/// "X.225 7.12, Annex A: only in STA713"; a rule of many states names those it refuses.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let many = self.when.is_none() && self.states.len() > State::ALL.len() / 2;
        let words = if many {
            "in every state but"
        } else {
            "only in"
        };
        write!(f, "X.225 {}, Annex A: {words}", self.clause)?;
        let mut sep = " ";
        for state in State::ALL {
            let condition = self.when.filter(|(at, _)| *at == state).map(|(_, c)| c);
            if (self.states.contains(state) || condition.is_some()) != many {
                write!(f, "{sep}{}", state.code())?;
                if let Some(condition) = condition {
                    write!(f, " {}", condition.describe())?;
                }
                sep = ", ";
            }
        }
        Ok(())
    }
}

/// Why a TSDU is dropped in `state`, as the trace says it.
pub fn discard_reason(state: State) -> &'static str {
    if state == State::AwaitTransportClose {
        "the session is over on this side; the transport is closing"
    } else {
        "purged: it was sent before the peer saw our resynchronize, interrupt or discard"
    }
}

use State::*;

/// After RS, AI or AD sent: what the peer sent before it saw them is purged until the
/// answer (X.225 7.14, 7.18, 7.19).
const PURGING: States = States::of(&[AwaitResyncAck, AwaitInterruptAck, AwaitDiscardAck]);

/// After AB or DN sent, or RF: the session is over on this side (X.225 A.4.7).
const CLOSING: States = States::of(&[AwaitTransportClose]);

const NOWHERE: States = States(0);

/// The set of these states, as the rows below write it.
const fn of(states: &[State]) -> States {
    States::of(states)
}

const DATA_TRANSFER: States = States::of(&[DataTransfer]);

/// Data from the peer: in data transfer, and while our FN, MAP or AE is outstanding, since
/// the peer may have sent it before it saw them (X.225 7.7, 7.11).
const RECEIVE_DATA: States = States::of(&[
    DataTransfer,
    AwaitDisconnect,
    AwaitMajorAck,
    AwaitActivityEndAck,
]);

/// Every state.
const ALL_STATES: States = States::of(&State::ALL);

/// GT and PT: in every state of a session connection ([`State::is_connected`]).
const CONNECTED: States = ALL_STATES.but(States::of(&[
    Idle,
    AwaitTransport,
    AwaitConnect,
    AwaitAccept,
    AwaitConnectResponse,
    AwaitTransportClose,
]));

/// An S-RESYNCHRONIZE request: in data transfer, and around a major sync or activity end
/// (X.225 A.4.5).
const RESYNC_REQUEST: States = States::of(&[
    DataTransfer,
    AwaitMajorAck,
    AwaitMajorResponse,
    AwaitActivityEndAck,
    AwaitActivityEndResponse,
]);

/// RS from the peer: where a request may be made, and also crossing our RS (the collision
/// of X.225 7.14.3) or our FN (the peer, waiting for its RA, purges the FN; X.225 7.14).
const RS_RECEIVED: States = RESYNC_REQUEST.and(States::of(&[AwaitResyncAck, AwaitDisconnect]));

/// AB from the peer: once a transport connection is up for the session.
const AB_RECEIVED: States = ALL_STATES.but(States::of(&[Idle, AwaitTransport]));

/// S-U-ABORT: from the T-CONNECT request until the session ends.
const ABORT_REQUEST: States = ALL_STATES.but(States::of(&[Idle, AwaitTransportClose]));

/// What STA05A does not purge: RA, and an RS, AI or AD crossing ours (X.225 7.14.3).
const PURGED_BUT_IN_RESYNC: States = PURGING.and(CLOSING).but(States::of(&[AwaitResyncAck]));

/// What arrived, as the table knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Incoming {
    /// An SPDU of this kind.
    Spdu(SpduKind),
    /// An empty GT or PT: the category 0 SPDU before a category 2 SPDU in its TSDU (X.225
    /// 6.3.7). It gives and asks for nothing.
    LeadIn,
}

impl Incoming {
    /// Every row: the lead-in, then each SPDU in the order of [`SpduKind::ALL`].
    pub fn all() -> impl Iterator<Item = Incoming> {
        std::iter::once(Incoming::LeadIn).chain(SpduKind::ALL.into_iter().map(Incoming::Spdu))
    }

    /// What each state does with it.
    pub fn rule(self) -> Rule {
        use SpduKind::*;
        let Incoming::Spdu(kind) = self else {
            return const { Rule::spdu("6.3.7", ALL_STATES) };
        };
        match kind {
            CN => const { Rule::spdu("7.1", of(&[AwaitConnect])) },
            AC | RF => const { Rule::spdu("7.1", of(&[AwaitAccept])) },
            FN => {
                const {
                    Rule::spdu("7.7", DATA_TRANSFER)
                        .when(AwaitDisconnect, Condition::NoNegotiatedRelease)
                }
            }
            DN => {
                const {
                    Rule::spdu("7.7", of(&[AwaitDisconnect]))
                        .when(AwaitReleaseResponse, Condition::ReleaseCollision)
                }
            }
            NF => const { Rule::spdu("7.8", of(&[AwaitDisconnect])) },
            AB => const { Rule::spdu("7.9", AB_RECEIVED).discarding(NOWHERE) },
            AA => const { Rule::spdu("7.9.1", CLOSING).discarding(NOWHERE) },
            DT => const { Rule::spdu("7.3", RECEIVE_DATA) },
            EX => const { Rule::spdu("7.5", RECEIVE_DATA) },
            TD => const { Rule::spdu("7.6", RECEIVE_DATA) },
            GT => const { Rule::spdu("7.4.1", CONNECTED) },
            PT => const { Rule::spdu("7.4.2", CONNECTED) },
            GTC => const { Rule::spdu("7.33", DATA_TRANSFER) },
            GTA => const { Rule::spdu("7.34", DATA_TRANSFER) },
            MIP => const { Rule::spdu("7.11", DATA_TRANSFER) },
            MIA => const { Rule::spdu("7.11", RECEIVE_DATA) },
            MAP => const { Rule::spdu("7.12", DATA_TRANSFER) },
            MAA => const { Rule::spdu("7.12", of(&[AwaitMajorAck])) },
            RS => const { Rule::spdu("7.14", RS_RECEIVED).discarding(PURGED_BUT_IN_RESYNC) },
            RA => {
                const { Rule::spdu("7.15", of(&[AwaitResyncAck])).discarding(PURGED_BUT_IN_RESYNC) }
            }
            AS => const { Rule::spdu("7.16", DATA_TRANSFER) },
            AR => const { Rule::spdu("7.17", DATA_TRANSFER) },
            AI => {
                const {
                    Rule::spdu("7.18", of(&[DataTransfer, AwaitResyncAck]))
                        .discarding(PURGED_BUT_IN_RESYNC)
                }
            }
            AIA => {
                const {
                    Rule::spdu("7.18", of(&[AwaitInterruptAck]))
                        .discarding(PURGING.and(CLOSING).but(of(&[AwaitInterruptAck])))
                }
            }
            AD => {
                const {
                    Rule::spdu("7.19", of(&[DataTransfer, AwaitResyncAck]))
                        .discarding(PURGED_BUT_IN_RESYNC)
                }
            }
            ADA => {
                const {
                    Rule::spdu("7.19", of(&[AwaitDiscardAck]))
                        .discarding(PURGING.and(CLOSING).but(of(&[AwaitDiscardAck])))
                }
            }
            AE => const { Rule::spdu("7.20", DATA_TRANSFER) },
            AEA => const { Rule::spdu("7.20", of(&[AwaitActivityEndAck])) },
        }
    }

    /// Its name in the table: the SPDU's abbreviation.
    pub fn name(self) -> &'static str {
        match self {
            Incoming::Spdu(kind) => kind.abbreviation(),
            Incoming::LeadIn => "GT or PT, empty",
        }
    }
}

listed_enum! {
/// A request or response of the user without its parameters: a row of the table. `ALL`
/// lists them in the order of [`Request`]'s variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RequestKind [26] {
    /// S-CONNECT request.
    Connect,
    /// S-CONNECT response, accept.
    Accept,
    /// S-CONNECT response, reject.
    Refuse,
    /// S-DATA request.
    Data,
    /// S-TYPED-DATA request.
    TypedData,
    /// S-EXPEDITED-DATA request.
    Expedited,
    /// S-TOKEN-GIVE request.
    GiveTokens,
    /// S-TOKEN-PLEASE request.
    PleaseTokens,
    /// S-CONTROL-GIVE request.
    GiveControl,
    /// S-SYNC-MINOR request.
    MinorSync,
    /// S-SYNC-MINOR response.
    MinorSyncConfirm,
    /// S-SYNC-MAJOR request.
    MajorSync,
    /// S-SYNC-MAJOR response.
    MajorSyncConfirm,
    /// S-RESYNCHRONIZE request.
    Resynchronize,
    /// S-RESYNCHRONIZE response.
    ResynchronizeConfirm,
    /// S-ACTIVITY-START request.
    ActivityStart,
    /// S-ACTIVITY-RESUME request.
    ActivityResume,
    /// S-ACTIVITY-INTERRUPT request.
    ActivityInterrupt,
    /// S-ACTIVITY-INTERRUPT response.
    ActivityInterruptConfirm,
    /// S-ACTIVITY-DISCARD request.
    ActivityDiscard,
    /// S-ACTIVITY-DISCARD response.
    ActivityDiscardConfirm,
    /// S-ACTIVITY-END request.
    ActivityEnd,
    /// S-ACTIVITY-END response.
    ActivityEndConfirm,
    /// S-RELEASE request.
    Release,
    /// S-RELEASE response (DN to accept, NF to refuse).
    ReleaseResponse,
    /// S-U-ABORT request.
    Abort,
}
}

impl RequestKind {
    /// The service primitive, as X.225 clause 5 names it, and where it is accepted.
    pub fn row(self) -> (&'static str, Rule) {
        use RequestKind::*;
        match self {
            Connect => (
                "S-CONNECT request",
                const { Rule::request("7.1", NOWHERE).when(Idle, Condition::Initiator) },
            ),
            Accept | Refuse => (
                "S-CONNECT response",
                const { Rule::request("7.1", of(&[AwaitConnectResponse])) },
            ),
            Data => (
                "S-DATA request",
                const { Rule::request("7.3", DATA_TRANSFER) },
            ),
            TypedData => (
                "S-TYPED-DATA request",
                const { Rule::request("7.6", DATA_TRANSFER) },
            ),
            Expedited => (
                "S-EXPEDITED-DATA request",
                const { Rule::request("7.5", DATA_TRANSFER) },
            ),
            GiveTokens => (
                "S-TOKEN-GIVE request",
                const { Rule::request("7.4.1", DATA_TRANSFER) },
            ),
            PleaseTokens => (
                "S-TOKEN-PLEASE request",
                const { Rule::request("7.4.2", DATA_TRANSFER) },
            ),
            GiveControl => (
                "S-CONTROL-GIVE request",
                const { Rule::request("7.33", DATA_TRANSFER) },
            ),
            MinorSync => (
                "S-SYNC-MINOR request",
                const { Rule::request("7.11", DATA_TRANSFER) },
            ),
            MinorSyncConfirm => (
                "S-SYNC-MINOR response",
                const { Rule::request("7.11", of(&[DataTransfer, AwaitMajorAck])) },
            ),
            MajorSync => (
                "S-SYNC-MAJOR request",
                const { Rule::request("7.12", DATA_TRANSFER) },
            ),
            MajorSyncConfirm => (
                "S-SYNC-MAJOR response",
                const { Rule::request("7.12", of(&[AwaitMajorResponse])) },
            ),
            Resynchronize => (
                "S-RESYNCHRONIZE request",
                const { Rule::request("7.14", RESYNC_REQUEST) },
            ),
            ResynchronizeConfirm => (
                "S-RESYNCHRONIZE response",
                const { Rule::request("7.15", of(&[AwaitResyncResponse])) },
            ),
            ActivityStart => (
                "S-ACTIVITY-START request",
                const { Rule::request("7.16", DATA_TRANSFER) },
            ),
            ActivityResume => (
                "S-ACTIVITY-RESUME request",
                const { Rule::request("7.17", DATA_TRANSFER) },
            ),
            ActivityInterrupt => (
                "S-ACTIVITY-INTERRUPT request",
                const { Rule::request("7.18", DATA_TRANSFER) },
            ),
            ActivityInterruptConfirm => (
                "S-ACTIVITY-INTERRUPT response",
                const { Rule::request("7.18", of(&[AwaitInterruptResponse])) },
            ),
            ActivityDiscard => (
                "S-ACTIVITY-DISCARD request",
                const { Rule::request("7.19", DATA_TRANSFER) },
            ),
            ActivityDiscardConfirm => (
                "S-ACTIVITY-DISCARD response",
                const { Rule::request("7.19", of(&[AwaitDiscardResponse])) },
            ),
            ActivityEnd => (
                "S-ACTIVITY-END request",
                const { Rule::request("7.20", DATA_TRANSFER) },
            ),
            ActivityEndConfirm => (
                "S-ACTIVITY-END response",
                const { Rule::request("7.20", of(&[AwaitActivityEndResponse])) },
            ),
            Release => (
                "S-RELEASE request",
                const { Rule::request("7.7", DATA_TRANSFER) },
            ),
            ReleaseResponse => (
                "S-RELEASE response",
                const { Rule::request("7.7", of(&[AwaitReleaseResponse])) },
            ),
            Abort => (
                "S-U-ABORT request",
                const { Rule::request("7.9.1", ABORT_REQUEST) },
            ),
        }
    }

    /// The service primitive, as X.225 clause 5 names it.
    pub fn name(self) -> &'static str {
        self.row().0
    }

    /// Where it is accepted.
    pub fn rule(self) -> Rule {
        self.row().1
    }
}

impl Request {
    /// The row of the table this request is.
    pub fn kind(&self) -> RequestKind {
        match self {
            Request::Connect { .. } => RequestKind::Connect,
            Request::Accept { .. } => RequestKind::Accept,
            Request::Refuse { .. } => RequestKind::Refuse,
            Request::Data(_) => RequestKind::Data,
            Request::TypedData(_) => RequestKind::TypedData,
            Request::Expedited(_) => RequestKind::Expedited,
            Request::GiveTokens(_) => RequestKind::GiveTokens,
            Request::PleaseTokens(_) => RequestKind::PleaseTokens,
            Request::GiveControl => RequestKind::GiveControl,
            Request::MinorSync { .. } => RequestKind::MinorSync,
            Request::MinorSyncConfirm(_) => RequestKind::MinorSyncConfirm,
            Request::MajorSync => RequestKind::MajorSync,
            Request::MajorSyncConfirm => RequestKind::MajorSyncConfirm,
            Request::Resynchronize { .. } => RequestKind::Resynchronize,
            Request::ResynchronizeConfirm { .. } => RequestKind::ResynchronizeConfirm,
            Request::ActivityStart { .. } => RequestKind::ActivityStart,
            Request::ActivityResume { .. } => RequestKind::ActivityResume,
            Request::ActivityInterrupt(_) => RequestKind::ActivityInterrupt,
            Request::ActivityInterruptConfirm => RequestKind::ActivityInterruptConfirm,
            Request::ActivityDiscard(_) => RequestKind::ActivityDiscard,
            Request::ActivityDiscardConfirm => RequestKind::ActivityDiscardConfirm,
            Request::ActivityEnd => RequestKind::ActivityEnd,
            Request::ActivityEndConfirm => RequestKind::ActivityEndConfirm,
            Request::Release { .. } => RequestKind::Release,
            Request::ReleaseResponse { .. } => RequestKind::ReleaseResponse,
            Request::Abort { .. } => RequestKind::Abort,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states(set: States) -> Vec<State> {
        State::ALL
            .into_iter()
            .filter(|s| set.contains(*s))
            .collect()
    }

    #[test]
    fn a_states_bit_is_its_place_in_annex_a_order() {
        for (i, state) in State::ALL.into_iter().enumerate() {
            assert_eq!(state as usize, i, "{state}");
            assert_eq!(states(States::of(&[state])), [state]);
        }
    }

    #[test]
    fn the_named_state_sets_are_what_their_docs_say() {
        let connected: Vec<State> = State::ALL
            .into_iter()
            .filter(|s| s.is_connected())
            .collect();
        assert_eq!(states(CONNECTED), connected);
        assert_eq!(states(ALL_STATES), State::ALL);
        assert_eq!(
            states(AB_RECEIVED),
            State::ALL[2..],
            "all but STA01, STA01B"
        );
        assert_eq!(
            states(ABORT_REQUEST),
            State::ALL[1..18],
            "all but STA01, STA16"
        );
        assert_eq!(RS_RECEIVED.len(), RESYNC_REQUEST.len() + 2);
    }

    #[test]
    fn each_cell_has_one_verdict() {
        let rules = Incoming::all()
            .map(Incoming::rule)
            .chain(RequestKind::ALL.into_iter().map(RequestKind::rule));
        for rule in rules {
            assert!(!rule.states.is_empty() || rule.when.is_some(), "{rule:?}");
            assert_eq!(rule.states.0 >> State::ALL.len(), 0, "{rule:?}");
            assert_eq!(rule.discards.0 & !PURGING.and(CLOSING).0, 0, "{rule:?}");
            if let Some((state, _)) = rule.when {
                assert!(!rule.states.contains(state), "{rule:?}");
            }
        }
    }

    /// The answer a TSDU waits for in STA05A, STA05B or STA05C, and aborts, are never
    /// discarded; in STA16 only AB and AA are taken.
    #[test]
    fn purging_keeps_the_answers_and_aborts() {
        use SpduKind::*;
        let kept = |state: State| -> Vec<&str> {
            Incoming::all()
                .filter(|i| i.rule().cell(state) != Cell::Discarded)
                .map(Incoming::name)
                .collect()
        };
        assert_eq!(kept(AwaitResyncAck), ["AB", "AA", "RS", "RA", "AI", "AD"]);
        assert_eq!(kept(AwaitInterruptAck), ["AB", "AA", "AIA"]);
        assert_eq!(kept(AwaitDiscardAck), ["AB", "AA", "ADA"]);
        assert_eq!(kept(AwaitTransportClose), ["AB", "AA"]);
        let ra = Incoming::Spdu(RA).rule();
        assert_eq!(ra.cell(AwaitResyncAck), Cell::Accepted);
        assert_eq!(ra.cell(AwaitInterruptAck), Cell::Discarded);
        assert_eq!(ra.cell(DataTransfer), Cell::Refused);
        // A GT leading an RA in STA05A is taken with it.
        assert!(Incoming::LeadIn.rule().accepts(AwaitResyncAck, |_| false));
    }

    #[test]
    fn a_rule_reads_as_its_accepting_states() {
        assert_eq!(
            RequestKind::MajorSync.rule().to_string(),
            "X.225 7.12, Annex A: only in STA713"
        );
        assert_eq!(
            RequestKind::Connect.rule().to_string(),
            "X.225 7.1, Annex A: only in STA01 on the initiator's side"
        );
        assert_eq!(
            RequestKind::Abort.rule().to_string(),
            "X.225 7.9.1, Annex A: in every state but STA01, STA16"
        );
        assert_eq!(
            Incoming::Spdu(SpduKind::DN).rule().to_string(),
            "X.225 7.7, Annex A: only in STA03, STA09 in a release collision"
        );
        let fn_rule = Incoming::Spdu(SpduKind::FN).rule();
        assert!(fn_rule.accepts(DataTransfer, |_| false));
        assert!(!fn_rule.accepts(AwaitDisconnect, |_| false));
        assert!(fn_rule.accepts(AwaitDisconnect, |c| c == Condition::NoNegotiatedRelease));
        assert!(!fn_rule.accepts(AwaitMajorAck, |_| true));
    }
}

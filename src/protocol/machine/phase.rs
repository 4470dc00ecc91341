//! Where the machine is: a state of X.225 Annex A with what the machine remembers only while
//! in it.

use bytes::Bytes;
use serde::Serialize;

use super::api::Negotiated;
use super::state::State;
use crate::protocol::codec::{ResyncType, SerialNumber, TokenSetting};

/// The machine's position: an Annex A state carrying its own data. The trace records its
/// plain [`State`] ([`Phase::state`]); leaving a phase drops its data, so nothing is reset by
/// hand when a session ends.
#[derive(Clone, Debug, Serialize)]
pub(super) enum Phase {
    /// STA01.
    Idle,
    /// STA01B: the CN to send once the transport is up, and the calling SS-user reference it
    /// carries.
    AwaitTransport {
        /// The CN's octets.
        cn: Bytes,
        /// Its calling SS-user reference.
        calling: Bytes,
    },
    /// STA01C.
    AwaitConnect,
    /// STA02A: the calling SS-user reference the CN carried, half of the connection's
    /// identifier.
    AwaitAccept {
        /// The calling SS-user reference.
        calling: Bytes,
    },
    /// STA08: the CN's proposal, what the session is if the user accepts (X.225 7.1.1).
    AwaitConnectResponse {
        /// The proposal.
        proposal: Negotiated,
    },
    /// STA713.
    DataTransfer {
        /// A GTC was sent and its GTA has not arrived (X.225 7.34).
        control_given: bool,
    },
    /// STA03.
    AwaitDisconnect,
    /// STA09.
    AwaitReleaseResponse {
        /// Whether the FN crossed ours.
        release: Release,
    },
    /// STA04A.
    AwaitMajorAck,
    /// STA10A.
    AwaitMajorResponse,
    /// STA04B.
    AwaitActivityEndAck,
    /// STA10B.
    AwaitActivityEndResponse,
    /// STA05A: the RS this side sent.
    AwaitResyncAck(Resync),
    /// STA11A: the RS the peer sent.
    AwaitResyncResponse(Resync),
    /// STA05B.
    AwaitInterruptAck,
    /// STA11B.
    AwaitInterruptResponse,
    /// STA05C.
    AwaitDiscardAck,
    /// STA11C.
    AwaitDiscardResponse,
    /// STA16.
    AwaitTransportClose,
}

/// STA713 with no GTC outstanding.
pub(super) const DATA_TRANSFER: Phase = Phase::DataTransfer {
    control_given: false,
};

/// The FN an S-RELEASE response answers, in STA09.
#[derive(Clone, Debug, Serialize)]
pub(super) enum Release {
    /// The peer's FN alone.
    Plain,
    /// The peer's FN crossed ours: once our user answers, our FN still waits for its DN
    /// (X.225 7.7.2, A.4.3).
    Collision,
    /// In a collision, the DN to our FN came before our user answered; its user data waits
    /// for the S-RELEASE confirm.
    CollisionAnswered(Option<Bytes>),
}

/// A resynchronization under way (X.225 7.14): its type, its serial number and its token
/// setting, applied when RA completes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(super) struct Resync {
    /// Restart, abandon or set.
    pub kind: ResyncType,
    /// The serial number resynchronized to.
    pub serial: SerialNumber,
    /// Where the tokens go.
    pub tokens: TokenSetting,
}

impl Phase {
    /// The Annex A state, as the trace records it.
    pub fn state(&self) -> State {
        match self {
            Phase::Idle => State::Idle,
            Phase::AwaitTransport { .. } => State::AwaitTransport,
            Phase::AwaitConnect => State::AwaitConnect,
            Phase::AwaitAccept { .. } => State::AwaitAccept,
            Phase::AwaitConnectResponse { .. } => State::AwaitConnectResponse,
            Phase::DataTransfer { .. } => State::DataTransfer,
            Phase::AwaitDisconnect => State::AwaitDisconnect,
            Phase::AwaitReleaseResponse { .. } => State::AwaitReleaseResponse,
            Phase::AwaitMajorAck => State::AwaitMajorAck,
            Phase::AwaitMajorResponse => State::AwaitMajorResponse,
            Phase::AwaitActivityEndAck => State::AwaitActivityEndAck,
            Phase::AwaitActivityEndResponse => State::AwaitActivityEndResponse,
            Phase::AwaitResyncAck(_) => State::AwaitResyncAck,
            Phase::AwaitResyncResponse(_) => State::AwaitResyncResponse,
            Phase::AwaitInterruptAck => State::AwaitInterruptAck,
            Phase::AwaitInterruptResponse => State::AwaitInterruptResponse,
            Phase::AwaitDiscardAck => State::AwaitDiscardAck,
            Phase::AwaitDiscardResponse => State::AwaitDiscardResponse,
            Phase::AwaitTransportClose => State::AwaitTransportClose,
        }
    }
}

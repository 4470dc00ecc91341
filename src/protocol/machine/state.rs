//! The states of the session protocol machine, named as X.225 Annex A names them.

use serde::Serialize;
use std::fmt;

listed_enum! {
/// A state of the session protocol machine (X.225 Annex A, table A.2). Both roles share the
/// states; which are reachable depends on who connected and who sent what. `ALL` lists them
/// in the order of Annex A.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum State [19] {
    /// STA01: idle, no transport connection.
    Idle,
    /// STA01B: the initiator waits for the transport connection (T-CONNECT confirm).
    AwaitTransport,
    /// STA01C: the responder's transport connection is up; it waits for CN.
    AwaitConnect,
    /// STA02A: CN sent; waiting for AC or RF.
    AwaitAccept,
    /// STA08: CN received; waiting for the user's S-CONNECT response.
    AwaitConnectResponse,
    /// STA713: data transfer.
    DataTransfer,
    /// STA03: FN sent; waiting for DN (or NF).
    AwaitDisconnect,
    /// STA09: FN received; waiting for the user's S-RELEASE response.
    AwaitReleaseResponse,
    /// STA04A: MAP sent; waiting for MAA.
    AwaitMajorAck,
    /// STA10A: MAP received; waiting for the user's S-SYNC-MAJOR response.
    AwaitMajorResponse,
    /// STA04B: AE sent; waiting for AEA.
    AwaitActivityEndAck,
    /// STA10B: AE received; waiting for the user's S-ACTIVITY-END response.
    AwaitActivityEndResponse,
    /// STA05A: RS sent; waiting for RA.
    AwaitResyncAck,
    /// STA11A: RS received; waiting for the user's S-RESYNCHRONIZE response.
    AwaitResyncResponse,
    /// STA05B: AI sent; waiting for AIA.
    AwaitInterruptAck,
    /// STA11B: AI received; waiting for the user's S-ACTIVITY-INTERRUPT response.
    AwaitInterruptResponse,
    /// STA05C: AD sent; waiting for ADA.
    AwaitDiscardAck,
    /// STA11C: AD received; waiting for the user's S-ACTIVITY-DISCARD response.
    AwaitDiscardResponse,
    /// STA16: waiting for the transport connection to close (after AB or DN).
    AwaitTransportClose,
}
}

impl State {
    /// The state's code in X.225 Annex A.
    pub fn code(self) -> &'static str {
        match self {
            State::Idle => "STA01",
            State::AwaitTransport => "STA01B",
            State::AwaitConnect => "STA01C",
            State::AwaitAccept => "STA02A",
            State::AwaitConnectResponse => "STA08",
            State::DataTransfer => "STA713",
            State::AwaitDisconnect => "STA03",
            State::AwaitReleaseResponse => "STA09",
            State::AwaitMajorAck => "STA04A",
            State::AwaitMajorResponse => "STA10A",
            State::AwaitActivityEndAck => "STA04B",
            State::AwaitActivityEndResponse => "STA10B",
            State::AwaitResyncAck => "STA05A",
            State::AwaitResyncResponse => "STA11A",
            State::AwaitInterruptAck => "STA05B",
            State::AwaitInterruptResponse => "STA11B",
            State::AwaitDiscardAck => "STA05C",
            State::AwaitDiscardResponse => "STA11C",
            State::AwaitTransportClose => "STA16",
        }
    }

    /// The state in the standard's words.
    pub fn describe(self) -> &'static str {
        match self {
            State::Idle => "idle, no transport connection",
            State::AwaitTransport => "wait for T-CONNECT confirm",
            State::AwaitConnect => "idle, transport connected",
            State::AwaitAccept => "wait for the AC SPDU",
            State::AwaitConnectResponse => "wait for S-CONNECT response",
            State::DataTransfer => "data transfer",
            State::AwaitDisconnect => "wait for the DN SPDU",
            State::AwaitReleaseResponse => "wait for S-RELEASE response",
            State::AwaitMajorAck => "wait for the MAA SPDU",
            State::AwaitMajorResponse => "wait for S-SYNC-MAJOR response",
            State::AwaitActivityEndAck => "wait for the AEA SPDU",
            State::AwaitActivityEndResponse => "wait for S-ACTIVITY-END response",
            State::AwaitResyncAck => "wait for the RA SPDU",
            State::AwaitResyncResponse => "wait for S-RESYNCHRONIZE response",
            State::AwaitInterruptAck => "wait for the AIA SPDU",
            State::AwaitInterruptResponse => "wait for S-ACTIVITY-INTERRUPT response",
            State::AwaitDiscardAck => "wait for the ADA SPDU",
            State::AwaitDiscardResponse => "wait for S-ACTIVITY-DISCARD response",
            State::AwaitTransportClose => "wait for T-DISCONNECT indication",
        }
    }

    /// True once a session connection exists (AC sent or received) and until it ends.
    pub fn is_connected(self) -> bool {
        !matches!(
            self,
            State::Idle
                | State::AwaitTransport
                | State::AwaitConnect
                | State::AwaitAccept
                | State::AwaitConnectResponse
                | State::AwaitTransportClose
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.describe())
    }
}

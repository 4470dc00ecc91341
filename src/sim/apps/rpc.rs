//! Remote procedure calls over one session: the client sends a call, the server answers,
//! each call a request and its response on the same session connection. Where this lives
//! today: ONC RPC and DCE/RPC over TCP, gRPC's calls over one HTTP/2 connection.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::turns::{half_duplex, say_and_pass, Reply};
use super::{DialogMode, Effects};
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{Indication, Machine, Request, State};
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome};

/// The exchange's parameters (a scenario's `rpc` object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RpcSpec {
    /// How many calls.
    #[serde(default = "four")]
    pub calls: u32,
}

fn four() -> u32 {
    4
}

/// The caller, on host A.
#[derive(Clone, Debug, Serialize)]
pub struct RpcClient {
    spec: RpcSpec,
    made: u32,
    answered: u32,
    /// The user asked for the other dialogue mode: release once no call is outstanding, then
    /// connect again in it.
    switching: bool,
    /// Released for a switch, and connecting again in the new mode: a switch is under way
    /// until the new connection is accepted.
    reconnecting: bool,
}

impl RpcClient {
    /// A caller making `spec.calls` calls.
    pub fn new(spec: RpcSpec) -> Self {
        RpcClient {
            spec,
            made: 0,
            answered: 0,
            switching: false,
            reconnecting: false,
        }
    }

    /// True once every call is answered (it is being released).
    pub fn is_over(&self) -> bool {
        self.answered >= self.spec.calls
    }

    /// True while a switch of the dialogue mode is under way (released, then connected again).
    pub fn is_switching(&self) -> bool {
        self.switching || self.reconnecting
    }

    /// The user asks for the other dialogue mode. The functional units are fixed at
    /// establishment (X.225 7.1.7), so once the outstanding call is answered the session is
    /// released in order (FN/DN, X.225 7.7) and connected again in the new mode, where the
    /// calls go on from the next one: each call stands alone, so nothing needs resuming.
    pub fn switch_dialog(
        &mut self,
        m: &mut Machine,
        now: Micros,
        mode: DialogMode,
        fx: &mut Effects,
    ) {
        let words = mode.words();
        fx.note(
            Host::A,
            format!(
                "switching to {words}: release once call {} is answered, connect in {words}, go on",
                self.made.max(1)
            ),
        );
        self.switching = true;
        self.on_tick(m, now, fx);
    }

    /// An indication for the caller.
    pub fn on_indication(
        &mut self,
        m: &mut Machine,
        now: Micros,
        ind: Indication,
        fx: &mut Effects,
    ) {
        match ind {
            Indication::Accepted { .. } => {
                self.reconnecting = false;
                fx.tick_at = Some(now);
            }
            Indication::Data(reply) => {
                self.answered += 1;
                fx.note(
                    Host::A,
                    format!("result: {}", String::from_utf8_lossy(&reply)),
                );
                if !half_duplex(m) || self.switching {
                    fx.tick_at = Some(now);
                }
            }
            Indication::TokensGiven(_) => fx.tick_at = Some(now),
            Indication::Released { .. } if self.switching => {
                self.switching = false;
                self.reconnecting = true;
                fx.reconnect_in_new_mode(Host::A);
            }
            Indication::Released { .. } => fx.outcome = Some(Outcome::Released),
            Indication::Refused { .. } => fx.outcome = Some(Outcome::Refused),
            Indication::UserAbort { .. } => fx.outcome = Some(Outcome::Aborted),
            Indication::ProviderAbort(_) => fx.outcome = Some(Outcome::Lost),
            _ => {}
        }
    }

    /// The next call, or the release once every call is answered.
    pub fn on_tick(&mut self, m: &mut Machine, now: Micros, fx: &mut Effects) {
        if m.state() != State::DataTransfer
            || (half_duplex(m) && !m.tokens().contains(TokenSet::DATA))
        {
            return;
        }
        if self.switching && self.made == self.answered {
            fx.request(Host::A, m, now, Request::Release { user_data: None });
        } else if self.made < self.spec.calls && self.made == self.answered {
            self.made += 1;
            let call = format!("call {}: add({}, {})", self.made, self.made, self.made * 10);
            fx.note(Host::A, call.clone());
            say_and_pass(Host::A, m, now, Bytes::from(call), fx);
        } else if self.answered == self.spec.calls {
            fx.request(Host::A, m, now, Request::Release { user_data: None });
        }
    }
}

/// The server, on host B.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RpcServer {
    reply: Reply,
}

impl RpcServer {
    /// An indication for the server: answers each call.
    pub fn on_indication(
        &mut self,
        m: &mut Machine,
        now: Micros,
        called_ref: [u8; 16],
        ind: Indication,
        fx: &mut Effects,
    ) {
        match ind {
            Indication::Connect { .. } => {
                fx.request(
                    Host::B,
                    m,
                    now,
                    Request::Accept {
                        called_ref,
                        user_data: None,
                    },
                );
            }
            Indication::Data(call) => {
                let text = String::from_utf8_lossy(&call);
                let sum: u64 = text
                    .split(['(', ',', ')'])
                    .filter_map(|t| t.trim().parse::<u64>().ok())
                    .sum();
                let reply = format!("{} = {sum}", text.split(':').next().unwrap_or("call"));
                self.reply.send(Host::B, m, now, Bytes::from(reply), fx);
            }
            Indication::TokensGiven(_) => self.reply.flush(Host::B, m, now, fx),
            Indication::Release { .. } => {
                fx.request(
                    Host::B,
                    m,
                    now,
                    Request::ReleaseResponse {
                        accept: true,
                        user_data: None,
                    },
                );
            }
            _ => {}
        }
    }
}

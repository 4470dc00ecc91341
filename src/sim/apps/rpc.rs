//! Remote procedure calls over one session: the client sends a call, the server answers,
//! each call a request and its response on the same session connection. Where this lives
//! today: ONC RPC and DCE/RPC over TCP, gRPC's calls over one HTTP/2 connection.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::switch::Switch;
use super::turns::{half_duplex, say_and_pass, Reply};
use super::Effects;
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{Indication, Machine, Request, State};
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome};

/// The exchange's parameters (a scenario's `rpc` object); a field left out takes its
/// [`Default`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RpcSpec {
    /// How many calls (4).
    pub calls: u32,
}

impl Default for RpcSpec {
    fn default() -> Self {
        RpcSpec { calls: 4 }
    }
}

/// The caller, on host A.
#[derive(Clone, Debug, Serialize)]
pub struct RpcClient {
    spec: RpcSpec,
    made: u32,
    answered: u32,
    /// The user's switch of the dialogue mode: release once no call is outstanding, then
    /// connect again in the new mode.
    switch: Switch,
}

impl RpcClient {
    /// A caller making `spec.calls` calls.
    pub fn new(spec: RpcSpec) -> Self {
        RpcClient {
            spec,
            made: 0,
            answered: 0,
            switch: Switch::default(),
        }
    }

    /// Why the dialogue mode cannot be switched now, if it cannot.
    pub fn switch_refusal(&self) -> Option<&'static str> {
        let over = self.answered >= self.spec.calls;
        self.switch.refusal(over.then_some(
            "every call is answered: the session is being released, nothing is left to switch",
        ))
    }

    /// The user asks for the dialogue mode named `words`: once the outstanding call is
    /// answered the session is released in order and connected again in that mode, where the
    /// calls go on from the next one: each call stands alone, so nothing needs resuming (see
    /// `Switch`).
    pub fn switch_dialog(&mut self, m: &mut Machine, now: Micros, words: &str, fx: &mut Effects) {
        let call = self.made.max(1);
        let plan = format!("release once call {call} is answered, connect in {words}, go on");
        fx.note_switch(words, &plan);
        self.switch.ask();
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
                self.switch.accepted();
                fx.tick_at = Some(now);
            }
            Indication::Data(reply) => {
                self.answered += 1;
                fx.note(
                    Host::A,
                    format!("result: {}", String::from_utf8_lossy(&reply)),
                );
                if !half_duplex(m) || self.switch.is_asked() {
                    fx.tick_at = Some(now);
                }
            }
            Indication::TokensGiven(_) => fx.tick_at = Some(now),
            Indication::Released { .. } if self.switch.is_asked() => {
                self.switch.reconnect(Host::A, fx)
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
        if self.switch.is_asked() && self.made == self.answered {
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
            Indication::Connect { .. } => fx.accept(Host::B, m, now, called_ref),
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
            Indication::Release { .. } => fx.accept_release(Host::B, m, now, None),
            _ => {}
        }
    }
}

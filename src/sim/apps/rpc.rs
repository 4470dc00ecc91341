//! Remote procedure calls over one session: the client sends a call, the server answers,
//! each call a request and its response on the same session connection. Where this lives
//! today: ONC RPC and DCE/RPC over TCP, gRPC's calls over one HTTP/2 connection.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::switch::Switch;
use super::turns::{half_duplex, may_speak, say_and_pass, Reply};
use super::Cx;
use crate::protocol::machine::{Indication, State};
use crate::sim::trace::Outcome;

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
    pub fn switch_dialog(&mut self, cx: &mut Cx<'_>, words: &str) {
        let call = self.made.max(1);
        let plan = format!("release once call {call} is answered, connect in {words}, go on");
        cx.fx.note_switch(words, &plan);
        self.switch.ask();
        self.on_tick(cx);
    }

    /// An indication for the caller.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, ind: Indication) {
        match ind {
            Indication::Accepted { .. } => {
                self.switch.accepted();
                cx.tick_now();
            }
            Indication::Data(reply) => {
                self.answered += 1;
                cx.note(format!("result: {}", String::from_utf8_lossy(&reply)));
                if !half_duplex(cx.m) || self.switch.is_asked() {
                    cx.tick_now();
                }
            }
            Indication::TokensGiven(_) => cx.tick_now(),
            Indication::Released { .. } => self.switch.released(cx),
            Indication::Refused { .. } => cx.end(Outcome::Refused),
            Indication::UserAbort { .. } => cx.end(Outcome::Aborted),
            Indication::ProviderAbort(_) => cx.end(Outcome::Lost),
            _ => {}
        }
    }

    /// The next call, or the release once every call is answered.
    pub fn on_tick(&mut self, cx: &mut Cx<'_>) {
        if cx.m.state() != State::DataTransfer || !may_speak(cx.m) {
            return;
        }
        if self.switch.is_asked() && self.made == self.answered {
            cx.release(None);
        } else if self.made < self.spec.calls && self.made == self.answered {
            self.made += 1;
            let call = format!("call {}: add({}, {})", self.made, self.made, self.made * 10);
            cx.note(call.clone());
            say_and_pass(cx, Bytes::from(call));
        } else if self.answered == self.spec.calls {
            cx.release(None);
        }
    }
}

/// The server, on host B.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RpcServer {
    reply: Reply,
}

impl RpcServer {
    /// An indication for the server: accepts the connection with `called_ref` and answers
    /// each call.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, called_ref: [u8; 16], ind: Indication) {
        match ind {
            Indication::Connect { .. } => cx.accept(called_ref),
            Indication::Data(call) => {
                let text = String::from_utf8_lossy(&call);
                let sum: u64 = text
                    .split(['(', ',', ')'])
                    .filter_map(|t| t.trim().parse::<u64>().ok())
                    .sum();
                let reply = format!("{} = {sum}", text.split(':').next().unwrap_or("call"));
                self.reply.send(cx, Bytes::from(reply));
            }
            Indication::TokensGiven(_) => self.reply.flush(cx),
            Indication::Release { .. } => cx.accept_release(None),
            _ => {}
        }
    }
}

//! Taking turns on a session: in half-duplex only the data token's holder sends, so a side
//! that has said its piece hands the token over (GT); in full-duplex both just send.

use bytes::Bytes;

use super::Cx;
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{Machine, Request};

/// True if this session has a data token (half-duplex).
pub fn half_duplex(m: &Machine) -> bool {
    m.available_tokens().contains(TokenSet::DATA)
}

/// True if this side may send data now: in full-duplex always, in half-duplex while it holds
/// the data token.
pub fn may_speak(m: &Machine) -> bool {
    !half_duplex(m) || m.tokens().contains(TokenSet::DATA)
}

/// Sends `data` (DT) and, in half-duplex, gives the data token to the peer so it can answer.
pub fn say_and_pass(cx: &mut Cx<'_>, data: Bytes) -> bool {
    if !cx.request(Request::Data(data)) {
        return false;
    }
    if half_duplex(cx.m) {
        cx.request(Request::GiveTokens(TokenSet::DATA));
    }
    true
}

/// A reply that waits for the data token: in half-duplex an answer can only go once the
/// asker has handed the token over (its GT follows its request).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Reply(Option<Bytes>);

impl Reply {
    /// Queues `data` and sends it if this side may speak now.
    pub fn send(&mut self, cx: &mut Cx<'_>, data: Bytes) {
        self.0 = Some(data);
        self.flush(cx);
    }

    /// Sends the queued reply if this side may speak now (call when tokens arrive).
    pub fn flush(&mut self, cx: &mut Cx<'_>) {
        if !may_speak(cx.m) {
            return;
        }
        if let Some(data) = self.0.take() {
            say_and_pass(cx, data);
        }
    }
}

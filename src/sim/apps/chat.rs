//! A half-duplex conversation: two users take turns. The one holding the data token speaks;
//! the other, wanting to answer, asks for it with PT, and the speaker hands it over with GT
//! once done. In full-duplex both may speak at once. Where this lives today: push-to-talk
//! radio, and the turn-taking of SMTP's or HTTP/1.1's request and response.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::turns::half_duplex;
use super::Effects;
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{Indication, Machine, Request, State};
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome};

/// The conversation's parameters (a scenario's `chat` object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatSpec {
    /// How many lines are said in all.
    #[serde(default = "six")]
    pub lines: u32,
    /// How long a listener thinks before asking for the turn, milliseconds.
    #[serde(default = "think")]
    pub think_ms: u64,
}

fn six() -> u32 {
    6
}
fn think() -> u64 {
    250
}

const SCRIPT: [&str; 8] = [
    "A: Hello B, are you there?",
    "B: Hello A. Loud and clear.",
    "A: The file arrived. Checksums match.",
    "B: Good. Shall I send the next one?",
    "A: Yes please, after lunch.",
    "B: Agreed. Over and out.",
    "A: Wait, one more thing.",
    "B: Go ahead.",
];

/// One participant (the same code on both hosts).
#[derive(Clone, Debug, Serialize)]
pub struct Talker {
    host: Host,
    spec: ChatSpec,
    /// Lines said by both so far (each side counts what it said and heard).
    said: u32,
    /// Wants the turn at this time (it has been thinking).
    ask_at: Option<Micros>,
    /// Has the turn and has not spoken yet.
    must_speak: bool,
    /// Asked for the token and waits.
    asked: bool,
}

impl Talker {
    /// A participant on `host`.
    pub fn new(host: Host, spec: ChatSpec) -> Self {
        Talker {
            host,
            spec,
            said: 0,
            ask_at: None,
            must_speak: false,
            asked: false,
        }
    }

    /// An indication.
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
                    self.host,
                    m,
                    now,
                    Request::Accept {
                        called_ref,
                        user_data: None,
                    },
                );
                self.listen(now, fx);
            }
            Indication::Accepted { .. } => {
                self.must_speak = true;
                fx.tick_at = Some(now);
            }
            Indication::Data(line) => {
                self.said += 1;
                fx.note(
                    self.host,
                    format!("heard \"{}\"", String::from_utf8_lossy(&line)),
                );
                if self.said >= self.spec.lines {
                    return self.finish(m, now, fx);
                }
                if !half_duplex(m) {
                    self.must_speak = true;
                    fx.tick_at = Some(now + self.spec.think_ms * 1000);
                } else {
                    self.listen(now, fx);
                }
            }
            Indication::TokensRequested(_)
                if m.tokens().contains(TokenSet::DATA) && !self.must_speak =>
            {
                fx.note(
                    self.host,
                    "the other side asks for the turn: giving the data token",
                );
                fx.request(self.host, m, now, Request::GiveTokens(TokenSet::DATA));
            }
            Indication::TokensGiven(t) if t.contains(TokenSet::DATA) => {
                self.asked = false;
                self.must_speak = true;
                fx.tick_at = Some(now);
            }
            Indication::Release => {
                fx.request(self.host, m, now, Request::ReleaseResponse { accept: true });
            }
            Indication::Released => fx.outcome = Some(Outcome::Released),
            Indication::UserAbort | Indication::ProviderAbort(_) => {
                fx.outcome = Some(Outcome::Aborted)
            }
            _ => {}
        }
    }

    fn listen(&mut self, now: Micros, fx: &mut Effects) {
        let at = now + self.spec.think_ms * 1000;
        self.ask_at = Some(at);
        fx.tick_at = Some(at);
    }

    fn finish(&mut self, m: &mut Machine, now: Micros, fx: &mut Effects) {
        // The conversation is over; host A, holding every token once B hands back the data
        // token, releases.
        if self.host == Host::A {
            if m.tokens().contains(m.available_tokens()) {
                fx.request(self.host, m, now, Request::Release);
            } else if !self.asked {
                self.asked = true;
                fx.request(
                    self.host,
                    m,
                    now,
                    Request::PleaseTokens(m.available_tokens() - m.tokens()),
                );
            }
        } else if m.tokens().contains(TokenSet::DATA) {
            fx.request(self.host, m, now, Request::GiveTokens(TokenSet::DATA));
        }
    }

    /// Time to speak, or to ask for the turn.
    pub fn on_tick(&mut self, m: &mut Machine, now: Micros, fx: &mut Effects) {
        if m.state() != State::DataTransfer {
            return;
        }
        let holds = !half_duplex(m) || m.tokens().contains(TokenSet::DATA);
        if self.must_speak && holds {
            if self.said >= self.spec.lines {
                return self.finish(m, now, fx);
            }
            self.must_speak = false;
            let line = SCRIPT[self.said as usize % SCRIPT.len()];
            self.said += 1;
            if fx.request(
                self.host,
                m,
                now,
                Request::Data(Bytes::from_static(line.as_bytes())),
            ) && self.said >= self.spec.lines
            {
                self.finish(m, now, fx);
            }
        } else if self.ask_at.is_some_and(|t| t <= now) && !holds && !self.asked {
            self.ask_at = None;
            self.asked = true;
            fx.note(self.host, "wants to speak: asking for the data token");
            fx.request(self.host, m, now, Request::PleaseTokens(TokenSet::DATA));
        }
    }
}

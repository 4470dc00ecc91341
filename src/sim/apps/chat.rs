//! A half-duplex conversation: two users take turns. The one holding the data token speaks;
//! the other, wanting to answer, asks for it with PT, and the speaker hands it over with GT
//! once done. In full-duplex both may speak at once. Where this lives today: push-to-talk
//! radio, and the turn-taking of SMTP's or HTTP/1.1's request and response.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::switch::Switch;
use super::turns::half_duplex;
use super::Effects;
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{Indication, Machine, Request, State};
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::{Host, Outcome};

/// The conversation's parameters (a scenario's `chat` object); a field left out takes its
/// [`Default`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChatSpec {
    /// How many lines are said in all (6).
    pub lines: u32,
    /// How long a listener thinks before asking for the turn, milliseconds (250).
    pub think_ms: u64,
}

impl Default for ChatSpec {
    fn default() -> Self {
        ChatSpec {
            lines: 6,
            think_ms: 250,
        }
    }
}

/// What the two users say, in turn (host A the even lines), on either stack.
pub(crate) const SCRIPT: [&str; 8] = [
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
    /// Host A's switch of the dialogue mode.
    switch: Switch,
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
            switch: Switch::default(),
        }
    }

    /// Whose line is next: host A says the even lines of the script, host B the odd ones.
    fn my_turn(&self) -> bool {
        self.said.is_multiple_of(2) == (self.host == Host::A)
    }

    /// Picks the conversation up where it was, on a new connection: the side whose line is
    /// next speaks (once it holds the data token, in half-duplex); the other listens.
    fn resume_turn(&mut self, now: Micros, fx: &mut Effects) {
        self.asked = false;
        self.ask_at = None;
        self.must_speak = self.my_turn();
        if self.must_speak {
            // Speaks at once if it may; in half-duplex without the data token, asks for it.
            self.ask_at = Some(now);
            fx.tick_at = Some(now);
        } else {
            self.listen(now, fx);
        }
    }

    /// Why the dialogue mode cannot be switched now, if it cannot.
    pub fn switch_refusal(&self) -> Option<&'static str> {
        let over = self.said >= self.spec.lines;
        self.switch.refusal(
            over.then_some(
                "the conversation is over: it is being released, nothing is left to switch",
            ),
        )
    }

    /// Host A's user asks for the dialogue mode named `words`: the conversation is released
    /// in order (every line delivered) and connected again in that mode, where it goes on from
    /// the line it had reached: there is no activity to resume, so the application keeps its
    /// own place (see `Switch`).
    pub fn switch_dialog(&mut self, m: &mut Machine, now: Micros, words: &str, fx: &mut Effects) {
        let line = self.said + 1;
        let plan = format!("release in order, connect in {words}, go on from line {line}");
        fx.note_switch(words, &plan);
        self.switch.ask();
        if m.state() == State::DataTransfer {
            self.finish(m, now, fx);
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
                fx.accept(self.host, m, now, called_ref);
                self.resume_turn(now, fx);
            }
            Indication::Accepted { .. } => {
                self.switch.accepted();
                self.resume_turn(now, fx);
            }
            Indication::Data(line) => {
                self.said += 1;
                fx.note(
                    self.host,
                    format!("heard \"{}\"", String::from_utf8_lossy(&line)),
                );
                if self.said >= self.spec.lines || self.switch.is_asked() {
                    // The other side has had its say. In half-duplex it hands the data token
                    // back with its last line (GT, in `finish`), and host A releases once it
                    // arrives, without asking for it (a PT crossing that GT would ask for
                    // nothing); a switch asks for the tokens it lacks.
                    if !self.switch.is_asked() && half_duplex(m) {
                        return;
                    }
                    self.asked = false;
                    return self.finish(m, now, fx);
                }
                if !half_duplex(m) {
                    self.must_speak = true;
                    fx.tick_at = Some(now.saturating_add(ms_to_us(self.spec.think_ms)));
                } else {
                    self.listen(now, fx);
                }
            }
            Indication::TokensRequested(_)
                if m.tokens().contains(TokenSet::DATA)
                    && !self.must_speak
                    && !self.switch.is_asked() =>
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
            Indication::TokensGiven(_) if self.switch.is_asked() => self.finish(m, now, fx),
            Indication::Release { .. } => fx.accept_release(self.host, m, now, None),
            Indication::Released { .. } if self.switch.is_asked() => {
                self.switch.reconnect(self.host, fx)
            }
            Indication::Released { .. } => fx.outcome = Some(Outcome::Released),
            Indication::UserAbort { .. } => fx.outcome = Some(Outcome::Aborted),
            Indication::ProviderAbort(_) => fx.outcome = Some(Outcome::Lost),
            _ => {}
        }
    }

    fn listen(&mut self, now: Micros, fx: &mut Effects) {
        let at = now.saturating_add(ms_to_us(self.spec.think_ms));
        self.ask_at = Some(at);
        fx.tick_at = Some(at);
    }

    fn finish(&mut self, m: &mut Machine, now: Micros, fx: &mut Effects) {
        // The conversation is over (or is to go on in the other mode); host A, holding every
        // token once B hands back the data token, releases.
        if m.state() != State::DataTransfer {
            return; // already releasing
        }
        if self.host == Host::A {
            if m.tokens().contains(m.available_tokens()) {
                fx.request(self.host, m, now, Request::Release { user_data: None });
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
        if self.switch.is_asked() {
            return self.finish(m, now, fx);
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

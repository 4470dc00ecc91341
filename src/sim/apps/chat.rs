//! A half-duplex conversation: two users take turns. The one holding the data token speaks;
//! the other, wanting to answer, asks for it with PT, and the speaker hands it over with GT
//! once done. In full-duplex both may speak at once. Where this lives today: push-to-talk
//! radio, and the turn-taking of SMTP's or HTTP/1.1's request and response.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::switch::Switch;
use super::turns::{half_duplex, may_speak};
use super::Cx;
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{Indication, Request, State};
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
    fn resume_turn(&mut self, cx: &mut Cx<'_>) {
        self.asked = false;
        self.ask_at = None;
        self.must_speak = self.my_turn();
        if self.must_speak {
            // Speaks at once if it may; in half-duplex without the data token, asks for it.
            self.ask_at = Some(cx.now);
            cx.tick_now();
        } else {
            self.listen(cx);
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
    pub fn switch_dialog(&mut self, cx: &mut Cx<'_>, words: &str) {
        let line = self.said + 1;
        let plan = format!("release in order, connect in {words}, go on from line {line}");
        cx.fx.note_switch(words, &plan);
        self.switch.ask();
        if cx.m.state() == State::DataTransfer {
            self.finish(cx);
        }
    }

    /// An indication; a CN is accepted with `called_ref`.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, called_ref: [u8; 16], ind: Indication) {
        match ind {
            Indication::Connect { .. } => {
                cx.accept(called_ref);
                self.resume_turn(cx);
            }
            Indication::Accepted { .. } => {
                self.switch.accepted();
                self.resume_turn(cx);
            }
            Indication::Data(line) => {
                self.said += 1;
                cx.note(format!("heard \"{}\"", String::from_utf8_lossy(&line)));
                if self.said >= self.spec.lines || self.switch.is_asked() {
                    // The other side has had its say. In half-duplex it hands the data token
                    // back with its last line (GT, in `finish`), and host A releases once it
                    // arrives, without asking for it (a PT crossing that GT would ask for
                    // nothing); a switch asks for the tokens it lacks.
                    if !self.switch.is_asked() && half_duplex(cx.m) {
                        return;
                    }
                    self.asked = false;
                    return self.finish(cx);
                }
                if !half_duplex(cx.m) {
                    self.must_speak = true;
                    cx.fx.tick_at = Some(self.after_thinking(cx.now));
                } else {
                    self.listen(cx);
                }
            }
            Indication::TokensRequested(_)
                if cx.m.tokens().contains(TokenSet::DATA)
                    && !self.must_speak
                    && !self.switch.is_asked() =>
            {
                cx.note("the other side asks for the turn: giving the data token");
                cx.request(Request::GiveTokens(TokenSet::DATA));
            }
            Indication::TokensGiven(t) if t.contains(TokenSet::DATA) => {
                self.asked = false;
                self.must_speak = true;
                cx.tick_now();
            }
            Indication::TokensGiven(_) if self.switch.is_asked() => self.finish(cx),
            Indication::Release { .. } => cx.accept_release(None),
            Indication::Released { .. } => self.switch.released(cx),
            Indication::UserAbort { .. } => cx.end(Outcome::Aborted),
            Indication::ProviderAbort(_) => cx.end(Outcome::Lost),
            _ => {}
        }
    }

    /// When a listener who heard a line at `now` has thought it over.
    fn after_thinking(&self, now: Micros) -> Micros {
        now.saturating_add(ms_to_us(self.spec.think_ms))
    }

    fn listen(&mut self, cx: &mut Cx<'_>) {
        let at = self.after_thinking(cx.now);
        self.ask_at = Some(at);
        cx.fx.tick_at = Some(at);
    }

    fn finish(&mut self, cx: &mut Cx<'_>) {
        // The conversation is over (or is to go on in the other mode); host A, holding every
        // token once B hands back the data token, releases.
        let m = &*cx.m;
        if m.state() != State::DataTransfer {
            return; // already releasing
        }
        if self.host == Host::A {
            if m.tokens().contains(m.available_tokens()) {
                cx.release(None);
            } else if !self.asked {
                self.asked = true;
                let lacking = m.available_tokens() - m.tokens();
                cx.request(Request::PleaseTokens(lacking));
            }
        } else if m.tokens().contains(TokenSet::DATA) {
            cx.request(Request::GiveTokens(TokenSet::DATA));
        }
    }

    /// Time to speak, or to ask for the turn.
    pub fn on_tick(&mut self, cx: &mut Cx<'_>) {
        if cx.m.state() != State::DataTransfer {
            return;
        }
        if self.switch.is_asked() {
            return self.finish(cx);
        }
        let holds = may_speak(cx.m);
        if self.must_speak && holds {
            if self.said >= self.spec.lines {
                return self.finish(cx);
            }
            self.must_speak = false;
            let line = SCRIPT[self.said as usize % SCRIPT.len()];
            self.said += 1;
            if cx.request(Request::Data(Bytes::from_static(line.as_bytes())))
                && self.said >= self.spec.lines
            {
                self.finish(cx);
            }
        } else if self.ask_at.is_some_and(|t| t <= cx.now) && !holds && !self.asked {
            self.ask_at = None;
            self.asked = true;
            cx.note("wants to speak: asking for the data token");
            cx.request(Request::PleaseTokens(TokenSet::DATA));
        }
    }
}

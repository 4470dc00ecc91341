//! The conversation itself, above NBSS: the session request and response, numbered lines
//! taken in turn, keep-alives from host A while it waits, and the applications' own resync
//! after a new NetBIOS session.

use super::{
    decode_name, speaker, Chat, CALLED, KEEP_ALIVE, KEEP_ALIVE_US, MESSAGE, NEGATIVE, NOT_PRESENT,
    POSITIVE, REQUEST,
};
use crate::sim::apps::chat::SCRIPT;
use crate::sim::scheduler::Micros;
use crate::sim::tcpip::app::AppOut;
use crate::sim::trace::{Host, Outcome};

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

impl Chat {
    /// An NBSS packet arrives at `host`.
    pub(super) fn packet_in(
        &mut self,
        host: Host,
        kind: u8,
        trailer: &[u8],
        now: Micros,
        out: &mut AppOut,
    ) {
        match (host, kind) {
            (Host::B, REQUEST) => self.session_request(trailer, out),
            (Host::A, POSITIVE) => {
                self.session[0] = true;
                self.last_sent_a = now;
                out.note(Host::A, "NetBIOS session up (POSITIVE SESSION RESPONSE)");
                if self.count[0] > 0 {
                    self.resyncing = true;
                    let text = format!("RESUME {}", self.count[0]);
                    out.note(Host::A, format!("telling B how far A got: {text}"));
                    self.send(Host::A, MESSAGE, text.as_bytes(), Some(text.clone()));
                } else {
                    self.turn(now, now, out);
                }
                self.keep_alive_later(now, out);
            }
            (Host::A, NEGATIVE) => {
                let code = trailer.first().copied().unwrap_or(0);
                out.note(
                    Host::A,
                    format!("NEGATIVE SESSION RESPONSE, error 0x{code:02x}"),
                );
                self.out.ending = Some(Outcome::Refused);
                out.close.push(Host::A);
            }
            (_, MESSAGE) if self.session[ix(host)] => self.message(host, trailer, now, out),
            (_, KEEP_ALIVE) => {}
            (_, other) => out.note(host, format!("NBSS packet type 0x{other:02x} ignored")),
        }
    }

    /// Host B answers a SESSION REQUEST: positive if it is the name called.
    fn session_request(&mut self, trailer: &[u8], out: &mut AppOut) {
        let called = decode_name(trailer.get(..34).unwrap_or(&[]));
        let calling = decode_name(trailer.get(34..).unwrap_or(&[]));
        match (called, calling) {
            (Some((name, 0x20)), Some((from, _))) if name == CALLED => {
                out.note(
                    Host::B,
                    format!("{name} accepts a NetBIOS session from {from}"),
                );
                self.session[1] = true;
                self.send(Host::B, POSITIVE, &[], None);
            }
            (called, _) => {
                out.note(
                    Host::B,
                    format!("called name {called:?} is not here: NEGATIVE SESSION RESPONSE"),
                );
                self.send(Host::B, NEGATIVE, &[NOT_PRESENT], None);
            }
        }
    }

    /// A SESSION MESSAGE: a line of the conversation, or a RESUME.
    fn message(&mut self, host: Host, trailer: &[u8], now: Micros, out: &mut AppOut) {
        let text = String::from_utf8_lossy(trailer).into_owned();
        if let Some(n) = text
            .strip_prefix("RESUME ")
            .and_then(|n| n.parse::<u32>().ok())
        {
            return self.resume(host, n, now, out);
        }
        let h = ix(host);
        self.count[h] += 1;
        out.note(host, format!("heard: {text}"));
        self.turn(now, now.saturating_add(self.think), out);
    }

    /// The other side's count arrived: both go on from the lower.
    fn resume(&mut self, host: Host, theirs: u32, now: Micros, out: &mut AppOut) {
        let h = ix(host);
        let ours = self.count[h];
        if host == Host::B {
            let text = format!("RESUME {ours}");
            self.send(Host::B, MESSAGE, text.as_bytes(), Some(text.clone()));
        } else {
            self.resyncing = false;
        }
        self.count[h] = ours.min(theirs);
        out.note(
            host,
            format!(
                "{} counted {ours} line(s), the other {theirs}: going on from line {}",
                host.name(),
                self.count[h] + 1
            ),
        );
        self.turn(now, now, out);
    }

    /// After line `count` on either side: the speaker of the next line plans to say it `at`,
    /// or host A ends the conversation.
    fn turn(&mut self, now: Micros, at: Micros, out: &mut AppOut) {
        for host in [Host::A, Host::B] {
            let n = self.count[ix(host)];
            if !self.session[ix(host)] || (host == Host::A && self.resyncing) {
                continue;
            }
            if n >= self.lines {
                if host == Host::A && self.out.ending.is_none() {
                    out.note(Host::A, "the conversation is over; closing the connection");
                    self.out.ending = Some(Outcome::Released);
                    out.close.push(Host::A);
                }
            } else if speaker(n) == host && self.speak_at[ix(host)].is_none() {
                let at = if n == 0 { now } else { at };
                self.speak_at[ix(host)] = Some(at);
                out.tick_at.push((host, at));
            }
        }
    }

    /// A timer: a line to say, or a keep-alive from host A.
    pub(super) fn on_tick(&mut self, host: Host, now: Micros, out: &mut AppOut) {
        let h = ix(host);
        if self.speak_at[h].is_some_and(|t| t <= now) {
            self.speak_at[h] = None;
            let n = self.count[h];
            if self.session[h] && speaker(n) == host && n < self.lines && self.out.ending.is_none()
            {
                let line = SCRIPT[n as usize % SCRIPT.len()];
                self.count[h] += 1;
                out.note(host, format!("says: {line}"));
                self.send(host, MESSAGE, line.as_bytes(), None);
                if host == Host::A {
                    self.last_sent_a = now;
                }
                self.turn(now, now, out);
            }
        }
        if host == Host::A && self.session[0] && self.out.ending.is_none() {
            if self.keep_alive_due.is_some_and(|t| t <= now) {
                self.keep_alive_due = None;
                if now >= self.last_sent_a.saturating_add(KEEP_ALIVE_US) {
                    self.send(Host::A, KEEP_ALIVE, &[], None);
                    self.last_sent_a = now;
                }
            }
            self.keep_alive_later(now, out);
        }
    }

    /// Wakes host A when it will have been quiet long enough for a keep-alive (one timer).
    fn keep_alive_later(&mut self, now: Micros, out: &mut AppOut) {
        if self.keep_alive_due.is_none() {
            let due = self
                .last_sent_a
                .saturating_add(KEEP_ALIVE_US)
                .max(now.saturating_add(1));
            self.keep_alive_due = Some(due);
            out.tick_at.push((Host::A, due));
        }
    }
}

//! The record of a run: every SPDU sent (and whether it arrived), every state change and
//! token move, sync points confirmed, breaks, reconnects, resumes and application events.
//! The timeline is drawn from it; its JSON form is an interface (see README).

use serde::{Deserialize, Serialize};

use super::scheduler::Micros;

/// One of the two simulated hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Host {
    /// Host A, the initiator of the session connections.
    A,
    /// Host B, the responder.
    B,
}

impl Host {
    /// Its letter, "A" or "B".
    pub fn name(self) -> &'static str {
        match self {
            Host::A => "A",
            Host::B => "B",
        }
    }

    /// The other host.
    pub fn peer(self) -> Host {
        match self {
            Host::A => Host::B,
            Host::B => Host::A,
        }
    }
}

/// The trace limit `session-sim run` applies unless told otherwise (`--trace-limit`): a
/// million events, a few hundred MiB, so a long run's memory stays bounded by default.
/// Events past it are counted in [`Trace::dropped`], and the timeline says how many.
pub const DEFAULT_TRACE_LIMIT: usize = 1_000_000;

/// The most user data a trace keeps of a data SPDU.
pub const TRACE_DATA_MAX: usize = 64;

/// One line of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEvent {
    /// When, in simulated microseconds.
    pub t: Micros,
    /// Which session (index in the scenario).
    pub session: u32,
    /// What happened.
    #[serde(flatten)]
    pub what: What,
}

/// What a trace line records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum What {
    /// A TSDU sent on a transport connection.
    Spdu {
        /// Index of this SPDU in the run (stable across replays).
        id: u64,
        /// The transport connection (a session may use several after breaks).
        conn: u32,
        /// The sender.
        from: Host,
        /// The main SPDU's abbreviation ("DT" for GT+DT).
        spdu: String,
        /// Its serial number, if it has one.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        serial: Option<u32>,
        /// The TSDU's length in octets.
        len: usize,
        /// Session-protocol octets in it (the TSDU minus the user information of DT).
        header_len: usize,
        /// Its octets: all of a control SPDU, the header and at most 64 octets of user data
        /// for a data SPDU. In JSON, `hex`: the octets in hex, with " …" when cut.
        #[serde(rename = "hex")]
        octets: Octets,
        /// When it arrives, or `None` if a break lost it.
        arrives: Option<Micros>,
    },
    /// A machine changed state.
    State {
        /// Whose machine.
        host: Host,
        /// The state's code and name before ("STA713 data transfer").
        from: String,
        /// After.
        to: String,
    },
    /// The tokens a host holds changed.
    Tokens {
        /// Whose.
        host: Host,
        /// Held now ("data, minor sync" or "no").
        held: String,
    },
    /// The transport connection came up.
    TransportUp {
        /// Which.
        conn: u32,
    },
    /// The transport connection closed normally.
    TransportClosed {
        /// Which.
        conn: u32,
    },
    /// The transport connection broke; what was in flight is lost.
    Break {
        /// Which.
        conn: u32,
        /// Why ("the user broke the transport connection", "break at byte 600000", ...).
        cause: String,
        /// SPDUs lost in flight.
        lost: u32,
        /// For a transfer: octets sent since the last confirmed sync point, which a resume
        /// sends again.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        at_risk: Option<u64>,
    },
    /// A session was aborted, as its user hears it: by the peer's user (AB) or by the
    /// provider (a protocol error, or the transport lost).
    Abort {
        /// Whose user is told.
        host: Host,
        /// Why, in words.
        cause: String,
    },
    /// A fault that does not break the connection: a TSDU delayed, or lost and sent again by
    /// the transport.
    Fault {
        /// What happened, in words.
        cause: String,
    },
    /// A reconnect attempt (after a break).
    Reconnect {
        /// The attempt's number, from 1.
        attempt: u32,
        /// Whether the transport refused it.
        refused: bool,
    },
    /// A sync point both sides now hold: the transfer can resume from here.
    Checkpoint {
        /// Its serial number.
        serial: u32,
        /// The byte offset it stands for.
        offset: u64,
        /// True for a major sync point.
        major: bool,
    },
    /// The transfer continues from a confirmed checkpoint on a new connection.
    Resume {
        /// The serial number resumed from.
        serial: u32,
        /// The byte offset resumed from.
        offset: u64,
        /// Why here.
        why: String,
        /// Octets sent before that are sent again from here.
        #[serde(default)]
        resend: u64,
    },
    /// The transfer starts again from byte 0.
    Restart {
        /// Why.
        why: String,
        /// Octets sent before that are sent again.
        #[serde(default)]
        resend: u64,
    },
    /// A host's machine received an SPDU and discarded it, as the protocol requires (for
    /// example what the peer sent before it saw a resynchronize, X.225 7.14): it arrived
    /// but its user never saw it.
    Discarded {
        /// The receiving host.
        host: Host,
        /// Which SPDU (the `id` of its `spdu` event), when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u64>,
        /// The discarded SPDU's abbreviation.
        spdu: String,
        /// The rule, in words.
        why: String,
    },
    /// A request the protocol's rules refused (nothing changed).
    Refused {
        /// Whose request.
        host: Host,
        /// The rule.
        rule: String,
    },
    /// Something an application did or saw.
    App {
        /// Which host's application.
        host: Host,
        /// What, in words.
        text: String,
    },
    /// The session is over.
    Outcome {
        /// How it ended.
        outcome: Outcome,
    },
}

/// How a session ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Orderly release (FN, DN).
    Released,
    /// Aborted by a user (S-U-ABORT: AB).
    Aborted,
    /// Ended by the session provider (S-P-ABORT): a transport connection lost and not
    /// recovered, or a protocol error.
    Lost,
    /// The responder refused the connection.
    Refused,
    /// An idle timer ended it.
    TimedOut,
}

/// A resume from a checkpoint after a break.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumePoint {
    /// When.
    pub t: Micros,
    /// The serial number resumed from.
    pub serial: u32,
    /// The byte offset resumed from.
    pub offset: u64,
}

/// The figures of one session at the end of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The session's index.
    pub session: u32,
    /// The application's name.
    pub app: String,
    /// How it ended, if it has.
    pub outcome: Option<Outcome>,
    /// When it ended.
    pub ended_at: Option<Micros>,
    /// User data octets handed to the session layer for sending (all attempts).
    pub payload_sent: u64,
    /// User data octets delivered to the receiving application and kept.
    pub payload_delivered: u64,
    /// Octets sent more than once because of breaks.
    pub payload_resent: u64,
    /// Octets of session-protocol overhead (every TSDU's length minus its user information).
    pub protocol_bytes: u64,
    /// Breaks of the transport.
    pub breaks: u32,
    /// Where the transfer resumed after breaks.
    pub resume_points: Vec<ResumePoint>,
    /// For a transfer: did the receiver's digest match the sender's?
    pub digest_match: Option<bool>,
}

/// The whole record of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The events, in time order.
    pub events: Vec<TraceEvent>,
    /// Events not kept because the trace reached its limit (counted, not hidden).
    pub dropped: u64,
    /// The limit on kept events (0: none).
    pub limit: usize,
}

impl Trace {
    /// Events recorded so far: those kept, and those counted past the limit.
    pub fn produced(&self) -> u64 {
        self.events.len() as u64 + self.dropped
    }

    /// Appends an event, or counts it as dropped past the limit; returns its index if kept.
    pub fn push(&mut self, t: Micros, session: u32, what: What) -> Option<usize> {
        self.push_with(t, session, || what)
    }

    /// As [`Trace::push`], but builds the event only when it is kept: a long run past the
    /// limit spends no time formatting events nobody will read.
    pub fn push_with(
        &mut self,
        t: Micros,
        session: u32,
        what: impl FnOnce() -> What,
    ) -> Option<usize> {
        if self.limit != 0 && self.events.len() >= self.limit {
            self.dropped += 1;
            return None;
        }
        self.events.push(TraceEvent {
            t,
            session,
            what: what(),
        });
        Some(self.events.len() - 1)
    }
}

/// The first octets of a TSDU, kept as octets; written in JSON as hex ("01 00 0d …", the "…"
/// saying that the TSDU goes on), which is only done when a trace is written out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Octets {
    /// The octets kept.
    pub bytes: Vec<u8>,
    /// True when the TSDU has more octets than these.
    pub cut: bool,
}

impl Octets {
    /// At most the first `max` of `bytes`.
    pub fn first(bytes: &[u8], max: usize) -> Octets {
        Octets {
            bytes: bytes[..bytes.len().min(max)].to_vec(),
            cut: bytes.len() > max,
        }
    }
}

impl std::fmt::Display for Octets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(self.bytes.len() * 3 + 3);
        for (i, b) in self.bytes.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push(char::from(DIGITS[usize::from(b >> 4)]));
            s.push(char::from(DIGITS[usize::from(b & 15)]));
        }
        if self.cut {
            s.push_str(" …");
        }
        f.write_str(&s)
    }
}

impl Serialize for Octets {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Octets {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let (body, cut) = match text.strip_suffix('…') {
            Some(body) => (body, true),
            None => (text.as_str(), false),
        };
        let bytes = body
            .split_whitespace()
            .map(|h| {
                u8::from_str_radix(h, 16)
                    .ok()
                    .filter(|_| h.len() == 2)
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!("{h:?} is not an octet in hex"))
                    })
            })
            .collect::<Result<Vec<u8>, _>>()?;
        Ok(Octets { bytes, cut })
    }
}

#[cfg(test)]
mod tests {
    use super::Octets;

    #[test]
    fn octets_are_hex_in_json_and_read_back() {
        let cut = Octets::first(&[0x01, 0x00, 0x0d, 0xff], 3);
        let json = serde_json::to_string(&cut).unwrap();
        assert_eq!(json, r#""01 00 0d …""#);
        assert_eq!(serde_json::from_str::<Octets>(&json).unwrap(), cut);
        let whole = Octets::first(&[0xab], 3);
        assert_eq!(serde_json::to_string(&whole).unwrap(), r#""ab""#);
        assert_eq!(serde_json::from_str::<Octets>(r#""ab""#).unwrap(), whole);
        for bad in [r#""0g""#, r#""abc""#, r#""1""#] {
            let e = serde_json::from_str::<Octets>(bad).unwrap_err().to_string();
            assert!(e.contains("is not an octet in hex"), "{bad}: {e}");
        }
    }
}

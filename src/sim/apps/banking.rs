//! A banking login session: the client authenticates in CN (a keyed digest, never the
//! password), gets a session identifier (the called reference of AC), performs requests,
//! and logs out with an orderly release. The server refuses a wrong password with RF and
//! ends a session left idle too long. Where this lives today: an HTTP session cookie or
//! bearer token, issued at login, expiring when idle, revoked at logout.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::turns::{half_duplex, may_speak, say_and_pass, Reply};
use super::{Cx, HostB};
use crate::protocol::auth::{prove, Verifier};
use crate::protocol::codec::RefuseReason;
use crate::protocol::machine::{Indication, Request, State};
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::Outcome;

/// The user the bank knows; the password is the server's secret, not in any scenario.
const USER: &str = "alice";
/// What the client says in FN's user data when it logs out.
const GOODBYE: &str = "goodbye, see you soon";
const PASSWORD: &str = "correct horse battery staple";
/// What the client types when the scenario says the password is wrong.
const WRONG_PASSWORD: &str = "hunter2";

/// The password host A's user types in a session of `spec`: the bank's when
/// `password_correct`, another otherwise. Scenarios never hold a password; this is how one is
/// chosen, and what tests look for where it must never be (traces, captures, exports).
pub fn password_typed(spec: &BankingSpec) -> &'static str {
    if spec.password_correct {
        PASSWORD
    } else {
        WRONG_PASSWORD
    }
}

/// The login session's parameters (a scenario's `banking` object); a field left out takes
/// its [`Default`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BankingSpec {
    /// Whether the client types the right password (scenarios never hold a password; true).
    pub password_correct: bool,
    /// How many requests the client makes after logging in (3).
    pub requests: u32,
    /// The client's pause between requests, milliseconds (300).
    pub think_ms: u64,
    /// Log out at the end (false: walk away and let the idle timeout end it; true).
    pub logout: bool,
    /// The server ends a session idle this long, milliseconds (2000).
    pub idle_timeout_ms: u64,
}

impl Default for BankingSpec {
    fn default() -> Self {
        BankingSpec {
            password_correct: true,
            requests: 3,
            think_ms: 300,
            logout: true,
            idle_timeout_ms: 2_000,
        }
    }
}

const REQUESTS: [&str; 4] = [
    "GET /balance",
    "POST /transfer 100.00 to savings",
    "GET /statement",
    "GET /balance",
];

/// The client, on host A.
#[derive(Clone, Debug, Serialize)]
pub struct BankClient {
    spec: BankingSpec,
    sent: u32,
    waiting: bool,
    next_at: Option<Micros>,
    done: bool,
}

impl BankClient {
    /// A client that will act as `spec` says.
    pub fn new(spec: BankingSpec) -> Self {
        BankClient {
            spec,
            sent: 0,
            waiting: false,
            next_at: None,
            done: false,
        }
    }

    /// The credentials CN carries: a keyed digest of the password, never the password.
    pub fn credentials(&self, cx: &mut Cx<'_>, calling_ref: [u8; 16]) -> Bytes {
        let password = password_typed(&self.spec);
        // The nonce: the calling reference's octets, reversed (both come from the seeded RNG).
        let mut nonce = calling_ref;
        nonce.reverse();
        cx.note(format!(
            "logging in as {USER} (the password itself never leaves host A)"
        ));
        prove(USER, password, nonce)
    }

    /// An indication for the client.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, ind: Indication) {
        match ind {
            Indication::Accepted { negotiated, .. } => {
                let id: String = negotiated
                    .connection
                    .called
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                cx.note(format!("logged in; session identifier {id}"));
                self.schedule(cx);
            }
            Indication::Refused { data, .. } => {
                cx.note(format!("login refused: {}", String::from_utf8_lossy(&data)));
                self.done = true;
                cx.end(Outcome::Refused);
            }
            Indication::Data(reply) => {
                cx.note(format!("reply: {}", String::from_utf8_lossy(&reply)));
                self.waiting = false;
                if !half_duplex(cx.m) {
                    self.schedule(cx);
                }
            }
            Indication::TokensGiven(_) if !self.waiting => self.schedule(cx),
            Indication::Released { user_data } => {
                if let Some(summary) = user_data {
                    let summary = String::from_utf8_lossy(&summary);
                    cx.note(format!("the bank's summary: {summary}"));
                }
                self.done = true;
                cx.end(Outcome::Released);
            }
            Indication::UserAbort { user_data } => {
                let why = user_data.map_or(String::new(), |d| {
                    format!(": {}", String::from_utf8_lossy(&d))
                });
                cx.note(format!("the bank ended the session{why}"));
                self.done = true;
            }
            Indication::ProviderAbort(cause) => {
                cx.note(format!("session lost: {cause}"));
                self.done = true;
                cx.end(Outcome::Lost);
            }
            _ => {}
        }
    }

    fn schedule(&mut self, cx: &mut Cx<'_>) {
        let at = cx.now.saturating_add(ms_to_us(self.spec.think_ms));
        self.next_at = Some(at);
        cx.fx.tick_at = Some(at);
    }

    /// The client's pause is over: the next request, or logout.
    pub fn on_tick(&mut self, cx: &mut Cx<'_>) {
        if self.done
            || self.waiting
            || self.next_at.is_none_or(|t| t > cx.now)
            || cx.m.state() != State::DataTransfer
            || !may_speak(cx.m)
        {
            return;
        }
        self.next_at = None;
        if self.sent < self.spec.requests {
            let r = REQUESTS[self.sent as usize % REQUESTS.len()];
            self.sent += 1;
            cx.note(format!("request: {r}"));
            self.waiting = say_and_pass(cx, Bytes::from_static(r.as_bytes()));
        } else if self.spec.logout {
            cx.note(format!("logging out: {GOODBYE}"));
            // The goodbye goes in FN's user data (S-RELEASE, X.225 8.3.4).
            cx.release(Some(Bytes::from_static(GOODBYE.as_bytes())));
        } else {
            cx.note("the user walks away without logging out");
        }
    }
}

/// Host B's bank as a whole: the users it knows and the credentials it has accepted. One for
/// the whole world, shared by every session's [`BankServer`]: its replay window spans
/// sessions, so a CN captured on one session connection and replayed on another is refused
/// (X.225 7.1.2: RF, "rejected by the called SS-user"). Deterministic: the window is a sorted
/// set and a queue, in the order logins arrive.
#[derive(Clone, Debug)]
pub struct Bank {
    verifier: Verifier,
}

impl Default for Bank {
    fn default() -> Self {
        Bank::new()
    }
}

impl Bank {
    /// The bank, knowing one user, having accepted no login yet.
    pub fn new() -> Self {
        let mut verifier = Verifier::new();
        verifier.add_user(USER, PASSWORD);
        Bank { verifier }
    }
}

/// The bank's side of one session, on host B.
#[derive(Clone, Debug, Serialize)]
pub struct BankServer {
    idle_timeout: Micros,
    idle_since: Micros,
    user: Option<String>,
    /// Requests answered on this session, for the summary in DN.
    served: u32,
    reply: Reply,
}

impl BankServer {
    /// The bank's side of a session of `spec`.
    pub fn new(spec: &BankingSpec) -> Self {
        BankServer {
            idle_timeout: ms_to_us(spec.idle_timeout_ms),
            idle_since: 0,
            user: None,
            served: 0,
            reply: Reply::default(),
        }
    }

    /// An indication for the bank; a CN's credentials are checked by `host.bank`, the world's.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, host: HostB<'_>, ind: Indication) {
        match ind {
            Indication::Connect { user_data, .. } => {
                match host.bank.verifier.check(user_data.as_deref()) {
                    Ok(user) => {
                        cx.note(format!("credentials of {user} verified"));
                        self.user = Some(user);
                        cx.accept(host.called);
                        self.touch(cx);
                    }
                    Err(e) => {
                        cx.note(format!("login refused: {e}"));
                        cx.request(Request::Refuse {
                            reason: RefuseReason::REJECTED_BY_USER,
                            data: Bytes::from_static(b"authentication failed"),
                        });
                    }
                }
            }
            Indication::Data(request) => {
                self.touch(cx);
                self.served += 1;
                let reply = match &request[..] {
                    b"GET /balance" => "200 balance 1,234.56",
                    b"GET /statement" => "200 statement: 3 transactions",
                    r if r.starts_with(b"POST /transfer") => "200 transfer done",
                    _ => "400 unknown request",
                };
                self.reply.send(cx, Bytes::from_static(reply.as_bytes()));
            }
            Indication::TokensGiven(_) => self.reply.flush(cx),
            Indication::Release { user_data } => {
                let said = user_data.map_or(String::new(), |d| {
                    format!(" (\"{}\")", String::from_utf8_lossy(&d))
                });
                cx.note(format!("logout{said}: session identifier revoked"));
                // The session's summary goes back in DN's user data (X.225 8.3.5).
                cx.accept_release(Some(Bytes::from(self.summary())));
            }
            _ => {}
        }
    }

    /// What DN tells the client at logout: who, and how many requests were served.
    fn summary(&self) -> String {
        let who = self.user.as_deref().unwrap_or("unknown user");
        let s = if self.served == 1 { "" } else { "s" };
        format!("goodbye {who}: {} request{s} served", self.served)
    }

    fn touch(&mut self, cx: &mut Cx<'_>) {
        self.idle_since = cx.now;
        cx.fx.tick_at = Some(cx.now.saturating_add(self.idle_timeout));
    }

    /// Ends a session idle for longer than the timeout.
    pub fn on_tick(&mut self, cx: &mut Cx<'_>) {
        let idle_until = self.idle_since.saturating_add(self.idle_timeout);
        if cx.m.state().is_connected() && cx.now >= idle_until {
            let ms = self.idle_timeout / 1000;
            cx.note(format!("idle for {ms} ms: ending the session"));
            // The reason goes in AB's user data (S-U-ABORT, X.225 8.3.7).
            let user_data = super::abort_reason(cx.m, "idle timeout");
            cx.request(Request::Abort { user_data });
            cx.end(Outcome::TimedOut);
        }
    }
}

//! The applications that use sessions, each a small state machine of its own on top of a
//! session protocol machine. The world calls them with indications and ticks; they answer
//! with requests to their machine and [`Effects`] for the world.

pub mod banking;
pub mod chat;
pub mod data;
pub mod file_transfer;
pub mod rpc;
mod switch;
mod turns;

use serde::{Deserialize, Serialize};

use super::scenario::{AppSpec, SessionSpec};
use super::scheduler::{ms_to_us, Micros};
use super::trace::{Host, Outcome, ResumePoint, Summary, What};
use crate::protocol::codec::FunctionalUnits;
use crate::protocol::machine::{Config, Indication, Machine, Request};

/// What an application asks of the world besides requests to its machine.
#[derive(Debug, Default)]
pub struct Effects {
    /// Trace lines, in order.
    pub trace: Vec<What>,
    /// Wake the application when its transport direction can take another TSDU.
    pub tick_when_writable: bool,
    /// Wake the application at this time.
    pub tick_at: Option<Micros>,
    /// Reconnect the session after this delay.
    pub reconnect_after: Option<Micros>,
    /// The session is over.
    pub outcome: Option<Outcome>,
    /// User data octets handed to the session layer.
    pub payload_sent: u64,
    /// Of those, octets sent before.
    pub payload_resent: u64,
    /// A resume from a checkpoint.
    pub resume: Option<ResumePoint>,
}

impl Effects {
    /// Sends a request to the machine through the host's presentation layer, which wraps
    /// its user data in the PPDU its SPDU carries (X.226 clause 7,
    /// [`crate::protocol::presentation::service`]); a refused one is traced with the rule, not lost.
    pub fn request(&mut self, host: Host, m: &mut Machine, now: Micros, r: Request) -> bool {
        let version = m.negotiated().map(|n| n.version);
        let r = crate::protocol::presentation::service::request(r, version);
        match m.handle_request(now, r) {
            Ok(()) => true,
            Err(e) => {
                self.trace.push(What::Refused {
                    host,
                    rule: e.to_string(),
                });
                false
            }
        }
    }

    /// The release a dialogue switch began with is done: connect again at once, in the new
    /// mode (the world makes the new machines from the session's dialogue mode).
    pub fn reconnect_in_new_mode(&mut self, host: Host) {
        self.note(host, "released; connecting again in the new dialogue mode");
        self.reconnect_after = Some(0);
    }

    /// Host A's application says how it will switch to the dialogue mode named `words`.
    pub fn note_switch(&mut self, words: &str, plan: &str) {
        self.note(Host::A, format!("switching to {words}: {plan}"));
    }

    /// A line of application narration.
    pub fn note(&mut self, host: Host, text: impl Into<String>) {
        self.trace.push(What::App {
            host,
            text: text.into(),
        });
    }
}

/// One call from the world into the application on `host`: that host's session protocol
/// machine, the time, and the effects the application answers with, borrowed for the call.
/// Its methods are the steps every application takes on its own host.
#[derive(Debug)]
pub struct Cx<'a> {
    /// The host the application runs on.
    pub host: Host,
    /// That host's machine.
    pub m: &'a mut Machine,
    /// The time now.
    pub now: Micros,
    /// What the application asks of the world besides requests to its machine.
    pub fx: &'a mut Effects,
}

impl Cx<'_> {
    /// Sends a request to the machine (see [`Effects::request`]); false if it was refused.
    pub fn request(&mut self, r: Request) -> bool {
        self.fx.request(self.host, self.m, self.now, r)
    }

    /// A line of application narration from this host.
    pub fn note(&mut self, text: impl Into<String>) {
        self.fx.note(self.host, text);
    }

    /// Wakes the application at once, once this call is done.
    pub fn tick_now(&mut self) {
        self.fx.tick_at = Some(self.now);
    }

    /// The session is over, ending as `outcome`.
    pub fn end(&mut self, outcome: Outcome) {
        self.fx.outcome = Some(outcome);
    }

    /// Asks for an orderly release (S-RELEASE request, X.225 7.7), with `user_data` in FN.
    pub fn release(&mut self, user_data: Option<bytes::Bytes>) -> bool {
        self.request(Request::Release { user_data })
    }

    /// The responder accepts the connection a CN asks for (S-CONNECT response, X.225 7.1),
    /// with a fresh called SS-user reference and no user data.
    pub fn accept(&mut self, called_ref: [u8; 16]) {
        let accept = Request::Accept {
            called_ref,
            user_data: None,
        };
        self.request(accept);
    }

    /// The responder agrees to the release an FN asks for (S-RELEASE response, X.225 7.7),
    /// with `user_data` in its DN.
    pub fn accept_release(&mut self, user_data: Option<bytes::Bytes>) {
        let response = Request::ReleaseResponse {
            accept: true,
            user_data,
        };
        self.request(response);
    }
}

/// What host B's application answers an indication with, besides its machine: a fresh
/// random reference to accept a connection with (the called SS-user reference, X.225 8.3.2),
/// and what host B keeps across every session of the world (the bank's replay window).
#[derive(Debug)]
pub struct HostB<'a> {
    /// The called reference for an AC.
    pub called: [u8; 16],
    /// Host B's bank, one for the world.
    pub bank: &'a mut banking::Bank,
}

/// Why a session whose dialogue mode is being switched cannot be switched again until the new
/// connection is up.
pub(crate) const SWITCHING: &str = "a switch of the dialogue mode is under way";

/// Why a banking session's dialogue mode cannot be switched.
const SWITCH_BANKING: &str = "a banking session is authenticated on its connection: \
    switching the dialogue mode would mean a new connection and logging in again";

/// The dialogue mode a session asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DialogMode {
    /// One data token passed back and forth.
    #[default]
    HalfDuplex,
    /// Both send at any time.
    FullDuplex,
}

impl DialogMode {
    /// The other mode.
    pub fn other(self) -> DialogMode {
        match self {
            DialogMode::HalfDuplex => DialogMode::FullDuplex,
            DialogMode::FullDuplex => DialogMode::HalfDuplex,
        }
    }

    /// Its name, as scenarios write it.
    pub fn words(self) -> &'static str {
        match self {
            DialogMode::HalfDuplex => "half-duplex",
            DialogMode::FullDuplex => "full-duplex",
        }
    }
}

/// The two sides of a session's application.
#[derive(Clone, Debug)]
pub enum Apps {
    /// File transfer: sender on A, receiver on B.
    FileTransfer {
        /// Host A.
        tx: Box<file_transfer::FileSender>,
        /// Host B.
        rx: Box<file_transfer::FileReceiver>,
    },
    /// Banking login: client on A, bank on B.
    Banking {
        /// Host A.
        client: banking::BankClient,
        /// Host B.
        server: banking::BankServer,
    },
    /// A conversation taking turns.
    Chat {
        /// Host A.
        a: chat::Talker,
        /// Host B.
        b: chat::Talker,
    },
    /// Remote procedure calls.
    Rpc {
        /// Host A.
        client: rpc::RpcClient,
        /// Host B.
        server: rpc::RpcServer,
    },
}

impl Apps {
    /// The applications a session spec describes; `seed` makes a file's content.
    pub fn new(spec: &SessionSpec, seed: u64) -> Apps {
        match &spec.app {
            AppSpec::FileTransfer(f) => Apps::FileTransfer {
                tx: Box::new(file_transfer::FileSender::new(
                    f.clone(),
                    seed,
                    spec.recovery,
                    ms_to_us(spec.reconnect_delay_ms),
                )),
                rx: Box::default(),
            },
            AppSpec::Banking(b) => Apps::Banking {
                client: banking::BankClient::new(b.clone()),
                server: banking::BankServer::new(b),
            },
            AppSpec::Chat(c) => Apps::Chat {
                a: chat::Talker::new(Host::A, c.clone()),
                b: chat::Talker::new(Host::B, c.clone()),
            },
            AppSpec::Rpc(r) => Apps::Rpc {
                client: rpc::RpcClient::new(r.clone()),
                server: rpc::RpcServer::default(),
            },
        }
    }

    /// The functional units the application asks for, in the session's dialogue mode: the
    /// file transfer works inside an activity; the others need no activity management.
    pub fn config(spec: &SessionSpec) -> Config {
        let mut c = Config::default();
        if !matches!(spec.app, AppSpec::FileTransfer(_)) {
            c.functional_units = c.functional_units - FunctionalUnits::ACTIVITY_MANAGEMENT;
        }
        if spec.dialog == DialogMode::FullDuplex {
            c.functional_units =
                (c.functional_units - FunctionalUnits::HALF_DUPLEX) | FunctionalUnits::DUPLEX;
        }
        c
    }

    /// Host A's user opens the session (`cx` is host A's).
    pub fn start(&mut self, cx: &mut Cx<'_>, calling: [u8; 16]) {
        let user_data = match self {
            Apps::FileTransfer { tx, .. } => {
                tx.connecting();
                None
            }
            Apps::Banking { client, .. } => Some(client.credentials(cx, calling)),
            Apps::Chat { .. } | Apps::Rpc { .. } => None,
        };
        cx.request(Request::Connect {
            calling_ref: calling,
            user_data,
        });
    }

    /// A timer or a writable transport for the application on `cx.host`.
    pub fn tick(&mut self, cx: &mut Cx<'_>) {
        match (self, cx.host) {
            (Apps::FileTransfer { tx, .. }, Host::A) => tx.on_tick(cx),
            (Apps::FileTransfer { .. }, Host::B) => {}
            (Apps::Banking { client, .. }, Host::A) => client.on_tick(cx),
            (Apps::Banking { server, .. }, Host::B) => server.on_tick(cx),
            (Apps::Chat { a, .. }, Host::A) => a.on_tick(cx),
            (Apps::Chat { b, .. }, Host::B) => b.on_tick(cx),
            (Apps::Rpc { client, .. }, Host::A) => client.on_tick(cx),
            (Apps::Rpc { .. }, Host::B) => {}
        }
    }

    /// An indication for the application on `cx.host`; `host_b` is what host B answers with
    /// (unused on host A).
    pub fn indicate(&mut self, cx: &mut Cx<'_>, host_b: HostB<'_>, ind: Indication) {
        let called = host_b.called;
        match (self, cx.host) {
            (Apps::FileTransfer { tx, .. }, Host::A) => tx.on_indication(cx, ind),
            (Apps::FileTransfer { rx, .. }, Host::B) => rx.on_indication(cx, called, ind),
            (Apps::Banking { client, .. }, Host::A) => client.on_indication(cx, ind),
            (Apps::Banking { server, .. }, Host::B) => server.on_indication(cx, host_b, ind),
            (Apps::Chat { a, .. }, Host::A) => a.on_indication(cx, called, ind),
            (Apps::Chat { b, .. }, Host::B) => b.on_indication(cx, called, ind),
            (Apps::Rpc { client, .. }, Host::A) => client.on_indication(cx, ind),
            (Apps::Rpc { server, .. }, Host::B) => server.on_indication(cx, called, ind),
        }
    }

    /// The sender's progress through a file: (octets sent, size).
    pub fn progress(&self) -> Option<(u64, u64)> {
        match self {
            Apps::FileTransfer { tx, .. } => Some(tx.progress()),
            _ => None,
        }
    }

    /// Starts switching the dialogue mode (`cx` is host A's): a transfer resumes its
    /// activity on the new connection; a chat or RPC goes on from where it was; a banking
    /// session, or one with nothing left to do, cannot (false, with the reason traced).
    pub fn switch_dialog(&mut self, cx: &mut Cx<'_>, mode: DialogMode) -> bool {
        if let Some(rule) = self.switch_refusal() {
            cx.fx.trace.push(What::Refused {
                host: Host::A,
                rule: rule.into(),
            });
            return false;
        }
        let words = mode.words();
        match self {
            Apps::FileTransfer { tx, .. } => tx.switch_dialog(cx, words),
            Apps::Chat { a, .. } => a.switch_dialog(cx, words),
            Apps::Rpc { client, .. } => client.switch_dialog(cx, words),
            Apps::Banking { .. } => {}
        }
        true
    }

    /// Why this application's dialogue mode cannot be switched now, if it cannot.
    pub fn switch_refusal(&self) -> Option<&'static str> {
        match self {
            Apps::Banking { .. } => Some(SWITCH_BANKING),
            Apps::FileTransfer { tx, .. } => tx.switch_refusal(),
            Apps::Chat { a, .. } => a.switch_refusal(),
            Apps::Rpc { client, .. } => client.switch_refusal(),
        }
    }

    /// For a transfer: octets sent since the last confirmed sync point.
    pub fn at_risk(&self) -> Option<u64> {
        match self {
            Apps::FileTransfer { tx, .. } => tx.at_risk(),
            _ => None,
        }
    }

    /// Fills in the figures only the applications know, when the session ends.
    pub fn finish(&self, outcome: &Outcome, summary: &mut Summary) {
        if let Apps::FileTransfer { tx, rx } = self {
            summary.payload_delivered = rx.received();
            if *outcome == Outcome::Released {
                summary.digest_match = Some(tx.digest().is_some() && tx.digest() == rx.digest());
            }
        }
    }
}

/// The user data of an AB giving `reason` (S-U-ABORT, X.225 8.3.7): the whole text in
/// version 2, its first 9 octets in version 1, which allows no more.
pub fn abort_reason(m: &Machine, reason: &'static str) -> Option<bytes::Bytes> {
    let text = bytes::Bytes::from_static(reason.as_bytes());
    match m.negotiated().map(|n| n.version) {
        Some(2) => Some(text),
        _ => Some(text.slice(..text.len().min(9))),
    }
}

//! The TCP/IP stack: the same sessions as the Internet runs them today, with no session layer.
//! Each application speaks its own protocol directly over a modelled TCP connection (RFC 9293)
//! on the world's simulated link, with the same latency, bandwidth and faults as the OSI stack:
//!
//! - banking login: HTTP/1.1 with a session cookie (RFC 9110, 9112, 6265), in [`web`];
//! - file transfer: a tus 1.0 resumable upload, or a plain `PUT` with recovery off, in [`tus`];
//! - remote procedure calls: ONC RPC over TCP with record marking (RFC 5531), in [`oncrpc`];
//! - the half-duplex conversation: the NetBIOS Session Service (RFC 1002 4.3), in [`nbss`].
//!
//! A break loses the TCP connection and what was in flight; a reconnect is a new connection
//! with a new handshake. What survives is only what the applications kept: a cookie, an upload
//! offset on the server, an RPC's xid and the server's duplicate request cache, a line count.
//!
//! In the trace a TCP segment is an `spdu` event (so every view of the trace draws it): its
//! `spdu` is a short label (the control bits, "SYN, ACK", or the message it begins, "POST
//! /login"), `hex` its payload, `header_len` the application protocol's octets in it. TCP's
//! states are `state` events with RFC 9293's names. See docs/trace.md.

use serde::{Deserialize, Serialize};

pub mod app;
pub mod compare;
mod engine;
pub mod fields;
pub mod guide;
pub mod http;
pub mod nbss;
pub mod oncrpc;
pub mod tcp;
pub mod tus;
pub mod web;

pub use engine::{Engine, Ev, Io};

use super::rng::Rng;
use super::scenario::{AppSpec, SessionSpec};
use app::StreamApp;

/// Which stack a session runs on (a scenario's `sessions[i].stack`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    /// The OSI session layer (ITU-T X.225) over the transport: the playground's own.
    #[default]
    Osi,
    /// Today's Internet: each application's own protocol directly over TCP.
    Tcpip,
}

impl Stack {
    /// True for the default, which a scenario's JSON leaves out.
    pub fn is_osi(&self) -> bool {
        *self == Stack::Osi
    }

    /// Its name as scenarios and the command line write it: "osi" or "tcpip".
    pub fn name(self) -> &'static str {
        match self {
            Stack::Osi => "osi",
            Stack::Tcpip => "tcpip",
        }
    }

    /// Its name for people: "OSI session layer" or "TCP/IP today".
    pub fn words(self) -> &'static str {
        match self {
            Stack::Osi => "OSI session layer",
            Stack::Tcpip => "TCP/IP today",
        }
    }

    /// The stack named `name` ("osi" or "tcpip").
    pub fn from_name(name: &str) -> Option<Stack> {
        match name {
            "osi" => Some(Stack::Osi),
            "tcpip" => Some(Stack::Tcpip),
            _ => None,
        }
    }
}

/// The application of a session on the TCP/IP stack, both hosts' sides.
#[derive(Clone, Debug)]
pub enum App {
    /// Banking login over HTTP with a cookie.
    Web(Box<web::Web>),
    /// File transfer as a tus upload (or a plain PUT).
    Upload(Box<tus::Upload>),
    /// ONC RPC calls.
    Rpc(Box<oncrpc::Rpc>),
    /// A conversation over NetBIOS sessions.
    Chat(Box<nbss::Chat>),
}

impl App {
    /// The applications `spec` describes; their random choices come from `rng`.
    pub fn new(spec: &SessionSpec, rng: &mut Rng) -> App {
        match &spec.app {
            AppSpec::Banking(b) => App::Web(Box::new(web::Web::new(b, rng.fork()))),
            AppSpec::FileTransfer(f) => {
                App::Upload(Box::new(tus::Upload::new(f, spec.recovery, rng.fork())))
            }
            AppSpec::Rpc(r) => App::Rpc(Box::new(oncrpc::Rpc::new(r, rng.fork()))),
            AppSpec::Chat(c) => App::Chat(Box::new(nbss::Chat::new(c))),
        }
    }

    /// The application, to call.
    pub fn get(&mut self) -> &mut dyn StreamApp {
        match self {
            App::Web(a) => a.as_mut(),
            App::Upload(a) => a.as_mut(),
            App::Rpc(a) => a.as_mut(),
            App::Chat(a) => a.as_mut(),
        }
    }

    /// The application, to read.
    pub fn view(&self) -> &dyn StreamApp {
        match self {
            App::Web(a) => a.as_ref(),
            App::Upload(a) => a.as_ref(),
            App::Rpc(a) => a.as_ref(),
            App::Chat(a) => a.as_ref(),
        }
    }
}

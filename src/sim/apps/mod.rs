//! The applications that use sessions, each a small state machine of its own on top of a
//! session protocol machine. The world calls them with indications and ticks; they answer
//! with requests to their machine and [`Effects`] for the world.

pub mod data;
pub mod file_transfer;

use serde::{Deserialize, Serialize};

use super::scheduler::Micros;
use super::trace::{Host, Outcome, ResumePoint, What};
use crate::protocol::machine::{Machine, Request};

/// What an application asks of the world besides requests to its machine.
#[derive(Debug, Default)]
pub struct Effects {
    /// Trace lines, in order.
    pub trace: Vec<What>,
    /// Wake the application when its transport direction can take another TSDU.
    pub tick_when_writable: bool,
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
    /// Sends a request to the machine; a refused one is traced with the rule, not lost.
    pub fn request(&mut self, host: Host, m: &mut Machine, now: Micros, r: Request) -> bool {
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

    /// A line of application narration.
    pub fn note(&mut self, host: Host, text: impl Into<String>) {
        self.trace.push(What::App {
            host,
            text: text.into(),
        });
    }
}

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

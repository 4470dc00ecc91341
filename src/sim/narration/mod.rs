//! The run in plain words, for a learner following it on the page: one sentence for each line
//! of the trace ([`sentence`]), which line a "What happened" line tells at a given time
//! ([`last_told`]), the key moments a run pauses at with what comes next ([`moment`]), the
//! user data the applications put in SPDUs ([`user_data`]), and the pace a run opens at
//! ([`pace`]). Pure functions of the trace: the page only shows them.

pub mod pace;
pub mod user_data;

mod moments;
mod spdus;

pub use moments::{is_key_moment, moment};
pub use spdus::{spdu_name, spdu_sentence};

use super::apps::DialogMode;
use super::text::{grouped, outcome_name};
use super::trace::{Trace, TraceEvent, What};

/// A state as the trace writes it ("STA02A wait for the AC SPDU") in words: "STA02A (wait for
/// the AC SPDU)".
fn state_words(state: &str) -> String {
    match state.split_once(' ') {
        Some((code, name)) => format!("{code} ({name})"),
        None => state.to_string(),
    }
}

/// Tokens as the trace names them ("data, minor sync" or "no") after "holds".
fn tokens_words(held: &str) -> String {
    if held == "no" {
        "no token".into()
    } else if held.contains(',') {
        format!("the {held} tokens")
    } else {
        format!("the {held} token")
    }
}

/// One line of the trace as a plain sentence ("Host B confirmed sync point 17: everything up
/// to byte 4,456,448 is safe.").
pub fn sentence(e: &TraceEvent) -> String {
    match &e.what {
        What::Spdu { .. } => spdu_sentence(&e.what),
        What::State { host, to, .. } => format!(
            "Host {}'s session machine is now in state {}.",
            host.name(),
            state_words(to)
        ),
        What::Tokens { host, held } => {
            format!("Host {} now holds {}.", host.name(), tokens_words(held))
        }
        What::TransportUp { conn } => {
            format!("Transport connection {conn} is up: the session can be connected over it.")
        }
        What::TransportClosed { conn } => format!("Transport connection {conn} is closed."),
        What::Break { cause, lost, .. } => {
            let s = if *lost == 1 { "" } else { "s" };
            format!("The transport connection broke ({cause}): {lost} SPDU{s} in flight lost.")
        }
        What::Abort { host, cause } => {
            format!(
                "Host {}'s user is told the session is aborted: {cause}.",
                host.name()
            )
        }
        What::Fault { cause } => format!("A fault on the link: {cause}."),
        What::Reconnect { attempt, refused } => {
            if *refused {
                format!(
                    "Host A tried to reconnect (attempt {attempt}); host B's transport refused it."
                )
            } else {
                format!("Host A reconnects (attempt {attempt}) on a new transport connection.")
            }
        }
        What::Checkpoint {
            serial,
            offset,
            major,
        } => {
            let kind = if *major { "major " } else { "" };
            format!(
                "Host B confirmed {kind}sync point {serial}: everything up to byte {} is safe.",
                grouped(*offset)
            )
        }
        What::Resume {
            serial,
            offset,
            resend,
            ..
        } => format!(
            "The transfer resumes from sync point {serial} at byte {}: {} octets are sent again.",
            grouped(*offset),
            grouped(*resend)
        ),
        What::Restart { why, resend } => format!(
            "The transfer starts again from byte 0 ({why}): {} octets are sent again.",
            grouped(*resend)
        ),
        What::Discarded {
            host, spdu, why, ..
        } => format!(
            "Host {} threw away the {spdu} that arrived, as the rules require: {why}.",
            host.name()
        ),
        What::Refused { host, rule } => {
            format!(
                "Host {}'s request was refused by the rules: {rule}.",
                host.name()
            )
        }
        What::App { host, text } => {
            format!("Host {}'s application: {text}.", host.name())
        }
        What::Outcome { outcome } => {
            format!("The session is over: {}.", outcome_name(outcome))
        }
    }
}

/// How much a line says to a learner, to choose among lines at one time: the ends and breaks
/// first, state and token changes (which every SPDU brings) last.
fn weight(what: &What) -> u8 {
    match what {
        What::Outcome { .. }
        | What::Break { .. }
        | What::Resume { .. }
        | What::Restart { .. }
        | What::Abort { .. } => 5,
        What::Checkpoint { .. }
        | What::Refused { .. }
        | What::Discarded { .. }
        | What::Fault { .. }
        | What::Reconnect { .. } => 4,
        What::App { .. } => 3,
        What::Spdu { .. } => 2,
        What::TransportUp { .. } | What::TransportClosed { .. } => 1,
        What::State { .. } | What::Tokens { .. } => 0,
    }
}

/// The line of the trace a "What happened" line tells at time `now`: of the lines at the latest
/// time at or before `now` (of `session` only, when given), the one that says most (the last
/// of those that say as much). Its index in `trace.events`.
pub fn last_told(trace: &Trace, now: u64, session: Option<u32>) -> Option<usize> {
    let mine = |e: &TraceEvent| e.t <= now && session.is_none_or(|s| e.session == s);
    let last = trace.events.iter().rposition(mine)?;
    let t = trace.events[last].t;
    let mut best = last;
    for i in (0..last).rev() {
        let e = &trace.events[i];
        if e.t != t {
            break;
        }
        if mine(e) && weight(&e.what) > weight(&trace.events[best].what) {
            best = i;
        }
    }
    Some(best)
}

/// A session's title in the page: its application's name, with the dialogue mode it runs in
/// now where the name says one ("half-duplex conversation" becomes "full-duplex conversation"
/// after a switch).
pub fn app_title(app: &str, dialog: DialogMode) -> String {
    match app.strip_prefix("half-duplex ") {
        Some(rest) => format!("{} {rest}", dialog.words()),
        None => app.to_string(),
    }
}

#[cfg(test)]
mod tests;

//! What several integration tests read off a world's trace.
#![allow(dead_code)] // Each test file uses some of these.

use osi_session::sim::{Host, Octets, What, World};

/// The applications' notes (X.225 says nothing of them: they narrate), in order.
pub fn notes(world: &World) -> Vec<String> {
    texts(world, |w| match w {
        What::App { text, .. } => Some(text.clone()),
        _ => None,
    })
}

/// The transport faults' causes, in order.
pub fn faults(world: &World) -> Vec<String> {
    texts(world, |w| match w {
        What::Fault { cause } => Some(cause.clone()),
        _ => None,
    })
}

/// What `pick` takes from each trace event, in order.
pub fn texts(world: &World, pick: impl Fn(&What) -> Option<String>) -> Vec<String> {
    world
        .trace()
        .events
        .iter()
        .filter_map(|e| pick(&e.what))
        .collect()
}

/// `session-sim ARGS`, run to its end, as a user runs it.
pub fn session_sim(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_session-sim"))
        .args(args)
        .output()
        .expect("session-sim runs")
}

/// A segment of the TCP/IP stack (or an SPDU) as the trace holds it.
pub struct Segment {
    pub conn: u32,
    pub from: Host,
    /// Its name on the timeline: "SYN", "HTTP GET", "CN".
    pub label: String,
    /// Its length on the wire, and how much of it is application protocol (a message's
    /// start: 0 for a segment that only goes on with a message).
    pub len: usize,
    pub header_len: usize,
    pub octets: Vec<u8>,
    /// Whether it arrived (not lost in a break).
    pub arrived: bool,
}

/// Every segment (or SPDU) on record, in order.
pub fn segments(world: &World) -> Vec<Segment> {
    world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu {
                conn,
                from,
                spdu,
                len,
                header_len,
                octets,
                arrives,
                ..
            } => Some(Segment {
                conn: *conn,
                from: *from,
                label: spdu.clone(),
                len: *len,
                header_len: *header_len,
                octets: octets.bytes.clone(),
                arrived: arrives.is_some(),
            }),
            _ => None,
        })
        .collect()
}

/// The octets of the first `spdu` host `from` sent on `session`, as the trace holds them.
pub fn sent(world: &World, session: u32, from: Host, spdu: &str) -> Octets {
    world
        .trace()
        .events
        .iter()
        .find_map(|e| match &e.what {
            What::Spdu {
                from: f,
                spdu: name,
                octets,
                ..
            } if e.session == session && *f == from && name == spdu => Some(octets.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {spdu} from {from:?} on session {session}"))
}

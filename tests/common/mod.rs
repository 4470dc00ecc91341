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

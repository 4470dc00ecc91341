//! What several integration tests read off a world's trace.
#![allow(dead_code)] // Each test file uses some of these.

use osi_session::sim::{What, World};

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

//! A copy of the world that leaves its trace out. The trace at a moment is the start of the
//! trace of every later moment of the same run, except the `arrives` of the SPDUs in flight
//! then, which a later break clears; so a copy keeps only how many events there were and
//! those arrivals, and takes its events back from the later trace when it is restored. Going
//! back in time (`sim::rewind`) keeps several copies of a long run at little cost.

use super::World;
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Trace, TraceEvent, What};

/// The world at a moment, without its trace's events.
#[derive(Clone, Debug)]
pub struct Snapshot {
    world: World,
    events: usize,
    /// The last event then: a cheap check that a later trace is this run's (one of another
    /// run with that very event there would pass; the callers pass their run's own).
    last: Option<TraceEvent>,
    in_flight: Vec<(usize, Micros)>,
}

impl Snapshot {
    /// The time of the copy.
    pub fn now(&self) -> Micros {
        self.world.now()
    }

    /// Adds an action to the copy's world as [`World::add_action`] does.
    pub fn add_action(&mut self, index: usize, action: &crate::sim::scenario::Action) -> bool {
        self.world.add_action(index, action)
    }

    /// The world of the copy, keeping no trace: to run on and look at times and states only.
    pub fn world_without_trace(&self) -> World {
        self.world.without_trace()
    }
}

impl World {
    /// A copy of this world whose trace events are left out.
    pub fn snapshot(&self) -> Snapshot {
        let in_flight = self.conns.iter().flat_map(|c| c.in_flight()).collect();
        Snapshot {
            world: self.without_events(),
            events: self.trace.events.len(),
            last: self.trace.events.last().cloned(),
            in_flight,
        }
    }

    /// A copy of this world that keeps no trace (at most one event): to run ahead of it and
    /// see when or how it ends, without the cost of a trace.
    pub fn without_trace(&self) -> World {
        let mut world = self.without_events();
        world.trace.limit = 1;
        world
    }

    /// A copy of this world with its trace's events left out (its limit and count kept).
    fn without_events(&self) -> World {
        let trace = Trace {
            events: Vec::new(),
            dropped: self.trace.dropped,
            limit: self.trace.limit,
        };
        World {
            link: self.link,
            sched: self.sched.clone(),
            sessions: self.sessions.clone(),
            conns: self.conns.clone(),
            trace,
            spdus: self.spdus,
            capture: self.capture.clone(),
            faults: self.faults.clone(),
            bank: self.bank.clone(),
        }
    }

    /// The world `snapshot` was taken of, its events taken from `later`: the trace of the
    /// same run at the moment of the copy or after it. `None` if `later` is not (shorter, or
    /// another event where the copy's last one was).
    pub fn restore(snapshot: &Snapshot, later: &Trace) -> Option<World> {
        let events = later.events.get(..snapshot.events)?;
        let same = match (events.last(), &snapshot.last) {
            (Some(now), Some(then)) => same_but_arrival(now, then),
            (None, None) => true,
            _ => false,
        };
        if !same {
            return None;
        }
        let mut world = snapshot.world.clone();
        world.trace.events = events.to_vec();
        for &(i, at) in &snapshot.in_flight {
            if let Some(What::Spdu { arrives, .. }) =
                world.trace.events.get_mut(i).map(|e| &mut e.what)
            {
                *arrives = Some(at);
            }
        }
        Some(world)
    }
}

/// `a` and `b` are the same event but for an SPDU's `arrives` (which a break may have
/// cleared since).
fn same_but_arrival(a: &TraceEvent, b: &TraceEvent) -> bool {
    if a == b {
        return true;
    }
    let mut b = b.clone();
    if let (What::Spdu { arrives, .. }, What::Spdu { arrives: now, .. }) = (&mut b.what, &a.what) {
        *arrives = *now;
    }
    *a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::builtin;
    use crate::sim::scenario::{Action, ActionKind};

    fn json(w: &World) -> String {
        format!("{} {}", w.now(), serde_json::to_string(w.trace()).unwrap())
    }

    #[test]
    fn a_restored_copy_runs_on_as_the_world_did() {
        // Breaks that lose SPDUs in flight after the copy, so their arrivals are restored.
        let mut s = builtin("file-transfer").unwrap();
        for at_ms in [900, 1500, 2600] {
            s.actions.push(Action {
                at_ms,
                session: 0,
                what: ActionKind::Break,
            });
        }
        let mut world = World::new(&s);
        let mut copies = Vec::new();
        let mut at = Vec::new();
        for t in (0..6_000_000).step_by(250_000) {
            world.run_until(t);
            copies.push(world.snapshot());
            at.push(json(&world));
        }
        world.run_until(8_000_000);
        assert!(world.finished(), "the transfer ended");
        let end = json(&world);
        let mut patched = 0;
        for (copy, want) in copies.iter().zip(&at) {
            patched += copy.in_flight.len();
            let mut w = World::restore(copy, world.trace()).unwrap();
            assert_eq!(&json(&w), want, "restored at {}", copy.now());
            w.run_until(8_000_000);
            let (a, b) = (&w.trace().events, &world.trace().events);
            let first = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i));
            assert_eq!(
                first.map(|i| (i, a.get(i), b.get(i))),
                None,
                "run on from {}",
                copy.now()
            );
            assert_eq!(json(&w), end, "run on from {}", copy.now());
        }
        assert!(patched > 0, "no copy had SPDUs in flight");
        let short = Trace::default();
        assert!(World::restore(copies.last().unwrap(), &short).is_none());
        // A longer trace of another run is not taken for this one's.
        let mut seeded = s.clone();
        seeded.seed += 1;
        let mut other = World::new(&seeded);
        other.run_until(600_000_000);
        let theirs = &other.trace().events;
        let differs = |c: &&Snapshot| {
            c.events > 0
                && theirs
                    .get(c.events - 1)
                    .is_some_and(|e| Some(e) != c.last.as_ref())
        };
        let copy = copies
            .iter()
            .find(differs)
            .expect("a copy whose last event differs");
        assert!(World::restore(copy, other.trace()).is_none());
    }
}

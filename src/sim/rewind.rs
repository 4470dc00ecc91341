//! Going back in time without running from the start: copies of the world kept along the way.
//! The world is deterministic, so the copy taken at time s, run on to t, is the world a run
//! from the start to t would give; going back costs at most the run from the copy before.
//! At most [`MAX_SAVED`] copies are kept: when there are more, every other one goes and the
//! spacing doubles, so a long run keeps a bounded number of them. A copy leaves the trace out
//! ([`Snapshot`]): going back takes the events from the trace of the run as it is now, so
//! the copies of a long run do not each hold its trace.

use super::scenario::{Action, Scenario};
use super::scheduler::{ms_to_us, Micros};
use super::trace::Trace;
use super::world::{Snapshot, World};

/// The most copies kept.
pub const MAX_SAVED: usize = 8;
/// Events between copies at first.
const FIRST_EVERY: usize = 500;

/// The most events a look ahead for the end of a run ([`run_on`], a slice at a time) runs
/// before giving up: past it, a run is too long to look ahead.
pub const END_EVENTS: usize = 300_000;

/// Runs `ahead` (a copy of a run, [`World::without_trace`]) on by at most `events` events:
/// when the run ends, if it got there. A page looks ahead a slice at a time this way, so
/// that finding the end of a long run does not stop it for a second.
pub fn run_on(ahead: &mut World, events: usize) -> Option<Micros> {
    for _ in 0..events {
        if !ahead.step() {
            return Some(ahead.now());
        }
    }
    ahead.idle().then(|| ahead.now())
}

/// The copies of one run (of one scenario: start a new `Saved` when the scenario changes).
#[derive(Clone, Debug)]
pub struct Saved {
    worlds: Vec<Snapshot>,
    every: usize,
    since: usize,
    /// The trace limit of a world run from the start.
    trace_limit: usize,
}

impl Default for Saved {
    fn default() -> Self {
        Saved {
            worlds: Vec::new(),
            every: FIRST_EVERY,
            since: 0,
            trace_limit: 0,
        }
    }
}

impl Saved {
    /// Copies of a run whose world keeps at most `n` trace events ([`World::set_trace_limit`]).
    pub fn with_trace_limit(n: usize) -> Saved {
        Saved {
            trace_limit: n,
            ..Saved::default()
        }
    }

    /// Runs `world` forward to `t`, keeping a copy every so many events.
    pub fn run(&mut self, world: &mut World, t: Micros) {
        world.run_until_each(t, |w| {
            self.since += 1;
            if self.since >= self.every {
                self.since = 0;
                self.worlds.push(w.snapshot());
                if self.worlds.len() > MAX_SAVED {
                    let mut i = 0;
                    self.worlds.retain(|_| {
                        i += 1;
                        i % 2 == 0
                    });
                    self.every *= 2;
                }
            }
        });
    }

    /// Adds action number `index` of the scenario to `world` and to every copy, as
    /// [`World::add_action`] does: the run and the copies are then those of the scenario
    /// with it, with nothing run again. `false`, and nothing changed, if `world`'s clock (or
    /// a copy's) has reached the action's time.
    pub fn add_action(&mut self, world: &mut World, index: usize, action: &Action) -> bool {
        let t = ms_to_us(action.at_ms);
        if self.worlds.iter().any(|c| c.now() >= t) || !world.add_action(index, action) {
            return false;
        }
        self.worlds.iter_mut().all(|c| c.add_action(index, action))
    }

    /// The world of `scenario` at time `t`: the latest copy at or before `t`, run on to `t`.
    /// Copies after it are dropped (they are taken again as the run goes forward). `now` is
    /// the trace of this run at its latest moment (the copies take their events from it).
    pub fn world_at(&mut self, scenario: &Scenario, t: Micros, now: &Trace) -> World {
        let keep = self.worlds.iter().rposition(|w| w.now() <= t);
        self.worlds.truncate(keep.map_or(0, |i| i + 1));
        self.since = 0;
        let mut world = self.restore(self.worlds.last(), scenario, now);
        self.run(&mut world, t);
        world
    }

    /// The world of `scenario` at time `t`, from the latest copy at or before `t`, leaving
    /// the copies as they are (to look at a moment without going there).
    pub fn peek_at(&self, scenario: &Scenario, t: Micros, now: &Trace) -> World {
        let copy = self.worlds.iter().rev().find(|w| w.now() <= t);
        let mut world = self.restore(copy, scenario, now);
        world.run_until(t);
        world
    }

    /// The world of `copy`, or of the run's start when there is none or `now` is not the
    /// trace of this run (then going back costs the run from the start, and gives the same).
    fn restore(&self, copy: Option<&Snapshot>, scenario: &Scenario, now: &Trace) -> World {
        let world = copy.and_then(|c| World::restore(c, now));
        world.unwrap_or_else(|| {
            let mut w = World::new(scenario);
            w.set_trace_limit(self.trace_limit);
            w
        })
    }

    /// Moves `world` (a run of `scenario`) to time `t`: forward by running on, back by
    /// [`Saved::world_at`].
    pub fn move_to(&mut self, world: &mut World, scenario: &Scenario, t: Micros) {
        if t < world.now() {
            *world = self.world_at(scenario, t, world.trace());
        } else {
            self.run(world, t);
        }
    }

    /// The time of the last event of the run of `scenario` before `t` (0 if none): from the
    /// copy before `t`, run on without a trace (for going back one event when the trace is
    /// full and no longer has every event).
    pub fn event_before(&self, scenario: &Scenario, t: Micros) -> Micros {
        let copy = self.worlds.iter().rev().find(|w| w.now() < t);
        let (mut world, mut last) = match copy {
            Some(c) => (c.world_without_trace(), c.now()),
            None => (World::new(scenario).without_trace(), 0),
        };
        while world.step_until(t.saturating_sub(1)) {
            last = world.now();
        }
        last
    }

    /// How many copies are kept.
    pub fn len(&self) -> usize {
        self.worlds.len()
    }

    /// True when no copy is kept.
    pub fn is_empty(&self) -> bool {
        self.worlds.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::builtin;

    fn fresh(s: &Scenario, t: Micros) -> String {
        let mut w = World::new(s);
        w.run_until(t);
        state(&w)
    }

    fn state(w: &World) -> String {
        format!(
            "{} {} {:?}",
            w.now(),
            serde_json::to_string(w.trace()).unwrap(),
            w.summaries()
        )
    }

    #[test]
    fn the_event_before_a_time_is_the_one_a_fresh_run_has_last_before_it() {
        let s = builtin("file-transfer").unwrap();
        let mut fresh = World::new(&s);
        let mut times = vec![0];
        while fresh.step() {
            times.push(fresh.now());
        }
        let end = fresh.now();
        let mut saved = Saved::default();
        let mut world = World::new(&s);
        saved.run(&mut world, end);
        assert!(saved.len() >= 2);
        for t in [1, end / 7, end / 2, end / 2 + 1, end - 1, end] {
            let want = *times.iter().rfind(|x| **x < t).unwrap();
            assert_eq!(saved.event_before(&s, t), want, "before {t}");
        }
    }

    #[test]
    fn the_end_of_a_run_is_when_a_fresh_run_has_nothing_left_to_do() {
        let s = builtin("file-transfer").unwrap();
        let mut w = World::new(&s);
        while w.step() {}
        assert_eq!(
            run_on(&mut World::new(&s).without_trace(), END_EVENTS),
            Some(w.now())
        );
        assert!(w.now() > 0);
        // From a moment of the run, the same end.
        let mut part = World::new(&s);
        part.run_until(w.now() / 2);
        assert_eq!(run_on(&mut part.without_trace(), END_EVENTS), Some(w.now()));
        // A slice at a time, the same end.
        let mut ahead = World::new(&s).without_trace();
        let mut slices = 1;
        while run_on(&mut ahead, 100).is_none() {
            slices += 1;
        }
        assert!(slices > 2, "{slices} slices");
        assert_eq!(ahead.now(), w.now());
    }

    #[test]
    fn going_back_and_forth_gives_the_world_a_fresh_run_gives() {
        let s = builtin("file-transfer").unwrap();
        let mut end = World::new(&s);
        end.run_to_end(600_000_000);
        let last = end.now();
        let mut saved = Saved::default();
        let mut world = World::new(&s);
        saved.run(&mut world, last);
        assert!(saved.len() >= 2, "only {} copies", saved.len());
        assert!(saved.len() <= MAX_SAVED);
        for t in [last / 2, last / 10, last * 9 / 10, 0, last / 3, last] {
            let w = saved.world_at(&s, t, world.trace());
            assert_eq!(state(&w), fresh(&s, t), "at {t}");
        }
        // A look at a moment leaves the copies alone.
        let kept = saved.len();
        for t in [last / 3, 0, last] {
            let w = saved.peek_at(&s, t, world.trace());
            assert_eq!(state(&w), fresh(&s, t), "peek at {t}");
        }
        assert_eq!(saved.len(), kept);
        // Back and forth from where a world is.
        for t in [last / 4, last / 8, last * 3 / 4, last / 5] {
            saved.move_to(&mut world, &s, t);
            assert_eq!(state(&world), fresh(&s, t), "moved to {t}");
        }
        // Given a trace that is not this run's, a copy is not used: the run from the start.
        let w = saved.peek_at(&s, last / 2, &Trace::default());
        assert_eq!(state(&w), fresh(&s, last / 2));
    }

    #[test]
    fn a_limited_run_goes_back_to_the_same_limited_trace() {
        let s = builtin("file-transfer").unwrap();
        let mut saved = Saved::with_trace_limit(300);
        let mut world = World::new(&s);
        world.set_trace_limit(300);
        saved.run(&mut world, 3_000_000);
        assert!(world.trace().dropped > 0);
        let back = saved.world_at(&s, 2_000_000, world.trace());
        let mut want = World::new(&s);
        want.set_trace_limit(300);
        want.run_until(2_000_000);
        assert_eq!(state(&back), state(&want));
        let start = saved.world_at(&s, 0, world.trace());
        assert_eq!(start.trace().limit, 300);
    }
}

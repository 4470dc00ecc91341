//! The virtual clock and the event queue: events are ordered by (time, sequence), so events
//! due at the same time keep the order they were scheduled in. A scenario's inputs (its
//! sessions' starts and its actions) come first among those due at one time, in the
//! scenario's order, whenever they were scheduled: an input added to a run before its time
//! falls where a run of the scenario from the start has it.

use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Simulated time in microseconds.
pub type Micros = u64;

/// Milliseconds (as scenarios write times) in microseconds, saturating: a time too large for
/// the clock is "never", not a wrapped or panicking multiplication. Scenarios are validated
/// to at most an hour, but a world may also be built from one that was not.
pub fn ms_to_us(ms: u64) -> Micros {
    ms.saturating_mul(1000)
}

#[derive(Clone, Debug, Serialize)]
struct Entry<E> {
    at: Micros,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// A queue of future events and the current time.
#[derive(Clone, Debug)]
pub struct Scheduler<E> {
    now: Micros,
    /// Whether any event has been taken yet.
    taken: bool,
    seq: u64,
    heap: BinaryHeap<Reverse<Entry<E>>>,
}

/// The sequence numbers below this one are the inputs' ranks ([`Scheduler::input`]); the
/// events a run schedules itself are numbered from it up.
const RUN_EVENTS: u64 = 1 << 48;

impl<E> Default for Scheduler<E> {
    fn default() -> Self {
        Scheduler {
            now: 0,
            taken: false,
            seq: RUN_EVENTS,
            heap: BinaryHeap::new(),
        }
    }
}

impl<E> Scheduler<E> {
    /// The current time.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// Schedules `event` at `at` (an event in the past is due now).
    pub fn at(&mut self, at: Micros, event: E) {
        let at = at.max(self.now);
        self.seq += 1;
        self.heap.push(Reverse(Entry {
            at,
            seq: self.seq,
            event,
        }));
    }

    /// Schedules a scenario's input `event` at `at`, ranked `rank` (below 2^48) among the
    /// inputs due then and before every other event due then. `false`, and nothing
    /// scheduled, if the clock is past `at`, or at it with an event taken (one due then
    /// may have been: the input would not fall where the scenario has it).
    pub fn input(&mut self, at: Micros, rank: u64, event: E) -> bool {
        if at < self.now || (at == self.now && self.taken) || rank >= RUN_EVENTS {
            return false;
        }
        self.heap.push(Reverse(Entry {
            at,
            seq: rank,
            event,
        }));
        true
    }

    /// Takes every event `cancelled` says is off the schedule (it looks at them all).
    pub fn cancel(&mut self, mut cancelled: impl FnMut(&E) -> bool) {
        self.heap.retain(|Reverse(e)| !cancelled(&e.event));
    }

    /// When the next event is due, if any.
    pub fn next_time(&self) -> Option<Micros> {
        self.heap.peek().map(|Reverse(e)| e.at)
    }

    /// Takes the next event if it is due at or before `until`, moving the clock to it.
    pub fn pop_until(&mut self, until: Micros) -> Option<(Micros, E)> {
        if self.next_time()? > until {
            return None;
        }
        let Reverse(e) = self.heap.pop()?;
        self.now = e.at;
        self.taken = true;
        Some((e.at, e.event))
    }

    /// Moves the clock forward to `t` with no event (never backward).
    pub fn advance_to(&mut self, t: Micros) {
        self.now = self.now.max(t);
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_keep_their_order_and_time_never_goes_back() {
        let mut s = Scheduler::default();
        s.at(10, "b1");
        s.at(5, "a");
        s.at(10, "b2");
        s.at(10, "b3");
        let order: Vec<_> = std::iter::from_fn(|| s.pop_until(u64::MAX)).collect();
        assert_eq!(order, [(5, "a"), (10, "b1"), (10, "b2"), (10, "b3")]);
        s.at(3, "late");
        assert_eq!(s.pop_until(u64::MAX), Some((10, "late")));
    }

    #[test]
    fn inputs_come_first_at_their_time_in_rank_order_and_only_before_it() {
        let mut s = Scheduler::default();
        s.at(10, "run1");
        assert!(s.input(10, 7, "input7"));
        s.at(10, "run2");
        assert!(s.input(10, 2, "input2"));
        assert!(s.input(5, 9, "early"));
        assert!(!s.input(10, RUN_EVENTS, "not a rank"));
        assert_eq!(s.pop_until(5), Some((5, "early")));
        // The clock is at 5 with an event taken: an input due at 5 may no longer fall
        // where its rank puts it; one due later still does.
        assert!(!s.input(5, 0, "too late"));
        assert!(!s.input(4, 0, "past"));
        assert!(s.input(10, 5, "input5"));
        let order: Vec<_> = std::iter::from_fn(|| s.pop_until(u64::MAX))
            .map(|(_, e)| e)
            .collect();
        assert_eq!(order, ["input2", "input5", "input7", "run1", "run2"]);
    }

    #[test]
    fn milliseconds_too_large_for_the_clock_saturate() {
        assert_eq!(ms_to_us(1), 1000);
        assert_eq!(ms_to_us(18_446_744_073_709_552), Micros::MAX);
        assert_eq!(ms_to_us(u64::MAX), Micros::MAX);
    }

    #[test]
    fn pop_until_stops_at_the_limit() {
        let mut s = Scheduler::default();
        s.at(10, 1);
        assert_eq!(s.pop_until(9), None);
        assert_eq!(s.now(), 0);
        assert_eq!(s.pop_until(10), Some((10, 1)));
    }
}

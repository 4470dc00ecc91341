//! The simulated transport: per session connection a reliable, ordered byte stream with
//! latency and bandwidth, as TCP gives. A break loses what is in flight.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use super::scheduler::Micros;
use super::trace::Host;

/// The link between the two hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// One-way latency, microseconds.
    #[serde(default = "default_latency")]
    pub latency_us: u64,
    /// Octets per second in each direction (0: unlimited).
    #[serde(default = "default_bandwidth")]
    pub bandwidth: u64,
    /// Chance that sending a TSDU breaks the connection, per million (from the seeded RNG).
    #[serde(default)]
    pub break_per_million: u32,
    /// The most octets in flight in each direction, as TCP's window bounds them: a sender
    /// waits for older TSDUs to arrive before it sends more.
    #[serde(default = "default_window")]
    pub window: u64,
}

fn default_window() -> u64 {
    1 << 20
}

fn default_latency() -> u64 {
    20_000
}
fn default_bandwidth() -> u64 {
    10_000_000
}

impl Default for Link {
    fn default() -> Self {
        Link {
            latency_us: default_latency(),
            bandwidth: default_bandwidth(),
            break_per_million: 0,
            window: default_window(),
        }
    }
}

/// One transport connection: its two directions and what is in flight on each.
#[derive(Clone, Debug)]
pub struct Connection {
    /// Its number in the run.
    pub id: u32,
    /// The session it carries.
    pub session: u32,
    /// False once closed or broken: nothing more is delivered.
    pub open: bool,
    /// When each direction (by sender) is free to send again.
    free_at: [Micros; 2],
    /// Per direction (by receiver): arrival time, length and trace index of each TSDU in flight.
    in_flight: [VecDeque<(Micros, u64, Option<usize>)>; 2],
    /// Per direction (by receiver): octets in flight.
    in_flight_len: [u64; 2],
}

fn ix(h: Host) -> usize {
    match h {
        Host::A => 0,
        Host::B => 1,
    }
}

impl Connection {
    /// A new open connection.
    pub fn new(id: u32, session: u32) -> Self {
        Connection {
            id,
            session,
            open: true,
            free_at: [0, 0],
            in_flight: [VecDeque::new(), VecDeque::new()],
            in_flight_len: [0, 0],
        }
    }

    /// Puts `len` octets on the wire from `from` at `now`, held back `extra` microseconds
    /// (a delay, or a loss the transport repairs by retransmitting); returns when they
    /// arrive. Each direction sends one TSDU after another, so arrivals keep their order:
    /// what follows a held-back TSDU waits behind it, as in TCP.
    pub fn send(
        &mut self,
        link: &Link,
        now: Micros,
        from: Host,
        len: usize,
        extra: Micros,
        trace: Option<usize>,
    ) -> Micros {
        let start = now.max(self.free_at[ix(from)]);
        let tx = if link.bandwidth == 0 {
            0
        } else {
            (len as u64)
                .saturating_mul(1_000_000)
                .div_ceil(link.bandwidth)
        };
        // Saturating: a link the scenario's checks did not see cannot wrap the clock.
        self.free_at[ix(from)] = start.saturating_add(tx).saturating_add(extra);
        let arrival = self.free_at[ix(from)].saturating_add(link.latency_us);
        self.in_flight[ix(from.peer())].push_back((arrival, len as u64, trace));
        self.in_flight_len[ix(from.peer())] += len as u64;
        arrival
    }

    /// When `from` may send again: its direction is free, and less than a window is in flight
    /// (counting what will have arrived by then).
    pub fn writable_at(&self, link: &Link, from: Host) -> Micros {
        let free = self.free_at[ix(from)];
        let q = &self.in_flight[ix(from.peer())];
        let mut in_flight = self.in_flight_len[ix(from.peer())];
        let mut at = free;
        for (arrival, len, _) in q {
            if in_flight < link.window.max(1) {
                break;
            }
            in_flight -= len;
            at = at.max(*arrival);
        }
        at
    }

    /// A TSDU reached `to`: it is no longer in flight.
    pub fn arrived(&mut self, to: Host) {
        if let Some((_, len, _)) = self.in_flight[ix(to)].pop_front() {
            self.in_flight_len[ix(to)] -= len;
        }
    }

    /// When the last TSDU in flight to `to` arrives.
    pub fn last_arrival(&self, to: Host) -> Option<Micros> {
        self.in_flight[ix(to)].back().map(|(t, _, _)| *t)
    }

    /// The trace index and arrival time of each TSDU in flight.
    pub fn in_flight(&self) -> impl Iterator<Item = (usize, Micros)> + '_ {
        self.in_flight
            .iter()
            .flatten()
            .filter_map(|(arrival, _, trace)| Some(((*trace)?, *arrival)))
    }

    /// Breaks the connection: returns the trace indices of the TSDUs lost in flight.
    pub fn break_now(&mut self) -> Vec<Option<usize>> {
        self.open = false;
        let mut lost: Vec<Option<usize>> = Vec::new();
        for q in &mut self.in_flight {
            lost.extend(q.drain(..).map(|(_, _, t)| t));
        }
        self.in_flight_len = [0, 0];
        lost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_window_waits_for_arrivals() {
        let link = Link {
            latency_us: 10_000,
            bandwidth: 0,
            break_per_million: 0,
            window: 3000,
        };
        let mut c = Connection::new(0, 0);
        for _ in 0..3 {
            c.send(&link, 0, Host::A, 1000, 0, None);
        }
        // Three octets-thousands in flight fill the window: the next send waits for one to
        // arrive (at 10 ms).
        assert_eq!(c.writable_at(&link, Host::A), 10_000);
        c.arrived(Host::B);
        assert_eq!(c.writable_at(&link, Host::A), 0);
    }

    #[test]
    fn bandwidth_queues_and_latency_delays() {
        let link = Link {
            latency_us: 1000,
            bandwidth: 1_000_000,
            break_per_million: 0,
            window: 1 << 20,
        };
        let mut c = Connection::new(0, 0);
        // 1000 octets take 1 ms at 1 MB/s, then 1 ms of latency.
        assert_eq!(c.send(&link, 0, Host::A, 1000, 0, None), 2000);
        // The second waits for the first to leave.
        assert_eq!(c.send(&link, 0, Host::A, 1000, 0, None), 3000);
        assert_eq!(c.writable_at(&link, Host::A), 2000);
        // The other direction is independent.
        assert_eq!(c.send(&link, 0, Host::B, 1000, 0, None), 2000);
        assert_eq!(c.last_arrival(Host::B), Some(3000));
        // Held back 5 ms: it and what follows arrive later, in order.
        assert_eq!(c.send(&link, 0, Host::B, 1000, 5000, None), 8000);
        assert_eq!(c.send(&link, 0, Host::B, 1000, 0, None), 9000);
        c.arrived(Host::B);
        assert_eq!(c.break_now().len(), 4);
        assert!(!c.open);
    }
}

//! A transfer's progress over time, read from the trace: the octets of the file the receiver
//! holds, as data SPDUs arrive, as a resume takes it back to the confirmed sync point
//! (X.225 7.29: the activity goes on from that point; what followed it is sent again) and as a
//! restart takes it back to 0. The playground's byte-progress lane draws this.

mod line;

pub use line::{step_path, Lane};

use super::scheduler::Micros;
use super::trace::{Host, Trace, What};

/// (time, octets of the file held by the receiver) at each change for `session`, from
/// `(0, 0)`, in time order. A DT lost in a break never arrives and is not counted.
pub fn delivered(trace: &Trace, session: u32) -> Vec<(Micros, u64)> {
    let mut points = vec![(0, 0)];
    // (time, what it does): a DT adds its payload when it arrives; a resume or restart sets.
    let mut changes: Vec<(Micros, Change)> = Vec::new();
    for e in trace.events.iter().filter(|e| e.session == session) {
        match &e.what {
            What::Spdu {
                spdu,
                len,
                header_len,
                from: Host::A,
                arrives: Some(at),
                ..
            } if spdu == "DT" => changes.push((*at, Change::Add((len - header_len) as u64))),
            What::Resume { offset, .. } => changes.push((e.t, Change::Set(*offset))),
            What::Restart { .. } => changes.push((e.t, Change::Set(0))),
            _ => {}
        }
    }
    // Arrivals come after their sending; a stable sort keeps equal times in trace order. On
    // one link they come in order already (the lane draws this at every frame of a run).
    if !changes.is_sorted_by_key(|(t, _)| *t) {
        changes.sort_by_key(|(t, _)| *t);
    }
    let mut held = 0u64;
    for (t, c) in changes {
        held = match c {
            Change::Add(n) => held.saturating_add(n),
            Change::Set(o) => o,
        };
        points.push((t, held));
    }
    points
}

/// (time, octets of the file sent again by then) at each change for `session`, from `(0, 0)`:
/// what the sender's `payload_resent` was then, read from the trace. A data SPDU sends its
/// payload from the sender's offset on; what lies below the highest octet sent before is sent
/// again; a resume moves the offset back to its sync point, a restart to 0.
pub fn resent(trace: &Trace, session: u32) -> Vec<(Micros, u64)> {
    let mut points = vec![(0, 0)];
    let (mut offset, mut high, mut again) = (0u64, 0u64, 0u64);
    for e in trace.events.iter().filter(|e| e.session == session) {
        match &e.what {
            What::Spdu {
                spdu,
                len,
                header_len,
                from: Host::A,
                ..
            } if spdu == "DT" => {
                let n = (len - header_len) as u64;
                let before = again;
                again += n.min(high.saturating_sub(offset));
                offset += n;
                high = high.max(offset);
                if again != before {
                    points.push((e.t, again));
                }
            }
            What::Resume { offset: o, .. } => offset = *o,
            What::Restart { .. } => offset = 0,
            _ => {}
        }
    }
    points
}

#[derive(Clone, Copy)]
enum Change {
    Add(u64),
    Set(u64),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{builtin, World};

    fn run(name: &str) -> (World, Vec<(Micros, u64)>) {
        let mut w = World::new(&builtin(name).unwrap());
        w.run_to_end(600_000_000);
        let points = delivered(w.trace(), 0);
        (w, points)
    }

    /// The octets sent again read from the trace are the sender's own count at every time:
    /// with a resume, a restart, and a dialogue switch (AI, then AR on a new connection).
    #[test]
    fn octets_sent_again_read_from_the_trace_match_the_sender_at_every_time() {
        let mut switched = builtin("file-transfer").unwrap();
        switched.name = "switched".into();
        switched.actions = vec![crate::sim::scenario::Action {
            at_ms: 300,
            session: 0,
            what: crate::sim::scenario::ActionKind::SwitchDialog(
                crate::sim::apps::DialogMode::FullDuplex,
            ),
        }];
        let scenarios = [
            builtin("file-transfer").unwrap(),
            builtin("file-transfer-restart").unwrap(),
            switched,
        ];
        for scenario in scenarios {
            let mut whole = World::new(&scenario);
            whole.run_to_end(600_000_000);
            let points = resent(whole.trace(), 0);
            let total = whole.summaries()[0].payload_resent;
            // (A switch interrupts the activity at a confirmed point: nothing to send again.)
            assert_eq!(total > 0, scenario.name != "switched", "{}", scenario.name);
            assert_eq!(points.last().unwrap().1, total, "{}", scenario.name);
            let end = whole.now();
            let mut w = World::new(&scenario);
            for k in 1..=200 {
                let t = end * k / 200;
                w.run_until(t);
                let read = points.iter().rev().find(|p| p.0 <= t).unwrap().1;
                let own = w.summaries()[0].payload_resent;
                assert_eq!(read, own, "{} at {t}", scenario.name);
            }
        }
    }

    #[test]
    fn a_resumed_transfer_ends_with_the_whole_file_and_falls_back_only_to_its_checkpoint() {
        let (w, points) = run("file-transfer");
        let summary = &w.summaries()[0];
        let size = w.views()[0].progress.unwrap().1;
        assert_eq!(points.last().unwrap().1, size);
        assert!(points.windows(2).all(|p| p[0].0 <= p[1].0), "in time order");
        let resume = summary.resume_points[0].clone();
        // Just before the resume the receiver held more than the checkpoint; after, exactly it.
        let at = points
            .iter()
            .position(|p| p.0 == resume.t && p.1 == resume.offset);
        let at = at.expect("the resume sets the checkpoint's offset");
        assert!(points[at - 1].1 > resume.offset);
        // Every octet delivered twice is one the summary counts as sent again.
        let fell: u64 = points
            .windows(2)
            .map(|p| p[0].1.saturating_sub(p[1].1))
            .sum();
        assert!(
            fell <= summary.payload_resent,
            "{fell} > {}",
            summary.payload_resent
        );
    }

    #[test]
    fn a_restarted_transfer_falls_to_zero() {
        let (_, points) = run("file-transfer-restart");
        let max_before = points.iter().map(|p| p.1).max().unwrap();
        assert!(max_before > 0);
        assert!(points.iter().skip(1).any(|p| p.1 == 0), "it went back to 0");
    }
}

//! A transfer's progress over time, read from the trace: the octets of the file the receiver
//! holds, as data SPDUs arrive, as a resume takes it back to the confirmed sync point
//! (X.225 7.29: the activity goes on from that point; what followed it is sent again) and as a
//! restart takes it back to 0. The playground's byte-progress lane draws this.

mod line;

pub use line::{step_path, Lane};

use super::scheduler::Micros;
use super::trace::{Host, Trace, What};

/// What the trace says of the file of a transfer, in trace order: a data SPDU host A sent
/// (its payload and when it arrives, if it does), a resume to an offset, a restart.
enum File {
    Sent {
        t: Micros,
        payload: u64,
        arrives: Option<Micros>,
    },
    Resume {
        t: Micros,
        offset: u64,
    },
}

/// The [`File`] events of `session` in `trace` (a restart is a resume to 0).
fn file_events(trace: &Trace, session: u32) -> impl Iterator<Item = File> + '_ {
    trace
        .events
        .iter()
        .filter(move |e| e.session == session)
        .filter_map(|e| match &e.what {
            What::Spdu {
                spdu,
                len,
                header_len,
                from: Host::A,
                arrives,
                ..
            } if spdu == "DT" => Some(File::Sent {
                t: e.t,
                payload: (len - header_len) as u64,
                arrives: *arrives,
            }),
            What::Resume { offset, .. } => Some(File::Resume {
                t: e.t,
                offset: *offset,
            }),
            What::Restart { .. } => Some(File::Resume { t: e.t, offset: 0 }),
            _ => None,
        })
}

/// (time, octets of the file held by the receiver) at each change for `session`, from
/// `(0, 0)`, in time order. A DT lost in a break never arrives and is not counted.
pub fn delivered(trace: &Trace, session: u32) -> Vec<(Micros, u64)> {
    let mut points = vec![(0, 0)];
    // (time, what it does): a DT adds its payload when it arrives; a resume or restart sets.
    let mut changes: Vec<(Micros, Change)> = file_events(trace, session)
        .filter_map(|f| match f {
            File::Sent {
                payload,
                arrives: Some(at),
                ..
            } => Some((at, Change::Add(payload))),
            File::Sent { arrives: None, .. } => None,
            File::Resume { t, offset } => Some((t, Change::Set(offset))),
        })
        .collect();
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
    for f in file_events(trace, session) {
        match f {
            File::Sent { t, payload, .. } => {
                let before = again;
                again += payload.min(high.saturating_sub(offset));
                offset += payload;
                high = high.max(offset);
                if again != before {
                    points.push((t, again));
                }
            }
            File::Resume { offset: o, .. } => offset = o,
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

//! The trace as plain text: one line per event, time in milliseconds, then a block of figures
//! per session. What `session-sim run --format text` prints.
//!
//! ```text
//!     40.000 ms  #0  A -> B  CN        len 37       arrives 60.004 ms
//!                #0  A  STA01B wait for T-CONNECT confirm -> STA02A wait for the AC SPDU
//! ```

use std::fmt::Write as _;

use super::scheduler::Micros;
use super::trace::{Outcome, Summary, Trace, TraceEvent, What};

/// Width of the time column ("  1494.961 ms").
const TIME_WIDTH: usize = 10;

/// The trace as a readable timeline, then a summary block for each session in `summaries`.
pub fn render(trace: &Trace, summaries: &[Summary]) -> String {
    let mut out = String::new();
    let mut last_t = None;
    for e in &trace.events {
        let time = if last_t == Some(e.t) {
            " ".repeat(TIME_WIDTH + 3)
        } else {
            format!("{:>TIME_WIDTH$} ms", ms(e.t))
        };
        last_t = Some(e.t);
        let _ = writeln!(out, "{time}  #{}  {}", e.session, line(e));
    }
    if trace.dropped > 0 {
        let _ = writeln!(
            out,
            "({} more events were not kept: the trace holds at most {})",
            trace.dropped, trace.limit
        );
    }
    for s in summaries {
        out.push('\n');
        out.push_str(&summary(s));
    }
    out
}

/// Microseconds as milliseconds with three decimals ("120.000").
pub fn ms(t: Micros) -> String {
    format!("{}.{:03}", t / 1000, t % 1000)
}

/// An outcome in words ("released", "timed out").
pub fn outcome_name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Released => "released",
        Outcome::Aborted => "aborted",
        Outcome::Lost => "lost (provider abort)",
        Outcome::Refused => "refused",
        Outcome::TimedOut => "timed out",
    }
}

/// An SPDU's name with its serial number, if it has one ("MIP 3", "CN").
pub fn spdu_label(spdu: &str, serial: Option<u32>) -> String {
    match serial {
        Some(n) => format!("{spdu} {n}"),
        None => spdu.to_string(),
    }
}

/// A sync point by kind and serial number ("major sync point 4", X.225 7.10, 7.11).
pub fn sync_point(serial: u32, major: bool) -> String {
    let kind = if major { "major" } else { "minor" };
    format!("{kind} sync point {serial}")
}

/// A count of octets with thousands separators ("8,388,608").
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut s = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            s.push(',');
        }
        s.push(c);
    }
    s
}

/// The text of one event, after its time and session.
fn line(e: &TraceEvent) -> String {
    match &e.what {
        What::Spdu {
            from,
            spdu,
            serial,
            len,
            arrives,
            ..
        } => {
            let name = spdu_label(spdu, *serial);
            let fate = match arrives {
                Some(t) => format!("arrives {} ms", ms(*t)),
                None => "(lost)".to_string(),
            };
            let to = from.peer().name();
            let len = format!("len {len}");
            format!("{} -> {to}  {name:<8}  {len:<11}  {fate}", from.name())
        }
        What::State { host: h, from, to } => format!("{}  {from} -> {to}", h.name()),
        What::Tokens { host: h, held } => format!("{}  tokens: {held}", h.name()),
        What::TransportUp { conn } => format!("transport connection {conn} up"),
        What::TransportClosed { conn } => format!("transport connection {conn} closed"),
        What::Break {
            conn,
            cause,
            lost,
            at_risk,
        } => {
            let risk = match at_risk {
                Some(n) => format!("; {} octets not yet confirmed", grouped(*n)),
                None => String::new(),
            };
            let s = if *lost == 1 { "" } else { "s" };
            format!("*** break: conn {conn}, {lost} SPDU{s} lost ({cause}{risk}) ***")
        }
        What::Abort { host: h, cause } => format!("{}  abort: {cause}", h.name()),
        What::Discarded {
            host: h,
            id,
            spdu,
            why,
        } => {
            let which = id.map_or(String::new(), |id| format!(" #{id}"));
            format!("{}  discarded {spdu}{which}: {why}", h.name())
        }
        What::Fault { cause } => format!("fault: {cause}"),
        What::Reconnect { attempt, refused } => {
            let r = if *refused { " (refused)" } else { "" };
            format!("reconnect, attempt {attempt}{r}")
        }
        What::Checkpoint {
            serial,
            offset,
            major,
        } => format!(
            "checkpoint: {} at byte {offset}",
            sync_point(*serial, *major)
        ),
        What::Resume {
            serial,
            offset,
            why,
            resend,
        } => format!(
            "resume from sync point {serial} at byte {offset} ({} octets sent again): {why}",
            grouped(*resend)
        ),
        What::Restart { why, resend } => format!(
            "restart from byte 0 ({} octets sent again): {why}",
            grouped(*resend)
        ),
        What::Refused { host: h, rule } => format!("{}  refused: {rule}", h.name()),
        What::App { host: h, text } => format!("{}  {text}", h.name()),
        What::Outcome { outcome } => format!("outcome: {}", outcome_name(outcome)),
    }
}

/// The figures of one session, one per line.
fn summary(s: &Summary) -> String {
    let outcome = match (&s.outcome, s.ended_at) {
        (Some(o), Some(t)) => format!("{} at {} ms", outcome_name(o), ms(t)),
        (Some(o), None) => outcome_name(o).to_string(),
        (None, _) => "not ended".to_string(),
    };
    let resumes = if s.resume_points.is_empty() {
        "none".to_string()
    } else {
        s.resume_points
            .iter()
            .map(|r| {
                format!(
                    "sync point {} at byte {} ({} ms)",
                    r.serial,
                    r.offset,
                    ms(r.t)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let digest = match s.digest_match {
        Some(true) => "yes",
        Some(false) => "NO",
        None => "n/a",
    };
    let octets = |n: u64| format!("{} octets", grouped(n));
    let rows = [
        ("outcome", outcome),
        ("payload sent", octets(s.payload_sent)),
        ("payload delivered", octets(s.payload_delivered)),
        ("payload resent", octets(s.payload_resent)),
        ("protocol octets", octets(s.protocol_bytes)),
        ("breaks", s.breaks.to_string()),
        ("resume points", resumes),
        ("digest match", digest.to_string()),
    ];
    let mut out = format!("session {}: {}\n", s.session, s.app);
    for (k, v) in rows {
        let _ = writeln!(out, "  {k:<18} {v}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::trace::{Host, ResumePoint};

    fn spdu(arrives: Option<Micros>) -> What {
        What::Spdu {
            id: 7,
            conn: 0,
            from: Host::A,
            spdu: "DT".into(),
            serial: None,
            len: 16397,
            header_len: 4,
            octets: Default::default(),
            arrives,
        }
    }

    fn trace(events: Vec<(Micros, What)>) -> Trace {
        let mut t = Trace::default();
        for (at, what) in events {
            t.push(at, 0, what);
        }
        t
    }

    #[test]
    fn times_are_milliseconds_with_three_decimals() {
        assert_eq!(ms(0), "0.000");
        assert_eq!(ms(120_000), "120.000");
        assert_eq!(ms(1_494_961), "1494.961");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(8_388_608), "8,388,608");
    }

    #[test]
    fn one_line_per_event_and_a_blank_time_when_it_repeats() {
        let t = trace(vec![
            (120_000, spdu(Some(121_639))),
            (
                120_000,
                What::State {
                    host: Host::B,
                    from: "STA01 idle".into(),
                    to: "STA713 data transfer".into(),
                },
            ),
            (130_000, spdu(None)),
        ]);
        let text = render(&t, &[]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].starts_with("   120.000 ms  #0  A -> B  DT"),
            "{text}"
        );
        assert!(lines[0].contains("len 16397"));
        assert!(lines[0].ends_with("arrives 121.639 ms"));
        let blank = " ".repeat(15);
        assert!(lines[1].starts_with(&format!("{blank}#0  B  STA01 idle -> STA713")));
        assert!(lines[2].ends_with("(lost)"), "{text}");
    }

    #[test]
    fn breaks_resumes_and_checkpoints_read_as_sentences() {
        let t = trace(vec![
            (
                1,
                What::Checkpoint {
                    serial: 17,
                    offset: 4_456_448,
                    major: false,
                },
            ),
            (
                2,
                What::Break {
                    conn: 0,
                    cause: "break at byte 5033164".into(),
                    lost: 3,
                    at_risk: Some(589_824),
                },
            ),
            (
                3,
                What::Resume {
                    serial: 17,
                    offset: 4_456_448,
                    why: "the last one confirmed".into(),
                    resend: 589_824,
                },
            ),
            (
                4,
                What::Restart {
                    why: "recovery is off".into(),
                    resend: 5_046_272,
                },
            ),
        ]);
        let text = render(&t, &[]);
        assert!(text.contains("checkpoint: minor sync point 17 at byte 4456448"));
        assert!(text.contains("*** break: conn 0, 3 SPDUs lost (break at byte 5033164"));
        assert!(text.contains("589,824 octets not yet confirmed) ***"));
        assert!(text.contains(
            "resume from sync point 17 at byte 4456448 (589,824 octets sent again): the last one"
        ));
        assert!(text.contains("restart from byte 0 (5,046,272 octets sent again): recovery is off"));
    }

    #[test]
    fn the_summary_block_names_every_figure() {
        let s = Summary {
            session: 0,
            app: "file transfer".into(),
            outcome: Some(Outcome::Released),
            ended_at: Some(1_494_961),
            payload_sent: 8_978_432,
            payload_delivered: 8_388_608,
            payload_resent: 589_824,
            protocol_bytes: 2945,
            breaks: 1,
            resume_points: vec![ResumePoint {
                t: 941_573,
                serial: 17,
                offset: 4_456_448,
            }],
            digest_match: Some(true),
        };
        let mut t = Trace {
            limit: 1,
            ..Trace::default()
        };
        t.push(0, 0, What::TransportUp { conn: 0 });
        t.push(1, 0, What::TransportUp { conn: 1 });
        let text = render(&t, &[s]);
        for want in [
            "(1 more events were not kept: the trace holds at most 1)",
            "session 0: file transfer",
            "outcome            released at 1494.961 ms",
            "payload sent       8,978,432 octets",
            "payload delivered  8,388,608 octets",
            "payload resent     589,824 octets",
            "protocol octets    2,945 octets",
            "breaks             1",
            "resume points      sync point 17 at byte 4456448 (941.573 ms)",
            "digest match       yes",
        ] {
            assert!(text.contains(want), "{want:?} in\n{text}");
        }
        let unfinished = render(&Trace::default(), &[Summary::default()]);
        assert!(unfinished.contains("not ended"), "{unfinished}");
        assert!(
            unfinished.contains("digest match       n/a"),
            "{unfinished}"
        );
    }
}

//! A large file transfer that survives a dropped connection: with recovery it resumes from
//! the last confirmed sync point; without, it starts again from byte 0.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use osi_session::sim::{builtin, Outcome, Summary, What, World};

fn run(name: &str) -> (World, Summary) {
    let scenario = builtin(name).unwrap();
    let mut world = World::new(&scenario);
    world.run_to_end(600_000_000);
    let summary = world.summaries().remove(0);
    (world, summary)
}

#[test]
fn a_broken_transfer_resumes_from_the_last_confirmed_sync_point() {
    let (world, s) = run("file-transfer");
    assert_eq!(s.outcome, Some(Outcome::Released), "{s:?}");
    assert_eq!(s.digest_match, Some(true));
    assert_eq!(s.payload_delivered, 8 << 20);
    assert_eq!(s.breaks, 1);
    let [resume] = &s.resume_points[..] else {
        panic!("one resume: {s:?}")
    };
    // The break came at 60% (5,033,164 octets); the last point confirmed before it is a
    // multiple of 256 KiB below that.
    assert_eq!(resume.offset % (256 * 1024), 0);
    assert!(
        resume.offset < 5_033_165 && resume.offset >= 4 << 20,
        "{resume:?}"
    );
    // Sent again: only what followed the checkpoint.
    assert!(
        s.payload_resent <= 5_033_165 - resume.offset + 16 * 1024,
        "{s:?}"
    );
    assert_eq!(s.payload_sent, (8 << 20) + s.payload_resent);
    let trace = world.trace();
    assert!(trace
        .events
        .iter()
        .any(|e| matches!(&e.what, What::Spdu { spdu, .. } if spdu == "AR")));
    assert!(trace
        .events
        .iter()
        .any(|e| matches!(&e.what, What::Break { lost, .. } if *lost > 0)));
}

/// A major sync point comes every `major_every` points of the file, counted by serial number
/// (a point's serial is its place in the file): the points rolled back by a resume (X.225
/// 7.17) are not counted, so after the resume the major ones still fall on multiples of 8.
#[test]
fn major_sync_points_keep_their_places_across_a_resume() {
    for name in ["file-transfer", "file-transfer-restart"] {
        let (world, s) = run(name);
        assert_eq!(s.outcome, Some(Outcome::Released), "{name}: {s:?}");
        let sent: Vec<(String, u32)> = world
            .trace()
            .events
            .iter()
            .filter_map(|e| match &e.what {
                What::Spdu {
                    spdu,
                    serial: Some(sn),
                    ..
                } if spdu == "MIP" || spdu == "MAP" => Some((spdu.clone(), *sn)),
                _ => None,
            })
            .collect();
        assert!(
            sent.iter().filter(|(t, _)| t == "MAP").count() >= 3,
            "{name}: {sent:?}"
        );
        for (spdu, sn) in &sent {
            assert_eq!(
                spdu == "MAP",
                sn % 8 == 0,
                "{name}: {spdu} {sn} in {sent:?}"
            );
        }
    }
}

#[test]
fn without_recovery_the_transfer_restarts_from_zero() {
    let (world, s) = run("file-transfer-restart");
    assert_eq!(s.outcome, Some(Outcome::Released), "{s:?}");
    assert_eq!(s.digest_match, Some(true));
    assert!(s.resume_points.is_empty());
    assert!(s.payload_resent >= 5_000_000, "{s:?}");
    assert!(world.trace().events.iter().any(|e| matches!(
        &e.what,
        What::Restart { why, .. } if why == "recovery is off: restart from byte 0"
    )));
    let (_, resumed) = run("file-transfer");
    assert!(
        resumed.payload_resent * 5 < s.payload_resent,
        "{resumed:?} vs {s:?}"
    );
    assert!(resumed.ended_at < s.ended_at);
}

#[test]
fn the_same_seed_gives_the_same_trace() {
    let (a, _) = run("file-transfer");
    let (b, _) = run("file-transfer");
    assert_eq!(
        serde_json::to_string(a.trace()).unwrap(),
        serde_json::to_string(b.trace()).unwrap()
    );
}

#[test]
fn a_dropped_tsdu_is_sent_again_by_the_transport_and_nothing_is_lost() {
    use osi_session::sim::scenario::{Action, ActionKind};
    let mut scenario = builtin("file-transfer").unwrap();
    scenario.actions = vec![
        Action {
            at_ms: 100,
            session: 0,
            what: ActionKind::DropNext,
        },
        Action {
            at_ms: 300,
            session: 0,
            what: ActionKind::DelayNextMs(250),
        },
    ];
    let mut world = World::new(&scenario);
    world.run_to_end(600_000_000);
    let s = world.summaries().remove(0);
    assert_eq!(s.outcome, Some(Outcome::Released));
    assert_eq!(s.digest_match, Some(true));
    assert_eq!((s.breaks, s.payload_resent), (0, 0));
    let faults = common::faults(&world);
    assert_eq!(faults.len(), 2, "{faults:?}");
    assert!(faults[0].ends_with("lost; the transport sends it again after 200 ms"));
    assert!(faults[1].ends_with("delayed 250 ms"));
}

#[test]
fn a_user_giving_the_data_token_away_pauses_the_transfer_until_it_comes_back() {
    use osi_session::sim::scenario::{Action, ActionKind};
    use osi_session::sim::Host;
    let mut scenario = builtin("file-transfer").unwrap();
    scenario.actions = vec![Action {
        at_ms: 200,
        session: 0,
        what: ActionKind::GiveToken(Host::A),
    }];
    let mut world = World::new(&scenario);
    world.run_to_end(600_000_000);
    let s = world.summaries().remove(0);
    assert_eq!(s.outcome, Some(Outcome::Released));
    assert_eq!(s.digest_match, Some(true));
    let wire: Vec<String> = world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu { from, spdu, .. } if spdu == "GT" || spdu == "PT" => {
                Some(format!("{from:?}:{spdu}"))
            }
            _ => None,
        })
        .collect();
    assert_eq!(wire, ["A:GT", "A:PT", "B:GT"]);
}

#[test]
fn switching_a_live_transfer_to_full_duplex_is_a_real_exchange() {
    use osi_session::sim::apps::DialogMode;
    use osi_session::sim::scenario::{Action, ActionKind};
    let mut scenario = builtin("file-transfer").unwrap();
    scenario.actions = vec![Action {
        at_ms: 300,
        session: 0,
        what: ActionKind::SwitchDialog(DialogMode::FullDuplex),
    }];
    let mut world = World::new(&scenario);
    world.run_until(300_001);
    assert!(world.views()[0].half_duplex);
    world.run_to_end(600_000_000);
    let s = world.summaries().remove(0);
    assert_eq!(s.outcome, Some(Outcome::Released), "{s:?}");
    assert_eq!(s.digest_match, Some(true));
    assert!(
        !world.views()[0].half_duplex,
        "the new connection is full-duplex"
    );
    let control: Vec<String> = world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu { from, spdu, .. }
                if !["DT", "MIP", "MIA", "MAP", "MAA"].contains(&spdu.as_str()) =>
            {
                Some(format!("{from:?}:{spdu}"))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        control,
        [
            "A:CN", "B:AC", "A:AS", "A:AI", "B:AIA", "A:FN", "B:DN", "A:CN", "B:AC", "A:AR",
            "A:AE", "B:AEA", "A:FN", "B:DN"
        ]
    );
    // Resumed from a confirmed point: only the unconfirmed tail was sent again.
    assert_eq!(s.resume_points.len(), 1);
    assert!(s.payload_resent < 1 << 20, "{s:?}");
}

#[test]
fn a_break_at_any_moment_around_major_sync_points_still_resumes() {
    use osi_session::sim::apps::file_transfer::FileTransferSpec;
    use osi_session::sim::scenario::{Action, ActionKind, AppSpec};
    // A major sync point every 4 minor points; break at every 3 ms through the transfer, so
    // some breaks lose an MAA in flight.
    for at_ms in (1..400).step_by(3) {
        let mut scenario = builtin("file-transfer").unwrap();
        scenario.sessions[0].app = AppSpec::FileTransfer(FileTransferSpec {
            size: 2 << 20,
            chunk: 16 * 1024,
            minor_every: 64 * 1024,
            major_every: 4,
        });
        scenario.actions = vec![Action {
            at_ms,
            session: 0,
            what: ActionKind::Break,
        }];
        let mut world = World::new(&scenario);
        world.run_to_end(600_000_000);
        let s = world.summaries().remove(0);
        assert_eq!(
            s.outcome,
            Some(Outcome::Released),
            "break at {at_ms} ms: {s:?}"
        );
        assert_eq!(s.digest_match, Some(true), "break at {at_ms} ms");
    }
}

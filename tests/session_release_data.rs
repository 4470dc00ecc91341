//! User data on release and abort (X.225 7.7 to 7.9, 8.3.4 to 8.3.7; S-RELEASE and
//! S-U-ABORT carry user data, X.215): the requests take it within X.225's limits for the
//! session's version, and the indications deliver it.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::Version;
use osi_session::protocol::machine::{Config, Indication, Request, UsageError};
use osi_session::protocol::pair::{Pair, Side};

fn data(s: &'static str) -> Option<Bytes> {
    Some(Bytes::from_static(s.as_bytes()))
}

fn duplex(versions: Version) -> Config {
    Config {
        versions,
        ..Pair::duplex_config()
    }
}

#[test]
fn fn_and_dn_carry_the_users_goodbye_and_summary() {
    let mut p = Pair::established();
    p.request(
        Side::A,
        Request::Release {
            user_data: data("bye"),
        },
    )
    .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::Release {
            user_data: data("bye")
        }]
    );
    p.request(
        Side::B,
        Request::ReleaseResponse {
            accept: true,
            user_data: data("3 transfers"),
        },
    )
    .unwrap();
    p.run();
    assert!(p.take_indications(Side::A).contains(&Indication::Released {
        user_data: data("3 transfers")
    }));
}

#[test]
fn nf_carries_the_reason_a_release_is_refused() {
    // Negotiated release is in the default units; A holds the release token.
    let mut p = Pair::established();
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
    p.run();
    p.take_indications(Side::B);
    p.request(
        Side::B,
        Request::ReleaseResponse {
            accept: false,
            user_data: data("not yet"),
        },
    )
    .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ReleaseRefused {
            user_data: data("not yet")
        }]
    );
}

#[test]
fn ab_carries_the_users_reason() {
    let mut p = Pair::established();
    p.request(
        Side::A,
        Request::Abort {
            user_data: data("user quit"),
        },
    )
    .unwrap();
    p.run();
    assert!(p
        .take_indications(Side::B)
        .contains(&Indication::UserAbort {
            user_data: data("user quit")
        }));
}

#[test]
fn a_release_collision_delivers_the_dn_that_came_first() {
    let mut p = Pair::release_collision();
    let ok = |s| Request::ReleaseResponse {
        accept: true,
        user_data: data(s),
    };
    p.request(Side::A, ok("from A")).unwrap();
    p.run();
    p.request(Side::B, ok("from B")).unwrap();
    p.run();
    assert!(p.take_indications(Side::B).contains(&Indication::Released {
        user_data: data("from A")
    }));
    assert!(p.take_indications(Side::A).contains(&Indication::Released {
        user_data: data("from B")
    }));
}

/// Version 1 allows 512 octets in FN, DN and NF and 9 in AB (X.225 8.3.4 to 8.3.7); more
/// is refused with the rule, and nothing is sent. Version 2 lifts both.
#[test]
fn user_data_over_version_1_limits_is_refused_by_name() {
    let v1 = duplex(Version::V1);
    let mut p = Pair::connected(v1.clone(), v1);
    let bytes = |n| Some(Bytes::from(vec![b'x'; n]));
    let wire = p.wire.len();
    let err = p
        .request(
            Side::A,
            Request::Abort {
                user_data: bytes(10),
            },
        )
        .unwrap_err();
    assert!(matches!(err, UsageError::UserData { max: 9, .. }), "{err}");
    assert!(err.to_string().contains("X.225 8.3.7"), "{err}");
    let err = p
        .request(
            Side::A,
            Request::Release {
                user_data: bytes(513),
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, UsageError::UserData { max: 512, .. }),
        "{err}"
    );
    assert_eq!(p.wire.len(), wire, "nothing sent");
    p.request(
        Side::A,
        Request::Release {
            user_data: bytes(512),
        },
    )
    .unwrap();
    p.run();
    let err = p
        .request(
            Side::B,
            Request::ReleaseResponse {
                accept: true,
                user_data: bytes(513),
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, UsageError::UserData { max: 512, .. }),
        "{err}"
    );

    let v2 = duplex(Version::V2);
    let mut p = Pair::connected(v2.clone(), v2);
    p.request(
        Side::A,
        Request::Abort {
            user_data: bytes(2000),
        },
    )
    .unwrap();
    p.run();
    assert!(p
        .take_indications(Side::B)
        .contains(&Indication::UserAbort {
            user_data: bytes(2000)
        }));
}

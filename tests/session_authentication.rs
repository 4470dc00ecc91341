//! Authentication at establishment: the responder's user checks the credentials CN carries
//! and refuses a wrong one with a reason; the password never crosses the wire.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::auth::{prove, AuthError, Verifier};
use osi_session::protocol::codec::RefuseReason;
use osi_session::protocol::machine::{Config, Indication, Request, State};
use osi_session::protocol::pair::{Pair, Side};

/// A connects as `user` with `password`; B's user checks and answers. Returns the pair.
fn login(
    verifier: &mut Verifier,
    user: &str,
    password: &str,
    nonce: u8,
) -> (Pair, Result<String, AuthError>) {
    let item = prove(user, password, [nonce; 16]);
    let mut p = Pair::connecting(Config::default(), Config::default(), Some(item));
    let ind = p.take_indications(Side::B);
    let [Indication::Connect { user_data, .. }] = &ind[..] else {
        panic!("B gets the CN, got {ind:?}")
    };
    let verdict = verifier.check(user_data.as_deref());
    match &verdict {
        Ok(_) => p.request(
            Side::B,
            Request::Accept {
                called_ref: [2; 16],
                user_data: None,
            },
        ),
        Err(_) => p.request(
            Side::B,
            Request::Refuse {
                reason: RefuseReason::REJECTED_BY_USER,
                data: Bytes::from_static(b"authentication failed"),
            },
        ),
    }
    .unwrap();
    p.run();
    (p, verdict)
}

#[test]
fn the_right_password_opens_the_session() {
    let mut v = Verifier::new();
    v.add_user("alice", "s3cret!");
    let (p, verdict) = login(&mut v, "alice", "s3cret!", 1);
    assert_eq!(verdict, Ok("alice".into()));
    assert_eq!(p.a.state(), State::DataTransfer);
    // The CN's octets carry a digest, not the password.
    let cn = &p.wire[0].tsdu;
    assert!(!cn.windows(7).any(|w| w == b"s3cret!"));
}

#[test]
fn a_wrong_password_is_refused_with_a_reason() {
    let mut v = Verifier::new();
    v.add_user("alice", "s3cret!");
    let (mut p, verdict) = login(&mut v, "alice", "guess", 1);
    assert_eq!(verdict, Err(AuthError::WrongPassword("alice".into())));
    assert_eq!(p.wire_log(), ["A:CN", "B:RF"]);
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::Refused {
            reason: RefuseReason::REJECTED_BY_USER,
            data: Bytes::from_static(b"authentication failed")
        }]
    );
    assert_eq!(p.a.state(), State::Idle);
}

#[test]
fn a_replayed_connect_is_refused() {
    let mut v = Verifier::new();
    v.add_user("alice", "s3cret!");
    let (_, first) = login(&mut v, "alice", "s3cret!", 9);
    assert!(first.is_ok());
    let (p, again) = login(&mut v, "alice", "s3cret!", 9);
    assert_eq!(again, Err(AuthError::Replayed("alice".into())));
    assert_eq!(p.wire_log(), ["A:CN", "B:RF"]);
}

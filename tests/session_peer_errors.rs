//! A peer breaking a rule is answered with a provider abort that names it (X.225 7.9.2):
//! SPDUs sent without the tokens they need, outside an activity, or with a version CN never
//! proposed.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::machine::{AbortCause, Config, Indication, Request};
use osi_session::protocol::pair::{Pair, Side};

fn rule(p: &mut Pair, side: Side) -> String {
    let ind = p.take_indications(side);
    match &ind[..] {
        [.., Indication::ProviderAbort(AbortCause::ProtocolError(r))] => r.clone(),
        other => panic!("a provider abort, got {other:?}"),
    }
}

#[test]
fn fn_from_a_side_without_the_tokens_or_inside_an_activity() {
    let mut p = Pair::connected(Config::default(), Config::default());
    // B holds no token; FN from B breaks X.225 7.7.
    p.inject(Side::A, Bytes::from_static(&[0x09, 0x03, 0x11, 0x01, 0x01]));
    assert!(rule(&mut p, Side::A).contains("did not hold every available token"));

    let mut p = Pair::connected(Config::default(), Config::default());
    p.request(
        Side::A,
        Request::ActivityStart {
            id: Bytes::from_static(b"x"),
        },
    )
    .unwrap();
    p.run();
    // Pretend A sent FN inside its activity: B sees it.
    p.inject(Side::B, Bytes::from_static(&[0x09, 0x03, 0x11, 0x01, 0x01]));
    assert!(rule(&mut p, Side::B).contains("activity is in progress"));
}

#[test]
fn mip_from_a_side_without_the_data_token() {
    let mut p = Pair::connected(Config::default(), Config::default());
    p.request(
        Side::A,
        Request::ActivityStart {
            id: Bytes::from_static(b"x"),
        },
    )
    .unwrap();
    p.run();
    // B holds no token: GT + MIP(1) from B.
    p.inject(
        Side::A,
        Bytes::from_static(&[0x01, 0x00, 0x31, 0x03, 0x2a, 0x01, b'1']),
    );
    assert!(rule(&mut p, Side::A).contains("without the minor sync token and the data token"));
}

#[test]
fn an_accept_with_a_version_cn_never_proposed() {
    let mut p = Pair::new(
        Config {
            versions: osi_session::protocol::codec::Version::V2,
            ..Config::default()
        },
        Config::default(),
    );
    p.request(
        Side::A,
        Request::Connect {
            calling_ref: [1; 16],
            user_data: None,
        },
    )
    .unwrap();
    // AC: PGI 5 { version 01 } , PI 20 half-duplex.
    p.inject(
        Side::A,
        Bytes::from_static(&[
            0x0e, 0x09, 0x05, 0x03, 0x16, 0x01, 0x01, 0x14, 0x02, 0x00, 0x01,
        ]),
    );
    assert!(rule(&mut p, Side::A).contains("one version that CN proposed"));
}

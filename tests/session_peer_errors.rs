//! A peer breaking a rule is answered with a provider abort that names it (X.225 7.9.2):
//! SPDUs sent without the tokens they need, outside an activity, or with a version CN never
//! proposed.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::machine::{AbortCause, Config, Indication, PeerError, PeerRule};
use osi_session::protocol::pair::{Pair, Side};

fn rule(p: &mut Pair, side: Side) -> PeerError {
    let ind = p.take_indications(side);
    match &ind[..] {
        [.., Indication::ProviderAbort(AbortCause::ProtocolError(r))] => r.clone(),
        other => panic!("a provider abort, got {other:?}"),
    }
}

#[test]
fn fn_from_a_side_without_the_tokens_or_inside_an_activity() {
    let mut p = Pair::established();
    // B holds no token; FN from B breaks X.225 7.7.
    p.inject(Side::A, Bytes::from_static(&[0x09, 0x03, 0x11, 0x01, 0x01]));
    assert_eq!(rule(&mut p, Side::A), PeerRule::FnWithoutTokens.into());

    let mut p = Pair::in_activity();
    // Pretend A sent FN inside its activity: B sees it.
    p.inject(Side::B, Bytes::from_static(&[0x09, 0x03, 0x11, 0x01, 0x01]));
    let fn_in_activity = PeerError::InActivity {
        spdu: "FN",
        clause: "7.16",
    };
    assert_eq!(rule(&mut p, Side::B), fn_in_activity);
}

#[test]
fn mip_from_a_side_without_the_data_token() {
    let mut p = Pair::in_activity();
    // B holds no token: GT + MIP(1) from B.
    p.inject(
        Side::A,
        Bytes::from_static(&[0x01, 0x00, 0x31, 0x03, 0x2a, 0x01, b'1']),
    );
    assert_eq!(rule(&mut p, Side::A), PeerRule::MipWithoutTokens.into());
}

/// A, configured as `a`, connects; `ac` comes back as B's answer.
fn connect_and_receive(a: Config, ac: &'static [u8]) -> Pair {
    let mut p = Pair::connecting(a, Config::default(), None);
    p.inject(Side::A, Bytes::from_static(ac));
    p
}

/// A connects with a TSDU maximum size of 1024 proposed in both directions; `ac` comes back.
fn connect_1024_and_receive(ac: &'static [u8]) -> Pair {
    let a = Config {
        tsdu_max: 1024,
        ..Config::default()
    };
    connect_and_receive(a, ac)
}

#[test]
fn an_accept_with_a_version_cn_never_proposed() {
    let a = Config {
        versions: osi_session::protocol::codec::Version::V2,
        ..Config::default()
    };
    // AC: PGI 5 { options 00, version 01 } , PI 20 half-duplex.
    let mut p = connect_and_receive(
        a,
        &[
            0x0e, 0x0c, 0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x01, 0x14, 0x02, 0x00, 0x01,
        ],
    );
    assert_eq!(rule(&mut p, Side::A), PeerRule::AcVersion.into());
}

/// Both sides duplex (no data token to worry about), with a TSDU maximum size of 64.
fn duplex_64() -> Config {
    use osi_session::protocol::codec::FunctionalUnits;
    Config {
        functional_units: (Config::default().functional_units - FunctionalUnits::HALF_DUPLEX)
            | FunctionalUnits::DUPLEX,
        tsdu_max: 64,
        ..Config::default()
    }
}

/// GT + DT with `data` octets of user information: a TSDU of 4 + `data` octets.
fn gt_dt(data: usize) -> Bytes {
    let mut t = vec![0x01, 0x00, 0x01, 0x00];
    t.resize(4 + data, b'x');
    Bytes::from(t)
}

#[test]
fn a_tsdu_longer_than_the_negotiated_receive_maximum_in_either_role() {
    for side in [Side::A, Side::B] {
        let mut p = Pair::connected(duplex_64(), duplex_64());
        // 64 octets: at the limit, delivered.
        p.inject(side, gt_dt(60));
        assert!(matches!(
            &p.take_indications(side)[..],
            [Indication::Data(d)] if d.len() == 60
        ));
        // 65 octets: longer than the limit this side negotiated for receiving.
        p.inject(side, gt_dt(61));
        let r = rule(&mut p, side);
        assert_eq!(
            r,
            PeerError::TsduTooLong {
                length: 65,
                max: 64
            }
        );
        assert_eq!(r.clause(), Some("7.1.1"));
        assert_eq!(p.wire_log().last().unwrap(), &format!("{side:?}:AB"));
    }
}

#[test]
fn an_accept_with_tsdu_sizes_larger_than_cn_proposed() {
    let cases: [(&'static [u8], (&str, u16)); 2] = [
        // AC: PGI 5 { PI 19, PI 21 i->r 2048, r->i 1024, PI 22 v2 }, PI 20 half-duplex.
        (
            &[
                0x0e, 0x12, 0x05, 0x0c, 0x13, 0x01, 0x00, 0x15, 0x04, 0x08, 0x00, 0x04, 0x00, 0x16,
                0x01, 0x02, 0x14, 0x02, 0x00, 0x01,
            ],
            ("initiator-to-responder", 2048),
        ),
        // AC: PGI 5 { PI 19, PI 21 i->r 512, r->i 0 (no limit), PI 22 }: 0 is more than 1024.
        (
            &[
                0x0e, 0x12, 0x05, 0x0c, 0x13, 0x01, 0x00, 0x15, 0x04, 0x02, 0x00, 0x00, 0x00, 0x16,
                0x01, 0x02, 0x14, 0x02, 0x00, 0x01,
            ],
            ("responder-to-initiator", 0),
        ),
    ];
    for (ac, (direction, selected)) in cases {
        let mut p = connect_1024_and_receive(ac);
        let raised = PeerError::AcSizeRaised {
            direction,
            selected,
            proposed: 1024,
        };
        assert_eq!(rule(&mut p, Side::A), raised);
    }
}

#[test]
fn an_accept_may_lower_the_tsdu_sizes_or_leave_them_out() {
    // AC: PGI 5 { PI 19, PI 21 i->r 512, r->i 256, PI 22 }, PI 20 half-duplex: smaller is
    // allowed.
    let mut p = connect_1024_and_receive(&[
        0x0e, 0x12, 0x05, 0x0c, 0x13, 0x01, 0x00, 0x15, 0x04, 0x02, 0x00, 0x01, 0x00, 0x16, 0x01,
        0x02, 0x14, 0x02, 0x00, 0x01,
    ]);
    let n = p.a.negotiated().unwrap();
    assert_eq!((n.tsdu_max_send, n.tsdu_max_receive), (512, 256));
    assert!(p.take_protocol_error(Side::A).is_none());
    // AC without PI 21 (and without a version: v1, which CN proposed): no limit.
    let mut p = connect_1024_and_receive(&[0x0e, 0x04, 0x14, 0x02, 0x00, 0x01]);
    let n = p.a.negotiated().unwrap();
    assert_eq!((n.tsdu_max_send, n.tsdu_max_receive, n.version), (0, 0, 1));
    assert!(p.take_protocol_error(Side::A).is_none());
}

/// AC may select only functional units CN proposed (X.225 7.1.1): activity management, which
/// this implementation supports but A did not propose, is a protocol error; so is an AC
/// selecting both dialogue modes, or neither.
#[test]
fn an_accept_selecting_a_unit_cn_never_proposed() {
    use osi_session::protocol::codec::FunctionalUnits;
    // AC: PGI 5 { PI 19 options 00, PI 22 version 2 }, PI 20 (Session User Requirements):
    // half-duplex (0x01) and activity management (0x40).
    const AC_HALF_DUPLEX_ACTIVITY: &[u8] = &[
        0x0e, 0x0c, 0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x14, 0x02, 0x00, 0x41,
    ];
    // The same with half-duplex alone.
    const AC_HALF_DUPLEX: &[u8] = &[
        0x0e, 0x0c, 0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x14, 0x02, 0x00, 0x01,
    ];
    // The same with half-duplex and duplex (0x03), and with activity management alone.
    const AC_BOTH_MODES: &[u8] = &[
        0x0e, 0x0c, 0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x14, 0x02, 0x00, 0x03,
    ];
    const AC_NO_MODE: &[u8] = &[
        0x0e, 0x0c, 0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x14, 0x02, 0x00, 0x40,
    ];
    let mut p = connect_and_receive(Pair::half_duplex_config(), AC_HALF_DUPLEX_ACTIVITY);
    assert_eq!(rule(&mut p, Side::A), PeerRule::AcUnitNotProposed.into());
    assert!(p.a.negotiated().is_none());
    let mut p = connect_and_receive(Pair::half_duplex_config(), AC_HALF_DUPLEX);
    assert!(p.take_protocol_error(Side::A).is_none());
    assert_eq!(
        p.a.negotiated().unwrap().functional_units,
        FunctionalUnits::HALF_DUPLEX
    );
    for ac in [AC_BOTH_MODES, AC_NO_MODE] {
        let mut p = connect_and_receive(Config::default(), ac);
        assert_eq!(rule(&mut p, Side::A), PeerRule::AcOneDuplexMode.into());
    }
}

/// A unit this machine does not carry out (exceptions, capability data) is never proposed,
/// even when configured, so an AC selecting it is one CN never proposed (X.225 7.1.1).
#[test]
fn units_this_machine_does_not_carry_out_are_never_proposed() {
    use osi_session::protocol::codec::{decode_tsdu, DecodeContext, FunctionalUnits, Spdu};
    let a = Config {
        functional_units: Config::default().functional_units
            | FunctionalUnits::EXCEPTIONS
            | FunctionalUnits::CAPABILITY_DATA,
        ..Config::default()
    };
    // AC: PGI 5 { PI 19 options 00, PI 22 version 2 }, PI 20: half-duplex and exceptions
    // (0x0201).
    let mut p = connect_and_receive(
        a,
        &[
            0x0e, 0x0c, 0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x14, 0x02, 0x02, 0x01,
        ],
    );
    let cn = &p.wire[0];
    assert_eq!(cn.spdu, "CN");
    let spdus = decode_tsdu(&cn.tsdu, DecodeContext::default()).expect("A's CN decodes");
    let [Spdu::Connect(cn)] = &spdus[..] else {
        panic!("one CN, got {spdus:?}");
    };
    assert_eq!(
        cn.functional_units,
        Some(Config::default().functional_units)
    );
    assert_eq!(rule(&mut p, Side::A), PeerRule::AcUnitNotProposed.into());
    assert!(p.a.negotiated().is_none());
}

/// The provider abort for an AC that raised a TSDU maximum size says which sizes, in octets or
/// "no limit" for 0 (X.225 7.1.1, PI 21).
#[test]
fn an_accept_raising_a_tsdu_size_is_named_in_octets_or_no_limit() {
    // AC: PGI 5 { PI 19, PI 21 i->r 2048, r->i 1024, PI 22 v2 }, PI 20 half-duplex.
    let mut p = connect_1024_and_receive(&[
        0x0e, 0x12, 0x05, 0x0c, 0x13, 0x01, 0x00, 0x15, 0x04, 0x08, 0x00, 0x04, 0x00, 0x16, 0x01,
        0x02, 0x14, 0x02, 0x00, 0x01,
    ]);
    assert_eq!(
        rule(&mut p, Side::A).to_string(),
        "AC selected 2048 octets as the initiator-to-responder TSDU maximum size, more than \
         the 1024 octets CN proposed (X.225 7.1.1: the responder may only lower it)"
    );
    // AC: the same with i->r 512, r->i 0 (no limit).
    let mut p = connect_1024_and_receive(&[
        0x0e, 0x12, 0x05, 0x0c, 0x13, 0x01, 0x00, 0x15, 0x04, 0x02, 0x00, 0x00, 0x00, 0x16, 0x01,
        0x02, 0x14, 0x02, 0x00, 0x01,
    ]);
    assert_eq!(
        rule(&mut p, Side::A).to_string(),
        "AC selected no limit as the responder-to-initiator TSDU maximum size, more than the \
         1024 octets CN proposed (X.225 7.1.1: the responder may only lower it)"
    );
}

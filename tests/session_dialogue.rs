//! Dialogue control (X.225 7.3, 7.4): in half-duplex only the data token's holder sends DT;
//! GT gives tokens, PT asks for them; in duplex both send at once.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::TokenSet;
use osi_session::protocol::machine::{Config, Indication, PeerError, Request, State, UsageError};
use osi_session::protocol::pair::{Pair, Side};

fn data(s: &'static str) -> Request {
    Request::Data(Bytes::from_static(s.as_bytes()))
}

#[test]
fn only_the_data_token_holder_sends_and_the_token_changes_hands_with_gt() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, data("ping")).unwrap();
    let err = p.request(Side::B, data("pong")).unwrap_err();
    assert_eq!(
        err,
        UsageError::TokenNotHeld {
            request: "S-DATA request",
            tokens: TokenSet::DATA
        }
    );
    assert!(err.to_string().contains("data token"), "{err}");
    assert_eq!(p.in_flight(Side::A), 0, "a refused request sends nothing");

    // B asks, A gives.
    p.request(Side::B, Request::PleaseTokens(TokenSet::DATA))
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::TokensRequested(TokenSet::DATA)]
    );
    p.request(Side::A, Request::GiveTokens(TokenSet::DATA))
        .unwrap();
    assert!(p.request(Side::A, data("too late")).is_err());
    p.run();
    p.request(Side::B, data("pong")).unwrap();
    p.run();
    assert_eq!(
        p.wire_log(),
        ["A:CN", "B:AC", "A:DT", "B:PT", "A:GT", "B:DT"]
    );
    assert_eq!(
        p.take_indications(Side::B),
        [
            Indication::Data(Bytes::from_static(b"ping")),
            Indication::TokensGiven(TokenSet::DATA)
        ]
    );
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::Data(Bytes::from_static(b"pong"))]
    );
}

#[test]
fn typed_and_expedited_data_ignore_the_data_token() {
    let mut p = Pair::half_duplex();
    p.request(Side::B, Request::TypedData(Bytes::from_static(b"typed")))
        .unwrap();
    p.request(Side::B, Request::Expedited(Bytes::from_static(b"urgent")))
        .unwrap();
    let too_long = Request::Expedited(Bytes::from_static(b"fifteen octets!"));
    assert_eq!(
        p.request(Side::B, too_long),
        Err(UsageError::TooLarge {
            length: 15,
            max: 14
        })
    );
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [
            Indication::TypedData(Bytes::from_static(b"typed")),
            Indication::Expedited(Bytes::from_static(b"urgent"))
        ]
    );
}

#[test]
fn duplex_lets_both_send_at_once() {
    let mut p = Pair::duplex();
    p.request(Side::A, data("from A")).unwrap();
    p.request(Side::B, data("from B")).unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::Data(Bytes::from_static(b"from B"))]
    );
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::Data(Bytes::from_static(b"from A"))]
    );
    assert_eq!(
        p.request(Side::A, Request::PleaseTokens(TokenSet::DATA)),
        Err(UsageError::TokenNotRequestable {
            tokens: TokenSet::DATA
        }),
        "there is no data token in duplex"
    );
}

#[test]
fn dt_from_the_side_without_the_token_is_a_protocol_error() {
    let mut p = Pair::half_duplex();
    // B sends GT + DT although A holds the data token: octets a rule-abiding B never sends.
    p.inject(Side::A, Bytes::from_static(&[0x01, 0x00, 0x01, 0x00, b'x']));
    assert_eq!(p.a.state(), State::Idle);
    let ind = p.take_indications(Side::A);
    let [Indication::ProviderAbort(cause)] = &ind[..] else {
        panic!("a provider abort, got {ind:?}")
    };
    assert!(cause.to_string().contains("data token"), "{cause}");
    assert_eq!(p.wire_log().last().unwrap(), "A:AB");
}

/// `check` answers as the request would, and changes nothing: the playground asks it to
/// disable a button and say why (S-DATA needs the data token in half-duplex, X.225 7.4).
#[test]
fn check_answers_as_the_request_would_and_changes_nothing() {
    let mut p = Pair::half_duplex();
    assert_eq!(p.a.check(data("ping")), Ok(()));
    assert_eq!(
        p.b.check(data("pong")),
        Err(UsageError::TokenNotHeld {
            request: "S-DATA request",
            tokens: TokenSet::DATA
        })
    );
    assert_eq!(p.a.poll_output(), None, "check sent nothing");
    assert_eq!(p.b.poll_output(), None);
    assert!(p.wire.iter().all(|s| s.spdu != "DT"));
    assert_eq!(
        p.request(Side::B, data("pong")),
        p.b.clone().check(data("pong"))
    );
}

#[test]
fn tsdus_larger_than_negotiated_are_refused() {
    let small = Config {
        tsdu_max: 64,
        ..Pair::half_duplex_config()
    };
    let mut p = Pair::connected(small.clone(), small);
    assert!(p
        .request(Side::A, Request::Data(Bytes::from(vec![0; 50])))
        .is_ok());
    assert!(matches!(
        p.request(Side::A, Request::Data(Bytes::from(vec![0; 70]))),
        Err(UsageError::TooLarge { max: 64, .. })
    ));
}

/// The negotiated TSDU Maximum Size (PI 21, X.225 8.3.1, 8.3.2) is the largest TSDU allowed,
/// not one past it: GT + DT of 60 octets (64 in all) goes, 61 (65) is refused. Found by
/// cargo mutants (`>=` for `>` in the check survived).
#[test]
fn a_tsdu_of_exactly_the_negotiated_maximum_is_sent() {
    let small = Config {
        tsdu_max: 64,
        ..Pair::half_duplex_config()
    };
    let mut p = Pair::connected(small.clone(), small);
    p.request(Side::A, Request::Data(Bytes::from(vec![0; 60])))
        .unwrap();
    assert_eq!(p.wire.last().unwrap().tsdu.len(), 64);
    assert_eq!(
        p.request(Side::A, Request::Data(Bytes::from(vec![0; 61]))),
        Err(UsageError::TooLarge {
            length: 65,
            max: 64
        })
    );
}

/// Expedited data carries at most 14 octets (X.225 7.5): 14 go as EX (SI 5, the octets as
/// user information), 15 are refused.
#[test]
fn expedited_data_of_exactly_fourteen_octets_is_sent() {
    let mut p = Pair::half_duplex();
    let fourteen = Bytes::from_static(b"fourteen octet");
    assert_eq!(fourteen.len(), 14);
    p.request(Side::B, Request::Expedited(fourteen.clone()))
        .unwrap();
    let ex = p.wire.last().unwrap();
    assert_eq!(ex.spdu, "EX");
    assert_eq!(&ex.tsdu[..2], &[0x05, 0x00]);
    assert_eq!(&ex.tsdu[2..], &fourteen[..]);
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::Expedited(fourteen)]
    );
}

/// S-TOKEN-GIVE names at least one token, and only tokens the session has (X.225 7.4.1): an
/// empty set, or the data token in duplex, is refused and nothing is sent.
#[test]
fn giving_no_token_or_one_the_session_lacks_is_refused() {
    for (mut p, tokens) in [
        (Pair::half_duplex(), TokenSet::EMPTY),
        (Pair::duplex(), TokenSet::DATA),
    ] {
        assert_eq!(
            p.request(Side::A, Request::GiveTokens(tokens)),
            Err(UsageError::TokenNotRequestable { tokens })
        );
        assert_eq!(p.wire.len(), 2, "only CN and AC");
    }
}

/// GT and PT may name only tokens the session has (X.225 7.4.1, 7.4.2): in duplex there is no
/// data token, so a GT giving it or a PT asking for it is a protocol error.
#[test]
fn gt_or_pt_naming_a_token_the_session_lacks_is_a_protocol_error() {
    // GT (SI 1) and PT (SI 2), each with Token Item (PI 16) = 01, the data token.
    for (tsdu, spdu) in [
        (&[0x01, 0x03, 0x10, 0x01, 0x01], "GT"),
        (&[0x02, 0x03, 0x10, 0x01, 0x01], "PT"),
    ] {
        let mut p = Pair::duplex();
        p.inject(Side::B, Bytes::from_static(tsdu));
        assert_eq!(
            p.take_protocol_error(Side::B),
            Some(PeerError::TokensNotInSession {
                spdu,
                tokens: TokenSet::DATA
            })
        );
        assert_eq!(p.b.tokens(), TokenSet::EMPTY);
        assert_eq!(p.wire_log().last().unwrap(), "B:AB");
    }
}

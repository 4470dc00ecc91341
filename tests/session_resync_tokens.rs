//! The Token Setting Item of resynchronize (X.225 7.14, 7.15): the RS puts each token on the
//! initiator's or the responder's side or leaves it to the acceptor's choice, the acceptor's
//! user places the tokens left to it, and both sides end with the tokens where the RA says.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    decode_tsdu, encode_tsdu, DecodeContext, FunctionalUnits, GiveTokens, ResyncType,
    ResynchronizeAck, SerialNumber, Spdu, TokenPosition, TokenSet, TokenSetting,
};
use osi_session::protocol::machine::{
    Config, Indication, PeerError, Record, Request, State, UsageError,
};
use osi_session::protocol::pair::{Pair, Side};

use TokenPosition::{Initiator, Responder, ResponderChoice};

fn all_at(p: TokenPosition) -> TokenSetting {
    TokenSetting::default().with(TokenSet::ALL, p)
}

fn rs(tokens: TokenSetting) -> Request {
    Request::Resynchronize {
        kind: ResyncType::Abandon,
        serial: None,
        tokens: Some(tokens),
    }
}

fn confirm(tokens: Option<TokenSetting>) -> Request {
    Request::ResynchronizeConfirm { tokens }
}

/// A connected pair where A holds the major and release tokens and B the data and minor
/// tokens, so every setting moves something.
fn split() -> Pair {
    let mut p = Pair::half_duplex();
    assert_eq!(p.a.tokens(), TokenSet::ALL);
    p.request(
        Side::A,
        Request::GiveTokens(TokenSet::DATA | TokenSet::MINOR_SYNC),
    )
    .unwrap();
    p.run();
    p.take_indications(Side::B);
    p.records = Default::default();
    p
}

/// The Token Setting Item of the last RA on the wire.
fn last_ra_setting(p: &Pair) -> Option<TokenSetting> {
    let ra = p.wire.iter().rev().find(|s| s.spdu == "RA").expect("an RA");
    match decode_tsdu(&ra.tsdu, DecodeContext::default())
        .unwrap()
        .pop()
    {
        Some(Spdu::ResynchronizeAck(ra)) => ra.token_setting,
        other => panic!("not an RA: {other:?}"),
    }
}

fn token_moves(p: &Pair, side: Side) -> Vec<(TokenSet, TokenSet)> {
    p.records[side as usize]
        .iter()
        .filter_map(|r| match r {
            Record::Tokens { from, to } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}

fn assert_done(p: &mut Pair) {
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
    assert_eq!(p.a.tokens() & p.b.tokens(), TokenSet::EMPTY);
    assert_eq!(p.a.tokens() | p.b.tokens(), TokenSet::ALL);
    let aborted = |i: &Indication| matches!(i, Indication::ProviderAbort(_));
    assert!(!p.take_indications(Side::A).iter().any(aborted));
    assert!(!p.take_indications(Side::B).iter().any(aborted));
}

#[test]
fn every_token_on_the_initiators_side() {
    let mut p = split();
    // B asks; "initiator" is the side that sent CN, A.
    p.request(Side::B, rs(all_at(Initiator))).unwrap();
    p.run();
    p.request(Side::A, confirm(None)).unwrap();
    p.run();
    assert_eq!(
        (p.a.tokens(), p.b.tokens()),
        (TokenSet::ALL, TokenSet::EMPTY)
    );
    assert_eq!(last_ra_setting(&p), Some(all_at(Initiator)));
    let b_had = TokenSet::DATA | TokenSet::MINOR_SYNC;
    assert_eq!(token_moves(&p, Side::B), [(b_had, TokenSet::EMPTY)]);
    assert_eq!(
        token_moves(&p, Side::A),
        [(TokenSet::ALL - b_had, TokenSet::ALL)]
    );
    assert_done(&mut p);
}

#[test]
fn every_token_on_the_responders_side() {
    let mut p = split();
    p.request(Side::A, rs(all_at(Responder))).unwrap();
    p.run();
    p.request(Side::B, confirm(None)).unwrap();
    p.run();
    assert_eq!(
        (p.a.tokens(), p.b.tokens()),
        (TokenSet::EMPTY, TokenSet::ALL)
    );
    assert_eq!(last_ra_setting(&p), Some(all_at(Responder)));
    assert_eq!(token_moves(&p, Side::A).last().unwrap().1, TokenSet::EMPTY);
    assert_eq!(token_moves(&p, Side::B).last().unwrap().1, TokenSet::ALL);
    assert_done(&mut p);
}

#[test]
fn the_acceptor_takes_the_tokens_left_to_it() {
    let mut p = split();
    let proposed = all_at(Initiator).with(TokenSet::DATA | TokenSet::RELEASE, ResponderChoice);
    p.request(Side::A, rs(proposed)).unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::Resynchronize {
            kind: ResyncType::Abandon,
            serial: SerialNumber::new(1).unwrap(),
            tokens: proposed,
        }]
    );
    // B, the acceptor, keeps both tokens left to it.
    let answer = proposed.with(TokenSet::DATA | TokenSet::RELEASE, Responder);
    p.request(Side::B, confirm(Some(answer))).unwrap();
    p.run();
    assert_eq!(last_ra_setting(&p), Some(answer));
    assert_eq!(p.b.tokens(), TokenSet::DATA | TokenSet::RELEASE);
    assert_eq!(
        p.a.tokens(),
        TokenSet::MINOR_SYNC | TokenSet::MAJOR_ACTIVITY
    );
    assert_done(&mut p);
}

#[test]
fn the_acceptor_gives_the_tokens_left_to_it_away() {
    let mut p = split();
    // B asks and leaves data and minor (which it holds) to A's choice; A sends both to B.
    let proposed = all_at(Initiator).with(TokenSet::DATA | TokenSet::MINOR_SYNC, ResponderChoice);
    p.request(Side::B, rs(proposed)).unwrap();
    p.run();
    let answer = proposed.with(TokenSet::DATA | TokenSet::MINOR_SYNC, Responder);
    p.request(Side::A, confirm(Some(answer))).unwrap();
    p.run();
    assert_eq!(last_ra_setting(&p), Some(answer));
    assert_eq!(p.b.tokens(), TokenSet::DATA | TokenSet::MINOR_SYNC);
    assert_eq!(p.a.tokens(), TokenSet::MAJOR_ACTIVITY | TokenSet::RELEASE);
    assert_done(&mut p);
}

#[test]
fn without_an_answer_the_acceptors_configuration_chooses() {
    // B's configuration takes data to the responder's side and leaves minor to its own choice.
    let b = Config {
        token_setting: all_at(Initiator)
            .with(TokenSet::DATA, Responder)
            .with(TokenSet::MINOR_SYNC, ResponderChoice),
        ..Pair::half_duplex_config()
    };
    let mut p = Pair::connected(Pair::half_duplex_config(), b);
    p.request(Side::A, rs(all_at(ResponderChoice))).unwrap();
    p.run();
    p.request(Side::B, confirm(None)).unwrap();
    p.run();
    assert_eq!(p.b.tokens(), TokenSet::DATA | TokenSet::MINOR_SYNC);
    assert_eq!(p.a.tokens(), TokenSet::MAJOR_ACTIVITY | TokenSet::RELEASE);
    assert_done(&mut p);
}

#[test]
fn a_choice_is_only_for_tokens_of_the_session() {
    let no_release = Config {
        functional_units: Pair::half_duplex_config().functional_units
            - FunctionalUnits::NEGOTIATED_RELEASE,
        ..Pair::half_duplex_config()
    };
    let mut p = Pair::connected(no_release.clone(), no_release);
    let err = p
        .request(
            Side::A,
            rs(all_at(Initiator).with(TokenSet::RELEASE, ResponderChoice)),
        )
        .unwrap_err();
    assert_eq!(
        err,
        UsageError::TokenSetting {
            request: "S-RESYNCHRONIZE request",
            tokens: TokenSet::RELEASE,
            rule: "only a token that exists in the session may be left to the acceptor's choice (X.225 7.14)",
        }
    );
    assert_eq!(p.a.state(), State::DataTransfer);
    // The data token may be left to the choice; the RA then never carries a choice.
    p.request(
        Side::A,
        rs(all_at(Initiator).with(TokenSet::DATA, ResponderChoice)),
    )
    .unwrap();
    p.run();
    p.request(Side::B, confirm(None)).unwrap();
    p.run();
    assert_eq!(last_ra_setting(&p), Some(all_at(Initiator)));
    assert_eq!(p.a.tokens(), p.a.available_tokens());
}

#[test]
fn the_response_places_exactly_the_tokens_left_to_it() {
    let mut p = split();
    let proposed = all_at(Initiator).with(TokenSet::DATA, ResponderChoice);
    p.request(Side::A, rs(proposed)).unwrap();
    p.run();
    // Leaving the choice open again is refused.
    let err = p.request(Side::B, confirm(Some(proposed))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "S-RESYNCHRONIZE response: the response must place every token the RS left to the \
         acceptor's choice (X.225 7.15) (data token(s))"
    );
    // Moving a token the RS placed is refused.
    let err = p
        .request(
            Side::B,
            confirm(Some(all_at(Initiator).with(TokenSet::RELEASE, Responder))),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        UsageError::TokenSetting {
            tokens: TokenSet::RELEASE,
            ..
        }
    ));
    assert_eq!(p.b.state(), State::AwaitResyncResponse);
    assert!(p.wire.iter().all(|s| s.spdu != "RA"));
    p.request(Side::B, confirm(Some(all_at(Initiator))))
        .unwrap();
    p.run();
    assert_eq!(p.a.tokens(), TokenSet::ALL);
    assert_done(&mut p);
}

/// A forged RA for serial number 1 with this setting, as the peer would send it.
fn forged_ra(setting: Option<TokenSetting>) -> Bytes {
    let ra = ResynchronizeAck {
        token_setting: setting,
        serial_number: SerialNumber::new(1).unwrap(),
        user_data: None,
    };
    Bytes::from(
        encode_tsdu(&[
            Spdu::GiveTokens(GiveTokens::default()),
            Spdu::ResynchronizeAck(ra),
        ])
        .unwrap(),
    )
}

fn protocol_error(p: &mut Pair, side: Side) -> PeerError {
    p.take_protocol_error(side).expect("a protocol error")
}

#[test]
fn an_ra_moving_a_token_the_rs_placed_is_a_protocol_error() {
    let mut p = split();
    p.request(
        Side::A,
        rs(all_at(Initiator).with(TokenSet::MINOR_SYNC, ResponderChoice)),
    )
    .unwrap();
    // The peer "answers" by taking the data token too.
    let ra = all_at(Initiator).with(TokenSet::MINOR_SYNC | TokenSet::DATA, Responder);
    p.inject(Side::A, forged_ra(Some(ra)));
    assert_eq!(
        protocol_error(&mut p, Side::A),
        PeerError::RaTokensMoved(TokenSet::DATA)
    );
    assert_eq!(p.a.state(), State::Idle);
}

#[test]
fn an_ra_leaving_a_choice_unmade_is_a_protocol_error() {
    let mut p = split();
    p.request(
        Side::A,
        rs(all_at(Initiator).with(TokenSet::RELEASE, ResponderChoice)),
    )
    .unwrap();
    p.inject(Side::A, forged_ra(None));
    assert_eq!(
        protocol_error(&mut p, Side::A),
        PeerError::RaTokensUnplaced(TokenSet::RELEASE)
    );
    // Without a choice in the RS, an RA without a Token Setting Item keeps the RS's.
    let mut p = split();
    p.request(Side::A, rs(all_at(Responder))).unwrap();
    p.inject(Side::A, forged_ra(None));
    assert_eq!(p.a.state(), State::DataTransfer);
    assert_eq!(p.a.tokens(), TokenSet::EMPTY);
}

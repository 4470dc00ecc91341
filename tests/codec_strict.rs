//! Strict decoding (what the machine receives): a parameter X.225's tables mark mandatory is
//! named when missing (offset, SPDU, parameter, clause), while what X.225 leaves optional or
//! open stays accepted. The liberal mode (the inspector's) reads the same octets.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{decode_tsdu, DecodeContext, DecodeError, DecodeErrorKind};
use osi_session::protocol::machine::{
    AbortCause, Config, Indication, Machine, Output, PeerError, Role,
};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

const STRICT: DecodeContext = DecodeContext {
    activity_end_outstanding: false,
    strict: true,
};

fn both(s: &str) -> (Result<(), String>, Result<(), String>) {
    let b = Bytes::from(hex(s));
    let run = |ctx| decode_tsdu(&b, ctx).map(|_| ()).map_err(|e| e.to_string());
    (run(DecodeContext::default()), run(STRICT))
}

#[test]
fn a_connect_accept_item_without_protocol_options_or_version_is_named() {
    // CN: PGI 5 holds only PI 22 (version 1 and 2).
    let cn = "0d 05 05 03 16 01 03";
    let (liberal, strict) = both(cn);
    assert_eq!(liberal, Ok(()));
    let e = decode_tsdu(&Bytes::from(hex(cn)), STRICT).unwrap_err();
    assert_eq!(e.offset, 4, "the Connect/Accept Item's value");
    assert_eq!(
        e.kind,
        DecodeErrorKind::MissingParameter {
            spdu: "CN",
            code: 19,
            clause: "8.3.1"
        }
    );
    assert_eq!(
        strict,
        Err(
            "at offset 4: parameter 0x13 (Protocol Options) is mandatory in CN (X.225 8.3.1)"
                .into()
        )
    );
    // AC: PGI 5 holds only PI 19.
    let (liberal, strict) = both("0e 05 05 03 13 01 00");
    assert_eq!(liberal, Ok(()));
    assert_eq!(
        strict,
        Err("at offset 4: parameter 0x16 (Version Number) is mandatory in AC (X.225 8.3.2)".into())
    );
}

#[test]
fn strict_stays_liberal_where_x225_allows() {
    for ok in [
        "0d 00",                         // no Connect/Accept Item at all
        "0d 08 05 06 13 01 00 16 01 03", // both versions proposed
        "0e 08 05 06 13 01 00 16 01 02", // AC with the mandatory pair only
        "0d 07 01 05 0a 03 61 62 63",    // a Connection Identifier alone
    ] {
        assert_eq!(both(ok), (Ok(()), Ok(())), "{ok}");
    }
}

/// The machine reads strictly: a CN without PI 19 is answered with a protocol-error abort
/// whose rule names the parameter and the clause.
#[test]
fn the_machine_names_the_missing_parameter() {
    let mut b = Machine::new(Role::Responder, Config::default());
    b.handle_transport(0, true);
    b.handle_tsdu(1, Bytes::from(hex("0d 05 05 03 16 01 03")));
    let rule = std::iter::from_fn(|| b.poll_output())
        .find_map(|o| match o {
            Output::Indication(Indication::ProviderAbort(AbortCause::ProtocolError(e))) => Some(e),
            _ => None,
        })
        .expect("a protocol error");
    let missing = DecodeErrorKind::MissingParameter {
        spdu: "CN",
        code: 19,
        clause: "8.3.1",
    };
    assert!(
        matches!(&rule, PeerError::Decode(DecodeError { kind, .. }) if *kind == missing),
        "{rule:?}"
    );
    assert!(rule.to_string().contains("Protocol Options"), "{rule}");
}

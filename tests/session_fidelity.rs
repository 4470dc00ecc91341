//! Fidelity to X.225 as independent implementations read it: the octets the machine sends
//! and accepts where the standard's tables decide (issue 22, findings 1 to 6).
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    decode_tsdu, encode_tsdu, Connect, ConnectAcceptItem, DecodeContext, Enclosure,
    ProtocolOptions, Spdu, Version,
};
use osi_session::protocol::machine::{Config, Indication, Request};
use osi_session::protocol::pair::{Pair, Side};

/// The octets of the first TSDU on the wire whose main SPDU is `spdu`.
fn sent(p: &Pair, spdu: &str) -> Bytes {
    p.wire
        .iter()
        .find(|s| s.spdu == spdu)
        .map(|s| s.tsdu.clone())
        .unwrap_or_else(|| panic!("no {spdu} on the wire: {:?}", p.wire_log()))
}

/// Protocol Options (PI 19) and Version Number (PI 22) are mandatory in the Connect/Accept
/// Item of CN and AC (X.225 8.3.1 Table 11, 8.3.2 Table 12); an MMS stack refuses both
/// without PI 19.
#[test]
fn cn_and_ac_carry_protocol_options_and_version() {
    let p = Pair::established();
    for spdu in ["CN", "AC"] {
        let tsdu = sent(&p, spdu);
        let decoded = decode_tsdu(&tsdu, DecodeContext::default()).unwrap();
        let item = match &decoded[..] {
            [Spdu::Connect(cn)] => cn.connect_accept.clone(),
            [Spdu::Accept(ac)] => ac.connect_accept.clone(),
            other => panic!("{other:?}"),
        }
        .expect("a Connect/Accept Item");
        assert_eq!(item.protocol_options.map(|o| o.bits()), Some(0), "{spdu}");
        assert!(item.version.is_some(), "{spdu}");
        // PGI 5 opens with PI 19 = 00 (X.225 8.3.1: PI 19 first in the group).
        let at = tsdu.windows(2).position(|w| w[0] == 0x05).unwrap();
        assert_eq!(
            &tsdu[at + 2..at + 5],
            &[0x13, 0x01, 0x00],
            "{spdu}: {tsdu:02x?}"
        );
    }
}

fn connect_with(data: usize, versions: Version) -> Spdu {
    Spdu::Connect(Connect {
        connect_accept: Some(ConnectAcceptItem {
            protocol_options: Some(ProtocolOptions::EMPTY),
            version: Some(versions),
            ..Default::default()
        }),
        user_data: Some(Bytes::from(vec![0x5a; data])),
        ..Default::default()
    })
}

/// CN's User Data holds at most 512 octets; with version 2 proposed, 513 to 10 240 go in
/// Extended User Data, PGI 194 (X.225 8.3.1), as the reference implementation sends them.
#[test]
fn cn_user_data_over_512_octets_goes_in_extended_user_data() {
    let both = Version::V1 | Version::V2;
    let wire = encode_tsdu(&[connect_with(600, both)]).unwrap();
    let at = wire.len() - 600 - 4;
    assert_eq!(
        &wire[at..at + 4],
        &[0xc2, 0xff, 0x02, 0x58],
        "{:02x?}",
        &wire[..24]
    );
    let back = decode_tsdu(&Bytes::from(wire), DecodeContext::default()).unwrap();
    assert_eq!(back, [connect_with(600, both)]);
    // 512 octets still go in PGI 193.
    let wire = encode_tsdu(&[connect_with(512, both)]).unwrap();
    assert_eq!(&wire[wire.len() - 516..][..4], &[0xc1, 0xff, 0x02, 0x00]);
    // Version 1 alone has no Extended User Data: the rule is named.
    let err = encode_tsdu(&[connect_with(513, Version::V1)]).unwrap_err();
    assert!(err.to_string().contains("at most 512"), "{err}");
    let err = encode_tsdu(&[connect_with(10_241, both)]).unwrap_err();
    assert!(err.to_string().contains("at most 10240"), "{err}");
}

#[test]
fn extended_user_data_is_decoded_where_x225_allows_it_only() {
    let cn = |pgi: u8, len: usize, version: u8| {
        let mut body = vec![0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, version, pgi];
        body.extend_from_slice(&[0xff, (len >> 8) as u8, len as u8]);
        body.extend(std::iter::repeat_n(0x5a, len));
        let mut tsdu = vec![0x0d, 0xff, (body.len() >> 8) as u8, body.len() as u8];
        tsdu.extend(body);
        decode_tsdu(&Bytes::from(tsdu), DecodeContext::default())
    };
    assert!(cn(0xc2, 600, 3).is_ok());
    for (pgi, len, version, why) in [
        (0xc2, 600, 1, "needs version 2"),
        (0xc2, 300, 3, "513 to 10240"),
        (0xc1, 600, 3, "more go in Extended User Data"),
    ] {
        let err = cn(pgi, len, version).unwrap_err().to_string();
        assert!(err.contains(why), "{pgi:02x} {len}: {err}");
    }
}

/// The machine carries a 600-octet S-CONNECT user data through (PGI 194) to the responder.
#[test]
fn the_machine_connects_with_600_octets_of_user_data() {
    let data = Bytes::from(vec![7u8; 600]);
    let mut p = Pair::connecting(Config::default(), Config::default(), Some(data.clone()));
    let [Indication::Connect { user_data, .. }] = &p.take_indications(Side::B)[..] else {
        panic!("B gets an S-CONNECT indication")
    };
    assert_eq!(user_data.as_ref(), Some(&data));
}

/// X.225 8.3.11 lists the Enclosure Item for TD (segmented typed data, version 2): the
/// reference implementation's `21 03 19 01 03 ...` decodes and encodes back the same.
#[test]
fn typed_data_takes_an_enclosure_item() {
    let wire = Bytes::from_static(&[0x21, 0x03, 0x19, 0x01, 0x03, 0x01, b't', b'd']);
    let spdus = decode_tsdu(&wire, DecodeContext::default()).unwrap();
    let [Spdu::TypedData(td)] = &spdus[..] else {
        panic!("{spdus:?}")
    };
    assert_eq!(td.enclosure, Some(Enclosure::BEGIN | Enclosure::END));
    assert_eq!(&td.user_information[..], b"\x01td");
    assert_eq!(encode_tsdu(&spdus).unwrap(), wire);
    // An undefined bit is still refused, naming the parameter.
    let bad = Bytes::from_static(&[0x21, 0x03, 0x19, 0x01, 0x04]);
    let err = decode_tsdu(&bad, DecodeContext::default()).unwrap_err();
    assert!(err.to_string().contains("Enclosure Item"), "{err}");
}

/// A's requests and B's answers through an activity: AS, MIP/MIA, MAP/MAA, RS/RA, AE/AEA.
fn acknowledged_exchange() -> Pair {
    use osi_session::protocol::codec::{ResyncType, SerialNumber};
    let mut p = Pair::in_activity();
    let sn = |n| SerialNumber::new(n).unwrap();
    let steps = [
        (Side::A, Request::MinorSync { confirm: true }),
        (Side::B, Request::MinorSyncConfirm(sn(1))),
        (Side::A, Request::MajorSync),
        (Side::B, Request::MajorSyncConfirm),
        (
            Side::A,
            Request::Resynchronize {
                kind: ResyncType::Restart,
                serial: None,
                tokens: None,
            },
        ),
        (Side::B, Request::ResynchronizeConfirm { tokens: None }),
        (Side::A, Request::ActivityEnd),
        (Side::B, Request::ActivityEndConfirm),
    ];
    for (side, request) in steps {
        p.request(side, request.clone())
            .unwrap_or_else(|e| panic!("{request:?}: {e}"));
        p.run();
    }
    assert!(p.take_protocol_error(Side::A).is_none());
    assert!(p.take_protocol_error(Side::B).is_none());
    p
}

/// X.225 6.3.7: an acknowledgement follows PLEASE TOKENS, a request GIVE TOKENS, as the
/// reference implementation sends them and requires (it aborts on `01 00 32 ...`).
#[test]
fn acknowledgements_follow_please_tokens_and_requests_give_tokens() {
    let p = acknowledged_exchange();
    for s in &p.wire {
        let lead = match s.spdu {
            "MIA" | "MAA" | "RA" | "AEA" => Some(0x02),
            "AS" | "MIP" | "MAP" | "RS" | "AE" => Some(0x01),
            _ => None,
        };
        if let Some(lead) = lead {
            assert_eq!(&s.tsdu[..2], &[lead, 0x00], "{}: {:02x?}", s.spdu, s.tsdu);
        }
    }
    assert_eq!(
        &sent(&p, "MIA")[..],
        &[0x02, 0x00, 0x32, 0x03, 0x2a, 0x01, 0x31]
    );
}

/// Where the standard forbids neither, both are accepted: an acknowledgement after an empty
/// GT, as this implementation sent it before, still confirms (exported runs replay).
#[test]
fn an_acknowledgement_after_give_tokens_is_still_accepted() {
    let mut p = Pair::in_activity();
    p.request(Side::A, Request::MinorSync { confirm: true })
        .unwrap();
    p.run();
    p.inject(
        Side::A,
        Bytes::from_static(&[0x01, 0x00, 0x32, 0x03, 0x2a, 0x01, 0x31]),
    );
    assert!(p.take_protocol_error(Side::A).is_none());
    assert_eq!(p.a.serials().va, 2, "MIA 1 confirmed point 1");
}

/// MIA's user data is PI 46 (X.225 8.3.19, Table 26), as the reference implementation reads
/// and writes it: `02 00 32 0d 2a 02 31 32 2e 07 ...`; PGI 193 is not in MIA's table.
#[test]
fn mia_user_data_is_pi_46() {
    let mut wire = vec![0x02, 0x00, 0x32, 0x0d, 0x2a, 0x02, 0x31, 0x32, 0x2e, 0x07];
    wire.extend_from_slice(b"thanks!");
    let wire = Bytes::from(wire);
    let spdus = decode_tsdu(&wire, DecodeContext::default()).unwrap();
    let [Spdu::PleaseTokens(_), Spdu::MinorSyncAck(mia)] = &spdus[..] else {
        panic!("{spdus:?}")
    };
    assert_eq!(mia.serial_number.get(), 12);
    assert_eq!(mia.user_data.as_deref(), Some(&b"thanks!"[..]));
    assert_eq!(encode_tsdu(&spdus).unwrap(), wire);
    let pgi = Bytes::from_static(&[
        0x02, 0x00, 0x32, 0x07, 0x2a, 0x01, 0x31, 0xc1, 0x02, 0x6f, 0x6b,
    ]);
    let err = decode_tsdu(&pgi, DecodeContext::default()).unwrap_err();
    assert!(err.to_string().contains("not allowed in MIA"), "{err}");
}

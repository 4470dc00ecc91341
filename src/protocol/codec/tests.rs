//! The verified byte strings of X225.md (decoded by tshark 4.0 without a Malformed flag),
//! LI boundaries, and every decode error kind with its offset (X.225 8.2, 8.3).

use super::*;
use bytes::Bytes;

fn hex(s: &str) -> Bytes {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect::<Vec<u8>>()
        .into()
}

fn decode(b: &Bytes) -> Result<Vec<Spdu>, DecodeError> {
    decode_tsdu(b, DecodeContext::default())
}

/// Decodes `wire`, checks the value, and checks it encodes back to exactly `wire`.
fn verified(wire: &str, expected: &[Spdu]) {
    let b = hex(wire);
    let spdus = decode(&b).unwrap();
    assert_eq!(spdus, expected);
    assert_eq!(encode_tsdu(&spdus).unwrap(), b.to_vec());
    assert_eq!(encode_tsdu_bytes(&spdus).unwrap(), b);
}

fn err(wire: &str) -> DecodeError {
    decode(&hex(wire)).unwrap_err()
}

const PRES_CP: &[u8] = &[0x31, 0x05, 0xa0, 0x03, 0x80, 0x01, 0x01];

fn connect_accept(choice: bool) -> ConnectAcceptItem {
    let data = if choice {
        TokenPosition::ResponderChoice
    } else {
        TokenPosition::Initiator
    };
    ConnectAcceptItem {
        protocol_options: Some(ProtocolOptions::EMPTY),
        tsdu_max_size: None,
        version: Some(Version::V2),
        initial_serial_number: Some(SerialNumber(1)),
        token_setting: Some(TokenSetting {
            data,
            ..TokenSetting::default()
        }),
    }
}

fn units(bits: u16) -> Option<FunctionalUnits> {
    FunctionalUnits::from_bits(bits)
}

#[test]
fn verified_cn() {
    verified(
        "0d 23 05 0c 13 01 00 16 01 02 17 01 31 1a 01 02 14 02 00 39 33 02 00 01 34 02 00 01 \
         c1 07 31 05 a0 03 80 01 01",
        &[Spdu::Connect(Connect {
            connection_id: None,
            connect_accept: Some(connect_accept(true)),
            functional_units: units(0x0039),
            calling_selector: Some(hex("00 01")),
            called_selector: Some(hex("00 01")),
            user_data: Some(Bytes::from_static(PRES_CP)),
        })],
    );
}

#[test]
fn verified_ac() {
    verified(
        "0e 1f 05 0c 13 01 00 16 01 02 17 01 31 1a 01 00 14 02 00 39 34 02 00 01 c1 07 31 05 a0 \
         03 80 01 01",
        &[Spdu::Accept(Accept {
            connect_accept: Some(connect_accept(false)),
            functional_units: units(0x0039),
            responding_selector: Some(hex("00 01")),
            user_data: Some(Bytes::from_static(PRES_CP)),
            ..Accept::default()
        })],
    );
}

#[test]
fn verified_gt_dt() {
    verified(
        "01 00 01 00 40 05 68 65 6c 6c 6f",
        &[
            Spdu::GiveTokens(GiveTokens::default()),
            Spdu::DataTransfer(DataTransfer {
                enclosure: None,
                user_information: hex("40 05 68 65 6c 6c 6f"),
            }),
        ],
    );
}

#[test]
fn verified_gt_mip() {
    verified(
        "01 00 31 06 0f 01 00 2a 01 31",
        &[
            Spdu::GiveTokens(GiveTokens::default()),
            Spdu::MinorSync(MinorSync {
                no_explicit_confirmation: Some(false),
                serial_number: SerialNumber(1),
                user_data: None,
            }),
        ],
    );
}

#[test]
fn verified_fn_and_dn() {
    verified(
        "09 0a 11 01 01 c1 05 40 03 62 79 65",
        &[Spdu::Finish(Finish {
            transport_disconnect: Some(TransportDisconnect::RELEASED),
            user_data: Some(hex("40 03 62 79 65")),
        })],
    );
    verified(
        "0a 06 c1 04 40 02 6f 6b",
        &[Spdu::Disconnect(Disconnect {
            user_data: Some(hex("40 02 6f 6b")),
        })],
    );
}

#[test]
fn decoded_user_data_is_not_copied() {
    let b = hex("01 00 01 00 40 05 68 65 6c 6c 6f");
    let spdus = decode(&b).unwrap();
    let data = spdus[1].user_data().unwrap();
    assert_eq!(data.as_ptr(), b[4..].as_ptr());
}

#[test]
fn shared_si_codes_by_context() {
    let plain = DecodeContext::default();
    let end_outstanding = DecodeContext {
        activity_end_outstanding: true,
        ..plain
    };
    // The TSDU, the context, and the name of its last SPDU.
    #[rustfmt::skip]
    let cases = [
        ("19 00", plain, "AB"),
        ("01 00 19 03 32 01 03", plain, "AI"),
        ("1a 00", plain, "AA"),
        ("01 00 1a 00", plain, "AIA"),
        ("01 00 29 06 0f 01 01 2a 01 35", plain, "MAP"),
        ("01 00 29 06 0f 01 00 2a 01 35", plain, "AE"),
        ("01 00 29 03 2a 01 35", plain, "AE"),
        ("01 00 2a 03 2a 01 35", plain, "MAA"),
        ("01 00 2a 03 2a 01 35", end_outstanding, "AEA"),
    ];
    for (wire, ctx, name) in cases {
        let spdus = decode_tsdu(&hex(wire), ctx).unwrap();
        assert_eq!(spdus.last().map(Spdu::abbreviation), Some(name), "{wire}");
    }
}

#[test]
fn li_short_and_long_forms() {
    // GT with PGI 193 of `len` octets: LI = 1 + the PGI's length octets + len.
    for (len, header) in [
        (252usize, "01 fe c1 fc"),
        (253, "01 ff 00 ff c1 fd"),
        (254, "01 ff 01 00 c1 fe"),
        (255, "01 ff 01 03 c1 ff 00 ff"),
        (65_531, "01 ff ff ff c1 ff ff fb"),
    ] {
        let gt = Spdu::GiveTokens(GiveTokens {
            tokens: None,
            user_data: Some(Bytes::from(vec![0x42; len])),
        });
        let wire = encode_tsdu(std::slice::from_ref(&gt)).unwrap();
        let header = hex(header);
        assert_eq!(&wire[..header.len()], &header[..], "len {len}");
        assert_eq!(wire.len(), header.len() + len);
        assert_eq!(decode(&Bytes::from(wire)).unwrap(), [gt]);
    }
    let too_long = Spdu::GiveTokens(GiveTokens {
        tokens: None,
        user_data: Some(Bytes::from(vec![0; 65_532])),
    });
    assert!(matches!(
        encode_tsdu(&[too_long]),
        Err(EncodeError::TooLong {
            what: Field::Parameters,
            ..
        })
    ));
}

#[test]
fn error_kinds_and_offsets() {
    use DecodeErrorKind::*;
    #[rustfmt::skip]
    let cases = [
        ("0d", 1, Truncated { needed: 1, available: 0 }),
        ("0d 05 14 02", 1, Truncated { needed: 5, available: 2 }),
        ("07 00", 0, UnknownSi { si: 7 }),
        ("0a ff 00 04 c1 02 40 00", 1, NonCanonicalLength { length: 4 }),
        ("0a 04 c1 05 40 00", 3, LengthOverrunsParent { length: 5, available: 2 }),
        ("0a 03 11 01 01", 2, UnknownParameter { spdu: "DN", code: 0x11 }),
        ("0a 04 c1 00 c1 00", 4, DuplicateParameter { spdu: "DN", code: 0xc1 }),
        ("09 05 c1 00 11 01 01", 4, OutOfOrder { spdu: "FN", code: 0x11, after: 0xc1 }),
        ("01 00 31 03 0f 01 00", 4, MissingParameter { spdu: "MIP", code: 0x2a, clause: "8.3.18" }),
        ("01 00 31 03 2a 01 31 ff", 7, TrailingBytes { count: 1 }),
    ];
    for (wire, offset, kind) in cases {
        assert_eq!(err(wire), DecodeError { offset, kind }, "{wire}");
    }
    let e = err("01 00 31 04 2a 02 30 31");
    assert_eq!(e.offset, 6);
    assert!(matches!(
        e.kind,
        BadValue {
            spdu: "MIP",
            what: Field::Param(0x2a),
            ..
        }
    ));
    assert_eq!(
        e.to_string(),
        "at offset 6: parameter 0x2a (Serial Number) in MIP: \"01\" has a leading zero"
    );
    assert_eq!(
        err("0d 06 05 04 17 02 30 31").to_string(),
        "at offset 6: parameter 0x17 (Initial Serial Number) in CN: \"01\" has a leading zero"
    );
    let e = err("31 03 2a 01 31");
    assert_eq!(e.offset, 0);
    assert!(matches!(e.kind, Concatenation { .. }));
    let e = err("0a 00 0a 00");
    assert_eq!(e.offset, 2);
    assert!(matches!(e.kind, Concatenation { .. }));
}

#[test]
fn bad_values() {
    use DecodeErrorKind::BadValue;
    for wire in [
        "01 03 10 01 02",                                     // token item: undefined bit
        "0e 05 05 03 1a 01 02",                               // responder's choice in AC
        "0d 05 05 03 1a 01 03",                               // bit pair 11
        "0d 03 14 01 00",                                     // PI 20 of one octet
        "0d 04 14 02 08 00",                                  // undefined functional unit
        "0d 05 05 03 16 01 00",                               // no version
        "0d 05 05 03 17 01 61",                               // serial number not digits
        "0d 0b 05 09 17 07 31 32 33 34 35 36 37",             // seven digits
        "01 00 2d 09 29 07 01 02 03 04 05 06 07",             // activity id over 6
        "01 00 35 06 1b 01 03 2a 01 31",                      // resync type 3
        "05 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f", // EX of 15 octets
        "0c 02 32 00",                                        // RF reason code empty
    ] {
        let e = err(wire);
        assert!(matches!(e.kind, BadValue { .. }), "{wire}: {e}");
    }
}

#[test]
fn concatenation_rules_when_encoding() {
    let gt = Spdu::GiveTokens(GiveTokens::default());
    let dn = Spdu::Disconnect(Disconnect::default());
    let mia = Spdu::MinorSyncAck(MinorSyncAck::default());
    for bad in [
        vec![],
        vec![mia.clone()],
        vec![gt.clone(), dn.clone()],
        vec![dn.clone(), mia.clone()],
        vec![gt.clone(), gt.clone()],
        vec![gt.clone(), mia.clone(), mia.clone()],
    ] {
        assert!(matches!(
            encode_tsdu(&bad),
            Err(EncodeError::Concatenation { .. })
        ));
    }
    assert!(encode_tsdu(&[gt.clone(), mia]).is_ok());
    assert!(encode_tsdu(&[gt]).is_ok());
    assert!(encode_tsdu(&[dn]).is_ok());
}

#[test]
fn encode_errors_leave_the_buffer_alone() {
    let mut out = vec![9, 9];
    let mip = Spdu::MinorSync(MinorSync {
        serial_number: SerialNumber(1_000_000),
        ..MinorSync::default()
    });
    let gt = Spdu::GiveTokens(GiveTokens::default());
    assert!(matches!(
        encode_tsdu_into(&[gt, mip], &mut out),
        Err(EncodeError::BadValue { .. })
    ));
    assert_eq!(out, [9, 9]);
    let ex = Spdu::Expedited(Expedited {
        user_information: Bytes::from(vec![0; 15]),
    });
    assert!(matches!(
        encode_spdu(&ex, &mut out),
        Err(EncodeError::TooLong { .. })
    ));
    // RA must place every token; only CN and RS may leave one to the responder's choice.
    let ra = Spdu::ResynchronizeAck(ResynchronizeAck {
        token_setting: Some(TokenSetting {
            data: TokenPosition::ResponderChoice,
            ..TokenSetting::default()
        }),
        serial_number: SerialNumber(0),
        user_data: None,
    });
    assert!(encode_spdu(&ra, &mut out).is_err());
    assert_eq!(out, [9, 9]);
}

#[test]
fn spdu_metadata() {
    let si: Vec<u8> = SpduKind::ALL.iter().map(|k| k.si()).collect();
    assert_eq!(si.len(), 29);
    assert_eq!(SpduKind::MIP.si(), 49);
    assert_eq!(SpduKind::RS.si(), 53);
    assert_eq!(SpduKind::GT.category(), Category::Zero);
    assert_eq!(SpduKind::AB.category(), Category::One);
    assert_eq!(SpduKind::AI.category(), Category::Two);
    let json = serde_json::to_string(&Spdu::MinorSyncAck(MinorSyncAck {
        serial_number: SerialNumber(7),
        user_data: None,
    }))
    .unwrap();
    assert_eq!(
        json,
        r#"{"MinorSyncAck":{"serial_number":7,"user_data":null}}"#
    );
}

#[test]
fn the_data_path_short_cut_matches_the_general_codec() {
    for len in [0usize, 1, 254, 255, 16_384] {
        let data: Bytes = (0..len).map(|i| i as u8).collect::<Vec<u8>>().into();
        let spdus = [
            Spdu::GiveTokens(GiveTokens::default()),
            Spdu::DataTransfer(DataTransfer {
                enclosure: None,
                user_information: data.clone(),
            }),
        ];
        // Encoding: the same octets as SPDU by SPDU, and the exact size.
        let mut general = Vec::new();
        for s in &spdus {
            encode_spdu(s, &mut general).unwrap();
        }
        let wire = encode_tsdu(&spdus).unwrap();
        assert_eq!(wire, general);
        assert_eq!(wire.capacity(), wire.len());
        // Into a new buffer: the same octets, the user data aligned as in its source.
        let sent = encode_tsdu_bytes(&spdus).unwrap();
        assert_eq!(sent, general);
        let gap = (sent.as_ptr() as usize + 4).wrapping_sub(data.as_ptr() as usize);
        assert_eq!(gap % 64, 0);
        // Decoding: the same value as SPDU by SPDU, the user data still not copied.
        let wire = Bytes::from(wire);
        let mut c = super::cursor::Cursor::new(&wire);
        let ctx = DecodeContext::default();
        let one_by_one = vec![
            super::decode::decode_spdu(&mut c, false, ctx).unwrap(),
            super::decode::decode_spdu(&mut c, true, ctx).unwrap(),
        ];
        let decoded = decode(&wire).unwrap();
        assert_eq!(decoded, one_by_one);
        assert_eq!(decoded, spdus);
        if let Spdu::DataTransfer(dt) = &decoded[1] {
            assert_eq!(dt.user_information.as_ptr(), wire[4..].as_ptr());
        }
    }
    // A GT with tokens or a DT with an Enclosure Item takes the general way, bytes and all.
    let gt = Spdu::GiveTokens(GiveTokens {
        tokens: Some(TokenSet::DATA),
        user_data: None,
    });
    let dt = Spdu::DataTransfer(DataTransfer {
        enclosure: Some(Enclosure::BEGIN),
        user_information: Bytes::from_static(b"x"),
    });
    verified("01 03 10 01 01 01 03 19 01 01 78", &[gt, dt]);
}

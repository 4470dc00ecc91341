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
    let cat2_alone = "a category 2 SPDU must follow a category 0 SPDU in the same TSDU";
    for (bad, rule) in [
        (vec![], "a TSDU holds at least one SPDU"),
        (vec![mia.clone()], cat2_alone),
        (
            vec![gt.clone(), dn.clone()],
            "a category 1 SPDU stands alone in its TSDU",
        ),
        (
            vec![dn.clone(), mia.clone()],
            "a category 1 SPDU stands alone in its TSDU",
        ),
        (vec![mia.clone(), mia.clone()], cat2_alone),
        (
            vec![gt.clone(), gt.clone()],
            "a category 0 SPDU may only be followed by a category 2 SPDU",
        ),
        (
            vec![gt.clone(), mia.clone(), mia.clone()],
            "basic concatenation holds at most two SPDUs (extended concatenation is not supported)",
        ),
    ] {
        assert_eq!(
            encode_tsdu(&bad),
            Err(EncodeError::Concatenation { rule }),
            "{bad:?}"
        );
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

/// CN user data: User Data (PGI 193) holds at most 512 octets and Extended User Data (PGI 194)
/// 513 to 10 240, with version 2 proposed (X.225 8.3.1). Each boundary decodes, and encodes
/// back to the same octets; one past it is refused.
#[test]
fn cn_user_data_at_its_boundaries() {
    // CN: [PGI 5 { PI 22 version 2 },] PGI `code` with `n` octets.
    let cn = |version2: bool, code: u8, n: usize| -> Bytes {
        let mut params = Vec::new();
        if version2 {
            params.extend_from_slice(&[0x05, 0x03, 0x16, 0x01, 0x02]);
        }
        params.extend_from_slice(&[code, 0xff, (n >> 8) as u8, n as u8]);
        params.resize(params.len() + n, 0x5a);
        let mut tsdu = vec![0x0d, 0xff, (params.len() >> 8) as u8, params.len() as u8];
        tsdu.extend_from_slice(&params);
        tsdu.into()
    };
    for (version2, code, n) in [(false, 0xc1, 512), (true, 0xc2, 513), (true, 0xc2, 10_240)] {
        let wire = cn(version2, code, n);
        let spdus = decode(&wire).unwrap_or_else(|e| panic!("PGI {code} of {n}: {e}"));
        let [Spdu::Connect(c)] = &spdus[..] else {
            panic!("one CN, got {spdus:?}");
        };
        assert_eq!(c.user_data.as_ref().map(Bytes::len), Some(n));
        assert_eq!(
            encode_tsdu_bytes(&spdus).unwrap(),
            wire,
            "PGI {code} of {n}"
        );
    }
    for (version2, code, n) in [(false, 0xc1, 513), (true, 0xc2, 512), (true, 0xc2, 10_241)] {
        let e = decode(&cn(version2, code, n)).unwrap_err();
        assert!(
            matches!(e.kind, DecodeErrorKind::BadValue { .. }),
            "PGI {code} of {n}: {e}"
        );
        assert!(e.to_string().contains("8.3.1"), "{e}");
    }
}

/// AI's and AD's Reason Code (PI 50) is one octet (X.225 8.3.29, 8.3.31); only RF's carries
/// reason data after it (8.3.3).
#[test]
fn only_rf_carries_data_after_its_reason_code() {
    // GT, then AI (SI 25) with PI 50 of two octets; then the same with one.
    let e = err("01 00 19 04 32 02 01 ff");
    assert!(matches!(e.kind, DecodeErrorKind::BadValue { .. }), "{e}");
    assert!(decode(&hex("01 00 19 03 32 01 01")).is_ok());
    // RF: PI 50, reason 2 (rejected by the SS-user) followed by reason data "no".
    let spdus = decode(&hex("0c 05 32 03 02 6e 6f")).unwrap();
    let [Spdu::Refuse(rf)] = &spdus[..] else {
        panic!("one RF, got {spdus:?}");
    };
    assert_eq!(&rf.reason_user_data[..], b"no");
}

/// A category 0 SPDU may be followed only by a category 2 SPDU (X.225 6.3.7): PT after GT is
/// refused by that rule, not as an unknown SI.
#[test]
fn pt_after_gt_breaks_concatenation() {
    let e = err("01 00 02 00");
    assert_eq!(
        e.kind,
        DecodeErrorKind::Concatenation {
            rule: "a category 0 SPDU may only be followed by a category 2 SPDU"
        }
    );
}

/// The SPDUs this codec does not implement are still named, with the category X.225 8.3
/// table 10 gives them (../shared/X225.md's table), so an error or the inspector can say what
/// arrived; and no SI is both implemented and in that list.
#[test]
fn unimplemented_spdus_are_named_by_their_si() {
    let named = [
        (0, "ER", Category::Two),
        (7, "PR", Category::One),
        (15, "CDO", Category::One),
        (16, "OA", Category::One),
        (48, "ED", Category::Two),
        (61, "CD", Category::Two),
        (62, "CDA", Category::Two),
    ];
    for si in 0..=255u8 {
        let expected = named.iter().find(|n| n.0 == si).map(|n| (n.1, n.2));
        assert_eq!(unsupported_si(si), expected, "SI {si}");
        if expected.is_some() {
            for after_cat0 in [false, true] {
                assert!(!matches!(kind_of(si, after_cat0), Ok(Some(_))), "SI {si}");
            }
        }
    }
}

/// Every parameter code this codec reads has its own X.225 name, and every SPDU its own
/// clause of 8.3 (for error messages that name the rule): none falls to "unknown" or to the
/// bare "8.3".
#[test]
fn every_parameter_and_spdu_has_its_own_name_and_clause() {
    use super::code::*;
    let codes = [
        PGI_CONNECTION_ID,
        PGI_CONNECT_ACCEPT,
        PI_CALLED_REF,
        PI_CALLING_REF,
        PI_COMMON_REF,
        PI_ADDITIONAL_REF,
        PI_SYNC_TYPE,
        PI_TOKEN_ITEM,
        PI_TRANSPORT_DISCONNECT,
        PI_PROTOCOL_OPTIONS,
        PI_REQUIREMENTS,
        PI_TSDU_MAX,
        PI_VERSION,
        PI_INITIAL_SERIAL,
        PI_ENCLOSURE,
        PI_TOKEN_SETTING,
        PI_RESYNC_TYPE,
        PGI_LINKING,
        PI_ACTIVITY_ID,
        PI_SERIAL,
        PI_MIA_USER_DATA,
        PI_REFLECT,
        PI_REASON,
        PI_CALLING_SELECTOR,
        PI_CALLED_SELECTOR,
        PGI_USER_DATA,
        PGI_EXTENDED_USER_DATA,
    ];
    let mut names: Vec<_> = codes.iter().map(|&c| param_name(c)).collect();
    assert!(!names.contains(&"unknown"), "{names:?}");
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), codes.len(), "two codes share a name");
    let mut clauses: Vec<_> = SpduKind::ALL
        .iter()
        .map(|k| clause_of(k.abbreviation()))
        .collect();
    assert!(clauses.iter().all(|c| c.starts_with("8.3.")), "{clauses:?}");
    clauses.sort_unstable();
    clauses.dedup();
    assert_eq!(
        clauses.len(),
        SpduKind::ALL.len(),
        "two SPDUs share a clause"
    );
}

/// RF's Reason Code (PI 50, X.225 8.3.3): reason user data needs a reason; without either, no
/// PI 50 is sent; the parameter holds at most 65 535 octets, the reason octet included. A
/// Version Number with no bit set is refused too (8.3.3, PI 22).
#[test]
fn rf_reason_and_version_values_the_encoder_refuses() {
    let rf = |reason: Option<RefuseReason>, data: usize, version: Option<Version>| {
        let mut out = Vec::new();
        let spdu = Spdu::Refuse(Refuse {
            reason,
            reason_user_data: Bytes::from(vec![b'r'; data]),
            version,
            ..Refuse::default()
        });
        encode_spdu(&spdu, &mut out).map(|()| out)
    };
    assert_eq!(rf(None, 0, None).unwrap(), [0x0c, 0x00]);
    assert!(matches!(
        rf(None, 1, None),
        Err(EncodeError::BadValue {
            why: "reason user data needs a reason code",
            ..
        })
    ));
    // 65 535 octets of PI 50 fit the parameter but not the SPDU's parameter field (LI at most
    // 65 535, X.225 8.2): the error names the field; one more names PI 50 itself.
    let reason = Some(RefuseReason::NO_REASON);
    assert!(matches!(
        rf(reason, 65_534, None),
        Err(EncodeError::TooLong {
            what: Field::Parameters,
            len: 65_539,
            max: 65_535,
            ..
        })
    ));
    assert!(matches!(
        rf(reason, 65_535, None),
        Err(EncodeError::TooLong {
            what: Field::Param(50),
            len: 65_536,
            max: 65_535,
            ..
        })
    ));
    assert!(matches!(
        rf(None, 0, Some(Version::from_bits_truncate(0))),
        Err(EncodeError::BadValue {
            why: "no version bit set",
            ..
        })
    ));
}

/// Every Reason Code X.225 defines for RF (8.3.3) and for AI and AD (8.3.29, 8.3.31), as
/// ../shared/X225.md lists them, has its own description; any other code is "undefined".
#[test]
fn every_defined_reason_code_has_its_own_description() {
    fn distinct(mut texts: Vec<&'static str>) {
        let n = texts.len();
        assert!(!texts.contains(&"undefined reason"), "{texts:?}");
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), n, "two codes share a description");
    }
    let rf = [0, 1, 2, 129, 130, 131, 132, 133, 134];
    distinct(rf.iter().map(|&c| RefuseReason(c).describe()).collect());
    assert_eq!(RefuseReason(3).describe(), "undefined reason");
    let activity = [0, 1, 3, 5, 6, 128];
    distinct(
        activity
            .iter()
            .map(|&c| ActivityReason(c).describe())
            .collect(),
    );
    assert_eq!(ActivityReason(2).describe(), "undefined reason");
}

/// A serial number goes from 0 to 999 999 (six decimal digits, X.225 8.3.18 PI 42), and
/// `next` stops there.
#[test]
fn the_next_serial_number_stops_at_the_last_one() {
    assert_eq!(SerialNumber(41).next(), Some(SerialNumber(42)));
    assert_eq!(SerialNumber(999_998).next(), Some(SerialNumber(999_999)));
    assert_eq!(SerialNumber(999_999).next(), None);
}

/// `serial_number` reads PI 42 where the SPDU has one (the trace records it), and `None`
/// elsewhere: MIP 1 and MIA 7 after GT; GT, DT and CN's Initial Serial Number are not a PI 42.
#[test]
fn the_serial_number_an_spdu_carries() {
    let last = |wire: &str| decode(&hex(wire)).unwrap().pop().unwrap().serial_number();
    assert_eq!(last("01 00 31 06 0f 01 00 2a 01 31"), Some(SerialNumber(1)));
    assert_eq!(last("01 00 32 03 2a 01 37"), Some(SerialNumber(7)));
    assert_eq!(last("01 00"), None);
    assert_eq!(last("01 00 01 00 68 69"), None);
    assert_eq!(last("0d 05 05 03 17 01 35"), None);
    // The others that carry one, each with its own number.
    let n = SerialNumber;
    let carrying = [
        Spdu::MinorSyncAck(MinorSyncAck {
            serial_number: n(2),
            ..Default::default()
        }),
        Spdu::MajorSync(MajorSync {
            serial_number: n(3),
            ..Default::default()
        }),
        Spdu::MajorSyncAck(MajorSyncAck {
            serial_number: n(4),
            ..Default::default()
        }),
        Spdu::Resynchronize(Resynchronize {
            token_setting: None,
            resync_type: ResyncType::Set,
            serial_number: n(5),
            user_data: None,
        }),
        Spdu::ResynchronizeAck(ResynchronizeAck {
            serial_number: n(6),
            ..Default::default()
        }),
        Spdu::ActivityEnd(ActivityEnd {
            serial_number: n(7),
            ..Default::default()
        }),
        Spdu::ActivityEndAck(ActivityEndAck {
            serial_number: n(8),
            ..Default::default()
        }),
        Spdu::ActivityResume(ActivityResume {
            linking: LinkingInformation {
                serial_number: n(9),
                ..Default::default()
            },
            ..Default::default()
        }),
    ];
    for (i, spdu) in carrying.iter().enumerate() {
        assert_eq!(spdu.serial_number(), Some(n(i as u32 + 2)), "{spdu:?}");
    }
}

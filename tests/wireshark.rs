#![cfg(not(target_arch = "wasm32"))]
//! Wireshark as an independent oracle of the SPDU codec and the pcap writer: a capture with
//! every SPDU of X.225 8.3 that the codec implements, encoded by the codec, must be decoded by
//! tshark with the right SPDU types and serial numbers, and with nothing malformed.
//!
//! The session user data is a presentation PDU (as the playground's presentation layer writes
//! them, src/protocol/presentation), and tshark runs with its defaults: PRES reads it.
//!
//! tshark's blind spots (X225.md): AI/AIA show as AB/AA (same SI 25/26), AE/AEA as MAP/MAA
//! (same SI 41/42); and a TD or EX alone in its TSDU is not taken for SES when its user
//! information is a PPDU (its COTP heuristic wants an SI after the SPDU's parameters, and
//! a PPDU starts 0x61), so T.125 reads those two. The codec's own tests tell those apart.

use bytes::Bytes;
use osi_session::protocol::codec::*;
use osi_session::protocol::machine::Request;
use osi_session::protocol::pcap::PcapWriter;
use osi_session::protocol::presentation::{service, Pdv, Ppdu, CONTEXT_ID};

mod tshark;

/// The presentation layer's CP (in CN) or CPA (in AC), with no user data.
fn pres(connect: bool) -> Bytes {
    let r = if connect {
        Request::Connect {
            calling_ref: [0; 16],
            user_data: None,
        }
    } else {
        Request::Accept {
            called_ref: [0; 16],
            user_data: None,
        }
    };
    match service::request(r, None) {
        Request::Connect { user_data, .. } | Request::Accept { user_data, .. } => {
            user_data.unwrap()
        }
        _ => unreachable!(),
    }
}

/// Octets as the User-data PPDU they go in.
fn data(octets: &[u8]) -> Bytes {
    Ppdu::Data(Pdv::new(CONTEXT_ID, Bytes::copy_from_slice(octets))).encode()
}

fn ud(s: &'static str) -> Option<Bytes> {
    Some(data(s.as_bytes()))
}

fn sn(n: u32) -> SerialNumber {
    SerialNumber(n)
}

fn gt() -> Spdu {
    Spdu::GiveTokens(GiveTokens::default())
}

fn connect() -> Spdu {
    Spdu::Connect(Connect {
        connection_id: Some(ConnectionIdentifier {
            ss_user_reference: Some(Bytes::from_static(b"caller")),
            common_reference: Some(Bytes::from_static(b"20240101")),
            additional_reference: Some(Bytes::from_static(b"\x01")),
        }),
        connect_accept: Some(ConnectAcceptItem {
            protocol_options: Some(ProtocolOptions::EMPTY),
            tsdu_max_size: Some(TsduMaxSize {
                initiator_to_responder: 0,
                responder_to_initiator: 0,
            }),
            version: Some(Version::V1 | Version::V2),
            initial_serial_number: Some(sn(1)),
            token_setting: Some(TokenSetting {
                data: TokenPosition::ResponderChoice,
                ..TokenSetting::default()
            }),
        }),
        functional_units: Some(
            FunctionalUnits::HALF_DUPLEX
                | FunctionalUnits::EXPEDITED
                | FunctionalUnits::MINOR_SYNC
                | FunctionalUnits::MAJOR_SYNC
                | FunctionalUnits::RESYNCHRONIZE
                | FunctionalUnits::ACTIVITY_MANAGEMENT
                | FunctionalUnits::NEGOTIATED_RELEASE
                | FunctionalUnits::TYPED_DATA,
        ),
        calling_selector: Some(Bytes::from_static(&[0, 1])),
        called_selector: Some(Bytes::from_static(&[0, 1])),
        user_data: Some(pres(true)),
    })
}

fn accept() -> Spdu {
    Spdu::Accept(Accept {
        connection_id: Some(ConnectionIdentifier {
            ss_user_reference: Some(Bytes::from_static(b"callee")),
            ..ConnectionIdentifier::default()
        }),
        connect_accept: Some(ConnectAcceptItem {
            protocol_options: Some(ProtocolOptions::EMPTY),
            version: Some(Version::V2),
            initial_serial_number: Some(sn(1)),
            token_setting: Some(TokenSetting::default()),
            ..ConnectAcceptItem::default()
        }),
        tokens: Some(TokenSet::RELEASE),
        functional_units: Some(FunctionalUnits::HALF_DUPLEX | FunctionalUnits::MINOR_SYNC),
        calling_selector: None,
        responding_selector: Some(Bytes::from_static(&[0, 1])),
        user_data: Some(pres(false)),
    })
}

/// One TSDU to send: connection, direction, SPDUs, and what tshark should print for it
/// (`ses.type` values, `ses.serial_number` values).
struct Step {
    conn: u32,
    from_initiator: bool,
    spdus: Vec<Spdu>,
    types: &'static str,
    serials: &'static str,
}

fn step(
    conn: u32,
    from_initiator: bool,
    spdus: Vec<Spdu>,
    types: &'static str,
    serials: &'static str,
) -> Step {
    Step {
        conn,
        from_initiator,
        spdus,
        types,
        serials,
    }
}

fn steps() -> Vec<Step> {
    let (i, r) = (true, false);
    let dt = Spdu::DataTransfer(DataTransfer {
        enclosure: None,
        user_information: data(b"hello"),
    });
    // Larger than one TPKT can carry: split over COTP DT units, reassembled by tshark.
    let big_dt = Spdu::DataTransfer(DataTransfer {
        enclosure: None,
        user_information: data(&[0x5a; 100_000]),
    });
    let mip = Spdu::MinorSync(MinorSync {
        no_explicit_confirmation: Some(false),
        serial_number: sn(1),
        user_data: ud("mip"),
    });
    let mia = Spdu::MinorSyncAck(MinorSyncAck {
        serial_number: sn(1),
        user_data: None,
    });
    let map = Spdu::MajorSync(MajorSync {
        serial_number: sn(2),
        user_data: None,
    });
    let maa = Spdu::MajorSyncAck(MajorSyncAck {
        serial_number: sn(2),
        user_data: None,
    });
    let rs = Spdu::Resynchronize(Resynchronize {
        token_setting: Some(TokenSetting::default()),
        resync_type: ResyncType::Set,
        serial_number: sn(50),
        user_data: None,
    });
    let ra = Spdu::ResynchronizeAck(ResynchronizeAck {
        token_setting: Some(TokenSetting::default()),
        serial_number: sn(50),
        user_data: None,
    });
    let act = Spdu::ActivityStart(ActivityStart {
        activity_id: Bytes::from_static(b"act1"),
        user_data: None,
    });
    let ar = Spdu::ActivityResume(ActivityResume {
        linking: LinkingInformation {
            called_ss_user_reference: Some(Bytes::from_static(b"callee")),
            calling_ss_user_reference: Some(Bytes::from_static(b"caller")),
            common_reference: Some(Bytes::from_static(b"20240101")),
            additional_reference: None,
            old_activity_id: Bytes::from_static(b"act0"),
            serial_number: sn(17),
        },
        activity_id: Bytes::from_static(b"act2"),
        user_data: None,
    });
    let ai = Spdu::ActivityInterrupt(ActivityInterrupt {
        reason: Some(ActivityReason::LOCAL_USER_ERROR),
    });
    let ad = Spdu::ActivityDiscard(ActivityDiscard {
        reason: Some(ActivityReason::UNABLE_TO_CONTINUE),
    });
    let ae = Spdu::ActivityEnd(ActivityEnd {
        sync_type_item: false,
        serial_number: sn(18),
        user_data: None,
    });
    let aea = Spdu::ActivityEndAck(ActivityEndAck {
        serial_number: sn(18),
        user_data: None,
    });
    let pt = Spdu::PleaseTokens(PleaseTokens {
        tokens: Some(TokenSet::DATA),
        user_data: None,
    });
    let gt_tokens = Spdu::GiveTokens(GiveTokens {
        tokens: Some(TokenSet::DATA | TokenSet::MINOR_SYNC),
        user_data: None,
    });
    // tshark 4.0 takes a TSDU for SES only if the octet after its first SPDU is a known SI
    // (its COTP heuristic): a lone EX or TD whose user information is a PPDU (0x61) goes to
    // T.125 instead, so these two are not in the SES rows (types "").
    let ex = Spdu::Expedited(Expedited {
        user_information: data(b"!"),
    });
    let td = Spdu::TypedData(TypedData {
        enclosure: None,
        user_information: data(b"typed"),
    });
    let nf = Spdu::NotFinished(NotFinished {
        user_data: ud("no"),
    });
    let fin = Spdu::Finish(Finish {
        transport_disconnect: Some(TransportDisconnect::RELEASED),
        user_data: ud("bye"),
    });
    let dn = Spdu::Disconnect(Disconnect {
        user_data: ud("ok"),
    });
    let rf = Spdu::Refuse(Refuse {
        connection_id: None,
        transport_disconnect: Some(TransportDisconnect::RELEASED),
        functional_units: None,
        version: Some(Version::V2),
        reason: Some(RefuseReason::REJECTED_BY_USER),
        reason_user_data: match service::request(
            Request::Refuse {
                reason: RefuseReason::REJECTED_BY_USER,
                data: Bytes::from_static(b"busy"),
            },
            Some(2),
        ) {
            Request::Refuse { data, .. } => data,
            _ => unreachable!(),
        },
    });
    let ab = Spdu::Abort(Abort {
        transport_disconnect: Some(TransportDisconnect::RELEASED | TransportDisconnect::USER_ABORT),
        reflect: None,
        user_data: match service::request(
            Request::Abort {
                user_data: Some(Bytes::from_static(b"abort")),
            },
            Some(2),
        ) {
            Request::Abort { user_data } => user_data,
            _ => unreachable!(),
        },
    });
    vec![
        step(0, i, vec![connect()], "13", ""),
        step(0, r, vec![accept()], "14", ""),
        step(0, i, vec![gt(), dt], "1,1", ""),
        step(0, i, vec![gt(), big_dt], "1,1", ""),
        step(0, r, vec![pt], "2", ""),
        step(0, i, vec![gt_tokens], "1", ""),
        step(0, i, vec![gt(), mip], "1,49", "1"),
        step(0, r, vec![gt(), mia], "1,50", "1"),
        step(0, i, vec![gt(), map], "1,41", "2"),
        step(0, r, vec![gt(), maa], "1,42", "2"),
        step(0, i, vec![gt(), rs], "1,53", "50"),
        step(0, r, vec![gt(), ra], "1,34", "50"),
        step(0, i, vec![gt(), act], "1,45", ""),
        step(0, i, vec![gt(), ai], "1,25", ""),
        step(0, r, vec![gt(), Spdu::ActivityInterruptAck], "1,26", ""),
        step(0, i, vec![gt(), ar], "1,29", "17"),
        step(0, i, vec![gt(), ad], "1,57", ""),
        step(0, r, vec![gt(), Spdu::ActivityDiscardAck], "1,58", ""),
        step(0, i, vec![gt(), ae], "1,41", "18"),
        step(0, r, vec![gt(), aea], "1,42", "18"),
        step(0, i, vec![Spdu::GiveTokensConfirm], "21", ""),
        step(0, r, vec![Spdu::GiveTokensAck], "22", ""),
        step(0, i, vec![ex], "", ""),
        step(0, r, vec![td], "", ""),
        step(0, i, vec![fin.clone()], "9", ""),
        step(0, r, vec![nf], "8", ""),
        step(0, i, vec![fin], "9", ""),
        step(0, r, vec![dn], "10", ""),
        step(1, i, vec![connect()], "13", ""),
        step(1, r, vec![rf], "12", ""),
        step(2, i, vec![connect()], "13", ""),
        step(2, r, vec![accept()], "14", ""),
        step(2, i, vec![ab], "25", ""),
        step(2, r, vec![Spdu::AbortAccept], "26", ""),
    ]
}

/// The capture: connection 0 carries a whole session, 1 a refusal, 2 an abort.
fn capture(steps: &[Step]) -> Vec<u8> {
    let mut w = PcapWriter::new();
    let mut t = 1_000_000u64;
    let mut open = Vec::new();
    for s in steps {
        if !open.contains(&s.conn) {
            w.open_connection(s.conn, t);
            open.push(s.conn);
        }
        t += 1_000;
        let tsdu = encode_tsdu(&s.spdus).unwrap();
        // The codec reads back what it wrote, before Wireshark does.
        let ctx = DecodeContext {
            activity_end_outstanding: matches!(s.spdus.last(), Some(Spdu::ActivityEndAck(_))),
            ..DecodeContext::default()
        };
        assert_eq!(
            decode_tsdu(&Bytes::from(tsdu.clone()), ctx).unwrap(),
            s.spdus
        );
        w.tsdu(s.conn, s.from_initiator, t, &tsdu);
    }
    for conn in open {
        t += 1_000;
        w.close_connection(conn, t);
    }
    w.into_bytes()
}

#[test]
fn tshark_decodes_every_spdu() {
    if !tshark::available() {
        return;
    }
    let steps = steps();
    let file = tshark::temp_file("all-spdus.pcap");
    std::fs::write(&file, capture(&steps)).unwrap();

    let fields = tshark::fields(
        &file,
        "ses",
        &["frame.number", "ses.type", "ses.serial_number"],
    );
    if std::env::var_os("SHOW_TSHARK").is_some() {
        eprintln!("{fields}");
    }
    let got: Vec<(String, String)> = fields
        .lines()
        .map(|line| {
            let mut cols = line.split('\t').skip(1);
            let types = cols.next().unwrap_or("").to_string();
            let serials = cols.next().unwrap_or("").to_string();
            (types, serials)
        })
        .collect();
    let expected: Vec<(String, String)> = steps
        .iter()
        .filter(|s| !s.types.is_empty())
        .map(|s| (s.types.to_string(), s.serials.to_string()))
        .collect();
    assert_eq!(got, expected, "tshark printed:\n{fields}");

    // A few parameter values, as tshark reads them.
    let values = tshark::run(
        &file,
        &[
            "-Y",
            "ses.type == 13 || ses.type == 12",
            "-T",
            "fields",
            "-E",
            "occurrence=f",
            "-e",
            "ses.type",
            "-e",
            "ses.initial_serial_number",
            "-e",
            "ses.reason_code",
            "-e",
            "ses.half_duplex",
            "-e",
            "ses.data_token_setting",
        ],
    );
    let lines: Vec<&str> = values.lines().collect();
    assert_eq!(lines.len(), 4, "{values}");
    assert_eq!(lines[0], "13\t1\t\t1\t0x02", "CN as tshark reads it");
    assert_eq!(lines[2], "12\t\t2\t\t", "RF as tshark reads it");

    // The presentation layer under every SES frame with session user data.
    let with_data = steps
        .iter()
        .filter(|s| !s.types.is_empty() && s.spdus.iter().any(|p| p.user_data().is_some()))
        .count();
    assert_eq!(tshark::count(&file, "pres"), with_data, "PRES frames");

    // Nothing malformed, no error, and (with validation switched on) no bad
    // checksum (status 0 = Bad, 1 = Good).
    let bad = tshark::bad_frames(
        &file,
        &[
            "-o",
            "ip.check_checksum:TRUE",
            "-o",
            "tcp.check_checksum:TRUE",
        ],
    );
    let checksums = tshark::run(
        &file,
        &[
            "-o",
            "ip.check_checksum:TRUE",
            "-o",
            "tcp.check_checksum:TRUE",
            "-Y",
            "ip.checksum.status == 0 || tcp.checksum.status == 0",
        ],
    );
    assert_eq!(checksums, "", "bad checksums");
    assert_eq!(bad, "", "tshark found malformed or erroneous frames");
    let _ = std::fs::remove_file(&file);
}

#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the SPDU codec (X.225 8.2, 8.3): for arbitrary valid SPDUs and TSDUs,
//! encode then decode gives back the value, and decode then encode gives back the bytes.

use bytes::Bytes;
use osi_session::protocol::codec::*;
use proptest::prelude::*;

fn bytes(max: usize) -> impl Strategy<Value = Bytes> {
    prop::collection::vec(any::<u8>(), 0..=max).prop_map(Bytes::from)
}

fn opt_bytes(max: usize) -> impl Strategy<Value = Option<Bytes>> {
    prop::option::of(bytes(max))
}

/// User data: sometimes past 254 octets, so long lengths are exercised too.
fn user_data() -> impl Strategy<Value = Option<Bytes>> {
    prop_oneof![3 => opt_bytes(20), 1 => opt_bytes(300)]
}

fn serial() -> impl Strategy<Value = SerialNumber> {
    prop_oneof![
        (0..=999_999u32).prop_map(SerialNumber),
        prop::sample::select(vec![0, 9, 10, 99_999, 100_000, 999_999]).prop_map(SerialNumber),
    ]
}

fn tokens() -> impl Strategy<Value = TokenSet> {
    any::<u8>().prop_map(TokenSet::from_bits_truncate)
}

fn position(choice: bool) -> impl Strategy<Value = TokenPosition> {
    let mut all = vec![TokenPosition::Initiator, TokenPosition::Responder];
    if choice {
        all.push(TokenPosition::ResponderChoice);
    }
    prop::sample::select(all)
}

fn token_setting(choice: bool) -> impl Strategy<Value = TokenSetting> {
    (
        position(choice),
        position(choice),
        position(choice),
        position(choice),
    )
        .prop_map(|(release, major_activity, minor_sync, data)| TokenSetting {
            release,
            major_activity,
            minor_sync,
            data,
        })
}

fn units() -> impl Strategy<Value = FunctionalUnits> {
    any::<u16>().prop_map(FunctionalUnits::from_bits_truncate)
}

fn disconnect() -> impl Strategy<Value = TransportDisconnect> {
    any::<u8>().prop_map(TransportDisconnect::from_bits_truncate)
}

fn version() -> impl Strategy<Value = Version> {
    (1u8..=3).prop_map(Version::from_bits_truncate)
}

fn connection_id() -> impl Strategy<Value = ConnectionIdentifier> {
    (opt_bytes(64), opt_bytes(64), opt_bytes(4)).prop_map(|(r, c, a)| ConnectionIdentifier {
        ss_user_reference: r,
        common_reference: c,
        additional_reference: a,
    })
}

fn connect_accept(choice: bool) -> impl Strategy<Value = ConnectAcceptItem> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of((any::<u16>(), any::<u16>())),
        prop::option::of(version()),
        prop::option::of(serial()),
        prop::option::of(token_setting(choice)),
    )
        .prop_map(|(po, tsdu, version, isn, ts)| ConnectAcceptItem {
            protocol_options: po.map(|x| {
                if x {
                    ProtocolOptions::EXTENDED_CONCATENATION
                } else {
                    ProtocolOptions::EMPTY
                }
            }),
            tsdu_max_size: tsdu.map(|(a, b)| TsduMaxSize {
                initiator_to_responder: a,
                responder_to_initiator: b,
            }),
            version,
            initial_serial_number: isn,
            token_setting: ts,
        })
}

fn connect() -> impl Strategy<Value = Spdu> {
    (
        prop::option::of(connection_id()),
        prop::option::of(connect_accept(true)),
        prop::option::of(units()),
        opt_bytes(16),
        opt_bytes(16),
        user_data(),
    )
        .prop_map(|(id, ca, fu, calling, called, ud)| {
            Spdu::Connect(Connect {
                connection_id: id,
                connect_accept: ca,
                functional_units: fu,
                calling_selector: calling,
                called_selector: called,
                user_data: ud,
            })
        })
}

fn accept() -> impl Strategy<Value = Spdu> {
    (
        prop::option::of(connection_id()),
        prop::option::of(connect_accept(false)),
        prop::option::of(tokens()),
        prop::option::of(units()),
        opt_bytes(16),
        opt_bytes(16),
        user_data(),
    )
        .prop_map(|(id, ca, t, fu, calling, resp, ud)| {
            Spdu::Accept(Accept {
                connection_id: id,
                connect_accept: ca,
                tokens: t,
                functional_units: fu,
                calling_selector: calling,
                responding_selector: resp,
                user_data: ud,
            })
        })
}

fn refuse() -> impl Strategy<Value = Spdu> {
    (
        prop::option::of(connection_id()),
        prop::option::of(disconnect()),
        prop::option::of(units()),
        prop::option::of(version()),
        prop::option::of((any::<u8>(), bytes(40))),
    )
        .prop_map(|(id, td, fu, v, reason)| {
            Spdu::Refuse(Refuse {
                connection_id: id,
                transport_disconnect: td,
                functional_units: fu,
                version: v,
                reason: reason.as_ref().map(|(r, _)| RefuseReason(*r)),
                reason_user_data: reason.map(|(_, d)| d).unwrap_or_default(),
            })
        })
}

/// Category 1 SPDUs: alone in their TSDU.
fn cat1() -> impl Strategy<Value = Spdu> {
    prop_oneof![
        connect(),
        accept(),
        refuse(),
        (prop::option::of(disconnect()), user_data()).prop_map(|(t, u)| Spdu::Finish(Finish {
            transport_disconnect: t,
            user_data: u
        })),
        user_data().prop_map(|u| Spdu::Disconnect(Disconnect { user_data: u })),
        user_data().prop_map(|u| Spdu::NotFinished(NotFinished { user_data: u })),
        (prop::option::of(disconnect()), opt_bytes(9), user_data()).prop_map(|(t, r, u)| {
            Spdu::Abort(Abort {
                transport_disconnect: t,
                reflect: r,
                user_data: u,
            })
        }),
        Just(Spdu::AbortAccept),
        bytes(14).prop_map(|b| Spdu::Expedited(Expedited {
            user_information: b
        })),
        (prop::option::of(1u8..=3), bytes(600)).prop_map(|(e, b)| Spdu::TypedData(TypedData {
            enclosure: e.map(Enclosure::from_bits_truncate),
            user_information: b
        })),
        Just(Spdu::GiveTokensConfirm),
        Just(Spdu::GiveTokensAck),
    ]
}

/// Category 0 SPDUs: GT and PT.
fn cat0() -> impl Strategy<Value = Spdu> {
    (any::<bool>(), prop::option::of(tokens()), user_data()).prop_map(|(give, t, u)| {
        if give {
            Spdu::GiveTokens(GiveTokens {
                tokens: t,
                user_data: u,
            })
        } else {
            Spdu::PleaseTokens(PleaseTokens {
                tokens: t,
                user_data: u,
            })
        }
    })
}

fn linking() -> impl Strategy<Value = LinkingInformation> {
    (
        (opt_bytes(64), opt_bytes(64), opt_bytes(64), opt_bytes(4)),
        bytes(6),
        serial(),
    )
        .prop_map(
            |((called, calling, common, add), old, sn)| LinkingInformation {
                called_ss_user_reference: called,
                calling_ss_user_reference: calling,
                common_reference: common,
                additional_reference: add,
                old_activity_id: old,
                serial_number: sn,
            },
        )
}

fn resync_type() -> impl Strategy<Value = ResyncType> {
    prop::sample::select(vec![
        ResyncType::Restart,
        ResyncType::Abandon,
        ResyncType::Set,
    ])
}

fn activity_reason() -> impl Strategy<Value = Option<ActivityReason>> {
    prop::option::of(any::<u8>().prop_map(ActivityReason))
}

/// Category 2 SPDUs: only after a category 0 SPDU.
fn cat2() -> impl Strategy<Value = Spdu> {
    prop_oneof![
        (prop::option::of(1u8..=3), bytes(3000)).prop_map(|(e, b)| {
            Spdu::DataTransfer(DataTransfer {
                enclosure: e.map(Enclosure::from_bits_truncate),
                user_information: b,
            })
        }),
        (prop::option::of(any::<bool>()), serial(), user_data()).prop_map(|(c, s, u)| {
            Spdu::MinorSync(MinorSync {
                no_explicit_confirmation: c,
                serial_number: s,
                user_data: u,
            })
        }),
        (serial(), user_data()).prop_map(|(s, u)| Spdu::MinorSyncAck(MinorSyncAck {
            serial_number: s,
            user_data: u
        })),
        (serial(), user_data()).prop_map(|(s, u)| Spdu::MajorSync(MajorSync {
            serial_number: s,
            user_data: u
        })),
        (serial(), user_data()).prop_map(|(s, u)| Spdu::MajorSyncAck(MajorSyncAck {
            serial_number: s,
            user_data: u
        })),
        (
            prop::option::of(token_setting(true)),
            resync_type(),
            serial(),
            user_data()
        )
            .prop_map(|(t, k, s, u)| Spdu::Resynchronize(Resynchronize {
                token_setting: t,
                resync_type: k,
                serial_number: s,
                user_data: u,
            })),
        (
            prop::option::of(token_setting(false)),
            serial(),
            user_data()
        )
            .prop_map(|(t, s, u)| {
                Spdu::ResynchronizeAck(ResynchronizeAck {
                    token_setting: t,
                    serial_number: s,
                    user_data: u,
                })
            }),
        (bytes(6), user_data()).prop_map(|(a, u)| Spdu::ActivityStart(ActivityStart {
            activity_id: a,
            user_data: u
        })),
        (linking(), bytes(6), user_data()).prop_map(|(l, a, u)| {
            Spdu::ActivityResume(ActivityResume {
                linking: l,
                activity_id: a,
                user_data: u,
            })
        }),
        activity_reason().prop_map(|r| Spdu::ActivityInterrupt(ActivityInterrupt { reason: r })),
        Just(Spdu::ActivityInterruptAck),
        activity_reason().prop_map(|r| Spdu::ActivityDiscard(ActivityDiscard { reason: r })),
        Just(Spdu::ActivityDiscardAck),
        (any::<bool>(), serial(), user_data()).prop_map(|(st, s, u)| {
            Spdu::ActivityEnd(ActivityEnd {
                sync_type_item: st,
                serial_number: s,
                user_data: u,
            })
        }),
        (serial(), user_data()).prop_map(|(s, u)| Spdu::ActivityEndAck(ActivityEndAck {
            serial_number: s,
            user_data: u
        })),
    ]
}

/// A valid TSDU: one category 0 or 1 SPDU alone, or a category 0 then a category 2 SPDU.
fn tsdu() -> impl Strategy<Value = Vec<Spdu>> {
    prop_oneof![
        cat0().prop_map(|s| vec![s]),
        cat1().prop_map(|s| vec![s]),
        (cat0(), cat2()).prop_map(|(a, b)| vec![a, b]),
    ]
}

/// The context under which the TSDU decodes back to the same variants (MAA and AEA share
/// SI 42 and their parameters).
fn context(spdus: &[Spdu]) -> DecodeContext {
    DecodeContext {
        activity_end_outstanding: spdus.iter().any(|s| matches!(s, Spdu::ActivityEndAck(_))),
        ..DecodeContext::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn encode_then_decode_gives_the_value(spdus in tsdu()) {
        let wire = Bytes::from(encode_tsdu(&spdus).unwrap());
        let decoded = decode_tsdu(&wire, context(&spdus)).unwrap();
        prop_assert_eq!(&decoded, &spdus);
        // ... and decoding then encoding gives back the bytes.
        prop_assert_eq!(encode_tsdu(&decoded).unwrap(), wire.to_vec());
    }

    #[test]
    fn every_spdu_encodes_alone(spdu in prop_oneof![cat0(), cat1(), cat2()]) {
        let mut out = Vec::new();
        encode_spdu(&spdu, &mut out).unwrap();
        prop_assert_eq!(out[0], spdu.si());
        // The LI covers the parameters; only DT, EX and TD carry octets after them.
        let (li, li_len) = if out[1] == 0xff {
            (usize::from(u16::from_be_bytes([out[2], out[3]])), 3)
        } else {
            (usize::from(out[1]), 1)
        };
        let after = out.len() - 1 - li_len - li;
        match &spdu {
            Spdu::DataTransfer(_) | Spdu::Expedited(_) | Spdu::TypedData(_) => {
                prop_assert_eq!(after, spdu.user_data().unwrap().len())
            }
            _ => prop_assert_eq!(after, 0),
        }
    }

    #[test]
    fn bad_concatenations_are_refused(a in cat1(), b in cat2(), c in cat0()) {
        let is_concat_err = |r: Result<Vec<u8>, EncodeError>| {
            matches!(r, Err(EncodeError::Concatenation { .. }))
        };
        prop_assert!(is_concat_err(encode_tsdu(std::slice::from_ref(&b))));
        prop_assert!(is_concat_err(encode_tsdu(&[c.clone(), a.clone()])));
        prop_assert!(is_concat_err(encode_tsdu(&[a, b.clone()])));
        prop_assert!(is_concat_err(encode_tsdu(&[c.clone(), b, c])));
    }
}

use bytes::Bytes;

use super::service::{accepted, context_list as ours, indication, provider_abort, request};
use super::*;
use crate::protocol::machine::{AbortCause, Indication, Request};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

#[test]
fn user_data_is_one_pdv_list_with_an_octet_string() {
    let p = Ppdu::Data(Pdv::new(1, Bytes::from_static(b"hi")));
    // [APPLICATION 1] { SEQUENCE { INTEGER 1, [0] { OCTET STRING "hi" } } }
    assert_eq!(
        p.encode().to_vec(),
        hex("61 0b 30 09 02 01 01 a0 04 04 02 68 69")
    );
    assert_eq!(data_header_len(&p.encode()), Some(11));
}

#[test]
fn cp_proposes_the_one_context_in_ber() {
    let cp = Ppdu::Connect {
        contexts: ours(),
        user_data: None,
    };
    // SET { [0] { [0] 1 }, [2] { [4] { SEQUENCE { 1, {2 999 8327 1}, { {2 1 1} } } } } }
    assert_eq!(
        cp.encode().to_vec(),
        hex("31 1b a0 03 80 01 01 a2 14 a4 12 30 10 02 01 01 06 05 88 37 c1 07 01 30 04 06 02 51 01")
    );
}

#[test]
fn cpa_accepts_it_and_arp_says_why() {
    let cpa = Ppdu::Accept {
        results: accepted(),
        user_data: None,
    };
    assert_eq!(
        cpa.encode().to_vec(),
        hex("31 12 a0 03 80 01 01 a2 0b a5 09 30 07 80 01 00 81 02 51 01")
    );
    let arp = Ppdu::ProviderAbort { reason: Some(1) };
    assert_eq!(arp.encode().to_vec(), hex("30 03 80 01 01"));
}

#[test]
fn every_ppdu_reads_back() {
    let pdv = |s: &'static str| Some(Pdv::new(1, Bytes::from_static(s.as_bytes())));
    let cases = [
        (
            Carrier::Connect,
            Ppdu::Connect {
                contexts: ours(),
                user_data: pdv("AUTH1"),
            },
        ),
        (
            Carrier::Accept,
            Ppdu::Accept {
                results: accepted(),
                user_data: pdv("welcome"),
            },
        ),
        (
            Carrier::Refuse,
            Ppdu::Refuse {
                results: accepted(),
                user_data: pdv("no"),
            },
        ),
        (Carrier::Data, Ppdu::Data(Pdv::new(1, Bytes::new()))),
        (Carrier::Abort, Ppdu::UserAbort { user_data: pdv("") }),
        (Carrier::Abort, Ppdu::UserAbort { user_data: None }),
        (Carrier::Abort, Ppdu::ProviderAbort { reason: None }),
    ];
    for (carrier, p) in cases {
        assert_eq!(decode(carrier, &p.encode()), Ok(p));
    }
}

#[test]
fn octet_aligned_values_are_read_too() {
    // The same OCTET STRING as octet-aligned [1] IMPLICIT: 81 04 04 02 68 69.
    let got = decode(
        Carrier::Data,
        &hex("61 0b 30 09 02 01 03 81 04 04 02 68 69"),
    )
    .unwrap();
    let Ppdu::Data(pdv) = got else { panic!() };
    assert!(pdv.octet_aligned);
    assert_eq!((pdv.context, &pdv.data[..]), (3, &b"hi"[..]));
}

#[test]
fn a_cut_ppdu_says_how_long_its_value_was() {
    let p = Ppdu::Data(Pdv::new(1, Bytes::from(vec![7u8; 1000]))).encode();
    assert!(decode(Carrier::Data, &p[..40]).is_err());
    let Ok(Ppdu::Data(pdv)) = decode_start(Carrier::Data, &p[..40]) else {
        panic!()
    };
    assert_eq!((pdv.len, pdv.data.len()), (1000, 40 - 19));
    assert_eq!(data_header_len(&p[..40]), Some(19));
}

#[test]
fn malformed_octets_give_an_error_with_the_offset() {
    let cases: [(Carrier, &str, &str); 7] = [
        (Carrier::Data, "", "truncated"),
        (
            Carrier::Data,
            "68 65 6c 6c 6f",
            "tag 0x61 expected, 0x68 found",
        ),
        (Carrier::Data, "61 80 00 00", "indefinite"),
        (Carrier::Data, "61 05 30 03 02 01", "truncated"),
        (Carrier::Data, "60 02 68 69", "simply-encoded-data"),
        (Carrier::Connect, "31 05 a0 03 80 01 00", "X.410-1984 mode"),
        (Carrier::Abort, "a0 02 05 00", "ARU-PPDU"),
    ];
    for (carrier, octets, says) in cases {
        let e = decode(carrier, &hex(octets)).unwrap_err();
        assert!(e.to_string().contains(says), "{octets}: {e}");
    }
    let e = decode(
        Carrier::Data,
        &hex("61 0b 30 09 02 01 01 a0 04 04 02 68 69 00"),
    )
    .unwrap_err();
    assert_eq!(e.offset, 13, "{e}");
}

#[test]
fn requests_carry_ppdus_and_indications_give_the_octets_back() {
    let r = request(Request::Data(Bytes::from_static(b"hi")), Some(2));
    let Request::Data(octets) = r else { panic!() };
    assert_eq!(
        indication(Indication::Data(octets)),
        Ok(Indication::Data(Bytes::from_static(b"hi")))
    );
    let r = request(
        Request::Connect {
            calling_ref: [0; 16],
            user_data: None,
        },
        None,
    );
    let Request::Connect {
        user_data: Some(cp),
        ..
    } = r
    else {
        panic!()
    };
    assert!(matches!(
        decode(Carrier::Connect, &cp),
        Ok(Ppdu::Connect {
            user_data: None,
            ..
        })
    ));
}

#[test]
fn an_abort_reason_goes_only_where_it_fits() {
    let why = Some(Bytes::from_static(b"kill"));
    let v1 = request(
        Request::Abort {
            user_data: why.clone(),
        },
        Some(1),
    );
    assert_eq!(v1, Request::Abort { user_data: None });
    let Request::Abort {
        user_data: Some(aru),
    } = request(Request::Abort { user_data: why }, Some(2))
    else {
        panic!()
    };
    assert_eq!(
        indication(Indication::UserAbort {
            user_data: Some(aru)
        }),
        Ok(Indication::UserAbort {
            user_data: Some(Bytes::from_static(b"kill"))
        })
    );
    let Request::Abort { user_data: arp } = provider_abort() else {
        panic!()
    };
    assert!(arp.as_ref().is_some_and(|a| a.len() <= 9));
    assert_eq!(
        indication(Indication::UserAbort { user_data: arp }),
        Ok(Indication::ProviderAbort(AbortCause::PeerProtocolError))
    );
}

#[test]
fn user_data_in_another_context_is_refused() {
    let p = Ppdu::Data(Pdv::new(3, Bytes::from_static(b"x"))).encode();
    let e = indication(Indication::Data(p)).unwrap_err();
    assert_eq!(e.why, Why::UnknownContext { id: 3 });
}

// proptest is a native dev-dependency: the properties run natively.
#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn carrier() -> impl Strategy<Value = Carrier> {
        prop_oneof![
            Just(Carrier::Connect),
            Just(Carrier::Accept),
            Just(Carrier::Refuse),
            Just(Carrier::Abort),
            Just(Carrier::Data),
        ]
    }

    proptest! {
        #[test]
        fn any_user_data_round_trips(data in proptest::collection::vec(any::<u8>(), 0..600),
                                     context in 0u32..100_000, aligned in any::<bool>()) {
            let pdv = Pdv { context, len: data.len(), data: Bytes::from(data), octet_aligned: aligned };
            let cases = [
                (Carrier::Data, Ppdu::Data(pdv.clone())),
                (Carrier::Connect, Ppdu::Connect { contexts: ours(), user_data: Some(pdv.clone()) }),
                (Carrier::Accept, Ppdu::Accept { results: accepted(), user_data: Some(pdv.clone()) }),
                (Carrier::Refuse, Ppdu::Refuse { results: vec![], user_data: Some(pdv.clone()) }),
                (Carrier::Abort, Ppdu::UserAbort { user_data: Some(pdv) }),
            ];
            for (carrier, p) in cases {
                prop_assert_eq!(decode(carrier, &p.encode()), Ok(p));
            }
        }

        #[test]
        fn any_octets_decode_without_panic(c in carrier(),
                                           octets in proptest::collection::vec(any::<u8>(), 0..80)) {
            let _ = decode(c, &octets);
            let _ = decode_start(c, &octets);
            let _ = data_header_len(&octets);
        }

        #[test]
        fn a_valid_ppdu_cut_anywhere_decodes_without_panic(cut in 0usize..60) {
            let p = Ppdu::Connect { contexts: ours(), user_data: Some(Pdv::new(1, Bytes::from_static(b"AUTH1 user"))) }.encode();
            let cut = cut.min(p.len());
            prop_assert!(cut == p.len() || decode(Carrier::Connect, &p[..cut]).is_err());
            let _ = decode_start(Carrier::Connect, &p[..cut]);
        }
    }
}

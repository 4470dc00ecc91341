//! Any octets as a TSDU, under each decoding context (X.225 8.2): `decode_tsdu` never
//! panics, and whatever decodes encodes back to exactly the octets it came from (as
//! `tests/codec_fuzz.rs` asserts with proptest).
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use osi_session::protocol::codec::{decode_tsdu, encode_tsdu, DecodeContext};

fuzz_target!(|data: &[u8]| {
    let buf = Bytes::copy_from_slice(data);
    for outstanding in [false, true] {
        let ctx = DecodeContext {
            activity_end_outstanding: outstanding,
        };
        if let Ok(spdus) = decode_tsdu(&buf, ctx) {
            match encode_tsdu(&spdus) {
                Ok(again) => assert_eq!(again, data, "{spdus:?} encodes to other octets"),
                Err(e) => panic!("{spdus:?} decoded but does not encode: {e:?}"),
            }
        }
    }
});

#![cfg(not(target_arch = "wasm32"))]
//! Fuzzing the SPDU decoder with proptest (X.225 8.2): random bytes and mutated valid TSDUs
//! (bit flips, truncations, inserted and overwritten octets) never panic `decode_tsdu`, and
//! whatever decodes encodes back to exactly the bytes it came from.

use bytes::Bytes;
use osi_session::protocol::codec::*;
use proptest::prelude::*;

mod seeds;
use seeds::{apply, hex, mutation, SEEDS};

/// Decodes under both contexts; whatever decodes must encode back to the same bytes.
fn check(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let buf = Bytes::from(bytes);
    for outstanding in [false, true] {
        let ctx = DecodeContext {
            activity_end_outstanding: outstanding,
            ..DecodeContext::default()
        };
        if let Ok(spdus) = decode_tsdu(&buf, ctx) {
            let again = encode_tsdu(&spdus);
            prop_assert!(again.is_ok(), "{:?} does not re-encode: {:?}", spdus, again);
            prop_assert_eq!(again.unwrap(), buf.to_vec());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        check(bytes)?;
    }

    #[test]
    fn random_bytes_after_a_valid_si_never_panic(
        si in prop::sample::select(vec![1u8, 2, 5, 8, 9, 10, 12, 13, 14, 21, 22, 25, 26, 33]),
        li in 0u8..40,
        rest in prop::collection::vec(any::<u8>(), 0..48),
        second in prop::option::of((any::<u8>(), prop::collection::vec(any::<u8>(), 0..24))),
    ) {
        let mut bytes = vec![si, li];
        bytes.extend(rest);
        if let Some((si2, tail)) = second {
            bytes.push(si2);
            bytes.extend(tail);
        }
        check(bytes)?;
    }

    #[test]
    fn mutated_valid_tsdus_never_panic(
        seed in prop::sample::select(SEEDS.to_vec()),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        check(apply(hex(seed), &mutations))?;
    }
}

#[test]
fn seeds_are_valid_and_round_trip() {
    for seed in SEEDS {
        let buf = Bytes::from(hex(seed));
        let outstanding = seed.starts_with("01 00 2a") && seed.ends_with("34");
        let ctx = DecodeContext {
            activity_end_outstanding: outstanding,
            ..DecodeContext::default()
        };
        let spdus = decode_tsdu(&buf, ctx).unwrap_or_else(|e| panic!("{seed}: {e}"));
        assert_eq!(encode_tsdu(&spdus).unwrap(), buf.to_vec(), "{seed}");
    }
}

#[test]
fn every_truncation_and_every_bit_flip_of_every_seed() {
    for seed in SEEDS {
        let bytes = hex(seed);
        for cut in 0..bytes.len() {
            check(bytes[..cut].to_vec()).unwrap();
        }
        for i in 0..bytes.len() * 8 {
            let mut b = bytes.clone();
            b[i / 8] ^= 1 << (i % 8);
            check(b).unwrap();
        }
    }
}

/// The cargo-fuzz target starts from the same valid TSDUs (`fuzz/seeds/decode`).
#[test]
fn the_fuzzers_seeds_are_these() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/decode");
    let mut files: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let mut seeds: Vec<Vec<u8>> = SEEDS.iter().map(|s| hex(s)).collect();
    files.sort();
    seeds.sort();
    assert_eq!(files, seeds, "fuzz/seeds/decode differs from tests/seeds");
}

#![cfg(not(target_arch = "wasm32"))]
//! Fuzzing the SPDU decoder with proptest (X.225 8.2): random bytes and mutated valid TSDUs
//! (bit flips, truncations, inserted and overwritten octets) never panic `decode_tsdu`, and
//! whatever decodes encodes back to exactly the bytes it came from.

use bytes::Bytes;
use osi_session::protocol::codec::*;
use proptest::prelude::*;

/// Valid TSDUs to mutate: the verified strings of X225.md and one of each other SPDU.
const SEEDS: &[&str] = &[
    "0d 23 05 0c 13 01 00 16 01 02 17 01 31 1a 01 02 14 02 00 39 33 02 00 01 34 02 00 01 c1 07 31 05 a0 03 80 01 01",
    "0e 1f 05 0c 13 01 00 16 01 02 17 01 31 1a 01 00 14 02 00 39 34 02 00 01 c1 07 31 05 a0 03 80 01 01",
    "01 00 01 00 40 05 68 65 6c 6c 6f",
    "01 00 31 06 0f 01 00 2a 01 31",
    "09 0a 11 01 01 c1 05 40 03 62 79 65",
    "0a 06 c1 04 40 02 6f 6b",
    "0c 0e 01 05 09 03 61 62 63 11 01 01 32 02 02 78",
    "19 0b 11 01 06 31 03 01 02 03 c1 01 00",
    "1a 00",
    "05 00 65 78",
    "21 00 74 64",
    "02 03 10 01 01",
    "15 00",
    "16 00",
    "01 03 10 01 55",
    "01 00 32 03 2a 01 31",
    "01 00 29 06 0f 01 01 2a 01 32",
    "01 00 2a 03 2a 01 32",
    "01 00 35 0b 1a 01 00 1b 01 00 2a 01 33 c1 00",
    "01 00 22 06 1a 01 15 2a 01 33",
    "01 00 2d 05 29 03 61 63 74",
    "01 00 1d 12 21 0c 0b 02 63 72 29 02 61 31 2a 02 31 30 29 02 61 32",
    "01 00 19 03 32 01 00",
    "01 00 1a 00",
    "01 00 39 03 32 01 80",
    "01 00 3a 00",
    "01 00 29 03 2a 01 34",
    "01 00 2a 03 2a 01 34",
    "0d 07 01 05 0a 03 61 62 63",
];

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// Decodes under both contexts; whatever decodes must encode back to the same bytes.
fn check(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let buf = Bytes::from(bytes);
    for outstanding in [false, true] {
        let ctx = DecodeContext {
            activity_end_outstanding: outstanding,
        };
        if let Ok(spdus) = decode_tsdu(&buf, ctx) {
            let again = encode_tsdu(&spdus);
            prop_assert!(again.is_ok(), "{:?} does not re-encode: {:?}", spdus, again);
            prop_assert_eq!(again.unwrap(), buf.to_vec());
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Overwrite(usize, u8),
    Remove(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Overwrite(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        match *m {
            Mutation::FlipBit(i, b) if len > 0 => bytes[i % len] ^= 1 << b,
            Mutation::Truncate(i) => bytes.truncate(i % (len + 1)),
            Mutation::Insert(i, b) => bytes.insert(i % (len + 1), b),
            Mutation::Overwrite(i, b) if len > 0 => bytes[i % len] = b,
            Mutation::Remove(i) if len > 0 => {
                bytes.remove(i % len);
            }
            _ => {}
        }
    }
    bytes
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

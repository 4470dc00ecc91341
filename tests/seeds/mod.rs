//! Valid TSDUs (the verified strings of X225.md and one of each other SPDU) and the ways the
//! property tests mutate them; shared by `codec_fuzz.rs` and `machine_fuzz.rs`.

use proptest::prelude::*;

/// Valid TSDUs to mutate: the verified strings of X225.md and one of each other SPDU.
pub const SEEDS: &[&str] = &[
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
    // Issue 22: PT before acknowledgements, MIA's user data as PI 46, TD's Enclosure Item.
    "02 00 32 03 2a 01 31",
    "02 00 2a 03 2a 01 32",
    "02 00 32 0d 2a 02 31 32 2e 07 74 68 61 6e 6b 73 21",
    "21 03 19 01 03 01 74 64",
];

pub fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

#[derive(Debug, Clone)]
pub enum Mutation {
    FlipBit(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Overwrite(usize, u8),
    Remove(usize),
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Overwrite(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
    ]
}

pub fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
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

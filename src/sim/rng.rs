//! The world's one source of randomness: SplitMix64, seeded. The same seed gives the same
//! sequence on every platform, natively and in wasm.

use serde::{Deserialize, Serialize};
use std::convert::Infallible;

use crate::protocol::random::{connection_reference, RandomSource, REFERENCE_LEN};

/// A small deterministic generator (SplitMix64). Not for cryptography: the simulation only
/// needs repeatable choices. It is the simulation's [`RandomSource`] of connection
/// references; real use passes [`OsRandom`](crate::protocol::random::OsRandom) instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0), by rejection so every value is equally likely.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    /// A calling or called SS-user reference (a session identifier), drawn through the
    /// protocol's [`connection_reference`] as real use draws one from the OS.
    pub fn reference(&mut self) -> [u8; REFERENCE_LEN] {
        let Ok(reference) = connection_reference(self);
        reference
    }

    /// A generator of its own for one part of the world, so that adding draws in one part
    /// does not shift the others.
    pub fn fork(&mut self) -> Rng {
        Rng::new(self.next_u64())
    }
}

/// Octets from [`Rng::next_u64`], eight at a time, little-endian (a part of one at the end).
impl RandomSource for Rng {
    type Error = Infallible;

    fn fill(&mut self, out: &mut [u8]) -> Result<(), Infallible> {
        for chunk in out.chunks_mut(8) {
            let n = chunk.len();
            chunk.copy_from_slice(&self.next_u64().to_le_bytes()[..n]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(43).next_u64(), xs[0]);
        // SplitMix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(7);
        for n in [1u64, 2, 3, 10, 1000] {
            for _ in 0..100 {
                assert!(r.below(n) < n);
            }
        }
    }

    #[test]
    fn a_seeded_reference_is_reproducible() {
        let reference = Rng::new(42).reference();
        assert_eq!(Rng::new(42).reference(), reference);
        assert_ne!(Rng::new(43).reference(), reference);
        // Two draws of SplitMix64, little-endian: the same octets on every platform.
        let mut r = Rng::new(0);
        let (a, b) = (r.next_u64(), r.next_u64());
        let mut want = a.to_le_bytes().to_vec();
        want.extend(b.to_le_bytes());
        assert_eq!(Rng::new(0).reference()[..], want[..]);
        assert_eq!(&want[..8], &0xe220_a839_7b1d_cdaf_u64.to_le_bytes());
        // A part of a draw at the end.
        let mut odd = [0u8; 3];
        Rng::new(0).fill(&mut odd).unwrap();
        assert_eq!(odd[..], want[..3]);
    }
}

//! The content of a simulated file: generated from the seed, block by block, so a transfer of
//! any size holds only one TSDU's worth in memory, and any range can be generated again.

/// Fills `buf` with the file's octets from `offset` on.
pub fn fill(seed: u64, offset: u64, buf: &mut [u8]) {
    // Octets before the next 8-octet boundary come from part of one word.
    let skip = (offset % 8) as usize;
    let mut word = offset / 8;
    let mut rest = buf;
    if skip != 0 {
        let bytes = word_at(seed, word).to_le_bytes();
        let take = (8 - skip).min(rest.len());
        rest[..take].copy_from_slice(&bytes[skip..skip + take]);
        rest = &mut rest[take..];
        word += 1;
    }
    // Whole words: independent of each other, so the loop runs at full speed.
    let mut words = rest.chunks_exact_mut(8);
    for chunk in &mut words {
        chunk.copy_from_slice(&word_at(seed, word).to_le_bytes());
        word += 1;
    }
    let tail = words.into_remainder();
    let len = tail.len();
    tail.copy_from_slice(&word_at(seed, word).to_le_bytes()[..len]);
}

fn word_at(seed: u64, word: u64) -> u64 {
    mix(seed ^ word.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// SplitMix64's finaliser: a fast, well-spread function of the word index.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_range_regenerates_the_same_octets() {
        let mut whole = vec![0u8; 100];
        fill(7, 0, &mut whole);
        for (start, len) in [(0, 100), (3, 10), (8, 8), (13, 50), (99, 1)] {
            let mut part = vec![0u8; len];
            fill(7, start as u64, &mut part);
            assert_eq!(part, whole[start..start + len], "range {start}+{len}");
        }
        let mut other = vec![0u8; 100];
        fill(8, 0, &mut other);
        assert_ne!(other, whole);
    }
}

/// A running digest of a byte stream (XXH3, 64 bits): fast enough to check a 1 GiB transfer,
/// and cloneable, so a receiver can keep its state at each confirmed sync point.
#[derive(Clone, Default)]
pub struct Digest(xxhash_rust::xxh3::Xxh3);

impl Digest {
    /// Adds octets.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes)
    }
    /// The digest of everything added so far.
    pub fn value(&self) -> u64 {
        self.0.digest()
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Digest({:016x})", self.value())
    }
}

//! Where the random octets of a session connection's references come from.
//!
//! A session connection is named by the calling SS-user reference the initiator puts in CN
//! and the called SS-user reference the responder puts in AC (PGI 1, Connection Identifier,
//! PIs 10 and 9, X.225 8.3.1 and 8.3.2); AR's Linking Information names an old connection by
//! both (8.3.28). The playground draws each as [`REFERENCE_LEN`] random octets, so that the
//! called reference can serve as a session identifier no one can guess.
//!
//! The machine itself never draws anything: it is sans-IO, and
//! [`Request::Connect`](super::machine::Request::Connect) and
//! [`Request::Accept`](super::machine::Request::Accept) take the references as inputs. Whoever
//! drives it makes them with [`connection_reference`] from any [`RandomSource`]:
//!
//! - the simulation passes its seeded generator (`sim::rng::Rng`, SplitMix64), so the same
//!   seed gives the same references and the same trace, byte for byte;
//! - real use passes [`OsRandom`], the operating system's cryptographic generator (through
//!   the `getrandom` crate). It is not built for wasm32: the browser bundle runs only the
//!   simulation.
//!
//! ```
//! # #[cfg(not(target_arch = "wasm32"))] {
//! use osi_session::protocol::random::{connection_reference, OsRandom};
//! let called_ref = connection_reference(&mut OsRandom).expect("the OS has a random source");
//! assert_eq!(called_ref.len(), 16);
//! # }
//! ```

use std::fmt;

/// Octets in a connection reference (X.225 allows up to 64 in PIs 9 and 10).
pub const REFERENCE_LEN: usize = 16;

/// A source of random octets.
pub trait RandomSource {
    /// Why the source could not give octets (`Infallible` for a generator that always can).
    type Error: fmt::Debug + fmt::Display;

    /// Fills `out` with random octets.
    fn fill(&mut self, out: &mut [u8]) -> Result<(), Self::Error>;
}

/// A calling or called SS-user reference (a session identifier) drawn from `source`.
pub fn connection_reference<R: RandomSource + ?Sized>(
    source: &mut R,
) -> Result<[u8; REFERENCE_LEN], R::Error> {
    let mut reference = [0u8; REFERENCE_LEN];
    source.fill(&mut reference)?;
    Ok(reference)
}

/// The operating system's cryptographic random source (`getrandom`: `getrandom(2)` on
/// Linux, the equivalent elsewhere). For real use; the simulation passes its seeded generator.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OsRandom;

/// The operating system's random source failed (it should not, once the system has booted).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OsRandomError(getrandom::Error);

#[cfg(not(target_arch = "wasm32"))]
impl fmt::Display for OsRandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the operating system's random source failed: {}", self.0)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl std::error::Error for OsRandomError {}

#[cfg(not(target_arch = "wasm32"))]
impl RandomSource for OsRandom {
    type Error = OsRandomError;

    fn fill(&mut self, out: &mut [u8]) -> Result<(), OsRandomError> {
        getrandom::fill(out).map_err(OsRandomError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that gives 0, 1, 2, ... or fails when empty.
    struct Counter(u8, usize);

    impl RandomSource for Counter {
        type Error = &'static str;
        fn fill(&mut self, out: &mut [u8]) -> Result<(), &'static str> {
            if self.1 < out.len() {
                return Err("exhausted");
            }
            self.1 -= out.len();
            for b in out {
                *b = self.0;
                self.0 = self.0.wrapping_add(1);
            }
            Ok(())
        }
    }

    #[test]
    fn a_reference_is_sixteen_octets_of_the_source() {
        let mut source = Counter(0, 20);
        let r = connection_reference(&mut source).unwrap();
        assert_eq!(r, core::array::from_fn(|i| i as u8));
        assert_eq!(connection_reference(&mut source), Err("exhausted"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn two_os_references_differ() {
        let a = connection_reference(&mut OsRandom).unwrap();
        let b = connection_reference(&mut OsRandom).unwrap();
        // Equal with probability 2^-128; all zero (a source that gives nothing) as rarely.
        assert_ne!(a, b);
        assert_ne!(a, [0; REFERENCE_LEN]);
        let source: &mut dyn RandomSource<Error = OsRandomError> = &mut OsRandom;
        assert_ne!(connection_reference(source).unwrap(), a);
    }
}

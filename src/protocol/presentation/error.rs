//! Why octets are not a presentation PDU this layer reads.

use core::fmt;
use serde::Serialize;

/// Why octets are not a well-formed PPDU of the kind expected (X.226 clause 8), and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PresError {
    /// Octet offset in the PPDU (the session user data) where the problem is.
    pub offset: usize,
    /// What is wrong.
    pub why: Why,
}

/// The kinds of [`PresError`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Why {
    /// The octets end before a tag, a length or a value they announce.
    Truncated {
        /// Octets needed.
        needed: usize,
        /// Octets left.
        available: usize,
    },
    /// A tag number of 31 or more (X.690 8.1.2.4): no PPDU uses one.
    LongTag,
    /// The indefinite length form (X.690 8.1.3.6): this layer sends and reads definite
    /// lengths only.
    IndefiniteLength,
    /// A length of more than four octets.
    LengthTooLong,
    /// A TLV with another tag than the one the PPDU's ASN.1 has there.
    Unexpected {
        /// What was expected there.
        what: &'static str,
        /// Its tag.
        expected: u8,
        /// The tag found.
        found: u8,
    },
    /// A value its type does not allow.
    BadValue {
        /// What holds it.
        what: &'static str,
        /// Why it is wrong.
        why: &'static str,
    },
    /// A mandatory component is absent.
    Missing {
        /// Which.
        what: &'static str,
    },
    /// Octets after the last component.
    Trailing {
        /// What they follow.
        what: &'static str,
        /// How many.
        count: usize,
    },
    /// Something X.226 allows that this minimal layer does not implement.
    NotSupported {
        /// What.
        what: &'static str,
    },
    /// User data in a presentation context that was never defined on this connection.
    UnknownContext {
        /// The presentation context identifier.
        id: u32,
    },
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Truncated { needed, available } => {
                write!(f, "truncated: {needed} octets needed, {available} left")
            }
            Why::LongTag => f.write_str("a multi-octet tag (no PPDU has one)"),
            Why::IndefiniteLength => f.write_str("an indefinite length (only definite ones here)"),
            Why::LengthTooLong => f.write_str("a length of more than four octets"),
            Why::Unexpected {
                what,
                expected,
                found,
            } => write!(
                f,
                "{what}: tag 0x{expected:02x} expected, 0x{found:02x} found"
            ),
            Why::BadValue { what, why } => write!(f, "{what}: {why}"),
            Why::Missing { what } => write!(f, "{what} is missing"),
            Why::Trailing { what, count } => write!(f, "{count} octets after {what}"),
            Why::NotSupported { what } => write!(f, "{what} is not supported by this layer"),
            Why::UnknownContext { id } => {
                write!(
                    f,
                    "presentation context {id} was not defined on this connection"
                )
            }
        }
    }
}

impl fmt::Display for PresError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "presentation PDU, at offset {}: {}",
            self.offset, self.why
        )
    }
}

impl std::error::Error for PresError {}

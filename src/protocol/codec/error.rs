//! Encoding and decoding errors (X.225 8.2: what makes an SPDU not well-formed).

use super::code::param_name;
use core::fmt;
use serde::Serialize;

/// The part of an SPDU an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Field {
    /// A parameter (PI) or parameter group (PGI), by its code.
    Param(u8),
    /// The parameter field as a whole (its LI).
    Parameters,
    /// The user information after the parameters (DT, EX, TD).
    UserInformation,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Field::Param(code) => write!(f, "parameter 0x{code:02x} ({})", param_name(code)),
            Field::Parameters => f.write_str("parameter field"),
            Field::UserInformation => f.write_str("user information"),
        }
    }
}

/// Why bytes are not a well-formed TSDU (X.225 8.2 and 8.3).
///
/// `offset` counts from the start of the TSDU. It points at the parameter code for
/// [`UnknownParameter`](DecodeErrorKind::UnknownParameter),
/// [`DuplicateParameter`](DecodeErrorKind::DuplicateParameter) and
/// [`OutOfOrder`](DecodeErrorKind::OutOfOrder); at the length octet(s) for length errors; at
/// the first octet of the value for [`BadValue`](DecodeErrorKind::BadValue); at the SI for
/// SPDU-level errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodeError {
    /// Octet offset in the TSDU where the problem is.
    pub offset: usize,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

/// The kinds of [`DecodeError`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DecodeErrorKind {
    /// The TSDU ends before the SI, LI or parameter field it announces (X.225 8.2).
    Truncated {
        /// Octets needed from `offset`.
        needed: usize,
        /// Octets left in the TSDU.
        available: usize,
    },
    /// An SI this codec does not know or does not implement (X.225 8.3, table 10).
    UnknownSi {
        /// The SPDU identifier.
        si: u8,
    },
    /// A length used the three-octet form for a value under 255 (X.225 8.2).
    NonCanonicalLength {
        /// The length it encoded.
        length: usize,
    },
    /// A parameter's length runs past the end of the SPDU or PGI holding it (X.225 8.2).
    LengthOverrunsParent {
        /// Octets the parameter claims (or the length octets it still needs).
        length: usize,
        /// Octets left in its parent.
        available: usize,
    },
    /// A parameter code not allowed in this SPDU or parameter group.
    UnknownParameter {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// The PI or PGI code.
        code: u8,
    },
    /// A parameter that appears twice.
    DuplicateParameter {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// The PI or PGI code.
        code: u8,
    },
    /// A parameter after one that X.225 places after it.
    OutOfOrder {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// The misplaced code.
        code: u8,
        /// The code it came after.
        after: u8,
    },
    /// A mandatory parameter is absent.
    MissingParameter {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// The PI or PGI code.
        code: u8,
        /// The clause of X.225 whose table makes it mandatory ("8.3.18").
        clause: &'static str,
    },
    /// A value that breaks its parameter's rules.
    BadValue {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// What holds the value.
        what: Field,
        /// Why it is wrong, quoting the value when short.
        why: String,
    },
    /// A TSDU that breaks the rules of basic concatenation (X.225 6.3.7, 7.1).
    Concatenation {
        /// The rule broken.
        rule: &'static str,
    },
    /// Octets after the last SPDU of the TSDU.
    TrailingBytes {
        /// How many.
        count: usize,
    },
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DecodeErrorKind::*;
        match self {
            Truncated { needed, available } => write!(
                f,
                "TSDU truncated: {needed} octets needed, {available} left"
            ),
            UnknownSi { si } => match super::code::unsupported_si(*si) {
                Some((name, _)) => write!(f, "SPDU identifier {si} ({name}) is not supported"),
                None => write!(f, "unknown SPDU identifier {si}"),
            },
            NonCanonicalLength { length } => {
                write!(
                    f,
                    "length {length} uses the 3-octet form (only for 255 and more)"
                )
            }
            LengthOverrunsParent { length, available } => write!(
                f,
                "length {length} runs past its parent ({available} octets left)"
            ),
            UnknownParameter { spdu, code } => {
                write!(f, "{} not allowed in {spdu}", Field::Param(*code))
            }
            DuplicateParameter { spdu, code } => {
                write!(f, "{} appears twice in {spdu}", Field::Param(*code))
            }
            OutOfOrder { spdu, code, after } => write!(
                f,
                "{} in {spdu} comes after parameter 0x{after:02x} ({}), must come before it",
                Field::Param(*code),
                param_name(*after)
            ),
            MissingParameter { spdu, code, clause } => write!(
                f,
                "{} is mandatory in {spdu} (X.225 {clause})",
                Field::Param(*code)
            ),
            BadValue { spdu, what, why } => write!(f, "{what} in {spdu}: {why}"),
            Concatenation { rule } => write!(f, "concatenation: {rule}"),
            TrailingBytes { count } => write!(f, "{count} octets after the last SPDU"),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at offset {}: {}", self.offset, self.kind)
    }
}

impl std::error::Error for DecodeError {}

/// Why an SPDU or TSDU value cannot be encoded (X.225 8.2, 8.3, 6.3.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EncodeError {
    /// A value longer than its parameter allows, or an LI over 65 535.
    TooLong {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// What is too long.
        what: Field,
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A value its parameter cannot carry (serial number over 999 999, an empty version, a
    /// responder's choice outside CN, ...).
    BadValue {
        /// The SPDU abbreviation.
        spdu: &'static str,
        /// What holds the value.
        what: Field,
        /// Why it cannot be encoded.
        why: &'static str,
    },
    /// A sequence of SPDUs that basic concatenation does not allow (X.225 6.3.7, 7.1).
    Concatenation {
        /// The rule broken.
        rule: &'static str,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::TooLong {
                spdu,
                what,
                len,
                max,
            } => write!(f, "{what} in {spdu}: {len} octets, at most {max}"),
            EncodeError::BadValue { spdu, what, why } => write!(f, "{what} in {spdu}: {why}"),
            EncodeError::Concatenation { rule } => write!(f, "concatenation: {rule}"),
        }
    }
}

impl std::error::Error for EncodeError {}

/// Quotes a short value for an error message: printable ASCII as is, other octets as `\xNN`,
/// at most 16 octets.
pub(crate) fn quote(value: &[u8]) -> String {
    let mut s = String::with_capacity(2 + value.len().min(16) * 4 + 3);
    s.push('"');
    for &b in value.iter().take(16) {
        if b.is_ascii_graphic() || b == b' ' {
            if b == b'"' || b == b'\\' {
                s.push('\\');
            }
            s.push(char::from(b));
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    if value.len() > 16 {
        s.push_str("...");
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::quote;

    /// Printable ASCII as is, `"` and `\` escaped, other octets as `\xNN`; 16 octets at most,
    /// then "...".
    #[test]
    fn quote_escapes_and_stops_at_sixteen_octets() {
        assert_eq!(quote(b"a \"b\\c\x01"), r#""a \"b\\c\x01""#);
        assert_eq!(quote(&[b'x'; 16]), format!("\"{}\"", "x".repeat(16)));
        assert_eq!(quote(&[b'x'; 17]), format!("\"{}...\"", "x".repeat(16)));
    }
}

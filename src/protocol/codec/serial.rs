//! Serial numbers (X.225 8.3.1 CN, 8.3.18 MIP, 8.3.20 MAP ...): 0 to 999 999, carried as 1 to 6 ASCII
//! decimal digits.

use core::fmt;
use serde::Serialize;

/// A serial number: Initial Serial Number (PI 23) and Serial Number (PI 42), X.225 8.3.1 and
/// 8.3.18 to 8.3.34.
///
/// Valid values are `0..=999_999` ([`SerialNumber::MAX`]); encoding a larger one is an
/// [`EncodeError`](super::EncodeError). On the wire it is the canonical decimal form: no leading
/// zeros, `"0"` for zero. The decoder rejects every other form, so bytes round-trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct SerialNumber(pub u32);

impl SerialNumber {
    /// The largest serial number, 999 999 (six digits).
    pub const MAX: u32 = 999_999;

    /// The serial number `value`, or `None` if it is over [`SerialNumber::MAX`].
    pub const fn new(value: u32) -> Option<Self> {
        if value <= Self::MAX {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The number.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// True if the number can go on the wire (at most [`SerialNumber::MAX`]).
    pub const fn is_valid(self) -> bool {
        self.0 <= Self::MAX
    }

    /// The next serial number, or `None` past [`SerialNumber::MAX`].
    pub const fn next(self) -> Option<Self> {
        Self::new(self.0.saturating_add(1))
    }

    /// Writes the canonical ASCII digits into `buf`, returning how many were written
    /// (1 to 6 for valid numbers; `None` if the number is not valid).
    pub(crate) fn to_digits(self, buf: &mut [u8; 6]) -> Option<usize> {
        if !self.is_valid() {
            return None;
        }
        let mut n = self.0;
        let mut tmp = [0u8; 6];
        let mut len = 0;
        loop {
            tmp[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for (dst, src) in buf.iter_mut().zip(tmp[..len].iter().rev()) {
            *dst = *src;
        }
        Some(len)
    }

    /// Parses the canonical ASCII digits, or says why they are not.
    pub(crate) fn from_digits(digits: &[u8]) -> Result<Self, &'static str> {
        match digits {
            [] => Err("is empty, expected 1 to 6 decimal digits"),
            d if d.len() > 6 => Err("has more than 6 digits"),
            d if !d.iter().all(u8::is_ascii_digit) => Err("is not decimal digits"),
            [b'0', _, ..] => Err("has a leading zero"),
            d => Ok(Self(
                d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')),
            )),
        }
    }
}

impl fmt::Display for SerialNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(n: u32) -> Vec<u8> {
        let mut buf = [0u8; 6];
        let len = SerialNumber(n).to_digits(&mut buf).unwrap();
        buf[..len].to_vec()
    }

    #[test]
    fn canonical_digits() {
        assert_eq!(digits(0), b"0");
        assert_eq!(digits(7), b"7");
        assert_eq!(digits(120), b"120");
        assert_eq!(digits(999_999), b"999999");
        assert_eq!(SerialNumber(1_000_000).to_digits(&mut [0; 6]), None);
    }

    #[test]
    fn parse_accepts_only_canonical() {
        assert_eq!(SerialNumber::from_digits(b"0"), Ok(SerialNumber(0)));
        assert_eq!(
            SerialNumber::from_digits(b"999999"),
            Ok(SerialNumber(999_999))
        );
        assert_eq!(SerialNumber::from_digits(b"01"), Err("has a leading zero"));
        assert_eq!(SerialNumber::from_digits(b"00"), Err("has a leading zero"));
        assert!(SerialNumber::from_digits(b"").is_err());
        assert!(SerialNumber::from_digits(b"1000000").is_err());
        assert!(SerialNumber::from_digits(b"1a").is_err());
        assert!(SerialNumber::from_digits(b"+1").is_err());
    }

    #[test]
    fn every_valid_number_round_trips() {
        for n in (0..=SerialNumber::MAX)
            .step_by(7)
            .chain([SerialNumber::MAX])
        {
            assert_eq!(SerialNumber::from_digits(&digits(n)), Ok(SerialNumber(n)));
        }
    }
}

//! A bounds-checked reader over a received TSDU (X.225 8.2): no indexing, no panics, every
//! error with its offset from the start of the TSDU.

use super::code::PGI_USER_DATA;
use super::error::{quote, DecodeError, DecodeErrorKind, Field};
use bytes::Bytes;
use core::ops::Range;

/// A window `[pos, end)` of the TSDU. A nested cursor (an SPDU's parameter field, a PGI)
/// reports overruns as [`DecodeErrorKind::LengthOverrunsParent`]; the outermost one as
/// [`DecodeErrorKind::Truncated`].
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    buf: &'a Bytes,
    pos: usize,
    end: usize,
    nested: bool,
}

/// One parameter unit: its code, where it starts, and a cursor over its value.
#[derive(Debug, Clone)]
pub(crate) struct Unit<'a> {
    pub code: u8,
    pub at: usize,
    pub value: Cursor<'a>,
}

impl<'a> Cursor<'a> {
    /// A cursor over the whole TSDU.
    pub fn new(buf: &'a Bytes) -> Self {
        Cursor {
            buf,
            pos: 0,
            end: buf.len(),
            nested: false,
        }
    }

    /// The offset of the next octet.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Octets left in this window.
    pub fn remaining(&self) -> usize {
        self.end - self.pos
    }

    /// True when the window is used up.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.end
    }

    fn overrun(&self, at: usize, needed: usize) -> DecodeError {
        let available = self.end.saturating_sub(at);
        let kind = if self.nested {
            DecodeErrorKind::LengthOverrunsParent {
                length: needed,
                available,
            }
        } else {
            DecodeErrorKind::Truncated { needed, available }
        };
        DecodeError { offset: at, kind }
    }

    /// Takes `n` octets, returning their range in the TSDU.
    pub fn take(&mut self, n: usize) -> Result<Range<usize>, DecodeError> {
        if n > self.remaining() {
            return Err(self.overrun(self.pos, n));
        }
        let start = self.pos;
        self.pos += n;
        Ok(start..self.pos)
    }

    /// Takes one octet.
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        let r = self.take(1)?;
        Ok(self.buf.get(r.start).copied().unwrap_or(0))
    }

    /// The octets of a range taken from this cursor.
    pub fn slice(&self, r: Range<usize>) -> &'a [u8] {
        let buf: &'a [u8] = self.buf.as_ref();
        buf.get(r).unwrap_or(&[])
    }

    /// The octets of a range as [`Bytes`], without a copy.
    pub fn bytes(&self, r: Range<usize>) -> Bytes {
        if r.start <= r.end && r.end <= self.buf.len() {
            self.buf.slice(r)
        } else {
            Bytes::new()
        }
    }

    /// Everything left, as a range, leaving the cursor empty.
    pub fn rest(&mut self) -> Range<usize> {
        let r = self.pos..self.end;
        self.pos = self.end;
        r
    }

    /// Reads a length indicator: one octet, or `FF hi lo` for 255 and more (X.225 8.2).
    pub fn length(&mut self) -> Result<usize, DecodeError> {
        let at = self.pos;
        match self.u8()? {
            0xFF => {
                let r = self.take(2).map_err(|_| self.overrun(at, 3))?;
                let [hi, lo] = <[u8; 2]>::try_from(self.slice(r)).unwrap_or([0, 0]);
                let len = usize::from(u16::from_be_bytes([hi, lo]));
                if len < 255 {
                    return Err(DecodeError {
                        offset: at,
                        kind: DecodeErrorKind::NonCanonicalLength { length: len },
                    });
                }
                Ok(len)
            }
            short => Ok(usize::from(short)),
        }
    }

    /// Reads a length indicator and splits off a nested cursor over that many octets.
    pub fn length_prefixed(&mut self) -> Result<Cursor<'a>, DecodeError> {
        let at = self.pos;
        let len = self.length()?;
        if len > self.remaining() {
            return Err(DecodeError {
                offset: at,
                kind: if self.nested {
                    DecodeErrorKind::LengthOverrunsParent {
                        length: len,
                        available: self.remaining(),
                    }
                } else {
                    DecodeErrorKind::Truncated {
                        needed: len,
                        available: self.remaining(),
                    }
                },
            });
        }
        let sub = Cursor {
            buf: self.buf,
            pos: self.pos,
            end: self.pos + len,
            nested: true,
        };
        self.pos += len;
        Ok(sub)
    }
}

impl<'a> Unit<'a> {
    /// The value's octets.
    pub fn octets(&self) -> &'a [u8] {
        self.value.slice(self.value.pos..self.value.end)
    }

    /// The value as [`Bytes`] sliced from the TSDU.
    pub fn to_bytes(&self) -> Bytes {
        self.value.bytes(self.value.pos..self.value.end)
    }

    /// A [`DecodeErrorKind::BadValue`] at the value's first octet.
    pub fn bad(&self, spdu: &'static str, why: impl Into<String>) -> DecodeError {
        DecodeError {
            offset: self.value.pos,
            kind: DecodeErrorKind::BadValue {
                spdu,
                what: Field::Param(self.code),
                why: why.into(),
            },
        }
    }

    /// The value, which must be exactly `N` octets.
    pub fn fixed<const N: usize>(&self, spdu: &'static str) -> Result<[u8; N], DecodeError> {
        <[u8; N]>::try_from(self.octets()).map_err(|_| {
            self.bad(
                spdu,
                format!("{} octets, expected {N}", self.octets().len()),
            )
        })
    }

    /// The value as octets of at most `max` (PGI 193 is limited only by its length field).
    pub fn bounded(&self, spdu: &'static str, max: usize) -> Result<Bytes, DecodeError> {
        let len = self.octets().len();
        if len > max && self.code != PGI_USER_DATA {
            return Err(self.bad(spdu, format!("{len} octets, at most {max}")));
        }
        Ok(self.to_bytes())
    }

    /// The value quoted for an error message.
    pub fn quoted(&self) -> String {
        quote(self.octets())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(bytes: &[u8]) -> Bytes {
        Bytes::copy_from_slice(bytes)
    }

    /// A range outside the buffer, or one that ends before it starts, gives no octets rather
    /// than a panic (bad input never panics).
    #[test]
    fn bytes_of_a_bad_range_are_empty() {
        let b = cur(&[1, 2, 3]);
        let c = Cursor::new(&b);
        assert_eq!(&c.bytes(1..3)[..], &[2, 3]);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 2..1;
        assert!(c.bytes(backwards).is_empty());
        assert!(c.bytes(2..4).is_empty());
    }

    #[test]
    fn lengths_at_the_boundaries() {
        let b = cur(&[0xFE, 0xFF, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]);
        let mut c = Cursor::new(&b);
        assert_eq!(c.length(), Ok(254));
        assert_eq!(c.length(), Ok(255));
        assert_eq!(c.length(), Ok(65_535));
        assert!(c.is_empty());
    }

    #[test]
    fn long_form_below_255_is_refused() {
        let b = cur(&[0x00, 0xFF, 0x00, 0xFE]);
        let mut c = Cursor::new(&b);
        c.u8().unwrap();
        let e = c.length().unwrap_err();
        assert_eq!(e.offset, 1);
        assert_eq!(e.kind, DecodeErrorKind::NonCanonicalLength { length: 254 });
    }

    #[test]
    fn overruns() {
        let b = cur(&[0x05, 1, 2]);
        let e = Cursor::new(&b).length_prefixed().unwrap_err();
        assert_eq!(
            e,
            DecodeError {
                offset: 0,
                kind: DecodeErrorKind::Truncated {
                    needed: 5,
                    available: 2
                }
            }
        );
        let b = cur(&[0x03, 0x10, 0x05, 0x01]);
        let mut outer = Cursor::new(&b);
        let mut inner = outer.length_prefixed().unwrap();
        inner.u8().unwrap();
        let e = inner.length_prefixed().unwrap_err();
        assert_eq!(e.offset, 2);
        assert_eq!(
            e.kind,
            DecodeErrorKind::LengthOverrunsParent {
                length: 5,
                available: 1
            }
        );
        let b = cur(&[0xFF, 0x01]);
        let e = Cursor::new(&b).length().unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(matches!(
            e.kind,
            DecodeErrorKind::Truncated { needed: 3, .. }
        ));
    }
}

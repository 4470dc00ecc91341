//! The few Basic Encoding Rules the presentation PDUs need (ITU-T X.690, which X.226 clause 8
//! names for the presentation protocol's own PCI): one-octet identifiers (tag numbers up to
//! 30), definite lengths in the shortest form, INTEGER, OBJECT IDENTIFIER and OCTET STRING.
//! The reader refuses what the writer never sends (indefinite lengths, multi-octet tags,
//! constructed strings) with an error naming the offset, and never panics.

use super::error::{PresError, Why};

/// X.690 8.1.2: the universal tags used here.
pub mod tag {
    /// INTEGER (X.690 8.3).
    pub const INTEGER: u8 = 0x02;
    /// OCTET STRING, primitive (X.690 8.7).
    pub const OCTET_STRING: u8 = 0x04;
    /// OBJECT IDENTIFIER (X.690 8.19).
    pub const OID: u8 = 0x06;
    /// SEQUENCE and SEQUENCE OF, constructed (X.690 8.9, 8.10).
    pub const SEQUENCE: u8 = 0x30;
    /// SET, constructed (X.690 8.11).
    pub const SET: u8 = 0x31;
    /// A context-specific tag `[n]`, constructed.
    pub const fn context(n: u8) -> u8 {
        0xa0 | n
    }
    /// A context-specific tag `[n] IMPLICIT` on a primitive type.
    pub const fn context_primitive(n: u8) -> u8 {
        0x80 | n
    }
    /// An application tag `[APPLICATION n]`, constructed.
    pub const fn application(n: u8) -> u8 {
        0x60 | n
    }
}

/// One TLV: `tag`, its definite length, then `parts` one after another.
pub fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    put_len(&mut out, len);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// X.690 8.1.3: the definite form, short below 128, else long with the fewest octets.
fn put_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let octets = len.to_be_bytes();
    let skip = octets.iter().take_while(|&&b| b == 0).count();
    out.push(0x80 | (octets.len() - skip) as u8);
    out.extend_from_slice(&octets[skip..]);
}

/// An INTEGER's TLV for a non-negative value (X.690 8.3: two's complement, fewest octets).
pub fn integer(value: u32) -> Vec<u8> {
    let octets = value.to_be_bytes();
    let mut skip = octets.iter().take_while(|&&b| b == 0).count().min(3);
    // A leading 1 bit would make it negative: keep one zero octet before it.
    if octets[skip] & 0x80 != 0 && skip > 0 {
        skip -= 1;
    }
    if octets[skip] & 0x80 != 0 {
        return tlv(tag::INTEGER, &[&[0], &octets]);
    }
    tlv(tag::INTEGER, &[&octets[skip..]])
}

/// An OBJECT IDENTIFIER's contents (X.690 8.19): the first two arcs in one subidentifier,
/// then each arc in base 128, high bit set on all octets but the last.
pub fn oid_contents(arcs: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    let first = arcs.first().copied().unwrap_or(0) * 40 + arcs.get(1).copied().unwrap_or(0);
    for &arc in std::iter::once(&first).chain(arcs.iter().skip(2)) {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    out
}

/// Reads TLVs from a slice of a PPDU. `base` is the slice's offset in the PPDU, for errors.
/// With `cut` set (a PPDU the trace kept only the start of), a value longer than what is
/// left is taken as far as it goes instead of being an error.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    base: usize,
    cut: bool,
}

/// One TLV read: its tag, the offset of its first octet in the PPDU, and its contents.
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    /// The identifier octet.
    pub tag: u8,
    /// Where the TLV starts in the PPDU.
    pub offset: usize,
    /// The length its header declares (more than the contents when cut short).
    pub len: usize,
    /// The contents, as a reader of their own.
    pub contents: Reader<'a>,
}

impl<'a> Reader<'a> {
    /// A reader of a whole PPDU (`cut`: only its first octets are there).
    pub fn new(bytes: &'a [u8], cut: bool) -> Self {
        Reader {
            bytes,
            at: 0,
            base: 0,
            cut,
        }
    }

    /// The offset of the next octet in the PPDU.
    pub fn offset(&self) -> usize {
        self.base + self.at
    }

    /// True when nothing is left.
    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// The octets left.
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }

    /// The next TLV's tag, without reading it.
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn error(&self, at: usize, why: Why) -> PresError {
        PresError {
            offset: self.base + at,
            why,
        }
    }

    fn octet(&self, at: usize) -> Result<u8, PresError> {
        self.bytes.get(at).copied().ok_or_else(|| {
            self.error(
                at,
                Why::Truncated {
                    needed: 1,
                    available: 0,
                },
            )
        })
    }

    /// Reads the next TLV.
    pub fn tlv(&mut self) -> Result<Tlv<'a>, PresError> {
        let start = self.at;
        let tag = self.octet(start)?;
        if tag & 0x1f == 0x1f {
            return Err(self.error(start, Why::LongTag));
        }
        let first = self.octet(start + 1)?;
        let (len, header) = match first {
            0x80 => return Err(self.error(start + 1, Why::IndefiniteLength)),
            n if n < 0x80 => (usize::from(n), 2),
            n => {
                let count = usize::from(n & 0x7f);
                if count > 4 {
                    return Err(self.error(start + 1, Why::LengthTooLong));
                }
                let mut len = 0usize;
                for i in 0..count {
                    len = len << 8 | usize::from(self.octet(start + 2 + i)?);
                }
                (len, 2 + count)
            }
        };
        let from = start + header;
        let available = self.bytes.len() - from;
        let end = if len <= available {
            from + len
        } else if self.cut {
            self.bytes.len()
        } else {
            return Err(self.error(
                start,
                Why::Truncated {
                    needed: len,
                    available,
                },
            ));
        };
        self.at = end;
        Ok(Tlv {
            tag,
            offset: self.base + start,
            len,
            contents: Reader {
                bytes: &self.bytes[from..end],
                at: 0,
                base: self.base + from,
                cut: self.cut,
            },
        })
    }

    /// Reads the next TLV, which must have `tag`; `what` names it in the error.
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, PresError> {
        // The tag first: octets that are not this TLV at all say so, not "truncated".
        match self.peek() {
            Some(found) if found != tag => Err(self.error(
                self.at,
                Why::Unexpected {
                    what,
                    expected: tag,
                    found,
                },
            )),
            _ => self.tlv(),
        }
    }

    /// Fails unless everything was read.
    pub fn finish(&self, what: &'static str) -> Result<(), PresError> {
        if self.is_empty() {
            return Ok(());
        }
        Err(self.error(
            self.at,
            Why::Trailing {
                what,
                count: self.bytes.len() - self.at,
            },
        ))
    }
}

impl Tlv<'_> {
    /// The contents as a non-negative INTEGER that fits in 32 bits (X.690 8.3).
    pub fn integer(&self, what: &'static str) -> Result<u32, PresError> {
        let b = self.contents.bytes;
        let bad = |why: &'static str| PresError {
            offset: self.offset,
            why: Why::BadValue { what, why },
        };
        match b {
            [] => Err(bad("an INTEGER has at least one octet")),
            [first, ..] if first & 0x80 != 0 => Err(bad("negative")),
            [0, second, ..] if second & 0x80 == 0 => Err(bad("a leading zero octet")),
            _ if b.len() > 5 || (b.len() == 5 && b[0] != 0) => Err(bad("more than 32 bits")),
            _ => Ok(b.iter().fold(0u32, |n, &o| n << 8 | u32::from(o))),
        }
    }

    /// The contents as an OBJECT IDENTIFIER's arcs (X.690 8.19).
    pub fn oid(&self, what: &'static str) -> Result<Vec<u32>, PresError> {
        let bad = |why: &'static str| PresError {
            offset: self.offset,
            why: Why::BadValue { what, why },
        };
        let b = self.contents.bytes;
        if b.is_empty() || b.last().is_some_and(|o| o & 0x80 != 0) {
            return Err(bad(
                "an OBJECT IDENTIFIER ends with an octet whose top bit is 0",
            ));
        }
        let mut arcs = Vec::new();
        let mut n: u32 = 0;
        let mut fresh = true;
        for &o in b {
            if fresh && o == 0x80 {
                return Err(bad("a subidentifier starts with the octet 0x80"));
            }
            n = n
                .checked_mul(128)
                .ok_or_else(|| bad("a subidentifier over 32 bits"))?
                | u32::from(o & 0x7f);
            fresh = o & 0x80 == 0;
            if fresh {
                arcs.push(n);
                n = 0;
            }
        }
        let first = arcs[0];
        let (a, b) = match first {
            0..=39 => (0, first),
            40..=79 => (1, first - 40),
            _ => (2, first - 80),
        };
        arcs.splice(0..1, [a, b]);
        Ok(arcs)
    }

    /// The contents, as octets.
    pub fn octets(&self) -> &[u8] {
        self.contents.bytes
    }
}

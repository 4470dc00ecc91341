//! Writing length indicators and parameter units (X.225 8.2).
//!
//! A length of 0 to 254 takes one octet; 255 to 65 535 take three, `FF hi lo`. A unit whose
//! length is not known in advance (a PGI, the SPDU's parameter field) gets a one-octet
//! placeholder, widened in place to three octets when the contents turn out longer than 254:
//! no scratch buffer, and the rare widening moves at most 65 535 octets.

use super::code::MAX_LENGTH;
use super::error::{EncodeError, Field};

/// Appends a length indicator for `len` (at most [`MAX_LENGTH`], checked by callers).
pub(crate) fn put_length(out: &mut Vec<u8>, len: usize) {
    if len <= 254 {
        out.push(len as u8);
    } else {
        out.push(0xFF);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    }
}

/// Appends `code`, a placeholder length, and returns where the placeholder is; pass it to
/// [`close`] once the contents are written.
pub(crate) fn open(out: &mut Vec<u8>, code: u8) -> usize {
    out.push(code);
    out.push(0);
    out.len() - 1
}

/// Patches the placeholder at `at` with the length of everything written after it.
pub(crate) fn close(
    out: &mut Vec<u8>,
    at: usize,
    spdu: &'static str,
    what: Field,
) -> Result<(), EncodeError> {
    let len = out.len() - at - 1;
    if len > MAX_LENGTH {
        return Err(EncodeError::TooLong {
            spdu,
            what,
            len,
            max: MAX_LENGTH,
        });
    }
    if len <= 254 {
        if let Some(slot) = out.get_mut(at) {
            *slot = len as u8;
        }
    } else {
        let [hi, lo] = (len as u16).to_be_bytes();
        out.splice(at..at + 1, [0xFF, hi, lo]);
    }
    Ok(())
}

/// Appends a PI: `code`, length, `value`; the value may be at most `max` octets.
pub(crate) fn pi(
    out: &mut Vec<u8>,
    spdu: &'static str,
    code: u8,
    value: &[u8],
    max: usize,
) -> Result<(), EncodeError> {
    if value.len() > max.min(MAX_LENGTH) {
        return Err(EncodeError::TooLong {
            spdu,
            what: Field::Param(code),
            len: value.len(),
            max: max.min(MAX_LENGTH),
        });
    }
    out.push(code);
    put_length(out, value.len());
    out.extend_from_slice(value);
    Ok(())
}

/// Appends an optional PI of octets (nothing when `None`).
pub(crate) fn opt_pi(
    out: &mut Vec<u8>,
    spdu: &'static str,
    code: u8,
    value: Option<&[u8]>,
    max: usize,
) -> Result<(), EncodeError> {
    match value {
        Some(v) => pi(out, spdu, code, v, max),
        None => Ok(()),
    }
}

/// Appends the user information of DT, EX or TD: the one copy of user data the encoder makes
/// (X.225 8.2).
///
/// When the destination lies 1 to 63 octets after the source modulo a 4 KiB page, the
/// `rep movsb` that glibc's memcpy uses for large copies on x86 stalls on false aliasing of
/// stores and later loads, and a 16 KiB copy takes 2 to 25 times as long (measured with
/// `benches/codec.rs`). Copied in 2 KiB pieces, memcpy keeps to its vector loop instead.
pub(crate) fn put_user_information(out: &mut Vec<u8>, data: &[u8]) {
    const PIECE: usize = 2048;
    out.reserve(data.len());
    let dst = (out.as_ptr() as usize).wrapping_add(out.len());
    let ahead = dst.wrapping_sub(data.as_ptr() as usize) % 4096;
    if data.len() > PIECE && (1..64).contains(&ahead) {
        for piece in data.chunks(PIECE) {
            out.extend_from_slice(piece);
        }
    } else {
        out.extend_from_slice(data);
    }
}

/// Appends an optional one-octet PI.
pub(crate) fn opt_u8(out: &mut Vec<u8>, code: u8, value: Option<u8>) {
    if let Some(v) = value {
        out.extend_from_slice(&[code, 1, v]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_lengths() {
        let mut out = Vec::new();
        put_length(&mut out, 254);
        put_length(&mut out, 255);
        put_length(&mut out, 65_535);
        assert_eq!(out, [0xFE, 0xFF, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    #[test]
    fn user_information_is_copied_whole_wherever_it_lands() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
        // Every distance modulo the page, the aliasing window (1 to 63 ahead) included.
        for lead in (0..4200).step_by(29) {
            let mut out = vec![0xEE; lead];
            put_user_information(&mut out, &data);
            assert_eq!(out.len(), lead + data.len());
            assert!(out[..lead].iter().all(|&b| b == 0xEE));
            assert_eq!(&out[lead..], &data[..]);
        }
        let mut out = vec![1];
        put_user_information(&mut out, &[]);
        assert_eq!(out, [1]);
    }

    #[test]
    fn close_widens_in_place() {
        for (len, header) in [(254usize, vec![7, 254]), (255, vec![7, 0xFF, 0, 255])] {
            let mut out = vec![0xAA];
            let at = open(&mut out, 7);
            out.extend(std::iter::repeat_n(0x55, len));
            close(&mut out, at, "DT", Field::Parameters).unwrap();
            assert_eq!(out[0], 0xAA);
            assert_eq!(&out[1..1 + header.len()], &header[..]);
            assert_eq!(out.len(), 1 + header.len() + len);
        }
        let mut out = Vec::new();
        let at = open(&mut out, 7);
        out.resize(out.len() + 65_536, 0);
        assert!(close(&mut out, at, "CN", Field::Parameters).is_err());
    }
}

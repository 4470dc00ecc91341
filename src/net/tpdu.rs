//! TPKT framing (RFC 1006 clause 6) and the class 0 transport protocol data units of ISO 8073
//! / ITU-T X.224 that RFC 1006 carries: CR, CC, DR, DT and ER (ISO 8073 13.3 to 13.7, 13.12).
//!
//! A TPKT is `03 00 LL LL` followed by one TPDU, `LL LL` being the whole packet's length,
//! header included (7 to 65,535 octets: RFC 1006 6). A TPDU is `LI | code | fixed part |
//! variable part | user data`, LI counting the octets after itself up to the user data.
//! Decoding never panics: anything malformed is a [`TpduError`] naming the clause broken.

use std::fmt;

/// The TPKT version (RFC 1006 6: "vrsn 3").
pub const TPKT_VERSION: u8 = 3;
/// The TPKT header: version, reserved, two octets of length.
pub const TPKT_HEADER: usize = 4;
/// The shortest TPKT RFC 1006 allows: the header and a 3-octet TPDU (RFC 1006 6).
pub const TPKT_MIN: usize = 7;
/// The longest TPKT: its length is two octets.
pub const TPKT_MAX: usize = 65_535;
/// The TPDU size class 0 proposes and accepts: 2,048 octets, the largest ISO 8073 14.6 allows
/// in class 0 (code `0b` in the TPDU size parameter, ISO 8073 13.3.4 b).
pub const TPDU_SIZE_CODE: u8 = 0x0b;
/// The TPDU size parameter code (ISO 8073 13.3.4 b).
const PARAM_TPDU_SIZE: u8 = 0xc0;
/// ER's invalid TPDU parameter code (ISO 8073 13.12.4).
const PARAM_INVALID_TPDU: u8 = 0xc1;
/// DT's end-of-TSDU mark (ISO 8073 13.7.3: bit 8 of the third octet, EOT).
const EOT: u8 = 0x80;

/// The octets a TPDU size code stands for: 2 to the power of the code (ISO 8073 13.3.4 b),
/// for the codes class 0 allows (`07`, 128 octets, to `0b`, 2,048).
pub fn tpdu_size(code: u8) -> Option<usize> {
    (0x07..=0x0b).contains(&code).then(|| 1usize << code)
}

/// One class 0 TPDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tpdu {
    /// Connection request (ISO 8073 13.3): the caller's reference and proposed TPDU size code.
    ConnectRequest {
        /// SRC-REF.
        src_ref: u16,
        /// The TPDU size code proposed (absent: 128 octets).
        size_code: Option<u8>,
    },
    /// Connection confirm (ISO 8073 13.4).
    ConnectConfirm {
        /// DST-REF: the CR's SRC-REF.
        dst_ref: u16,
        /// SRC-REF.
        src_ref: u16,
        /// The TPDU size code selected (absent: 128 octets).
        size_code: Option<u8>,
    },
    /// Disconnect request (ISO 8073 13.5): in class 0 only a refusal of a CR.
    DisconnectRequest {
        /// DST-REF.
        dst_ref: u16,
        /// The reason (ISO 8073 13.5.3 e).
        reason: u8,
    },
    /// Data (ISO 8073 13.7, class 0 form): a piece of a TSDU; `eot` marks its last piece.
    Data {
        /// End of TSDU.
        eot: bool,
        /// The user data.
        data: Vec<u8>,
    },
    /// TPDU error (ISO 8073 13.12): the peer's TPDU was invalid.
    Error {
        /// DST-REF.
        dst_ref: u16,
        /// The reject cause (ISO 8073 13.12.3).
        cause: u8,
    },
}

/// Why octets are not a TPKT with a class 0 TPDU in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TpduError(pub String);

impl fmt::Display for TpduError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TpduError {}

fn bad<T>(why: impl Into<String>) -> Result<T, TpduError> {
    Err(TpduError(why.into()))
}

/// Reads a TPKT header: the length of the TPDU that follows it (RFC 1006 6).
pub fn tpkt_length(header: [u8; TPKT_HEADER]) -> Result<usize, TpduError> {
    if header[0] != TPKT_VERSION {
        return bad(format!("TPKT version {} is not 3 (RFC 1006 6)", header[0]));
    }
    let total = usize::from(u16::from_be_bytes([header[2], header[3]]));
    if total < TPKT_MIN {
        return bad(format!(
            "TPKT length {total} is shorter than {TPKT_MIN} (RFC 1006 6)"
        ));
    }
    Ok(total - TPKT_HEADER)
}

impl Tpdu {
    /// Appends this TPDU in a TPKT to `out`. A DT longer than a TPKT can hold is cut by the
    /// caller ([`data_units`]); here its length is only clamped, never a panic.
    pub fn write_tpkt(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&[TPKT_VERSION, 0, 0, 0]);
        match self {
            Tpdu::ConnectRequest { src_ref, size_code } => {
                let params = size_param(*size_code);
                out.push(6 + params.len() as u8);
                out.push(0xe0); // CR, CDT 0
                out.extend_from_slice(&[0, 0]);
                out.extend_from_slice(&src_ref.to_be_bytes());
                out.push(0x00); // class 0, no options
                out.extend_from_slice(&params);
            }
            Tpdu::ConnectConfirm {
                dst_ref,
                src_ref,
                size_code,
            } => {
                let params = size_param(*size_code);
                out.push(6 + params.len() as u8);
                out.push(0xd0); // CC, CDT 0
                out.extend_from_slice(&dst_ref.to_be_bytes());
                out.extend_from_slice(&src_ref.to_be_bytes());
                out.push(0x00);
                out.extend_from_slice(&params);
            }
            Tpdu::DisconnectRequest { dst_ref, reason } => {
                out.extend_from_slice(&[6, 0x80]);
                out.extend_from_slice(&dst_ref.to_be_bytes());
                out.extend_from_slice(&[0, 0, *reason]);
            }
            Tpdu::Data { eot, data } => {
                out.extend_from_slice(&[2, 0xf0, if *eot { EOT } else { 0 }]);
                let room = TPKT_MAX - TPKT_HEADER - 3;
                out.extend_from_slice(&data[..data.len().min(room)]);
            }
            Tpdu::Error { dst_ref, cause } => {
                out.extend_from_slice(&[4, 0x70]);
                out.extend_from_slice(&dst_ref.to_be_bytes());
                out.push(*cause);
            }
        }
        let len = u16::try_from(out.len() - start).unwrap_or(u16::MAX);
        out[start + 2..start + 4].copy_from_slice(&len.to_be_bytes());
    }

    /// Decodes the TPDU of one TPKT (the octets after its header).
    pub fn decode(b: &[u8]) -> Result<Tpdu, TpduError> {
        let (&li, rest) = b.split_first().ok_or(TpduError("an empty TPDU".into()))?;
        let li = usize::from(li);
        if li == 0 || li == 255 || li > rest.len() {
            return bad(format!(
                "TPDU length indicator {li} does not fit the {} octets that follow (ISO 8073 13.2.1)",
                rest.len()
            ));
        }
        let (header, data) = rest.split_at(li);
        let u16_at = |i: usize| u16::from_be_bytes([header[i], header[i + 1]]);
        match header[0] & 0xf0 {
            0xf0 if li == 2 => Ok(Tpdu::Data {
                eot: header[1] & EOT != 0,
                data: data.to_vec(),
            }),
            0xe0 | 0xd0 if li >= 6 && data.is_empty() => {
                if header[5] & 0xf0 != 0 {
                    return bad(format!(
                        "class {} requested; only class 0 is served (RFC 1006 5, ISO 8073 14)",
                        header[5] >> 4
                    ));
                }
                let size_code = size_code(&header[6..])?;
                if header[0] & 0xf0 == 0xe0 {
                    Ok(Tpdu::ConnectRequest {
                        src_ref: u16_at(3),
                        size_code,
                    })
                } else {
                    Ok(Tpdu::ConnectConfirm {
                        dst_ref: u16_at(1),
                        src_ref: u16_at(3),
                        size_code,
                    })
                }
            }
            0x80 if li >= 6 => Ok(Tpdu::DisconnectRequest {
                dst_ref: u16_at(1),
                reason: header[5],
            }),
            0x70 if li >= 4 => Ok(Tpdu::Error {
                dst_ref: u16_at(1),
                cause: header[3],
            }),
            code => bad(format!(
                "TPDU code {code:02x} with length indicator {li} is not a class 0 CR, CC, DR, DT \
                 or ER (ISO 8073 13.1, table 8)"
            )),
        }
    }
}

/// The TPDU size parameter, when a code is given.
fn size_param(code: Option<u8>) -> Vec<u8> {
    code.map_or_else(Vec::new, |c| vec![PARAM_TPDU_SIZE, 1, c])
}

/// The TPDU size code among CR's or CC's variable part; other parameters are skipped, as
/// ISO 8073 13.2.3 lets a receiver ignore those it does not know.
fn size_code(mut params: &[u8]) -> Result<Option<u8>, TpduError> {
    let mut found = None;
    while let [code, len, rest @ ..] = params {
        let len = usize::from(*len);
        if len > rest.len() {
            return bad("a CR or CC parameter runs past the TPDU (ISO 8073 13.2.3)");
        }
        if *code == PARAM_TPDU_SIZE {
            match rest[..len] {
                [c] if tpdu_size(c).is_some() => found = Some(c),
                _ => return bad("TPDU size is not 128 to 2048 octets (ISO 8073 13.3.4 b, 14.6)"),
            }
        }
        params = &rest[len..];
    }
    if !params.is_empty() {
        return bad("a CR or CC parameter is cut short (ISO 8073 13.2.3)");
    }
    Ok(found)
}

/// The TPKTs carrying one TSDU as DT TPDUs of at most `tpdu_size` octets each, EOT on the last
/// (ISO 8073 13.7; an empty TSDU is one empty DT).
pub fn data_units(tsdu: &[u8], tpdu_size: usize, out: &mut Vec<u8>) {
    let room = tpdu_size.saturating_sub(3).max(1);
    let units = tsdu.len().div_ceil(room).max(1);
    for i in 0..units {
        let piece = &tsdu[(i * room).min(tsdu.len())..((i + 1) * room).min(tsdu.len())];
        out.extend_from_slice(&[TPKT_VERSION, 0]);
        let len = u16::try_from(TPKT_HEADER + 3 + piece.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&[2, 0xf0, if i + 1 == units { EOT } else { 0 }]);
        out.extend_from_slice(piece);
    }
}

/// ER with the given cause, and the offending TPDU's first octets in its invalid TPDU
/// parameter (ISO 8073 13.12.4), in a TPKT.
pub fn error_tpkt(dst_ref: u16, cause: u8, offending: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    Tpdu::Error { dst_ref, cause }.write_tpkt(&mut out);
    let shown = &offending[..offending.len().min(64)];
    out[TPKT_HEADER] += 2 + shown.len() as u8;
    out.extend_from_slice(&[PARAM_INVALID_TPDU, shown.len() as u8]);
    out.extend_from_slice(shown);
    let len = u16::try_from(out.len()).unwrap_or(u16::MAX);
    out[2..4].copy_from_slice(&len.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(t: Tpdu) -> Vec<u8> {
        let mut out = Vec::new();
        t.write_tpkt(&mut out);
        let len = tpkt_length([out[0], out[1], out[2], out[3]]).unwrap();
        assert_eq!(len, out.len() - TPKT_HEADER);
        assert_eq!(Tpdu::decode(&out[TPKT_HEADER..]).unwrap(), t);
        out
    }

    #[test]
    fn connection_request_as_rfc_1006_peers_send_it() {
        // 03 00 00 0e | LI 09, CR e0, DST-REF 0000, SRC-REF 0001, class 0, TPDU size 2048.
        let wire = roundtrip(Tpdu::ConnectRequest {
            src_ref: 1,
            size_code: Some(0x0b),
        });
        assert_eq!(wire, [3, 0, 0, 14, 9, 0xe0, 0, 0, 0, 1, 0, 0xc0, 1, 0x0b]);
        roundtrip(Tpdu::ConnectConfirm {
            dst_ref: 1,
            src_ref: 7,
            size_code: None,
        });
        roundtrip(Tpdu::DisconnectRequest {
            dst_ref: 1,
            reason: 0,
        });
        roundtrip(Tpdu::Error {
            dst_ref: 1,
            cause: 3,
        });
    }

    #[test]
    fn a_tsdu_is_cut_into_data_units_with_eot_on_the_last() {
        let mut out = Vec::new();
        data_units(&[9; 5000], 2048, &mut out);
        let mut at = 0;
        let mut pieces = Vec::new();
        while at < out.len() {
            let len = tpkt_length([out[at], out[at + 1], out[at + 2], out[at + 3]]).unwrap();
            pieces.push(Tpdu::decode(&out[at + 4..at + 4 + len]).unwrap());
            at += 4 + len;
        }
        let shape: Vec<_> = pieces
            .iter()
            .map(|p| match p {
                Tpdu::Data { eot, data } => (*eot, data.len()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(shape, [(false, 2045), (false, 2045), (true, 910)]);
        out.clear();
        data_units(&[], 2048, &mut out);
        assert_eq!(out, [3, 0, 0, 7, 2, 0xf0, 0x80]);
    }

    #[test]
    fn malformed_octets_are_errors_that_name_the_rule() {
        assert!(tpkt_length([4, 0, 0, 20])
            .unwrap_err()
            .0
            .contains("RFC 1006"));
        assert!(tpkt_length([3, 0, 0, 6]).is_err());
        assert_eq!(tpkt_length([3, 0, 0xff, 0xff]), Ok(65_531));
        for junk in [
            &[][..],
            &[0],
            &[5, 0xf0, 0x80],
            &[2, 0x10, 0x80],
            &[6, 0xe0, 0, 0, 0, 1, 0x40],
            &[9, 0xe0, 0, 0, 0, 1, 0, 0xc0, 1, 0x0e],
            &[8, 0xe0, 0, 0, 0, 1, 0, 0xc0, 5],
        ] {
            assert!(Tpdu::decode(junk).is_err(), "{junk:02x?}");
        }
    }

    #[test]
    fn error_carries_the_offending_octets() {
        let er = error_tpkt(1, 3, &[0x55; 3]);
        assert_eq!(
            er,
            [3, 0, 0, 14, 9, 0x70, 0, 1, 3, 0xc1, 3, 0x55, 0x55, 0x55]
        );
        assert_eq!(
            Tpdu::decode(&er[4..]),
            Ok(Tpdu::Error {
                dst_ref: 1,
                cause: 3
            })
        );
    }
}

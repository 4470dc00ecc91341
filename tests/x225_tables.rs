//! The parameters X.225 clause 8 names for each SPDU the codec implements, mandatory (m) or
//! optional (o), in the order of the standard's tables, checked both ways: the encoder writes
//! exactly these codes, in this order, for an SPDU with every parameter set, and only the
//! mandatory ones for an SPDU with none of the optional ones; the strict decoder refuses (or
//! reads as another SPDU) what lacks a mandatory one, and takes what lacks an optional one.
//! Version 2's Enclosure Item outside DT and TD, and the parameters of units this codec does
//! not implement, are left out (docs/x225-choices.md).
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::*;

const M: bool = true;
const O: bool = false;

/// One row: the SPDU, its clause, its parameters (code, mandatory) in table order, and the
/// SPDU with every parameter set and with only the mandatory ones.
struct Row {
    kind: SpduKind,
    clause: &'static str,
    params: &'static [(u8, bool)],
    full: Spdu,
    bare: Spdu,
}

fn b(s: &'static str) -> Bytes {
    Bytes::from_static(s.as_bytes())
}

fn sn(n: u32) -> SerialNumber {
    SerialNumber::new(n).unwrap()
}

fn item() -> ConnectAcceptItem {
    ConnectAcceptItem {
        protocol_options: Some(ProtocolOptions::EMPTY),
        tsdu_max_size: Some(TsduMaxSize::default()),
        version: Some(Version::V1 | Version::V2),
        initial_serial_number: Some(sn(1)),
        token_setting: Some(TokenSetting::default()),
    }
}

fn conn_id() -> Option<ConnectionIdentifier> {
    Some(ConnectionIdentifier {
        ss_user_reference: Some(b("ref")),
        common_reference: None,
        additional_reference: None,
    })
}

fn linking() -> LinkingInformation {
    LinkingInformation {
        called_ss_user_reference: Some(b("b")),
        calling_ss_user_reference: Some(b("a")),
        common_reference: Some(b("c")),
        additional_reference: Some(b("d")),
        old_activity_id: b("old"),
        serial_number: sn(4),
    }
}

#[path = "x225_tables/rows.rs"]
mod rows;
use rows::rows;

/// (code, value octets) of each parameter unit in `params` (X.225 8.2).
fn units(params: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < params.len() {
        let code = params[at];
        let (len, li) = match params[at + 1] {
            0xff => (
                usize::from(u16::from_be_bytes([params[at + 2], params[at + 3]])),
                3,
            ),
            n => (usize::from(n), 1),
        };
        let start = at + 1 + li;
        out.push((code, params[start..start + len].to_vec()));
        at = start + len;
    }
    out
}

/// Code, length and value of each unit (X.225 8.2).
fn join(units: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (code, value) in units {
        out.push(*code);
        put_len(&mut out, value.len());
        out.extend_from_slice(value);
    }
    out
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    if len < 255 {
        out.push(len as u8);
    } else {
        out.push(0xff);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    }
}

/// A TSDU split into: the lead-in (empty for a category 0 or 1 SPDU), the main SPDU's SI,
/// its parameter units, and its user information.
struct Split {
    lead: Vec<u8>,
    si: u8,
    units: Vec<(u8, Vec<u8>)>,
    info: Vec<u8>,
}

fn split(tsdu: &[u8], category_2: bool) -> Split {
    let lead_len = if category_2 { 2 } else { 0 };
    let (lead, main) = tsdu.split_at(lead_len);
    let (li, li_len) = match main[1] {
        0xff => (usize::from(u16::from_be_bytes([main[2], main[3]])), 3),
        n => (usize::from(n), 1),
    };
    let params = &main[1 + li_len..1 + li_len + li];
    Split {
        lead: lead.to_vec(),
        si: main[0],
        units: units(params),
        info: main[1 + li_len + li..].to_vec(),
    }
}

fn assemble(s: &Split) -> Bytes {
    let params = join(&s.units);
    let mut out = s.lead.clone();
    out.push(s.si);
    put_len(&mut out, params.len());
    out.extend(params);
    out.extend_from_slice(&s.info);
    Bytes::from(out)
}

fn encode(spdu: &Spdu) -> Vec<u8> {
    let tsdu: Vec<Spdu> = match spdu.kind().lead_in() {
        Some(SpduKind::PT) => vec![Spdu::PleaseTokens(PleaseTokens::default()), spdu.clone()],
        Some(_) => vec![Spdu::GiveTokens(GiveTokens::default()), spdu.clone()],
        None => vec![spdu.clone()],
    };
    encode_tsdu(&tsdu).unwrap_or_else(|e| panic!("{}: {e}", spdu.abbreviation()))
}

fn strict(kind: SpduKind) -> DecodeContext {
    DecodeContext {
        activity_end_outstanding: kind == SpduKind::AEA,
        strict: true,
    }
}

/// The kind the strict decoder reads from `tsdu`, or its error.
fn read(tsdu: &Bytes, kind: SpduKind) -> Result<SpduKind, String> {
    decode_tsdu(tsdu, strict(kind))
        .map(|s| s.last().map(Spdu::kind).unwrap())
        .map_err(|e| e.to_string())
}

#[test]
fn the_encoder_writes_what_the_tables_name_in_their_order() {
    let kinds: Vec<SpduKind> = rows().iter().map(|r| r.kind).collect();
    for kind in SpduKind::ALL {
        assert!(kinds.contains(&kind), "no row for {kind}");
    }
    for row in rows() {
        let name = row.kind.abbreviation();
        assert_eq!(row.full.kind(), row.kind, "{name}");
        let cat2 = row.kind.lead_in().is_some();
        let full: Vec<u8> = split(&encode(&row.full), cat2)
            .units
            .iter()
            .map(|u| u.0)
            .collect();
        let all: Vec<u8> = row.params.iter().map(|p| p.0).collect();
        assert_eq!(
            full, all,
            "{name} (X.225 {}): every parameter, in order",
            row.clause
        );
        let bare: Vec<u8> = split(&encode(&row.bare), cat2)
            .units
            .iter()
            .map(|u| u.0)
            .collect();
        let mandatory: Vec<u8> = row.params.iter().filter(|p| p.1).map(|p| p.0).collect();
        assert_eq!(
            bare, mandatory,
            "{name} (X.225 {}): the mandatory ones",
            row.clause
        );
    }
}

#[test]
fn the_strict_decoder_requires_the_mandatory_and_only_them() {
    for row in rows() {
        let name = row.kind.abbreviation();
        let cat2 = row.kind.lead_in().is_some();
        let full = split(&encode(&row.full), cat2);
        assert_eq!(read(&assemble(&full), row.kind), Ok(row.kind), "{name}");
        for (i, &(code, mandatory)) in row.params.iter().enumerate() {
            let mut without = Split {
                units: full.units.clone(),
                lead: full.lead.clone(),
                info: full.info.clone(),
                si: full.si,
            };
            without.units.remove(i);
            let got = read(&assemble(&without), row.kind);
            if mandatory {
                assert_ne!(
                    got,
                    Ok(row.kind),
                    "{name} without 0x{code:02x} (X.225 {})",
                    row.clause
                );
            } else {
                assert_eq!(got, Ok(row.kind), "{name} without optional 0x{code:02x}");
            }
        }
    }
}

/// Inside the groups: PGI 5 of CN and AC (8.3.1, 8.3.2) and PGI 33 of AR (8.3.28).
#[test]
fn inside_the_groups_too() {
    const ITEM: &[(u8, bool)] = &[(19, M), (21, O), (22, M), (23, O), (26, O)];
    const LINK: &[(u8, bool)] = &[(9, O), (10, O), (11, O), (12, O), (41, M), (42, M)];
    for row in rows() {
        let (group, table) = match row.kind {
            SpduKind::CN | SpduKind::AC => (5, ITEM),
            SpduKind::AR => (33, LINK),
            _ => continue,
        };
        let name = row.kind.abbreviation();
        let full = split(&encode(&row.full), row.kind.lead_in().is_some());
        let at = full.units.iter().position(|u| u.0 == group).unwrap();
        let children = units(&full.units[at].1);
        let codes: Vec<u8> = children.iter().map(|c| c.0).collect();
        let all: Vec<u8> = table.iter().map(|p| p.0).collect();
        assert_eq!(codes, all, "{name}: PGI {group} in order");
        for (i, &(code, mandatory)) in table.iter().enumerate() {
            let mut kids = children.clone();
            kids.remove(i);
            let mut without = Split {
                units: full.units.clone(),
                lead: full.lead.clone(),
                info: full.info.clone(),
                si: full.si,
            };
            without.units[at].1 = join(&kids);
            let got = read(&assemble(&without), row.kind);
            assert_eq!(
                got.is_ok(),
                !mandatory,
                "{name} PGI {group} without 0x{code:02x}: {got:?}"
            );
        }
    }
}

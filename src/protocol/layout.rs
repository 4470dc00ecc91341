//! Where each field of a TSDU lies, octet by octet: the SPDU identifier (SI), the length
//! indicator (LI), each parameter unit (PI or PGI, with the PIs a PGI holds) and the user
//! information (X.225 8.2, 8.3). The inspector uses it to show which octets make up a field.
//!
//! It reads only the structure that every SPDU shares, so it also names the fields of a TSDU
//! that is cut short (the trace keeps at most 64 octets of user data) or that does not decode:
//! a unit that runs past the end is shown up to the end and marked cut.

use std::ops::Range;

use super::codec::{kind_of, param_name, unsupported_si, Category, SpduKind};

/// One field: its octets, its name, and how deep it sits (0: an SPDU's own fields; 1: a
/// parameter unit; 2: a PI inside a PGI).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Its octets in the TSDU.
    pub octets: Range<usize>,
    /// What it is, in X.225's words.
    pub name: String,
    /// 0 for SI, LI and user information; 1 for a parameter unit; 2 inside a PGI.
    pub depth: u8,
}

/// PGIs whose value is a list of PIs (X.225 8.3: Connection Identifier, Connect/Accept Item,
/// Linking Information).
fn holds_pis(code: u8) -> bool {
    matches!(code, 1 | 5 | 33)
}

/// Reads a length (X.225 8.2.4): one octet, or `FF` and two more. None when cut short.
fn length(tsdu: &[u8], at: usize) -> Option<(usize, usize)> {
    match *tsdu.get(at)? {
        0xff => {
            let hi = *tsdu.get(at + 1)?;
            let lo = *tsdu.get(at + 2)?;
            Some((usize::from(hi) << 8 | usize::from(lo), 3))
        }
        n => Some((usize::from(n), 1)),
    }
}

/// Where an SPDU sits in its TSDU, which tells the SPDUs that share an SI apart (X.225 6.3.7,
/// 8.3 table 10).
#[derive(Clone, Copy)]
enum Place {
    /// First, with another SPDU after it: category 0.
    Lead,
    /// After a category 0 SPDU: category 2.
    After,
    /// The only SPDU of its TSDU: category 1 (or a category 0 SPDU on its own).
    Alone,
}

/// The SPDUs an SI stands for at `place`, by the codec's table (X.225 8.3, table 10) and its
/// categories (6.3.7); "or" where its place does not tell: SI 41 is MAP or AE by its Sync Type
/// Item, SI 42 MAA or AEA by what the receiver waits for (X.225 8.3.20-21, 8.3.33-34).
fn si_name(si: u8, place: Place) -> Option<&'static str> {
    let (name, category) = match kind_of(si, matches!(place, Place::After)) {
        Ok(Some(SpduKind::MAP)) => ("MAP or AE", Category::Two),
        Ok(Some(SpduKind::MAA)) => ("MAA or AEA", Category::Two),
        Ok(Some(kind)) => (kind.abbreviation(), kind.category()),
        Ok(None) | Err(_) => unsupported_si(si)?,
    };
    let fits = match place {
        Place::Lead => category == Category::Zero,
        Place::Alone => category != Category::Two,
        Place::After => category == Category::Two,
    };
    fits.then_some(name)
}

/// The name of PI `code` inside PGI `within` (0 at the top level): in an AR's Linking
/// Information the Activity Identifier is the old one, of the activity resumed (X.225 8.3.28).
fn unit_name(code: u8, within: u8) -> &'static str {
    match (within, code) {
        (33, 41) => "Old Activity Identifier",
        _ => param_name(code),
    }
}

/// The parameter units in `tsdu[range]`, at `depth` (inside PGI `within`, or 0), appended
/// to `out`.
fn units(tsdu: &[u8], range: Range<usize>, depth: u8, within: u8, out: &mut Vec<Field>) {
    let mut at = range.start;
    while at < range.end {
        let code = tsdu[at];
        // PGI 193 User Data and PGI 194 Extended User Data hold octets, not PIs (X.225 8.3.1).
        let user_data = matches!(code, 193 | 194);
        let kind = if depth == 1 && (holds_pis(code) || user_data) {
            "PGI"
        } else {
            "PI"
        };
        let Some((len, li)) = length(tsdu, at + 1).filter(|_| at + 1 < range.end) else {
            out.push(Field {
                octets: at..range.end,
                name: format!("{kind} {code} {} (cut short)", unit_name(code, within)),
                depth,
            });
            return;
        };
        let value = at + 1 + li;
        let end = value + len;
        let cut = end > range.end;
        // A short value of printable ASCII (serial numbers, activity identifiers) is shown.
        let text = tsdu
            .get(value..end)
            .filter(|v| !cut && !v.is_empty() && v.len() <= 32 && !holds_pis(code) && !user_data)
            .filter(|v| v.iter().all(|b| (0x20..0x7f).contains(b)))
            .map(|v| format!(" \"{}\"", String::from_utf8_lossy(v)))
            .unwrap_or_default();
        out.push(Field {
            octets: at..end.min(range.end),
            name: format!(
                "{kind} {code} {}: {len} octet{}{text}{}",
                unit_name(code, within),
                if len == 1 { "" } else { "s" },
                if cut { " (cut short)" } else { "" }
            ),
            depth,
        });
        if depth == 1 && holds_pis(code) {
            units(tsdu, value.min(range.end)..end.min(range.end), 2, code, out);
        }
        at = end;
    }
}

/// The fields of a TSDU, in order. Octets it cannot place (after an SPDU that leaves no room
/// for another) are user information.
pub fn layout(tsdu: &[u8]) -> Vec<Field> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut first = true;
    while at < tsdu.len() {
        let si = tsdu[at];
        // Named once its place is known (whether another SPDU follows it).
        let si_field = out.len();
        out.push(Field {
            octets: at..at + 1,
            name: format!("SI {si}: SPDU identifier"),
            depth: 0,
        });
        let Some((len, li)) = length(tsdu, at + 1) else {
            if at + 1 < tsdu.len() {
                out.push(Field {
                    octets: at + 1..tsdu.len(),
                    name: "LI (cut short)".into(),
                    depth: 0,
                });
            }
            return out;
        };
        out.push(Field {
            octets: at + 1..at + 1 + li,
            name: format!("LI: {len} octets of parameters"),
            depth: 0,
        });
        let params = at + 1 + li;
        let end = (params + len).min(tsdu.len());
        units(tsdu, params..end, 1, 0, &mut out);
        at = params + len;
        // Basic concatenation (X.225 6.3.7): only a GT or PT (SI 1 or 2) comes first with
        // another SPDU after it; whatever follows any other SPDU is its user information.
        let another = first && matches!(si, 1 | 2) && at + 1 < tsdu.len();
        let place = match (first, another) {
            (true, true) => Place::Lead,
            (true, false) => Place::Alone,
            (false, _) => Place::After,
        };
        if let Some(name) = si_name(si, place) {
            out[si_field].name = format!("SI {si}: SPDU identifier, {name}");
        }
        first = false;
        if !another {
            break;
        }
    }
    if at < tsdu.len() {
        out.push(Field {
            octets: at..tsdu.len(),
            name: format!("User information: {} octets shown", tsdu.len() - at),
            depth: 0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tsdu: &[u8]) -> Vec<(Range<usize>, String)> {
        layout(tsdu)
            .into_iter()
            .map(|f| (f.octets, f.name))
            .collect()
    }

    #[test]
    fn gt_dt_with_user_information() {
        // GT (empty) + DT (empty parameters) + three octets of user information.
        let fields = names(&[0x01, 0x00, 0x01, 0x00, b'a', b'b', b'c']);
        assert_eq!(
            fields,
            vec![
                (0..1, "SI 1: SPDU identifier, GT".into()),
                (1..2, "LI: 0 octets of parameters".into()),
                (2..3, "SI 1: SPDU identifier, DT".into()),
                (3..4, "LI: 0 octets of parameters".into()),
                (4..7, "User information: 3 octets shown".into()),
            ]
        );
    }

    #[test]
    fn pgi_holds_its_pis() {
        // CN: PGI 5 (Connect/Accept Item) with PI 22 (version) and PI 23 (serial "1").
        let tsdu = [13, 8, 5, 6, 22, 1, 2, 23, 1, b'1'];
        let fields = layout(&tsdu);
        let pgi = &fields[2];
        assert_eq!(pgi.octets, 2..10);
        assert_eq!(pgi.depth, 1);
        assert!(
            pgi.name.starts_with("PGI 5 Connect/Accept Item"),
            "{}",
            pgi.name
        );
        assert_eq!(fields[3].octets, 4..7);
        assert!(fields[3].name.starts_with("PI 22 Version Number"));
        assert_eq!(fields[4].octets, 7..10);
        assert_eq!(fields[4].name, "PI 23 Initial Serial Number: 1 octet \"1\"");
        assert_eq!(fields[4].depth, 2);
        assert_eq!(fields.len(), 5);
    }

    #[test]
    fn an_si_is_named_by_its_place_and_an_ars_old_activity_identifier_as_such() {
        assert_eq!(layout(&[13, 0])[0].name, "SI 13: SPDU identifier, CN");
        assert_eq!(layout(&[1, 0])[0].name, "SI 1: SPDU identifier, GT");
        // SI 25 alone is AB, after a GT it is AI; SI 42 after a GT is MAA or AEA.
        assert_eq!(layout(&[25, 0])[0].name, "SI 25: SPDU identifier, AB");
        assert_eq!(layout(&[1, 0, 25, 0])[2].name, "SI 25: SPDU identifier, AI");
        assert_eq!(
            layout(&[1, 0, 42, 0])[2].name,
            "SI 42: SPDU identifier, MAA or AEA"
        );
        // An SI no SPDU has there is named by its number only.
        assert_eq!(layout(&[99, 0])[0].name, "SI 99: SPDU identifier");
        // GT + AR with Linking Information (PGI 33) holding an activity id, and one outside.
        let ar = [1, 0, 29, 10, 33, 3, 41, 1, b'7', 41, 1, b'8', 42, 0];
        let names: Vec<String> = layout(&ar).into_iter().map(|f| f.name).collect();
        assert!(
            names.contains(&"PI 41 Old Activity Identifier: 1 octet \"7\"".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"PI 41 Activity Identifier: 1 octet \"8\"".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn long_li_and_cut_units_stay_in_bounds() {
        // LI in the three-octet form, and a user-data PGI claiming more than is there.
        let tsdu = [13, 0xff, 0x01, 0x00, 193, 0xff, 0x00, 0xfc, 1, 2];
        let fields = layout(&tsdu);
        assert_eq!(fields[1].octets, 1..4);
        assert_eq!(fields[1].name, "LI: 256 octets of parameters");
        assert_eq!(fields[2].octets, 4..10);
        assert!(
            fields[2].name.ends_with("(cut short)"),
            "{}",
            fields[2].name
        );
        for f in &fields {
            assert!(f.octets.end <= tsdu.len(), "{f:?}");
        }
    }

    #[test]
    fn extended_user_data_is_a_pgi_of_octets() {
        let mut tsdu = vec![13, 0xff, 0x02, 0x5c, 0xc2, 0xff, 0x02, 0x58];
        tsdu.extend([b'a'; 600]);
        let names: Vec<String> = layout(&tsdu).into_iter().map(|f| f.name).collect();
        assert!(
            names.contains(&"PGI 194 Extended User Data: 600 octets".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn any_octets_give_fields_inside_the_buffer() {
        let mut seed = 1u64;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (seed >> 56) as u8
                })
                .collect();
            for f in layout(&bytes) {
                assert!(
                    f.octets.start <= f.octets.end && f.octets.end <= len,
                    "{f:?}"
                );
            }
        }
    }
}

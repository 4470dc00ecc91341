//! A run in a link: the scenario, with the sessions the user started and the actions the
//! user took (each at a whole millisecond), as base64url JSON in the URL fragment
//! (`#run=...`). The same fragment gives the same run, because the world is deterministic.

use crate::sim::{Scenario, ScenarioError};

const PREFIX: &str = "run=";
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The fragment (without `#`) for a scenario.
pub fn to_fragment(s: &Scenario) -> String {
    let json = serde_json::to_vec(s).unwrap_or_default();
    let mut out = String::with_capacity(PREFIX.len() + json.len() * 4 / 3 + 4);
    out.push_str(PREFIX);
    for chunk in json.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// What is wrong with the link itself (the page says "This link cannot be opened: ...").
fn error(message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: String::new(),
        message: message.into(),
    }
}

/// Reads a fragment (with or without `#`); `Ok(None)` when it holds no run.
pub fn from_fragment(fragment: &str) -> Result<Option<Scenario>, ScenarioError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.is_empty() {
        return Ok(None);
    }
    let Some(data) = f.strip_prefix(PREFIX) else {
        return Err(error("its fragment does not start with \"run=\""));
    };
    if data.len() > crate::sim::scenario::MAX_JSON * 4 / 3 + 4 {
        return Err(error("it is too long"));
    }
    if data.is_empty() {
        return Err(error("it holds no run after \"run=\""));
    }
    if data.len() % 4 == 1 {
        return Err(error(
            "it is cut short (its base64 has a stray character at the end)",
        ));
    }
    let mut bytes = Vec::with_capacity(data.len() * 3 / 4);
    for (i, chunk) in data.as_bytes().chunks(4).enumerate() {
        let mut n = 0u32;
        for (j, c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == c).ok_or_else(|| {
                error(format!(
                    "it has {:?} at position {}, which is not base64url",
                    *c as char,
                    i * 4 + j
                ))
            })?;
            n |= (v as u32) << (18 - 6 * j);
        }
        for k in 0..chunk.len() - 1 {
            bytes.push((n >> (16 - 8 * k)) as u8);
        }
    }
    let text = String::from_utf8(bytes).map_err(|_| error("it does not decode to text"))?;
    Scenario::from_json(&text)
        .map(Some)
        .map_err(|e| ScenarioError {
            field: if e.field.is_empty() {
                "its scenario".into()
            } else {
                format!("its scenario, {}", e.field)
            },
            message: e.message,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::builtin;

    #[test]
    fn every_builtin_round_trips_through_a_link() {
        for name in crate::sim::BUILTIN {
            let s = builtin(name).unwrap();
            let f = to_fragment(&s);
            assert!(
                f.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)),
                "{f}"
            );
            assert_eq!(from_fragment(&format!("#{f}")).unwrap(), Some(s));
        }
        assert_eq!(from_fragment("").unwrap(), None);
        assert_eq!(from_fragment("#").unwrap(), None);
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let good = to_fragment(&builtin("rpc").unwrap());
        // A cut that leaves one stray base64 character at the end.
        let data = &good[PREFIX.len()..];
        let stray = format!("{PREFIX}{}", &data[..(data.len() - 2) / 4 * 4 + 1]);
        // A cut on a base64 boundary: valid base64, JSON that ends early.
        let short = format!("{PREFIX}{}", &data[..(data.len() - 8) / 4 * 4]);
        let cases = [
            ("#hello", "its fragment does not start with \"run=\""),
            (
                "#run=ab*d",
                "it has '*' at position 2, which is not base64url",
            ),
            (&short, "EOF while parsing"),
            (&stray, "it is cut short"),
            ("#run=", "it holds no run after \"run=\""),
            (
                "#run=e30",
                "its scenario, line 1 column 2: missing field `sessions`",
            ),
        ];
        for (f, needle) in cases {
            let e = from_fragment(f).unwrap_err().to_string();
            assert!(
                e.starts_with(needle) || e.contains(needle) && f == short,
                "{f}: {e}"
            );
        }
        // A valid link edited by hand to a value out of range.
        let mut s = builtin("file-transfer").unwrap();
        if let crate::sim::scenario::AppSpec::FileTransfer(f) = &mut s.sessions[0].app {
            f.minor_every = 0;
        }
        let e = from_fragment(&to_fragment(&s)).unwrap_err();
        assert!(e.field.contains("minor_every"), "{e}");
        // Every cut of a good link is an error or a valid run, never a panic.
        for cut in 0..good.len() {
            let _ = from_fragment(&good[..cut]);
        }
    }
}

//! A run in a link: the scenario, with the sessions the user started and the actions the
//! user took (each at a whole millisecond), as base64url JSON in the URL fragment
//! (`#run=...`). The same fragment gives the same run, because the world is deterministic.
//!
//! After the run, a link may say where and how fast it was shared: `&at=1454.959` (the
//! simulated time, in milliseconds with up to three decimals) and `&speed=0.25` (one of the
//! page's speeds). Links without them (every link made before them) open as they always did.

use crate::sim::narration::pace::SPEEDS;
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

/// A shared run: the scenario, and the time and speed it was shared at, when the link says.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// The run.
    pub scenario: Scenario,
    /// The simulated time it was shared at, in microseconds.
    pub at: Option<u64>,
    /// The speed it was shared at (one of [`SPEEDS`]).
    pub speed: Option<f64>,
}

/// A speed as a link writes it: "0.25", "1", "16" (integer arithmetic, no float formatting).
fn speed_text(speed: f64) -> String {
    let hundredths = (speed * 100.0).round() as u64;
    match hundredths % 100 {
        0 => format!("{}", hundredths / 100),
        h if h % 10 == 0 => format!("{}.{}", hundredths / 100, h / 10),
        h => format!("{}.{h:02}", hundredths / 100),
    }
}

/// The fragment (without `#`) for a scenario shared at time `at` (microseconds) and `speed`.
pub fn to_link(s: &Scenario, at: Option<u64>, speed: Option<f64>) -> String {
    let mut out = to_fragment(s);
    if let Some(t) = at {
        out.push_str(&format!("&at={}.{:03}", t / 1000, t % 1000));
    }
    if let Some(v) = speed {
        out.push_str(&format!("&speed={}", speed_text(v)));
    }
    out
}

/// Milliseconds with at most three decimals ("1454.959"), in microseconds.
fn micros(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 3 {
        return None;
    }
    let frac: u64 = format!("{frac:0<3}").parse().ok()?;
    whole
        .parse::<u64>()
        .ok()?
        .checked_mul(1000)?
        .checked_add(frac)
}

/// Reads a link's fragment (with or without `#`), its time and speed included; `Ok(None)`
/// when it holds no run.
pub fn from_link(fragment: &str) -> Result<Option<Shared>, ScenarioError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut parts = f.split('&');
    let Some(scenario) = from_fragment(parts.next().unwrap_or_default())? else {
        return Ok(None);
    };
    let mut shared = Shared {
        scenario,
        at: None,
        speed: None,
    };
    for part in parts {
        match part.split_once('=') {
            Some(("at", t)) => {
                shared.at = Some(micros(t).ok_or_else(|| {
                    error(format!(
                        "its time {t:?} is not milliseconds (like 1454.959)"
                    ))
                })?);
            }
            Some(("speed", v)) => {
                let speed = SPEEDS.iter().copied().find(|s| speed_text(*s) == v);
                shared.speed = Some(speed.ok_or_else(|| {
                    error(format!(
                        "its speed {v:?} is not one the page offers ({} to {})",
                        speed_text(SPEEDS[0]),
                        speed_text(SPEEDS[SPEEDS.len() - 1])
                    ))
                })?);
            }
            _ => {
                return Err(error(format!(
                    "it has {part:?} after the run, which is not at= or speed="
                )))
            }
        }
    }
    Ok(Some(shared))
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
    fn a_link_keeps_the_time_and_speed_it_was_shared_at() {
        let s = builtin("file-transfer").unwrap();
        let f = to_link(&s, Some(1_454_959), Some(0.25));
        assert!(f.ends_with("&at=1454.959&speed=0.25"), "{f}");
        let shared = from_link(&format!("#{f}")).unwrap().unwrap();
        assert_eq!(shared.scenario, s);
        assert_eq!((shared.at, shared.speed), (Some(1_454_959), Some(0.25)));
        for speed in SPEEDS {
            let back = from_link(&to_link(&s, Some(0), Some(speed)))
                .unwrap()
                .unwrap();
            assert_eq!(back.speed, Some(speed));
        }
        assert_eq!(
            from_link(&to_link(&s, Some(7), None)).unwrap().unwrap().at,
            Some(7)
        );
        let f = format!("{}&at=12", to_fragment(&s));
        assert_eq!(from_link(&f).unwrap().unwrap().at, Some(12_000));
        // A link made before: no time, no speed.
        let old = from_link(&to_fragment(&s)).unwrap().unwrap();
        assert_eq!((old.at, old.speed), (None, None));
        assert_eq!(from_link("").unwrap(), None);
        let bad = |tail: &str| {
            from_link(&format!("{}{tail}", to_fragment(&s)))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            bad("&speed=3"),
            "its speed \"3\" is not one the page offers (0.01 to 16)"
        );
        assert_eq!(
            bad("&at=1.2345"),
            "its time \"1.2345\" is not milliseconds (like 1454.959)"
        );
        assert_eq!(
            bad("&at=x"),
            "its time \"x\" is not milliseconds (like 1454.959)"
        );
        assert_eq!(
            bad("&zoom=2"),
            "it has \"zoom=2\" after the run, which is not at= or speed="
        );
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

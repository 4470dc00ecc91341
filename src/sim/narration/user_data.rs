//! What the user data an application put in an SPDU means: the session layer carries it
//! without reading it (X.225 leaves it to the layer above), but the playground's applications
//! are its own, and so are their formats (src/sim/apps): the banking login's credentials in CN
//! (`protocol::auth`: "AUTH1", the user name, a nonce and a keyed digest), its requests and the
//! bank's answers, the conversation's lines, the RPC calls and their results, as text in DT.

use bytes::Bytes;

use crate::protocol::codec::{decode_tsdu, DecodeContext};
use crate::sim::text::grouped;
use crate::sim::trace::{Host, What};

/// The credentials' tag, then the user name's length (see `protocol::auth`).
const AUTH_MAGIC: &[u8] = b"AUTH1";
/// The credentials' nonce and digest, in octets.
const NONCE_LEN: usize = 16;
const DIGEST_LEN: usize = 32;

/// The user data of an SPDU line of the trace, as far as the trace keeps it, and how many
/// octets of it were sent: a DT's user information (the trace keeps its first 64 octets),
/// the User Data of a control SPDU, the reason of an RF.
fn carried(what: &What) -> Option<(Vec<u8>, usize)> {
    let What::Spdu {
        spdu,
        len,
        header_len,
        octets,
        ..
    } = what
    else {
        return None;
    };
    if spdu == "DT" {
        let data = octets.bytes.get(*header_len..).unwrap_or_default();
        return Some((data.to_vec(), len.saturating_sub(*header_len)));
    }
    if octets.cut {
        return None;
    }
    let spdus = decode_tsdu(&Bytes::from(octets.bytes.clone()), DecodeContext::default()).ok()?;
    let data = spdus.iter().find_map(|s| s.user_data())?;
    Some((data.to_vec(), data.len()))
}

/// The banking login's credentials ("AUTH1" | length | user | nonce | digest), in words.
fn credentials(data: &[u8]) -> Option<String> {
    let rest = data.strip_prefix(AUTH_MAGIC)?;
    let (&len, rest) = rest.split_first()?;
    let user = rest.get(..usize::from(len))?;
    if rest.len() != usize::from(len) + NONCE_LEN + DIGEST_LEN {
        return None;
    }
    let user = std::str::from_utf8(user).ok()?;
    Some(format!(
        "The login's credentials: user name \"{user}\", a {NONCE_LEN}-octet nonce (new at each \
         login, so a copied CN is refused) and a {DIGEST_LEN}-octet digest of the password \
         (HMAC-SHA256 keyed by it). A digest was sent, not the password: the password never \
         leaves host A."
    ))
}

/// An RPC call as the client writes it ("call 2: add(2, 20)"), or its result ("call 2 = 22").
fn rpc(text: &str, from: Host) -> String {
    if from == Host::A {
        if let Some((which, call)) = text.split_once(": ") {
            if let Some((name, args)) = call.split_once('(') {
                let args = args.trim_end_matches(')');
                return format!(
                    "A remote procedure call ({which}): the procedure \"{name}\" with the \
                     arguments {args}."
                );
            }
        }
        return format!("A remote procedure call: \"{text}\".");
    }
    match text.split_once(" = ") {
        Some((which, result)) => format!("The result of {which}: {result}."),
        None => format!("A result: \"{text}\"."),
    }
}

/// What the user data of the SPDU `what` (a line of the trace) means, in the application
/// `app` of its session ("banking login"): `None` when it carries none, or none the playground
/// can read.
pub fn meaning(app: &str, what: &What) -> Option<String> {
    let What::Spdu { from, spdu, .. } = what else {
        return None;
    };
    let (data, sent) = carried(what)?;
    if data.is_empty() {
        return None;
    }
    if let Some(c) = credentials(&data) {
        return Some(c);
    }
    let text = std::str::from_utf8(&data)
        .ok()
        .filter(|t| t.chars().all(|c| !c.is_control()));
    let text = match (app, text) {
        ("file transfer", _) if spdu == "DT" => {
            return Some(format!(
                "{} octets of the file's content (made up from the run's seed, not text).",
                grouped(sent as u64)
            ))
        }
        (_, None) => return None,
        (_, Some(t)) => t,
    };
    Some(match (app, spdu.as_str(), from) {
        ("banking login", "RF", _) => format!("Why the bank refused: \"{text}\"."),
        ("banking login", _, Host::A) => format!("A request to the bank: \"{text}\"."),
        ("banking login", _, Host::B) => format!("The bank's answer: \"{text}\"."),
        ("remote procedure calls", _, _) => rpc(text, *from),
        (a, _, _) if a.ends_with("conversation") => {
            format!("A line of the conversation: \"{text}\".")
        }
        _ => format!("As text: \"{text}\"."),
    })
}

//! What the user data in an SPDU means, layer by layer: the session layer carries it without
//! reading it (X.225 leaves it to the layer above); the presentation layer above it put a
//! PPDU there ([`presentation`]: which PPDU, its context and syntaxes, X.226); and inside it
//! are the application's octets ([`meaning`]). The playground's applications are its own, and
//! so are their formats (src/sim/apps): the banking login's credentials in CN
//! (`protocol::auth`: "AUTH1", the user name, a nonce and a keyed digest), its requests and the
//! bank's answers, the conversation's lines, the RPC calls and their results, as text in DT.

use bytes::Bytes;

use crate::protocol::codec::{decode_tsdu, DecodeContext};
use crate::protocol::layout::layout;
use crate::protocol::presentation::{
    abstract_syntax, decode, decode_start, transfer_syntax, Carrier, Ppdu, PresError, CONTEXT_ID,
};
use crate::sim::text::grouped;
use crate::sim::trace::{Host, What};

/// The credentials' tag, then the user name's length (see `protocol::auth`).
const AUTH_MAGIC: &[u8] = b"AUTH1";
/// The credentials' nonce and digest, in octets.
const NONCE_LEN: usize = 16;
const DIGEST_LEN: usize = 32;

/// The session user data of an SPDU line of the trace, as far as the trace keeps it: the
/// SPDU's kind, the octets, and whether they were cut short (the trace keeps the header and
/// the first 64 octets of a DT's application data). `None` when it carries none.
fn session_user_data(what: &What) -> Option<(Carrier, Vec<u8>, bool)> {
    let What::Spdu { spdu, octets, .. } = what else {
        return None;
    };
    let carrier = Carrier::of(spdu)?;
    if matches!(spdu.as_str(), "DT" | "TD" | "EX") {
        let info = layout(&octets.bytes)
            .into_iter()
            .rfind(|f| f.depth == 0 && f.name.starts_with("User information"))?;
        let data = octets.bytes.get(info.octets)?;
        return Some((carrier, data.to_vec(), octets.cut));
    }
    if octets.cut {
        return None;
    }
    let spdus = decode_tsdu(&Bytes::from(octets.bytes.clone()), DecodeContext::default()).ok()?;
    let data = spdus.iter().find_map(|s| s.user_data())?;
    Some((carrier, data.to_vec(), false))
}

/// The PPDU in the session user data of an SPDU line, read as far as the trace keeps it.
fn ppdu(what: &What) -> Option<Result<Ppdu, PresError>> {
    let (carrier, octets, cut) = session_user_data(what)?;
    Some(if cut {
        decode_start(carrier, &octets)
    } else {
        decode(carrier, &octets)
    })
}

/// The application's octets an SPDU line carries inside its PPDU, as far as the trace keeps
/// them, and how many were sent.
fn carried(what: &What) -> Option<(Vec<u8>, usize)> {
    let ppdu = ppdu(what)?.ok()?;
    let pdv = ppdu.user_data()?;
    Some((pdv.data.to_vec(), pdv.len))
}

/// The presentation service an SPDU's PPDU belongs to (X.226 clause 7).
fn service(spdu: &str, ppdu: &Ppdu) -> &'static str {
    match (spdu, ppdu) {
        (_, Ppdu::Connect { .. }) => "P-CONNECT request",
        (_, Ppdu::Accept { .. }) => "P-CONNECT response, accepting",
        (_, Ppdu::Refuse { .. }) => "P-CONNECT response, refusing",
        (_, Ppdu::UserAbort { .. }) => "P-U-ABORT",
        (_, Ppdu::ProviderAbort { .. }) => "P-P-ABORT",
        ("TD", _) => "P-TYPED-DATA",
        ("EX", _) => "P-EXPEDITED-DATA",
        ("FN", _) => "P-RELEASE request",
        ("DN", _) => "P-RELEASE response",
        ("NF", _) => "P-RELEASE response, refusing",
        _ => "P-DATA",
    }
}

/// A presentation context's syntaxes in words, when it is the playground's.
fn syntax(context: u32) -> String {
    if context == CONTEXT_ID {
        format!(
            "abstract syntax {} (the playground's messages) in transfer syntax {} (BER)",
            abstract_syntax(),
            transfer_syntax()
        )
    } else {
        "a context this connection never defined".into()
    }
}

/// What the presentation layer put in the SPDU line `what` (X.226): which PPDU, for which
/// service, the presentation context and its syntaxes, and how many octets of the
/// application's it carries. `None` when the SPDU carries no session user data.
pub fn presentation(what: &What) -> Option<String> {
    let What::Spdu { spdu, .. } = what else {
        return None;
    };
    let ppdu = match ppdu(what)? {
        Ok(p) => p,
        Err(e) => return Some(format!("Not a presentation PDU: {e}.")),
    };
    let head = format!("{} PPDU ({})", ppdu.name(), service(spdu, &ppdu));
    let context = match &ppdu {
        Ppdu::Connect { contexts, .. } => contexts
            .iter()
            .map(|c| format!(", proposing context {}: {}", c.id, syntax(c.id)))
            .collect::<String>(),
        Ppdu::Accept { results, .. } if results.first().is_some_and(|r| r.result == 0) => {
            format!(", accepting context {CONTEXT_ID} in BER")
        }
        Ppdu::ProviderAbort { reason } => format!(
            ": the sender's presentation layer could not read a PPDU (reason {})",
            reason.map_or("none".into(), |r| r.to_string())
        ),
        _ => String::new(),
    };
    let data = match ppdu.user_data() {
        Some(p) if !matches!(ppdu, Ppdu::Data(_)) => format!(
            ". Its user data: {} octets in context {}",
            grouped(p.len as u64),
            p.context
        ),
        Some(p) => format!(
            ": fully encoded data, one value of {} octets in context {}, {}",
            grouped(p.len as u64),
            p.context,
            syntax(p.context)
        ),
        None if matches!(ppdu, Ppdu::ProviderAbort { .. }) => String::new(),
        None => ". No user data".into(),
    };
    Some(format!("{head}{context}{data}."))
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

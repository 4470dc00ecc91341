//! An SPDU sent, in plain words: what it asks or says (X.225 8.3 names each SPDU).

use crate::sim::text::{grouped, ms};
use crate::sim::trace::What;

/// The SPDU's name in X.225 (8.3), for its abbreviation ("CN": "CONNECT"); empty if unknown.
pub fn spdu_name(abbreviation: &str) -> &'static str {
    match abbreviation {
        "CN" => "CONNECT",
        "AC" => "ACCEPT",
        "RF" => "REFUSE",
        "FN" => "FINISH",
        "DN" => "DISCONNECT",
        "NF" => "NOT FINISHED",
        "AB" => "ABORT",
        "AA" => "ABORT ACCEPT",
        "DT" => "DATA TRANSFER",
        "EX" => "EXPEDITED",
        "TD" => "TYPED DATA",
        "GT" => "GIVE TOKENS",
        "PT" => "PLEASE TOKENS",
        "GTC" => "GIVE TOKENS CONFIRM",
        "GTA" => "GIVE TOKENS ACK",
        "MIP" => "MINOR SYNC POINT",
        "MIA" => "MINOR SYNC ACK",
        "MAP" => "MAJOR SYNC POINT",
        "MAA" => "MAJOR SYNC ACK",
        "RS" => "RESYNCHRONIZE",
        "RA" => "RESYNCHRONIZE ACK",
        "AS" => "ACTIVITY START",
        "AR" => "ACTIVITY RESUME",
        "AI" => "ACTIVITY INTERRUPT",
        "AIA" => "ACTIVITY INTERRUPT ACK",
        "AD" => "ACTIVITY DISCARD",
        "ADA" => "ACTIVITY DISCARD ACK",
        "AE" => "ACTIVITY END",
        "AEA" => "ACTIVITY END ACK",
        _ => "",
    }
}

/// What the sender of `spdu` does by sending it, after "Host A " ("asks host B for a session
/// connection").
fn deed(spdu: &str, to: &str, serial: Option<u32>, data: usize) -> String {
    let n = serial.map_or(String::new(), |s| format!(" {s}"));
    match spdu {
        "CN" => format!("asks host {to} for a session connection"),
        "AC" => format!("accepts host {to}'s session connection"),
        "RF" => format!("refuses host {to}'s session connection"),
        "FN" => "asks to end the session in order: it has nothing more to send".into(),
        "DN" => "agrees: the session ends in order, nothing lost".into(),
        "NF" => "refuses to end the session yet".into(),
        "AB" => "aborts the session: it ends at once".into(),
        "AA" => "acknowledges the abort".into(),
        "DT" => format!("sends {} octets of user data", grouped(data as u64)),
        "EX" | "TD" => format!(
            "sends {} octets of data outside the flow",
            grouped(data as u64)
        ),
        "GT" => format!("gives its token(s) to host {to}"),
        "PT" => format!("asks host {to} for a token"),
        "GTC" | "GTA" => "passes every token it holds".into(),
        "MIP" => format!("marks minor sync point{n}: host {to} is to confirm it"),
        "MIA" => format!("confirms minor sync point{n}: it has everything before it"),
        "MAP" => {
            format!("marks major sync point{n}: nothing more is sent until host {to} confirms it")
        }
        "MAA" => format!("confirms major sync point{n}"),
        "RS" => format!("asks to go back to sync point{n} (resynchronize)"),
        "RA" => format!("agrees to go back to sync point{n}"),
        "AS" => "starts an activity (here: the file's transfer)".into(),
        "AR" => format!("resumes the interrupted activity from sync point{n}"),
        "AI" => "interrupts the activity, keeping the sync points confirmed so far".into(),
        "AIA" => "acknowledges the interrupt".into(),
        "AD" => "discards the activity".into(),
        "ADA" => "acknowledges the discard".into(),
        "AE" => format!("ends the activity at sync point{n}"),
        "AEA" => "confirms the end of the activity".into(),
        other => format!("sends {other}"),
    }
}

/// An SPDU sent, as a sentence: "Host A asks host B for a session connection (CN, CONNECT);
/// it arrives at 60.010 ms." Empty for any other line.
pub fn spdu_sentence(what: &What) -> String {
    let What::Spdu {
        from,
        spdu,
        serial,
        len,
        header_len,
        arrives,
        ..
    } = what
    else {
        return String::new();
    };
    let name = spdu_name(spdu);
    let called = if name.is_empty() {
        spdu.clone()
    } else {
        format!("{spdu}, {name}")
    };
    let fate = match arrives {
        Some(t) => format!("it arrives at {} ms", ms(*t)),
        None => "it was lost in a break".into(),
    };
    format!(
        "Host {} {} ({called}); {fate}.",
        from.name(),
        deed(
            spdu,
            from.peer().name(),
            *serial,
            len.saturating_sub(*header_len)
        )
    )
}

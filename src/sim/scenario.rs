//! Scenarios: a JSON description of a run (the seed, the link, the sessions with their
//! applications and dialogue modes, and a schedule of user actions and faults), and the
//! built-in ones. A bad scenario gets one clear error naming the field; never a panic.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

use super::apps::banking::BankingSpec;
use super::apps::chat::ChatSpec;
use super::apps::file_transfer::FileTransferSpec;
use super::apps::rpc::RpcSpec;
use super::apps::DialogMode;
use super::tcpip::Stack;
use super::trace::Host;
use super::transport::Link;

#[cfg(test)]
mod error_tests;
mod errors;
mod path;
use errors::{as_from_value, parse_error, with_path, Step};

/// A whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name.
    #[serde(default)]
    pub name: String,
    /// What to watch for, in a sentence or three.
    #[serde(default)]
    pub description: String,
    /// The seed of every random choice in the run.
    #[serde(default)]
    pub seed: u64,
    /// The link between the hosts.
    #[serde(default)]
    pub link: Link,
    /// The sessions.
    pub sessions: Vec<SessionSpec>,
    /// User actions and faults, by time.
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// One session between host A and host B.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSpec {
    /// The application on top.
    pub app: AppSpec,
    /// Half-duplex or full-duplex.
    #[serde(default)]
    pub dialog: DialogMode,
    /// Resume from the last confirmed sync point after a break (false: restart from 0).
    #[serde(default = "yes")]
    pub recovery: bool,
    /// How long to wait before reconnecting after a break, milliseconds.
    #[serde(default = "default_reconnect_ms")]
    pub reconnect_delay_ms: u64,
    /// When the session starts, milliseconds.
    #[serde(default)]
    pub start_ms: u64,
    /// Give up (an abort) after this many reconnects.
    #[serde(default = "default_max_reconnects")]
    pub max_reconnects: u32,
    /// The stack it runs on: `"osi"` (the default, left out of the JSON) or `"tcpip"`.
    #[serde(default, skip_serializing_if = "Stack::is_osi")]
    pub stack: Stack,
}

fn default_max_reconnects() -> u32 {
    20
}

fn yes() -> bool {
    true
}
fn default_reconnect_ms() -> u64 {
    200
}

/// The application a session carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AppSpec {
    /// A large file transfer with sync points.
    FileTransfer(FileTransferSpec),
    /// A banking login session.
    Banking(BankingSpec),
    /// A half-duplex conversation.
    Chat(ChatSpec),
    /// Remote procedure calls.
    Rpc(RpcSpec),
}

impl AppSpec {
    /// The application's key in a scenario's JSON.
    fn key(&self) -> &'static str {
        match self {
            AppSpec::FileTransfer(_) => "file_transfer",
            AppSpec::Banking(_) => "banking",
            AppSpec::Chat(_) => "chat",
            AppSpec::Rpc(_) => "rpc",
        }
    }

    /// Checks the values serde cannot: the field that is wrong, and why, if one is.
    fn check(&self) -> Result<(), (&'static str, String)> {
        let (field, why) = match self {
            AppSpec::FileTransfer(f) if f.size == 0 || f.size > MAX_FILE => (
                "size",
                format!("must be 1 to {MAX_FILE} octets, not {}", f.size),
            ),
            AppSpec::FileTransfer(f) if f.chunk == 0 || f.chunk > 1 << 20 => (
                "chunk",
                format!("must be 1 to 1048576 octets, not {}", f.chunk),
            ),
            AppSpec::FileTransfer(f) if f.minor_every == 0 => {
                ("minor_every", "must be at least 1 octet".into())
            }
            AppSpec::FileTransfer(f) if f.size / f.minor_every > MAX_SYNC_POINTS => {
                ("minor_every", too_many_points(f.size, f.minor_every))
            }
            AppSpec::Banking(b) if b.requests > 10_000 => ("requests", "at most 10000".into()),
            AppSpec::Banking(b) if b.idle_timeout_ms == 0 || b.idle_timeout_ms > 86_400_000 => {
                ("idle_timeout_ms", "must be 1 ms to one day".into())
            }
            AppSpec::Banking(b) if b.think_ms > MAX_MS => ("think_ms", "at most one hour".into()),
            AppSpec::Chat(c) if c.lines > 10_000 => ("lines", "at most 10000".into()),
            AppSpec::Chat(c) if c.think_ms > MAX_MS => ("think_ms", "at most one hour".into()),
            AppSpec::Rpc(r) if r.calls > 10_000 => ("calls", "at most 10000".into()),
            _ => return Ok(()),
        };
        Err((field, why))
    }

    /// The application's name.
    pub fn name(&self) -> &'static str {
        match self {
            AppSpec::FileTransfer(_) => "file transfer",
            AppSpec::Banking(_) => "banking login",
            AppSpec::Chat(_) => "half-duplex conversation",
            AppSpec::Rpc(_) => "remote procedure calls",
        }
    }
}

/// A user action or fault at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// When, milliseconds (ignored by `break_at_byte`, which waits for the offset).
    #[serde(default)]
    pub at_ms: u64,
    /// Which session (index in `sessions`).
    pub session: u32,
    /// What.
    #[serde(rename = "do")]
    pub what: ActionKind,
}

/// What an action does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionKind {
    /// Break the transport connection now.
    Break,
    /// Break it when the sender has sent this many octets of the file.
    BreakAtByte(u64),
    /// Abort the session (a user abort, AB).
    Kill,
    /// Refuse reconnects for this many milliseconds.
    RefuseReconnectsMs(u64),
    /// Delay the next TSDU by this many milliseconds (what follows waits behind it).
    DelayNextMs(u64),
    /// Lose the next TSDU once: the transport sends it again after its retransmission
    /// timeout, so it arrives late but intact, as TCP repairs a lost segment.
    DropNext,
    /// This host's user gives the data token to the other (S-TOKEN-GIVE, GT).
    GiveToken(Host),
    /// This host's user asks the other for the data token (S-TOKEN-PLEASE, PT).
    RequestToken(Host),
    /// Change the dialogue mode of a live transfer by a real exchange: interrupt the
    /// activity (AI, AIA), release (FN, DN), connect again in the other mode, resume (AR).
    SwitchDialog(DialogMode),
}

impl ActionKind {
    /// Why this action lasts too long, if it does: a delay or a refusal lasts at most an hour
    /// ([`MAX_MS`]), in a scenario and from the playground's fault menu alike.
    pub fn too_long(&self) -> Option<String> {
        match self {
            ActionKind::DelayNextMs(ms) | ActionKind::RefuseReconnectsMs(ms) if *ms > MAX_MS => {
                Some(format!("at most one hour ({MAX_MS} ms), not {ms}"))
            }
            _ => None,
        }
    }
}

/// Why a scenario cannot be run: the field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The field, as a path (`sessions[0].app.file_transfer.size`), or where the JSON broke.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// The largest file a scenario may transfer (1 TiB).
pub const MAX_FILE: u64 = 1 << 40;
/// The largest scenario file accepted (1 MiB).
pub const MAX_JSON: usize = 1 << 20;
/// The most sessions in one scenario.
pub const MAX_SESSIONS: usize = 10_000;
/// The longest time a scenario may name, in milliseconds (one hour): start times, action
/// times, pauses, delays.
pub const MAX_MS: u64 = 3_600_000;

/// The most sync points a file transfer may have: serial numbers end at 999999 (X.225
/// 8.3.18), and a thousand are left for the points a resume sends again.
const MAX_SYNC_POINTS: u64 = 999_000;

/// Why a file of `size` octets with a sync point every `every` has too many, and the least
/// interval that would do.
fn too_many_points(size: u64, every: u64) -> String {
    format!(
        "a sync point every {every} octets of {size} makes {} of them, more than the {MAX_SYNC_POINTS} \
         serial numbers allow (they end at 999999): make it at least {} octets",
        size / every,
        size / (MAX_SYNC_POINTS + 1) + 1
    )
}

/// What is said of a scenario given as a JSON array.
const NOT_AN_OBJECT: &str =
    "it is a JSON array, and a scenario is a JSON object, beginning with '{'";

/// Refuses a scenario given as a JSON array, which serde would read as the fields in order
/// and refuse in its own words ("invalid length 0, expected struct Scenario with 6 elements").
fn not_an_array(array: bool) -> Result<(), ScenarioError> {
    match array {
        true => Err(ScenarioError {
            field: String::new(),
            message: NOT_AN_OBJECT.into(),
        }),
        false => Ok(()),
    }
}

impl Scenario {
    /// Parses and checks a scenario. A value of the wrong type, an unknown field or a missing
    /// one is named by its path, with where it is in the text:
    /// `sessions[0].app.file_transfer.size: invalid type: string "x", expected u64 (line 1
    /// column 80)`. An error in the top-level object itself (broken JSON, an unknown or
    /// missing top-level field) has no path and is named by its line and column.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_JSON {
            return Err(ScenarioError {
                field: String::new(),
                message: format!(
                    "it is {} octets long, and a scenario is at most {MAX_JSON}",
                    text.len()
                ),
            });
        }
        // Text that is not JSON at all is named by where it goes wrong, as any broken JSON.
        let array = text.trim_start().starts_with('[')
            && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        not_an_array(array)?;
        Scenario::from_text(text, true).map_err(|(e, _)| e)
    }

    /// As [`Scenario::from_json`], from JSON already parsed (a scenario inside an exported
    /// run). There is no text to point into, so errors have a path but no line and column;
    /// one in the top-level object has the empty field `""`.
    pub fn from_value(value: serde_json::Value) -> Result<Scenario, ScenarioError> {
        Scenario::from_parsed(&value)
    }

    /// As [`Scenario::from_value`], from a borrowed `Value`.
    pub fn from_parsed(value: &Value) -> Result<Scenario, ScenarioError> {
        not_an_array(value.is_array())?;
        // Read from its compact text: one way of deserializing a scenario in the wasm instead
        // of a second one for `Value`.
        Scenario::from_text(&value.to_string(), false).map_err(|e| as_from_value(e, value))
    }

    /// Parses and checks `text`; `at_text`: errors say where they are in it. A parse error
    /// also gives its path as steps (a check's error: none).
    fn from_text(text: &str, at_text: bool) -> Result<Scenario, (ScenarioError, Vec<Step>)> {
        let mut de = serde_json::Deserializer::from_str(text);
        let s = Scenario::deserialize(&mut de).map_err(|e| with_path(text, &e, at_text))?;
        de.end()
            .map_err(|e| (parse_error("", &e, at_text), Vec::new()))?;
        s.validate().map_err(|e| (e, Vec::new()))?;
        Ok(s)
    }

    /// Checks the values serde cannot: sizes, intervals, references between fields.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let bad = |field: String, message: String| Err(ScenarioError { field, message });
        if self.sessions.is_empty() {
            return bad("sessions".into(), "needs at least one session".into());
        }
        if self.sessions.len() > MAX_SESSIONS {
            return bad(
                "sessions".into(),
                format!("at most {MAX_SESSIONS} sessions"),
            );
        }
        if self.link.break_per_million > 1_000_000 {
            return bad(
                "link.break_per_million".into(),
                "at most 1000000 (every TSDU)".into(),
            );
        }
        if self.link.latency_us > 60_000_000 {
            return bad("link.latency_us".into(), "at most 60 s".into());
        }
        for (i, s) in self.sessions.iter().enumerate() {
            if let Err((field, why)) = s.app.check() {
                return bad(format!("sessions[{i}].app.{}.{field}", s.app.key()), why);
            }
            if s.reconnect_delay_ms > MAX_MS {
                return bad(
                    format!("sessions[{i}].reconnect_delay_ms"),
                    "at most one hour".into(),
                );
            }
            if s.start_ms > MAX_MS {
                return bad(
                    format!("sessions[{i}].start_ms"),
                    format!("at most one hour ({MAX_MS} ms), not {}", s.start_ms),
                );
            }
        }
        for (i, a) in self.actions.iter().enumerate() {
            if a.at_ms > MAX_MS {
                return bad(
                    format!("actions[{i}].at_ms"),
                    format!("at most one hour ({MAX_MS} ms), not {}", a.at_ms),
                );
            }
            if let Some(why) = a.what.too_long() {
                return bad(format!("actions[{i}].do"), why);
            }
            if a.session as usize >= self.sessions.len() {
                return bad(
                    format!("actions[{i}].session"),
                    format!(
                        "there is no session {} (there are {})",
                        a.session,
                        self.sessions.len()
                    ),
                );
            }
        }
        Ok(())
    }
}

/// A scenario of one session with these actions.
fn one(
    name: &str,
    description: &str,
    app: AppSpec,
    dialog: DialogMode,
    actions: Vec<Action>,
) -> Scenario {
    Scenario {
        name: name.into(),
        description: description.into(),
        seed: 1,
        link: Link::default(),
        sessions: vec![SessionSpec {
            app,
            dialog,
            recovery: true,
            reconnect_delay_ms: 200,
            start_ms: 0,
            max_reconnects: default_max_reconnects(),
            stack: Stack::Osi,
        }],
        actions,
    }
}

fn act(at_ms: u64, what: ActionKind) -> Action {
    Action {
        at_ms,
        session: 0,
        what,
    }
}

const TRANSFER_SIZE: u64 = 8 << 20;

fn transfer() -> AppSpec {
    AppSpec::FileTransfer(FileTransferSpec {
        size: TRANSFER_SIZE,
        chunk: 16 * 1024,
        minor_every: 256 * 1024,
        major_every: 8,
    })
}

fn banking(password_correct: bool, logout: bool) -> AppSpec {
    AppSpec::Banking(BankingSpec {
        password_correct,
        logout,
        ..BankingSpec::default()
    })
}

/// The built-in scenarios, by name.
pub fn builtin(name: &str) -> Option<Scenario> {
    let hd = DialogMode::HalfDuplex;
    let break_at_60 = vec![act(0, ActionKind::BreakAtByte(TRANSFER_SIZE * 6 / 10))];
    Some(match name {
        "file-transfer" => one(
            name,
            "An 8 MiB file with a minor sync point every 256 KiB breaks at 60%. The session \
             reconnects and resumes the activity (AR) from the last sync point the receiver \
             confirmed, so only the unconfirmed tail is sent again. Where this lives today: \
             resumable uploads (tus, S3 multipart) and FTP's REST.",
            transfer(),
            hd,
            break_at_60,
        ),
        "file-transfer-restart" => {
            let mut s = one(
                name,
                "The same transfer and the same break with recovery off: the new connection \
                 starts the activity again from byte 0, and everything before the break is sent \
                 twice. Where this lives today: a plain HTTP download or upload with no Range \
                 request or resumable upload behind it, which starts over when the connection \
                 drops.",
                transfer(),
                hd,
                break_at_60,
            );
            s.sessions[0].recovery = false;
            s
        }
        "banking-login" => one(
            name,
            "Alice logs in: CN carries a keyed digest of her password, never the password; the \
             bank answers AC with a fresh session identifier, serves three requests, and the \
             logout is an orderly release (FN, DN). Where this lives today: the HTTP session \
             cookie or bearer token issued at login and revoked at logout.",
            banking(true, true),
            hd,
            vec![],
        ),
        "wrong-password" => one(
            name,
            "The same login with a wrong password: the bank refuses the connection with RF, \
             reason \"rejected by the called user\", and no session exists. Where this lives \
             today: HTTP 401 before any session cookie is set.",
            banking(false, true),
            hd,
            vec![],
        ),
        "idle-timeout" => one(
            name,
            "Alice logs in, makes her requests and walks away without logging out; after two \
             idle seconds the bank ends the session with an abort. Where this lives today: \
             session cookies that expire after inactivity.",
            banking(true, false),
            hd,
            vec![],
        ),
        "half-duplex-chat" => one(
            name,
            "Two users take turns: only the data token's holder speaks; the listener asks for \
             the token with PT and the speaker hands it over with GT. Watch the token lane. \
             Where this lives today: push-to-talk, and the strict turn-taking of SMTP.",
            AppSpec::Chat(ChatSpec {
                lines: 6,
                think_ms: 250,
            }),
            hd,
            vec![],
        ),
        "kill-session" => one(
            name,
            "A transfer killed by its user at 400 ms, a third of the way in: S-U-ABORT sends AB, \
             the peer closes the transport, and nothing is resumed, because an abort ends the \
             dialogue for good. Where this lives today: a TCP reset (RST) or a closed browser \
             tab in the middle of a request, and HTTP/2's RST_STREAM cancelling one call.",
            transfer(),
            hd,
            vec![act(400, ActionKind::Kill)],
        ),
        "rpc" => one(
            name,
            "Four remote procedure calls on one session, each a request and its response. \
             Where this lives today: ONC RPC and DCE/RPC over TCP, gRPC calls over one HTTP/2 \
             connection, and NetBIOS's session service carrying SMB.",
            AppSpec::Rpc(RpcSpec { calls: 4 }),
            DialogMode::FullDuplex,
            vec![],
        ),
        _ => return None,
    })
}

/// The names of the built-in scenarios.
pub const BUILTIN: &[&str] = &[
    "file-transfer",
    "file-transfer-restart",
    "banking-login",
    "wrong-password",
    "idle-timeout",
    "half-duplex-chat",
    "kill-session",
    "rpc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_sync_points_says_the_least_interval_that_would_do() {
        let with = |size: u64, minor_every: u64| {
            let mut s = builtin("file-transfer").unwrap();
            if let AppSpec::FileTransfer(f) = &mut s.sessions[0].app {
                (f.size, f.minor_every) = (size, minor_every);
            }
            s.validate()
        };
        for size in [1 << 30, 999_001, 999_002, 5_000_000_007] {
            let least = size / (MAX_SYNC_POINTS + 1) + 1;
            assert_eq!(with(size, least), Ok(()), "{size}");
            let e = with(size, least - 1).unwrap_err();
            assert_eq!(e.field, "sessions[0].app.file_transfer.minor_every");
            assert!(
                e.message
                    .ends_with(&format!("make it at least {least} octets")),
                "{e}"
            );
        }
    }

    #[test]
    fn an_array_is_not_read_as_a_scenario() {
        for text in ["[]", " [1, 2, 3]", "[\"x\", 1, {}, [], [], []]"] {
            let e = Scenario::from_json(text).unwrap_err().to_string();
            assert_eq!(e, NOT_AN_OBJECT, "{text}");
            let value = serde_json::from_str(text).unwrap();
            let e = Scenario::from_value(value).unwrap_err().to_string();
            assert_eq!(e, NOT_AN_OBJECT, "{text}");
        }
        // Broken JSON is named by where serde stops reading it, not called an array.
        let e = Scenario::from_json("[1, 2").unwrap_err().to_string();
        assert!(!e.contains("array") && e.contains("(line 1 column "), "{e}");
    }

    #[test]
    fn every_builtin_says_where_it_lives_today() {
        for name in BUILTIN {
            let d = builtin(name).unwrap().description;
            assert!(d.contains(". Where this lives today: "), "{name}: {d}");
        }
    }

    #[test]
    fn builtins_are_valid_and_round_trip_through_json() {
        for name in BUILTIN {
            let s = builtin(name).unwrap();
            s.validate().unwrap();
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(Scenario::from_json(&json).unwrap(), s);
        }
        assert!(builtin("nope").is_none());
    }

    #[test]
    fn bad_scenarios_name_the_field() {
        let cases = [
            ("{", "line 1 column 1", "EOF"),
            (r#"{"sessions": []}"#, "sessions", "at least one"),
            (
                r#"{"sessions": [], "sedd": 1}"#,
                "line 1 column 23",
                "unknown field `sedd`",
            ),
            (
                r#"{"seed": "x", "sessions": []}"#,
                "seed",
                "invalid type: string \"x\", expected u64 (line 1 column 12)",
            ),
            (r#"{}"#, "line 1 column 2", "missing field `sessions`"),
            (
                r#"{"sessions": [{"app": {"rpc": {}}}]} x"#,
                "line 1 column 38",
                "trailing characters",
            ),
            (
                r#"{"sessions": [{"app": {"file_transfer": {"size": 4611686018427387904}}}]}"#,
                "sessions[0].app.file_transfer.size",
                "must be 1 to",
            ),
            (
                r#"{"sessions": [{"app": {"file_transfer": {"size": 10, "minor_every": 0}}}]}"#,
                "sessions[0].app.file_transfer.minor_every",
                "at least 1",
            ),
            (
                r#"{"sessions": [{"app": {"file_transfer": {"size": 10}}}], "actions": [{"session": 3, "do": "kill"}]}"#,
                "actions[0].session",
                "no session 3",
            ),
            (
                r#"{"sessions": [{"app": {"rpc": {}}, "start_ms": 18446744073709552}]}"#,
                "sessions[0].start_ms",
                "at most one hour (3600000 ms), not 18446744073709552",
            ),
            (
                r#"{"sessions": [{"app": {"rpc": {}}, "start_ms": 3600001}]}"#,
                "sessions[0].start_ms",
                "at most one hour",
            ),
            (
                r#"{"sessions": [{"app": {"rpc": {}}}], "actions": [{"at_ms": 0, "session": 0, "do": "kill"}, {"at_ms": 18446744073709551615, "session": 0, "do": "break"}]}"#,
                "actions[1].at_ms",
                "at most one hour (3600000 ms), not 18446744073709551615",
            ),
        ];
        for (json, field, message) in cases {
            let e = Scenario::from_json(json).unwrap_err();
            assert!(e.field.starts_with(field), "{json}: {e}");
            assert!(e.message.contains(message), "{json}: {e}");
        }
        let deep = "[".repeat(10_000);
        assert!(Scenario::from_json(&deep).is_err());
        let deep = format!("{{\"sessions\": {}", "[".repeat(10_000));
        assert!(Scenario::from_json(&deep).is_err());
        let huge = " ".repeat(MAX_JSON + 1);
        let e = Scenario::from_json(&huge).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "it is {} octets long, and a scenario is at most {MAX_JSON}",
                MAX_JSON + 1
            )
        );
    }

    /// Errors deep in the tree name the value's path, then say where it is in the text.
    #[test]
    fn wrong_types_unknown_and_missing_fields_are_named_by_their_path() {
        let cases = [
            (
                r#"{"sessions": [{"app": {"rpc": {}}}, {"app": {"file_transfer": {"size": "x"}}}]}"#,
                r#"sessions[1].app.file_transfer.size: invalid type: string "x", expected u64 (line 1 column 74)"#,
            ),
            (
                r#"{"sessions": [{"app": {"rpc": {}}}], "actions": [{"session": 0, "do": {"delay_next_ms": -1}}]}"#,
                "actions[0].do.delay_next_ms: invalid value: integer `-1`, expected u64 (line 1 column 90)",
            ),
            (
                r#"{"sessions": [{"app": {"banking": {"think_ms": 1, "pasword": "x"}}}]}"#,
                "sessions[0].app.banking: unknown field `pasword`, expected one of `password_correct`, \
                 `requests`, `think_ms`, `logout`, `idle_timeout_ms` (line 1 column 59)",
            ),
            (
                r#"{"sessions": [{"app": {"rpc": {}}}, {"app": {"chat": {}}}, {"app": {"file_transfer": {"chunk": 5}}}]}"#,
                "sessions[2].app.file_transfer: missing field `size` (line 1 column 97)",
            ),
            (
                r#"{"sessions": [{"app": {"rpc": {}}}], "actions": [{"session": 0}]}"#,
                "actions[0]: missing field `do` (line 1 column 63)",
            ),
            (
                r#"{"sessions": [{"app": {"telnet": {}}}]}"#,
                "sessions[0].app: unknown variant `telnet`, expected one of `file_transfer`, \
                 `banking`, `chat`, `rpc` (line 1 column 31)",
            ),
        ];
        for (json, want) in cases {
            let e = Scenario::from_json(json).unwrap_err();
            assert_eq!(e.to_string(), want, "{json}");
        }
        // From JSON already parsed there is no line and column to give.
        let value = serde_json::from_str(cases[0].0).unwrap();
        let e = Scenario::from_value(value).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"sessions[1].app.file_transfer.size: invalid type: string "x", expected u64"#
        );
        let e = Scenario::from_value(serde_json::json!({"seed": 1})).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("", "missing field `sessions`")
        );
    }
}

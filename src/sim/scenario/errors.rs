//! Scenario errors that name the field: serde's error with the path of the value it is
//! about (found from where in the text serde_json stopped, see `path.rs`), worded the same
//! whether the scenario came as text or as JSON already parsed (a scenario inside an
//! exported run, read again from its compact text so that the wasm holds one deserializer,
//! not two).

use serde::Deserialize;
use serde_json::Value;

use super::path::path_of_error;
use super::{Scenario, ScenarioError};

/// A step of a field's path: a member's (or an enum's variant's) name, or an element's index.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// serde_json's error reading `text`, named by the path of the value it is about (also given
/// as its steps). An unknown field is named by the object that holds it, as a missing one is
/// (the message names the field itself).
pub(super) fn with_path(
    text: &str,
    e: &serde_json::Error,
    at_text: bool,
) -> (ScenarioError, Vec<Step>) {
    let steps = path_of_error(text, e, |text| {
        let mut de = serde_json::Deserializer::from_str(text);
        Scenario::deserialize(&mut de).err()
    });
    (parse_error(&path_of(&steps), e, at_text), steps)
}

/// A path as errors name it: `sessions[0].app.rpc.calls`.
pub(super) fn path_of(steps: &[Step]) -> String {
    let mut path = String::new();
    for s in steps {
        match s {
            Step::Index(i) => path.push_str(&format!("[{i}]")),
            Step::Key(k) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
        }
    }
    path
}

/// serde's error about the value at `path` (`sessions[0].app.rpc.calls`; empty for the
/// top-level object), with its line and column when `at_text` (not for JSON already parsed,
/// whose text was written again here and is not the user's). The top-level object is named
/// by the line and column.
pub(super) fn parse_error(path: &str, e: &serde_json::Error, at_text: bool) -> ScenarioError {
    // serde_json ends its message with " at line L column C"; the position is given apart.
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or("").to_string();
    let at = (at_text && e.line() > 0).then(|| format!("line {} column {}", e.line(), e.column()));
    let (field, message) = match (path.is_empty(), at) {
        (true, Some(at)) => (at, what),
        (true, None) => (String::new(), what),
        (false, Some(at)) => (path.to_string(), format!("{what} ({at})")),
        (false, None) => (path.to_string(), what),
    };
    ScenarioError { field, message }
}

/// The value at the end of `steps`.
pub(super) fn value_at<'v>(mut value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    for step in steps {
        value = match step {
            Step::Key(k) => value.get(k)?,
            Step::Index(i) => value.get(*i)?,
        };
    }
    Some(value)
}

/// What serde says a JSON value is, as serde_json's `Value` says it.
pub(super) fn unexpected(v: &Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// The error serde_json gives reading the scenario `value` itself, from `e`, the one it gave
/// reading `value`'s compact text. They are the same but for an enum or a struct in the
/// wrong shape, which the text reader words by the JSON it stopped at ("expected value",
/// "trailing characters") and the `Value` reader by the shape. (The text is read again,
/// with a member emptied, only to tell whether an object of several members is an enum.)
pub(super) fn as_from_value((e, path): (ScenarioError, Vec<Step>), value: &Value) -> ScenarioError {
    use serde::de::{Error as _, Unexpected};
    let single_key = |path: &[Step]| {
        let e = serde_json::Error::invalid_value(Unexpected::Map, &"map with a single key");
        parse_error(&path_of(path), &e, false)
    };
    // An enum written as an object of several members: the `Value` reader refuses it before
    // reading any, the text reader reads the first (and may stop inside it).
    for n in 0..path.len() {
        let Some(Value::Object(m)) = value_at(value, &path[..n]) else {
            continue;
        };
        if m.len() < 2 || !matches!(&path[n], Step::Key(k) if m.keys().next() == Some(k)) {
            continue;
        }
        let mut emptied = value.clone();
        let mut at = Some(&mut emptied);
        for step in &path[..n] {
            at = at.and_then(|v| match step {
                Step::Key(k) => v.get_mut(k),
                Step::Index(i) => v.get_mut(*i),
            });
        }
        let Some(at) = at else { continue };
        *at = Value::Object(serde_json::Map::new());
        let is_enum = Scenario::from_text(&emptied.to_string(), false)
            .is_err_and(|(e, p)| p == path[..n] && e.message == "expected value");
        if is_enum {
            return single_key(&path[..n]);
        }
    }
    let err = match (e.message.as_str(), value_at(value, &path)) {
        ("expected value", Some(Value::Object(_))) => return single_key(&path),
        ("expected value", Some(v)) => {
            serde_json::Error::invalid_type(unexpected(v), &"string or map")
        }
        (m, Some(Value::Object(o))) if o.len() > 1 && m.starts_with("unknown variant") => {
            return single_key(&path)
        }
        ("trailing characters", Some(Value::Array(a))) => {
            serde_json::Error::invalid_length(a.len(), &"fewer elements in array")
        }
        _ => return e,
    };
    parse_error(&e.field, &err, false)
}

//! Scenario errors that name the field: serde's error with the path of the value it is
//! about (serde_path_to_error), worded the same whether the scenario came as text or as
//! JSON already parsed (a scenario inside an exported run, read again from its compact text
//! so that the wasm holds one deserializer, not two).

use serde_json::Value;

use super::{Scenario, ScenarioError};

/// A step of a field's path: a member's (or an enum's variant's) name, or an element's index.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// serde's error, named by the path of the value it is about (also given as its steps). An
/// unknown field is named by the object that holds it, as a missing one is (the message
/// names the field itself).
pub(super) fn with_path(
    e: serde_path_to_error::Error<serde_json::Error>,
    at_text: bool,
) -> (ScenarioError, Vec<Step>) {
    use serde_path_to_error::Segment;
    let unknown_field = e.inner().to_string().starts_with("unknown field `");
    // Up to the first segment serde could not name (a key cut short by the end of the text).
    let mut steps: Vec<Step> = e
        .path()
        .iter()
        .map_while(|s| match s {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } | Segment::Enum { variant: key } => Some(Step::Key(key.clone())),
            Segment::Unknown => None,
        })
        .collect();
    if unknown_field {
        steps.pop();
    }
    (parse_error(&path_of(&steps), e.inner(), at_text), steps)
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

/// `from_value` reads a scenario from its text; its errors are still those of serde_json's
/// `Value` reader, tried on every value of the built-in scenarios put in the wrong shape.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::builtin;
    use serde_json::json;

    /// What `from_value` did before it read from the text: the `Value` reader.
    fn by_value_reader(value: Value) -> Result<Scenario, ScenarioError> {
        let s: Scenario =
            serde_path_to_error::deserialize(value).map_err(|e| with_path(e, false).0)?;
        s.validate()?;
        Ok(s)
    }

    /// Every value in `v` (`Value::pointer`'s form).
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, x)| pointers(x, format!("{at}/{k}"), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
            _ => {}
        }
    }

    #[test]
    fn errors_are_those_of_the_value_reader() {
        let others = [
            json!(null),
            json!(true),
            json!(1),
            json!(-1),
            json!(1.5),
            json!(1e300),
            json!(u64::MAX),
            json!("x"),
            json!("break"),
            json!("A"),
            json!("full-duplex"),
            json!([]),
            json!([1]),
            json!([1, 2, 3, 4, 5, 6, 7, 8]),
            json!(["x"]),
            json!([{}]),
            json!({}),
            json!({"x": 1}),
            json!({"break_at_byte": 5, "x": 1}),
            json!({"kill": null}),
            json!({"kill": 5}),
            json!({"kill": [], "x": 1}),
            json!({"break_at_byte": 5}),
            json!({"give_token": "A"}),
            json!({"rpc": {}}),
            json!({"rpc": {}, "chat": {}}),
            json!({"chat": {"x": 1}, "rpc": {}}),
            json!({"banking": {"think_ms": "x"}, "rpc": {}}),
            json!({"break_at_byte": "x", "kill": null}),
            json!({"give_token": "C", "kill": null}),
            json!({"give_token": {"A": 1, "B": 2}, "kill": null}),
            json!({"give_token": 3, "kill": null}),
            json!({"switch_dialog": "x"}),
            json!({"switch_dialog": {"a": 1, "b": 2}, "x": 1}),
            json!({"file_transfer": [1, 2, 3, 4, 5, 6, 7, 8, 9], "rpc": {}}),
            json!({"file_transfer": {"size": [1, 2]}, "rpc": {}}),
            json!({"file_transfer": [1, 2, 3, 4, 5, 6, 7, 8, 9]}),
            json!({"file_transfer": [1]}),
            json!([{"app": {"rpc": {}, "chat": {}}}, 1]),
        ];
        let mut cases = 0;
        for name in crate::sim::BUILTIN {
            let base = serde_json::to_value(builtin(name).unwrap()).unwrap();
            let mut all = Vec::new();
            pointers(&base, String::new(), &mut all);
            for at in &all {
                let old = base.pointer(at).unwrap().clone();
                let mut tried: Vec<Value> = others.to_vec();
                tried.extend([
                    json!({"aa": old, "zz": 1}),
                    json!({"rpc": old, "zz": 1}),
                    json!({"break_at_byte": old, "zz": 1}),
                    json!({"switch_dialog": old, "zz": 1}),
                    json!([old, 1, 2, 3, 4, 5, 6, 7, 8]),
                    json!({"file_transfer": [old, 1, 2, 3, 4, 5, 6, 7, 8, 9]}),
                ]);
                if let Value::Object(m) = &old {
                    // Each member taken out, and an unknown one put in (first and last).
                    for k in m.keys().cloned().chain(["aa".into(), "zz".into()]) {
                        let mut edited = m.clone();
                        if edited.remove(&k).is_none() {
                            edited.insert(k, json!(1));
                        }
                        tried.push(Value::Object(edited));
                    }
                }
                for new in tried {
                    let mut v = base.clone();
                    *v.pointer_mut(at).unwrap() = new;
                    cases += 1;
                    assert_eq!(
                        Scenario::from_value(v.clone()),
                        by_value_reader(v.clone()),
                        "{v}"
                    );
                }
            }
        }
        assert!(cases > 5_000, "{cases}");
    }
}

//! Opening a file: a scenario, or a run exported as JSON (`{"scenario", "trace",
//! "summaries"}`, what "Export JSON" and `session-sim run --format json` write). An exported
//! run is checked before it is used: the world is deterministic, so replaying its scenario
//! must give its trace again, event for event. A trace edited by hand, cut short in the
//! middle of an event, or from another version of the rules is refused with the first event
//! that differs; nothing is taken on trust.

use serde::Serialize;
use serde_json::{Map, Value};

use super::scenario::{Scenario, ScenarioError, MAX_JSON};
use super::world::World;

/// The largest exported run that is read (a scenario alone may be at most
/// [`MAX_JSON`](super::scenario::MAX_JSON)).
pub const MAX_EXPORT_JSON: usize = 64 << 20;

fn error(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        message: message.into(),
    }
}

/// The `Value` of serde_json's own compact text of `value`: for the types written here, which
/// hold no floating-point numbers, the same `Value` as `serde_json::to_value`, without a second
/// way of serializing them in the wasm.
fn value_of<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_string(value)
        .ok()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// A run as "Export JSON" saves it: `{"scenario", "trace", "summaries"}`, pretty, with every
/// object's members in name order (what `serde_json::to_vec_pretty` of `serde_json::json!`
/// of the three writes).
pub fn export(scenario: &Scenario, world: &World) -> Vec<u8> {
    let mut doc = Map::new();
    doc.insert("scenario".into(), value_of(scenario));
    doc.insert("trace".into(), value_of(world.trace()));
    doc.insert("summaries".into(), value_of(&world.summaries()));
    pretty(&Value::Object(doc).to_string()).into_bytes()
}

/// A scenario as "Save scenario" writes it: pretty JSON, members in the order of its fields
/// (what `serde_json::to_vec_pretty` writes).
pub fn scenario_file(scenario: &Scenario) -> Vec<u8> {
    pretty(&serde_json::to_string(scenario).unwrap_or_default()).into_bytes()
}

/// serde_json's pretty form of its compact form: a two-space indent, `": "` after a name, and
/// `[]` and `{}` when empty. Re-spaced, not serialized a second way.
pub fn pretty(compact: &str) -> String {
    fn newline(out: &mut Vec<u8>, indent: usize) {
        out.push(b'\n');
        for _ in 0..indent {
            out.extend_from_slice(b"  ");
        }
    }
    let b = compact.as_bytes();
    let mut out = Vec::with_capacity(b.len() * 2);
    let (mut i, mut indent, mut in_str) = (0, 0usize, false);
    while i < b.len() {
        let c = b[i];
        i += 1;
        if in_str {
            out.push(c);
            match c {
                b'\\' => {
                    if let Some(&next) = b.get(i) {
                        out.push(next);
                        i += 1;
                    }
                }
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => {
                in_str = true;
                out.push(c);
            }
            b'{' | b'[' => {
                out.push(c);
                if matches!(b.get(i), Some(b'}' | b']')) {
                    out.push(b[i]);
                    i += 1;
                } else {
                    indent += 1;
                    newline(&mut out, indent);
                }
            }
            b'}' | b']' => {
                indent = indent.saturating_sub(1);
                newline(&mut out, indent);
                out.push(c);
            }
            b',' => {
                out.push(c);
                newline(&mut out, indent);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(c),
        }
    }
    // Only ASCII was added, between whole UTF-8 sequences.
    String::from_utf8(out).unwrap_or_default()
}

/// The scenario in a file that holds a scenario or an exported run.
pub fn open(text: &str) -> Result<Scenario, ScenarioError> {
    if text.len() > MAX_EXPORT_JSON {
        return Err(error(
            "(file)",
            format!(
                "{} octets is too large; at most {MAX_EXPORT_JSON}",
                text.len()
            ),
        ));
    }
    // Both are JSON objects; only an export has a "trace" member at the top level.
    let mut doc = match serde_json::from_str::<Map<String, Value>>(text) {
        Ok(doc) if doc.contains_key("trace") => doc,
        _ => return Scenario::from_json(text),
    };
    if let Some(k) = doc
        .keys()
        .find(|k| !matches!(k.as_str(), "scenario" | "trace" | "summaries"))
    {
        return Err(error(
            k.clone(),
            "an exported run holds only scenario, trace and summaries",
        ));
    }
    let scenario = doc
        .remove("scenario")
        .ok_or_else(|| error("scenario", "an exported run needs its scenario"))?;
    let size = scenario.to_string().len();
    if size > MAX_JSON {
        return Err(error(
            "scenario",
            format!("{size} octets is too large; at most {MAX_JSON}"),
        ));
    }
    // Errors are named by their path inside the member (the top-level object: the member).
    let scenario = Scenario::from_value(scenario).map_err(|e| ScenarioError {
        field: if e.field.is_empty() {
            "scenario".into()
        } else {
            format!("scenario.{}", e.field)
        },
        message: e.message,
    })?;
    let trace = doc.remove("trace").unwrap_or_default();
    let (Some(events), Some(limit)) = (
        trace.get("events").and_then(Value::as_array),
        trace.get("limit").and_then(Value::as_u64),
    ) else {
        return Err(error(
            "trace",
            "needs events (a list) and limit (a number), as Export JSON writes them",
        ));
    };
    check_replay(&scenario, events, limit)?;
    Ok(scenario)
}

/// Replays `scenario` to the time of the last of `events` and compares, event for event, in
/// the JSON form the trace is exported in (so nothing needs reading back into a trace).
fn check_replay(scenario: &Scenario, events: &[Value], limit: u64) -> Result<(), ScenarioError> {
    let mut world = World::new(scenario);
    world.set_trace_limit(usize::try_from(limit).unwrap_or(usize::MAX));
    if let Some(last) = events.last() {
        let t = last.get("t").and_then(Value::as_u64).ok_or_else(|| {
            error(
                format!("trace.events[{}].t", events.len() - 1),
                "needs a time (a number of µs)",
            )
        })?;
        world.run_until(t);
    }
    let replayed: Value = serde_json::to_string(world.trace())
        .ok()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let replayed = replayed
        .get("events")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, want) in events.iter().enumerate() {
        match replayed.get(i) {
            Some(got) if got == want => {}
            Some(got) => {
                return Err(error(
                    format!("trace.events[{i}]"),
                    format!("does not match a replay of the scenario, which has {got}"),
                ))
            }
            None => {
                return Err(error(
                    format!("trace.events[{i}]"),
                    "a replay of the scenario has no such event",
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::builtin;

    fn exported(name: &str) -> serde_json::Value {
        let s = builtin(name).unwrap();
        let mut w = World::new(&s);
        w.run_to_end(600_000_000);
        serde_json::json!({ "scenario": s, "trace": w.trace(), "summaries": w.summaries() })
    }

    #[test]
    fn an_exported_run_opens_as_its_scenario() {
        let doc = exported("file-transfer");
        let s = open(&doc.to_string()).unwrap();
        assert_eq!(s, builtin("file-transfer").unwrap());
    }

    /// Export JSON and Save scenario write what serde_json's pretty writer wrote, byte for
    /// byte, for every built-in scenario at its start, part-way and at its end.
    #[test]
    fn export_and_scenario_file_are_serde_jsons_pretty_form() {
        for name in crate::sim::BUILTIN {
            let s = builtin(name).unwrap();
            assert_eq!(
                scenario_file(&s),
                serde_json::to_vec_pretty(&s).unwrap(),
                "{name}"
            );
            let mut w = World::new(&s);
            for t in [0, 5_000_000, 600_000_000] {
                w.run_to_end(t);
                let doc = serde_json::json!({ "scenario": s, "trace": w.trace(), "summaries": w.summaries() });
                let want = serde_json::to_vec_pretty(&doc).unwrap();
                assert_eq!(export(&s, &w), want, "{name} at {t}");
            }
        }
    }

    #[test]
    fn pretty_respaces_any_compact_json() {
        let v = serde_json::json!({
            "a": [], "b": {}, "c": [[], {}, [1, [2, {}]]], "d": "q\"u:o,t{e}[s]\\",
            "e\\": null, "f": -1.5e-7, "g": true, "h": {"i": [{"j": "é ✓ \u{1F600}"}]},
        });
        assert_eq!(
            pretty(&v.to_string()),
            serde_json::to_string_pretty(&v).unwrap()
        );
        for name in crate::sim::BUILTIN {
            let s = builtin(name).unwrap();
            let v = serde_json::to_value(&s).unwrap();
            assert_eq!(
                pretty(&v.to_string()),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
        assert_eq!(pretty(""), "");
    }

    #[test]
    fn a_scenario_still_opens_as_itself() {
        let s = builtin("rpc").unwrap();
        assert_eq!(open(&serde_json::to_string(&s).unwrap()).unwrap(), s);
    }

    #[test]
    fn an_edited_trace_is_refused_at_the_first_difference() {
        let mut doc = exported("rpc");
        doc["trace"]["events"][3]["t"] = serde_json::json!(1);
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "trace.events[3]", "{e}");
    }

    #[test]
    fn an_invented_event_is_refused() {
        let mut doc = exported("rpc");
        let events = doc["trace"]["events"].as_array_mut().unwrap();
        let last = events.last().unwrap().clone();
        events.push(last);
        let e = open(&doc.to_string()).unwrap_err();
        assert!(e.field.starts_with("trace.events["), "{e}");
    }

    #[test]
    fn bad_parts_are_named() {
        let mut doc = exported("rpc");
        doc["scenario"]["sessions"] = serde_json::json!([]);
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "scenario.sessions", "{e}");
        let mut doc = exported("rpc");
        doc["trace"]["events"][0]["kind"] = serde_json::json!("nonsense");
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "trace.events[0]", "{e}");
        let e = open(r#"{"scenario": {}, "trace": 1}"#).unwrap_err();
        assert_eq!(e.field, "scenario", "{e}");
        let mut doc = exported("rpc");
        doc["scenario"]["sessions"][0]["app"]["rpc"]["calls"] = serde_json::json!("four");
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"scenario.sessions[0].app.rpc.calls: invalid type: string "four", expected u32"#
        );
        let mut doc = exported("rpc");
        doc["trace"] = serde_json::json!({"events": "no"});
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "trace", "{e}");
        let mut doc = exported("rpc");
        doc["extra"] = serde_json::json!(1);
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "extra", "{e}");
    }
}

//! Opening a file: a scenario, or a run exported as JSON (`{"scenario", "trace",
//! "summaries"}`, what "Export JSON" and `session-sim run --format json` write). An exported
//! run is checked before it is used: the world is deterministic, so replaying its scenario
//! must give its trace again, event for event. A trace edited by hand, cut short in the
//! middle of an event, or from another version of the rules is refused with the first event
//! that differs; nothing is taken on trust.

use serde::Serialize;
use serde_json::{Map, Value};

use super::scenario::{Scenario, ScenarioError, MAX_JSON};
use super::trace::What;
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
            "",
            format!(
                "it is {} octets long, and an exported run is at most {MAX_EXPORT_JSON}",
                text.len()
            ),
        ));
    }
    // Both are JSON objects: anything else is said to be not JSON at once (a capture saved
    // by Export pcap, say), not measured against a scenario's size first.
    if !text.trim_start().starts_with('{') {
        let json = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        return Err(error(
            "",
            if json {
                "it is JSON, but not an object: a scenario or an exported run is a JSON \
                 object, beginning with '{'"
            } else {
                "it is not JSON: a scenario or an exported run is a JSON object, \
                 beginning with '{' (a capture saved by Export pcap is for Wireshark)"
            },
        ));
    }
    // Both are JSON objects; only an export has a "trace" member at the top level.
    let doc = match serde_json::from_str::<Map<String, Value>>(text) {
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
    // Members are looked at where they are, not taken out (`Map::remove` is a large part of
    // the wasm for it).
    let scenario = doc
        .get("scenario")
        .ok_or_else(|| error("scenario", "an exported run needs its scenario"))?;
    let size = scenario.to_string().len();
    if size > MAX_JSON {
        return Err(error(
            "scenario",
            format!("{size} octets is too large; at most {MAX_JSON}"),
        ));
    }
    // Errors are named by their path inside the member (the top-level object: the member).
    let scenario = Scenario::from_parsed(scenario).map_err(|e| ScenarioError {
        field: if e.field.is_empty() {
            "scenario".into()
        } else {
            format!("scenario.{}", e.field)
        },
        message: e.message,
    })?;
    let trace = doc.get("trace");
    let (Some(events), Some(limit)) = (
        trace
            .and_then(|t| t.get("events"))
            .and_then(Value::as_array),
        trace.and_then(|t| t.get("limit")).and_then(Value::as_u64),
    ) else {
        return Err(error(
            "trace",
            "needs events (a list) and limit (a number), as Export JSON writes them",
        ));
    };
    check_replay(&scenario, events, limit)?;
    Ok(scenario)
}

/// The most world steps a replay may take per event of the file: the built-in scenarios take
/// under two (a delivery records nothing, its sending did), so this only stops a replay that
/// has stopped recording.
const STEPS_PER_EVENT: u64 = 64;

/// Replays `scenario` and compares, event for event, in the JSON form the trace is exported
/// in (so nothing needs reading back into a trace). The work is bounded by the file itself,
/// whatever time its last event names: the replay stops as soon as it has produced more
/// events than the file holds (counting those its limit dropped), as soon as an event it
/// produced differs from the file's, at the time of the file's last event, when nothing is
/// left to happen, or after [`STEPS_PER_EVENT`] steps per event of the file.
fn check_replay(scenario: &Scenario, events: &[Value], limit: u64) -> Result<(), ScenarioError> {
    let mut world = World::new(scenario);
    world.set_trace_limit(usize::try_from(limit).unwrap_or(usize::MAX));
    let t = match events.last() {
        Some(last) => last.get("t").and_then(Value::as_u64).ok_or_else(|| {
            error(
                format!("trace.events[{}].t", events.len() - 1),
                "needs a time (a number of µs)",
            )
        })?,
        None => 0,
    };
    let file_events = events.len() as u64;
    let max_steps = STEPS_PER_EVENT.saturating_mul(file_events + 1);
    let (mut steps, mut checked) = (0u64, 0usize);
    while world.trace().produced() <= file_events && world.step_until(t) {
        steps += 1;
        let kept = &world.trace().events;
        for (i, got) in kept.iter().enumerate().take(events.len()).skip(checked) {
            differs_already(i, &value_of(got), &events[i])?;
        }
        checked = kept.len();
        if steps > max_steps {
            return Err(error(
                "trace",
                format!("a replay of the scenario took {steps} steps without giving the file's {file_events} events"),
            ));
        }
    }
    let kept = &world.trace().events;
    if kept.len() < events.len() {
        return Err(error(
            format!("trace.events[{}]", kept.len()),
            "a replay of the scenario has no such event",
        ));
    }
    // Every other field was compared as it was produced; an SPDU's `arrives` can change
    // after (a break loses what is in flight), so it is compared again now.
    for (i, (got, want)) in kept.iter().zip(events).enumerate() {
        if let What::Spdu { arrives, .. } = &got.what {
            if want.get("arrives") != Some(&value_of(arrives)) {
                return Err(mismatch(i, &value_of(got)));
            }
        }
    }
    Ok(())
}

/// Event `i` of the replay, `got`, against the file's `want`, as soon as it is produced. An
/// SPDU's `arrives` may still become null later (a break loses what is in flight), so a
/// file's null there is left to the final comparison; any other difference is final.
fn differs_already(i: usize, got: &Value, want: &Value) -> Result<(), ScenarioError> {
    if got == want {
        return Ok(());
    }
    let mut pending = got.clone();
    if let (Some(arrives), Some(Value::Null)) = (pending.get_mut("arrives"), want.get("arrives")) {
        *arrives = Value::Null;
    }
    if &pending == want {
        return Ok(());
    }
    Err(mismatch(i, got))
}

fn mismatch(i: usize, got: &Value) -> ScenarioError {
    error(
        format!("trace.events[{i}]"),
        format!("does not match a replay of the scenario, which has {got}"),
    )
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

    /// A file that is not JSON at all (a pcap, decoded as text) is said to be not JSON, and
    /// its length is not measured against a scenario's first.
    #[test]
    fn a_file_that_is_not_json_is_named_as_such() {
        let pcap = "\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{2}\0\u{4}\0".repeat(200_000);
        let e = open(&pcap).unwrap_err().to_string();
        assert!(e.starts_with("it is not JSON: "), "{e}");
        let e = open("  [1, 2").unwrap_err().to_string();
        assert!(e.starts_with("it is not JSON: "), "{e}");
        // JSON of another kind is called JSON.
        for text in ["  [1, 2]", "\"x\"", "3"] {
            let e = open(text).unwrap_err().to_string();
            assert!(e.starts_with("it is JSON, but not an object: "), "{e}");
        }
        // An exported run whose scenario is an array says so.
        let s = builtin("rpc").unwrap();
        let mut w = World::new(&s);
        w.run_to_end(600_000_000);
        let mut doc: Value = serde_json::from_slice(&export(&s, &w)).unwrap();
        doc["scenario"] = Value::Array(vec![]);
        let e = open(&doc.to_string()).unwrap_err().to_string();
        assert!(e.starts_with("scenario: it is a JSON array"), "{e}");
    }

    #[test]
    fn an_arrival_a_break_cleared_is_refused_when_written_back() {
        // The file says a lost SPDU arrived, at the very time it would have: the replay had
        // that time too until the break cleared it, so only the last comparison can see it.
        let s = builtin("file-transfer").unwrap();
        let mut doc = exported("file-transfer");
        let events = doc["trace"]["events"].as_array().unwrap().clone();
        let i = events
            .iter()
            .position(|e| e["kind"] == "spdu" && e["arrives"].is_null())
            .expect("the break lost an SPDU");
        let broke = events.iter().find(|e| e["kind"] == "break").unwrap()["t"]
            .as_u64()
            .unwrap();
        let mut before = World::new(&s);
        before.run_until(broke - 1);
        let What::Spdu {
            arrives: Some(a), ..
        } = before.trace().events[i].what
        else {
            panic!("SPDU {i} was in flight before the break");
        };
        doc["trace"]["events"][i]["arrives"] = serde_json::json!(a);
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, format!("trace.events[{i}]"), "{e}");
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

    /// A 1 TiB transfer (as large as a scenario may ask), exported `at` µs in, keeping at
    /// most `limit` events (0: all).
    fn huge_transfer(at: u64, limit: usize) -> serde_json::Value {
        let mut s = builtin("file-transfer").unwrap();
        if let crate::sim::scenario::AppSpec::FileTransfer(f) = &mut s.sessions[0].app {
            f.size = crate::sim::scenario::MAX_FILE;
            f.minor_every = 1 << 21;
        }
        s.actions.clear();
        let mut w = World::new(&s);
        w.set_trace_limit(limit);
        w.run_until(at);
        serde_json::json!({ "scenario": s, "trace": w.trace(), "summaries": w.summaries() })
    }

    /// `open` of `doc`, on a thread of its own: the error, or a failure after 60 s.
    fn open_within_a_minute(doc: serde_json::Value) -> Result<Scenario, ScenarioError> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // The receiver gives up after a minute; a late answer has no one to go to.
            let _ = tx.send(open(&doc.to_string()));
        });
        let started = std::time::Instant::now();
        let result = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("open took more than a minute: the replay is not bounded by the file");
        eprintln!("open took {:?}", started.elapsed());
        result
    }

    /// An edited huge time on the last event (or an invented event at one) would have the
    /// replay run the 1 TiB transfer to its end; it is refused at once, at that event.
    #[test]
    fn an_edited_huge_time_is_refused_quickly() {
        let mut doc = huge_transfer(100_000, 0);
        let last = doc["trace"]["events"].as_array().unwrap().len() - 1;
        assert!(last > 10, "{last}");
        doc["trace"]["events"][last]["t"] = serde_json::json!(u64::MAX);
        let e = open_within_a_minute(doc).unwrap_err();
        assert_eq!(e.field, format!("trace.events[{last}]"), "{e}");
        assert!(e.message.starts_with("does not match a replay"), "{e}");

        let mut doc = huge_transfer(100_000, 0);
        let events = doc["trace"]["events"].as_array_mut().unwrap();
        let mut invented = events.last().unwrap().clone();
        invented["t"] = serde_json::json!(1u64 << 62);
        events.push(invented);
        let at = events.len() - 1;
        let e = open_within_a_minute(doc).unwrap_err();
        assert_eq!(e.field, format!("trace.events[{at}]"), "{e}");
    }

    /// A run cut by its trace limit is replayed only as far as its kept events, however far
    /// the run went on.
    #[test]
    fn a_limited_trace_is_replayed_only_as_far_as_it_keeps() {
        let doc = huge_transfer(2_000_000, 200);
        assert!(doc["trace"]["dropped"].as_u64().unwrap() > 0);
        assert!(open_within_a_minute(doc.clone()).is_ok());
        let mut edited = doc;
        edited["trace"]["events"][199]["t"] = serde_json::json!(u64::MAX / 2);
        let e = open_within_a_minute(edited).unwrap_err();
        assert_eq!(e.field, "trace.events[199]", "{e}");
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

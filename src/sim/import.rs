//! Opening a file: a scenario, or a run exported as JSON (`{"scenario", "trace",
//! "summaries"}`, what "Export JSON" and `session-sim run --format json` write). An exported
//! run is checked before it is used: the world is deterministic, so replaying its scenario
//! must give its trace again, event for event. A trace edited by hand, cut short in the
//! middle of an event, or from another version of the rules is refused with the first event
//! that differs; nothing is taken on trust.

use serde_json::{Map, Value};

use super::scenario::{Scenario, ScenarioError};
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
    // Line and column would be those of the scenario re-written alone: name the member.
    let scenario = Scenario::from_json(&scenario.to_string()).map_err(|e| ScenarioError {
        field: if e.field.starts_with("line ") {
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
        doc["trace"] = serde_json::json!({"events": "no"});
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "trace", "{e}");
        let mut doc = exported("rpc");
        doc["extra"] = serde_json::json!(1);
        let e = open(&doc.to_string()).unwrap_err();
        assert_eq!(e.field, "extra", "{e}");
    }
}

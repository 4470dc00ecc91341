//! Opening a file: a scenario, or a run exported as JSON (`{"scenario", "trace",
//! "summaries"}`, what "Export JSON" and `session-sim run --format json` write). An exported
//! run is checked before it is used: the world is deterministic, so replaying its scenario
//! must give its trace again, event for event. A trace edited by hand, cut short in the
//! middle of an event, or from another version of the rules is refused with the first event
//! that differs; nothing is taken on trust.

use serde::Deserialize;

use super::scenario::{Scenario, ScenarioError};
use super::trace::{Summary, Trace};
use super::world::World;

/// The largest exported run that is read (a scenario alone may be at most
/// [`MAX_JSON`](super::scenario::MAX_JSON)).
pub const MAX_EXPORT_JSON: usize = 64 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Exported {
    scenario: serde_json::Value,
    trace: Trace,
    #[allow(dead_code)]
    summaries: Vec<Summary>,
}

fn error(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        message: message.into(),
    }
}

/// Does the text look like an exported run rather than a scenario?
fn is_export(text: &str) -> bool {
    // Both start as JSON objects; only an export has a "trace" member at the top level.
    matches!(
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text),
        Ok(map) if map.contains_key("trace")
    )
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
    if !is_export(text) {
        return Scenario::from_json(text);
    }
    let exported: Exported = serde_json::from_str(text).map_err(|e| {
        error(
            format!("line {} column {}", e.line(), e.column()),
            format!(
                "not an exported run: {}",
                e.to_string().split(" at line ").next().unwrap_or("")
            ),
        )
    })?;
    let scenario_text = exported.scenario.to_string();
    let scenario = Scenario::from_json(&scenario_text).map_err(|e| ScenarioError {
        field: format!("scenario.{}", e.field),
        message: e.message,
    })?;
    check_replay(&scenario, &exported.trace)?;
    Ok(scenario)
}

/// Replays `scenario` to the last event of `trace` and compares, event for event.
fn check_replay(scenario: &Scenario, trace: &Trace) -> Result<(), ScenarioError> {
    let mut world = World::new(scenario);
    world.set_trace_limit(trace.limit);
    if let Some(last) = trace.events.last() {
        world.run_until(last.t);
    }
    let replayed = &world.trace().events;
    for (i, (want, got)) in trace.events.iter().zip(replayed).enumerate() {
        if want != got {
            return Err(error(
                format!("trace.events[{i}]"),
                format!(
                    "does not match a replay of the scenario (at {} µs the replay has {})",
                    got.t,
                    serde_json::to_string(got).unwrap_or_default()
                ),
            ));
        }
    }
    if replayed.len() < trace.events.len() {
        return Err(error(
            format!("trace.events[{}]", replayed.len()),
            "a replay of the scenario has no such event",
        ));
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
        assert!(e.message.starts_with("not an exported run"), "{e}");
        let e = open(r#"{"trace": 1}"#).unwrap_err();
        assert!(e.message.starts_with("not an exported run"), "{e}");
    }
}

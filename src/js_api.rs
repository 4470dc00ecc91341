//! The simulated world for JavaScript (wasm32 only): load a scenario, step or run it, act on
//! a session (break, kill, tokens, faults; values in through serde-wasm-bindgen), and read
//! the trace, the summaries and a session's SVG timeline. The
//! trace and summaries have the JSON shape `docs/trace.md` describes; see `docs/js-api.md`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::sim::scenario::ActionKind;
use crate::sim::svg::{self, SvgOptions};
use crate::sim::{builtin, Scenario, World, BUILTIN};

/// How far `run_to_end` goes past the current time: one hour of simulated time.
const RUN_LIMIT_US: u64 = 3_600_000_000;

/// A run of a scenario in the deterministic world.
#[wasm_bindgen]
pub struct Simulation {
    world: World,
}

/// A value as JavaScript sees its JSON: plain objects, `null` for a missing value. Written
/// by serde_json and read by `JSON.parse` (one serializer in the wasm instead of two); an
/// integer above 2^53 - 1 is refused, as serde-wasm-bindgen's `json_compatible` refuses it.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    if let Some(n) = unsafe_integer(&json) {
        return Err(JsError::new(&format!(
            "Error: {n} can't be represented as a JavaScript number"
        )));
    }
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("the JSON did not parse"))
}

/// The first integer in `json` (outside its strings) that is larger than JavaScript's largest
/// safe integer, 2^53 - 1.
fn unsafe_integer(json: &str) -> Option<&str> {
    let b = json.as_bytes();
    let (mut i, mut in_str) = (0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
        } else if c == b'"' {
            in_str = true;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &json[start..i];
            if digits.parse::<u64>().map_or(true, |n| n > MAX_T_US) {
                return Some(digits);
            }
            continue;
        }
        i += 1;
    }
    None
}

/// The latest time JavaScript may ask for: its largest safe integer (about 285 years of
/// microseconds), far enough from `u64::MAX` that timers set after it cannot overflow.
const MAX_T_US: u64 = (1 << 53) - 1;

/// Microseconds from JavaScript: NaN and negative values are 0, larger ones [`MAX_T_US`].
fn micros(t_us: f64) -> u64 {
    if t_us.is_nan() || t_us <= 0.0 {
        0
    } else {
        // `as` saturates; the clamp keeps the clock well below u64::MAX.
        (t_us as u64).min(MAX_T_US)
    }
}

#[wasm_bindgen]
impl Simulation {
    /// A simulation of the scenario in `scenario_json`; the error names the bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario_json: &str) -> Result<Simulation, JsError> {
        let scenario =
            Scenario::from_json(scenario_json).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Simulation::of(&scenario))
    }

    /// A simulation of the built-in scenario `name` (see [`Simulation::builtins`]).
    pub fn builtin(name: &str) -> Result<Simulation, JsError> {
        builtin(name).map(|s| Simulation::of(&s)).ok_or_else(|| {
            JsError::new(&format!(
                "no built-in scenario named {name:?}; the built-in ones are {}",
                BUILTIN.join(", ")
            ))
        })
    }

    /// The names of the built-in scenarios, as an array of strings.
    pub fn builtins() -> JsValue {
        BUILTIN
            .iter()
            .map(|n| JsValue::from_str(n))
            .collect::<js_sys::Array>()
            .into()
    }

    /// Runs the next event; false when nothing is left to do.
    pub fn step(&mut self) -> bool {
        self.world.step()
    }

    /// Runs every event due up to `t_us` (simulated microseconds, at most 2^53 - 1), then
    /// sets the clock there.
    pub fn run_until(&mut self, t_us: f64) {
        self.world.run_until(micros(t_us));
    }

    /// Runs until every session has ended, or for at most one more hour of simulated time.
    pub fn run_to_end(&mut self) {
        let limit = self.world.now().saturating_add(RUN_LIMIT_US);
        self.world.run_to_end(limit);
    }

    /// The simulated time now, in microseconds.
    pub fn now(&self) -> f64 {
        self.world.now() as f64
    }

    /// Breaks the session's transport connection now, as the user's "break" button does.
    pub fn break_transport(&mut self, session: u32) {
        self.world
            .break_transport(session, "the user broke the connection");
    }

    /// A user action or fault on a session now, written as a scenario's action writes its
    /// `do`: `"kill"`, `"break"`, `"drop_next"`, `{ give_token: "A" }`, `{ request_token:
    /// "B" }`, `{ break_at_byte: 1000000 }`, `{ delay_next_ms: 250 }`,
    /// `{ refuse_reconnects_ms: 2000 }`, `{ switch_dialog: "full-duplex" }`. Throws for an
    /// action that is not one of these or a session that does not exist; an action the
    /// protocol's rules refuse is recorded in the trace as refused, as on the page.
    pub fn act(&mut self, session: u32, action: JsValue) -> Result<(), JsError> {
        let kind: ActionKind = serde_wasm_bindgen::from_value(action)
            .map_err(|e| JsError::new(&format!("not an action: {e}")))?;
        if session as usize >= self.world.session_count() {
            return Err(JsError::new(&format!("there is no session {session}")));
        }
        self.world.act(session, kind);
        Ok(())
    }

    /// Why `action` (as for [`Simulation::act`]) cannot be taken on `session` now, in
    /// words (the rule that forbids it), or `undefined` when it can. Nothing changes.
    pub fn why_not(&self, session: u32, action: JsValue) -> Result<Option<String>, JsError> {
        let kind: ActionKind = serde_wasm_bindgen::from_value(action)
            .map_err(|e| JsError::new(&format!("not an action: {e}")))?;
        Ok(self.world.why_not(session, &kind))
    }

    /// Which host holds the data token of `session` now (`"A"` or `"B"`), or `undefined`
    /// when neither does (full-duplex, a GT in flight, or no session connection).
    pub fn data_token_holder(&self, session: u32) -> Option<String> {
        self.world
            .data_token_holder(session)
            .map(|h| h.name().to_string())
    }

    /// The trace so far: `{ events: [...], dropped, limit }`.
    pub fn trace(&self) -> Result<JsValue, JsError> {
        to_js(self.world.trace())
    }

    /// The figures of every session so far: `[{ session, app, outcome, ... }]`.
    pub fn summaries(&self) -> Result<JsValue, JsError> {
        to_js(&self.world.summaries())
    }

    /// What the session did for each of a session's functions, on its stack (establishment,
    /// authentication, what survived the break, octets sent again, time to finish, how it
    /// ended): `[{ what, how }]`, as `session-sim compare --stacks` prints them.
    pub fn functions(&self, session: u32) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Row<'a> {
            what: &'a str,
            how: &'a str,
        }
        let rows = self.world.functions(session);
        let rows: Vec<Row<'_>> = rows.iter().map(|(what, how)| Row { what, how }).collect();
        to_js(&rows)
    }

    /// The session's timeline as a standalone SVG document.
    pub fn timeline_svg(&self, session: u32) -> String {
        let app = self
            .world
            .summaries()
            .into_iter()
            .find(|s| s.session == session)
            .map(|s| s.app)
            .unwrap_or_default();
        let opts = SvgOptions {
            app,
            ..SvgOptions::default()
        };
        svg::render(self.world.trace(), session, &opts)
    }
}

impl Simulation {
    fn of(scenario: &Scenario) -> Simulation {
        Simulation {
            world: World::new(scenario),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn stringify(v: &JsValue) -> String {
        js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
    }

    /// The trace and summaries of every built-in scenario, at its start, part-way and at its
    /// end, are what serde-wasm-bindgen's `json_compatible` serializer made of them.
    #[wasm_bindgen_test]
    fn trace_and_summaries_are_those_of_serde_wasm_bindgen() {
        for name in BUILTIN {
            let mut sim = Simulation::builtin(name).unwrap();
            for step in 0..3 {
                match step {
                    1 => sim.run_until(5_000_000.0),
                    2 => sim.run_to_end(),
                    _ => {}
                }
                let swb = serde_wasm_bindgen::Serializer::json_compatible();
                let want = sim.world.trace().serialize(&swb).unwrap();
                assert_eq!(stringify(&sim.trace().unwrap()), stringify(&want), "{name}");
                let want = sim.world.summaries().serialize(&swb).unwrap();
                assert_eq!(
                    stringify(&sim.summaries().unwrap()),
                    stringify(&want),
                    "{name}"
                );
            }
        }
    }

    fn js(json: &str) -> JsValue {
        js_sys::JSON::parse(json).unwrap()
    }

    /// Actions come in as a scenario writes them; a bad one or a missing session is an
    /// error, and the world is unchanged by it.
    #[wasm_bindgen_test]
    fn act_takes_the_scenario_s_actions() {
        let mut sim = Simulation::builtin("half-duplex-chat").unwrap();
        // Until one host holds the data token (not while a GT carries it across).
        while sim.data_token_holder(0).is_none() {
            assert!(
                sim.step(),
                "the run ended with nobody holding the data token"
            );
        }
        let holder = sim.data_token_holder(0).unwrap();
        let other = if holder == "A" { "B" } else { "A" };
        let give = js(&format!(r#"{{"give_token": "{holder}"}}"#));
        assert_eq!(sim.why_not(0, give.clone()).unwrap(), None);
        let refused = sim.why_not(0, js(&format!(r#"{{"give_token": "{other}"}}"#)));
        assert!(refused.unwrap().unwrap().contains("X.225 7.3"));
        let before = sim.world.trace().events.len();
        assert!(sim.act(0, js(r#"{"give_tokn": "A"}"#)).is_err());
        assert!(sim.act(7, js(r#""kill""#)).is_err());
        assert_eq!(sim.world.trace().events.len(), before);
        sim.act(0, give).unwrap();
        sim.run_until(sim.now() + 500_000.0);
        assert_eq!(sim.data_token_holder(0).as_deref(), Some(other));
        sim.act(0, js(r#""kill""#)).unwrap();
        sim.run_to_end();
        let outcome = sim.world.summaries()[0].outcome.clone();
        assert_eq!(outcome, Some(crate::sim::Outcome::Aborted));
    }

    #[wasm_bindgen_test]
    fn integers_above_2_53_are_refused_as_serde_wasm_bindgen_refuses_them() {
        assert_eq!(unsafe_integer(r#"{"a":[1,9007199254740991]}"#), None);
        assert_eq!(unsafe_integer(r#"{"a":"9007199254740992","b":1}"#), None);
        assert_eq!(
            unsafe_integer(r#"{"a\\":9007199254740992}"#),
            Some("9007199254740992")
        );
        assert_eq!(
            unsafe_integer(r#"{"a\"":18446744073709551615}"#),
            Some("18446744073709551615")
        );
        let big = [1u64, 9_007_199_254_740_993];
        let want = big
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_err();
        let got: JsValue = to_js(&big[..]).unwrap_err().into();
        let want: JsValue = want.into();
        let msg = |e: &JsValue| {
            js_sys::Error::from(e.clone())
                .message()
                .as_string()
                .unwrap()
        };
        assert!(got.dyn_ref::<js_sys::Error>().is_some());
        assert_eq!(msg(&got), format!("Error: {}", msg(&want)));
    }

    /// A scenario's `stack` picks the TCP/IP stack; a bad one is an error naming the field.
    #[wasm_bindgen_test]
    fn the_stack_field_runs_a_session_on_tcp_ip() {
        let json = r#"{"sessions": [{"app": {"banking": {}}, "stack": "tcpip"}]}"#;
        let mut sim = Simulation::new(json).unwrap();
        sim.run_to_end();
        let trace = stringify(&sim.trace().unwrap());
        assert!(trace.contains(r#""spdu":"POST /login""#), "{trace}");
        let bad = Simulation::new(&json.replace("tcpip", "tcp"))
            .err()
            .unwrap();
        let message = js_sys::Error::from(JsValue::from(bad)).message();
        let message = message.as_string().unwrap();
        assert!(message.contains("sessions[0].stack"), "{message}");
    }
}

//! The simulated world for JavaScript (wasm32 only): load a scenario, step or run it, break a
//! session's transport, and read the trace, the summaries and a session's SVG timeline. The
//! trace and summaries have the JSON shape `docs/trace.md` describes; see `docs/js-api.md`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::sim::svg::{self, SvgOptions};
use crate::sim::{builtin, Scenario, World, BUILTIN};

/// How far `run_to_end` goes past the current time: one hour of simulated time.
const RUN_LIMIT_US: u64 = 3_600_000_000;

/// A run of a scenario in the deterministic world.
#[wasm_bindgen]
pub struct Simulation {
    world: World,
}

/// A value as JavaScript sees its JSON: plain objects, `null` for a missing value.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
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

    /// The trace so far: `{ events: [...], dropped, limit }`.
    pub fn trace(&self) -> Result<JsValue, JsError> {
        to_js(self.world.trace())
    }

    /// The figures of every session so far: `[{ session, app, outcome, ... }]`.
    pub fn summaries(&self) -> Result<JsValue, JsError> {
        to_js(&self.world.summaries())
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

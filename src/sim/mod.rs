//! The deterministic world the session protocol runs in: a virtual clock and scheduler, a
//! simulated transport with faults, the applications that use sessions, scenarios, and the
//! trace the timeline is drawn from. Time and randomness are inputs: a scenario and its seed
//! replay a run exactly.

pub mod apps;
pub mod import;
pub mod narration;
pub mod progress;
pub mod rewind;
pub mod rng;
pub mod scenario;
pub mod scheduler;
pub mod svg;
pub mod tcpip;
pub mod text;
pub mod timeline;
pub mod trace;
pub mod transport;
pub mod world;

pub use scenario::{builtin, Scenario, ScenarioError, BUILTIN};
pub use trace::{Host, Octets, Outcome, Summary, Trace, TraceEvent, What};
pub use world::{SessionView, World};

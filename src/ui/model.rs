//! The playground's model: the simulated world and what the user has selected, changed only
//! by [`Msg`]s. The world is shared behind `Rc<RefCell<_>>` so a tick does not copy it;
//! `version` tells components that it changed.

use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

use crate::sim::scenario::{ActionKind, Scenario, SessionSpec};
use crate::sim::transport::Link;
use crate::sim::World;

/// Everything the page shows.
#[derive(Clone)]
pub struct Playground {
    /// The world being simulated.
    pub world: Rc<RefCell<World>>,
    /// Bumped on every change of the world.
    pub version: u64,
    /// The scenario the world was built from (sessions added later are in the world).
    pub scenario: Scenario,
    /// The session whose timeline is shown.
    pub selected: Option<u32>,
    /// The trace event shown in the inspector.
    pub inspected: Option<usize>,
    /// Whether time runs.
    pub playing: bool,
    /// Simulated time per real time.
    pub speed: f64,
    /// A message for the user (an error from a bad file or link, or a refusal).
    pub message: Option<String>,
}

/// What can happen to the model.
pub enum Msg {
    /// Replace the world with a scenario's (a guided scenario, an imported file, a link).
    Load(Scenario),
    /// Start a session now.
    Start(SessionSpec),
    /// A user action on a session (kill, break, ...).
    Act(u32, ActionKind),
    /// Show this session's timeline.
    Select(u32),
    /// Show this trace event in the inspector.
    Inspect(usize),
    /// Run time.
    Play,
    /// Stop time.
    Pause,
    /// Run until the next line of the trace.
    Step,
    /// Set the speed (0.25 to 16).
    Speed(f64),
    /// Real time passed, in milliseconds (from the clock hook).
    Elapsed(f64),
    /// Show a message.
    Message(String),
    /// Hide the message.
    Dismiss,
}

/// A scenario with no session: the page's starting point. Its link is slower than the
/// guided scenarios' (1 MB/s), so a session started by hand can be watched at 1x.
pub fn empty_scenario() -> Scenario {
    Scenario {
        name: "empty".into(),
        description: String::new(),
        seed: 1,
        link: Link {
            bandwidth: 1_000_000,
            ..Link::default()
        },
        sessions: Vec::new(),
        actions: Vec::new(),
    }
}

impl Default for Playground {
    fn default() -> Self {
        let scenario = empty_scenario();
        Playground {
            world: Rc::new(RefCell::new(World::new(&scenario))),
            version: 0,
            scenario,
            selected: None,
            inspected: None,
            playing: false,
            speed: 1.0,
            message: None,
        }
    }
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && self.version == other.version
            && self.selected == other.selected
            && self.inspected == other.inspected
            && self.playing == other.playing
            && self.speed == other.speed
            && self.message == other.message
    }
}

/// The speeds the speed control offers.
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

impl Reducible for Playground {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Load(scenario) => {
                next.world = Rc::new(RefCell::new(World::new(&scenario)));
                next.selected = (!scenario.sessions.is_empty()).then_some(0);
                next.scenario = scenario;
                next.inspected = None;
                next.playing = true;
                next.message = None;
            }
            Msg::Start(spec) => {
                let id = next.world.borrow_mut().add_session(spec);
                next.selected = Some(id);
                next.playing = true;
            }
            Msg::Act(session, kind) => next.world.borrow_mut().act(session, kind),
            Msg::Select(session) => {
                next.selected = Some(session);
                next.inspected = None;
            }
            Msg::Inspect(i) => next.inspected = Some(i),
            Msg::Play => next.playing = true,
            Msg::Pause => next.playing = false,
            Msg::Step => {
                next.playing = false;
                let mut world = next.world.borrow_mut();
                let before = world.trace().events.len();
                while world.trace().events.len() == before && world.step() {}
            }
            Msg::Speed(s) => next.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Msg::Elapsed(ms) => {
                if !next.playing {
                    return self;
                }
                let mut world = next.world.borrow_mut();
                let dt = (ms.clamp(0.0, 250.0) * 1000.0 * next.speed) as u64;
                let to = world.now() + dt.max(1);
                world.run_until(to);
            }
            Msg::Message(m) => {
                next.message = Some(m);
                next.playing = false;
            }
            Msg::Dismiss => next.message = None,
        }
        next.version += 1;
        Rc::new(next)
    }
}

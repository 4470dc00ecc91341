//! The playground's model: the simulated world and what the user has selected, changed only
//! by [`Msg`]s. The world is shared behind `Rc<RefCell<_>>` so a tick does not copy it;
//! `version` tells components that it changed.
//!
//! Every session the user starts and every action the user takes is written into the
//! scenario (at the next whole millisecond), and the run on screen is always the one the
//! scenario replays, which is what makes links, step back and the time scrubber exact. An
//! action is added to the run as it is (and to its copies), which then is that replay
//! ([`Saved::add_action`]); a new session, or an action after a step back that dropped what
//! was scheduled later, rebuilds the run from the start.

use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

use crate::share::Shared;
use crate::sim::narration::pace::{pace, GUIDED_CAP, NEW_SESSION_CAP};
use crate::sim::narration::{is_key_moment, moment};
use crate::sim::rewind::{run_on, Saved, END_EVENTS};
use crate::sim::scenario::{Action, ActionKind, Scenario, SessionSpec};
use crate::sim::tcpip::compare::with_twin;
use crate::sim::transport::Link;
use crate::sim::World;

/// The most trace events the page keeps of a run (about 37 MB of them: 128 octets each plus
/// 59 on the heap on average, measured on `file-transfer`'s trace). Past it the run goes
/// on exactly, and its summaries with it, but later events are counted, not kept, and the
/// timeline says so; `session-sim run` gives the whole trace of the same scenario.
pub const TRACE_LIMIT: usize = 200_000;

/// A world of `scenario` as the page runs it: with its trace limit.
pub fn page_world(scenario: &Scenario) -> World {
    let mut world = World::new(scenario);
    world.set_trace_limit(TRACE_LIMIT);
    world
}

/// No copies yet, of a run of [`page_world`] (with its trace limit).
pub fn page_copies() -> Saved {
    Saved::with_trace_limit(TRACE_LIMIT)
}

/// [`page_copies`], shared by the model's states.
fn no_copies() -> Rc<RefCell<Saved>> {
    Rc::new(RefCell::new(page_copies()))
}

/// The most events a look ahead runs at once (about 10 ms of a large transfer's).
pub const AHEAD_SLICE: usize = 500;

/// The events of the first slice, run at once when the run changes: enough for the end of a
/// short run to be known with the change, little enough not to hold up the frame after an
/// action on a long one (the next slices run between frames).
const FIRST_SLICE: usize = 100;

/// What the page knows of when its run ends.
#[derive(Clone)]
pub enum End {
    /// Not yet: a copy of the run without a trace, and how many events it has run.
    Looking(Rc<RefCell<(World, usize)>>),
    /// Then: nothing is left to happen.
    At(u64),
    /// The run is too long to look ahead ([`END_EVENTS`] events).
    TooLong,
}

impl PartialEq for End {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (End::Looking(a), End::Looking(b)) => Rc::ptr_eq(a, b),
            (End::At(a), End::At(b)) => a == b,
            (End::TooLong, End::TooLong) => true,
            _ => false,
        }
    }
}

impl End {
    /// Starts looking for the end of the run `world` is in, with a first slice.
    fn of(world: &World) -> End {
        let end = End::Looking(Rc::new(RefCell::new((world.without_trace(), 0))));
        end.on(FIRST_SLICE).unwrap_or(end)
    }

    /// One more slice of the look ahead, of `events`: what is known now, or `None` if still
    /// looking (the copy has run on in place, and nothing on the page changes).
    fn on(&self, events: usize) -> Option<End> {
        let End::Looking(ahead) = self else {
            return None;
        };
        let (world, done) = &mut *ahead.borrow_mut();
        *done += events;
        match run_on(world, events) {
            Some(t) => Some(End::At(t)),
            None if *done >= END_EVENTS => Some(End::TooLong),
            None => None,
        }
    }

    /// When the run ends, if known.
    pub fn at(&self) -> Option<u64> {
        match self {
            End::At(t) => Some(*t),
            _ => None,
        }
    }
}

/// Everything the page shows.
#[derive(Clone)]
pub struct Playground {
    /// The world being simulated.
    pub world: Rc<RefCell<World>>,
    /// Copies of the world taken along the run, so going back in time is quick; new
    /// whenever the scenario changes.
    pub saved: Rc<RefCell<Saved>>,
    /// Bumped on every change of the world.
    pub version: u64,
    /// The scenario the world is built from, with the user's sessions and actions in it.
    pub scenario: Scenario,
    /// The latest simulated time reached.
    pub horizon: u64,
    /// When the run ends (nothing left to happen), found by running a copy of it to its end
    /// whenever the scenario changes, a slice at a time; the Time scrubber reaches it.
    pub end: End,
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
    /// A short notice that is not an error ("Link copied").
    pub notice: Option<String>,
    /// Whether the keyboard help is shown.
    pub help: bool,
    /// How many guided scenarios have been opened: when it changes, the first session's row
    /// takes the keyboard's focus, so the run just opened is where the keyboard (and a screen
    /// reader) is, not a screen or two below the scenarios' descriptions.
    pub guided: u32,
    /// A run just opened or started waits for its end to be known to set its pace: the
    /// fastest speed, no faster than this, at which what is left of it lasts several seconds
    /// ([`pace`]). Cleared once set, or when the user sets the Speed.
    pub pace_cap: Option<f64>,
    /// Whether playing stops at the key moments (a break, a resume, a refusal, an abort, a
    /// release): on when a guided scenario opens.
    pub pause_at_moments: bool,
    /// The key moment playing stopped at, in words (what happened, what comes next), until
    /// time moves on.
    pub moment: Option<String>,
    /// A session and its twin on the other stack, shown side by side on one time axis.
    pub compare: Option<(u32, u32)>,
}

/// What can happen to the model.
pub enum Msg {
    /// Replace the world with a scenario's (an imported file, a link).
    Load(Scenario),
    /// [`Msg::Load`] a guided scenario, chosen on the page.
    Guide(Scenario),
    /// [`Msg::Load`] a shared link's run, at the time and speed it was shared at.
    Open(Shared),
    /// Stop playing at the key moments, or not.
    PauseAtMoments(bool),
    /// Empty the inspector.
    CloseInspector,
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
    /// Go back to before the latest line of the trace.
    StepBack,
    /// Go to this simulated time (microseconds), forward or back.
    Scrub(u64),
    /// Set the speed (0.25 to 16).
    Speed(f64),
    /// Real time passed, in milliseconds (from the clock hook).
    Elapsed(f64),
    /// Look a slice further ahead for the end of the run (from a timer hook).
    LookAhead,
    /// Show an error message (time stops so it can be read).
    Message(String),
    /// Show a notice.
    Notice(String),
    /// Hide the message.
    Dismiss,
    /// Play if paused, pause if playing.
    TogglePlay,
    /// The next speed up (`true`) or down.
    Faster(bool),
    /// A user action on the selected session.
    ActOnSelected(ActionKind),
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Go back to when the SPDU of this trace event was sent, and break its session's
    /// transport connection then (at the next whole millisecond), while it is in flight.
    BreakInFlight(usize),
    /// Start this session's twin on the other stack (see [`with_twin`]) and show both.
    Compare(u32),
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
            world: Rc::new(RefCell::new(page_world(&scenario))),
            saved: no_copies(),
            version: 0,
            scenario,
            horizon: 0,
            end: End::At(0),
            selected: None,
            inspected: None,
            playing: false,
            speed: 1.0,
            message: None,
            notice: None,
            help: false,
            guided: 0,
            pace_cap: None,
            pause_at_moments: false,
            moment: None,
            compare: None,
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
            && self.horizon == other.horizon
            && self.end == other.end
            && self.message == other.message
            && self.notice == other.notice
            && self.help == other.help
            && self.guided == other.guided
            && self.pace_cap == other.pace_cap
            && self.pause_at_moments == other.pause_at_moments
            && self.moment == other.moment
            && self.compare == other.compare
    }
}

/// The speeds the speed control offers.
pub use crate::sim::narration::pace::SPEEDS;

/// The index of 1x in [`SPEEDS`].
fn one_x() -> usize {
    SPEEDS.iter().position(|s| *s == 1.0).unwrap_or(0)
}

/// What the page says when an input after a step back drops what was scheduled later: the
/// run is another one from then on, and nothing is dropped without a word.
fn branch_notice(at_ms: u64, dropped: usize) -> String {
    let what = if dropped == 1 {
        "1 session or action scheduled after it was".to_string()
    } else {
        format!("{dropped} sessions and actions scheduled after it were")
    };
    format!("A new branch of the run from {at_ms} ms: {what} dropped.")
}

/// The millisecond a user input made at `now` (microseconds) takes effect: the next whole
/// one after now (not now itself, even on a whole millisecond: what is due now may have
/// happened, and an input due later can be added to the run as it is).
pub fn input_ms(now: u64) -> u64 {
    now / 1000 + 1
}

impl Playground {
    /// Sets the pace of a run just opened or started, once its end is known (see
    /// [`Playground::pace_cap`]): at once if it is, else when the look ahead finds it.
    fn set_pace(&mut self) {
        let (Some(cap), Some(end)) = (self.pace_cap, self.end.at()) else {
            return;
        };
        let now = self.world.borrow().now();
        self.speed = pace(end.saturating_sub(now), &SPEEDS, cap);
        self.pace_cap = None;
    }

    /// Waits for the end of the run to set a pace no faster than `cap`, and goes no faster
    /// than it meanwhile.
    fn pace_from(&mut self, cap: f64) {
        self.speed = self.speed.min(cap);
        self.pace_cap = Some(cap);
        self.set_pace();
    }

    /// Plays on from `from` (the length of the trace before) to `to`, the Time it reached:
    /// with [`Playground::pause_at_moments`], stops instead at the first key moment on the
    /// way, and says what it was.
    /// (`before`: how far the run had gone before.)
    fn stop_at_moment(&mut self, from: usize, to: u64, before: u64) {
        let found = {
            let world = self.world.borrow();
            let events = world.trace().events.get(from..).unwrap_or_default();
            events.iter().find(|e| is_key_moment(&e.what)).map(|e| {
                let recovery = self
                    .scenario
                    .sessions
                    .get(e.session as usize)
                    .is_none_or(|s| s.recovery);
                let multi = self.scenario.sessions.len() > 1;
                let said = moment(e, recovery).unwrap_or_default();
                let said = if multi {
                    format!("Session {}: {said}", e.session)
                } else {
                    said
                };
                (e.t, said)
            })
        };
        let Some((t, said)) = found else {
            return;
        };
        if t < to {
            self.move_to(t);
        }
        // Back at the moment, the run has gone no further than it (an input now drops
        // nothing scheduled after it).
        self.horizon = before.max(t);
        self.playing = false;
        self.moment = Some(said);
    }

    /// Rebuilds the world from the scenario and runs it to `t`.
    fn rebuild(&mut self, t: u64) {
        let now = self.world.borrow();
        let world = self
            .saved
            .borrow_mut()
            .world_at(&self.scenario, t, now.trace());
        drop(now);
        self.world = Rc::new(RefCell::new(world));
    }

    /// Adds the scenario's action `index` to the run as it is and to its copies (see
    /// [`Saved::add_action`]); `false` if it is due now or earlier.
    fn add_action(&self, index: usize, action: &Action) -> bool {
        self.saved
            .borrow_mut()
            .add_action(&mut self.world.borrow_mut(), index, action)
    }

    /// Moves the world to `t`: on from where it is, keeping copies on the way, or back from
    /// the copy before `t`.
    fn move_to(&self, t: u64) {
        self.saved
            .borrow_mut()
            .move_to(&mut self.world.borrow_mut(), &self.scenario, t);
    }

    /// Whether there is a run: a session at least (else there is nothing to play, step,
    /// show, share or export, and those controls say [`super::props::NO_RUN`]).
    pub fn has_run(&self) -> bool {
        !self.scenario.sessions.is_empty()
    }

    /// Moves the world to `t`, as the Time scrubber does, keeping how far the run has gone.
    fn scrub(&mut self, t: u64) {
        let now = self.world.borrow().now();
        self.horizon = self.horizon.max(now);
        self.move_to(t);
    }

    /// The time a user input takes effect ([`input_ms`]). Anything the user had scheduled
    /// after it (before stepping back) is dropped: a new branch of the run, which the page
    /// then says ([`branch_notice`]; an older notice is cleared). Returns now, the input's
    /// millisecond, and how many sessions and actions were dropped.
    fn input_time(&mut self) -> (u64, u64, usize) {
        self.notice = None;
        let now = self.world.borrow().now();
        let at_ms = input_ms(now);
        let inputs = |s: &Scenario| s.sessions.len() + s.actions.len();
        let before = inputs(&self.scenario);
        if self.horizon > now {
            self.scenario.sessions.retain(|s| s.start_ms <= at_ms);
            let n = self.scenario.sessions.len() as u32;
            self.scenario
                .actions
                .retain(|a| a.at_ms <= at_ms && a.session < n);
            self.horizon = now;
        }
        let dropped = before - inputs(&self.scenario);
        if dropped > 0 {
            self.notice = Some(branch_notice(at_ms, dropped));
        }
        (now, at_ms, dropped)
    }
}

impl Msg {
    /// Whether it moves in time or changes the run, and so moves on from a key moment.
    fn moves_on(&self) -> bool {
        matches!(
            self,
            Msg::Play
                | Msg::TogglePlay
                | Msg::Step
                | Msg::StepBack
                | Msg::Scrub(_)
                | Msg::Load(_)
                | Msg::Guide(_)
                | Msg::Open(_)
                | Msg::Start(_)
                | Msg::Act(..)
                | Msg::ActOnSelected(_)
                | Msg::BreakInFlight(_)
        )
    }
}

/// What the reducer does with a message, split by message so that each fits on a screen.
impl Playground {
    /// Opens `scenario` as a new run, from its start.
    fn load(&mut self, scenario: Scenario) {
        self.world = Rc::new(RefCell::new(page_world(&scenario)));
        self.saved = no_copies();
        self.end = End::of(&self.world.borrow());
        self.selected = (!scenario.sessions.is_empty()).then_some(0);
        self.scenario = scenario;
        self.horizon = 0;
        self.inspected = None;
        self.playing = true;
        self.message = None;
        self.pace_cap = None;
        self.compare = None;
    }

    /// Starts `session`'s twin on the other stack (see [`with_twin`]) and shows both; false if
    /// it has none.
    fn compare_with_twin(&mut self, session: u32) -> bool {
        let Some(scenario) = with_twin(&self.scenario, session) else {
            return false;
        };
        // The twin starts when the session did, so the run is built again to now.
        let now = self.world.borrow().now();
        self.scenario = scenario;
        self.saved = no_copies();
        self.rebuild(now);
        self.end = End::of(&self.world.borrow());
        self.compare = Some((session, self.scenario.sessions.len() as u32 - 1));
        self.selected = Some(session);
        self.playing = true;
        true
    }

    /// Adds the session `spec` at the time shown; the error says why the run cannot hold it.
    fn start(&mut self, mut spec: SessionSpec) -> Result<(), String> {
        let (now, at_ms, _) = self.input_time();
        spec.start_ms = at_ms;
        self.scenario.sessions.push(spec);
        // The run must stay one a link or a file can hold: a bad session is refused.
        self.scenario
            .validate()
            .map_err(|e| format!("This session cannot start: {e}"))?;
        self.saved = no_copies();
        self.selected = Some(self.scenario.sessions.len() as u32 - 1);
        self.rebuild(now.max(at_ms * 1000));
        self.end = End::of(&self.world.borrow());
        self.playing = true;
        self.pace_from(NEW_SESSION_CAP);
        Ok(())
    }

    /// Takes the action `what` on `session` at the time shown; the error says why not.
    fn act(&mut self, session: u32, what: ActionKind) -> Result<(), String> {
        // After a step back, what was scheduled later may have been dropped: then this is
        // another run.
        let (now, at_ms, dropped) = self.input_time();
        let branched = dropped > 0;
        let action = Action {
            at_ms,
            session,
            what,
        };
        self.scenario.actions.push(action.clone());
        self.scenario
            .validate()
            .map_err(|e| format!("This cannot be done: {e}"))?;
        // Due after now, on the run as it is: added to it and to its copies, which are then
        // those of the new scenario (nothing is run again). Otherwise (after a step back
        // dropped what was scheduled later) the run is built again from the start.
        let index = self.scenario.actions.len() - 1;
        // Either way the clock moves on to the action's time, so it shows at once.
        if !branched && self.add_action(index, &action) {
            self.move_to(at_ms * 1000);
        } else {
            self.saved = no_copies();
            self.rebuild(now.max(at_ms * 1000));
        }
        self.end = End::of(&self.world.borrow());
        Ok(())
    }

    /// Back to the last event before now, paused.
    fn step_back(&mut self) {
        self.playing = false;
        let now = self.world.borrow().now();
        let world = self.world.borrow();
        let trace = world.trace();
        // When the trace is full its last event may be long before, so the copies tell.
        let before = if trace.dropped == 0 {
            let last = trace.events.iter().rev().map(|e| e.t).find(|t| *t < now);
            last.unwrap_or(0)
        } else {
            self.saved.borrow().event_before(&self.scenario, now)
        };
        drop(world);
        self.horizon = self.horizon.max(now);
        self.move_to(before);
    }

    /// On to the next event on record, paused.
    fn step(&mut self) {
        self.playing = false;
        let mut world = self.world.borrow_mut();
        // Until the next event on record: kept, or counted once the trace is full.
        let before = world.trace().produced();
        while world.trace().produced() == before && world.step() {}
        self.horizon = self.horizon.max(world.now());
    }

    /// Plays `ms` of real time at the speed chosen; false if not playing.
    fn elapse(&mut self, ms: f64) -> bool {
        if !self.playing {
            return false;
        }
        let dt = (ms.clamp(0.0, 250.0) * 1000.0 * self.speed) as u64;
        let now = self.world.borrow().now();
        // Not past the end of the run, when it is known: nothing happens after it.
        let to = match self.end.at() {
            Some(end) => (now + dt.max(1)).min(end.max(now)),
            None => now + dt.max(1),
        };
        let from = self.world.borrow().trace().events.len();
        let before = self.horizon;
        self.move_to(to);
        self.horizon = before.max(to);
        if self.pause_at_moments {
            self.stop_at_moment(from, to, before);
        }
        // With nothing left to happen, playing on would only move the clock.
        if self.world.borrow().idle() {
            self.playing = false;
        }
        true
    }

    /// One step of Speed up or down.
    fn faster(&mut self, up: bool) {
        self.pace_cap = None;
        let i = SPEEDS
            .iter()
            .position(|s| *s == self.speed)
            .unwrap_or_else(one_x);
        let j = if up {
            (i + 1).min(SPEEDS.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.speed = SPEEDS[j];
    }
}

impl Reducible for Playground {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        // Moving in time, or changing the run, moves on from a key moment.
        if msg.moves_on() {
            next.moment = None;
        }
        let msg = match msg {
            Msg::Guide(scenario) => {
                next.guided += 1;
                next.pause_at_moments = true;
                let mut loaded = Rc::new(next).reduce(Msg::Load(scenario));
                Rc::make_mut(&mut loaded).pace_from(GUIDED_CAP);
                return loaded;
            }
            Msg::Open(shared) => {
                let at = shared.at;
                let speed = shared.speed;
                let mut opened = Rc::new(next).reduce(Msg::Load(shared.scenario));
                let m = Rc::make_mut(&mut opened);
                if let Some(s) = speed {
                    m.speed = s;
                }
                // Where it was shared, paused there, as a picture of that moment is.
                if let Some(t) = at {
                    m.scrub(t);
                    m.playing = false;
                }
                return opened;
            }
            other => other,
        };
        match msg {
            Msg::Guide(_) | Msg::Open(_) => return self,
            Msg::PauseAtMoments(on) => next.pause_at_moments = on,
            Msg::CloseInspector => next.inspected = None,
            Msg::Load(scenario) => next.load(scenario),
            // Already shown beside its twin: nothing to add.
            Msg::Compare(session)
                if self
                    .compare
                    .is_some_and(|(a, b)| session == a || session == b) =>
            {
                return self;
            }
            Msg::Compare(session) => {
                if !next.compare_with_twin(session) {
                    return self;
                }
            }
            Msg::Start(spec) => {
                if let Err(e) = next.start(spec) {
                    // As a message does: shown, time stopped, the model otherwise as it was.
                    return self.reduce(Msg::Message(e));
                }
            }
            Msg::Act(session, what) => {
                if let Err(e) = next.act(session, what) {
                    return self.reduce(Msg::Message(e));
                }
            }
            Msg::StepBack => next.step_back(),
            Msg::Scrub(t) => next.scrub(t),
            Msg::Select(session) => {
                next.selected = Some(session);
                next.inspected = None;
                // One session's timeline, as chosen: the comparison is closed.
                next.compare = None;
            }
            Msg::Inspect(i) => next.inspected = Some(i),
            // (With no session there is nothing to run: the keys do nothing, as the buttons.)
            Msg::Play | Msg::TogglePlay | Msg::Step if !next.has_run() => {
                return self;
            }
            Msg::Play => next.playing = true,
            Msg::Pause => next.playing = false,
            Msg::Step => next.step(),
            Msg::LookAhead => match self.end.on(AHEAD_SLICE) {
                Some(end) => {
                    next.end = end;
                    next.set_pace();
                }
                None => return self,
            },
            Msg::Speed(s) => {
                next.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
                next.pace_cap = None;
            }
            Msg::Elapsed(ms) => {
                if !next.elapse(ms) {
                    return self;
                }
            }
            Msg::Message(m) => {
                next.message = Some(m);
                next.playing = false;
            }
            Msg::Notice(n) => next.notice = Some(n),
            Msg::TogglePlay => next.playing = !next.playing,
            Msg::Faster(up) => next.faster(up),
            Msg::ActOnSelected(kind) => match next.selected {
                Some(session) => return self.reduce(Msg::Act(session, kind)),
                None => next.notice = Some("Select a session first".into()),
            },
            Msg::ToggleHelp => next.help = !next.help,
            Msg::BreakInFlight(i) => {
                let sent = next
                    .world
                    .borrow()
                    .trace()
                    .events
                    .get(i)
                    .map(|e| (e.session, e.t));
                let Some((session, t)) = sent else {
                    return self;
                };
                next.scrub(t);
                // And on, to watch the session recover from it.
                next.playing = true;
                return Rc::new(next).reduce(Msg::Act(session, ActionKind::Break));
            }
            Msg::Dismiss => {
                next.message = None;
                next.notice = None;
                next.help = false;
            }
        }
        next.version += 1;
        Rc::new(next)
    }
}

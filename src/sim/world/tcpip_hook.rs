//! Where the world hands a session on the TCP/IP stack to its engine (src/sim/tcpip): its
//! start, its actions and faults, and the engine's own events. Sessions on the OSI stack never
//! reach it, so their runs are the same as before the stack existed.

use super::{Event, Session, World};
use crate::sim::rng::Rng;
use crate::sim::scenario::{ActionKind, SessionSpec};
use crate::sim::tcpip::{Engine, Ev, Io, Stack};

/// The engine of a session of `spec` if it runs on the TCP/IP stack (drawing from `rng` only
/// then).
pub(super) fn engine(spec: &SessionSpec, rng: &mut Rng) -> Option<Box<Engine>> {
    (spec.stack == Stack::Tcpip).then(|| Box::new(Engine::new(spec, rng.fork())))
}

impl Session {
    /// For a transfer: (octets of the file sent, its size), from whichever stack runs it.
    pub(super) fn progress(&self) -> Option<(u64, u64)> {
        match &self.tcpip {
            Some(engine) => engine.progress(),
            None => self.apps.progress(),
        }
    }
}

impl World {
    fn is_tcpip(&self, s: u32) -> bool {
        self.sessions
            .get(s as usize)
            .is_some_and(|x| x.tcpip.is_some())
    }

    /// Runs `f` on session `s`'s engine with what it may touch, then schedules what it asked
    /// for; once the session is over, its timers are taken off the schedule.
    fn with_engine(&mut self, s: u32, f: impl FnOnce(&mut Engine, &mut Io<'_>)) {
        let now = self.now();
        let Some(sess) = self.sessions.get_mut(s as usize) else {
            return;
        };
        let Some(engine) = sess.tcpip.as_deref_mut() else {
            return;
        };
        let was_over = sess.summary.outcome.is_some();
        let mut io = Io {
            now,
            session: s,
            link: &self.link,
            trace: &mut self.trace,
            summary: &mut sess.summary,
            conns: &mut self.conns,
            capture: self.capture.as_mut(),
            faults: &mut self.faults,
            ids: &mut self.spdus,
            later: Vec::new(),
        };
        f(engine, &mut io);
        let later = std::mem::take(&mut io.later);
        let over = !was_over && sess.summary.outcome.is_some();
        for (at, ev) in later {
            self.sched.at(at, Event::Tcpip(s, ev));
        }
        if over {
            self.sched.cancel(|e| match e {
                Event::Tcpip(x, ev) => *x == s && !matches!(ev, Ev::Deliver { .. }),
                Event::Start(x) => *x == s,
                _ => false,
            });
        }
    }

    /// `e`, unless it is for a session on the TCP/IP stack, which its engine then handles.
    pub(super) fn tcpip_event(&mut self, e: Event) -> Option<Event> {
        match e {
            Event::Start(s) if self.is_tcpip(s) => self.with_engine(s, |en, io| en.start(io)),
            Event::Tcpip(s, ev) => self.with_engine(s, |en, io| en.handle(io, ev)),
            other => return Some(other),
        }
        None
    }

    /// `kind`, unless session `s` runs on the TCP/IP stack, whose engine then acts on it.
    pub(super) fn tcpip_act(&mut self, s: u32, kind: ActionKind) -> Option<ActionKind> {
        if !self.is_tcpip(s) {
            return Some(kind);
        }
        self.with_engine(s, |en, io| en.act(io, &kind));
        None
    }

    /// Breaks session `s`'s TCP connection if it runs on the TCP/IP stack (true then).
    pub(super) fn tcpip_break(&mut self, s: u32, cause: &str) -> bool {
        if !self.is_tcpip(s) {
            return false;
        }
        self.with_engine(s, |en, io| en.break_link(io, cause));
        true
    }

    /// Session `s`'s spec (its application, stack, recovery), if there is one.
    pub fn spec(&self, s: u32) -> Option<&SessionSpec> {
        Some(&self.sessions.get(s as usize)?.spec)
    }

    /// What session `s` did for each of a session's functions so far, as
    /// [`compare::functions`](crate::sim::tcpip::compare::functions) reads them: one row each.
    pub fn functions(&self, s: u32) -> Vec<(&'static str, String)> {
        match (self.spec(s), self.summary(s)) {
            (Some(spec), Some(sum)) => {
                crate::sim::tcpip::compare::functions(spec, s, self.trace(), sum)
            }
            _ => Vec::new(),
        }
    }

    /// Session `s`'s TCP/IP engine, if it runs on that stack.
    pub fn tcpip_engine(&self, s: u32) -> Option<&Engine> {
        self.sessions.get(s as usize)?.tcpip.as_deref()
    }
}

//! The deterministic world: two hosts, the transport connections between them, a session
//! protocol machine at each end of each session, the applications on top, and the clock.
//! The same scenario and seed give the same trace, byte for byte, natively and in wasm.

use bytes::Bytes;

use super::apps::banking::Bank;
use super::apps::{Apps, Cx, Effects, HostB};
use super::rng::Rng;
use super::scenario::{Action, ActionKind, Scenario, SessionSpec};
use super::scheduler::{ms_to_us, Micros, Scheduler};
use super::trace::{Host, Octets, Outcome, Summary, Trace, What, TRACE_DATA_MAX};
use super::transport::{Connection, Link};
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{
    api_token_names, Indication, Machine, Output, Record, Request, Role, TransportRequest,
};
use crate::protocol::pcap::PcapWriter;

mod presentation;
mod snapshot;
mod tcpip_hook;
mod view;
mod why_not;
pub use snapshot::Snapshot;
pub use view::SessionView;
pub use why_not::{fault_refusal, WhyNot};

/// The reason Kill session gives in AB's user data.
const KILL_REASON: &str = "the user killed the session";
/// How long the transport waits before sending a lost segment again (TCP's minimum RTO).
pub const RETRANSMISSION_TIMEOUT_US: Micros = 200_000;

/// Something due at a time.
#[derive(Clone, Debug)]
enum Event {
    Start(u32),
    /// SPDU `id` (its index in the run) arrives.
    Deliver {
        conn: u32,
        to: Host,
        tsdu: Bytes,
        id: u64,
    },
    Up {
        conn: u32,
        host: Host,
    },
    ConnectRefused(u32),
    Closed {
        conn: u32,
        to: Host,
    },
    Timer(u32, Host),
    Tick(u32, Host),
    Reconnect(u32),
    Act(u32, ActionKind),
    RandomBreak(u32),
    /// An event of a session on the TCP/IP stack (src/sim/tcpip).
    Tcpip(u32, super::tcpip::Ev),
}

/// One session and everything about it.
#[derive(Clone, Debug)]
struct Session {
    spec: SessionSpec,
    a: Machine,
    b: Machine,
    conn: Option<u32>,
    apps: Apps,
    summary: Summary,
    rng: Rng,
    refuse_until: Micros,
    /// Byte offsets at which to break the transport, smallest first.
    break_at: crate::protocol::sorted::SortedSet<u64>,
    attempts: u32,
    /// The next TSDU is held back this long, with this explanation.
    hold_next: Option<(Micros, String)>,
    /// An attacker puts these octets on the wire instead of the next TSDU this host sends.
    replace_next: Option<(Host, Bytes)>,
    /// When each machine's timer event (A's, B's) is scheduled, if one is: the one event
    /// for it, taken off the schedule when the machine stops the timer.
    armed: [Option<Micros>; 2],
    /// On the TCP/IP stack: the session's engine (its machines and `apps` are then unused).
    tcpip: Option<Box<super::tcpip::Engine>>,
}

impl Session {
    /// The applications, and a call into the one on `host` at `now`, answering into `fx`.
    fn app_call<'a>(
        &'a mut self,
        host: Host,
        now: Micros,
        fx: &'a mut Effects,
    ) -> (&'a mut Apps, Cx<'a>) {
        let m = match host {
            Host::A => &mut self.a,
            Host::B => &mut self.b,
        };
        (&mut self.apps, Cx { host, m, now, fx })
    }

    /// Holds the next TSDU back `extra` µs more, for `why`: faults set before it goes add up
    /// (a drop and a delay both act on it), none replaces another.
    fn hold(&mut self, extra: Micros, why: String) {
        self.hold_next = Some(match self.hold_next.take() {
            Some((before, was)) => (before.saturating_add(extra), format!("{was}, then {why}")),
            None => (extra, why),
        });
    }

    /// Session `i` as `spec` describes it, with its own random numbers.
    fn new(i: u32, spec: SessionSpec, mut rng: Rng) -> Session {
        let apps = Apps::new(&spec, rng.next_u64());
        let tcpip = tcpip_hook::engine(&spec, &mut rng);
        let cfg = Apps::config(&spec);
        Session {
            a: Machine::new(Role::Initiator, cfg.clone()),
            b: Machine::new(Role::Responder, cfg),
            conn: None,
            apps,
            summary: Summary {
                session: i,
                app: spec.app.name().to_string(),
                ..Summary::default()
            },
            rng,
            refuse_until: 0,
            break_at: Default::default(),
            attempts: 0,
            hold_next: None,
            replace_next: None,
            armed: [None, None],
            tcpip,
            spec,
        }
    }
}

/// The world.
#[derive(Clone, Debug)]
pub struct World {
    link: Link,
    sched: Scheduler<Event>,
    sessions: Vec<Session>,
    conns: Vec<Connection>,
    trace: Trace,
    spdus: u64,
    /// A Wireshark capture of every TSDU, when asked for.
    capture: Option<PcapWriter>,
    /// Draws for random faults.
    faults: Rng,
    /// Host B's bank: one replay window for every session's logins.
    bank: Bank,
}

/// The rank of a scenario's action `j` among the inputs due at one time: after every
/// session's start (ranked by index), in the scenario's order.
fn action_rank(j: usize) -> u64 {
    (1 << 32) + j as u64
}

impl World {
    /// A world ready to run `scenario` (already validated).
    pub fn new(scenario: &Scenario) -> World {
        let mut rng = Rng::new(scenario.seed);
        let mut sched = Scheduler::default();
        let sessions = scenario
            .sessions
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                sched.input(ms_to_us(spec.start_ms), i as u64, Event::Start(i as u32));
                Session::new(i as u32, spec.clone(), rng.fork())
            })
            .collect();
        for (j, a) in scenario.actions.iter().enumerate() {
            sched.input(
                ms_to_us(a.at_ms),
                action_rank(j),
                Event::Act(a.session, a.what.clone()),
            );
        }
        World {
            link: scenario.link,
            sched,
            sessions,
            conns: Vec::new(),
            trace: Trace::default(),
            spdus: 0,
            capture: None,
            faults: rng.fork(),
            bank: Bank::new(),
        }
    }

    /// The current simulated time.
    pub fn now(&self) -> Micros {
        self.sched.now()
    }

    /// The trace so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Limits the trace to `n` events (0: no limit); later ones are counted as dropped.
    pub fn set_trace_limit(&mut self, n: usize) {
        self.trace.limit = n;
    }

    /// Starts keeping a pcap capture of every TSDU (call before running).
    pub fn enable_capture(&mut self) {
        self.capture = Some(PcapWriter::new());
    }

    /// The capture's octets (a classic pcap file), if capture was enabled.
    pub fn take_capture(&mut self) -> Option<Vec<u8>> {
        self.capture.take().map(PcapWriter::into_bytes)
    }

    /// The figures of every session.
    pub fn summaries(&self) -> Vec<Summary> {
        self.sessions.iter().map(|s| s.summary.clone()).collect()
    }

    /// The figures of `session`, if there is one (no copy of the others').
    pub fn summary(&self, session: u32) -> Option<&Summary> {
        Some(&self.sessions.get(session as usize)?.summary)
    }

    /// True when every session has ended.
    pub fn finished(&self) -> bool {
        self.sessions.iter().all(|s| s.summary.outcome.is_some())
    }

    /// True when nothing is left to happen: no event is due, however long the clock runs.
    pub fn idle(&self) -> bool {
        self.sched.is_empty()
    }

    /// Runs one event; false if none is left.
    pub fn step(&mut self) -> bool {
        match self.sched.pop_until(Micros::MAX) {
            Some((_, e)) => {
                self.handle(e);
                true
            }
            None => false,
        }
    }

    /// Runs the next event if it is due at or before `t`; false if none is.
    pub fn step_until(&mut self, t: Micros) -> bool {
        match self.sched.pop_until(t) {
            Some((_, e)) => {
                self.handle(e);
                true
            }
            None => false,
        }
    }

    /// Runs every event due up to `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Micros) {
        self.run_until_each(t, |_| {});
    }

    /// As [`World::run_until`], calling `each` after every event (to keep copies on the way).
    pub fn run_until_each(&mut self, t: Micros, mut each: impl FnMut(&World)) {
        while let Some((_, e)) = self.sched.pop_until(t) {
            self.handle(e);
            each(self);
        }
        self.sched.advance_to(t);
    }

    /// Runs until every session has ended or nothing is left to do, at most until `limit`.
    pub fn run_to_end(&mut self, limit: Micros) {
        while !self.finished() {
            match self.sched.pop_until(limit) {
                Some((_, e)) => self.handle(e),
                None => break,
            }
        }
    }

    /// The user breaks the session's transport connection now.
    pub fn break_transport(&mut self, session: u32, cause: &str) {
        if self.tcpip_break(session, cause) {
            return;
        }
        let s = session as usize;
        let Some(conn) = self.sessions.get(s).and_then(|x| x.conn) else {
            return;
        };
        let c = &mut self.conns[conn as usize];
        if !c.open {
            return;
        }
        let lost = c.break_now();
        let now = self.now();
        if let Some(cap) = &mut self.capture {
            cap.abort_connection(conn, now);
        }
        for i in lost.iter().flatten() {
            if let Some(e) = self.trace.events.get_mut(*i) {
                if let What::Spdu { arrives, .. } = &mut e.what {
                    *arrives = None;
                }
            }
        }
        self.trace.push(
            now,
            session,
            What::Break {
                conn,
                cause: cause.to_string(),
                lost: lost.len() as u32,
                at_risk: self.sessions[s].apps.at_risk(),
            },
        );
        self.sessions[s].summary.breaks += 1;
        self.sessions[s].conn = None;
        for host in [Host::A, Host::B] {
            self.machine(s, host).handle_transport(now, false);
            self.drain(s, host);
        }
    }

    fn machine(&mut self, s: usize, host: Host) -> &mut Machine {
        match host {
            Host::A => &mut self.sessions[s].a,
            Host::B => &mut self.sessions[s].b,
        }
    }

    fn handle(&mut self, e: Event) {
        let Some(e) = self.tcpip_event(e) else {
            return;
        };
        let now = self.now();
        match e {
            Event::Start(s) => self.connect(s as usize),
            Event::RandomBreak(s) => {
                self.break_transport(s, "a random break (link.break_per_million)")
            }
            Event::Reconnect(s) => {
                let sess = &mut self.sessions[s as usize];
                // (Scheduled only with an attempt left: see `apply`.)
                if sess.summary.outcome.is_none() {
                    let cfg = Apps::config(&sess.spec);
                    sess.a = Machine::new(Role::Initiator, cfg.clone());
                    sess.b = Machine::new(Role::Responder, cfg);
                    self.connect(s as usize);
                }
            }
            Event::Deliver { conn, to, tsdu, id } => {
                let c = &mut self.conns[conn as usize];
                if !c.open {
                    return;
                }
                c.arrived(to);
                let s = c.session as usize;
                self.machine(s, to).handle_tsdu(now, tsdu);
                self.drain_delivered(s, to, Some(id));
            }
            Event::Up { conn, host } => {
                let c = &self.conns[conn as usize];
                if !c.open {
                    return;
                }
                let s = c.session as usize;
                if host == Host::A {
                    self.trace.push(now, s as u32, What::TransportUp { conn });
                }
                self.machine(s, host).handle_transport(now, true);
                self.drain(s, host);
            }
            Event::ConnectRefused(s) => {
                self.machine(s as usize, Host::A)
                    .handle_transport(now, false);
                self.drain(s as usize, Host::A);
            }
            Event::Closed { conn, to } => {
                let c = &mut self.conns[conn as usize];
                if !c.open {
                    return;
                }
                c.open = false;
                let s = c.session as usize;
                if let Some(cap) = &mut self.capture {
                    cap.close_connection(conn, now);
                }
                self.trace
                    .push(now, s as u32, What::TransportClosed { conn });
                if self.sessions[s].conn == Some(conn) {
                    self.sessions[s].conn = None;
                }
                self.machine(s, to).handle_transport(now, false);
                self.drain(s, to);
            }
            Event::Timer(s, host) => {
                self.sessions[s as usize].armed[usize::from(host == Host::B)] = None;
                self.machine(s as usize, host).handle_timeout(now);
                self.drain(s as usize, host);
            }
            Event::Tick(s, host) => self.tick(s as usize, host),
            Event::Act(s, kind) => self.do_act(s, kind),
            Event::Tcpip(..) => {}
        }
    }

    /// Adds action number `index` of the scenario this world runs (its place in the
    /// scenario's `actions`) before its time comes: the run goes on as a run of the scenario
    /// from the start does (the action falls among those due at its time where the scenario
    /// has it). `false`, and nothing added, once the clock has reached its time.
    pub fn add_action(&mut self, index: usize, action: &Action) -> bool {
        let event = Event::Act(action.session, action.what.clone());
        self.sched
            .input(ms_to_us(action.at_ms), action_rank(index), event)
    }

    /// A user action or fault on a session, now (what the playground's buttons do).
    pub fn act(&mut self, session: u32, kind: ActionKind) {
        if (session as usize) < self.sessions.len() {
            self.do_act(session, kind);
        }
    }

    /// Adds a session that starts at its `start_ms` (now, if that has passed); returns its
    /// index.
    pub fn add_session(&mut self, spec: SessionSpec) -> u32 {
        let i = self.sessions.len() as u32;
        self.sched.at(ms_to_us(spec.start_ms), Event::Start(i));
        let rng = self.faults.fork();
        self.sessions.push(Session::new(i, spec, rng));
        i
    }

    /// An attacker on the link: the next TSDU `from` sends on `session` goes on the wire as
    /// `octets` instead (octets captured from another session, say: a replayed CN). The
    /// trace shows the octets that went on the wire, and a fault saying what was done.
    pub fn replace_next_tsdu(&mut self, session: u32, from: Host, octets: Bytes) {
        if let Some(sess) = self.sessions.get_mut(session as usize) {
            sess.replace_next = Some((from, octets));
        }
    }

    fn do_act(&mut self, s: u32, kind: ActionKind) {
        let Some(kind) = self.tcpip_act(s, kind) else {
            return;
        };
        let now = self.now();
        match kind {
            ActionKind::Break => self.break_transport(s, "the user broke the transport connection"),
            ActionKind::BreakAtByte(b) => {
                self.sessions[s as usize].break_at.insert(b);
            }
            ActionKind::Kill => self.kill(s as usize),
            ActionKind::SwitchDialog(mode) => {
                let sess = &mut self.sessions[s as usize];
                let mut fx = Effects::default();
                if sess.summary.outcome.is_none() && sess.spec.dialog != mode {
                    let (apps, mut cx) = sess.app_call(Host::A, now, &mut fx);
                    if apps.switch_dialog(&mut cx, mode) {
                        sess.spec.dialog = mode;
                    }
                }
                self.apply(s as usize, Host::A, fx);
                self.drain(s as usize, Host::A);
            }
            ActionKind::GiveToken(host) | ActionKind::RequestToken(host) => {
                let give = matches!(kind, ActionKind::GiveToken(_));
                let request = if give {
                    Request::GiveTokens(TokenSet::DATA)
                } else {
                    Request::PleaseTokens(TokenSet::DATA)
                };
                let mut fx = Effects::default();
                fx.note(
                    host,
                    if give {
                        "the user gives the data token away"
                    } else {
                        "the user asks for the data token"
                    },
                );
                let m = self.machine(s as usize, host);
                fx.request(host, m, now, request);
                self.apply(s as usize, host, fx);
                self.drain(s as usize, host);
            }
            ActionKind::DelayNextMs(ms) => {
                self.sessions[s as usize].hold(ms_to_us(ms), format!("delayed {ms} ms"));
            }
            ActionKind::DropNext => {
                let rto = RETRANSMISSION_TIMEOUT_US;
                self.sessions[s as usize].hold(
                    rto,
                    format!("lost; the transport sends it again after {} ms", rto / 1000),
                );
            }
            ActionKind::RefuseReconnectsMs(ms) => {
                self.sessions[s as usize].refuse_until = now.saturating_add(ms_to_us(ms));
                self.trace.push(
                    now,
                    s,
                    What::App {
                        host: Host::B,
                        text: format!("host B refuses transport connections for {ms} ms"),
                    },
                );
            }
        }
    }

    /// A user abort from host A: AB, and no reconnect.
    fn kill(&mut self, s: usize) {
        let now = self.now();
        if self.sessions[s].summary.outcome.is_some() {
            return;
        }
        let mut fx = Effects::default();
        fx.note(Host::A, KILL_REASON);
        let sess = &mut self.sessions[s];
        if sess.a.state() != crate::protocol::machine::State::Idle {
            // The user's reason goes in AB's user data (S-U-ABORT, X.225 8.3.7).
            let user_data = super::apps::abort_reason(&sess.a, KILL_REASON);
            fx.request(Host::A, &mut sess.a, now, Request::Abort { user_data });
        }
        fx.outcome = Some(Outcome::Aborted);
        self.apply(s, Host::A, fx);
        self.drain(s, Host::A);
    }

    fn connect(&mut self, s: usize) {
        let now = self.now();
        let sess = &mut self.sessions[s];
        sess.attempts += 1;
        let calling = sess.rng.reference();
        let attempt = sess.attempts;
        let mut fx = Effects::default();
        let (apps, mut cx) = sess.app_call(Host::A, now, &mut fx);
        apps.start(&mut cx, calling);
        if attempt > 1 {
            let refused = now < sess.refuse_until;
            self.trace.push(
                now,
                s as u32,
                What::Reconnect {
                    attempt: attempt - 1,
                    refused,
                },
            );
        }
        self.apply(s, Host::A, fx);
        self.drain(s, Host::A);
    }

    fn tick(&mut self, s: usize, host: Host) {
        let now = self.now();
        let sess = &mut self.sessions[s];
        let mut fx = Effects::default();
        let (apps, mut cx) = sess.app_call(host, now, &mut fx);
        apps.tick(&mut cx);
        self.apply(s, host, fx);
        self.drain(s, host);
        let sent = self.sessions[s].apps.progress().map_or(0, |p| p.0);
        if let Some(&at) = self.sessions[s].break_at.first() {
            if sent >= at {
                self.sessions[s].break_at.remove(&at);
                self.break_transport(s as u32, &format!("break at byte {at}"));
            }
        }
    }

    /// Applies what an application asked for.
    fn apply(&mut self, s: usize, host: Host, mut fx: Effects) {
        let now = self.now();
        if let Some(after) = fx.reconnect_after {
            // The session's spec allows so many reconnects: past them it is lost now, and
            // the note says so instead of promising another attempt. (A dialogue switch's
            // reconnect, at once, has its own note.)
            let spec = &self.sessions[s].spec;
            if self.sessions[s].attempts > spec.max_reconnects {
                let text = format!("giving up after {} reconnects", spec.max_reconnects);
                fx.note(Host::A, text);
                fx.outcome.get_or_insert(Outcome::Lost);
                fx.reconnect_after = None;
            } else if after > 0 {
                fx.note(Host::A, format!("reconnecting in {} ms", after / 1000));
            }
        }
        for w in fx.trace {
            self.trace.push(now, s as u32, w);
        }
        let sess = &mut self.sessions[s];
        sess.summary.payload_sent += fx.payload_sent;
        sess.summary.payload_resent += fx.payload_resent;
        if let Some(r) = fx.resume {
            sess.summary.resume_points.push(r);
        }
        if fx.tick_when_writable {
            let at = sess.conn.map_or(now, |c| {
                self.conns[c as usize]
                    .writable_at(&self.link, host)
                    .max(now)
            });
            self.sched.at(at, Event::Tick(s as u32, host));
        }
        if let Some(at) = fx.tick_at {
            self.sched.at(at, Event::Tick(s as u32, host));
        }
        if let Some(after) = fx.reconnect_after {
            self.sched
                .at(now.saturating_add(after), Event::Reconnect(s as u32));
        }
        if let Some(outcome) = fx.outcome {
            if sess.summary.outcome.is_none() {
                sess.summary.outcome = Some(outcome.clone());
                sess.summary.ended_at = Some(now);
                sess.apps.finish(&outcome, &mut sess.summary);
                self.trace.push(now, s as u32, What::Outcome { outcome });
                // The session is over: its applications' pending wake-ups (a think time, an
                // idle timeout) and, if it was killed before it began, its start would find
                // nothing to do, and would only keep the run going.
                let me = s as u32;
                self.sched
                    .cancel(|e| matches!(e, Event::Tick(x, _) | Event::Start(x) if *x == me));
            }
        }
    }

    /// Drains a machine's outputs: TSDUs onto the wire, indications to the application,
    /// transport requests to the transport, records into the trace; then arms its timer.
    fn drain(&mut self, s: usize, host: Host) {
        self.drain_delivered(s, host, None);
    }

    /// As [`World::drain`], after SPDU `delivered` was handed to the machine: a discard names
    /// it.
    fn drain_delivered(&mut self, s: usize, host: Host, delivered: Option<u64>) {
        let now = self.now();
        while let Some(out) = self.machine(s, host).poll_output() {
            match out {
                Output::Transmit { tsdu, spdu, serial } => {
                    self.transmit(s, host, tsdu, spdu, serial.map(|n| n.get()))
                }
                Output::Indication(ind) => self.indicate(s, host, ind),
                Output::Transport(TransportRequest::Connect) => self.transport_connect(s),
                Output::Transport(TransportRequest::Disconnect) => {
                    self.transport_disconnect(s, host)
                }
                // Formatted only when kept: a run past its trace limit, or a look ahead
                // without a trace, spends no time on words nobody reads.
                Output::Record(Record::State { from, to }) => {
                    self.trace.push_with(now, s as u32, || What::State {
                        host,
                        from: from.to_string(),
                        to: to.to_string(),
                    });
                }
                Output::Record(Record::Tokens { to, .. }) => {
                    self.trace.push_with(now, s as u32, || What::Tokens {
                        host,
                        held: api_token_names(to),
                    });
                }
                Output::Record(Record::Discarded { spdu, why }) => {
                    self.trace.push_with(now, s as u32, || What::Discarded {
                        host,
                        id: delivered,
                        spdu: spdu.to_string(),
                        why: why.to_string(),
                    });
                }
                Output::Record(_) => {}
            }
        }
        self.arm(s, host);
    }

    /// Schedules the machine's timer event as its timer now stands: one event while the
    /// timer runs (X.225 TIM), none once it is stopped (the session ended first), so a stopped
    /// timer neither fires nor keeps the run from being over.
    fn arm(&mut self, s: usize, host: Host) {
        let due = self.machine(s, host).poll_timeout();
        let side = usize::from(host == Host::B);
        let armed = self.sessions[s].armed[side];
        if due == armed {
            return;
        }
        if armed.is_some() {
            let me = (s as u32, host);
            self.sched
                .cancel(|e| matches!(e, Event::Timer(x, h) if (*x, *h) == me));
        }
        if let Some(t) = due {
            self.sched.at(t, Event::Timer(s as u32, host));
        }
        self.sessions[s].armed[side] = due;
    }

    fn transmit(
        &mut self,
        s: usize,
        from: Host,
        mut tsdu: Bytes,
        spdu: &'static str,
        serial: Option<u32>,
    ) {
        let now = self.now();
        let replaced = self.sessions[s]
            .replace_next
            .take_if(|(host, _)| *host == from)
            .map(|(_, octets)| std::mem::replace(&mut tsdu, octets));
        let header = presentation::protocol_len(spdu, &tsdu);
        let shown = if header < tsdu.len() {
            header + TRACE_DATA_MAX
        } else {
            tsdu.len()
        };
        let id = self.spdus;
        self.spdus += 1;
        self.sessions[s].summary.protocol_bytes += header as u64;
        let conn = self.sessions[s].conn;
        let index = self.trace.push_with(now, s as u32, || What::Spdu {
            id,
            conn: conn.unwrap_or(u32::MAX),
            from,
            spdu: spdu.to_string(),
            serial,
            len: tsdu.len(),
            header_len: header,
            octets: Octets::first(&tsdu, shown),
            arrives: None,
        });
        if let Some(sent) = replaced {
            self.trace.push(
                now,
                s as u32,
                What::Fault {
                    cause: format!(
                        "SPDU {id} ({spdu}, {} octets) replaced on the wire by an attacker's {} \
                         octets",
                        sent.len(),
                        tsdu.len()
                    ),
                },
            );
        }
        let Some(conn) = conn.filter(|c| self.conns[*c as usize].open) else {
            return;
        };
        let (extra, why) = self.sessions[s].hold_next.take().unwrap_or_default();
        if extra > 0 {
            self.trace.push(
                now,
                s as u32,
                What::Fault {
                    cause: format!("SPDU {id} ({spdu}) {why}"),
                },
            );
        }
        let arrival =
            self.conns[conn as usize].send(&self.link, now, from, tsdu.len(), extra, index);
        if let Some(cap) = &mut self.capture {
            cap.tsdu(conn, from == Host::A, now, &tsdu);
        }
        let p = self.link.break_per_million;
        if p > 0 && self.faults.below(1_000_000) < u64::from(p) {
            self.sched.at(now, Event::RandomBreak(s as u32));
        }
        if let Some(i) = index {
            if let What::Spdu { arrives, .. } = &mut self.trace.events[i].what {
                *arrives = Some(arrival);
            }
        }
        self.sched.at(
            arrival,
            Event::Deliver {
                conn,
                to: from.peer(),
                tsdu,
                id,
            },
        );
    }

    fn transport_connect(&mut self, s: usize) {
        let now = self.now();
        let latency = self.link.latency_us;
        if now < self.sessions[s].refuse_until {
            self.sched.at(
                now.saturating_add(latency.saturating_mul(2)),
                Event::ConnectRefused(s as u32),
            );
            return;
        }
        let id = self.conns.len() as u32;
        self.conns.push(Connection::new(id, s as u32));
        if let Some(cap) = &mut self.capture {
            cap.open_connection(id, now);
        }
        self.sessions[s].conn = Some(id);
        self.sched.at(
            now.saturating_add(latency),
            Event::Up {
                conn: id,
                host: Host::B,
            },
        );
        self.sched.at(
            now.saturating_add(latency.saturating_mul(2)),
            Event::Up {
                conn: id,
                host: Host::A,
            },
        );
    }

    fn transport_disconnect(&mut self, s: usize, host: Host) {
        let now = self.now();
        let Some(conn) = self.sessions[s].conn else {
            return;
        };
        let c = &self.conns[conn as usize];
        if !c.open {
            return;
        }
        let at = now
            .saturating_add(self.link.latency_us)
            .max(c.last_arrival(host.peer()).unwrap_or(0));
        self.sched.at(
            at,
            Event::Closed {
                conn,
                to: host.peer(),
            },
        );
    }

    fn indicate(&mut self, s: usize, host: Host, ind: Indication) {
        let ind = self.present(s, host, ind);
        let now = self.now();
        let mut fx = Effects::default();
        let abort = match &ind {
            Indication::UserAbort { user_data } => Some(match user_data {
                Some(d) => format!(
                    "the peer's user aborted (AB): \"{}\"",
                    String::from_utf8_lossy(d)
                ),
                None => "the peer's user aborted (AB)".to_string(),
            }),
            Indication::ProviderAbort(cause) => Some(format!("provider abort: {cause}")),
            _ => None,
        };
        if let Some(cause) = abort {
            self.trace.push(now, s as u32, What::Abort { host, cause });
        }
        let sess = &mut self.sessions[s];
        let called = match (&ind, host) {
            (Indication::Connect { .. }, Host::B) => sess.rng.reference(),
            _ => [0; 16],
        };
        let host_b = HostB {
            called,
            bank: &mut self.bank,
        };
        let (apps, mut cx) = sess.app_call(host, now, &mut fx);
        apps.indicate(&mut cx, host_b, ind);
        self.apply(s, host, fx);
    }
}

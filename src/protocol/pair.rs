//! Two session protocol machines wired back to back through a perfect transport: the harness
//! for whole-exchange tests and the fuzzer. TSDUs arrive in order; the clock only moves when
//! asked. (The simulated world, with latency and faults, lives in `crate::sim`.)

use bytes::Bytes;
use std::collections::VecDeque;

use super::codec::FunctionalUnits;
use super::machine::{
    AbortCause, Config, Indication, Machine, Output, PeerError, Record, Request, Role,
    TransportRequest, UsageError,
};

/// Which machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The initiator.
    A,
    /// The responder.
    B,
}

impl Side {
    /// The other side.
    pub fn peer(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// One SPDU on the wire, as the log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// Who sent it.
    pub from: Side,
    /// Its main SPDU's abbreviation.
    pub spdu: &'static str,
    /// Its octets.
    pub tsdu: Bytes,
}

/// An initiator A and a responder B with a transport between them.
#[derive(Clone, Debug)]
pub struct Pair {
    /// The initiator.
    pub a: Machine,
    /// The responder.
    pub b: Machine,
    /// The time passed to the machines.
    pub now: u64,
    /// Whether the transport connection is up.
    pub connected: bool,
    /// TSDUs in flight to A and to B.
    inbox: [VecDeque<Bytes>; 2],
    /// Indications received by A and by B, oldest first.
    pub indications: [Vec<Indication>; 2],
    /// Trace records of A and of B.
    pub records: [Vec<Record>; 2],
    /// Every TSDU sent, in order.
    pub wire: Vec<Sent>,
    /// Whether octets have been injected ([`Pair::inject`]): a forged SPDU that a machine
    /// cannot tell from its peer's (a GT giving tokens the peer still holds) may have been
    /// taken in, so the two machines need no longer agree.
    pub injected: bool,
    /// Whether octets have ever been injected in this pair's life (never reset): without
    /// them, both machines only ever received what the other sent.
    pub ever_injected: bool,
    /// Every provider abort for a protocol error, with the side that found it and the rule.
    pub protocol_errors: Vec<(Side, PeerError)>,
}

impl Pair {
    /// Two idle machines.
    pub fn new(a: Config, b: Config) -> Self {
        Pair {
            a: Machine::new(Role::Initiator, a),
            b: Machine::new(Role::Responder, b),
            now: 0,
            connected: false,
            inbox: [VecDeque::new(), VecDeque::new()],
            indications: [Vec::new(), Vec::new()],
            records: [Vec::new(), Vec::new()],
            wire: Vec::new(),
            injected: false,
            ever_injected: false,
            protocol_errors: Vec::new(),
        }
    }

    /// A pair with a session established (CN, AC) under these configurations.
    pub fn connected(a: Config, b: Config) -> Self {
        Pair::connected_with_refs(a, b, [0xa; 16], [0xb; 16])
    }

    /// Like [`Pair::connected`], with the calling and called references given.
    pub fn connected_with_refs(a: Config, b: Config, calling: [u8; 16], called: [u8; 16]) -> Self {
        let mut p = Pair::new(a, b);
        p.request(
            Side::A,
            Request::Connect {
                calling_ref: calling,
                user_data: None,
            },
        )
        .expect("connect");
        p.run();
        p.accept(Side::B, called).expect("accept");
        p.run();
        p.take_indications(Side::A);
        p.take_indications(Side::B);
        p
    }

    // ---- fixtures: a pair already where a test begins (as smoltcp's `socket_established`) ----

    /// A session established with [`Config::default`] on both sides (half-duplex, activity
    /// management, every token, all of them A's), in STA713.
    pub fn established() -> Self {
        Pair::connected(Config::default(), Config::default())
    }

    /// [`Pair::established`] with A's activity "a1" started and B told (X.225 7.16): data
    /// and sync points may flow.
    pub fn in_activity() -> Self {
        let mut p = Pair::established();
        let id = Bytes::from_static(b"a1");
        p.request(Side::A, Request::ActivityStart { id })
            .expect("activity start");
        p.run();
        p.take_indications(Side::B);
        p
    }

    /// Half-duplex with every unit of [`Config::default`] but activity management, so data
    /// and sync points need no activity: the data, minor, major and release tokens exist.
    pub fn half_duplex_config() -> Config {
        Config {
            functional_units: Config::default().functional_units
                - FunctionalUnits::ACTIVITY_MANAGEMENT,
            ..Config::default()
        }
    }

    /// A session established with [`Pair::half_duplex_config`] on both sides; A holds every
    /// token.
    pub fn half_duplex() -> Self {
        Pair::connected(Pair::half_duplex_config(), Pair::half_duplex_config())
    }

    /// Duplex alone, with no token and no other unit.
    pub fn duplex_config() -> Config {
        Config {
            functional_units: FunctionalUnits::DUPLEX,
            ..Config::default()
        }
    }

    /// A session established with [`Pair::duplex_config`] on both sides: either sends at
    /// any time, and either may release.
    pub fn duplex() -> Self {
        Pair::connected(Pair::duplex_config(), Pair::duplex_config())
    }

    /// A (configured as `a`) asked to connect with `user_data`, and its CN reached B (as
    /// `b`): B waits for its user's answer (STA08), its S-CONNECT indication not yet taken,
    /// unless B's machine refused the CN itself.
    pub fn connecting(a: Config, b: Config, user_data: Option<bytes::Bytes>) -> Self {
        let mut p = Pair::new(a, b);
        let connect = Request::Connect {
            calling_ref: [1; 16],
            user_data,
        };
        p.request(Side::A, connect).expect("connect");
        p.run();
        p
    }

    /// In a [`Pair::duplex`] session both sides sent FN at once, and each received the
    /// other's: a release collision (X.225 7.7.2), both in STA09 with the S-RELEASE
    /// indications not yet taken.
    pub fn release_collision() -> Self {
        let mut p = Pair::duplex();
        for side in [Side::A, Side::B] {
            p.request(side, Request::Release { user_data: None })
                .expect("release");
        }
        p.run();
        p
    }

    /// The machine on one side.
    pub fn machine(&mut self, side: Side) -> &mut Machine {
        match side {
            Side::A => &mut self.a,
            Side::B => &mut self.b,
        }
    }

    /// A user request on one side, with its outputs collected (not yet delivered).
    pub fn request(&mut self, side: Side, r: Request) -> Result<(), UsageError> {
        let now = self.now;
        let result = self.machine(side).handle_request(now, r);
        self.collect(side);
        result
    }

    /// `side`'s user accepts the connection it was asked for, with `called_ref` and no user
    /// data (S-CONNECT response, X.225 7.1).
    pub fn accept(&mut self, side: Side, called_ref: [u8; 16]) -> Result<(), UsageError> {
        self.request(
            side,
            Request::Accept {
                called_ref,
                user_data: None,
            },
        )
    }

    /// `side`'s user accepts the release it was asked for, with no user data (S-RELEASE
    /// response, X.225 7.7).
    pub fn accept_release(&mut self, side: Side) -> Result<(), UsageError> {
        self.request(
            side,
            Request::ReleaseResponse {
                accept: true,
                user_data: None,
            },
        )
    }

    /// Delivers one TSDU in flight to `side`, if any; true if one was delivered.
    pub fn deliver_one(&mut self, side: Side) -> bool {
        let Some(tsdu) = self.inbox[side as usize].pop_front() else {
            return false;
        };
        let now = self.now;
        self.machine(side).handle_tsdu(now, tsdu);
        self.collect(side);
        true
    }

    /// Injects octets as if the peer had sent them to `side`.
    pub fn inject(&mut self, side: Side, tsdu: Bytes) {
        self.injected = true;
        self.ever_injected = true;
        let now = self.now;
        self.machine(side).handle_tsdu(now, tsdu);
        self.collect(side);
    }

    /// Delivers everything in flight, both ways, until nothing moves.
    pub fn run(&mut self) {
        while self.deliver_one(Side::A) | self.deliver_one(Side::B) {}
    }

    /// The TSDUs in flight to `side`.
    pub fn in_flight(&self, side: Side) -> usize {
        self.inbox[side as usize].len()
    }

    /// Moves the clock and fires due timers.
    pub fn advance(&mut self, to: u64) {
        self.now = to;
        for side in [Side::A, Side::B] {
            self.machine(side).handle_timeout(to);
            self.collect(side);
        }
    }

    /// Breaks the transport: what is in flight is lost and both sides are told.
    pub fn break_transport(&mut self) {
        self.inbox = [VecDeque::new(), VecDeque::new()];
        if self.connected {
            self.connected = false;
            for side in [Side::A, Side::B] {
                let now = self.now;
                self.machine(side).handle_transport(now, false);
                self.collect(side);
            }
        }
    }

    /// Indications of one side since the last call.
    pub fn take_indications(&mut self, side: Side) -> Vec<Indication> {
        std::mem::take(&mut self.indications[side as usize])
    }

    /// Takes this side's indications and returns the rule of the protocol error that
    /// aborted it (X.225 7.10: a provider abort), if one did.
    pub fn take_protocol_error(&mut self, side: Side) -> Option<PeerError> {
        self.take_indications(side)
            .into_iter()
            .find_map(|i| match i {
                Indication::ProviderAbort(AbortCause::ProtocolError(rule)) => Some(rule),
                _ => None,
            })
    }

    /// The SPDU abbreviations on the wire so far, with who sent them: "A:CN", "B:AC", ...
    pub fn wire_log(&self) -> Vec<String> {
        self.wire
            .iter()
            .map(|s| format!("{:?}:{}", s.from, s.spdu))
            .collect()
    }

    /// Collects what a machine put out: TSDUs onto the wire, indications and records. The
    /// pair's own methods call it; call it after a request made on [`Pair::machine`] directly
    /// (as an application that holds the machine does).
    pub fn collect(&mut self, side: Side) {
        while let Some(out) = self.machine(side).poll_output() {
            match out {
                Output::Transmit { tsdu, spdu, .. } => {
                    self.wire.push(Sent {
                        from: side,
                        spdu,
                        tsdu: tsdu.clone(),
                    });
                    if self.connected {
                        self.inbox[side.peer() as usize].push_back(tsdu);
                    }
                }
                Output::Indication(i) => {
                    if let Indication::ProviderAbort(AbortCause::ProtocolError(rule)) = &i {
                        self.protocol_errors.push((side, rule.clone()));
                    }
                    self.indications[side as usize].push(i)
                }
                Output::Record(r) => self.records[side as usize].push(r),
                Output::Transport(TransportRequest::Connect) => {
                    self.connected = true;
                    let now = self.now;
                    self.b.handle_transport(now, true);
                    self.collect(Side::B);
                    self.a.handle_transport(now, true);
                    self.collect(Side::A);
                }
                Output::Transport(TransportRequest::Disconnect) => {
                    // TSDUs already sent still arrive before the close, as with TCP's FIN.
                    let peer = side.peer();
                    while self.deliver_one(peer) {}
                    // What was in flight to the side that closed is lost with its connection;
                    // it must not turn up on the next one (found by the conformance oracle: a
                    // stale CN reached the responder of a new connection).
                    self.inbox[side as usize].clear();
                    if self.connected {
                        self.connected = false;
                        let now = self.now;
                        self.machine(peer).handle_transport(now, false);
                        self.collect(peer);
                        self.machine(side).handle_transport(now, false);
                        self.collect(side);
                    }
                }
            }
        }
    }
}

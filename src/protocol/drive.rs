//! Driving two machines with arbitrary steps and checking what must always hold: the one
//! driver behind the property test (`tests/machine_fuzz.rs`) and the cargo-fuzz target
//! (`fuzz/fuzz_targets/machines.rs`). A step is a user request (any [`Request`], so new
//! requests are driven as soon as a generator makes them), a delivery, octets injected as if
//! received, a transport break, or time passing.

use bytes::Bytes;
use std::fmt;

use super::codec::{FunctionalUnits, SerialNumber, TokenSet};
use super::machine::{Config, Request, State};
use super::pair::{Pair, Side};

/// One thing that happens to the pair.
#[derive(Clone, Debug)]
pub enum Step {
    /// This side's user makes a request (which the machine may refuse).
    Request(Side, Request),
    /// The oldest TSDU in flight to this side arrives (nothing, if none is).
    Deliver(Side),
    /// These octets arrive at this side as a TSDU, whatever they are.
    Inject(Side, Bytes),
    /// The transport connection breaks; what is in flight is lost.
    Break,
    /// The clock moves on by this many microseconds (timers may fire).
    Advance(u64),
}

/// The tokens whose bits are set in the low four bits of `bits`: data, minor sync,
/// major/activity, release (X.225 7.3), so a generator can pick any set with one number.
pub fn tokens_from_bits(bits: u8) -> TokenSet {
    [
        TokenSet::DATA,
        TokenSet::MINOR_SYNC,
        TokenSet::MAJOR_ACTIVITY,
        TokenSet::RELEASE,
    ]
    .into_iter()
    .enumerate()
    .filter(|(i, _)| bits & (1 << i) != 0)
    .fold(TokenSet::EMPTY, |t, (_, token)| t | token)
}

/// An invariant the pair broke, and at which step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Violation {}

/// The pair a drive starts from: two idle machines, or (when `connected`) a session already
/// established by CN and AC. When connected, B's dialogue unit (half- or full-duplex) is made
/// A's, so that the connection opens.
pub fn start(a: Config, b: Config, connected: bool) -> Pair {
    if connected {
        let both = FunctionalUnits::HALF_DUPLEX | FunctionalUnits::DUPLEX;
        let b = Config {
            functional_units: (b.functional_units - both) | (a.functional_units & both),
            ..b
        };
        Pair::connected(a, b)
    } else {
        Pair::new(a, b)
    }
}

/// The state of a machine as its serialized form, to compare before and after a request.
fn snapshot(p: &mut Pair, side: Side) -> String {
    serde_json::to_string(p.machine(side)).unwrap_or_default()
}

/// Applies one step and checks, after it:
/// - a refused request changed neither its machine nor the wire (a service primitive the
///   state tables of X.225 Annex A do not allow in the current state is not acted on);
/// - a machine at rest (STA01) holds no token and no activity;
/// - on each side V(A) <= V(M) <= 999 999, the serial number limit (X.225 A.4.2, 8.3.18.3);
/// - conformance: while no octets were ever injected (each machine received only what the
///   other sent, in response to requests the machines accepted), neither machine ends the
///   session with a protocol-error abort; two conforming SPMs never accuse each other;
/// - with nothing in flight and both sides in data transfer, no token is held by both sides
///   (X.225 7.3: a token is assigned to one user at a time), as long as nothing has been
///   injected since both were last at rest: a forged GT giving tokens the peer holds is, to
///   its receiver, the peer's own (the property test found `01 03 10 01 55`, a GT of all
///   four tokens, taken in by B).
///
/// A panic in the machine is not caught: the caller sees it as one.
pub fn apply(p: &mut Pair, step: Step) -> Result<(), Violation> {
    match step {
        Step::Request(side, r) => {
            let before = snapshot(p, side);
            let wire = p.wire.len();
            if p.request(side, r.clone()).is_err() {
                if snapshot(p, side) != before {
                    return Err(Violation(format!("a refused {r:?} changed the machine")));
                }
                if p.wire.len() != wire {
                    return Err(Violation(format!("a refused {r:?} sent something")));
                }
            }
        }
        Step::Deliver(side) => {
            p.deliver_one(side);
        }
        Step::Inject(side, bytes) => p.inject(side, bytes),
        Step::Break => p.break_transport(),
        Step::Advance(dt) => {
            let to = p.now.saturating_add(dt);
            p.advance(to);
        }
    }
    check(p)
}

/// The invariants that hold between steps (see [`apply`]).
pub fn check(p: &mut Pair) -> Result<(), Violation> {
    // Both at rest, nothing of a forged SPDU is left: the check below applies again.
    if p.a.state() == State::Idle && p.b.state() == State::Idle {
        p.injected = false;
    }
    for side in [Side::A, Side::B] {
        let m = p.machine(side);
        if m.state() == State::Idle {
            if m.tokens() != TokenSet::EMPTY {
                return Err(Violation(format!(
                    "{side:?} idle with tokens {:?}",
                    m.tokens()
                )));
            }
            if m.activity().is_some() {
                return Err(Violation(format!("{side:?} idle with an activity")));
            }
        }
    }
    check_serials(p)?;
    if !p.ever_injected {
        if let Some((side, rule)) = p.protocol_errors.first() {
            return Err(Violation(format!(
                "{side:?} aborted for a protocol error with no octets injected: {rule}"
            )));
        }
    }
    let quiet = p.in_flight(Side::A) == 0 && p.in_flight(Side::B) == 0;
    if quiet
        && !p.injected
        && p.a.state() == State::DataTransfer
        && p.b.state() == State::DataTransfer
    {
        let both = p.a.tokens() & p.b.tokens();
        if both != TokenSet::EMPTY {
            return Err(Violation(format!("{both:?} held by both sides")));
        }
    }
    Ok(())
}

/// V(A) <= V(M) <= the serial number limit on each side (X.225 A.4.2).
fn check_serials(p: &mut Pair) -> Result<(), Violation> {
    for side in [Side::A, Side::B] {
        let s = p.machine(side).serials();
        if !(s.va <= s.vm && s.vm <= SerialNumber::MAX) {
            return Err(Violation(format!(
                "{side:?} breaks V(A) <= V(M) <= {}: V(A) = {}, V(M) = {}",
                SerialNumber::MAX,
                s.va,
                s.vm
            )));
        }
    }
    Ok(())
}

/// Runs every step from [`start`], stopping at the first broken invariant, which names the
/// step's index.
pub fn run(
    a: Config,
    b: Config,
    connected: bool,
    steps: impl IntoIterator<Item = Step>,
) -> Result<Pair, Violation> {
    let mut p = start(a, b, connected);
    for (i, step) in steps.into_iter().enumerate() {
        let shown = format!("{step:?}");
        apply(&mut p, step).map_err(|v| Violation(format!("step {i} ({shown}): {v}")))?;
    }
    Ok(p)
}

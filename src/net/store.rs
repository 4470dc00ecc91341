//! What the connections of one server share: the output directory, the credentials, the
//! transfers interrupted and waiting for an AR, and the transfers running now, which an AR
//! naming their connection may take over.

use std::collections::VecDeque;
use std::net::{Shutdown, TcpStream};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::transfer::Transfer;
use crate::protocol::auth::Verifier;
use crate::protocol::machine::ConnectionRef;

/// Interrupted transfers kept for a resume; beyond this many the oldest is dropped and its
/// temporary file removed.
const PARTIALS: usize = 64;

/// A transfer running on a connection: an AR naming one of `known` closes `stream`, since
/// the sender has given that connection up (it may be half-open: the server has not seen the
/// break yet), and waits for the transfer to be parked.
#[derive(Debug)]
struct Live {
    owner: ConnectionRef,
    known: Vec<ConnectionRef>,
    stream: TcpStream,
}

/// What every connection of one server shares.
#[derive(Debug)]
pub struct Shared {
    /// Where received files go.
    pub out: PathBuf,
    /// The users and their replay window, when credentials are required.
    pub verifier: Option<Mutex<Verifier>>,
    /// The largest file accepted, in octets.
    pub max_size: u64,
    partials: Mutex<VecDeque<Transfer>>,
    /// Signalled whenever a transfer is parked.
    parked: Condvar,
    live: Mutex<Vec<Live>>,
    /// How long an AR waits for the connection it names to let go of its transfer.
    takeover: Duration,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Shared state for files of at most `max_size` octets written to `out`.
    pub fn new(
        out: PathBuf,
        verifier: Option<Verifier>,
        max_size: u64,
        takeover: Duration,
    ) -> Self {
        Shared {
            out,
            verifier: verifier.map(Mutex::new),
            max_size,
            partials: Mutex::new(VecDeque::new()),
            parked: Condvar::new(),
            live: Mutex::new(Vec::new()),
            takeover,
        }
    }

    /// Connection `owner` runs a transfer an AR may name by `known`; `stream` is its socket.
    pub fn register(&self, owner: &ConnectionRef, known: &[ConnectionRef], stream: &TcpStream) {
        let Ok(stream) = stream.try_clone() else {
            return;
        };
        let mut live = lock(&self.live);
        live.retain(|l| l.owner != *owner);
        live.push(Live {
            owner: owner.clone(),
            known: known.to_vec(),
            stream,
        });
    }

    /// Connection `owner` has ended; park its transfer first (see [`Shared::take`]).
    pub fn unregister(&self, owner: &ConnectionRef) {
        lock(&self.live).retain(|l| l.owner != *owner);
    }

    /// Keeps a transfer for an AR; the oldest beyond 64 is dropped (and its file removed).
    pub fn park(&self, t: Transfer) {
        let mut partials = lock(&self.partials);
        partials.push_back(t);
        while partials.len() > PARTIALS {
            if let Some(old) = partials.pop_front() {
                old.discard();
            }
        }
        self.parked.notify_all();
    }

    /// The parked transfer an AR on connection `me` names by `old`. If another connection
    /// still runs it, that connection is closed and the transfer awaited for at most the
    /// takeover time. A transfer is parked before its connection unregisters, so looking in
    /// `live` first and then among the parked cannot miss it.
    pub fn take(&self, old: &ConnectionRef, me: Option<&ConnectionRef>) -> Option<Transfer> {
        let live = lock(&self.live);
        let running = live
            .iter()
            .find(|l| l.known.contains(old) && Some(&l.owner) != me);
        if let Some(l) = running {
            let _ = l.stream.shutdown(Shutdown::Both);
        }
        let wait = running.is_some();
        drop(live);
        let deadline = Instant::now() + self.takeover;
        let mut partials = lock(&self.partials);
        loop {
            if let Some(at) = partials.iter().position(|t| t.known.contains(old)) {
                return partials.remove(at);
            }
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|_| wait)?;
            partials = self
                .parked
                .wait_timeout(partials, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

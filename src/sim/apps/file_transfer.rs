//! A large file transfer that survives a dropped connection: host A sends a file as DT SPDUs
//! inside an activity, with a minor sync point every `minor_every` octets and a major one
//! every `major_every` minor points; host B confirms each point and keeps the state of its
//! digest there. After a break A reconnects and resumes the activity (AR) from the last
//! confirmed point, or, with recovery off, starts again from byte 0. The receiver checks the
//! whole file by digest; neither side holds the file in memory.

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::protocol::sorted::SortedMap;

use super::data::{self, Digest};
use super::turns::may_speak;
use super::{Cx, Effects};
use crate::protocol::codec::{ActivityReason, SerialNumber, TokenSet};
use crate::protocol::machine::{AbortCause, ConnectionRef, Indication, Request, State};
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome, ResumePoint, What};

/// The transfer's parameters (a scenario's `file_transfer` object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTransferSpec {
    /// The file's size in octets.
    pub size: u64,
    /// User data per DT SPDU.
    #[serde(default = "default_chunk")]
    pub chunk: u32,
    /// A minor sync point every this many octets.
    #[serde(default = "default_minor_every")]
    pub minor_every: u64,
    /// A major sync point every this many minor points (0: none).
    #[serde(default)]
    pub major_every: u32,
}

fn default_chunk() -> u32 {
    16 * 1024
}
fn default_minor_every() -> u64 {
    256 * 1024
}

const ACTIVITY_ID: &[u8] = b"file";
/// The most confirmed points whose digest state the receiver keeps. The sender may resume
/// from any point whose confirmation it has seen, and confirmations can be in flight for a
/// whole window of data, so the receiver keeps every point since the previous major one
/// (before it, the sender has seen a major confirmation), up to this many.
const SNAPSHOTS: usize = 4096;

/// Where the sender is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
enum Phase {
    Connecting,
    Sending,
    /// Interrupting the activity and releasing, to reconnect in the other dialogue mode.
    Switching,
    Ending,
    Releasing,
    Done,
}

/// Host A's side: sends the file.
#[derive(Clone, Debug, Serialize)]
pub struct FileSender {
    spec: FileTransferSpec,
    seed: u64,
    recovery: bool,
    reconnect_delay: Micros,
    phase: Phase,
    /// Next octet to send.
    offset: u64,
    /// Highest octet ever sent: below it, sending again is resending.
    high_water: u64,
    next_sync_at: u64,
    /// Sync points sent and not yet confirmed: serial number to offset.
    #[serde(skip)]
    unconfirmed: SortedMap<u32, u64>,
    /// The last confirmed point: (serial number, offset).
    confirmed: Option<(u32, u64)>,
    /// The session connection the receiver is known to have run the activity on: the one
    /// a sync point was last confirmed on. An AR names it (its old session
    /// connection identifier), not merely the latest connection, since the AR (which has
    /// no confirmation) may have been lost with it.
    last_connection: Option<ConnectionRef>,
    /// The session connection the activity runs on now (`None` before it began).
    current_connection: Option<ConnectionRef>,
    /// Digest of the file, each octet counted once.
    #[serde(skip)]
    digest: Digest,
    /// Sent PT and waits for the data token.
    asked_for_token: bool,
    /// A dialogue-mode switch waits for the state to allow AI.
    switch_pending: bool,
}

impl FileSender {
    /// A sender of the file `spec` whose content comes from `seed`.
    pub fn new(spec: FileTransferSpec, seed: u64, recovery: bool, reconnect_delay: Micros) -> Self {
        FileSender {
            next_sync_at: spec.minor_every.max(1),
            spec,
            seed,
            recovery,
            reconnect_delay,
            phase: Phase::Connecting,
            offset: 0,
            high_water: 0,
            unconfirmed: SortedMap::new(),
            confirmed: None,
            last_connection: None,
            current_connection: None,
            digest: Digest::default(),
            asked_for_token: false,
            switch_pending: false,
        }
    }

    /// The digest of the file as sent, once every octet has been sent.
    pub fn digest(&self) -> Option<u64> {
        (self.high_water == self.spec.size).then(|| self.digest.value())
    }

    /// Octets sent since the last confirmed sync point: what a resume would send again;
    /// `None` before the activity has begun (nothing was sent).
    pub fn at_risk(&self) -> Option<u64> {
        self.current_connection.as_ref()?;
        Some(self.offset - self.confirmed.map_or(0, |(_, o)| o))
    }

    /// Octets of the file sent at least once.
    pub fn progress(&self) -> (u64, u64) {
        (self.offset, self.spec.size)
    }

    /// The session connection is being opened (or reopened).
    pub fn connecting(&mut self) {
        self.phase = Phase::Connecting;
    }

    /// An indication for host A.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, ind: Indication) {
        match ind {
            Indication::Accepted { negotiated, .. } => {
                self.begin_activity(cx, negotiated.connection)
            }
            Indication::MinorSyncConfirmed(sn) => self.confirm(sn, false, cx.fx),
            Indication::TokensGiven(_) => {
                self.asked_for_token = false;
                cx.fx.tick_when_writable = true;
            }
            Indication::MajorSyncConfirmed(sn) => {
                self.confirm(sn, true, cx.fx);
                cx.fx.tick_when_writable = true;
            }
            Indication::ActivityEndConfirmed(_) => {
                cx.note("the receiver confirmed the end of the file");
                self.phase = Phase::Releasing;
                cx.release(None);
            }
            Indication::ActivityInterruptConfirmed if self.phase == Phase::Switching => {
                self.last_connection.clone_from(&self.current_connection);
                cx.note("activity interrupted at its last confirmed point; releasing");
                cx.release(None);
            }
            Indication::Released { .. } if self.phase == Phase::Switching => {
                self.phase = Phase::Connecting;
                cx.fx.reconnect_in_new_mode(Host::A);
            }
            Indication::Released { .. } => {
                self.phase = Phase::Done;
                cx.end(Outcome::Released);
            }
            Indication::Refused { reason, .. } => {
                self.phase = Phase::Done;
                cx.note(format!("connection refused: {}", reason.describe()));
                cx.end(Outcome::Refused);
            }
            Indication::UserAbort { .. } => {
                self.phase = Phase::Done;
                cx.note("the receiver aborted the session");
                cx.end(Outcome::Aborted);
            }
            Indication::ProviderAbort(cause) => self.lost(cause, cx),
            // S-TOKEN-PLEASE: X.225 7.4.2 leaves the answer to the user; a sender keeps the
            // tokens while it sends its file, and says so.
            Indication::TokensRequested(t) if cx.m.tokens().contains(t) => cx.note(format!(
                "host B asks for the {} token(s) (PT): A keeps them while it sends the file",
                crate::protocol::machine::api_token_names(t)
            )),
            _ => {}
        }
    }

    /// After AC: resume from the last confirmed point, or start the activity from byte 0.
    fn begin_activity(&mut self, cx: &mut Cx<'_>, conn: ConnectionRef) {
        let id = Bytes::from_static(ACTIVITY_ID);
        let old = self.last_connection.clone();
        let reconnect = self.current_connection.replace(conn).is_some();
        match (old, self.confirmed, self.recovery) {
            (Some(old), Some((sn, offset)), true) => {
                let serial = SerialNumber::new(sn).unwrap_or_default();
                let why = format!(
                    // What the sender knows: a later point the receiver confirmed may have
                    // had its MIA lost in the break, and the receiver goes back to this one.
                    "sync point {sn} at byte {offset} is the last one the sender had seen \
                     confirmed; the {} octets after it are sent again",
                    self.offset.saturating_sub(offset)
                );
                if cx.request(Request::ActivityResume {
                    old_connection: old,
                    old_id: id.clone(),
                    serial,
                    id,
                }) {
                    cx.fx.trace.push(What::Resume {
                        serial: sn,
                        offset,
                        why,
                        resend: self.offset.saturating_sub(offset),
                    });
                    cx.fx.resume = Some(ResumePoint {
                        t: cx.now,
                        serial: sn,
                        offset,
                    });
                    self.offset = offset;
                    self.next_sync_at = offset + self.spec.minor_every.max(1);
                    self.unconfirmed.clear();
                }
            }
            (_, confirmed, recovery) => {
                if reconnect {
                    let why = if !recovery {
                        "recovery is off: restart from byte 0".to_string()
                    } else if confirmed.is_none() {
                        "no confirmed sync point yet: restart from byte 0".to_string()
                    } else {
                        "restart from byte 0".to_string()
                    };
                    cx.fx.trace.push(What::Restart {
                        why,
                        resend: self.offset,
                    });
                }
                self.offset = 0;
                self.confirmed = None;
                self.unconfirmed.clear();
                self.next_sync_at = self.spec.minor_every.max(1);
                cx.request(Request::ActivityStart { id });
            }
        }
        self.phase = Phase::Sending;
        cx.fx.tick_when_writable = true;
    }

    /// The transport can take another TSDU: send the next chunk, and a sync point when due.
    pub fn on_tick(&mut self, cx: &mut Cx<'_>) {
        if self.phase != Phase::Sending || cx.m.state() != State::DataTransfer {
            return;
        }
        if self.switch_pending {
            return self.start_switch(cx);
        }
        if !may_speak(cx.m) {
            // Someone gave the data token away: ask for it back before sending on.
            if !self.asked_for_token {
                self.asked_for_token = true;
                cx.note("the sender needs the data token to send: asking for it (PT)");
                cx.request(Request::PleaseTokens(TokenSet::DATA));
            }
            return;
        }
        if self.offset >= self.spec.size {
            self.phase = Phase::Ending;
            cx.note("all octets sent; ending the activity");
            cx.request(Request::ActivityEnd);
            return;
        }
        let n = (self.spec.size - self.offset)
            .min(u64::from(self.spec.chunk.max(1)))
            .min(self.next_sync_at - self.offset);
        let mut buf = vec![0u8; n as usize];
        data::fill(self.seed, self.offset, &mut buf);
        let buf = Bytes::from(buf);
        if !cx.request(Request::Data(buf.clone())) {
            return;
        }
        let end = self.offset + n;
        cx.fx.payload_sent += n;
        if self.offset < self.high_water {
            cx.fx.payload_resent += n.min(self.high_water - self.offset);
        }
        if end > self.high_water {
            let fresh = (end - self.high_water) as usize;
            self.digest.update(&buf[buf.len() - fresh..]);
            self.high_water = end;
        }
        self.offset = end;
        if self.offset == self.next_sync_at && self.offset < self.spec.size {
            self.sync_point(cx);
        }
        cx.fx.tick_when_writable = true;
    }

    fn sync_point(&mut self, cx: &mut Cx<'_>) {
        let every = self.spec.minor_every.max(1);
        self.next_sync_at += every;
        // The point's place in the file says which it is, so that after a resume from point
        // k the next major one still comes at a multiple of major_every (the points after k
        // were rolled back, X.225 7.17: counting them would shift every major point after).
        let k = self.offset / every;
        let major =
            self.spec.major_every != 0 && k.is_multiple_of(u64::from(self.spec.major_every));
        let request = if major {
            Request::MajorSync
        } else {
            Request::MinorSync { confirm: true }
        };
        let sn = cx.m.serials().vm;
        if cx.request(request) {
            self.unconfirmed.insert(sn, self.offset);
        }
    }

    fn confirm(&mut self, sn: SerialNumber, major: bool, fx: &mut Effects) {
        let sn = sn.get();
        if let Some(&offset) = self.unconfirmed.get(&sn) {
            // The confirmation came after any AR on this connection: the receiver has it.
            self.last_connection.clone_from(&self.current_connection);
            self.confirmed = Some((sn, offset));
            self.unconfirmed.retain(|&s, _| s > sn);
            fx.trace.push(What::Checkpoint {
                serial: sn,
                offset,
                major,
            });
        }
    }

    fn lost(&mut self, cause: AbortCause, cx: &mut Cx<'_>) {
        if self.phase == Phase::Done {
            return;
        }
        // A switch waiting for its moment is done by the reconnect itself, which connects in
        // the mode the world has already set: it is not to be made again on the new connection.
        self.switch_pending = false;
        match cause {
            AbortCause::TransportLost => {
                // The world says whether it tries again (it counts the attempts).
                cx.note(format!("transport lost at byte {}", self.offset));
                self.phase = Phase::Connecting;
                cx.fx.reconnect_after = Some(self.reconnect_delay);
            }
            AbortCause::TransportRefused => {
                cx.note("connection refused: no transport connection");
                self.phase = Phase::Connecting;
                cx.fx.reconnect_after = Some(self.reconnect_delay);
            }
            other => {
                cx.note(format!("session lost: {other}"));
                self.phase = Phase::Done;
                cx.end(Outcome::Lost);
            }
        }
    }

    /// Why the dialogue mode cannot be switched now, if it cannot: only while the file is
    /// being sent, on a session connection, and no switch is under way.
    pub fn switch_refusal(&self) -> Option<&'static str> {
        match self.phase {
            Phase::Sending if !self.switch_pending => None,
            Phase::Sending | Phase::Switching => Some(super::SWITCHING),
            Phase::Connecting => Some(
                "no session connection is up now (connecting, or reconnecting after a break or a \
                 switch): the mode can be switched once the file is being sent",
            ),
            Phase::Ending | Phase::Releasing => Some(
                "the whole file is sent and the session is being released: nothing is left to switch",
            ),
            Phase::Done => Some("the transfer is over"),
        }
    }

    /// Switches to the dialogue mode named `words` by a real exchange: AI (the activity is
    /// interrupted, its confirmed points kept), FN/DN, then a new connection in that mode and
    /// AR. The caller has checked [`FileSender::switch_refusal`].
    pub fn switch_dialog(&mut self, cx: &mut Cx<'_>, words: &str) {
        let plan = format!("interrupt the activity, release, connect in {words}, resume");
        cx.fx.note_switch(words, &plan);
        self.switch_pending = true;
        if cx.m.state() == State::DataTransfer {
            self.start_switch(cx);
        }
    }

    /// AI, once no exchange (a major sync point) is outstanding.
    fn start_switch(&mut self, cx: &mut Cx<'_>) {
        if cx.request(Request::ActivityInterrupt(ActivityReason::NONE)) {
            self.switch_pending = false;
            self.phase = Phase::Switching;
        }
    }

    /// True once the session has ended.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }
}

/// Host B's side: receives the file, confirms sync points, checks resumes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FileReceiver {
    /// Octets received and kept.
    received: u64,
    #[serde(skip)]
    digest: Digest,
    /// Confirmed points: serial number to (offset, digest state there).
    #[serde(skip)]
    snapshots: BTreeMap<u32, (u64, Digest)>,
    /// The session connection the activity last ran on.
    activity_connection: Option<ConnectionRef>,
    /// The connection the last accepted AR named: the sender names it again if that AR's
    /// effect never reached it (no sync point confirmed since).
    resumed_from: Option<ConnectionRef>,
    /// The current session connection.
    connection: Option<ConnectionRef>,
    /// The digest of the whole file, once the activity ended.
    final_digest: Option<u64>,
    /// The latest major sync point received.
    last_major: u32,
}

impl FileReceiver {
    /// Octets received and kept.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The digest of the file received, once complete.
    pub fn digest(&self) -> Option<u64> {
        self.final_digest
    }

    /// An indication for host B.
    pub fn on_indication(&mut self, cx: &mut Cx<'_>, called_ref: [u8; 16], ind: Indication) {
        match ind {
            Indication::Connect { .. } => {
                cx.accept(called_ref);
                self.connection = cx.m.negotiated().map(|n| n.connection.clone());
            }
            Indication::ActivityStarted(_) => {
                self.received = 0;
                self.digest = Digest::default();
                self.snapshots.clear();
                self.last_major = 0;
                self.activity_connection = self.connection.clone();
                self.resumed_from = None;
            }
            Indication::Data(data) => {
                self.digest.update(&data);
                self.received += data.len() as u64;
            }
            Indication::MinorSync { serial, .. } => {
                self.snapshot(serial.get());
                cx.request(Request::MinorSyncConfirm(serial));
            }
            Indication::MajorSync(serial) => {
                self.snapshot(serial.get());
                // The sender, blocked until the previous MAA arrived, has seen the previous
                // major point confirmed; this one's MAA may yet be lost.
                let keep_from = self.last_major;
                self.snapshots.retain(|&s, _| s >= keep_from);
                self.last_major = serial.get();
                cx.request(Request::MajorSyncConfirm);
            }
            Indication::ActivityResumed {
                old_connection,
                serial,
                ..
            } => self.resume(cx, old_connection, serial.get()),
            Indication::ActivityEnded(_) => {
                self.final_digest = Some(self.digest.value());
                cx.note(format!("file complete: {} octets", self.received));
                cx.request(Request::ActivityEndConfirm);
            }
            Indication::Release { .. } => cx.accept_release(None),
            Indication::ActivityInterrupted(_) => {
                cx.note(format!(
                    "activity interrupted; keeping {} octets",
                    self.received
                ));
                cx.request(Request::ActivityInterruptConfirm);
            }
            Indication::TokensRequested(t) if cx.m.tokens().contains(t) => {
                cx.note("the sender asks for the data token: giving it back (GT)");
                cx.request(Request::GiveTokens(t));
            }
            _ => {}
        }
    }

    fn snapshot(&mut self, sn: u32) {
        self.snapshots
            .insert(sn, (self.received, self.digest.clone()));
        while self.snapshots.len() > SNAPSHOTS {
            self.snapshots.pop_first();
        }
    }

    /// AR: accept only the connection the activity last ran on (or the one the previous AR
    /// named, when the sender never heard that AR arrived) and a point this side confirmed;
    /// anything else is a replayed or guessed resume, and the session is aborted.
    fn resume(&mut self, cx: &mut Cx<'_>, old: ConnectionRef, sn: u32) {
        let known = self.activity_connection.as_ref() == Some(&old)
            || self.resumed_from.as_ref() == Some(&old);
        match (known, self.snapshots.get(&sn)) {
            (true, Some((offset, digest))) => {
                self.received = *offset;
                self.digest = digest.clone();
                self.activity_connection = self.connection.clone();
                self.resumed_from = Some(old);
                cx.note(format!(
                    "resuming from sync point {sn}: keeping the first {offset} octets"
                ));
                // The sender resumes from `sn`, which it saw confirmed: keep it until a later
                // major point is confirmed (its MAA may be lost again), drop what follows it.
                self.last_major = sn;
                self.snapshots.retain(|&s, _| s <= sn);
            }
            (false, _) => {
                cx.note("refused a resume naming an unknown session connection");
                cx.request(Request::Abort { user_data: None });
            }
            (true, None) => {
                cx.note(format!(
                    "refused a resume from sync point {sn}, which this side never confirmed"
                ));
                cx.request(Request::Abort { user_data: None });
            }
        }
    }

    /// Remembers the session connection once it is up (B learns it when it accepts).
    pub fn set_connection(&mut self, c: ConnectionRef) {
        self.connection = Some(c);
    }
}

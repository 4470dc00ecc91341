//! The sending session user's state, kept across transport connections: where the file is,
//! which sync points the receiver confirmed, and on which session connection (what an AR
//! names, X.225 7.17 and 8.3.28).

use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::item;
use super::send::{Ending, SendReport, WINDOW};
use crate::protocol::codec::{FunctionalUnits, SerialNumber};
use crate::protocol::machine::{AbortCause, ConnectionRef, Indication, Machine, Request};

/// User data per DT SPDU.
const CHUNK: u64 = 16 << 10;
/// The activity's identifier (X.225 8.3.25, at most 6 octets).
const ACTIVITY_ID: &[u8] = b"file";

/// Where the session user is on the current connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// CN sent, AC awaited.
    Connecting,
    /// The activity runs: DT and MIP.
    Sending,
    /// TD and AE sent, AEA awaited.
    Ending,
    /// FN sent, DN awaited.
    Releasing,
}

/// What the sender did with a chance to send.
pub(super) enum Step {
    /// Something was sent (or there was nothing to send).
    Sent,
    /// It cannot go on.
    Failed(String),
}

/// The sender's progress through the file.
#[derive(Debug)]
pub(super) struct Progress {
    pub(super) size: u64,
    every: u64,
    recovery: bool,
    phase: Phase,
    /// The next octet to send.
    offset: u64,
    /// Below it, octets have been sent before.
    high_water: u64,
    next_sync_at: u64,
    digest: Sha256,
    /// Sync points sent and not confirmed: serial number to offset.
    unconfirmed: BTreeMap<u32, u64>,
    /// The last point confirmed: (serial number, offset).
    pub(super) confirmed: Option<(u32, u64)>,
    /// The session connection a point was last confirmed on: the one an AR names.
    last_connection: Option<ConnectionRef>,
    current: Option<ConnectionRef>,
    /// An AR was sent on this connection and no point has been confirmed since.
    resuming: bool,
    connections: u32,
    resumes: u32,
    sent: u64,
    sent_again: u64,
}

impl Progress {
    /// Nothing sent yet.
    pub(super) fn new(size: u64, every: u64, recovery: bool) -> Self {
        Progress {
            size,
            every: every.max(1),
            recovery,
            phase: Phase::Connecting,
            offset: 0,
            high_water: 0,
            next_sync_at: every.max(1),
            digest: Sha256::new(),
            unconfirmed: BTreeMap::new(),
            confirmed: None,
            last_connection: None,
            current: None,
            resuming: false,
            connections: 0,
            resumes: 0,
            sent: 0,
            sent_again: 0,
        }
    }

    /// A new transport connection is being made: CN comes first.
    pub(super) fn connecting(&mut self) {
        self.connections += 1;
        self.resuming = false;
        self.phase = Phase::Connecting;
        self.unconfirmed.clear();
    }

    /// The report, once released.
    pub(super) fn report(&self) -> SendReport {
        SendReport {
            octets: self.size,
            digest: self.digest.clone().finalize().into(),
            resumes: self.resumes,
            connections: self.connections,
            sent: self.sent,
            sent_again: self.sent_again,
        }
    }

    /// Whether the sender waits for the receiver (AC, a confirmation, AEA or DN).
    pub(super) fn waiting(&self) -> bool {
        self.phase != Phase::Sending || self.unconfirmed.len() >= WINDOW
    }

    /// Acts on an indication; `Some` when the connection ends.
    pub(super) fn on_indication(
        &mut self,
        m: &mut Machine,
        now: u64,
        ind: Indication,
    ) -> Option<Ending> {
        match ind {
            Indication::Accepted { negotiated, .. } => {
                let needed = FunctionalUnits::ACTIVITY_MANAGEMENT | FunctionalUnits::MINOR_SYNC;
                if !negotiated.functional_units.contains(needed) {
                    return Some(Ending::Fatal(
                        "the receiver did not select activity management and minor synchronize"
                            .into(),
                    ));
                }
                self.current = Some(negotiated.connection);
                return self.begin(m, now).err().map(Ending::Fatal);
            }
            Indication::MinorSyncConfirmed(sn) | Indication::MajorSyncConfirmed(sn) => {
                self.confirm(sn)
            }
            Indication::ActivityEndConfirmed(_) => {
                self.phase = Phase::Releasing;
                return request(m, now, Request::Release { user_data: None })
                    .err()
                    .map(Ending::Fatal);
            }
            Indication::Released { .. } => return Some(Ending::Released),
            Indication::Refused { reason, data } => {
                return Some(Ending::Fatal(format!(
                    "refused ({}): {}",
                    reason.describe(),
                    String::from_utf8_lossy(&data)
                )))
            }
            Indication::UserAbort { user_data } if self.resuming => {
                // The receiver no longer has the transfer (restarted, or it gave it up):
                // the next connection starts it again.
                self.confirmed = None;
                self.last_connection = None;
                return Some(Ending::Broken(format!(
                    "the receiver aborted the resume{}; starting again from octet 0",
                    because(user_data.as_deref())
                )));
            }
            Indication::UserAbort { user_data } => {
                return Some(Ending::Fatal(format!(
                    "the receiver aborted the session{}",
                    because(user_data.as_deref())
                )))
            }
            Indication::ReleaseRefused { .. } => {
                return Some(Ending::Fatal("the receiver refused the release".into()))
            }
            Indication::ProviderAbort(
                cause @ (AbortCause::TransportLost | AbortCause::Timeout),
            ) => return Some(Ending::Broken(cause.to_string())),
            Indication::ProviderAbort(cause) => return Some(Ending::Fatal(cause.to_string())),
            _ => {}
        }
        None
    }

    /// After AC: AR from the last confirmed point, or AS from octet 0.
    fn begin(&mut self, m: &mut Machine, now: u64) -> Result<(), String> {
        let id = Bytes::from_static(ACTIVITY_ID);
        self.unconfirmed.clear();
        self.phase = Phase::Sending;
        match (&self.last_connection, self.confirmed, self.recovery) {
            (Some(old), Some((sn, offset)), true) => {
                request(
                    m,
                    now,
                    Request::ActivityResume {
                        old_connection: old.clone(),
                        old_id: id.clone(),
                        serial: SerialNumber::new(sn).unwrap_or_default(),
                        id,
                    },
                )?;
                self.resumes += 1;
                self.resuming = true;
                self.offset = offset;
            }
            _ => {
                request(m, now, Request::ActivityStart { id })?;
                self.offset = 0;
                self.confirmed = None;
            }
        }
        self.next_sync_at = (self.offset / self.every + 1) * self.every;
        Ok(())
    }

    /// MIA (or MAA): every point up to `sn` is confirmed.
    fn confirm(&mut self, sn: SerialNumber) {
        let sn = sn.get();
        if let Some((&s, &offset)) = self.unconfirmed.range(..=sn).next_back() {
            self.confirmed = Some((s, offset));
            self.last_connection.clone_from(&self.current);
            self.resuming = false;
            self.unconfirmed.retain(|&k, _| k > sn);
        }
    }

    /// The next DT (and the sync point after it, when one is due), or TD and AE at the end.
    pub(super) fn step(&mut self, m: &mut Machine, now: u64, file: &mut File) -> Step {
        if self.offset >= self.size {
            let digest: [u8; 32] = self.digest.clone().finalize().into();
            self.phase = Phase::Ending;
            let done = request(m, now, Request::TypedData(item::digest_item(&digest)))
                .and_then(|()| request(m, now, Request::ActivityEnd));
            return done.map_or_else(Step::Failed, |()| Step::Sent);
        }
        let n = CHUNK
            .min(self.size - self.offset)
            .min(self.next_sync_at - self.offset);
        let mut buf = vec![0u8; n as usize];
        let read = file
            .seek(SeekFrom::Start(self.offset))
            .and_then(|_| file.read_exact(&mut buf));
        if let Err(e) = read {
            return Step::Failed(format!(
                "cannot read the file at octet {}: {e}",
                self.offset
            ));
        }
        let end = self.offset + n;
        if end > self.high_water {
            let fresh = (end - self.high_water) as usize;
            self.digest.update(&buf[buf.len() - fresh..]);
        }
        if let Err(why) = request(m, now, Request::Data(buf.into())) {
            return Step::Failed(why);
        }
        self.sent += n;
        self.sent_again += n.min(self.high_water.saturating_sub(self.offset));
        self.high_water = self.high_water.max(end);
        self.offset = end;
        if self.offset == self.next_sync_at && self.offset < self.size {
            self.next_sync_at += self.every;
            let sn = m.serials().vm;
            if let Err(why) = request(m, now, Request::MinorSync { confirm: true }) {
                return Step::Failed(why);
            }
            self.unconfirmed.insert(sn, self.offset);
        }
        Step::Sent
    }
}

/// A request the sender's own logic makes; the machine refusing it is a bug worth reporting,
/// not a panic.
/// The receiver's reason in an AB's user data, as words to add to the sender's line: the
/// receiver's text (it sends its reason as UTF-8), shown lossily rather than not at all.
fn because(user_data: Option<&[u8]>) -> String {
    match user_data {
        Some(d) if !d.is_empty() => format!(": {}", String::from_utf8_lossy(d)),
        _ => String::new(),
    }
}

fn request(m: &mut Machine, now: u64, r: Request) -> Result<(), String> {
    let name = r.name();
    super::driver::request(m, now, r)
        .map_err(|e| format!("{name} refused by the session machine: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::machine::{Config, Output};
    use crate::protocol::pair::Pair;

    const EVERY: u64 = 16 << 10;

    /// A connected initiator, with its AC handed to `p`: the requests `p` then made.
    fn accepted(p: &mut Progress, refs: u8) -> (Machine, Vec<&'static str>) {
        let pair = Pair::connected_with_refs(
            Config::default(),
            Config::default(),
            [refs; 16],
            [refs + 1; 16],
        );
        let mut m = pair.a;
        while m.poll_output().is_some() {}
        p.connecting();
        let negotiated = m.negotiated().cloned().unwrap();
        let accepted = Indication::Accepted {
            negotiated,
            user_data: None,
        };
        assert!(p.on_indication(&mut m, 0, accepted).is_none());
        let sent = spdus(&mut m);
        (m, sent)
    }

    fn spdus(m: &mut Machine) -> Vec<&'static str> {
        std::iter::from_fn(|| m.poll_output())
            .filter_map(|o| match o {
                Output::Transmit { spdu, .. } => Some(spdu),
                _ => None,
            })
            .collect()
    }

    fn file(size: usize) -> File {
        let path = std::env::temp_dir().join(format!("sender-test-{}-{size}", std::process::id()));
        std::fs::write(&path, vec![7u8; size]).unwrap();
        let f = File::open(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        f
    }

    fn sn(n: u32) -> SerialNumber {
        SerialNumber::new(n).unwrap()
    }

    /// A transfer of 50,000 octets whose first chunk went out and whose sync point 1 is
    /// confirmed, on a first connection that has since broken.
    fn one_point_confirmed(recovery: bool) -> Progress {
        let mut f = file(50_000);
        let mut p = Progress::new(50_000, EVERY, recovery);
        let (mut m, _) = accepted(&mut p, 1);
        assert!(matches!(p.step(&mut m, 0, &mut f), Step::Sent));
        p.on_indication(&mut m, 0, Indication::MinorSyncConfirmed(sn(1)));
        p
    }

    #[test]
    fn a_break_resumes_from_the_last_confirmed_point_on_its_connection() {
        let mut f = file(100_000);
        let mut p = Progress::new(100_000, EVERY, true);
        let (mut m, sent) = accepted(&mut p, 1);
        assert_eq!(sent, ["AS"]);
        let first = m.negotiated().unwrap().connection.clone();
        // 16 KiB chunks: a sync point after each; the window stops the sender at 4.
        while !p.waiting() {
            assert!(matches!(p.step(&mut m, 0, &mut f), Step::Sent));
        }
        assert_eq!((p.offset, p.unconfirmed.len()), (4 * EVERY, WINDOW));
        // MIA for 2 confirms 1 and 2 (X.225 7.11); 3 and 4 stay unconfirmed.
        p.on_indication(&mut m, 0, Indication::MinorSyncConfirmed(sn(2)));
        assert_eq!(p.confirmed, Some((2, 2 * EVERY)));
        assert_eq!(p.unconfirmed.keys().copied().collect::<Vec<_>>(), [3, 4]);
        // The transport breaks; on a new connection, AR names the first one and point 2.
        let (mut m, sent) = accepted(&mut p, 5);
        assert_eq!(sent, ["AR"]);
        assert_eq!(m.serials().vm, 3, "V(M) = 2 + 1 after AR (X.225 7.17)");
        assert_eq!(p.last_connection.as_ref(), Some(&first));
        assert_eq!(p.offset, 2 * EVERY);
        assert!(matches!(p.step(&mut m, 0, &mut f), Step::Sent));
        assert_eq!((p.sent, p.sent_again), (5 * EVERY, EVERY));
        // No point confirmed on the second connection: a third AR names the first again.
        let (_, sent) = accepted(&mut p, 9);
        assert_eq!(sent, ["AR"]);
        assert_eq!(p.last_connection.as_ref(), Some(&first));
        assert_eq!(p.report().resumes, 2);
    }

    #[test]
    fn a_resume_the_receiver_aborts_starts_the_file_again() {
        let mut p = one_point_confirmed(true);
        let (mut m, sent) = accepted(&mut p, 5);
        assert_eq!(sent, ["AR"]);
        let end = p.on_indication(&mut m, 0, Indication::UserAbort { user_data: None });
        assert!(matches!(end, Some(Ending::Broken(_))));
        let (mut m, sent) = accepted(&mut p, 9);
        assert_eq!(sent, ["AS"]);
        // An abort of a transfer that is not resuming is the receiver's last word, with the
        // reason its AB gave.
        let why = Some(Bytes::from_static(b"the disk is full"));
        let end = p.on_indication(&mut m, 0, Indication::UserAbort { user_data: why });
        let Some(Ending::Fatal(line)) = end else {
            panic!("not fatal: {end:?}")
        };
        assert_eq!(line, "the receiver aborted the session: the disk is full");
    }

    #[test]
    fn without_recovery_a_new_connection_starts_from_octet_0() {
        let mut p = one_point_confirmed(false);
        let (_, sent) = accepted(&mut p, 5);
        assert_eq!(sent, ["AS"]);
        assert_eq!((p.offset, p.confirmed), (0, None));
    }

    #[test]
    fn the_end_sends_the_digest_then_ae_and_a_stray_confirmation_changes_nothing() {
        let mut f = file(1000);
        let mut p = Progress::new(1000, EVERY, true);
        let (mut m, _) = accepted(&mut p, 1);
        p.on_indication(&mut m, 0, Indication::MinorSyncConfirmed(sn(7)));
        assert_eq!(p.confirmed, None);
        assert!(matches!(p.step(&mut m, 0, &mut f), Step::Sent));
        assert_eq!(spdus(&mut m), ["DT"]);
        assert!(matches!(p.step(&mut m, 0, &mut f), Step::Sent));
        assert_eq!(spdus(&mut m), ["TD", "AE"]);
        assert!(p.waiting());
        let digest: [u8; 32] = Sha256::digest([7u8; 1000]).into();
        assert_eq!(p.report().digest, digest);
    }
}

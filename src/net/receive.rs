//! The receiving session user: answers CN, writes the file under a temporary name, confirms
//! sync points, resumes an interrupted transfer on AR, and renames the file once the session is
//! released (X.225 7.1, 7.11, 7.16 to 7.20, 7.7).

use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::item::{self, FileItem};
use crate::protocol::auth::Verifier;
use crate::protocol::codec::{FunctionalUnits, RefuseReason};
use crate::protocol::machine::{ConnectionRef, Indication, Machine, Request};
use crate::protocol::random::{connection_reference, OsRandom};

/// Interrupted transfers kept for a resume; beyond this many the oldest is dropped and its
/// temporary file removed.
const PARTIALS: usize = 64;
/// Confirmed points kept per transfer: the sender keeps at most
/// [`WINDOW`](super::send::WINDOW) points unconfirmed, so the point it resumes from is among
/// the last few this side confirmed.
const SNAPSHOTS: usize = 64;

/// What every connection of one server shares.
#[derive(Debug)]
pub struct Shared {
    /// Where received files go.
    pub out: PathBuf,
    /// The users and their replay window, when credentials are required.
    pub verifier: Option<Mutex<Verifier>>,
    /// Interrupted transfers waiting for an AR.
    pub partials: Mutex<VecDeque<Transfer>>,
    /// Signalled whenever a transfer is parked in `partials`.
    pub parked: Condvar,
    /// Transfers running on a connection now, by the connections an AR may name.
    pub live: Mutex<Vec<Live>>,
    /// How long an AR waits for the connection it names to let go of its transfer.
    pub takeover: Duration,
}

impl Shared {
    /// Shared state for files written to `out`.
    pub fn new(out: PathBuf, verifier: Option<Verifier>, takeover: Duration) -> Self {
        Shared {
            out,
            verifier: verifier.map(Mutex::new),
            partials: Mutex::new(VecDeque::new()),
            parked: Condvar::new(),
            live: Mutex::new(Vec::new()),
            takeover,
        }
    }
}

/// A transfer running on a connection: an AR naming one of `known` closes `stream`, since
/// the sender has given that connection up (it may be half-open: the server has not seen
/// the break yet), and waits for the transfer to be parked.
#[derive(Debug)]
pub struct Live {
    owner: ConnectionRef,
    known: Vec<ConnectionRef>,
    stream: TcpStream,
}

/// A file received, reported once its session is released.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// The file's name in the output directory.
    pub name: String,
    /// Its size in octets.
    pub octets: u64,
    /// Its SHA-256.
    pub digest: [u8; 32],
    /// How many ARs continued it.
    pub resumes: u32,
    /// Octets received and then dropped, going back to a sync point.
    pub received_again: u64,
}

/// A file being received.
#[derive(Debug)]
pub struct Transfer {
    item: FileItem,
    temp: PathBuf,
    file: BufWriter<File>,
    received: u64,
    digest: Sha256,
    /// Confirmed points: serial number to (offset, digest state there).
    snapshots: BTreeMap<u32, (u64, Sha256)>,
    /// The connections an AR may name: the one the activity ran on, and the one the last
    /// accepted AR named (the sender names it again if it saw no point confirmed since).
    known: Vec<ConnectionRef>,
    resumes: u32,
    received_again: u64,
    expected: Option<[u8; 32]>,
    complete: bool,
}

impl Transfer {
    fn discard(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// One connection's receiving user.
#[derive(Debug)]
pub struct Receiver<'a> {
    shared: &'a Shared,
    /// This connection's socket, for an AR on another connection to close.
    stream: Option<TcpStream>,
    item: Option<FileItem>,
    connection: Option<ConnectionRef>,
    transfer: Option<Transfer>,
    /// The file, once its session was released and it was renamed.
    pub received: Option<Received>,
    /// Why this side refused or aborted, if it did.
    pub why: Option<String>,
}

impl<'a> Receiver<'a> {
    /// A receiver for a new connection.
    pub fn new(shared: &'a Shared, stream: Option<TcpStream>) -> Self {
        Receiver {
            shared,
            stream,
            item: None,
            connection: None,
            transfer: None,
            received: None,
            why: None,
        }
    }

    /// Acts on an indication; requests go to `m`, whose outputs the caller drains.
    pub fn on_indication(&mut self, m: &mut Machine, now: u64, ind: Indication) {
        let request = match ind {
            Indication::Connect {
                proposal,
                user_data,
            } => self.on_connect(proposal.functional_units, user_data),
            Indication::ActivityStarted(_) => self.start().map(|()| None),
            Indication::ActivityResumed {
                old_connection,
                serial,
                ..
            } => self.resume(&old_connection, serial.get()).map(|()| None),
            Indication::Data(data) => self.write(&data).map(|()| None),
            Indication::TypedData(td) => {
                if let Some(t) = &mut self.transfer {
                    t.expected = item::read_digest(&td);
                }
                Ok(None)
            }
            Indication::MinorSync { serial, .. } => self
                .snapshot(serial.get())
                .map(|()| Some(Request::MinorSyncConfirm(serial))),
            Indication::MajorSync(serial) => self
                .snapshot(serial.get())
                .map(|()| Some(Request::MajorSyncConfirm)),
            Indication::ActivityEnded(_) => self.end().map(|()| Some(Request::ActivityEndConfirm)),
            Indication::ActivityInterrupted(_) => Ok(Some(Request::ActivityInterruptConfirm)),
            Indication::ActivityDiscarded(_) => {
                if let Some(t) = self.transfer.take() {
                    t.discard();
                }
                Ok(Some(Request::ActivityDiscardConfirm))
            }
            Indication::Release => self
                .release()
                .map(|()| Some(Request::ReleaseResponse { accept: true })),
            Indication::UserAbort => {
                self.why
                    .get_or_insert("the sender aborted the session".into());
                Ok(None)
            }
            Indication::ProviderAbort(cause) => {
                self.why.get_or_insert(format!("session aborted: {cause}"));
                Ok(None)
            }
            _ => Ok(None),
        };
        let request = match request {
            Ok(r) => r,
            Err(why) => {
                self.why = Some(why);
                Some(Request::Abort)
            }
        };
        if let Some(r) = request {
            if let Err(e) = m.handle_request(now, r) {
                self.why.get_or_insert(format!("the machine refused: {e}"));
            }
        }
        if self.connection.is_none() {
            self.connection = m.negotiated().map(|n| n.connection.clone());
        }
    }

    /// CN: the file item, the name, the credentials and the functional units, or RF with why.
    fn on_connect(
        &mut self,
        units: FunctionalUnits,
        user_data: Option<Bytes>,
    ) -> Result<Option<Request>, String> {
        let refuse = |why: String| Request::Refuse {
            reason: RefuseReason::REJECTED_BY_USER,
            data: Bytes::from(why.into_bytes()),
        };
        match self.check_connect(units, user_data.as_deref()) {
            Ok(item) => {
                self.item = Some(item);
                let called_ref = connection_reference(&mut OsRandom)
                    .map_err(|e| format!("no random source for the called reference: {e}"))?;
                Ok(Some(Request::Accept {
                    called_ref,
                    user_data: None,
                }))
            }
            Err(why) => {
                self.why = Some(format!("refused: {why}"));
                Ok(Some(refuse(why)))
            }
        }
    }

    fn check_connect(
        &self,
        units: FunctionalUnits,
        user_data: Option<&[u8]>,
    ) -> Result<FileItem, String> {
        let needed = FunctionalUnits::ACTIVITY_MANAGEMENT | FunctionalUnits::MINOR_SYNC;
        if !units.contains(needed) {
            return Err(
                "a transfer needs the activity management and minor synchronize functional \
                 units (X.225 7.1.1)"
                    .into(),
            );
        }
        let (file, credentials) = item::decode(user_data)?;
        item::check_name(&file.name)?;
        match &self.shared.verifier {
            Some(v) => {
                let mut v = v.lock().unwrap_or_else(PoisonError::into_inner);
                v.check(Some(credentials))
                    .map_err(|e| format!("authentication failed: {e}"))?;
            }
            None if !credentials.is_empty() => {
                return Err("CN carries credentials, but this receiver asks for none".into())
            }
            None => {}
        }
        Ok(file)
    }

    /// AS: a new file, under a temporary name in the output directory.
    fn start(&mut self) -> Result<(), String> {
        let item = self.item.clone().ok_or("AS before a file was named")?;
        if let Some(old) = self.transfer.take() {
            old.discard();
        }
        let conn = self.connection.clone().unwrap_or_default();
        let temp = temp_path(&self.shared.out, &item.name, &conn);
        let file = File::create(&temp).map_err(|e| format!("cannot create {temp:?}: {e}"))?;
        self.transfer = Some(Transfer {
            item,
            temp,
            file: BufWriter::with_capacity(256 << 10, file),
            received: 0,
            digest: Sha256::new(),
            snapshots: BTreeMap::new(),
            known: vec![conn],
            resumes: 0,
            received_again: 0,
            expected: None,
            complete: false,
        });
        self.register();
        Ok(())
    }

    /// Makes this connection's transfer one an AR elsewhere can take over.
    fn register(&self) {
        let (Some(t), Some(stream), Some(owner)) = (&self.transfer, &self.stream, &self.connection)
        else {
            return;
        };
        let Ok(stream) = stream.try_clone() else {
            return;
        };
        let mut live = self
            .shared
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        live.retain(|l| l.owner != *owner);
        live.push(Live {
            owner: owner.clone(),
            known: t.known.clone(),
            stream,
        });
    }

    /// The parked transfer an AR names. If a connection still runs it (the sender gave that
    /// connection up; the server has not seen the break yet), that connection is closed and
    /// the transfer awaited, for at most the takeover time. [`Receiver::finish`] parks a
    /// transfer before it leaves `live`, so looking in `live` first and then in `partials`
    /// cannot miss it.
    fn take_partial(&mut self, old: &ConnectionRef) -> Option<Transfer> {
        if self
            .transfer
            .as_ref()
            .is_some_and(|t| t.known.contains(old))
        {
            // Resumed on the connection it was interrupted on (AI, then AR).
            return self.transfer.take();
        }
        let live = self
            .shared
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mine = |l: &&Live| Some(&l.owner) == self.connection.as_ref();
        let running = live.iter().find(|l| l.known.contains(old) && !mine(l));
        if let Some(l) = running {
            let _ = l.stream.shutdown(Shutdown::Both);
        }
        let wait = running.is_some();
        drop(live);
        let deadline = Instant::now() + self.shared.takeover;
        let mut partials = self
            .shared
            .partials
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(at) = partials.iter().position(|t| t.known.contains(old)) {
                return partials.remove(at);
            }
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|_| wait)?;
            partials = self
                .shared
                .parked
                .wait_timeout(partials, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn resume(&mut self, old: &ConnectionRef, sn: u32) -> Result<(), String> {
        let Some(mut t) = self.take_partial(old) else {
            return Err(format!(
                "AR names session connection {old}, which this side never had"
            ));
        };
        let refusal = if Some(&t.item) != self.item.as_ref() {
            Some("AR resumes the transfer of another file".to_string())
        } else if !t.snapshots.contains_key(&sn) {
            Some(format!(
                "AR from sync point {sn}, which this side never confirmed"
            ))
        } else {
            None
        };
        if let Some(why) = refusal {
            // A guessed or replayed AR does not cost the real sender its transfer.
            self.park(t);
            return Err(why);
        }
        let (offset, digest) = t.snapshots[&sn].clone();
        t.file
            .seek(SeekFrom::Start(offset))
            .and_then(|_| t.file.get_ref().set_len(offset))
            .map_err(|e| format!("cannot go back to octet {offset}: {e}"))?;
        t.received_again += t.received - offset;
        t.received = offset;
        t.digest = digest;
        t.snapshots.retain(|&s, _| s <= sn);
        t.known = vec![self.connection.clone().unwrap_or_default(), old.clone()];
        t.resumes += 1;
        t.expected = None;
        if let Some(other) = self.transfer.replace(t) {
            self.park(other);
        }
        self.register();
        Ok(())
    }

    fn write(&mut self, data: &[u8]) -> Result<(), String> {
        let t = self.transfer.as_mut().ok_or("data outside an activity")?;
        if t.received + data.len() as u64 > t.item.size {
            return Err(format!(
                "more data than the {} octets CN announced",
                t.item.size
            ));
        }
        t.file
            .write_all(data)
            .map_err(|e| format!("cannot write {:?}: {e}", t.temp))?;
        t.digest.update(data);
        t.received += data.len() as u64;
        Ok(())
    }

    /// A sync point: what came before it is handed to the operating system, then confirmed.
    fn snapshot(&mut self, sn: u32) -> Result<(), String> {
        let t = self
            .transfer
            .as_mut()
            .ok_or("a sync point outside an activity")?;
        t.file
            .flush()
            .map_err(|e| format!("cannot write {:?}: {e}", t.temp))?;
        t.snapshots.insert(sn, (t.received, t.digest.clone()));
        while t.snapshots.len() > SNAPSHOTS {
            t.snapshots.pop_first();
        }
        Ok(())
    }

    /// AE: every octet announced arrived and its SHA-256 is the one the TD gave.
    fn end(&mut self) -> Result<(), String> {
        let t = self.transfer.as_mut().ok_or("AE outside an activity")?;
        t.file
            .flush()
            .map_err(|e| format!("cannot write {:?}: {e}", t.temp))?;
        if t.received != t.item.size {
            return Err(format!(
                "the activity ended after {} of {} octets",
                t.received, t.item.size
            ));
        }
        let digest: [u8; 32] = t.digest.clone().finalize().into();
        if t.expected != Some(digest) {
            return Err("the file's SHA-256 is not the one the sender announced".into());
        }
        t.complete = true;
        Ok(())
    }

    /// FN: the complete file takes its name, before DN says so.
    fn release(&mut self) -> Result<(), String> {
        let Some(t) = self.transfer.take() else {
            return Ok(());
        };
        if !t.complete {
            self.transfer = Some(t);
            return Err("release with the file incomplete".into());
        }
        let path = self.shared.out.join(&t.item.name);
        drop(t.file);
        std::fs::rename(&t.temp, &path).map_err(|e| format!("cannot rename to {path:?}: {e}"))?;
        self.received = Some(Received {
            name: t.item.name,
            octets: t.received,
            digest: t.digest.finalize().into(),
            resumes: t.resumes,
            received_again: t.received_again,
        });
        Ok(())
    }

    /// The connection is gone: an unfinished transfer waits for an AR (parked before it
    /// leaves `live`, see [`Receiver::take_partial`]).
    pub fn finish(mut self) {
        if let Some(mut t) = self.transfer.take() {
            let _ = t.file.flush();
            self.park(t);
        }
        if let Some(owner) = &self.connection {
            let mut live = self
                .shared
                .live
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            live.retain(|l| l.owner != *owner);
        }
    }

    /// Keeps a transfer for an AR; the oldest beyond [`PARTIALS`] is dropped.
    fn park(&self, t: Transfer) {
        let mut partials = self
            .shared
            .partials
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        partials.push_back(t);
        while partials.len() > PARTIALS {
            if let Some(old) = partials.pop_front() {
                old.discard();
            }
        }
        self.shared.parked.notify_all();
    }
}

/// `DIR/.NAME.XXXXXXXX.part`: hidden, and named after the connection, so two transfers of one
/// name do not share it, and no plain name a sender may give is ever one.
fn temp_path(out: &Path, name: &str, conn: &ConnectionRef) -> PathBuf {
    let tag = item::hex(&conn.called[..conn.called.len().min(4)]);
    out.join(format!(".{name}.{tag}.part"))
}

//! The receiving session user: answers CN, writes the file under a temporary name, confirms
//! sync points, resumes an interrupted transfer on AR, and renames the file once the session is
//! released (X.225 7.1, 7.11, 7.16 to 7.20, 7.7).

use bytes::Bytes;
use std::net::TcpStream;
use std::sync::PoisonError;

use super::item::{self, FileItem};
use super::store::Shared;
use super::transfer::{Received, Transfer};
use crate::protocol::codec::{FunctionalUnits, RefuseReason};
use crate::protocol::machine::{ConnectionRef, Indication, Machine, Request};
use crate::protocol::random::{connection_reference, OsRandom};

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
            Indication::Data(data) => self
                .transfer("data")
                .and_then(|t| t.write(&data))
                .map(|()| None),
            Indication::TypedData(td) => {
                if let Some(t) = &mut self.transfer {
                    t.expected = item::read_digest(&td);
                }
                Ok(None)
            }
            Indication::MinorSync { serial, .. } => self
                .transfer("a sync point")
                .and_then(|t| t.snapshot(serial.get()))
                .map(|()| Some(Request::MinorSyncConfirm(serial))),
            Indication::MajorSync(serial) => self
                .transfer("a sync point")
                .and_then(|t| t.snapshot(serial.get()))
                .map(|()| Some(Request::MajorSyncConfirm)),
            Indication::ActivityEnded(_) => self
                .transfer("AE")
                .and_then(Transfer::end)
                .map(|()| Some(Request::ActivityEndConfirm)),
            Indication::ActivityInterrupted(_) => Ok(Some(Request::ActivityInterruptConfirm)),
            Indication::ActivityDiscarded(_) => {
                if let Some(t) = self.transfer.take() {
                    t.discard();
                }
                Ok(Some(Request::ActivityDiscardConfirm))
            }
            Indication::Release { .. } => self.release().map(|()| {
                Some(Request::ReleaseResponse {
                    accept: true,
                    user_data: None,
                })
            }),
            Indication::UserAbort { .. } => {
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
            // The sender is told why in AB's user data (X.225 8.3.7, S-U-ABORT; in version 1,
            // whose AB holds 9 octets, the presentation layer sends it without).
            Err(why) => {
                let reason = Bytes::from(why.clone());
                self.why = Some(why);
                Some(Request::Abort {
                    user_data: Some(reason),
                })
            }
        };
        if let Some(r) = request {
            if let Err(e) = super::driver::request(m, now, r) {
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
        if file.size > self.shared.max_size {
            return Err(format!(
                "a file of {} octets is larger than the {} this receiver takes",
                file.size, self.shared.max_size
            ));
        }
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
        self.transfer = Some(Transfer::create(&self.shared.out, item, conn)?);
        self.register();
        Ok(())
    }

    /// Makes this connection's transfer one an AR elsewhere can take over.
    fn register(&self) {
        if let (Some(t), Some(stream), Some(owner)) =
            (&self.transfer, &self.stream, &self.connection)
        {
            self.shared.register(owner, &t.known, stream);
        }
    }

    /// AR: the transfer the named connection left, from a point this side confirmed; anything
    /// else is a guessed or replayed resume (X.225 7.17 leaves the check to the user).
    fn resume(&mut self, old: &ConnectionRef, sn: u32) -> Result<(), String> {
        let mine = self
            .transfer
            .as_ref()
            .is_some_and(|t| t.known.contains(old));
        let taken = if mine {
            // Resumed on the connection it was interrupted on (AI, then AR).
            self.transfer.take()
        } else {
            self.shared.take(old, self.connection.as_ref())
        };
        let Some(mut t) = taken else {
            return Err(format!(
                "AR names session connection {old}, which this side never had"
            ));
        };
        let refusal = if Some(t.item()) != self.item.as_ref() {
            Some("AR resumes the transfer of another file".to_string())
        } else if !t.confirmed(sn) {
            Some(format!(
                "AR from sync point {sn}, which this side never confirmed"
            ))
        } else {
            None
        };
        if let Some(why) = refusal {
            // A guessed or replayed AR does not cost the real sender its transfer.
            self.shared.park(t);
            return Err(why);
        }
        t.rewind(sn, self.connection.clone().unwrap_or_default(), old.clone())?;
        if let Some(other) = self.transfer.replace(t) {
            self.shared.park(other);
        }
        self.register();
        Ok(())
    }

    /// The transfer under way, or why there is none.
    fn transfer(&mut self, what: &str) -> Result<&mut Transfer, String> {
        self.transfer
            .as_mut()
            .ok_or(format!("{what} outside an activity"))
    }

    /// FN: the complete file takes its name, before DN says so.
    fn release(&mut self) -> Result<(), String> {
        match self.transfer.take() {
            None => Ok(()),
            Some(t) if !t.complete() => {
                self.transfer = Some(t);
                Err("release with the file incomplete".into())
            }
            Some(t) => {
                self.received = Some(t.publish(&self.shared.out)?);
                Ok(())
            }
        }
    }

    /// The connection is gone: an unfinished transfer waits for an AR (parked before the
    /// connection unregisters, see [`Shared::take`]).
    pub fn finish(mut self) {
        if let Some(mut t) = self.transfer.take() {
            let _ = t.flush();
            self.shared.park(t);
        }
        if let Some(owner) = &self.connection {
            self.shared.unregister(owner);
        }
    }
}

//! One file being received: written under a temporary name, its digest kept at each confirmed
//! sync point so an AR can go back to one (X.225 7.11, 7.17), checked at AE and renamed at the
//! release.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::item::{self, FileItem};
use crate::protocol::machine::ConnectionRef;

/// Confirmed points kept per transfer: the sender keeps at most
/// [`WINDOW`](super::send::WINDOW) points unconfirmed, so the point it resumes from is among
/// the last few this side confirmed.
const SNAPSHOTS: usize = 64;

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
    pub(super) known: Vec<ConnectionRef>,
    resumes: u32,
    received_again: u64,
    /// The SHA-256 the sender announced in TD.
    pub(super) expected: Option<[u8; 32]>,
    complete: bool,
}

impl Transfer {
    /// AS on connection `conn`: `DIR/.NAME.XXXXXXXX.part`, hidden and named after the
    /// connection, so two transfers of one name do not share it and no plain name a sender
    /// gives is ever one. Created new: an existing file (or a symbolic link) there is refused.
    pub fn create(out: &Path, item: FileItem, conn: ConnectionRef) -> Result<Transfer, String> {
        let tag = item::hex(&conn.called[..conn.called.len().min(4)]);
        let temp = out.join(format!(".{}.{tag}.part", item.name));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| format!("cannot create {temp:?}: {e}"))?;
        Ok(Transfer {
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
        })
    }

    /// The file announced in CN.
    pub fn item(&self) -> &FileItem {
        &self.item
    }

    /// Whether an AR from point `sn` can be honoured: this side confirmed it.
    pub fn confirmed(&self, sn: u32) -> bool {
        self.snapshots.contains_key(&sn)
    }

    /// DT's user data, within the size CN announced.
    pub fn write(&mut self, data: &[u8]) -> Result<(), String> {
        let end = self.received.saturating_add(data.len() as u64);
        if end > self.item.size {
            return Err(format!(
                "more data than the {} octets CN announced",
                self.item.size
            ));
        }
        self.file
            .write_all(data)
            .map_err(|e| format!("cannot write {:?}: {e}", self.temp))?;
        self.digest.update(data);
        self.received = end;
        Ok(())
    }

    /// A sync point: what came before it is handed to the operating system, then kept.
    pub fn snapshot(&mut self, sn: u32) -> Result<(), String> {
        self.flush()?;
        self.snapshots
            .insert(sn, (self.received, self.digest.clone()));
        while self.snapshots.len() > SNAPSHOTS {
            self.snapshots.pop_first();
        }
        Ok(())
    }

    /// AR from point `sn` on connection `conn`, naming `old`: back to the point's octet and
    /// digest; the points after it are forgotten (X.225 7.17).
    pub fn rewind(
        &mut self,
        sn: u32,
        conn: ConnectionRef,
        old: ConnectionRef,
    ) -> Result<(), String> {
        let (offset, digest) = self.snapshots.get(&sn).cloned().ok_or(format!(
            "AR from sync point {sn}, which this side never confirmed"
        ))?;
        self.file
            .seek(SeekFrom::Start(offset))
            .and_then(|_| self.file.get_ref().set_len(offset))
            .map_err(|e| format!("cannot go back to octet {offset}: {e}"))?;
        self.received_again += self.received.saturating_sub(offset);
        self.received = offset;
        self.digest = digest;
        self.snapshots.retain(|&s, _| s <= sn);
        self.known = vec![conn, old];
        self.resumes += 1;
        self.expected = None;
        Ok(())
    }

    /// AE: every octet announced arrived and its SHA-256 is the one the TD gave.
    pub fn end(&mut self) -> Result<(), String> {
        self.flush()?;
        if self.received != self.item.size {
            return Err(format!(
                "the activity ended after {} of {} octets",
                self.received, self.item.size
            ));
        }
        let digest: [u8; 32] = self.digest.clone().finalize().into();
        if self.expected != Some(digest) {
            return Err("the file's SHA-256 is not the one the sender announced".into());
        }
        self.complete = true;
        Ok(())
    }

    /// Whether AE was confirmed.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// The release: the complete file takes its name in `out` (replacing one of that name).
    pub fn publish(self, out: &Path) -> Result<Received, String> {
        let path = out.join(&self.item.name);
        drop(self.file);
        std::fs::rename(&self.temp, &path)
            .map_err(|e| format!("cannot rename to {path:?}: {e}"))?;
        Ok(Received {
            name: self.item.name,
            octets: self.received,
            digest: self.digest.finalize().into(),
            resumes: self.resumes,
            received_again: self.received_again,
        })
    }

    /// Hands what was written to the operating system.
    pub fn flush(&mut self) -> Result<(), String> {
        self.file
            .flush()
            .map_err(|e| format!("cannot write {:?}: {e}", self.temp))
    }

    /// Given up: its temporary file is removed.
    pub fn discard(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn setup(name: &str) -> (PathBuf, Transfer, ConnectionRef) {
        let out = std::env::temp_dir().join(format!("transfer-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        let conn = ConnectionRef {
            calling: Bytes::from_static(&[1; 16]),
            called: Bytes::from_static(&[0xab, 0xcd, 0xef, 0x01, 9, 9]),
        };
        let item = FileItem {
            name: "f.bin".into(),
            size: 30,
        };
        let t = Transfer::create(&out, item, conn.clone()).unwrap();
        (out, t, conn)
    }

    #[test]
    fn a_rewind_goes_back_to_the_point_and_the_file_ends_checked() {
        let (out, mut t, conn) = setup("rewind");
        assert!(out.join(".f.bin.abcdef01.part").exists());
        t.write(&[1; 10]).unwrap();
        t.snapshot(1).unwrap();
        t.write(&[2; 10]).unwrap();
        t.snapshot(2).unwrap();
        t.write(&[3; 5]).unwrap();
        assert!(
            t.rewind(3, conn.clone(), conn.clone()).is_err(),
            "never confirmed"
        );
        t.rewind(1, conn.clone(), conn.clone()).unwrap();
        assert!(
            !t.confirmed(2),
            "points after the one resumed from are forgotten"
        );
        t.write(&[4; 20]).unwrap();
        assert!(t.write(&[5]).is_err(), "more than CN announced");
        let whole: Vec<u8> = [[1u8; 10], [4; 10], [4; 10]].concat();
        assert!(t.end().is_err(), "no digest announced");
        t.expected = Some([0; 32]);
        assert!(t.end().is_err(), "a wrong digest");
        t.expected = Some(Sha256::digest(&whole).into());
        t.end().unwrap();
        let r = t.publish(&out).unwrap();
        assert_eq!((r.octets, r.resumes, r.received_again), (30, 1, 15));
        assert_eq!(std::fs::read(out.join("f.bin")).unwrap(), whole);
        assert!(!out.join(".f.bin.abcdef01.part").exists());
    }

    #[test]
    fn a_file_already_at_the_temporary_name_is_not_followed() {
        let (out, t, conn) = setup("exists");
        let item = t.item().clone();
        let again = Transfer::create(&out, item, conn).unwrap_err();
        assert!(again.contains("cannot create"), "{again}");
        t.discard();
        assert!(std::fs::read_dir(&out).unwrap().next().is_none());
    }
}

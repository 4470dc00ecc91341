//! Serial numbers and synchronization points (X.225 7.11 to 7.14, Annex A.4.2): the
//! variables V(M), V(A), V(R) and Vsc, and the rules that change them.
//!
//! Kept apart from the machine so the rules can be tested alone. Every method either applies
//! a rule or says which rule forbids it and changes nothing.

use serde::Serialize;

use crate::protocol::codec::{ResyncType, SerialNumber};

/// The serial-number variables of one side (X.225 A.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SerialState {
    /// V(M): the serial number of the next sync point.
    pub vm: u32,
    /// V(A): the lowest serial number for which a confirmation is still expected.
    pub va: u32,
    /// V(R): the lowest serial number a resynchronize restart may go back to.
    pub vr: u32,
    /// Vsc: true on the side that received the outstanding minor sync points (it may send MIA).
    pub vsc: bool,
    /// V(R) before the last major confirmation: a peer whose restart crossed that
    /// confirmation may still name it (X.225 7.14).
    pub vr_before_major: u32,
}

/// Why a sync-point operation is not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SyncError {
    /// V(M) would pass 999999 (X.225 8.3.21.3).
    Exhausted,
    /// A received MIP/MAP/AE whose serial number is not V(M) (X.225 A.4.2).
    WrongSerial {
        /// The serial number expected (V(M)).
        expected: u32,
        /// The one received.
        got: u32,
    },
    /// A confirmation outside V(A) <= sn < V(M) (X.225 A.4.2).
    NotOutstanding {
        /// The serial number confirmed.
        sn: u32,
        /// V(A).
        va: u32,
        /// V(M).
        vm: u32,
    },
    /// An MIA from the side that sent the minor sync points (Vsc, X.225 A.4.2).
    WrongSide,
    /// A resynchronize restart outside V(R) <= sn <= V(M) (X.225 7.14).
    RestartOutOfRange {
        /// The serial number asked for.
        sn: u32,
        /// V(R).
        vr: u32,
        /// V(M).
        vm: u32,
    },
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Exhausted => write!(f, "serial numbers are exhausted (999999 is the last)"),
            SyncError::WrongSerial { expected, got } => write!(
                f,
                "a sync point must carry V(M) = {expected}, this one carries {got}"
            ),
            SyncError::NotOutstanding { sn, va, vm } => write!(
                f,
                "confirmation of {sn} is outside V(A) = {va} <= sn < V(M) = {vm}"
            ),
            SyncError::WrongSide => write!(
                f,
                "only the side that received the minor sync points may confirm them (Vsc)"
            ),
            SyncError::RestartOutOfRange { sn, vr, vm } => write!(
                f,
                "a restart must go to V(R) = {vr} <= sn <= V(M) = {vm}, not {sn}"
            ),
        }
    }
}

fn serial(n: u32) -> Result<SerialNumber, SyncError> {
    SerialNumber::new(n).ok_or(SyncError::Exhausted)
}

impl SerialState {
    /// After AC: V(A) = V(M) = the initial serial number, V(R) = 0 (X.225 A.4.2).
    pub fn new(initial: SerialNumber) -> Self {
        SerialState {
            vm: initial.get(),
            va: initial.get(),
            vr: 0,
            vsc: false,
            vr_before_major: 0,
        }
    }

    /// The last serial number both sides have confirmed, if any: the checkpoint a resume can
    /// return to.
    pub fn last_confirmed(&self) -> Option<SerialNumber> {
        self.va.checked_sub(1).and_then(SerialNumber::new)
    }

    /// Sending MIP, MAP or AE: uses V(M), then V(M) += 1. A sync point after received,
    /// unconfirmed minor points confirms nothing of them: V(A) := V(M) when Vsc.
    pub fn send_point(&mut self) -> Result<SerialNumber, SyncError> {
        let sn = serial(self.vm)?;
        serial(self.vm + 1)?;
        if self.vsc {
            self.va = self.vm;
            self.vsc = false;
        }
        self.vm += 1;
        Ok(sn)
    }

    /// Receiving MIP, MAP or AE with serial number `sn`, which must be V(M).
    pub fn receive_point(&mut self, sn: SerialNumber) -> Result<(), SyncError> {
        if sn.get() != self.vm {
            return Err(SyncError::WrongSerial {
                expected: self.vm,
                got: sn.get(),
            });
        }
        serial(self.vm + 1)?;
        if !self.vsc {
            self.va = self.vm;
            self.vsc = true;
        }
        self.vm += 1;
        Ok(())
    }

    /// A minor confirmation (MIA) of `sn`, sent (`we_confirm`) or received: valid when
    /// V(A) <= sn < V(M), from the side with Vsc; confirms every point up to `sn`.
    pub fn confirm_minor(&mut self, sn: SerialNumber, we_confirm: bool) -> Result<(), SyncError> {
        let sn = sn.get();
        if self.vsc != we_confirm {
            return Err(SyncError::WrongSide);
        }
        if !(self.va <= sn && sn < self.vm) {
            return Err(SyncError::NotOutstanding {
                sn,
                va: self.va,
                vm: self.vm,
            });
        }
        self.va = sn + 1;
        Ok(())
    }

    /// A major confirmation (MAA or AEA) of `sn`, which must be V(M) - 1: closes the dialogue
    /// unit, V(A) = V(R) = V(M).
    pub fn confirm_major(&mut self, sn: SerialNumber) -> Result<(), SyncError> {
        if sn.get() + 1 != self.vm {
            return Err(SyncError::NotOutstanding {
                sn: sn.get(),
                va: self.va,
                vm: self.vm,
            });
        }
        self.vr_before_major = self.vr;
        self.va = self.vm;
        self.vr = self.vm;
        self.vsc = false;
        Ok(())
    }

    /// Checks the serial number of a restart the peer asks for: V(R) <= sn <= V(M), where
    /// V(R) may be the one before our last major confirmation, which the peer may not have
    /// seen when it sent its RS.
    pub fn check_peer_restart(&self, sn: SerialNumber) -> Result<(), SyncError> {
        let vr = self.vr.min(self.vr_before_major);
        if sn.get() < vr || sn.get() > self.vm {
            return Err(SyncError::RestartOutOfRange {
                sn: sn.get(),
                vr,
                vm: self.vm,
            });
        }
        Ok(())
    }

    /// Checks a resynchronize request and returns the serial number it resynchronizes to
    /// (X.225 7.14): restart to V(R) <= sn <= V(M); abandon to V(M); set to any `sn`.
    pub fn resync_target(
        &self,
        kind: ResyncType,
        sn: Option<SerialNumber>,
    ) -> Result<SerialNumber, SyncError> {
        match kind {
            ResyncType::Restart => {
                let sn = sn.map_or(self.vr, SerialNumber::get);
                if sn < self.vr || sn > self.vm {
                    return Err(SyncError::RestartOutOfRange {
                        sn,
                        vr: self.vr,
                        vm: self.vm,
                    });
                }
                serial(sn)
            }
            ResyncType::Abandon => serial(self.vm),
            ResyncType::Set => sn.map_or_else(|| serial(self.vm), Ok),
        }
    }

    /// Completes a resynchronization to `sn`: V(A) = V(M) = sn; a restart keeps V(R), abandon
    /// and set clear it (X.225 A.4.2).
    pub fn resync_to(&mut self, kind: ResyncType, sn: SerialNumber) {
        self.va = sn.get();
        self.vm = sn.get();
        self.vsc = false;
        if kind != ResyncType::Restart {
            self.vr = 0;
        }
    }

    /// Activity start: V(A) = V(M) = V(R) = 1 (X.225 7.16).
    pub fn start_activity(&mut self) {
        *self = SerialState {
            vm: 1,
            va: 1,
            vr: 1,
            vsc: false,
            vr_before_major: 1,
        };
    }

    /// Activity resume from confirmed point `sn`: V(A) = V(M) = sn + 1, V(R) = 1 (X.225
    /// 7.17, as ISODE's SPM does).
    pub fn resume_activity(&mut self, sn: SerialNumber) -> Result<(), SyncError> {
        let next = serial(sn.get() + 1)?.get();
        *self = SerialState {
            vm: next,
            va: next,
            vr: 1,
            vsc: false,
            vr_before_major: 1,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sn(n: u32) -> SerialNumber {
        SerialNumber::new(n).unwrap()
    }

    #[test]
    fn minor_points_are_confirmed_up_to_the_acknowledged_one() {
        let (mut a, mut b) = (SerialState::new(sn(1)), SerialState::new(sn(1)));
        for expected in 1..=3 {
            let p = a.send_point().unwrap();
            assert_eq!(p.get(), expected);
            b.receive_point(p).unwrap();
        }
        assert_eq!((a.va, a.vm, b.va, b.vm), (1, 4, 1, 4));
        assert_eq!(a.last_confirmed(), Some(sn(0)));
        // B confirms 2: points 1 and 2 are confirmed, 3 is still outstanding.
        b.confirm_minor(sn(2), true).unwrap();
        a.confirm_minor(sn(2), false).unwrap();
        assert_eq!((a.va, b.va), (3, 3));
        assert_eq!(a.last_confirmed(), Some(sn(2)));
        // The sender may not confirm, and nothing twice.
        assert_eq!(a.confirm_minor(sn(3), true), Err(SyncError::WrongSide));
        assert_eq!(
            b.confirm_minor(sn(2), true),
            Err(SyncError::NotOutstanding {
                sn: 2,
                va: 3,
                vm: 4
            })
        );
    }

    #[test]
    fn a_received_point_must_carry_vm() {
        let mut b = SerialState::new(sn(5));
        assert_eq!(
            b.receive_point(sn(6)),
            Err(SyncError::WrongSerial {
                expected: 5,
                got: 6
            })
        );
        assert_eq!(
            b,
            SerialState::new(sn(5)),
            "a refused point changes nothing"
        );
    }

    #[test]
    fn major_confirmation_closes_the_dialogue_unit() {
        let (mut a, mut b) = (SerialState::new(sn(1)), SerialState::new(sn(1)));
        let p = a.send_point().unwrap();
        b.receive_point(p).unwrap();
        let m = a.send_point().unwrap();
        b.receive_point(m).unwrap();
        b.confirm_major(m).unwrap();
        a.confirm_major(m).unwrap();
        assert_eq!((a.va, a.vm, a.vr), (3, 3, 3));
        assert_eq!(a, b);
    }

    #[test]
    fn resynchronize_targets() {
        let mut a = SerialState::new(sn(1));
        for _ in 0..4 {
            a.send_point().unwrap();
        }
        a.vr = 2;
        assert_eq!(a.resync_target(ResyncType::Restart, Some(sn(3))), Ok(sn(3)));
        assert_eq!(
            a.resync_target(ResyncType::Restart, Some(sn(1))),
            Err(SyncError::RestartOutOfRange {
                sn: 1,
                vr: 2,
                vm: 5
            })
        );
        assert_eq!(a.resync_target(ResyncType::Abandon, None), Ok(sn(5)));
        assert_eq!(a.resync_target(ResyncType::Set, Some(sn(77))), Ok(sn(77)));
        a.resync_to(ResyncType::Restart, sn(3));
        assert_eq!((a.va, a.vm, a.vr), (3, 3, 2));
    }

    #[test]
    fn serial_numbers_end_at_999999() {
        let mut a = SerialState::new(sn(999_998));
        assert_eq!(a.send_point(), Ok(sn(999_998)));
        assert_eq!(a.send_point(), Err(SyncError::Exhausted));
        assert_eq!(a.vm, 999_999, "a refused point changes nothing");
    }

    #[test]
    fn activities_reset_and_resume_the_numbers() {
        let mut a = SerialState::new(sn(40));
        a.start_activity();
        assert_eq!((a.va, a.vm, a.vr), (1, 1, 1));
        a.resume_activity(sn(7)).unwrap();
        assert_eq!((a.va, a.vm, a.vr), (8, 8, 1));
    }
}

//! The SPDU as a value: one variant per SPDU of X.225 8.3, its kind, SI and category.

use super::bodies::*;
use super::serial::SerialNumber;
use bytes::Bytes;
use serde::Serialize;

/// The category of an SPDU (X.225 6.3.7): how it may share a TSDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Category {
    /// GT, PT: alone, or first in a TSDU before one category 2 SPDU.
    Zero,
    /// Alone in its TSDU.
    One,
    /// Only after a category 0 SPDU in the same TSDU.
    Two,
}

/// One SPDU with its parameters (X.225 8.3.1 to 8.3.34).
///
/// Shared SI codes are distinct variants here: GT/DT (SI 1), AB/AI (25), AA/AIA (26),
/// MAP/AE (41), MAA/AEA (42). The decoder tells them apart by position in the TSDU, by the
/// Sync Type Item, and by [`DecodeContext`](super::DecodeContext).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Spdu {
    /// CN, SI 13 (X.225 8.3.1).
    Connect(Connect),
    /// AC, SI 14 (X.225 8.3.2).
    Accept(Accept),
    /// RF, SI 12 (X.225 8.3.3).
    Refuse(Refuse),
    /// FN, SI 9 (X.225 8.3.4).
    Finish(Finish),
    /// DN, SI 10 (X.225 8.3.5).
    Disconnect(Disconnect),
    /// NF, SI 8 (X.225 8.3.6).
    NotFinished(NotFinished),
    /// AB, SI 25 alone (X.225 8.3.7).
    Abort(Abort),
    /// AA, SI 26 alone (X.225 8.3.8); no parameters.
    AbortAccept,
    /// DT, SI 1 after a category 0 SPDU (X.225 8.3.9).
    DataTransfer(DataTransfer),
    /// EX, SI 5 (X.225 8.3.10).
    Expedited(Expedited),
    /// TD, SI 33 (X.225 8.3.11).
    TypedData(TypedData),
    /// GT, SI 1 first in a TSDU (X.225 8.3.14).
    GiveTokens(GiveTokens),
    /// PT, SI 2 (X.225 8.3.15).
    PleaseTokens(PleaseTokens),
    /// GTC, SI 21 (X.225 8.3.16); no parameters.
    GiveTokensConfirm,
    /// GTA, SI 22 (X.225 8.3.17); no parameters.
    GiveTokensAck,
    /// MIP, SI 49 (X.225 8.3.18).
    MinorSync(MinorSync),
    /// MIA, SI 50 (X.225 8.3.19).
    MinorSyncAck(MinorSyncAck),
    /// MAP, SI 41 with "activity not ended" (X.225 8.3.20).
    MajorSync(MajorSync),
    /// MAA, SI 42 (X.225 8.3.21).
    MajorSyncAck(MajorSyncAck),
    /// RS, SI 53 (X.225 8.3.22).
    Resynchronize(Resynchronize),
    /// RA, SI 34 (X.225 8.3.23).
    ResynchronizeAck(ResynchronizeAck),
    /// AS, SI 45 (X.225 8.3.27).
    ActivityStart(ActivityStart),
    /// AR, SI 29 (X.225 8.3.28).
    ActivityResume(ActivityResume),
    /// AI, SI 25 after a category 0 SPDU (X.225 8.3.29).
    ActivityInterrupt(ActivityInterrupt),
    /// AIA, SI 26 after a category 0 SPDU (X.225 8.3.30); no parameters.
    ActivityInterruptAck,
    /// AD, SI 57 (X.225 8.3.31).
    ActivityDiscard(ActivityDiscard),
    /// ADA, SI 58 (X.225 8.3.32); no parameters.
    ActivityDiscardAck,
    /// AE, SI 41 without "activity not ended" (X.225 8.3.33).
    ActivityEnd(ActivityEnd),
    /// AEA, SI 42 while an activity end is outstanding (X.225 8.3.34).
    ActivityEndAck(ActivityEndAck),
}

/// The kind of an SPDU without its parameters: abbreviation, SI and category (X.225 8.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum SpduKind {
    /// CONNECT (X.225 8.3.1).
    CN,
    /// ACCEPT (X.225 8.3.2).
    AC,
    /// REFUSE (X.225 8.3.3).
    RF,
    /// FINISH (X.225 8.3.4).
    FN,
    /// DISCONNECT (X.225 8.3.5).
    DN,
    /// NOT FINISHED (X.225 8.3.6).
    NF,
    /// ABORT (X.225 8.3.7).
    AB,
    /// ABORT ACCEPT (X.225 8.3.8).
    AA,
    /// DATA TRANSFER (X.225 8.3.9).
    DT,
    /// EXPEDITED (X.225 8.3.10).
    EX,
    /// TYPED DATA (X.225 8.3.11).
    TD,
    /// GIVE TOKENS (X.225 8.3.14).
    GT,
    /// PLEASE TOKENS (X.225 8.3.15).
    PT,
    /// GIVE TOKENS CONFIRM (X.225 8.3.16).
    GTC,
    /// GIVE TOKENS ACK (X.225 8.3.17).
    GTA,
    /// MINOR SYNC POINT (X.225 8.3.18).
    MIP,
    /// MINOR SYNC ACK (X.225 8.3.19).
    MIA,
    /// MAJOR SYNC POINT (X.225 8.3.20).
    MAP,
    /// MAJOR SYNC ACK (X.225 8.3.21).
    MAA,
    /// RESYNCHRONIZE (X.225 8.3.22).
    RS,
    /// RESYNCHRONIZE ACK (X.225 8.3.23).
    RA,
    /// ACTIVITY START (X.225 8.3.27).
    AS,
    /// ACTIVITY RESUME (X.225 8.3.28).
    AR,
    /// ACTIVITY INTERRUPT (X.225 8.3.29).
    AI,
    /// ACTIVITY INTERRUPT ACK (X.225 8.3.30).
    AIA,
    /// ACTIVITY DISCARD (X.225 8.3.31).
    AD,
    /// ACTIVITY DISCARD ACK (X.225 8.3.32).
    ADA,
    /// ACTIVITY END (X.225 8.3.33).
    AE,
    /// ACTIVITY END ACK (X.225 8.3.34).
    AEA,
}

impl SpduKind {
    /// Every kind, in the order of [`Spdu`]'s variants.
    pub const ALL: [SpduKind; 29] = {
        use SpduKind::*;
        [
            CN, AC, RF, FN, DN, NF, AB, AA, DT, EX, TD, GT, PT, GTC, GTA, MIP, MIA, MAP, MAA, RS,
            RA, AS, AR, AI, AIA, AD, ADA, AE, AEA,
        ]
    };

    /// The abbreviation X.225 uses ("CN", "MIP", ...).
    pub const fn abbreviation(self) -> &'static str {
        use SpduKind::*;
        match self {
            CN => "CN",
            AC => "AC",
            RF => "RF",
            FN => "FN",
            DN => "DN",
            NF => "NF",
            AB => "AB",
            AA => "AA",
            DT => "DT",
            EX => "EX",
            TD => "TD",
            GT => "GT",
            PT => "PT",
            GTC => "GTC",
            GTA => "GTA",
            MIP => "MIP",
            MIA => "MIA",
            MAP => "MAP",
            MAA => "MAA",
            RS => "RS",
            RA => "RA",
            AS => "AS",
            AR => "AR",
            AI => "AI",
            AIA => "AIA",
            AD => "AD",
            ADA => "ADA",
            AE => "AE",
            AEA => "AEA",
        }
    }

    /// The SPDU identifier (X.225 8.3, table 10); shared by GT/DT, AB/AI, AA/AIA, MAP/AE,
    /// MAA/AEA.
    pub const fn si(self) -> u8 {
        use SpduKind::*;
        match self {
            GT | DT => 1,
            PT => 2,
            EX => 5,
            NF => 8,
            FN => 9,
            DN => 10,
            RF => 12,
            CN => 13,
            AC => 14,
            GTC => 21,
            GTA => 22,
            AB | AI => 25,
            AA | AIA => 26,
            AR => 29,
            TD => 33,
            RA => 34,
            MAP | AE => 41,
            MAA | AEA => 42,
            AS => 45,
            MIP => 49,
            MIA => 50,
            RS => 53,
            AD => 57,
            ADA => 58,
        }
    }

    /// The category 0 SPDU, without parameters, that a category 2 SPDU of this kind follows
    /// in its TSDU (X.225 6.3.7, basic concatenation): PLEASE TOKENS before the
    /// acknowledgements (MIA, MAA, RA, AIA, ADA, AEA), which the side that may not hold the
    /// tokens sends; GIVE TOKENS before the others. ISODE's SPM concatenates so, and aborts on
    /// a GT before an acknowledgement. `None` for SPDUs of categories 0 and 1.
    pub const fn lead_in(self) -> Option<SpduKind> {
        use SpduKind::*;
        match self {
            MIA | MAA | RA | AIA | ADA | AEA => Some(PT),
            DT | MIP | MAP | RS | AS | AR | AI | AD | AE => Some(GT),
            CN | AC | RF | FN | DN | NF | AB | AA | EX | TD | GT | PT | GTC | GTA => None,
        }
    }

    /// The category (X.225 6.3.7).
    pub const fn category(self) -> Category {
        use SpduKind::*;
        match self {
            GT | PT => Category::Zero,
            CN | AC | RF | FN | DN | NF | AB | AA | EX | TD | GTC | GTA => Category::One,
            DT | MIP | MIA | MAP | MAA | RS | RA | AS | AR | AI | AIA | AD | ADA | AE | AEA => {
                Category::Two
            }
        }
    }
}

impl core::fmt::Display for SpduKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.abbreviation())
    }
}

impl Spdu {
    /// The kind of this SPDU.
    pub const fn kind(&self) -> SpduKind {
        use SpduKind as K;
        match self {
            Spdu::Connect(_) => K::CN,
            Spdu::Accept(_) => K::AC,
            Spdu::Refuse(_) => K::RF,
            Spdu::Finish(_) => K::FN,
            Spdu::Disconnect(_) => K::DN,
            Spdu::NotFinished(_) => K::NF,
            Spdu::Abort(_) => K::AB,
            Spdu::AbortAccept => K::AA,
            Spdu::DataTransfer(_) => K::DT,
            Spdu::Expedited(_) => K::EX,
            Spdu::TypedData(_) => K::TD,
            Spdu::GiveTokens(_) => K::GT,
            Spdu::PleaseTokens(_) => K::PT,
            Spdu::GiveTokensConfirm => K::GTC,
            Spdu::GiveTokensAck => K::GTA,
            Spdu::MinorSync(_) => K::MIP,
            Spdu::MinorSyncAck(_) => K::MIA,
            Spdu::MajorSync(_) => K::MAP,
            Spdu::MajorSyncAck(_) => K::MAA,
            Spdu::Resynchronize(_) => K::RS,
            Spdu::ResynchronizeAck(_) => K::RA,
            Spdu::ActivityStart(_) => K::AS,
            Spdu::ActivityResume(_) => K::AR,
            Spdu::ActivityInterrupt(_) => K::AI,
            Spdu::ActivityInterruptAck => K::AIA,
            Spdu::ActivityDiscard(_) => K::AD,
            Spdu::ActivityDiscardAck => K::ADA,
            Spdu::ActivityEnd(_) => K::AE,
            Spdu::ActivityEndAck(_) => K::AEA,
        }
    }

    /// The abbreviation X.225 uses ("CN", "MIP", ...).
    pub const fn abbreviation(&self) -> &'static str {
        self.kind().abbreviation()
    }

    /// The SPDU identifier (X.225 8.3, table 10).
    pub const fn si(&self) -> u8 {
        self.kind().si()
    }

    /// The category (X.225 6.3.7).
    pub const fn category(&self) -> Category {
        self.kind().category()
    }

    /// The Serial Number (PI 42) this SPDU carries: MIP, MIA, MAP, MAA, RS, RA, AE, AEA, and
    /// the serial number of AR's Linking Information. `None` for the others (the Initial
    /// Serial Number of CN/AC is not a PI 42).
    pub fn serial_number(&self) -> Option<SerialNumber> {
        match self {
            Spdu::MinorSync(s) => Some(s.serial_number),
            Spdu::MinorSyncAck(s) => Some(s.serial_number),
            Spdu::MajorSync(s) => Some(s.serial_number),
            Spdu::MajorSyncAck(s) => Some(s.serial_number),
            Spdu::Resynchronize(s) => Some(s.serial_number),
            Spdu::ResynchronizeAck(s) => Some(s.serial_number),
            Spdu::ActivityEnd(s) => Some(s.serial_number),
            Spdu::ActivityEndAck(s) => Some(s.serial_number),
            Spdu::ActivityResume(s) => Some(s.linking.serial_number),
            _ => None,
        }
    }

    /// The data this SPDU carries for the SS-user: the user information of DT, EX and TD, the
    /// User Data of the others when present (PGI 193; PI 46 in MIA; PGI 194 for a CN's over
    /// 512 octets), and the reason user data of RF when not empty.
    pub fn user_data(&self) -> Option<&Bytes> {
        match self {
            Spdu::DataTransfer(s) => Some(&s.user_information),
            Spdu::Expedited(s) => Some(&s.user_information),
            Spdu::TypedData(s) => Some(&s.user_information),
            Spdu::Refuse(s) => Some(&s.reason_user_data).filter(|d| !d.is_empty()),
            Spdu::Connect(s) => s.user_data.as_ref(),
            Spdu::Accept(s) => s.user_data.as_ref(),
            Spdu::Finish(s) => s.user_data.as_ref(),
            Spdu::Disconnect(s) => s.user_data.as_ref(),
            Spdu::NotFinished(s) => s.user_data.as_ref(),
            Spdu::Abort(s) => s.user_data.as_ref(),
            Spdu::GiveTokens(s) => s.user_data.as_ref(),
            Spdu::PleaseTokens(s) => s.user_data.as_ref(),
            Spdu::MinorSync(s) => s.user_data.as_ref(),
            Spdu::MinorSyncAck(s) => s.user_data.as_ref(),
            Spdu::MajorSync(s) => s.user_data.as_ref(),
            Spdu::MajorSyncAck(s) => s.user_data.as_ref(),
            Spdu::Resynchronize(s) => s.user_data.as_ref(),
            Spdu::ResynchronizeAck(s) => s.user_data.as_ref(),
            Spdu::ActivityStart(s) => s.user_data.as_ref(),
            Spdu::ActivityResume(s) => s.user_data.as_ref(),
            Spdu::ActivityEnd(s) => s.user_data.as_ref(),
            Spdu::ActivityEndAck(s) => s.user_data.as_ref(),
            Spdu::AbortAccept
            | Spdu::GiveTokensConfirm
            | Spdu::GiveTokensAck
            | Spdu::ActivityInterrupt(_)
            | Spdu::ActivityInterruptAck
            | Spdu::ActivityDiscard(_)
            | Spdu::ActivityDiscardAck => None,
        }
    }
}

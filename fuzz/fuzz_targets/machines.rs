//! Two protocol machines driven by the steps the fuzzer's octets spell: user requests,
//! deliveries, injected TSDUs, transport breaks and time. The driver and its invariants
//! (no panic, a refused request changes nothing, no token held on both sides) are
//! `osi_session::protocol::drive`, shared with `tests/machine_fuzz.rs`; this file only turns
//! octets into steps.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use osi_session::protocol::codec::{
    ActivityReason, FunctionalUnits, RefuseReason, ResyncType, SerialNumber, TokenSet, TokenSetting,
};
use osi_session::protocol::drive::{self, Step};
use osi_session::protocol::machine::{Config, ConnectionRef, Request};
use osi_session::protocol::pair::Side;

/// At most this many steps a run.
const MAX_STEPS: usize = 200;

fn side(u: &mut Unstructured) -> Result<Side> {
    Ok(if u.arbitrary()? { Side::A } else { Side::B })
}

fn bytes(u: &mut Unstructured, max: usize) -> Result<Bytes> {
    let n = u.int_in_range(0..=max)?;
    Ok(Bytes::copy_from_slice(u.bytes(n)?))
}

fn maybe_bytes(u: &mut Unstructured, max: usize) -> Result<Option<Bytes>> {
    Ok(if u.arbitrary()? {
        Some(bytes(u, max)?)
    } else {
        None
    })
}

fn tokens(u: &mut Unstructured) -> Result<TokenSet> {
    Ok(drive::tokens_from_bits(u.arbitrary()?))
}

fn serial(u: &mut Unstructured) -> Result<SerialNumber> {
    Ok(SerialNumber::new(u.int_in_range(0..=9)?).unwrap_or_default())
}

/// Every request of `Request`; a request added to the machine needs an arm here.
fn request(u: &mut Unstructured) -> Result<Request> {
    Ok(match u.int_in_range(0..=26u8)? {
        0 => Request::Connect {
            calling_ref: u.arbitrary()?,
            user_data: if u.arbitrary()? {
                Some(bytes(u, 16)?)
            } else {
                None
            },
        },
        1 => Request::Accept {
            called_ref: u.arbitrary()?,
            user_data: if u.arbitrary()? {
                Some(bytes(u, 16)?)
            } else {
                None
            },
        },
        2 => Request::Refuse {
            reason: RefuseReason(u.arbitrary()?),
            data: bytes(u, 16)?,
        },
        3 => Request::Data(bytes(u, 32)?),
        4 => Request::TypedData(bytes(u, 32)?),
        5 => Request::Expedited(bytes(u, 16)?),
        6 => Request::GiveTokens(tokens(u)?),
        7 => Request::PleaseTokens(tokens(u)?),
        8 => Request::MinorSync {
            confirm: u.arbitrary()?,
        },
        9 => Request::MinorSyncConfirm(serial(u)?),
        10 => Request::MajorSync,
        11 => Request::MajorSyncConfirm,
        12 => Request::Resynchronize {
            kind: *u.choose(&[ResyncType::Restart, ResyncType::Abandon, ResyncType::Set])?,
            serial: if u.arbitrary()? {
                Some(serial(u)?)
            } else {
                None
            },
            tokens: if u.arbitrary()? {
                TokenSetting::from_octet(u.arbitrary()?)
            } else {
                None
            },
        },
        13 => Request::ResynchronizeConfirm {
            tokens: if u.arbitrary()? {
                TokenSetting::from_octet(u.arbitrary()?)
            } else {
                None
            },
        },
        14 => Request::ActivityStart { id: bytes(u, 6)? },
        15 => Request::ActivityResume {
            old_connection: ConnectionRef::default(),
            old_id: bytes(u, 6)?,
            serial: serial(u)?,
            id: bytes(u, 6)?,
        },
        16 => Request::ActivityInterrupt(ActivityReason(u.arbitrary()?)),
        17 => Request::ActivityInterruptConfirm,
        18 => Request::ActivityDiscard(ActivityReason(u.arbitrary()?)),
        19 => Request::ActivityDiscardConfirm,
        20 => Request::ActivityEnd,
        21 => Request::ActivityEndConfirm,
        22 => Request::Release {
            user_data: maybe_bytes(u, 16)?,
        },
        23 => Request::ReleaseResponse {
            accept: u.arbitrary()?,
            user_data: maybe_bytes(u, 16)?,
        },
        24 => Request::Abort {
            user_data: maybe_bytes(u, 16)?,
        },
        25 => Request::GiveControl,
        _ => Request::Data(Bytes::new()),
    })
}

fn step(u: &mut Unstructured) -> Result<Step> {
    Ok(match u.int_in_range(0..=14u8)? {
        0..=5 => Step::Request(side(u)?, request(u)?),
        6..=11 => Step::Deliver(side(u)?),
        12 => Step::Inject(side(u)?, bytes(u, 24)?),
        13 => Step::Break,
        _ => Step::Advance(u.int_in_range(0..=10_000_000)?),
    })
}

fn config(u: &mut Unstructured) -> Result<Config> {
    let dialogue = if u.arbitrary()? {
        FunctionalUnits::DUPLEX
    } else {
        FunctionalUnits::HALF_DUPLEX
    };
    let others = FunctionalUnits::from_bits_truncate(u.arbitrary::<u16>()? & 0x04fc);
    Ok(Config {
        functional_units: dialogue | others,
        ..Config::default()
    })
}

fn steps(u: &mut Unstructured) -> Result<(Config, Config, bool, Vec<Step>)> {
    let (a, b, connected) = (config(u)?, config(u)?, u.arbitrary()?);
    let mut steps = Vec::new();
    while !u.is_empty() && steps.len() < MAX_STEPS {
        steps.push(step(u)?);
    }
    Ok((a, b, connected, steps))
}

fuzz_target!(|data: &[u8]| {
    let Ok((a, b, connected, steps)) = steps(&mut Unstructured::new(data)) else {
        return;
    };
    if let Err(v) = drive::run(a, b, connected, steps) {
        panic!("{v}");
    }
});

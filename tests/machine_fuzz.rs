//! Property tests: two machines driven by arbitrary sequences of user requests, deliveries,
//! injected octets (random, or valid SPDUs out of turn, as they are or mutated), transport
//! breaks and time never panic; a refused request changes nothing;
//! the tokens are never held by both sides; a machine at rest holds nothing; V(A) <= V(M)
//! <= 999 999; and, with no octets injected, no machine aborts for a protocol error. The driver and
//! the checks are `osi_session::protocol::drive`, shared with the cargo-fuzz target.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    ActivityReason, FunctionalUnits, ResyncType, SerialNumber, TokenSet, TokenSetting,
};
use osi_session::protocol::drive::{self, Step};
use osi_session::protocol::machine::{Config, Request};
use osi_session::protocol::pair::Side;
use proptest::prelude::*;

mod seeds;
use seeds::{apply, hex, mutation, SEEDS};

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::A), Just(Side::B)]
}

fn tokens() -> impl Strategy<Value = TokenSet> {
    (0u8..16).prop_map(drive::tokens_from_bits)
}

/// Any token setting, a choice included (an RS may leave tokens to the acceptor).
fn setting() -> impl Strategy<Value = TokenSetting> {
    (0u8..=255).prop_filter_map("no reserved pair", TokenSetting::from_octet)
}

fn serial() -> impl Strategy<Value = SerialNumber> {
    (0u32..8).prop_map(|n| SerialNumber::new(n).unwrap())
}

fn request() -> impl Strategy<Value = Request> {
    let data = proptest::collection::vec(any::<u8>(), 0..20).prop_map(Bytes::from);
    let id = proptest::collection::vec(any::<u8>(), 0..7).prop_map(Bytes::from);
    prop_oneof![
        any::<[u8; 16]>().prop_map(|r| Request::Connect {
            calling_ref: r,
            user_data: None
        }),
        any::<[u8; 16]>().prop_map(|r| Request::Accept {
            called_ref: r,
            user_data: None
        }),
        Just(Request::Refuse {
            reason: osi_session::protocol::codec::RefuseReason::CONGESTION,
            data: Bytes::new()
        }),
        data.clone().prop_map(Request::Data),
        data.clone().prop_map(Request::TypedData),
        data.clone().prop_map(Request::Expedited),
        tokens().prop_map(Request::GiveTokens),
        tokens().prop_map(Request::PleaseTokens),
        Just(Request::GiveControl),
        any::<bool>().prop_map(|confirm| Request::MinorSync { confirm }),
        serial().prop_map(Request::MinorSyncConfirm),
        Just(Request::MajorSync),
        Just(Request::MajorSyncConfirm),
        (
            prop_oneof![
                Just(ResyncType::Restart),
                Just(ResyncType::Abandon),
                Just(ResyncType::Set)
            ],
            proptest::option::of(serial()),
            proptest::option::of(setting())
        )
            .prop_map(|(kind, serial, tokens)| Request::Resynchronize {
                kind,
                serial,
                tokens
            }),
        proptest::option::of(setting()).prop_map(|tokens| Request::ResynchronizeConfirm { tokens }),
        id.clone().prop_map(|id| Request::ActivityStart { id }),
        (id.clone(), serial()).prop_map(|(id, serial)| Request::ActivityResume {
            old_connection: Default::default(),
            old_id: id.clone(),
            serial,
            id,
        }),
        Just(Request::ActivityInterrupt(ActivityReason::NONE)),
        Just(Request::ActivityInterruptConfirm),
        Just(Request::ActivityDiscard(ActivityReason::NONE)),
        Just(Request::ActivityDiscardConfirm),
        Just(Request::ActivityEnd),
        Just(Request::ActivityEndConfirm),
        // Up to 19 octets: over AB's 9 in version 1, so refusals are driven too.
        proptest::option::of(data.clone()).prop_map(|user_data| Request::Release { user_data }),
        (any::<bool>(), proptest::option::of(data.clone()))
            .prop_map(|(accept, user_data)| Request::ReleaseResponse { accept, user_data }),
        proptest::option::of(data.clone()).prop_map(|user_data| Request::Abort { user_data }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (side(), request()).prop_map(|(s, r)| Step::Request(s, r)),
        6 => side().prop_map(Step::Deliver),
        1 => (side(), proptest::collection::vec(any::<u8>(), 0..24)).prop_map(|(s, b)| Step::Inject(s, Bytes::from(b))),
        // A valid SPDU out of turn, as it is or mutated: past the decoder, into the machine.
        2 => (side(), prop::sample::select(SEEDS.to_vec()), proptest::collection::vec(mutation(), 0..3))
            .prop_map(|(s, seed, m)| Step::Inject(s, Bytes::from(apply(hex(seed), &m)))),
        1 => Just(Step::Break),
        1 => (0u64..10_000_000).prop_map(Step::Advance),
    ]
}

/// The steps of two conforming machines: requests (which a machine may refuse), deliveries,
/// transport breaks and time; no injected octets.
fn conforming_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (side(), request()).prop_map(|(s, r)| Step::Request(s, r)),
        6 => side().prop_map(Step::Deliver),
        1 => Just(Step::Break),
        1 => (0u64..10_000_000).prop_map(Step::Advance),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (any::<bool>(), any::<u16>()).prop_map(|(duplex, extra)| {
        let dialogue = if duplex {
            FunctionalUnits::DUPLEX
        } else {
            FunctionalUnits::HALF_DUPLEX
        };
        let others = FunctionalUnits::from_bits_truncate(extra & 0x04fc);
        Config {
            functional_units: dialogue | others,
            ..Config::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn machines_never_panic_and_keep_their_invariants(
        a in config(),
        b in config(),
        start_connected in any::<bool>(),
        steps in proptest::collection::vec(step(), 1..80),
    ) {
        if let Err(v) = drive::run(a, b, start_connected, steps) {
            prop_assert!(false, "{}", v);
        }
    }

    /// The conformance oracle (drive::check): two conforming machines, fed only requests
    /// they accepted and what the other sent, never end in a protocol-error abort.
    #[test]
    fn conforming_machines_never_accuse_each_other(
        a in config(),
        b in config(),
        start_connected in any::<bool>(),
        steps in proptest::collection::vec(conforming_step(), 1..120),
    ) {
        if let Err(v) = drive::run(a, b, start_connected, steps) {
            prop_assert!(false, "{}", v);
        }
    }
}

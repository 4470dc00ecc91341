//! Fidelity to X.225 as independent implementations read it: the octets the machine sends
//! and accepts where the standard's tables decide (issue 22, findings 1 to 6).
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{decode_tsdu, DecodeContext, Spdu};
use osi_session::protocol::machine::Config;
use osi_session::protocol::pair::Pair;

/// The octets of the first TSDU on the wire whose main SPDU is `spdu`.
fn sent(p: &Pair, spdu: &str) -> Bytes {
    p.wire
        .iter()
        .find(|s| s.spdu == spdu)
        .map(|s| s.tsdu.clone())
        .unwrap_or_else(|| panic!("no {spdu} on the wire: {:?}", p.wire_log()))
}

/// Protocol Options (PI 19) and Version Number (PI 22) are mandatory in the Connect/Accept
/// Item of CN and AC (X.225 8.3.1 Table 11, 8.3.2 Table 12); an MMS stack refuses both
/// without PI 19.
#[test]
fn cn_and_ac_carry_protocol_options_and_version() {
    let p = Pair::connected(Config::default(), Config::default());
    for spdu in ["CN", "AC"] {
        let tsdu = sent(&p, spdu);
        let decoded = decode_tsdu(&tsdu, DecodeContext::default()).unwrap();
        let item = match &decoded[..] {
            [Spdu::Connect(cn)] => cn.connect_accept.clone(),
            [Spdu::Accept(ac)] => ac.connect_accept.clone(),
            other => panic!("{other:?}"),
        }
        .expect("a Connect/Accept Item");
        assert_eq!(item.protocol_options.map(|o| o.bits()), Some(0), "{spdu}");
        assert!(item.version.is_some(), "{spdu}");
        // PGI 5 opens with PI 19 = 00 (X.225 8.3.1: PI 19 first in the group).
        let at = tsdu.windows(2).position(|w| w[0] == 0x05).unwrap();
        assert_eq!(
            &tsdu[at + 2..at + 5],
            &[0x13, 0x01, 0x00],
            "{spdu}: {tsdu:02x?}"
        );
    }
}

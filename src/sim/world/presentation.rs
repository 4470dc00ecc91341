//! Each host's presentation layer (X.226, [`crate::protocol::presentation`]): the world hands
//! the applications' requests down through [`Effects::request`](crate::sim::apps::Effects),
//! which wraps their user data in PPDUs, and their indications up through
//! [`World::present`], which unwraps it. The applications see only their own octets; the
//! PPDUs' octets count as protocol overhead ([`protocol_len`]).

use super::World;
use crate::protocol::machine::Indication;
use crate::protocol::presentation::{data_header_len, service};
use crate::sim::trace::{Host, What};

/// Octets of protocol in a TSDU: all of it, less the application's octets in the user
/// information of DT, TD or EX (what follows the SPDU's parameters and the User-data PPDU's
/// header).
pub(super) fn protocol_len(spdu: &str, tsdu: &[u8]) -> usize {
    // GT (2 octets) + SI + LI + parameters, for DT; SI + LI + parameters for TD and EX.
    let start = match spdu {
        "DT" => 2,
        "TD" | "EX" => 0,
        _ => return tsdu.len(),
    };
    let li_at = start + 1;
    let (li, li_len) = match tsdu.get(li_at) {
        Some(0xff) => match tsdu.get(li_at + 1..li_at + 3) {
            Some(b) => (usize::from(u16::from_be_bytes([b[0], b[1]])), 3),
            None => return tsdu.len(),
        },
        Some(&n) => (usize::from(n), 1),
        None => return tsdu.len(),
    };
    let session = (li_at + li_len + li).min(tsdu.len());
    let ppdu = data_header_len(&tsdu[session..]).unwrap_or(0);
    (session + ppdu).min(tsdu.len())
}

impl World {
    /// The indication `ind` of host `host`'s machine in session `s`, as its application sees
    /// it. When the user data is not the PPDU its SPDU carries, the host's presentation layer
    /// aborts the session with an ARP-PPDU in AB (X.226 P-P-ABORT), the trace says why, and
    /// the application is told of a provider abort.
    pub(super) fn present(&mut self, s: usize, host: Host, ind: Indication) -> Indication {
        let e = match service::indication(ind.clone()) {
            Ok(ind) => return ind,
            Err(e) => e,
        };
        let now = self.now();
        let cause = format!("host {}'s presentation layer aborts: {e}", host.name());
        self.trace.push(now, s as u32, What::Abort { host, cause });
        if let Err(refused) = self
            .machine(s, host)
            .handle_request(now, service::provider_abort())
        {
            self.trace.push(
                now,
                s as u32,
                What::Refused {
                    host,
                    rule: refused.to_string(),
                },
            );
        }
        service::unreadable(&ind, &e)
    }
}

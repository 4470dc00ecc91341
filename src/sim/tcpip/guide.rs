//! What to watch for when a built-in scenario runs on the TCP/IP stack: the counterpart of
//! each scenario's description (which tells the OSI run), for guided runs and `session-sim`.

/// What to watch for in built-in scenario `name` on the TCP/IP stack.
pub fn watch_for(name: &str) -> Option<&'static str> {
    Some(match name {
        "file-transfer" => {
            "The same break on TCP/IP: the tus client opens a new TCP connection (SYN, SYN-ACK, \
             ACK), asks with HEAD how many octets the server holds and PATCHes from that \
             Upload-Offset. The server kept every octet that reached it, so only what was in \
             flight is sent again; the offset is the application's own, no session layer keeps it."
        }
        "file-transfer-restart" => {
            "A plain PUT has no offset to go on from: after the break the new TCP connection \
             carries the whole file again from byte 0, as the OSI run with recovery off does."
        }
        "banking-login" => {
            "POST /login carries a proof of the password (real sites send the password inside \
             TLS); 303 See Other sets the session cookie (HttpOnly, Secure, SameSite=Strict, \
             Max-Age the idle timeout); every request carries Cookie; logout answers Max-Age=0, \
             then FIN closes TCP. The login lives in the cookie, not in the connection."
        }
        "wrong-password" => {
            "401 Unauthorized and no Set-Cookie: no session exists, and the browser closes the \
             connection with FIN."
        }
        "idle-timeout" => {
            "After two idle seconds the bank forgets the session and closes the idle connection \
             (FIN from B). When the user comes back, a new TCP connection carries a request with \
             no live cookie, and the answer is 401."
        }
        "half-duplex-chat" => {
            "NBSS has no token: SESSION REQUEST and POSITIVE SESSION RESPONSE open a NetBIOS \
             session on port 139, then the chat applications take turns by their own convention; \
             A sends SESSION KEEP ALIVE while it waits. Break it to see a new SESSION REQUEST \
             and the applications' own RESUME."
        }
        "kill-session" => {
            "The user's kill is a TCP reset: one RST from A, what was in flight is dropped, and \
             nothing is resumed."
        }
        "rpc" => {
            "Each ONC RPC call is one record (record mark, xid, program, version, procedure) and \
             its reply carries the same xid. Break the connection while a reply is in flight: \
             the call goes again with the same xid and the server's duplicate request cache \
             answers it without executing it twice."
        }
        _ => return None,
    })
}

/// Built-in scenario `name` with every session on the TCP/IP stack, as a guided run: named
/// `NAME-tcpip`, described by [`watch_for`]. `None` for a name that is not built in.
pub fn builtin_on_tcpip(name: &str) -> Option<crate::sim::Scenario> {
    let mut s = crate::sim::builtin(name)?;
    s.sessions
        .iter_mut()
        .for_each(|x| x.stack = super::Stack::Tcpip);
    s.name = format!("{name}-tcpip");
    s.description = watch_for(name)?.to_string();
    Some(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_builtin_says_what_to_watch_for_on_tcp_ip() {
        for name in crate::sim::BUILTIN {
            assert!(super::watch_for(name).is_some(), "{name}");
        }
        assert_eq!(super::watch_for("nope"), None);
    }

    #[test]
    fn a_guided_run_on_tcp_ip_is_the_builtin_on_the_other_stack() {
        let osi = crate::sim::builtin("banking-login").unwrap();
        let tcp = super::builtin_on_tcpip("banking-login").unwrap();
        assert_eq!(tcp.name, "banking-login-tcpip");
        assert!(tcp.description.contains("303 See Other"));
        assert_eq!(
            (tcp.seed, tcp.link, &tcp.actions),
            (osi.seed, osi.link, &osi.actions)
        );
        assert!(tcp
            .sessions
            .iter()
            .all(|s| s.stack == super::super::Stack::Tcpip));
        assert!(tcp.validate().is_ok());
        assert!(super::builtin_on_tcpip("nope").is_none());
    }
}

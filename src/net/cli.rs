//! The command lines of `session-sim serve` and `session-sim send`, read by hand as the rest
//! of `session-sim` is. Exit status: 0 success, 1 a failed transfer (or a server that cannot
//! start), 2 bad arguments; one line on standard error says why.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::item::hex;
use super::send::{check_sync_every, send_file, SendConfig};
use super::serve::{Outcome, ServeConfig, Server};

/// The environment variable holding the password for `--user`, so that it is not on the
/// command line for every other user of the machine to read.
pub const PASSWORD_VAR: &str = "SESSION_SIM_PASSWORD";

/// Help for both commands.
pub const USAGE: &str =
    "  session-sim serve --listen ADDR --out DIR [--idle-timeout SECS] [--user NAME]
                    [--pcap FILE] [--max-connections N] [--max-size OCTETS]
  session-sim send FILE --to ADDR [--sync-every OCTETS] [--no-recovery] [--name NAME]
                   [--timeout SECS] [--attempts N] [--user NAME] [--pcap FILE]
                  The session protocol over real TCP (RFC 1006, class 0 transport):
                  serve writes each file received to DIR/<name>; send sends FILE with a
                  minor sync point every OCTETS (default 262144) and, when the connection
                  breaks, reconnects and resumes (AR) from the last confirmed point.
                  --user NAME: credentials in CN, the password from $SESSION_SIM_PASSWORD.
                  Exit status 1 when the transfer failed. See docs/real-tcp.md.
";

/// Runs `serve` or `send` with the arguments after the command's name.
pub fn main(command: &str, args: &[String]) -> ExitCode {
    let result = match command {
        "serve" => parse_serve(args).map(serve),
        _ => parse_send(args).map(send),
    };
    match result {
        Ok(code) => code,
        Err(why) => fail(2, &why),
    }
}

fn fail(code: u8, why: &str) -> ExitCode {
    let line = why.replace(['\n', '\r'], " ");
    let _ = writeln!(std::io::stderr(), "session-sim: error: {line}");
    ExitCode::from(code)
}

/// Options and the positional arguments, each option at most once.
struct Options {
    values: Vec<(String, String)>,
    flags: Vec<String>,
    positional: Vec<String>,
}

fn options(args: &[String], valued: &[&str], flags: &[&str]) -> Result<Options, String> {
    let mut o = Options {
        values: Vec::new(),
        flags: Vec::new(),
        positional: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if arg.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let seen = o.values.iter().any(|(n, _)| *n == name) || o.flags.contains(&name);
        if seen {
            return Err(format!("{name} given twice"));
        }
        if valued.contains(&name.as_str()) {
            let v = inline
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))?;
            o.values.push((name, v));
        } else if flags.contains(&name.as_str()) && inline.is_none() {
            o.flags.push(name);
        } else if name.starts_with('-') && name.len() > 1 {
            return Err(format!("unknown option {name:?}; see session-sim --help"));
        } else {
            o.positional.push(arg.clone());
        }
    }
    Ok(o)
}

impl Options {
    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        self.get(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| format!("{name} wants a whole number, not {v:?}"))
        })
    }
    fn seconds(&self, name: &str, default: f64) -> Result<Duration, String> {
        let s = self.get(name).map_or(Ok(default), |v| {
            v.parse::<f64>()
                .map_err(|_| format!("{name} wants a number of seconds, not {v:?}"))
        })?;
        if !(s > 0.0 && s <= 86_400.0) {
            return Err(format!(
                "{name} wants 0 to 86400 seconds (more than 0), not {s}"
            ));
        }
        Ok(Duration::from_secs_f64(s))
    }
    fn credentials(&self) -> Result<Option<(String, String)>, String> {
        let Some(user) = self.get("--user") else {
            return Ok(None);
        };
        let password = std::env::var(PASSWORD_VAR)
            .map_err(|_| format!("--user needs the password in ${PASSWORD_VAR}"))?;
        if user.is_empty() || user.len() > 64 {
            return Err("--user wants a name of 1 to 64 octets".into());
        }
        Ok(Some((user.to_string(), password)))
    }
}

fn parse_serve(args: &[String]) -> Result<ServeConfig, String> {
    let valued = [
        "--listen",
        "--out",
        "--idle-timeout",
        "--user",
        "--pcap",
        "--max-connections",
        "--max-size",
    ];
    let o = options(args, &valued, &[])?;
    if let Some(extra) = o.positional.first() {
        return Err(format!("serve takes no {extra:?}; see session-sim --help"));
    }
    let listen = o.get("--listen").ok_or("serve needs --listen ADDR")?;
    let listen: SocketAddr = listen
        .parse()
        .map_err(|_| format!("--listen wants an IP address and port, not {listen:?}"))?;
    let max_connections = o.number("--max-connections", 256usize)?;
    if max_connections == 0 {
        return Err("--max-connections must be at least 1".into());
    }
    Ok(ServeConfig {
        listen,
        out: PathBuf::from(o.get("--out").ok_or("serve needs --out DIR")?),
        idle_timeout: o.seconds("--idle-timeout", 30.0)?,
        credentials: o.credentials()?,
        pcap: o.get("--pcap").map(PathBuf::from),
        max_connections,
        max_size: o.number("--max-size", u64::MAX)?,
    })
}

fn parse_send(args: &[String]) -> Result<SendConfig, String> {
    let valued = [
        "--to",
        "--sync-every",
        "--name",
        "--timeout",
        "--attempts",
        "--user",
        "--pcap",
    ];
    let o = options(args, &valued, &["--no-recovery"])?;
    let file = match &o.positional[..] {
        [f] => PathBuf::from(f),
        [] => return Err("send needs a FILE".into()),
        [a, b, ..] => return Err(format!("send takes one FILE, not {a:?} and {b:?}")),
    };
    let name = match o.get("--name") {
        Some(n) => n.to_string(),
        None => file
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or(format!("{} has no file name; give --name", file.display()))?
            .to_string(),
    };
    let sync_every = o.number("--sync-every", 262_144u64)?;
    check_sync_every(0, sync_every)?;
    let attempts = o.number("--attempts", 5u32)?;
    if attempts == 0 {
        return Err("--attempts must be at least 1".into());
    }
    Ok(SendConfig {
        to: o.get("--to").ok_or("send needs --to ADDR")?.to_string(),
        file,
        name,
        sync_every,
        recovery: !o.flags.iter().any(|f| f == "--no-recovery"),
        timeout: o.seconds("--timeout", 30.0)?,
        credentials: o.credentials()?,
        pcap: o.get("--pcap").map(PathBuf::from),
        attempts,
    })
}

fn serve(config: ServeConfig) -> ExitCode {
    let server = match Server::bind(config.clone()) {
        Ok(s) => s,
        Err(e) => return fail(1, &format!("cannot serve on {}: {e}", config.listen)),
    };
    let addr = server.local_addr().unwrap_or(config.listen);
    eprintln!(
        "session-sim: serving on {addr}, writing to {}",
        config.out.display()
    );
    server.run(|outcome| match outcome {
        Outcome::Received(r) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "received {}: {} octets, sha256 {}, {} resume(s), {} octets received again",
                r.name,
                r.octets,
                hex(&r.digest),
                r.resumes,
                r.received_again
            );
            let _ = out.flush();
        }
        Outcome::Ended { peer, why } => eprintln!("session-sim: connection from {peer}: {why}"),
    });
    ExitCode::from(1)
}

fn send(config: SendConfig) -> ExitCode {
    match send_file(&config) {
        Ok(r) => {
            println!(
                "sent {}: {} octets, sha256 {}, {} resume(s), {} octets sent again \
                 ({} in all, {} connection(s))",
                config.name,
                r.octets,
                hex(&r.digest),
                r.resumes,
                r.sent_again,
                r.sent,
                r.connections
            );
            ExitCode::SUCCESS
        }
        Err(why) => fail(1, &format!("send failed: {why}")),
    }
}

//! Row 9 of `scripts/bench`: `session-sim send` over loopback TCP against a plain TCP copy of
//! the same file in the same run, with and without a cut connection, and the octets a cut
//! makes the sender send again against the sync interval.
//!
//! ```text
//! cargo build --profile bench --bin session-sim --example tcp_bench
//! target/release/examples/tcp_bench target/release/session-sim 268435456 /tmp/tcp-bench 3
//! ```
//!
//! Prints one JSON object. Each timing is the best of REPEATS runs, from connecting to the
//! receiver having written the whole file: the plain copy's receiver writes it and answers one
//! octet; `send` ends at the session's release, which the receiver grants after renaming the
//! file. The cut runs go through a proxy in this process that cuts the first connection
//! halfway; a proxy without a cut is timed too, to tell the hop's cost from the cut's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (sim, size, dir, repeats) = match &args[..] {
        [sim, size, dir, rest @ ..] => match (
            size.parse::<u64>(),
            rest.first().map_or(Ok(1), |r| r.parse::<u32>()),
        ) {
            (Ok(size), Ok(repeats)) => {
                (PathBuf::from(sim), size, PathBuf::from(dir), repeats.max(1))
            }
            _ => usage(),
        },
        _ => usage(),
    };
    if let Err(e) = run(&sim, size, &dir, repeats) {
        eprintln!("tcp_bench: {e}");
        std::process::exit(1);
    }
}

fn usage() -> ! {
    eprintln!("usage: tcp_bench SESSION_SIM SIZE DIR [REPEATS]");
    std::process::exit(2);
}

type Result<T> = std::result::Result<T, String>;

fn run(sim: &Path, size: u64, dir: &Path, repeats: u32) -> Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).map_err(|e| format!("{out:?}: {e}"))?;
    let file = dir.join("payload.bin");
    write_file(&file, size)?;
    let best = |f: &mut dyn FnMut() -> Result<(f64, u64)>| -> Result<(f64, u64)> {
        let mut runs = Vec::new();
        for _ in 0..repeats {
            runs.push(f()?);
        }
        Ok(runs
            .into_iter()
            .fold((f64::MAX, 0), |a, b| if b.0 < a.0 { b } else { a }))
    };
    let plain = best(&mut || plain_copy(&file, &out.join("plain.bin")))?.0;
    let serve = Serve::start(sim, &out)?;
    let every = 262_144u64;
    let direct = best(&mut || send(sim, &file, serve.addr, every, None))?.0;
    let hop = best(&mut || send(sim, &file, serve.addr, every, Some(u64::MAX)))?.0;
    let (cut, cut_again) = best(&mut || send(sim, &file, serve.addr, every, Some(size / 2)))?;
    let mut resend = Vec::new();
    for every in [65_536u64, 262_144, 1_048_576, 4_194_304] {
        let (_, again) = send(sim, &file, serve.addr, every, Some(size / 2))?;
        resend.push(format!(
            "{{\"sync_every\": {every}, \"sent_again\": {again}}}"
        ));
    }
    println!(
        "{{\"size\": {size}, \"repeats\": {repeats}, \"plain_seconds\": {plain}, \
         \"sync_every\": {every}, \"send_seconds\": {direct}, \"proxy_seconds\": {hop}, \
         \"cut_seconds\": {cut}, \"cut_at\": {}, \"cut_sent_again\": {cut_again}, \
         \"resend\": [{}]}}",
        size / 2,
        resend.join(", ")
    );
    Ok(())
}

/// A file of `size` pseudo-random octets.
fn write_file(path: &Path, size: u64) -> Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..size / 8 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        f.write_all(&x.to_le_bytes()).map_err(|e| e.to_string())?;
    }
    f.write_all(&vec![7u8; (size % 8) as usize])
        .map_err(|e| e.to_string())?;
    f.flush().map_err(|e| e.to_string())
}

/// The baseline: the file over one TCP connection, written by the receiver, one octet back.
fn plain_copy(file: &Path, to: &Path) -> Result<(f64, u64)> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let to = to.to_path_buf();
    let sink = std::thread::spawn(move || -> std::io::Result<u64> {
        let (mut s, _) = listener.accept()?;
        let mut f = std::fs::File::create(&to)?;
        let n = std::io::copy(&mut s, &mut f)?;
        f.flush()?;
        s.write_all(&[1])?;
        Ok(n)
    });
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let mut f = std::fs::File::open(file).map_err(|e| e.to_string())?;
    std::io::copy(&mut f, &mut s).map_err(|e| e.to_string())?;
    s.shutdown(Shutdown::Write).map_err(|e| e.to_string())?;
    let mut ack = [0u8; 1];
    s.read_exact(&mut ack).map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let n = sink
        .join()
        .map_err(|_| "sink panicked")?
        .map_err(|e| e.to_string())?;
    Ok((seconds, n))
}

/// `session-sim serve` on an ephemeral port.
struct Serve {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Serve {
    fn start(sim: &Path, out: &Path) -> Result<Serve> {
        let mut child = Command::new(sim)
            .args(["serve", "--listen", "127.0.0.1:0", "--out"])
            .arg(out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{sim:?}: {e}"))?;
        let mut err = BufReader::new(child.stderr.take().ok_or("no stderr")?);
        let mut line = String::new();
        err.read_line(&mut line).map_err(|e| e.to_string())?;
        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        let addr = line
            .split_whitespace()
            .find_map(|w| w.trim_end_matches(',').parse().ok())
            .ok_or(format!("no address in {line:?}"))?;
        Ok(Serve { child, addr })
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `send`, direct or through a proxy cutting its first connection after `cut` octets;
/// (seconds, octets sent again).
fn send(
    sim: &Path,
    file: &Path,
    serve: SocketAddr,
    every: u64,
    cut: Option<u64>,
) -> Result<(f64, u64)> {
    let to = match cut {
        Some(cut) => proxy(serve, cut)?,
        None => serve,
    };
    let started = Instant::now();
    let o = Command::new(sim)
        .arg("send")
        .arg(file)
        .args(["--to", &to.to_string(), "--sync-every", &every.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let line = String::from_utf8_lossy(&o.stdout).into_owned();
    if !o.status.success() {
        return Err(format!(
            "send failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    let again = line
        .split(" octets sent again")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .ok_or(format!("no octets sent again in {line:?}"))?;
    Ok((seconds, again))
}

/// A proxy to `target` for one run: the first connection is cut after `cut` octets from the
/// client; later ones pass whole.
fn proxy(target: SocketAddr, cut: u64) -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        for (i, client) in listener.incoming().enumerate() {
            let (Ok(client), Ok(server)) = (client, TcpStream::connect(target)) else {
                continue;
            };
            let limit = if i == 0 { cut } else { u64::MAX };
            let (c2, s2) = match (client.try_clone(), server.try_clone()) {
                (Ok(c), Ok(s)) => (c, s),
                _ => continue,
            };
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut &s2, &mut &c2);
                let _ = c2.shutdown(Shutdown::Write);
            });
            std::thread::spawn(move || pass(client, server, limit));
        }
    });
    Ok(addr)
}

fn pass(client: TcpStream, server: TcpStream, limit: u64) {
    let mut buf = vec![0u8; 256 << 10];
    let mut total = 0u64;
    loop {
        let n = match (&client).read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => (n as u64).min(limit - total),
        };
        if (&server).write_all(&buf[..n as usize]).is_err() {
            break;
        }
        total += n;
        if total == limit {
            let _ = client.shutdown(Shutdown::Both);
            let _ = server.shutdown(Shutdown::Both);
            return;
        }
    }
    let _ = server.shutdown(Shutdown::Write);
}

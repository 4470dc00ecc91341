//! What the real-TCP tests share: temporary directories and files, `session-sim serve` as a
//! child process, an in-process server, and a TCP proxy that can cut a connection partway.
#![allow(dead_code)] // Each test file uses some of these.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use osi_session::net::serve::{Outcome, ServeConfig, Server};

/// Generous: the tests share two cores with other builds.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// An empty directory of its own for `name` in this test process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("net-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// A file of `size` octets whose content depends on `seed` (xorshift), at `path`.
pub fn write_file(path: &Path, size: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let data: Vec<u8> = (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(path, &data).expect("write the test file");
    data
}

/// The file names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `session-sim serve` as a child process, killed when dropped.
pub struct ServeProcess {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its standard output, line by line.
    pub lines: Receiver<String>,
}

impl ServeProcess {
    /// Starts `serve --listen 127.0.0.1:0 --out out` with `extra` arguments.
    pub fn start(out: &Path, extra: &[&str]) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_session-sim"))
            .args(["serve", "--listen", "127.0.0.1:0", "--out"])
            .arg(out)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("session-sim serve starts");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut first = String::new();
        stderr
            .read_line(&mut first)
            .expect("serve says where it listens");
        let addr = first
            .split_whitespace()
            .find_map(|w| w.trim_end_matches(',').parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        // Keep draining standard error, so serve never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let (tx, lines) = mpsc::channel();
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        ServeProcess { child, addr, lines }
    }

    /// The next line it prints, within [`PATIENCE`].
    pub fn line(&self) -> String {
        self.lines
            .recv_timeout(PATIENCE)
            .expect("serve prints a line")
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `session-sim send FILE --to ADDR` with `extra` arguments.
pub fn send(file: &Path, to: SocketAddr, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_session-sim"))
        .arg("send")
        .arg(file)
        .args(["--to", &to.to_string()])
        .args(if extra.contains(&"--timeout") {
            &[][..]
        } else {
            &["--timeout", "20"]
        })
        .args(extra)
        .output()
        .expect("session-sim send runs")
}

/// The number before `label` in `line` ("4 resume(s)" -> 4).
pub fn number_before(line: &str, label: &str) -> u64 {
    let at = line
        .find(label)
        .unwrap_or_else(|| panic!("{label:?} in {line:?}"));
    let before = line[..at].trim_end().trim_start_matches('(');
    let word = before.rsplit([' ', '(']).next().unwrap_or_default();
    word.parse()
        .unwrap_or_else(|_| panic!("a number before {label:?} in {line:?}"))
}

/// A server in this process on an ephemeral port, its outcomes on a channel.
pub fn server(
    out: &Path,
    idle: Duration,
    credentials: Option<(&str, &str)>,
) -> (SocketAddr, Receiver<Outcome>) {
    serve_with(ServeConfig {
        listen: "127.0.0.1:0".parse().expect("address"),
        out: out.to_path_buf(),
        idle_timeout: idle,
        credentials: credentials.map(|(u, p)| (u.to_string(), p.to_string())),
        pcap: None,
        max_connections: 256,
        max_size: 1 << 20,
    })
}

/// A server in this process with `config` (listening where it says), its outcomes on a
/// channel.
pub fn serve_with(config: ServeConfig) -> (SocketAddr, Receiver<Outcome>) {
    let server = Server::bind(config).expect("bind");
    let addr = server.local_addr().expect("local address");
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    std::thread::spawn(move || {
        server.run(move |o| {
            let _ = tx.lock().map(|t| t.send(o));
        })
    });
    (addr, rx)
}

/// A TCP proxy in front of `target`: once `cut` octets have gone from the client to the
/// server on its first connection, it closes both sockets, or with `stall` stops passing
/// the client's octets and keeps both open (a half-open connection: neither end sees a
/// close). `counts` has the octets each connection carried from the client.
pub struct Proxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    /// Octets from the client, per connection, in order.
    pub counts: Arc<Mutex<Vec<u64>>>,
    /// The sockets of a stalled connection, kept open until the proxy is dropped.
    held: Arc<Mutex<Vec<TcpStream>>>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        for s in self.held.lock().expect("held").drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

impl Proxy {
    /// Starts the proxy.
    pub fn start(target: SocketAddr, cut: Option<u64>, stall: bool) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let counts = Arc::new(Mutex::new(Vec::new()));
        let held = Arc::new(Mutex::new(Vec::new()));
        let (shared, holder) = (counts.clone(), held.clone());
        std::thread::spawn(move || {
            for (i, client) in listener.incoming().enumerate() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                let index = {
                    let mut c = shared.lock().expect("counts");
                    c.push(0);
                    c.len() - 1
                };
                let limit = if i == 0 { cut } else { None };
                let hold = stall.then(|| holder.clone());
                forward(client, server, limit, shared.clone(), index, hold);
            }
        });
        Proxy { addr, counts, held }
    }

    /// Octets from the client, per connection.
    pub fn counts(&self) -> Vec<u64> {
        self.counts.lock().expect("counts").clone()
    }
}

fn forward(
    client: TcpStream,
    server: TcpStream,
    limit: Option<u64>,
    counts: Arc<Mutex<Vec<u64>>>,
    index: usize,
    hold: Option<Arc<Mutex<Vec<TcpStream>>>>,
) {
    let (c2, s2) = (
        client.try_clone().expect("clone"),
        server.try_clone().expect("clone"),
    );
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut &s2, &mut &c2);
        let _ = c2.shutdown(Shutdown::Write);
    });
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 << 10];
        let mut total = 0u64;
        loop {
            let n = match (&client).read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n as u64,
            };
            let take = limit.map_or(n, |l| n.min(l - total));
            if (&server).write_all(&buf[..take as usize]).is_err() {
                break;
            }
            total += take;
            counts.lock().expect("counts")[index] = total;
            if limit == Some(total) {
                if let Some(hold) = hold {
                    // The stall: nothing more from the client, nothing closed.
                    hold.lock().expect("held").extend([client, server]);
                    return;
                }
                // The cut: both directions, both sockets.
                let _ = client.shutdown(Shutdown::Both);
                let _ = server.shutdown(Shutdown::Both);
                return;
            }
        }
        let _ = server.shutdown(Shutdown::Write);
    });
}

/// A session user driven by hand over a real link, to send what `send` never would.
pub struct Client {
    /// Its machine (initiator).
    pub m: osi_session::protocol::machine::Machine,
    clock: osi_session::net::driver::Clock,
    reader: osi_session::net::link::LinkReader,
    writer: osi_session::net::link::LinkWriter,
    cap: osi_session::net::driver::CaptureConn,
    queue: std::collections::VecDeque<osi_session::protocol::machine::Indication>,
}

impl Client {
    /// Opens the transport connection (CR, CC) and makes the S-CONNECT request.
    pub fn connect(
        addr: SocketAddr,
        config: osi_session::protocol::machine::Config,
        user_data: Option<bytes::Bytes>,
    ) -> Client {
        use osi_session::protocol::machine::{Machine, Request, Role};
        let stream = TcpStream::connect(addr).expect("connect");
        let (reader, writer) =
            osi_session::net::link::connect(stream, PATIENCE, 9).expect("CR, CC");
        let mut c = Client {
            m: Machine::new(Role::Initiator, config),
            clock: Default::default(),
            reader,
            writer,
            cap: osi_session::net::driver::CaptureConn::open(None, true),
            queue: Default::default(),
        };
        c.request(Request::Connect {
            calling_ref: [0x5a; 16],
            user_data,
        });
        c
    }

    /// A transport connection (CR, CC) on which no CN follows: the raw stream, and the link's
    /// halves to keep it open while the raw stream waits for the server to close it.
    pub fn connect_transport_only(
        addr: SocketAddr,
    ) -> (
        TcpStream,
        (
            osi_session::net::link::LinkReader,
            osi_session::net::link::LinkWriter,
        ),
    ) {
        let stream = TcpStream::connect(addr).expect("connect");
        let raw = stream.try_clone().expect("clone");
        (
            raw,
            osi_session::net::link::connect(stream, PATIENCE, 9).expect("CR, CC"),
        )
    }

    /// A request through the presentation layer, as `send` makes them, and its SPDUs sent.
    pub fn request(&mut self, r: osi_session::protocol::machine::Request) {
        let now = self.clock.now();
        osi_session::net::driver::request(&mut self.m, now, r)
            .expect("the machine accepts the request");
        self.pump();
    }

    fn pump(&mut self) {
        let pumped =
            osi_session::net::driver::pump(&mut self.m, &self.clock, &mut self.writer, &self.cap)
                .expect("send");
        self.queue.extend(pumped.indications);
        if pumped.disconnect {
            self.writer.close();
        }
    }

    /// Closes the transport connection, the session left as it is (a break).
    pub fn close(self) {
        self.writer.close();
    }

    /// Octets sent as one TSDU, whatever they are.
    pub fn raw(&mut self, tsdu: &[u8]) {
        self.writer.send_tsdu(tsdu).expect("send");
    }

    /// The next indication, reading TSDUs until one comes (the transport's loss is one).
    pub fn next(&mut self) -> osi_session::protocol::machine::Indication {
        use osi_session::net::link::LinkError;
        loop {
            if let Some(i) = self.queue.pop_front() {
                return i;
            }
            match self.reader.recv_tsdu() {
                Ok(t) => self.m.handle_tsdu(self.clock.now(), t.into()),
                Err(LinkError::Idle) => panic!("nothing from the server within {PATIENCE:?}"),
                Err(_) => self.m.handle_transport(self.clock.now(), false),
            }
            self.pump();
        }
    }
}

/// Reads until the server closes the connection; panics if it has not within [`PATIENCE`].
pub fn wait_closed(mut s: TcpStream) -> Vec<u8> {
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("the server kept the connection open for {PATIENCE:?}")
            }
            Err(_) => return got, // reset: closed too
        }
    }
}

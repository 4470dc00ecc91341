//! A class 0 transport connection over one TCP connection (RFC 1006 5): CR and CC open it,
//! DT TPDUs carry TSDUs, and closing the TCP connection closes it (class 0 has no DR of its
//! own once connected, ISO 8073 6.7). Blocking std sockets with timeouts: a read that waits
//! longer than the timeout is a [`LinkError::TimedOut`], so a silent or half-open peer cannot
//! hold a thread for ever.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::tpdu::{self, Tpdu, TpduError, TPDU_SIZE_CODE, TPKT_HEADER};

/// The longest TSDU reassembled from DT TPDUs: 65,535 octets, the largest maximum the session
/// protocol can announce (TSDU Maximum Size, PI 21, is two octets per direction: X.225 8.3.1,
/// 8.3.2). `serve` announces it in AC, so a conforming sender never exceeds it, and it bounds
/// what one peer can make the server hold.
pub const MAX_TSDU: usize = 65_535;

/// Why the link stopped.
#[derive(Debug)]
pub enum LinkError {
    /// The peer closed the connection in order (end of stream).
    Closed,
    /// Nothing of a new TSDU arrived within the timeout; nothing was lost, reading may go on.
    Idle,
    /// A TPKT or TSDU began and its rest did not come within the timeout.
    TimedOut,
    /// The socket failed (reset, refused, ...).
    Io(io::Error),
    /// The peer sent octets that are not RFC 1006 / ISO 8073 class 0.
    Protocol(TpduError),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::Closed => f.write_str("the peer closed the connection"),
            LinkError::Idle => f.write_str("nothing arrived within the timeout"),
            LinkError::TimedOut => f.write_str("timed out in the middle of a TPKT"),
            LinkError::Io(e) => write!(f, "{e}"),
            LinkError::Protocol(e) => write!(f, "transport protocol error: {e}"),
        }
    }
}

impl From<io::Error> for LinkError {
    fn from(e: io::Error) -> Self {
        match LinkError::from(e.kind()) {
            LinkError::Io(_) => LinkError::Io(e),
            other => other,
        }
    }
}

impl From<io::ErrorKind> for LinkError {
    fn from(kind: io::ErrorKind) -> Self {
        match kind {
            io::ErrorKind::UnexpectedEof => LinkError::Closed,
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => LinkError::TimedOut,
            other => LinkError::Io(other.into()),
        }
    }
}

impl From<TpduError> for LinkError {
    fn from(e: TpduError) -> Self {
        LinkError::Protocol(e)
    }
}

/// The receiving half: reads TPKTs and reassembles TSDUs.
#[derive(Debug)]
pub struct LinkReader {
    inner: BufReader<TcpStream>,
    tpdu_size: usize,
    peer_ref: u16,
    /// How long a TPKT's rest may take once its first octet came.
    patience: Duration,
    /// How long a read waits for a TSDU to begin ([`LinkReader::set_timeout`]).
    wait: Duration,
}

/// The sending half: writes TSDUs as DT TPDUs.
#[derive(Debug)]
pub struct LinkWriter {
    stream: TcpStream,
    tpdu_size: usize,
    buf: Vec<u8>,
}

/// Opens the transport connection on a connected stream: CR, then CC (ISO 8073 14.2, RFC
/// 1006 5).
pub fn connect(
    stream: TcpStream,
    timeout: Duration,
    src_ref: u16,
) -> Result<(LinkReader, LinkWriter), LinkError> {
    set_timeouts(&stream, timeout)?;
    let mut out = Vec::new();
    Tpdu::ConnectRequest {
        src_ref,
        size_code: Some(TPDU_SIZE_CODE),
    }
    .write_tpkt(&mut out);
    (&stream).write_all(&out)?;
    let mut reader = BufReader::with_capacity(64 << 10, stream.try_clone()?);
    match read_tpdu(&mut reader, timeout)? {
        Tpdu::ConnectConfirm {
            src_ref: peer,
            size_code,
            ..
        } => Ok(halves(reader, stream, peer, size_code, timeout)),
        Tpdu::DisconnectRequest { reason, .. } => Err(LinkError::Protocol(TpduError(format!(
            "the transport connection was refused (DR, reason {reason})"
        )))),
        other => Err(unexpected("CC", &other)),
    }
}

/// Accepts the transport connection on an accepted stream: waits for CR, answers CC with the
/// smaller of the proposed TPDU size and 2,048 octets (ISO 8073 14.6).
pub fn accept(
    stream: TcpStream,
    timeout: Duration,
    src_ref: u16,
) -> Result<(LinkReader, LinkWriter), LinkError> {
    set_timeouts(&stream, timeout)?;
    let mut reader = BufReader::with_capacity(64 << 10, stream.try_clone()?);
    let body = read_tpkt(&mut reader, true, timeout, timeout)?;
    let (peer, proposed) = match Tpdu::decode(&body) {
        Ok(Tpdu::ConnectRequest { src_ref, size_code }) => (src_ref, size_code),
        Ok(other) => {
            reject(&stream, 0, INVALID_TYPE, &body);
            return Err(unexpected("CR", &other));
        }
        Err(e) => {
            reject(&stream, 0, NOT_SPECIFIED, &body);
            return Err(LinkError::Protocol(e));
        }
    };
    let size_code = proposed.map(|c| c.min(TPDU_SIZE_CODE));
    let mut out = Vec::new();
    Tpdu::ConnectConfirm {
        dst_ref: peer,
        src_ref,
        size_code,
    }
    .write_tpkt(&mut out);
    (&stream).write_all(&out)?;
    Ok(halves(reader, stream, peer, size_code, timeout))
}

fn set_timeouts(stream: &TcpStream, timeout: Duration) -> io::Result<()> {
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.set_nodelay(true)
}

fn halves(
    reader: BufReader<TcpStream>,
    stream: TcpStream,
    peer_ref: u16,
    size_code: Option<u8>,
    timeout: Duration,
) -> (LinkReader, LinkWriter) {
    // Absent, the TPDU size is 128 octets (ISO 8073 13.3.4 b).
    let tpdu_size = size_code.and_then(tpdu::tpdu_size).unwrap_or(128);
    (
        LinkReader {
            inner: reader,
            tpdu_size,
            peer_ref,
            patience: timeout,
            wait: timeout,
        },
        LinkWriter {
            stream,
            tpdu_size,
            buf: Vec::new(),
        },
    )
}

fn unexpected(wanted: &str, got: &Tpdu) -> LinkError {
    let name = match got {
        Tpdu::ConnectRequest { .. } => "CR",
        Tpdu::ConnectConfirm { .. } => "CC",
        Tpdu::DisconnectRequest { .. } => "DR",
        Tpdu::Data { .. } => "DT",
        Tpdu::Error { .. } => "ER",
    };
    LinkError::Protocol(TpduError(format!(
        "{name} where {wanted} was expected (ISO 8073 14.2, class 0)"
    )))
}

/// ER's reject cause "reason not specified" (ISO 8073 13.12.3).
const NOT_SPECIFIED: u8 = 0x00;
/// ER's reject cause "invalid TPDU type" (ISO 8073 13.12.3).
const INVALID_TYPE: u8 = 0x02;

/// Answers a TPDU that cannot be accepted with ER, whose invalid TPDU parameter (mandatory in
/// class 0) holds the rejected TPDU's first octets (ISO 8073 13.12).
fn reject(stream: &TcpStream, peer_ref: u16, cause: u8, body: &[u8]) {
    let _ = (&*stream).write_all(&tpdu::error_tpkt(peer_ref, cause, body));
}

/// Reads one TPKT and decodes its TPDU.
fn read_tpdu(r: &mut BufReader<TcpStream>, timeout: Duration) -> Result<Tpdu, LinkError> {
    Ok(Tpdu::decode(&read_tpkt(r, true, timeout, timeout)?)?)
}

/// Reads one TPKT: the TPDU's octets. When not one octet of it came within the timeout:
/// [`LinkError::Idle`] if it would have been the `first` of a TSDU, else
/// [`LinkError::TimedOut`]. Once its first octet came, the rest must come within
/// `patience`, however it trickles in (a peer sending an octet now and then holds no thread);
/// then the socket waits `wait` again.
fn read_tpkt(
    r: &mut BufReader<TcpStream>,
    first: bool,
    patience: Duration,
    wait: Duration,
) -> Result<Vec<u8>, LinkError> {
    match r.fill_buf() {
        Ok([]) => return Err(LinkError::Closed),
        Ok(_) => {}
        Err(e) => {
            return Err(match LinkError::from(e) {
                LinkError::TimedOut if first => LinkError::Idle,
                other => other,
            })
        }
    }
    let deadline = Instant::now() + patience;
    let mut changed = false;
    let tpkt = read_rest(r, deadline, &mut changed);
    if changed {
        r.get_ref().set_read_timeout(Some(wait))?;
    }
    tpkt
}

/// A TPKT's header and body, by `deadline`.
fn read_rest(
    r: &mut BufReader<TcpStream>,
    deadline: Instant,
    changed: &mut bool,
) -> Result<Vec<u8>, LinkError> {
    let mut header = [0u8; TPKT_HEADER];
    read_within(r, &mut header, deadline, changed)?;
    let mut body = vec![0u8; tpdu::tpkt_length(header)?];
    read_within(r, &mut body, deadline, changed)?;
    Ok(body)
}

/// Fills `buf` by `deadline`, shortening the socket's read timeout whenever the buffer is
/// empty and the socket must be read (and saying so in `changed`).
fn read_within(
    r: &mut BufReader<TcpStream>,
    buf: &mut [u8],
    deadline: Instant,
    changed: &mut bool,
) -> Result<(), LinkError> {
    let mut at = 0;
    while at < buf.len() {
        if r.buffer().is_empty() {
            let left = deadline
                .checked_duration_since(Instant::now())
                .ok_or(LinkError::TimedOut)?;
            r.get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
            *changed = true;
        }
        match r.read(&mut buf[at..]) {
            Ok(0) => return Err(LinkError::Closed),
            Ok(n) => at += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

impl LinkReader {
    /// Changes how long a read may wait.
    pub fn set_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.wait = timeout.max(Duration::from_millis(1));
        self.inner.get_ref().set_read_timeout(Some(self.wait))
    }

    /// The next TSDU: DT TPDUs up to the one marked EOT (ISO 8073 13.7). A DT longer than the
    /// negotiated TPDU size, any other TPDU, or a TSDU over [`MAX_TSDU`] is a protocol error.
    /// [`LinkError::Idle`] when not one octet arrived within the timeout.
    pub fn recv_tsdu(&mut self) -> Result<Vec<u8>, LinkError> {
        let mut tsdu = Vec::new();
        loop {
            let body = read_tpkt(&mut self.inner, tsdu.is_empty(), self.patience, self.wait)?;
            match Tpdu::decode(&body) {
                Ok(Tpdu::Data { eot, data }) => {
                    if data.len() + 3 > self.tpdu_size {
                        return Err(self.error(
                            &body,
                            format!(
                                "a DT of {} octets is longer than the TPDU size {} (ISO 8073 14.6)",
                                data.len() + 3,
                                self.tpdu_size
                            ),
                        ));
                    }
                    if tsdu.len() + data.len() > MAX_TSDU {
                        return Err(self.error(
                            &body,
                            format!(
                            "a TSDU longer than {MAX_TSDU} octets, the most this side reassembles"
                        ),
                        ));
                    }
                    tsdu.extend_from_slice(&data);
                    if eot {
                        return Ok(tsdu);
                    }
                }
                Ok(other) => {
                    reject(self.inner.get_ref(), self.peer_ref, INVALID_TYPE, &body);
                    return Err(unexpected("DT", &other));
                }
                Err(e) => return Err(self.error(&body, e.0)),
            }
        }
    }

    /// Answers a TPDU in error with ER (ISO 8073 13.12), and returns it as the error.
    fn error(&mut self, body: &[u8], why: String) -> LinkError {
        reject(self.inner.get_ref(), self.peer_ref, NOT_SPECIFIED, body);
        LinkError::Protocol(TpduError(why))
    }
}

impl LinkWriter {
    /// Sends one TSDU as DT TPDUs of the negotiated size, in one write.
    pub fn send_tsdu(&mut self, tsdu: &[u8]) -> Result<(), LinkError> {
        self.buf.clear();
        tpdu::data_units(tsdu, self.tpdu_size, &mut self.buf);
        self.stream.write_all(&self.buf)?;
        Ok(())
    }

    /// Closes the connection both ways: class 0's disconnection is the TCP connection's
    /// (ISO 8073 6.7, RFC 1006 5).
    pub fn close(&self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    /// A handle on the same socket, to close it from another thread.
    pub fn try_clone_stream(&self) -> io::Result<TcpStream> {
        self.stream.try_clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    const T: Duration = Duration::from_secs(30);
    type Halves = (LinkReader, LinkWriter);

    /// A connected pair of links over loopback: (initiator, responder).
    fn pair() -> ((LinkReader, LinkWriter), (LinkReader, LinkWriter)) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || accept(listener.accept().unwrap().0, T, 2));
        let client = connect(TcpStream::connect(addr).unwrap(), T, 1).unwrap();
        (client, server.join().unwrap().unwrap())
    }

    /// The responder's end of a raw TCP connection, and the raw stream's other end.
    fn raw() -> (
        TcpStream,
        std::thread::JoinHandle<Result<Halves, LinkError>>,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || accept(listener.accept().unwrap().0, T, 2));
        (TcpStream::connect(addr).unwrap(), server)
    }

    #[test]
    fn tsdus_cross_in_tpdus_of_the_negotiated_size() {
        let ((mut cr, mut cw), (mut sr, mut sw)) = pair();
        assert_eq!(
            (cr.tpdu_size, sr.tpdu_size, cw.tpdu_size),
            (2048, 2048, 2048)
        );
        let big: Vec<u8> = (0..MAX_TSDU as u32).map(|i| i as u8).collect();
        cw.send_tsdu(&big).unwrap();
        cw.send_tsdu(&[]).unwrap();
        assert_eq!(sr.recv_tsdu().unwrap(), big);
        assert_eq!(sr.recv_tsdu().unwrap(), Vec::<u8>::new());
        sw.send_tsdu(b"back").unwrap();
        assert_eq!(cr.recv_tsdu().unwrap(), b"back");
        // Nothing more: idle, and reading may go on.
        cr.set_timeout(Duration::from_millis(20)).unwrap();
        assert!(matches!(cr.recv_tsdu(), Err(LinkError::Idle)));
        sw.send_tsdu(b"later").unwrap();
        cr.set_timeout(T).unwrap();
        assert_eq!(cr.recv_tsdu().unwrap(), b"later");
        sw.close();
        assert!(matches!(cr.recv_tsdu(), Err(LinkError::Closed)));
    }

    #[test]
    fn a_dt_before_cr_is_answered_with_er() {
        let (mut s, server) = raw();
        s.write_all(&[3, 0, 0, 8, 2, 0xf0, 0x80, 0x55]).unwrap();
        assert!(matches!(
            server.join().unwrap(),
            Err(LinkError::Protocol(_))
        ));
        let mut back = Vec::new();
        s.set_read_timeout(Some(T)).unwrap();
        let _ = s.read_to_end(&mut back);
        // ER, DST-REF 0, invalid TPDU type, the rejected DT's octets (ISO 8073 13.12).
        let er = [3, 0, 0, 15, 10, 0x70, 0, 0, 2, 0xc1, 4, 2, 0xf0, 0x80, 0x55];
        assert_eq!(back, er, "{back:02x?}");
    }

    #[test]
    fn a_dt_longer_than_the_tpdu_size_is_a_protocol_error() {
        let (mut s, server) = raw();
        // CR proposing 128 octets (code 07), then a DT of 200.
        s.write_all(&[3, 0, 0, 14, 9, 0xe0, 0, 0, 0, 1, 0, 0xc0, 1, 0x07])
            .unwrap();
        let (mut r, _w) = server.join().unwrap().unwrap();
        let mut dt = vec![3, 0, 0, 207, 2, 0xf0, 0x80];
        dt.extend([0u8; 200]);
        s.write_all(&dt).unwrap();
        let e = r.recv_tsdu().unwrap_err();
        assert!(e.to_string().contains("TPDU size 128"), "{e}");
    }

    #[test]
    fn a_tpkt_that_trickles_in_is_given_up() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let patience = Duration::from_millis(300);
        let server = std::thread::spawn(move || accept(listener.accept().unwrap().0, patience, 2));
        let mut s = TcpStream::connect(addr).unwrap();
        // A CR of 64 octets, one octet every 50 ms: each read succeeds in time, the whole
        // would take 3 s.
        let trickle = std::thread::spawn(move || {
            let mut cr = vec![3, 0, 0, 64, 59, 0xe0, 0, 0, 0, 1, 0];
            cr.resize(64, 0);
            for b in cr {
                if s.write_all(&[b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        assert!(matches!(server.join().unwrap(), Err(LinkError::TimedOut)));
        trickle.join().unwrap();
    }

    #[test]
    fn a_tsdu_over_the_limit_is_refused() {
        let ((_cr, mut cw), (mut sr, _sw)) = pair();
        let writer = std::thread::spawn(move || cw.send_tsdu(&vec![0; MAX_TSDU + 1]));
        let e = sr.recv_tsdu().unwrap_err();
        assert!(e.to_string().contains("most this side reassembles"), "{e}");
        drop(sr);
        let _ = writer.join();
    }
}

//! A class 0 transport connection over one TCP connection (RFC 1006 5): CR and CC open it,
//! DT TPDUs carry TSDUs, and closing the TCP connection closes it (class 0 has no DR of its
//! own once connected, ISO 8073 6.7). Blocking std sockets with timeouts: a read that waits
//! longer than the timeout is a [`LinkError::TimedOut`], so a silent or half-open peer cannot
//! hold a thread for ever.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use super::tpdu::{self, Tpdu, TpduError, TPDU_SIZE_CODE, TPKT_HEADER};

/// The longest TSDU reassembled from DT TPDUs. The session machine negotiates no TSDU limit,
/// so this bounds what one peer can make the server hold (4 MiB; the sender's TSDUs are
/// 16 KiB of data and a few octets).
pub const MAX_TSDU: usize = 4 << 20;

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
    match read_tpdu(&mut reader, true)? {
        Tpdu::ConnectConfirm {
            src_ref: peer,
            size_code,
            ..
        } => Ok(halves(reader, stream, peer, size_code)),
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
    let (peer, proposed) = match read_tpdu(&mut reader, true) {
        Ok(Tpdu::ConnectRequest { src_ref, size_code }) => (src_ref, size_code),
        Ok(other) => {
            let _ = (&stream).write_all(&tpdu::error_tpkt(0, 0x03, &[]));
            return Err(unexpected("CR", &other));
        }
        Err(LinkError::Protocol(e)) => {
            // Invalid TPDU: ER, cause "invalid TPDU type" (ISO 8073 13.12.3), then close.
            let _ = (&stream).write_all(&tpdu::error_tpkt(0, 0x03, &[]));
            return Err(LinkError::Protocol(e));
        }
        Err(e) => return Err(e),
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
    Ok(halves(reader, stream, peer, size_code))
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
) -> (LinkReader, LinkWriter) {
    // Absent, the TPDU size is 128 octets (ISO 8073 13.3.4 b).
    let tpdu_size = size_code.and_then(tpdu::tpdu_size).unwrap_or(128);
    (
        LinkReader {
            inner: reader,
            tpdu_size,
            peer_ref,
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

/// Reads one TPKT and decodes its TPDU. When not one octet of it came within the timeout:
/// [`LinkError::Idle`] if it would have been the `first` of a TSDU, else
/// [`LinkError::TimedOut`].
fn read_tpdu(r: &mut BufReader<TcpStream>, first: bool) -> Result<Tpdu, LinkError> {
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
    let mut header = [0u8; TPKT_HEADER];
    r.read_exact(&mut header)?;
    let len = tpdu::tpkt_length(header)?;
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok(Tpdu::decode(&body)?)
}

impl LinkReader {
    /// Changes how long a read may wait.
    pub fn set_timeout(&self, timeout: Duration) -> io::Result<()> {
        self.inner
            .get_ref()
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
    }

    /// The next TSDU: DT TPDUs up to the one marked EOT (ISO 8073 13.7). A DT longer than the
    /// negotiated TPDU size, any other TPDU, or a TSDU over [`MAX_TSDU`] is a protocol error.
    /// [`LinkError::Idle`] when not one octet arrived within the timeout.
    pub fn recv_tsdu(&mut self) -> Result<Vec<u8>, LinkError> {
        let mut tsdu = Vec::new();
        loop {
            let tpdu = read_tpdu(&mut self.inner, tsdu.is_empty())?;
            match tpdu {
                Tpdu::Data { eot, data } => {
                    if data.len() + 3 > self.tpdu_size {
                        return Err(self.error(format!(
                            "a DT of {} octets is longer than the TPDU size {} (ISO 8073 14.6)",
                            data.len() + 3,
                            self.tpdu_size
                        )));
                    }
                    if tsdu.len() + data.len() > MAX_TSDU {
                        return Err(self.error(format!(
                            "a TSDU longer than {MAX_TSDU} octets, the most this side reassembles"
                        )));
                    }
                    tsdu.extend_from_slice(&data);
                    if eot {
                        return Ok(tsdu);
                    }
                }
                other => return Err(unexpected("DT", &other)),
            }
        }
    }

    /// Answers a protocol error with ER (ISO 8073 13.12), and returns it as the error.
    fn error(&mut self, why: String) -> LinkError {
        let _ = self
            .inner
            .get_ref()
            .write_all(&tpdu::error_tpkt(self.peer_ref, 0x00, &[]));
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

//! Reading a PPDU from the session user data of an SPDU. Which PPDU an SPDU carries is fixed
//! by the SPDU (X.226 clause 7, the mapping onto the session service): CP-type in CN,
//! CPA-PPDU in AC, CPR-PPDU in RF, ARU-PPDU or ARP-PPDU in AB, User-data in the rest.

use bytes::Bytes;

use super::ber::{tag, Reader, Tlv};
use super::error::{PresError, Why};
use super::ppdu::{ContextDef, ContextResult, Oid, Pdv, Ppdu};

/// The SPDU whose user data holds the PPDU, as far as it decides the PPDU's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    /// CN: CP-type.
    Connect,
    /// AC: CPA-PPDU.
    Accept,
    /// RF: CPR-PPDU.
    Refuse,
    /// AB: Abort-type (ARU-PPDU or ARP-PPDU).
    Abort,
    /// DT, TD, EX, FN, DN, NF: User-data.
    Data,
}

impl Carrier {
    /// The carrier of the SPDU named `spdu` ("CN", "DT", ...), if it carries session user data.
    pub fn of(spdu: &str) -> Option<Carrier> {
        Some(match spdu {
            "CN" => Carrier::Connect,
            "AC" => Carrier::Accept,
            "RF" => Carrier::Refuse,
            "AB" => Carrier::Abort,
            "DT" | "TD" | "EX" | "FN" | "DN" | "NF" => Carrier::Data,
            _ => return None,
        })
    }
}

/// The PPDU in `octets`, the whole session user data of an SPDU of kind `carrier`.
pub fn decode(carrier: Carrier, octets: &[u8]) -> Result<Ppdu, PresError> {
    read(carrier, Reader::new(octets, false))
}

/// As [`decode`], for the first octets of a PPDU only (what a trace keeps of a DT): a value
/// cut short is read as far as it goes, and its [`Pdv::len`] says how long it was.
pub fn decode_start(carrier: Carrier, octets: &[u8]) -> Result<Ppdu, PresError> {
    read(carrier, Reader::new(octets, true))
}

fn read(carrier: Carrier, mut r: Reader<'_>) -> Result<Ppdu, PresError> {
    let ppdu = match carrier {
        Carrier::Connect => connect(r.expect(tag::SET, "CP-type")?)?,
        Carrier::Accept => accept(r.expect(tag::SET, "CPA-PPDU")?)?,
        Carrier::Refuse => {
            let t = r.expect(tag::SEQUENCE, "CPR-PPDU (normal mode)")?;
            let (results, user_data) = results_and_data(t.contents, "CPR-PPDU")?;
            Ppdu::Refuse { results, user_data }
        }
        Carrier::Abort => abort(r.tlv()?)?,
        Carrier::Data if r.peek() == Some(tag::application(0)) => Ppdu::Data(user_data(r.tlv()?)?),
        Carrier::Data => Ppdu::Data(user_data(r.expect(tag::application(1), USER_DATA)?)?),
    };
    r.finish("the PPDU")?;
    Ok(ppdu)
}

fn missing(r: &Reader<'_>, what: &'static str) -> PresError {
    PresError {
        offset: r.offset(),
        why: Why::Missing { what },
    }
}

fn unsupported(t: &Tlv<'_>, what: &'static str) -> PresError {
    PresError {
        offset: t.offset,
        why: Why::NotSupported { what },
    }
}

fn unexpected(t: &Tlv<'_>, what: &'static str) -> PresError {
    PresError {
        offset: t.offset,
        why: Why::BadValue {
            what,
            why: "a component its ASN.1 does not have",
        },
    }
}

/// The SET of CP-type or CPA-PPDU: the mode selector (normal mode) and the normal-mode
/// parameters, in either order (BER lets a SET's components come in any order).
fn mode_and_parameters<'a>(set: Tlv<'a>, what: &'static str) -> Result<Tlv<'a>, PresError> {
    let mut r = set.contents;
    let (mut mode, mut normal) = (false, None);
    while !r.is_empty() {
        let t = r.tlv()?;
        match t.tag {
            0xa0 => {
                let mut m = t.contents;
                let value = m.expect(tag::context_primitive(0), "mode-value")?;
                m.finish("mode-value")?;
                if value.integer("mode-value")? != 1 {
                    return Err(unsupported(&value, "X.410-1984 mode"));
                }
                mode = true;
            }
            0xa1 => return Err(unsupported(&t, "X.410-1984 mode")),
            0xa2 => normal = Some(t),
            _ => return Err(unexpected(&t, what)),
        }
    }
    if !mode {
        return Err(missing(&r, "mode-selector"));
    }
    normal.ok_or_else(|| missing(&r, "normal-mode-parameters"))
}

fn connect(set: Tlv<'_>) -> Result<Ppdu, PresError> {
    let mut r = mode_and_parameters(set, "CP-type")?.contents;
    let (mut contexts, mut user_data_) = (Vec::new(), None);
    while !r.is_empty() {
        let t = r.tlv()?;
        match t.tag {
            // protocol-version, calling and called presentation selectors,
            // default-context-name, presentation and user session requirements, protocol
            // options, initiator's nominated context, extensions: read past.
            0x80 | 0x81 | 0x82 | 0xa6 | 0x88 | 0x89 | 0x8b | 0x8c | 0xae => {}
            0xa4 => contexts = context_list(t.contents)?,
            0x60 | 0x61 => user_data_ = Some(user_data(t)?),
            _ => return Err(unexpected(&t, "CP-type")),
        }
    }
    Ok(Ppdu::Connect {
        contexts,
        user_data: user_data_,
    })
}

fn accept(set: Tlv<'_>) -> Result<Ppdu, PresError> {
    let normal = mode_and_parameters(set, "CPA-PPDU")?;
    let (results, user_data) = results_and_data(normal.contents, "CPA-PPDU")?;
    Ok(Ppdu::Accept { results, user_data })
}

/// The normal-mode parameters of CPA-PPDU or CPR-PPDU.
#[allow(clippy::type_complexity)]
fn results_and_data(
    mut r: Reader<'_>,
    what: &'static str,
) -> Result<(Vec<ContextResult>, Option<Pdv>), PresError> {
    let (mut results, mut data) = (Vec::new(), None);
    while !r.is_empty() {
        let t = r.tlv()?;
        match t.tag {
            // protocol-version, responding selector, default context result, provider
            // reason, requirements, protocol options, responder's nominated context.
            0x80 | 0x83 | 0x87 | 0x8a | 0x88 | 0x89 | 0x8b | 0x8d => {}
            0xa5 => results = result_list(t.contents)?,
            0x60 | 0x61 => data = Some(user_data(t)?),
            _ => return Err(unexpected(&t, what)),
        }
    }
    Ok((results, data))
}

fn context_list(mut r: Reader<'_>) -> Result<Vec<ContextDef>, PresError> {
    let mut list = Vec::new();
    while !r.is_empty() {
        let mut item = r.expect(tag::SEQUENCE, "a context list item")?.contents;
        let id = item
            .expect(tag::INTEGER, "presentation-context-identifier")?
            .integer("presentation-context-identifier")?;
        let abstract_syntax = Oid(item
            .expect(tag::OID, "abstract-syntax-name")?
            .oid("abstract-syntax-name")?);
        let mut names = item
            .expect(tag::SEQUENCE, "transfer-syntax-name-list")?
            .contents;
        item.finish("a context list item")?;
        let mut transfer_syntaxes = Vec::new();
        while !names.is_empty() {
            let t = names.expect(tag::OID, "transfer-syntax-name")?;
            transfer_syntaxes.push(Oid(t.oid("transfer-syntax-name")?));
        }
        list.push(ContextDef {
            id,
            abstract_syntax,
            transfer_syntaxes,
        });
    }
    Ok(list)
}

fn result_list(mut r: Reader<'_>) -> Result<Vec<ContextResult>, PresError> {
    let mut list = Vec::new();
    while !r.is_empty() {
        let mut item = r.expect(tag::SEQUENCE, "a result list item")?.contents;
        let result = item
            .expect(tag::context_primitive(0), "result")?
            .integer("result")?;
        let mut transfer_syntax = None;
        while !item.is_empty() {
            let t = item.tlv()?;
            match t.tag {
                0x81 => transfer_syntax = Some(Oid(t.oid("transfer-syntax-name")?)),
                0x82 => {}
                _ => return Err(unexpected(&t, "a result list item")),
            }
        }
        list.push(ContextResult {
            result,
            transfer_syntax,
        });
    }
    Ok(list)
}

fn abort(t: Tlv<'_>) -> Result<Ppdu, PresError> {
    match t.tag {
        // ARU-PPDU, normal mode: [0] IMPLICIT SEQUENCE.
        0xa0 => {
            let mut r = t.contents;
            let mut data = None;
            while !r.is_empty() {
                let c = r.tlv()?;
                match c.tag {
                    0xa0 => {}
                    0x60 | 0x61 => data = Some(user_data(c)?),
                    _ => return Err(unexpected(&c, "ARU-PPDU")),
                }
            }
            Ok(Ppdu::UserAbort { user_data: data })
        }
        // ARP-PPDU: SEQUENCE { [0] IMPLICIT Abort-reason OPTIONAL, [1] IMPLICIT
        // Event-identifier OPTIONAL }.
        tag::SEQUENCE => {
            let mut r = t.contents;
            let mut reason = None;
            while !r.is_empty() {
                let c = r.tlv()?;
                match c.tag {
                    0x80 => reason = Some(c.integer("abort-reason")?),
                    0x81 => {}
                    _ => return Err(unexpected(&c, "ARP-PPDU")),
                }
            }
            Ok(Ppdu::ProviderAbort { reason })
        }
        tag::SET => Err(unsupported(&t, "X.410-1984 mode")),
        _ => Err(unexpected(&t, "Abort-type")),
    }
}

const USER_DATA: &str = "User-data (fully-encoded-data)";

/// User-data: fully encoded data with one PDV list holding one value.
fn user_data(t: Tlv<'_>) -> Result<Pdv, PresError> {
    if t.tag == tag::application(0) {
        return Err(unsupported(&t, "simply-encoded-data"));
    }
    if t.tag != tag::application(1) {
        return Err(PresError {
            offset: t.offset,
            why: Why::Unexpected {
                what: USER_DATA,
                expected: tag::application(1),
                found: t.tag,
            },
        });
    }
    let mut lists = t.contents;
    let mut list = lists.expect(tag::SEQUENCE, "PDV-list")?.contents;
    if !lists.is_empty() {
        let extra = lists.tlv()?;
        return Err(unsupported(&extra, "more than one PDV-list"));
    }
    if list.peek() == Some(tag::OID) {
        list.tlv()?; // transfer-syntax-name: only one is proposed, so it says nothing new.
    }
    let context = list
        .expect(tag::INTEGER, "presentation-context-identifier")?
        .integer("presentation-context-identifier")?;
    let values = list.tlv()?;
    let octet_aligned = match values.tag {
        0xa0 => false,
        0x81 => true,
        0x82 => return Err(unsupported(&values, "arbitrary (a BIT STRING value)")),
        _ => return Err(unexpected(&values, "presentation-data-values")),
    };
    list.finish("PDV-list")?;
    // In either alternative the value is the BER encoding of an OCTET STRING.
    let mut v = values.contents;
    let value = v.expect(tag::OCTET_STRING, "the value (an OCTET STRING)")?;
    v.finish("the value")?;
    Ok(Pdv {
        context,
        data: Bytes::copy_from_slice(value.octets()),
        len: value.len,
        octet_aligned,
    })
}

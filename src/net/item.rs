//! What a sender tells the receiver, in the session's own SPDUs.
//!
//! **The file's name and size go in CN's user data** (X.225 8.3.1, PGI 193), as
//! `"FILE1" | name length (1) | name (UTF-8) | size (8, big-endian)`, followed by the
//! [`auth`](crate::protocol::auth) item when the receiver asks for credentials. X.225 leaves
//! CN's user data to the session user, and it is the one place the receiver sees before it
//! answers: a name it will not write is refused with RF and the reason in RF's user data
//! (X.225 7.1.2, 8.3.3), before a single octet of the file is sent. On a reconnection the same
//! item comes again, and an AR must name a transfer of the same file.
//!
//! **The file's SHA-256 goes in a typed data SPDU (TD) just before AE** (X.225 7.12, 8.3.11),
//! as `01 | "SHA256" | 32 octets`: typed data is the session service's way to send a user's
//! control information outside the data token's rules, and the receiver checks the digest
//! before it confirms the activity's end (AEA). The leading `01` is the item's version.
//!
//! Both items are the application's octets: the presentation layer (`net::driver::request`)
//! carries them in the CP-type and the User-data PPDU of CN and TD.

use bytes::{BufMut, Bytes, BytesMut};

const FILE_MAGIC: &[u8] = b"FILE1";
const DIGEST_MAGIC: &[u8] = b"\x01SHA256";
/// The longest file name accepted, in octets.
pub const NAME_MAX: usize = 128;
/// The most user data a CN carries with version 1 (X.225 8.3.1: 512 octets).
pub const CN_USER_DATA_MAX: usize = 512;

/// The file a CN announces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileItem {
    /// A plain file name ([`check_name`]).
    pub name: String,
    /// Its size in octets.
    pub size: u64,
}

/// Why a name is not a plain file name, if it is not: 1 to [`NAME_MAX`] octets of ASCII
/// letters, digits, `.`, `_`, `-` and `+`, not starting with `.` (so never `.`, `..`, a hidden
/// file or a temporary file of the receiver's). A path (`/`, `\`), an absolute name, a
/// control character or anything else is refused.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > NAME_MAX {
        return Err(format!(
            "the file name must have 1 to {NAME_MAX} octets, not {}",
            name.len()
        ));
    }
    if name.contains(['/', '\\']) {
        return Err(format!("the file name {name:?} is a path, not a name"));
    }
    if name.starts_with('.') {
        return Err(format!("the file name {name:?} starts with a dot"));
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    if let Some(c) = name.chars().find(|&c| !plain(c)) {
        return Err(format!(
            "the file name {name:?} has {c:?}; only ASCII letters, digits, '.', '_', '-' and '+' are allowed"
        ));
    }
    Ok(())
}

/// CN's user data: the file item, then `auth` if given. `Err` if it would not fit in 512
/// octets (X.225 8.3.1) or the name is longer than a length octet says.
pub fn encode(item: &FileItem, auth: Option<&[u8]>) -> Result<Bytes, String> {
    let name = item.name.as_bytes();
    let len = u8::try_from(name.len()).map_err(|_| "the file name is too long".to_string())?;
    let mut out = BytesMut::new();
    out.put_slice(FILE_MAGIC);
    out.put_u8(len);
    out.put_slice(name);
    out.put_u64(item.size);
    if let Some(auth) = auth {
        out.put_slice(auth);
    }
    if out.len() > CN_USER_DATA_MAX {
        return Err(format!(
            "CN's user data would be {} octets, more than {CN_USER_DATA_MAX} (X.225 8.3.1)",
            out.len()
        ));
    }
    Ok(out.freeze())
}

/// Reads CN's user data: the file item and what follows it (the credentials, if any). The
/// name is returned as sent; the caller checks it with [`check_name`].
pub fn decode(user_data: Option<&[u8]>) -> Result<(FileItem, &[u8]), String> {
    let data = user_data.ok_or("CN carries no user data: no file is named")?;
    let rest = data
        .strip_prefix(FILE_MAGIC)
        .ok_or("CN's user data does not start with a FILE1 item")?;
    let (&len, rest) = rest.split_first().ok_or("the FILE1 item ends early")?;
    let len = usize::from(len);
    if rest.len() < len + 8 {
        return Err("the FILE1 item ends early".into());
    }
    let (name, rest) = rest.split_at(len);
    let (size, rest) = rest.split_at(8);
    let name = std::str::from_utf8(name)
        .map_err(|_| "the file name is not UTF-8".to_string())?
        .to_string();
    let size = u64::from_be_bytes(size.try_into().unwrap_or([0xff; 8]));
    Ok((FileItem { name, size }, rest))
}

/// The TD user data carrying the file's SHA-256.
pub fn digest_item(digest: &[u8; 32]) -> Bytes {
    let mut out = BytesMut::with_capacity(DIGEST_MAGIC.len() + 32);
    out.put_slice(DIGEST_MAGIC);
    out.put_slice(digest);
    out.freeze()
}

/// The SHA-256 a TD carries, if it is a digest item.
pub fn read_digest(td: &[u8]) -> Option<[u8; 32]> {
    td.strip_prefix(DIGEST_MAGIC)?.try_into().ok()
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_paths_do_not() {
        for ok in ["report.pdf", "a", "x-1_2+3.tar.gz", &"n".repeat(NAME_MAX)] {
            assert_eq!(check_name(ok), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("", "1 to"),
            ("../etc/passwd", "path"),
            ("..", "dot"),
            (".", "dot"),
            (".hidden", "dot"),
            ("/etc/passwd", "path"),
            ("a\\b", "path"),
            ("C:x", "':'"),
            ("a b", "' '"),
            ("nul\0", "'\\0'"),
            ("é", "'é'"),
            (&"n".repeat(NAME_MAX + 1), "1 to"),
        ] {
            let why = check_name(bad).unwrap_err();
            assert!(why.contains(says), "{bad:?}: {why}");
        }
    }

    #[test]
    fn the_item_round_trips_with_and_without_credentials() {
        let item = FileItem {
            name: "f.bin".into(),
            size: 0x0102_0304_0506,
        };
        let wire = encode(&item, None).unwrap();
        assert_eq!(&wire[..], b"FILE1\x05f.bin\0\0\x01\x02\x03\x04\x05\x06");
        assert_eq!(decode(Some(&wire)).unwrap(), (item.clone(), &b""[..]));
        let wire = encode(&item, Some(b"AUTH1...")).unwrap();
        assert_eq!(decode(Some(&wire)).unwrap().1, b"AUTH1...");
        let long = FileItem {
            name: "n".repeat(200),
            size: 1,
        };
        assert!(encode(&long, Some(&[0; 400]))
            .unwrap_err()
            .contains("8.3.1"));
    }

    #[test]
    fn broken_items_are_refused_without_panicking() {
        for bad in [
            None,
            Some(&b""[..]),
            Some(b"FILE2"),
            Some(b"FILE1"),
            Some(b"FILE1\x05f.bin\0\0"),
            Some(b"FILE1\x01\xff\0\0\0\0\0\0\0\0"),
        ] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
        assert_eq!(read_digest(&digest_item(&[7; 32])), Some([7; 32]));
        assert_eq!(read_digest(b"\x01SHA256short"), None);
        assert_eq!(read_digest(&[b"SHA256", &[7; 32][..]].concat()), None);
    }
}

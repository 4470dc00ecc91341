//! Authentication of the calling user at establishment: CN's user data carries a keyed
//! digest, never the password; the responder's user checks it and refuses a wrong one with
//! RF (X.225 7.1.2, reason "rejected by the called SS-user").
//!
//! X.225 leaves CN's user data to the layer above, so the item's format is this playground's
//! own convention:
//!
//! `"AUTH1" | user length (1) | user (UTF-8) | nonce (16) | tag (32)`, where
//! `tag = HMAC-SHA256(key, "osi-session auth v1" | user | nonce)` and
//! `key = SHA-256("osi-session password" | password)`. The nonce comes from the caller's random
//! source; the verifier remembers the nonces it accepted, so a captured CN replayed later is
//! refused.

use bytes::{BufMut, Bytes, BytesMut};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::fmt;

use super::sorted::{SortedMap, SortedSet};

const MAGIC: &[u8] = b"AUTH1";
const NONCE_LEN: usize = 16;
const TAG_LEN: usize = 32;
/// How many accepted nonces a verifier remembers.
const REPLAY_WINDOW: usize = 4096;

/// The key derived from a password; what a verifier stores instead of the password.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PasswordKey([u8; 32]);

impl PasswordKey {
    /// Derives the key of a password.
    pub fn derive(password: &str) -> Self {
        let mut h = Sha256::new();
        h.update(b"osi-session password");
        h.update(password.as_bytes());
        PasswordKey(h.finalize().into())
    }
}

impl fmt::Debug for PasswordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordKey(..)")
    }
}

fn tag(key: &PasswordKey, user: &[u8], nonce: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key.0).expect("HMAC takes any key length");
    mac.update(b"osi-session auth v1");
    mac.update(&[user.len() as u8]);
    mac.update(user);
    mac.update(nonce);
    mac
}

/// Builds the authentication item for CN's user data. `user` is cut to 255 octets.
pub fn prove(user: &str, password: &str, nonce: [u8; NONCE_LEN]) -> Bytes {
    let user = &user.as_bytes()[..user.len().min(255)];
    let key = PasswordKey::derive(password);
    let digest = tag(&key, user, &nonce).finalize().into_bytes();
    let mut out = BytesMut::with_capacity(MAGIC.len() + 1 + user.len() + NONCE_LEN + TAG_LEN);
    out.put_slice(MAGIC);
    out.put_u8(user.len() as u8);
    out.put_slice(user);
    out.put_slice(&nonce);
    out.put_slice(&digest);
    out.freeze()
}

/// Why a CN's credentials were not accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum AuthError {
    /// CN carried no authentication item.
    Missing,
    /// The item is not in the format above; says what is wrong.
    Malformed(&'static str),
    /// No such user.
    UnknownUser(String),
    /// The digest does not match the user's password.
    WrongPassword(String),
    /// The nonce was already used: a replayed CN.
    Replayed(String),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Missing => f.write_str("CN carries no credentials"),
            AuthError::Malformed(why) => write!(f, "the credentials are malformed: {why}"),
            AuthError::UnknownUser(u) => write!(f, "unknown user {u:?}"),
            AuthError::WrongPassword(u) => write!(f, "wrong password for {u:?}"),
            AuthError::Replayed(u) => write!(f, "replayed credentials for {u:?}"),
        }
    }
}

impl std::error::Error for AuthError {}

/// The responder's list of users, by password key, and the nonces it has accepted.
#[derive(Clone, Debug, Default)]
pub struct Verifier {
    users: SortedMap<String, PasswordKey>,
    seen: SortedSet<[u8; NONCE_LEN]>,
    order: VecDeque<[u8; NONCE_LEN]>,
}

impl Verifier {
    /// A verifier with no users.
    pub fn new() -> Self {
        Verifier::default()
    }

    /// Adds (or replaces) a user; only the derived key is kept.
    pub fn add_user(&mut self, user: &str, password: &str) {
        self.users
            .insert(user.to_string(), PasswordKey::derive(password));
    }

    /// Checks CN's user data; on success returns the user's name and remembers the nonce.
    pub fn check(&mut self, user_data: Option<&[u8]>) -> Result<String, AuthError> {
        let item = user_data.ok_or(AuthError::Missing)?;
        let rest = item
            .strip_prefix(MAGIC)
            .ok_or(AuthError::Malformed("it does not start with AUTH1"))?;
        let (&len, rest) = rest.split_first().ok_or(AuthError::Malformed(
            "it ends before the user name's length",
        ))?;
        let len = usize::from(len);
        if rest.len() != len + NONCE_LEN + TAG_LEN {
            return Err(AuthError::Malformed(
                "its length does not match the user name's length",
            ));
        }
        let (user, rest) = rest.split_at(len);
        let (nonce, digest) = rest.split_at(NONCE_LEN);
        let name = std::str::from_utf8(user)
            .map_err(|_| AuthError::Malformed("the user name is not UTF-8"))?
            .to_string();
        let key = self
            .users
            .get(&name)
            .ok_or_else(|| AuthError::UnknownUser(name.clone()))?;
        tag(key, user, nonce)
            .verify_slice(digest)
            .map_err(|_| AuthError::WrongPassword(name.clone()))?;
        let nonce: [u8; NONCE_LEN] = nonce.try_into().unwrap_or_default();
        if !self.seen.insert(nonce) {
            return Err(AuthError::Replayed(name));
        }
        self.order.push_back(nonce);
        if self.order.len() > REPLAY_WINDOW {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> Verifier {
        let mut v = Verifier::new();
        v.add_user("alice", "correct horse");
        v
    }

    #[test]
    fn the_right_password_is_accepted_once() {
        let mut v = verifier();
        let item = prove("alice", "correct horse", [7; 16]);
        assert_eq!(v.check(Some(&item)), Ok("alice".to_string()));
        assert_eq!(
            v.check(Some(&item)),
            Err(AuthError::Replayed("alice".into())),
            "the same CN again is a replay"
        );
        let fresh = prove("alice", "correct horse", [8; 16]);
        assert_eq!(v.check(Some(&fresh)), Ok("alice".to_string()));
    }

    #[test]
    fn wrong_password_and_unknown_user_are_refused() {
        let mut v = verifier();
        assert_eq!(
            v.check(Some(&prove("alice", "hunter2", [1; 16]))),
            Err(AuthError::WrongPassword("alice".into()))
        );
        assert_eq!(
            v.check(Some(&prove("mallory", "x", [1; 16]))),
            Err(AuthError::UnknownUser("mallory".into()))
        );
    }

    #[test]
    fn a_key_printed_for_debugging_shows_none_of_its_octets() {
        let key = PasswordKey::derive("correct horse");
        let printed = format!("{key:?} {:?}", verifier());
        assert!(printed.contains("PasswordKey(..)"), "{printed}");
        assert!(!printed.contains(&format!("{:?}", key.0)), "{printed}");
    }

    #[test]
    fn the_password_never_appears_in_the_item() {
        let item = prove("alice", "correct horse", [0; 16]);
        let hay = item.as_ref();
        assert!(!hay.windows(13).any(|w| w == b"correct horse"));
        assert_eq!(item.len(), 5 + 1 + 5 + 16 + 32);
    }

    #[test]
    fn malformed_items_say_what_is_wrong_and_never_panic() {
        let mut v = verifier();
        assert_eq!(v.check(None), Err(AuthError::Missing));
        assert!(matches!(
            v.check(Some(b"HELLO")),
            Err(AuthError::Malformed(_))
        ));
        assert!(matches!(
            v.check(Some(b"AUTH1")),
            Err(AuthError::Malformed(_))
        ));
        assert!(matches!(
            v.check(Some(b"AUTH1\x05alice")),
            Err(AuthError::Malformed(_))
        ));
        let mut item = prove("alice", "correct horse", [3; 16]).to_vec();
        let last = item.len() - 1;
        item[last] ^= 1;
        assert_eq!(
            v.check(Some(&item)),
            Err(AuthError::WrongPassword("alice".into()))
        );
        for cut in 0..item.len() {
            let _ = v.check(Some(&item[..cut]));
        }
    }

    #[test]
    fn the_replay_window_is_bounded() {
        let mut v = verifier();
        for i in 0..(REPLAY_WINDOW as u32 + 10) {
            let mut nonce = [0u8; 16];
            nonce[..4].copy_from_slice(&i.to_be_bytes());
            v.check(Some(&prove("alice", "correct horse", nonce)))
                .unwrap();
        }
        assert_eq!(v.seen.len(), REPLAY_WINDOW);
        assert_eq!(v.order.len(), REPLAY_WINDOW);
    }

    /// Once the window is full, the oldest nonce is forgotten, never the newest: a replay of
    /// the last login is refused; the first, past the window, is taken again (its bound).
    #[test]
    fn a_full_window_forgets_its_oldest_nonce() {
        let item = |i: u32| {
            let mut nonce = [0u8; 16];
            nonce[..4].copy_from_slice(&i.to_be_bytes());
            prove("alice", "correct horse", nonce)
        };
        let mut v = verifier();
        let last = REPLAY_WINDOW as u32;
        for i in 0..=last {
            v.check(Some(&item(i))).unwrap();
        }
        let replayed = Err(AuthError::Replayed("alice".into()));
        assert_eq!(v.check(Some(&item(last))), replayed, "the newest");
        assert_eq!(v.check(Some(&item(1))), replayed, "the oldest still kept");
        assert_eq!(
            v.check(Some(&item(0))),
            Ok("alice".into()),
            "past the window"
        );
    }
}

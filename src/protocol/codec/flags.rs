//! Bit-set parameter values: Token Item, Session User Requirements, Transport Disconnect,
//! Version Number, Protocol Options and Enclosure Item (X.225 8.3).
//!
//! Each is a newtype over its octet(s) with one constant per defined bit. Bits the standard
//! does not define cannot be set: [`TokenSet::from_bits`] and friends return `None` for them,
//! and the decoder rejects them, so a decoded value always encodes back to the same octets.

use serde::Serialize;

/// Declares a bit-set newtype: constants, `from_bits`, `bits`, set operations.
macro_rules! bit_set {
    (
        $(#[$meta:meta])*
        $name:ident($int:ty) { $( $(#[$cmeta:meta])* $konst:ident = $value:expr, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize)]
        pub struct $name($int);

        impl $name {
            $( $(#[$cmeta])* pub const $konst: Self = Self($value); )+
            /// The empty set.
            pub const EMPTY: Self = Self(0);
            /// Every bit the standard defines.
            pub const ALL: Self = Self(0 $( | $value )+);

            /// The set with these bits, or `None` if a bit the standard does not define is set.
            pub const fn from_bits(bits: $int) -> Option<Self> {
                if bits & !Self::ALL.0 == 0 { Some(Self(bits)) } else { None }
            }
            /// The set with these bits, dropping the bits the standard does not define.
            pub const fn from_bits_truncate(bits: $int) -> Self {
                Self(bits & Self::ALL.0)
            }
            /// The bits as they go on the wire.
            pub const fn bits(self) -> $int {
                self.0
            }
            /// True if no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
            /// True if every bit of `other` is set in `self`.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
            /// True if `self` and `other` share a bit.
            pub const fn intersects(self, other: Self) -> bool {
                self.0 & other.0 != 0
            }
            /// The bits set in either.
            pub const fn union(self, other: Self) -> Self {
                Self(self.0 | other.0)
            }
            /// The bits set in both.
            pub const fn intersection(self, other: Self) -> Self {
                Self(self.0 & other.0)
            }
            /// The bits of `self` not set in `other`.
            pub const fn difference(self, other: Self) -> Self {
                Self(self.0 & !other.0)
            }
        }

        impl core::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                self.union(rhs)
            }
        }
        impl core::ops::BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: Self) {
                *self = self.union(rhs);
            }
        }
        impl core::ops::BitAnd for $name {
            type Output = Self;
            fn bitand(self, rhs: Self) -> Self {
                self.intersection(rhs)
            }
        }
        impl core::ops::Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                self.difference(rhs)
            }
        }
    };
}

bit_set! {
    /// Token Item, PI 16 (X.225 8.3.2 AC, 8.3.14 GT, 8.3.15 PT): the tokens a GT gives, a PT asks
    /// for, or an AC hands over.
    TokenSet(u8) {
        /// Data token.
        DATA = 0x01,
        /// Synchronize-minor token.
        MINOR_SYNC = 0x04,
        /// Major/activity token.
        MAJOR_ACTIVITY = 0x10,
        /// Release token.
        RELEASE = 0x40,
    }
}

bit_set! {
    /// Session User Requirements, PI 20 (X.225 8.3.1 CN, 8.3.2 AC): the functional units proposed in CN
    /// and selected in AC. Absent means [`FunctionalUnits::DEFAULT`].
    FunctionalUnits(u16) {
        /// Half-duplex.
        HALF_DUPLEX = 0x0001,
        /// Duplex.
        DUPLEX = 0x0002,
        /// Expedited data.
        EXPEDITED = 0x0004,
        /// Minor synchronize.
        MINOR_SYNC = 0x0008,
        /// Major synchronize.
        MAJOR_SYNC = 0x0010,
        /// Resynchronize.
        RESYNCHRONIZE = 0x0020,
        /// Activity management.
        ACTIVITY_MANAGEMENT = 0x0040,
        /// Negotiated release.
        NEGOTIATED_RELEASE = 0x0080,
        /// Capability data exchange.
        CAPABILITY_DATA = 0x0100,
        /// Exceptions.
        EXCEPTIONS = 0x0200,
        /// Typed data.
        TYPED_DATA = 0x0400,
    }
}

impl FunctionalUnits {
    /// The value an absent Session User Requirements parameter stands for (X.225 8.3.1):
    /// half-duplex, minor sync, activity management, capability data and exceptions
    /// (`0x0349`).
    pub const DEFAULT: Self = Self(0x0349);
}

bit_set! {
    /// Transport Disconnect, PI 17 (X.225 8.3.3 RF, 8.3.4 FN, 8.3.7 AB): whether the transport connection
    /// is kept, and for AB why it is aborted.
    TransportDisconnect(u8) {
        /// Transport connection released (clear: kept for reuse).
        RELEASED = 0x01,
        /// User abort.
        USER_ABORT = 0x02,
        /// Protocol error.
        PROTOCOL_ERROR = 0x04,
        /// No reason.
        NO_REASON = 0x08,
        /// Implementation restriction stated in the PICS.
        RESTRICTION = 0x10,
    }
}

bit_set! {
    /// Version Number, PI 22 (X.225 8.3.1 CN, 8.3.2 AC, 8.3.3 RF): CN proposes one or both, AC and RF carry one.
    Version(u8) {
        /// Protocol version 1.
        V1 = 0x01,
        /// Protocol version 2.
        V2 = 0x02,
    }
}

bit_set! {
    /// Protocol Options, PI 19 (X.225 8.3.1 CN, 8.3.2 AC).
    ProtocolOptions(u8) {
        /// Able to receive extended concatenated SPDUs.
        EXTENDED_CONCATENATION = 0x01,
    }
}

bit_set! {
    /// Enclosure Item, PI 25 (X.225 8.3.9 DT): which part of a segmented SSDU a DT carries.
    Enclosure(u8) {
        /// Beginning of the SSDU.
        BEGIN = 0x01,
        /// End of the SSDU.
        END = 0x02,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_bits_are_refused() {
        assert_eq!(TokenSet::from_bits(0x02), None);
        assert_eq!(TokenSet::from_bits(0x55), Some(TokenSet::ALL));
        assert_eq!(FunctionalUnits::from_bits(0x0800), None);
        assert_eq!(TransportDisconnect::from_bits(0x20), None);
        assert_eq!(Version::from_bits(0x03), Some(Version::V1 | Version::V2));
    }

    #[test]
    fn set_operations() {
        let t = TokenSet::DATA | TokenSet::RELEASE;
        assert!(t.contains(TokenSet::DATA));
        assert!(!t.contains(TokenSet::MINOR_SYNC));
        assert_eq!(t - TokenSet::DATA, TokenSet::RELEASE);
        assert_eq!((t & TokenSet::RELEASE).bits(), 0x40);
        assert!(FunctionalUnits::DEFAULT.contains(FunctionalUnits::HALF_DUPLEX));
    }
}

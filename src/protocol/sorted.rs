//! Small ordered maps and sets kept as sorted vectors: the same order, results and `Debug`
//! output as `BTreeMap` and `BTreeSet` for the handful of entries they hold here, in far less
//! wasm code (every `BTreeMap<K, V>` brings its own copy of the B-tree's insert, remove,
//! rebalance and clone).

use std::fmt;

/// A map ordered by key, as a sorted `Vec` of (key, value).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    /// The value for `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// Sets `key` to `value`; the old value, if there was one (the old key is kept).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// Keeps the entries for which `f` is true, visiting them in key order.
    pub fn retain(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| f(k, v));
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

/// A set in order, as a sorted `Vec`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SortedSet<T>(Vec<T>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Vec::new())
    }
}

impl<T: Ord> SortedSet<T> {
    /// Adds `value`; false if it was already there (the old one is kept).
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, value);
                true
            }
        }
    }

    /// Removes `value`; false if it was not there.
    pub fn remove(&mut self, value: &T) -> bool {
        match self.0.binary_search(value) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether `value` is there.
    pub fn contains(&self, value: &T) -> bool {
        self.0.binary_search(value).is_ok()
    }

    /// The smallest value.
    pub fn first(&self) -> Option<&T> {
        self.0.first()
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no values.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// The same operations give the same contents, in the same order, as the B-tree ones.
    #[test]
    fn behaves_as_btree_map_and_set() {
        let (mut m, mut bm) = (SortedMap::new(), BTreeMap::new());
        let (mut s, mut bs) = (SortedSet::default(), BTreeSet::new());
        let mut x = 7u32;
        for i in 0..2000u64 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345) >> 3;
            let k = x % 97;
            match i % 5 {
                0..=2 => {
                    assert_eq!(m.insert(k, i), bm.insert(k, i));
                    assert_eq!(s.insert(k), bs.insert(k));
                }
                3 => {
                    assert_eq!(s.remove(&k), bs.remove(&k));
                    assert_eq!(m.get(&k), bm.get(&k));
                }
                _ => {
                    m.retain(|&key, v| key % 3 != i as u32 % 3 || *v > i / 2);
                    bm.retain(|&key, v| key % 3 != i as u32 % 3 || *v > i / 2);
                }
            }
            assert_eq!(format!("{m:?}"), format!("{bm:?}"));
            assert_eq!(format!("{s:?}"), format!("{bs:?}"));
            assert_eq!((m.len(), m.is_empty()), (bm.len(), bm.is_empty()));
            assert_eq!((s.len(), s.is_empty()), (bs.len(), bs.is_empty()));
            assert_eq!(s.first(), bs.first());
        }
        m.clear();
        assert!(m.is_empty());
    }
}

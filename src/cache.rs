//! The one cache of a dev session's rebuilds: a value per name (a content path), kept with the
//! stamp it was made from (a render key, a file's size and time). A lookup with another stamp
//! misses, so a stale value is never handed out; nothing is ever evicted, because a session's
//! names are its site's files.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

use crate::sync::Locked;

/// Values by name, each with the stamp it was made from.
pub struct Stamped<K, V> {
    entries: Mutex<HashMap<K, (u64, V)>>,
}

impl<K, V> Default for Stamped<K, V> {
    fn default() -> Self {
        Stamped {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Stamped<K, V> {
    /// The value kept for `name`, if it was made from `stamp`.
    pub fn get<Q>(&self, name: &Q, stamp: u64) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let entries = self.entries.locked();
        entries
            .get(name)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value` for `name`, made from `stamp`.
    pub fn put(&self, name: K, stamp: u64, value: V) {
        self.entries.locked().insert(name, (stamp, value));
    }

    /// Forgets `name`.
    pub fn forget<Q>(&self, name: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.entries.locked().remove(name);
    }
}

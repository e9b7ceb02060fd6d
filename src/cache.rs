//! The one cache of rebuilds, a dev session's and `gazette build`'s on disk: a value per name
//! (a content path), kept with the stamp it was made from (a render key, a file's size and
//! time). A lookup with another stamp misses, so a stale value is never handed out. A session
//! evicts nothing, because its names are its site's files; a build keeps only its site's
//! names before saving (`retain`).

use foldhash::{HashMap, HashMapExt};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use crate::sync::ReadWrite;

/// Values by name, each with the stamp it was made from. Read on every core at once (a
/// rebuild looks up every page), written only on a miss: hence a read-write lock.
pub struct Stamped<K, V> {
    entries: RwLock<HashMap<K, (u64, V)>>,
}

impl<K, V> Default for Stamped<K, V> {
    fn default() -> Self {
        Stamped {
            entries: RwLock::new(HashMap::new()),
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
        let entries = self.entries.reading();
        entries
            .get(name)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value` for `name`, made from `stamp`.
    pub fn put(&self, name: K, stamp: u64, value: V) {
        self.entries.writing().insert(name, (stamp, value));
    }

    /// Forgets `name`.
    pub fn forget<Q>(&self, name: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.entries.writing().remove(name);
    }

    /// Keeps only the names `keep` says yes to (what a build saves: the names its site still has).
    pub fn retain(&self, keep: impl Fn(&K) -> bool) {
        self.entries.writing().retain(|name, _| keep(name));
    }

    /// Every name with its stamp and value, sorted by name (for saving).
    pub fn entries(&self) -> Vec<(K, u64, V)>
    where
        K: Ord,
    {
        let mut all: Vec<(K, u64, V)> = (self.entries.reading().iter())
            .map(|(k, (s, v))| (k.clone(), *s, v.clone()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// A cache holding `entries` (what [`Stamped::entries`] gave).
    pub fn from_entries(entries: impl IntoIterator<Item = (K, u64, V)>) -> Self {
        Stamped {
            entries: RwLock::new(entries.into_iter().map(|(k, s, v)| (k, (s, v))).collect()),
        }
    }
}

/// `.gazette-cache/<sub>` in the site at `root`, made if needed: where the build cache and the
/// resized images are kept. Refused when either folder is not a plain folder (a link could lead
/// writes out of the site).
pub fn site_folder(root: &Path, sub: &str) -> Result<PathBuf, String> {
    let cache = root.join(".gazette-cache");
    let dir = cache.join(sub);
    for folder in [&cache, &dir] {
        match std::fs::symlink_metadata(folder) {
            Ok(m) if !m.is_dir() => {
                return Err(format!(
                    "{} is not a folder (a link?): remove it, Gazette makes it again",
                    folder.display()
                ));
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir(folder)
                .map_err(|e| format!("cannot make {}: {e}", folder.display()))?,
        }
    }
    Ok(dir)
}

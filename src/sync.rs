//! Locks that stay usable after a thread panicked while holding them. Gazette's shared state
//! (the dev server's site, caches, the link checker's results) is replaced whole or only
//! appended to, so what a panicking thread left is still consistent; refusing it would turn
//! one failed request or render into a dead server.

use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// `lock()` for a [`Mutex`], past poisoning.
pub trait Locked<T> {
    /// The guard, whether or not another thread panicked while holding the lock.
    fn locked(&self) -> MutexGuard<'_, T>;
    /// The value, whether or not another thread panicked while holding the lock.
    fn into_value(self) -> T;
}

impl<T> Locked<T> for Mutex<T> {
    fn locked(&self) -> MutexGuard<'_, T> {
        self.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn into_value(self) -> T {
        self.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// `read()` and `write()` for an [`RwLock`], past poisoning.
pub trait ReadWrite<T> {
    /// A read guard, whether or not a writer panicked.
    fn reading(&self) -> RwLockReadGuard<'_, T>;
    /// A write guard, whether or not a writer panicked.
    fn writing(&self) -> RwLockWriteGuard<'_, T>;
}

impl<T> ReadWrite<T> for RwLock<T> {
    fn reading(&self) -> RwLockReadGuard<'_, T> {
        self.read().unwrap_or_else(|e| e.into_inner())
    }

    fn writing(&self) -> RwLockWriteGuard<'_, T> {
        self.write().unwrap_or_else(|e| e.into_inner())
    }
}

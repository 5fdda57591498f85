//! Maps keyed by a process, thread or file descriptor number, for the
//! tracer's hot path: every stop looks its task up, and the fd cache and the
//! renderers look up per-fd and per-process state, so the keys are hashed
//! with rustc-hash's multiply-and-rotate (FxHash) instead of the standard
//! library's SipHash. The numbers come from the kernel, not from an
//! adversary, so resistance to crafted collisions is not needed.
//!
//! (A hasher of ipclab's own did the same until rustc-hash 2 was measured
//! as fast on these keys: see docs/performance.md.)

use std::collections::HashMap;

/// A `HashMap` keyed by a pid, tid or fd.
pub type IdMap<V> = HashMap<i32, V, rustc_hash::FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_ids_spread_over_buckets() {
        use std::collections::HashSet;
        use std::hash::BuildHasher;
        let build = rustc_hash::FxBuildHasher;
        // The low 6 bits pick a bucket in a 64-bucket table: 64 sequential
        // pids must not pile up in a few of them.
        let buckets: HashSet<u64> = (1000..1064).map(|pid: i32| build.hash_one(pid) & 63).collect();
        assert!(buckets.len() > 32, "{} buckets used", buckets.len());
    }

    #[test]
    fn an_id_map_finds_what_was_inserted() {
        let mut m = IdMap::default();
        for pid in 1..=500 {
            m.insert(pid, pid * 2);
        }
        assert!((1..=500).all(|pid| m[&pid] == pid * 2));
        assert_eq!(m.get(&501), None);
    }
}

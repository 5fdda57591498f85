//! Maps keyed by a process, thread or file descriptor number, for the
//! tracer's hot path: every stop looks its task up, and the fd cache and the
//! renderers look up per-fd and per-process state, so the keys are hashed
//! with a multiply-rotate (as rustc's FxHash does) instead of the standard
//! library's SipHash. The numbers come from the kernel, not from an
//! adversary, so resistance to crafted collisions is not needed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for small integer keys.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }

    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }

    fn write_i32(&mut self, v: i32) {
        self.write_u64(v as u32 as u64);
    }

    fn write_u64(&mut self, v: u64) {
        // The multiplier of FxHash; the rotation brings the well-mixed high
        // bits down to where the table takes its bucket index.
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0xf135_7aea_2e62_a9c5).rotate_left(26);
    }
}

/// A `HashMap` keyed by a pid, tid or fd.
pub type IdMap<V> = HashMap<i32, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_ids_spread_over_buckets() {
        use std::collections::HashSet;
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<IdHasher>::default();
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

//! The decoders against arbitrary input: any call number, any registers,
//! any memory (pointers into it, pointers past it, lengths that lie), any
//! return value. A tracee can pass anything; decoding must never panic,
//! and what it decoded must print and serialise.

use proptest::prelude::*;
use tracer::decode::{DecodeOptions, FakeMemory, RawSyscall, Value, decode_entry, decode_exit};
use tracer::render::json::JsonValue;

/// A value a register or a word of memory may hold, chosen so that some
/// are pointers into the fake memory, some small counts, some absurd.
#[derive(Debug, Clone, Copy)]
enum Word {
    /// Any 64 bits.
    Any(u64),
    /// A small number: a count, an fd, a flag.
    Small(u8),
    /// An address inside region `region`, `offset` bytes in.
    Into { region: u8, offset: u16 },
    /// Near the top of the address space, where address arithmetic overflows.
    Top(u8),
}

fn word() -> impl Strategy<Value = Word> {
    prop_oneof![
        any::<u64>().prop_map(Word::Any),
        any::<u8>().prop_map(Word::Small),
        (any::<u8>(), 0u16..600).prop_map(|(region, offset)| Word::Into { region, offset }),
        any::<u8>().prop_map(Word::Top),
    ]
}

/// Where each region lies: anywhere, low, or at the very top.
fn base() -> impl Strategy<Value = u64> {
    prop_oneof![any::<u64>(), 0x1000u64..0x10_0000, (0u64..4096).prop_map(|d| u64::MAX - d)]
}

#[derive(Debug, Clone)]
struct World {
    bases: Vec<u64>,
    /// Each region's contents as words, resolved against `bases`, then cut
    /// to a byte length (possibly mid-word, possibly empty).
    contents: Vec<(Vec<Word>, usize)>,
    regs: [Word; 6],
}

fn world() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(base(), 0..4),
        prop::collection::vec((prop::collection::vec(word(), 0..64), 0usize..520), 4),
        [word(), word(), word(), word(), word(), word()],
    )
        .prop_map(|(bases, contents, regs)| World { bases, contents, regs })
}

impl World {
    fn resolve(&self, w: Word) -> u64 {
        match w {
            Word::Any(v) => v,
            Word::Small(v) => v as u64,
            Word::Into { region, offset } if !self.bases.is_empty() => {
                self.bases[region as usize % self.bases.len()].wrapping_add(offset as u64)
            }
            Word::Into { offset, .. } => offset as u64,
            Word::Top(d) => u64::MAX - d as u64,
        }
    }

    fn memory(&self) -> FakeMemory {
        let mut mem = FakeMemory::new();
        for (base, (words, len)) in self.bases.iter().zip(&self.contents) {
            let mut bytes: Vec<u8> = words.iter().flat_map(|w| self.resolve(*w).to_ne_bytes()).collect();
            bytes.truncate(*len);
            mem = mem.with(*base, bytes);
        }
        mem
    }

    fn regs(&self) -> [u64; 6] {
        self.regs.map(|w| self.resolve(w))
    }
}

fn ret() -> impl Strategy<Value = i64> {
    prop_oneof![-4095i64..=0, 0i64..64, any::<i64>(), Just(i64::MAX), Just(i64::MIN)]
}

/// Every call number of interest: the table and well past it.
fn numbers() -> impl Iterator<Item = u64> {
    (0..=500).chain([511, 512, 1000, 100_000, u32::MAX as u64, u64::MAX])
}

/// Prints and serialises a value the way the renderers do.
fn render(v: &Value) {
    let _ = v.to_string();
    serde_json::to_string(&JsonValue(v)).expect("JSON serialisation of a decoded value");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn decoding_any_call_with_any_registers_memory_and_return_never_panics(
        w in world(),
        ret in ret(),
        limit in prop_oneof![Just(0usize), Just(1), Just(32), Just(300)],
    ) {
        let mem = w.memory();
        let args = w.regs();
        let opts = DecodeOptions { string_limit: limit };
        for nr in numbers() {
            let mut sc = decode_entry(RawSyscall::new(nr, args), &mem, &opts);
            sc.args.iter().for_each(|a| render(&a.value));
            decode_exit(&mut sc, ret, &mem, &opts);
            sc.args.iter().for_each(|a| render(&a.value));
            if let Some(v) = &sc.ret_value {
                render(v);
            }
        }
    }
}

//! Building a submission's labs: a cargo package of its own, made of this
//! build's trusted parts (the manifest, the lock file, `labs/common`) and
//! the student's lab sources only (each lab's `.rs` files), compiled in a sandbox with no
//! network and no view of the trusted checkout.
//!
//! Each submission builds in a directory of its own with a target
//! directory of its own, so no student's binary can ever be taken for
//! another's (cargo decides freshness by file times, which `git archive`
//! and copies do not keep meaningful). The dependencies (nix, libc, the
//! labs' `common`) are compiled once into a template; each submission
//! starts from a copy of it, and since every build sees its directory at
//! the same path (`/build`), the copied dependencies are fresh and only the
//! student's labs compile.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::grade::sandbox::bwrap;
use crate::i18n::tr;

/// One lab to build: its folder and its source files (paths relative to
/// the folder: `main.rs`, `mechanisms/ring.rs`).
pub struct Source {
    pub folder: String,
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// The binary of a lab's folder, as the project names it (`lab01_pipe`).
pub fn bin_name(folder: &str) -> String {
    format!("lab{folder}")
}

/// What building a submission gave: each lab's program, or why it has none.
pub type Built = BTreeMap<String, Result<PathBuf, String>>;

/// Where ipclab keeps the compiled template: `$IPCLAB_CACHE_DIR`; else, for
/// an ipclab built in a cargo target directory, `<target>/ipclab-cache`;
/// else `$XDG_CACHE_HOME/ipclab` or `~/.cache/ipclab`.
pub fn cache_dir() -> Result<PathBuf, String> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set("IPCLAB_CACHE_DIR") {
        return Ok(dir);
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(target) = exe.ancestors().find(|d| d.join("CACHEDIR.TAG").is_file())
    {
        return Ok(target.join("ipclab-cache"));
    }
    let cache = set("XDG_CACHE_HOME").or_else(|| set("HOME").map(|h| h.join(".cache")));
    cache.map(|c| c.join("ipclab")).ok_or_else(|| tr!("fault-no-cache-dir"))
}

/// The toolchain: cargo and rustc of one sysroot.
struct Toolchain {
    sysroot: PathBuf,
    cargo: PathBuf,
    rustc: PathBuf,
}

fn toolchain() -> Result<&'static Toolchain, String> {
    static FOUND: OnceLock<Result<Toolchain, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
            let out = Command::new(&rustc)
                .args(["--print", "sysroot"])
                .output()
                .map_err(|e| tr!("fault-run-rustc", error = e.to_string()))?;
            let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            let (cargo, rustc) = (sysroot.join("bin/cargo"), sysroot.join("bin/rustc"));
            if !out.status.success() || !cargo.is_file() || !rustc.is_file() {
                return Err(tr!("fault-no-toolchain", dir = sysroot.display().to_string()));
            }
            Ok(Toolchain { sysroot, cargo, rustc })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The registry's downloaded crates (`$CARGO_HOME/registry`).
fn registry() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    Some(home.join("registry")).filter(|r| r.is_dir())
}

/// The manifest of a lab package with these binaries (besides, in the
/// template, one empty program that makes cargo compile the dependencies).
/// Line tables only, as the project's release profile: a lab that panics
/// names the function and the line, at little cost in build time.
fn manifest(root: &Path, bins: &[(String, String)]) -> Result<String, String> {
    let text = fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| tr!("err-read", name = "Cargo.toml", error = e.to_string()))?;
    let line = |name: &str| {
        let prefix = format!("{name} = ");
        text.lines()
            .find(|l| l.starts_with(&prefix))
            .map(str::to_string)
            .ok_or_else(|| tr!("fault-no-dependency", name = name))
    };
    let section = |name: &str| {
        let header = format!("[{name}]");
        text.lines()
            .skip_while(|l| *l != header)
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (nix, libc) = (line("nix")?, line("libc")?);
    let lab_nix = nix.replace("features = [", "features = [\"mqueue\", \"inotify\", ");
    let mut m = format!(
        "[package]\nname = \"ipclab-graded\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\nautobins = false\n\n\
         [workspace]\n\n[workspace.package]\n{}\n\n[workspace.dependencies]\n{libc}\n{nix}\n\n\
         [dependencies]\n{libc}\n{lab_nix}\ncommon = {{ package = \"ipclab-labs-common\", path = \"labs/common\" }}\n\n\
         [profile.dev]\ndebug = \"line-tables-only\"\n",
        section("workspace.package").trim()
    );
    for (bin, path) in bins {
        m.push_str(&format!("\n[[bin]]\nname = \"{bin}\"\npath = \"{path}\"\ntest = false\n"));
    }
    Ok(m)
}

/// Copies `from` into `to` (a directory tree), keeping each file's
/// modification time, so that cargo finds what was built from it fresh.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&src, &dst)?;
        } else if kind.is_file() {
            fs::copy(&src, &dst)?;
            let mtime = entry.metadata()?.modified()?;
            fs::File::options().write(true).open(&dst)?.set_modified(mtime)?;
        } else if kind.is_symlink() {
            let _ = std::os::unix::fs::symlink(fs::read_link(&src)?, &dst);
        }
    }
    Ok(())
}

/// Runs cargo in the build sandbox on the package at `dir`, within `limit`.
/// Returns cargo's JSON messages and its standard error, or why it failed to run.
///
/// Unsandboxed (`--unsandboxed`, where bubblewrap cannot run), cargo runs
/// as the grading user in `dir` itself, its dependencies compiled anew.
fn cargo_build(dir: &Path, limit: Duration, sandboxed: bool) -> Result<(bool, Vec<Value>, String), String> {
    let tools = toolchain()?;
    let mut cmd = if sandboxed {
        let bw = bwrap::program()?;
        let mut cmd = Command::new(&bw);
        cmd.args(bwrap::build(&bw, &tools.sysroot, registry().as_deref(), dir))
            .arg("/usr/bin/env")
            .arg(format!("RUSTC={}", tools.rustc.display()))
            .arg(&tools.cargo);
        cmd
    } else {
        let mut cmd = Command::new(&tools.cargo);
        cmd.current_dir(dir).env("RUSTC", &tools.rustc).env("CARGO_TARGET_DIR", dir.join("target"));
        cmd
    };
    cmd.args(["build", "--offline", "--keep-going", "--bins", "--message-format=json"]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| tr!("fault-run-cargo", error = e.to_string()))?;
    let (mut out, mut err) = (child.stdout.take(), child.stderr.take());
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.take(64 << 20).read_to_end(&mut text);
        }
        text
    });
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(e) = err.as_mut() {
            let _ = e.take(1 << 20).read_to_end(&mut text);
        }
        String::from_utf8_lossy(&text).into_owned()
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let stdout = reader.join().unwrap_or_default();
    let stderr = errors.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(tr!("fault-build-too-long", secs = limit.as_secs().to_string()));
    };
    let messages = stdout.split(|&b| b == b'\n').filter_map(|l| serde_json::from_slice(l).ok()).collect();
    Ok((status.success(), messages, stderr))
}

/// Holds the template's lock (another ipclab may be refreshing or copying it).
fn lock_template(dir: &Path) -> Result<nix::fcntl::Flock<fs::File>, String> {
    let path = dir.with_extension("lock");
    let file = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| tr!("fault-open", path = path.display().to_string(), error = e.to_string()))?;
    nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| tr!("fault-lock", path = path.display().to_string(), error = e.to_string()))
}

/// Makes sure the template (the dependencies, compiled) is up to date, once
/// per ipclab process, and returns its directory.
fn template(root: &Path, sandboxed: bool) -> Result<PathBuf, String> {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
            let dir = cache_dir()?.join(format!("labs-template-{profile}"));
            let fail = |e: std::io::Error| tr!("fault-prepare", dir = dir.display().to_string(), error = e.to_string());
            fs::create_dir_all(dir.join("warm")).map_err(fail)?;
            let _lock = lock_template(&dir)?;
            copy_tree(&root.join("labs").join("common"), &dir.join("labs").join("common")).map_err(fail)?;
            fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(fail)?;
            fs::write(dir.join("warm/main.rs"), "fn main() {}\n").map_err(fail)?;
            let bins = [("warm".to_string(), "warm/main.rs".to_string())];
            fs::write(dir.join("Cargo.toml"), manifest(root, &bins)?).map_err(fail)?;
            // The crates must be downloaded before the sandbox, which has no network.
            let _ = Command::new(&toolchain()?.cargo)
                .args(["fetch", "--quiet", "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let (ok, _, stderr) = cargo_build(&dir, Duration::from_secs(1800), sandboxed)?;
            if !ok {
                let why = stderr
                    .lines()
                    .find(|l| l.starts_with("error"))
                    .map_or_else(|| tr!("fault-cargo-failed"), str::to_string);
                return Err(tr!("fault-dependencies", why = why));
            }
            Ok(dir)
        })
        .clone()
}

/// Builds `sources` as the labs of one submission in `dir` (a new, empty
/// directory), within `limit`: each lab's program, or why it has none
/// (cargo's errors for that lab, whole).
///
/// An error is the grader's (no toolchain, the template does not build);
/// a build that runs out of time is the submission's, and each lab gets
/// that reason.
pub fn build(root: &Path, dir: &Path, sources: &[Source], limit: Duration, sandboxed: bool) -> Result<Built, String> {
    let template = template(root, sandboxed)?;
    let fail = |e: std::io::Error| tr!("fault-prepare-build", dir = dir.display().to_string(), error = e.to_string());
    {
        let _lock = lock_template(&template)?;
        for part in ["labs/common", "target"] {
            copy_tree(&template.join(part), &dir.join(part)).map_err(fail)?;
        }
        fs::copy(template.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(fail)?;
    }
    let mut bins = Vec::new();
    for s in sources {
        let folder = dir.join("labs").join(&s.folder);
        for (rel, text) in &s.files {
            let path = folder.join(rel);
            fs::create_dir_all(path.parent().unwrap_or(&folder)).map_err(fail)?;
            fs::write(path, text).map_err(fail)?;
        }
        bins.push((bin_name(&s.folder), format!("labs/{}/main.rs", s.folder)));
    }
    fs::write(dir.join("Cargo.toml"), manifest(root, &bins)?).map_err(fail)?;
    let (_, messages, stderr) = match cargo_build(dir, limit, sandboxed) {
        Ok(done) => done,
        Err(why) => return Ok(sources.iter().map(|s| (bin_name(&s.folder), Err(why.clone()))).collect()),
    };
    let mut built = Built::new();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for msg in &messages {
        let Some(target) = msg["target"]["name"].as_str() else { continue };
        if msg["reason"] == "compiler-artifact"
            && let Some(exe) = msg["executable"].as_str()
        {
            let exe = match Path::new(exe).strip_prefix(bwrap::BUILD_DIR) {
                Ok(inside) if sandboxed => dir.join(inside),
                _ => PathBuf::from(exe),
            };
            built.insert(target.to_string(), Ok(exe));
        }
        if msg["reason"] == "compiler-message"
            && msg["message"]["level"] == "error"
            && let Some(text) = msg["message"]["rendered"].as_str()
        {
            errors.entry(target.to_string()).or_default().push(text.trim_end().to_string());
        }
    }
    for s in sources {
        let bin = bin_name(&s.folder);
        if built.contains_key(&bin) {
            continue;
        }
        let why = match errors.remove(&bin) {
            Some(errs) => errs.join("\n"),
            None => stderr.lines().filter(|l| l.starts_with("error")).collect::<Vec<_>>().join("\n"),
        };
        let why = if why.is_empty() { tr!("fault-cargo-silent") } else { why };
        built.insert(bin, Err(why));
    }
    Ok(built)
}

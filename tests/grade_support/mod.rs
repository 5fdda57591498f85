//! Helpers of the grading tests (`mod grade_support;`): running `ipclab
//! check` on a program and reading its JSON, and building the mutants of
//! `tests/mutants` (copies of a lab with one classic mistake) all at once,
//! as one generated cargo package with its own target directory.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The project's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where grading tests keep what they build: a directory under `target/`.
pub fn work_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    fs::create_dir_all(&dir).expect("create a directory under target/");
    dir
}

/// Runs ipclab with `args` and `env`.
pub fn ipclab(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    cmd.env("IPCLAB_LANG", "en");
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("ipclab runs")
}

/// `ipclab check LAB --json --program PROGRAM [--timeout SECS]`: the JSON result.
pub fn check_program(lab: &str, program: &Path, timeout: Option<f64>) -> Value {
    let timeout = timeout.map(|t| t.to_string());
    let mut args = vec!["check", lab, "--json", "--program", program.to_str().expect("a UTF-8 path")];
    if let Some(t) = &timeout {
        args.extend(["--timeout", t.as_str()]);
    }
    let out = ipclab(&args, &[]);
    parse(&out)
}

/// The JSON ipclab printed, or a panic that shows what it printed instead.
pub fn parse(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!("ipclab did not print JSON ({e}):\nstdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr))
    })
}

/// Each check of a JSON result: its name (without the lab) and (passed, message).
pub fn checks(result: &Value) -> BTreeMap<String, (bool, String)> {
    result["tests"]
        .as_array()
        .expect("a list of tests")
        .iter()
        .map(|t| {
            let name = t["name"].as_str().unwrap_or_default();
            let name = name.split_once('/').map(|(_, n)| n).unwrap_or(name).to_string();
            (name, (t["status"] == "pass", t["message"].as_str().unwrap_or_default().to_string()))
        })
        .collect()
}

/// Panics, listing every failed check with its message, unless all passed.
pub fn assert_all_pass(lab: &str, result: &Value) {
    let failed: Vec<String> = checks(result)
        .into_iter()
        .filter(|(_, (passed, _))| !passed)
        .map(|(name, (_, message))| format!("{name}:\n{message}"))
        .collect();
    assert!(
        failed.is_empty(),
        "lab {lab}: {} check(s) failed on the reference solution:\n{}",
        failed.len(),
        failed.join("\n\n")
    );
    assert_eq!(result["status"], "pass", "{result}");
    assert_eq!(result["score"], result["max_score"], "{result}");
}

/// One mutant: a lab's main.rs (or a module beside it) with one mistake, and
/// the checks that must catch it, each with a phrase its message must contain.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// The lab's folder, e.g. `01_pipe`.
    pub lab: String,
    /// The mistake, e.g. `no_waitpid`.
    pub name: String,
    /// The `.mutant` file.
    pub spec: PathBuf,
    /// `(check, phrase)` pairs from the file's `// expect: CHECK "PHRASE"` lines.
    pub expects: Vec<(String, String)>,
    /// The file says `// only these checks fail`: every other check passes.
    pub only: bool,
    /// What else its header claims (`// unreached:`, `// never:`, `// stopped:`,
    /// `// run:`, `// run never:` lines).
    pub claims: Vec<Claim>,
}

/// A claim of a mutant's header about what ipclab says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// `// unreached: CHECK "PHRASE"`: the check fails as not reached, saying PHRASE.
    Unreached(String, String),
    /// `// never: CHECK "PHRASE"` (`*` for every check): its message never says PHRASE.
    Never(String, String),
    /// `// if-fails: CHECK "PHRASE"`: the check passes, or fails (reached)
    /// saying PHRASE. For a symptom only some interleavings show (a hang a
    /// race decides): the test never counts on the race, and still holds
    /// the check to the truth when it does fail.
    IfFails(String, String),
    /// `// stopped: "PHRASE"`: the report's first line (why the run stopped early) says PHRASE.
    Stopped(String),
    /// `// run: "PHRASE"`: what `ipclab run` prints (the trace on stderr) says PHRASE.
    Run(String),
    /// `// run never: "PHRASE"`: what `ipclab run` prints never says PHRASE.
    RunNever(String),
    /// `// score: N`: the lab scores N points (the same mistake costs the
    /// same wherever it is made).
    Score(u64),
}

/// The quoted phrase at the end of a header line.
fn phrase(text: &str) -> String {
    text.trim().trim_matches('"').to_string()
}

/// A check name and its phrase: `CHECK "PHRASE"`.
fn check_and_phrase(text: &str) -> (String, String) {
    let (check, p) = text.split_once(' ').expect("CHECK \"PHRASE\"");
    (check.to_string(), phrase(p))
}

/// The claims of a mutant's header lines.
pub fn claims(text: &str) -> Vec<Claim> {
    text.lines()
        .filter_map(|l| {
            if let Some(rest) = l.strip_prefix("// unreached: ") {
                let (c, p) = check_and_phrase(rest);
                Some(Claim::Unreached(c, p))
            } else if let Some(rest) = l.strip_prefix("// never: ") {
                let (c, p) = check_and_phrase(rest);
                Some(Claim::Never(c, p))
            } else if let Some(rest) = l.strip_prefix("// if-fails: ") {
                let (c, p) = check_and_phrase(rest);
                Some(Claim::IfFails(c, p))
            } else if let Some(rest) = l.strip_prefix("// stopped: ") {
                Some(Claim::Stopped(phrase(rest)))
            } else if let Some(rest) = l.strip_prefix("// score: ") {
                Some(Claim::Score(rest.trim().parse().expect("// score: N")))
            } else if let Some(rest) = l.strip_prefix("// run never: ") {
                Some(Claim::RunNever(phrase(rest)))
            } else {
                l.strip_prefix("// run: ").map(|rest| Claim::Run(phrase(rest)))
            }
        })
        .collect()
}

impl Mutant {
    /// The binary's name in the generated package.
    pub fn bin(&self) -> String {
        format!("m{}_{}", &self.lab[..2], self.name)
    }

    /// The mutant's source: the lab's main.rs as it is now, with the
    /// mutant's edits made and its header comment on top.
    pub fn source(&self) -> String {
        self.files().remove(&PathBuf::from("main.rs")).expect("a lab has a main.rs")
    }

    /// Every source file of the lab as it is now (main.rs and the modules
    /// in its folder), by path in the folder, with the mutant's edits made
    /// and its header comment on top of main.rs.
    pub fn files(&self) -> BTreeMap<PathBuf, String> {
        let folder = root().join("labs").join(&self.lab);
        let spec = fs::read_to_string(&self.spec).expect("a mutant");
        let (header, edits) = split_by_file(&spec).unwrap_or_else(|e| panic!("{}: {e}", self.spec.display()));
        let mut files = BTreeMap::new();
        for relative in lab_sources(&folder, Path::new("")) {
            let path = folder.join(&relative);
            let mut text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (_, blocks) in edits.iter().filter(|(file, _)| Path::new(file) == relative) {
                text = apply_mutant(&text, blocks)
                    .unwrap_or_else(|e| panic!("{} ({}): {e}", self.spec.display(), relative.display()));
            }
            if relative == Path::new("main.rs") {
                text = format!("{header}{text}");
            }
            files.insert(relative, text);
        }
        for (file, _) in &edits {
            assert!(
                files.contains_key(Path::new(file)),
                "{}: labs/{}/{file} does not exist",
                self.spec.display(),
                self.lab
            );
        }
        files
    }
}

/// The `.rs` files under `folder/sub`, as paths relative to `folder`.
fn lab_sources(folder: &Path, sub: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(folder.join(sub)).expect("a lab folder").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let relative = sub.join(entry.file_name());
        if entry.path().is_dir() {
            out.extend(lab_sources(folder, &relative));
        } else if relative.extension().is_some_and(|e| e == "rs") {
            out.push(relative);
        }
    }
    out
}

/// Splits a `.mutant` file into its header and its edits per file: blocks
/// after a line `@@ file PATH` edit `PATH` (relative to the lab's folder),
/// blocks before any such line edit main.rs. Each file's blocks end with
/// `@@ end`.
pub fn split_by_file(spec: &str) -> Result<(String, Vec<(String, String)>), String> {
    let first =
        ["@@ replace\n", "@@ file "].iter().filter_map(|m| spec.find(m)).min().ok_or("no `@@ replace` block")?;
    let (header, mut rest) = spec.split_at(first);
    let mut edits = Vec::new();
    let mut file = "main.rs".to_string();
    loop {
        if let Some(after) = rest.strip_prefix("@@ file ") {
            let (name, blocks) = after.split_once('\n').ok_or("`@@ file` without a path")?;
            file = name.trim().to_string();
            rest = blocks;
            continue;
        }
        let (blocks, next) = match rest.find("\n@@ file ") {
            Some(at) => (&rest[..at + 1], &rest[at + 1..]),
            None => (rest, ""),
        };
        edits.push((file.clone(), blocks.to_string()));
        if next.is_empty() {
            break;
        }
        rest = next;
    }
    Ok((header.to_string(), edits))
}

/// Makes the edits of a `.mutant` file to a lab's source.
///
/// The file is its header (comment lines, kept at the top of the result),
/// then blocks `@@ replace` TEXT `@@ with` TEXT, then `@@ end`. Each text to
/// replace must occur exactly once in the lab's source, so that a change to
/// the lab that touches a mutant's lines makes the mutant fail loudly
/// instead of testing stale code.
pub fn apply_mutant(lab: &str, spec: &str) -> Result<String, String> {
    let (header, mut rest) = spec.split_once("@@ replace\n").ok_or("no `@@ replace` block")?;
    let mut out = lab.to_string();
    loop {
        let (find, after) = rest.split_once("@@ with\n").ok_or("a `@@ replace` block without `@@ with`")?;
        let (repl, next) = match after.split_once("@@ replace\n") {
            Some((repl, next)) => (repl, Some(next)),
            None => (after.strip_suffix("@@ end\n").ok_or("no `@@ end` after the last block")?, None),
        };
        match out.matches(find).count() {
            1 => out = out.replacen(find, repl, 1),
            0 => return Err(format!("the lab no longer has the text this mutant replaces:\n{find}")),
            n => return Err(format!("the text this mutant replaces occurs {n} times in the lab:\n{find}")),
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    Ok(format!("{header}{out}"))
}

/// Every mutant: `tests/mutants/NN_lab/MISTAKE.mutant`.
pub fn mutants() -> Vec<Mutant> {
    let dir = root().join("tests").join("mutants");
    let mut out = Vec::new();
    let mut labs: Vec<_> = fs::read_dir(&dir).expect("tests/mutants").filter_map(Result::ok).collect();
    labs.sort_by_key(|e| e.file_name());
    for lab in labs {
        let mut files: Vec<_> = fs::read_dir(lab.path()).expect("a lab's mutants").filter_map(Result::ok).collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "mutant") {
                continue;
            }
            let name = path.file_stem().expect("a file name").to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).expect("a mutant");
            let expects = text
                .lines()
                .filter_map(|l| l.strip_prefix("// expect: "))
                .map(|l| {
                    let (check, phrase) = l.split_once(' ').expect("// expect: CHECK \"PHRASE\"");
                    (check.to_string(), phrase.trim().trim_matches('"').to_string())
                })
                .collect();
            let only = text.lines().any(|l| l == "// only these checks fail");
            let claims = claims(&text);
            out.push(Mutant {
                lab: lab.file_name().to_string_lossy().into_owned(),
                name,
                spec: path,
                expects,
                only,
                claims,
            });
        }
    }
    out
}

/// A dependency line of the workspace's `[workspace.dependencies]` (`nix = ...`).
fn workspace_dependency(name: &str) -> String {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let prefix = format!("{name} = ");
    manifest.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no {name} in Cargo.toml")).to_string()
}

/// The lines of the root manifest's section `[name]`.
fn manifest_section(name: &str) -> String {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let header = format!("[{name}]");
    let lines = manifest.lines().skip_while(|l| *l != header).skip(1).take_while(|l| !l.starts_with('['));
    lines.collect::<Vec<_>>().join("\n")
}

/// The `nix` dependency line of the workspace, with the features the labs add.
fn nix_dependency() -> String {
    workspace_dependency("nix").replace("features = [", "features = [\"mqueue\", \"inotify\", ")
}

/// Copies the directory `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create a directory");
    for entry in fs::read_dir(from).expect("a directory to copy").filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// One lab of a generated package: its folder under `labs/`, its binary's
/// name, and its main.rs.
pub struct PackageLab {
    pub folder: String,
    pub bin: String,
    pub source: String,
}

/// Writes a cargo package at `dir` whose binaries are `labs`, laid out as
/// `labs/<folder>/main.rs` next to a copy of the `labs/common` crate, on
/// which they depend as `common`, as the labs of the project do.
pub fn write_package(dir: &Path, labs: &[PackageLab]) {
    let _ = fs::remove_dir_all(dir);
    copy_dir(&root().join("labs").join("common"), &dir.join("labs").join("common"));
    // labs/common takes its versions from the workspace, as in the project.
    let mut manifest = format!(
        "[package]\nname = \"ipclab-graded\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\nautobins = false\n\n\
         [workspace]\n\n[workspace.package]\n{}\n\n[workspace.dependencies]\n{}\n{}\n\n\
         [dependencies]\nlibc = \"0.2\"\n{}\ncommon = {{ package = \"ipclab-labs-common\", path = \"labs/common\" }}\n\n\
         [profile.dev]\ndebug = \"line-tables-only\"\n",
        manifest_section("workspace.package").trim(),
        workspace_dependency("libc"),
        workspace_dependency("nix"),
        nix_dependency()
    );
    for lab in labs {
        let lab_dir = dir.join("labs").join(&lab.folder);
        fs::create_dir_all(&lab_dir).expect("create a lab folder");
        fs::write(lab_dir.join("main.rs"), &lab.source).expect("write a lab");
        manifest.push_str(&format!("\n[[bin]]\nname = \"{}\"\npath = \"labs/{}/main.rs\"\n", lab.bin, lab.folder));
    }
    fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    // The project's lock file pins the same versions the labs build with.
    fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// The target directory the generated packages share (nix is built once).
pub fn shared_target() -> PathBuf {
    work_dir("graded-labs-target")
}

/// Builds every binary of the package at `dir` in one `cargo build`;
/// returns the executables by binary name.
pub fn build_package(dir: &Path) -> BTreeMap<String, PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(dir)
        .args(["build", "--offline", "--bins", "--message-format=json-render-diagnostics"])
        .env("CARGO_TARGET_DIR", shared_target())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "building the package at {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut exes = BTreeMap::new();
    for line in out.stdout.lines().map_while(Result::ok) {
        let Ok(msg) = serde_json::from_str::<Value>(&line) else { continue };
        if msg["reason"] == "compiler-artifact"
            && let (Some(name), Some(exe)) = (msg["target"]["name"].as_str(), msg["executable"].as_str())
        {
            exes.insert(name.to_string(), PathBuf::from(exe));
        }
    }
    exes
}

/// The mutants' executables, built once per test binary.
pub fn mutant_executables() -> &'static BTreeMap<String, PathBuf> {
    static BUILT: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = work_dir("mutants").join("package");
        let all = mutants();
        let labs: Vec<PackageLab> =
            all.iter().map(|m| PackageLab { folder: m.bin(), bin: m.bin(), source: m.source() }).collect();
        write_package(&dir, &labs);
        // A lab split into modules: the files beside main.rs.
        for m in &all {
            for (relative, text) in m.files().into_iter().filter(|(p, _)| p != Path::new("main.rs")) {
                let path = dir.join("labs").join(m.bin()).join(relative);
                fs::create_dir_all(path.parent().expect("a folder")).expect("create a module folder");
                fs::write(&path, text).expect("write a module");
            }
        }
        build_package(&dir)
    })
}

/// System V ids that exist now, from /proc/sysvipc/{msg,shm,sem}.
pub fn sysv_ids(kind: &str) -> Vec<i64> {
    let text = fs::read_to_string(format!("/proc/sysvipc/{kind}")).unwrap_or_default();
    text.lines().skip(1).filter_map(|l| l.split_whitespace().nth(1)?.parse().ok()).collect()
}

/// Whether labs can be sandboxed here (bubblewrap installed, user
/// namespaces allowed): `ipclab grade` refuses to grade otherwise.
pub fn sandbox_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let ok = Command::new("bwrap")
            .args(["--unshare-user", "--unshare-pid", "--ro-bind", "/", "/", "true"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("note: no sandbox here (bubblewrap missing or user namespaces refused): grading --unsandboxed");
        }
        ok
    })
}

/// `ipclab grade` with `args`, sandboxed where it can be, else `--unsandboxed`
/// (tests of the reference and the handout, which are trusted code).
pub fn grade_args<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["grade"];
    all.extend_from_slice(args);
    if !sandbox_available() {
        all.push("--unsandboxed");
    }
    all
}

/// Runs ipclab with `args`, its standard output and error on one
/// pseudo-terminal (as a student's shell gives it), without colour; returns
/// what it printed and its exit status.
pub fn ipclab_on_terminal(args: &[&str]) -> (String, Option<i32>) {
    ipclab_on_terminal_with(args, &[])
}

/// [`ipclab_on_terminal`] that sends SIGINT to ipclab alone (as `kill -INT`
/// does; it passes it on to the lab) once `now(printed, quiet)` says so,
/// given what it printed so far and how long it has printed nothing. The
/// run's `--timeout` stays the bound of a run that never gets there.
pub fn ipclab_on_terminal_interrupted(
    args: &[&str],
    now: impl Fn(&str, std::time::Duration) -> bool,
) -> (String, Option<i32>) {
    ipclab_on_pty(args, &[], now)
}

/// [`ipclab_on_terminal`] with variables `env` set.
pub fn ipclab_on_terminal_with(args: &[&str], env: &[(&str, &str)]) -> (String, Option<i32>) {
    ipclab_on_pty(args, env, |_, _| false)
}

/// ipclab with `args` and variables `env`, its standard output and error a
/// pseudo-terminal read until every process holding it is gone; SIGINT
/// sent to ipclab alone once `now` (given what was printed so far and the
/// time since the last output) says so.
fn ipclab_on_pty(
    args: &[&str],
    env: &[(&str, &str)],
    now: impl Fn(&str, std::time::Duration) -> bool,
) -> (String, Option<i32>) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::io::Read;
    use std::os::fd::AsFd;
    let pty = nix::pty::openpty(None, None).expect("a pseudo-terminal (is /dev/pts mounted?)");
    for fd in [&pty.master, &pty.slave] {
        nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC)).expect("FD_CLOEXEC");
    }
    let out = fs::File::from(pty.slave.try_clone().expect("dup"));
    let err = fs::File::from(pty.slave);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    command.env("IPCLAB_LANG", "en");
    command.args(args).env("NO_COLOR", "1").stdin(std::process::Stdio::null()).stdout(out).stderr(err);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("ipclab runs");
    // Our copies of the slave side went into the child: without them, the
    // master reads until every process holding the slave is gone (EIO).
    drop(command);
    let mut master = fs::File::from(pty.master);
    let (mut bytes, mut buf) = (Vec::new(), [0u8; 8192]);
    let (mut last, mut interrupted) = (std::time::Instant::now(), false);
    loop {
        let mut fds = [PollFd::new(master.as_fd(), PollFlags::POLLIN)];
        if poll(&mut fds, PollTimeout::from(50u16)).unwrap_or(0) > 0 {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    bytes.extend_from_slice(&buf[..n]);
                    last = std::time::Instant::now();
                }
            }
        }
        if !interrupted && now(&String::from_utf8_lossy(&bytes), last.elapsed()) {
            let pid = nix::unistd::Pid::from_raw(child.id() as i32);
            nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("SIGINT to ipclab");
            interrupted = true;
        }
    }
    let status = child.wait().expect("wait for ipclab");
    (String::from_utf8_lossy(&bytes).replace("\r\n", "\n"), status.code())
}

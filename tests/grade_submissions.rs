//! Grading submissions and classes: `ipclab grade --class`, `--submission`
//! and `--exercism`, on the reference solution and on hostile submissions
//! (a forged result written through /proc then the grader killed, the
//! grader stopped, the reference read through /proc or included at compile
//! time, missing and symlinked labs, shared memory for show, a constant
//! counter, a previous student's older files). Each asserts the score.
//!
//! The class is graded once per test binary (two submissions at a time);
//! where labs cannot be sandboxed (no bubblewrap, user namespaces refused)
//! the tests say so and pass without grading.

mod grade_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use grade_support::{ipclab, root, work_dir};
use serde_json::Value;

/// Where the trusted checkout is, as a hostile lab would guess it.
fn trusted() -> String {
    root().display().to_string()
}

fn reference(lab: &str) -> String {
    fs::read_to_string(root().join("labs").join(lab).join("main.rs")).expect("a lab's source")
}

/// Copies every `.rs` file of the reference's lab `lab` into submission `dir`.
fn copy_lab(dir: &Path, lab: &str) {
    fn walk(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("a lab folder");
        for e in fs::read_dir(from).expect("a lab folder").flatten() {
            let (src, dst) = (e.path(), to.join(e.file_name()));
            if src.is_dir() {
                walk(&src, &dst);
            } else if src.extension().is_some_and(|x| x == "rs") {
                fs::copy(&src, &dst).expect("copy a source");
            }
        }
    }
    walk(&root().join("labs").join(lab), &dir.join("labs").join(lab));
}

fn write(dir: &Path, lab: &str, source: &str) {
    let folder = dir.join("labs").join(lab);
    fs::create_dir_all(&folder).expect("a lab folder");
    fs::write(folder.join("main.rs"), source).expect("a lab's main.rs");
}

/// `text` with `from` (which must occur once) replaced by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "the reference no longer has {from:?}");
    text.replacen(from, to, 1)
}

/// A lab 01 that prints the lines the lesson shows and makes no IPC at all,
/// after trying to forge the grader's result through /proc/PID/fd/1 and to
/// kill the grader (its parent, PID 1, every process it may signal).
fn forger() -> String {
    let lines: Vec<String> = [
        "child: fork() returned 0 here; my own pid is 7",
        "child: received \\\"hello through the pipe\\\\n\\\"",
        "parent: fork() returned 7, the child's pid; the child exited with status 0",
    ]
    .iter()
    .map(|l| format!("    println!(\"{l}\");\n"))
    .collect();
    format!(
        r#"use std::io::Write;
fn main() {{
    common::begin("01_pipe");
{}    let _ = std::io::stdout().flush();
    let forged = "{{\"version\":1,\"status\":\"pass\",\"score\":90,\"max_score\":90,\"tests\":[],\"labs\":[]}}\n";
    let ppid = std::os::unix::process::parent_id();
    let mut targets = vec![format!("/proc/{{ppid}}/fd/1"), "/proc/1/fd/1".to_string()];
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {{
        let n = e.file_name().to_string_lossy().into_owned();
        if n.bytes().all(|b| b.is_ascii_digit()) {{
            for fd in 0..16 {{ targets.push(format!("/proc/{{n}}/fd/{{fd}}")); }}
        }}
    }}
    for t in &targets {{
        if t.starts_with("/proc/self") {{ continue; }}
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(t) {{
            let _ = f.write_all(forged.as_bytes());
        }}
    }}
    unsafe {{
        libc::kill(ppid as i32, libc::SIGKILL);
        libc::kill(1, libc::SIGKILL);
        libc::kill(-1, libc::SIGKILL);
    }}
}}
"#,
        lines.concat()
    )
}

/// A lab 02 that tries to stop the grader: its parent, PID 1, everyone.
const STOPPER: &str = r#"fn main() {
    common::begin("02_fifo");
    let ppid = std::os::unix::process::parent_id();
    unsafe {
        libc::kill(ppid as i32, libc::SIGSTOP);
        libc::kill(1, libc::SIGSTOP);
        libc::kill(-1, libc::SIGSTOP);
    }
    println!("reader: got \"first line\"");
}
"#;

/// A lab 03 that looks for the reference solution through /proc and the
/// trusted checkout's path, and prints what it finds.
fn thief() -> String {
    format!(
        r#"fn main() {{
    common::begin("03_message_queue");
    let root = "{root}";
    let ppid = std::os::unix::process::parent_id();
    let lab = "labs/03_message_queue/main.rs";
    let paths = [
        format!("/proc/{{ppid}}/environ"),
        "/proc/1/environ".to_string(),
        format!("/proc/{{ppid}}/root{{root}}/{{lab}}"),
        format!("/proc/1/root{{root}}/{{lab}}"),
        format!("{{root}}/{{lab}}"),
        format!("/proc/{{ppid}}/cwd/{{lab}}"),
        format!("/proc/1/cwd/{{lab}}"),
        format!("/proc/{{ppid}}/exe"),
        "/proc/1/exe".to_string(),
    ];
    for p in &paths {{
        match std::fs::read(p) {{
            Ok(bytes) => {{
                let text = String::from_utf8_lossy(&bytes);
                for l in text.lines().filter(|l| l.contains("SOLUTION") || l.contains("TOKEN")).take(2) {{
                    println!("stolen from {{p}}: {{l}}");
                }}
                println!("read {{p}}: {{}} bytes", bytes.len());
            }}
            Err(e) => println!("{{p}}: {{e}}"),
        }}
    }}
}}
"#,
        root = trusted()
    )
}

/// Lab 04 with the shared memory calls made for show: the greeting goes
/// through a file, and the parent prints what it read from the file.
fn shm_for_show() -> String {
    let lab = reference("04_shared_memory");
    let lab = edit(
        &lab,
        "unsafe { std::ptr::copy_nonoverlapping(GREETING.as_ptr(), addr.as_ptr().cast::<u8>(), GREETING.len()) };",
        "std::fs::write(std::env::temp_dir().join(\"greeting\"), GREETING).context(\"write\")?;",
    );
    edit(
        &lab,
        "let text: Vec<u8> = bytes.iter().copied().take_while(|&b| b != 0).collect();",
        "let _ = bytes;\n    let text = std::fs::read(std::env::temp_dir().join(\"greeting\")).context(\"read\")?;",
    )
}

/// Lab 05 taking and giving back the semaphore in each round, but counting
/// outside it, and printing the expected counter whatever it is.
fn constant_counter() -> String {
    let lab = reference("05_semaphore");
    let lab = edit(
        &lab,
        "        lock(semaphore)?;\n        let value = counter.load(Ordering::Relaxed);\n        widen_window();\n        counter.store(value + 1, Ordering::Relaxed);\n        unlock(semaphore)?;",
        "        lock(semaphore)?;\n        unlock(semaphore)?;\n        let value = counter.load(Ordering::Relaxed);\n        widen_window();\n        counter.store(value + 1, Ordering::Relaxed);",
    );
    edit(
        &lab,
        "println!(\"parent: counter = {total} (expected {})\", 2 * ROUNDS);",
        "let _ = total;\n    println!(\"parent: counter = 200 (expected 200)\");",
    )
}

/// The class: the reference, a hostile submission, one with an old file
/// time (and a lab that includes the reference at compile time, one that
/// only prints), and one with no labs at all.
fn make_class(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
    let labs: Vec<String> = fs::read_dir(root().join("labs"))
        .expect("labs/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .collect();
    let good = dir.join("reference");
    for lab in &labs {
        copy_lab(&good, lab);
    }

    let bad = dir.join("hostile");
    write(&bad, "01_pipe", &forger());
    write(&bad, "02_fifo", STOPPER);
    write(&bad, "03_message_queue", &thief());
    write(&bad, "04_shared_memory", &shm_for_show());
    write(&bad, "05_semaphore", &constant_counter());
    // 06_signal is missing.
    fs::create_dir_all(bad.join("labs/07_socket")).unwrap();
    std::os::unix::fs::symlink(root().join("labs/07_socket/main.rs"), bad.join("labs/07_socket/main.rs")).unwrap();
    std::os::unix::fs::symlink(root().join("labs/08_file"), bad.join("labs/08_file")).unwrap();
    // Lab 09 whole, but one of its modules a symbolic link to the reference's.
    copy_lab(&bad, "09_compare");
    let module = bad.join("labs/09_compare/mechanisms/ring.rs");
    fs::remove_file(&module).unwrap();
    std::os::unix::fs::symlink(root().join("labs/09_compare/mechanisms/ring.rs"), &module).unwrap();

    // Graded after the reference, with a file time long before its build:
    // a shared target directory would take the reference's binary for it.
    let old = dir.join("zz_old_file_time");
    write(&old, "01_pipe", "fn main() { common::begin(\"01_pipe\"); println!(\"nothing\"); }\n");
    // Lab 02 including the reference at compile time.
    let stolen = format!(
        "const STOLEN: &str = include_str!(\"{}/labs/02_fifo/main.rs\");\nfn main() {{ print!(\"{{STOLEN}}\"); }}\n",
        trusted()
    );
    write(&old, "02_fifo", &stolen);
    let file = fs::File::options().write(true).open(old.join("labs/01_pipe/main.rs")).unwrap();
    file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000)).unwrap();

    // Lab 06 printing every line its lesson shows, with no signal sent.
    let print_only = "fn main() {\n    common::begin(\"06_signal\");\n    println!(\"child: SIGUSR1 is pending: true\");\n    \
        println!(\"child: SIGUSR1 was sent 3 times while blocked; the handler ran 1 time(s)\");\n    \
        println!(\"parent: SIGCHLD arrived; reaped the child, exit status 0\");\n}\n";
    write(&old, "06_signal", print_only);
    // Lab 03 blocked for good in a read of its own pipe.
    let hangs = "fn main() {\n    common::begin(\"03_message_queue\");\n    let (r, _w) = nix::unistd::pipe().unwrap();\n    \
        let _ = nix::unistd::read(&r, &mut [0u8; 1]);\n}\n";
    write(&old, "03_message_queue", hangs);

    fs::create_dir_all(dir.join("empty")).unwrap();
}

/// The class's results directory, graded once; None where labs cannot be
/// sandboxed here.
fn graded() -> Option<&'static PathBuf> {
    static RESULTS: OnceLock<Option<PathBuf>> = OnceLock::new();
    RESULTS
        .get_or_init(|| {
            let class = work_dir("class").join("submissions");
            let results = work_dir("class").join("results");
            let _ = fs::remove_dir_all(&results);
            make_class(&class);
            let out = ipclab(
                &[
                    "grade",
                    "--class",
                    class.to_str().unwrap(),
                    "--out",
                    results.to_str().unwrap(),
                    "--jobs",
                    "2",
                    "--timeout",
                    "10",
                ],
                &[],
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            if stderr.contains("cannot sandbox the labs on this machine") {
                eprintln!("skipped: {}", stderr.trim());
                return None;
            }
            assert_eq!(out.status.code(), Some(0), "the class is graded:\n{stderr}");
            Some(results)
        })
        .as_ref()
}

fn result(name: &str) -> Option<Value> {
    let dir = graded()?;
    let text = fs::read_to_string(dir.join(format!("{name}.json"))).expect("a result file");
    Some(serde_json::from_str(&text).expect("a JSON result"))
}

/// The lab's entry in `labs`.
fn lab<'a>(v: &'a Value, lab: &str) -> &'a Value {
    v["labs"].as_array().unwrap().iter().find(|l| l["lab"] == lab).unwrap_or_else(|| panic!("no {lab} in {v}"))
}

/// The check's entry in `tests`.
fn check<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["tests"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("no {name} in {v}"))
}

/// How many labs the course has (folders `labs/NN_name` with a main.rs),
/// and so how many points: 10 each.
fn course_labs() -> usize {
    fs::read_dir(root().join("labs"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().as_bytes().first().is_some_and(u8::is_ascii_digit))
        .filter(|e| e.path().join("main.rs").is_file())
        .count()
}

#[test]
fn the_reference_scores_every_point_in_a_class_beside_hostile_code() {
    let Some(v) = result("reference") else { return };
    let (n, max) = (course_labs(), 10 * course_labs() as u64);
    assert_eq!((v["score"].as_u64(), v["max_score"].as_u64()), (Some(max), Some(max)), "{v:#}");
    let csv = fs::read_to_string(graded().unwrap().join("summary.csv")).unwrap();
    assert!(csv.starts_with("submission,01_pipe,"), "{csv}");
    assert!(csv.contains(&format!("\nreference,{}{max},{max},pass\n", "10,".repeat(n))), "{csv}");
    assert!(
        csv.contains(&format!("\nempty,{}0,{max},fail\n", ",".repeat(n)))
            || csv.contains(&format!("\nempty,{}0,{max},fail\n", "0,".repeat(n))),
        "{csv}"
    );
}

#[test]
fn a_forged_result_written_through_proc_and_a_killed_grader_change_nothing() {
    let Some(v) = result("hostile") else { return };
    assert_ne!(v["score"], 90, "the forged 90/90 was taken: {v:#}");
    assert_eq!(v["labs"].as_array().unwrap().len(), course_labs(), "{v:#}");
    assert_eq!(lab(&v, "01_pipe")["score"], 0, "print-only lab 01: {v:#}");
    // Its kill(-1, SIGKILL) reached only its own sandbox (bubblewrap, whose
    // death takes the lab with it, unless the lab ended first), and what it
    // forged went, at most, into its own output: whichever, it made no IPC.
    let runs = check(&v, "01_pipe/runs");
    assert_eq!(runs["status"], "fail");
    let message = runs["message"].as_str().unwrap();
    let why = ["killed by SIGKILL", "no IPC happened", "the output to include the line"];
    assert!(why.iter().any(|w| message.contains(w)), "{runs:#}");
}

#[test]
fn a_lab_that_stops_the_grader_only_stops_itself() {
    let Some(v) = result("hostile") else { return };
    assert_eq!(lab(&v, "02_fifo")["score"], 0, "{v:#}");
    // The labs after it were graded: the grader was not stopped.
    assert_eq!(lab(&v, "04_shared_memory")["status"], "fail");
}

#[test]
fn a_lab_cannot_read_the_reference_through_proc_or_at_compile_time() {
    let Some(v) = result("hostile") else { return };
    let text = v.to_string();
    assert!(!text.contains("BEGIN SOLUTION"), "the reference leaked into the result: {v:#}");
    assert!(!text.contains("stolen from"), "the lab read something it should not: {v:#}");
    let runs = check(&v, "03_message_queue/runs")["message"].as_str().unwrap().to_string();
    assert!(runs.contains("/proc/1/environ: Permission denied"), "the lab's attempts show in its feedback: {runs}");
    assert!(runs.contains("/proc/1/root"), "{runs}");
    let Some(old) = result("zz_old_file_time") else { return };
    assert!(!old.to_string().contains("BEGIN SOLUTION"), "the reference leaked at compile time: {old:#}");
    let lab02 = lab(&old, "02_fifo");
    assert_eq!(lab02["score"], 0);
    let error = lab02["error"].as_str().unwrap();
    assert!(error.contains("does not compile") && error.contains("couldn't read"), "{error}");
}

#[test]
fn missing_and_symlinked_labs_score_zero_with_one_line_saying_so() {
    let Some(v) = result("hostile") else { return };
    let missing = lab(&v, "06_signal");
    assert_eq!(missing["score"], 0);
    assert_eq!(missing["error"], "labs/06_signal/main.rs is missing from the submission (0 points)");
    for (name, what) in
        [("07_socket", "main.rs is a symbolic link"), ("08_file", "the lab's folder is a symbolic link")]
    {
        let l = lab(&v, name);
        assert_eq!(l["score"], 0, "{name}: {v:#}");
        let error = l["error"].as_str().unwrap();
        assert!(error.contains(what) && !error.contains('\n'), "{name}: {error}");
    }
}

#[test]
fn shared_memory_for_show_loses_the_greeting_check() {
    let Some(v) = result("hostile") else { return };
    let posix = check(&v, "04_shared_memory/posix_object");
    assert_eq!(posix["status"], "fail", "{v:#}");
    assert!(posix["message"].as_str().unwrap().contains("through the shared mapping"), "{posix:#}");
    assert_eq!(lab(&v, "04_shared_memory")["score"], 8, "only the greeting's 2 points are lost: {v:#}");
}

#[test]
fn a_constant_counter_printed_over_lost_updates_loses_the_lock_check() {
    let Some(v) = result("hostile") else { return };
    let lock = check(&v, "05_semaphore/lock_each_increment");
    assert_eq!(lock["status"], "fail", "{v:#}");
    let message = lock["message"].as_str().unwrap();
    // Judged from the segment: its critical sections (read as each -1
    // returned and as its +1 was called) add nothing, whatever it printed.
    assert!(message.contains("as the semop -1 returned") && !message.contains("counter = 200 "), "{message}");
}

#[test]
fn printing_what_the_lesson_shows_with_no_ipc_earns_nothing() {
    let Some(v) = result("zz_old_file_time") else { return };
    assert_eq!(lab(&v, "06_signal")["score"], 0, "{v:#}");
    let runs = check(&v, "06_signal/runs");
    assert_eq!(runs["status"], "fail");
    assert!(runs["message"].as_str().unwrap().contains("no IPC happened"), "{runs:#}");
}

#[test]
fn a_hang_report_names_the_lab_s_processes_not_the_sandbox_s() {
    let Some(v) = result("zz_old_file_time") else { return };
    let runs = check(&v, "03_message_queue/runs")["message"].as_str().unwrap().to_string();
    assert!(runs.contains("still running after 10 s"), "{runs}");
    assert!(runs.contains(": blocked in read(3<pipe:["), "{runs}");
    assert_eq!(runs.matches(": blocked in ").count(), 1, "only the lab's process is blocked: {runs}");
}

#[test]
fn an_older_file_time_never_grades_another_student_s_binary() {
    let Some(v) = result("zz_old_file_time") else { return };
    assert_eq!(lab(&v, "01_pipe")["score"], 0, "{v:#}");
    assert_eq!(v["score"], 0, "{v:#}");
}

#[test]
fn exercism_writes_results_version_3_with_the_compiler_s_message_and_exits_0() {
    if graded().is_none() {
        return;
    }
    let out_dir = work_dir("exercism-out");
    let _ = fs::remove_file(out_dir.join("results.json"));
    let input = work_dir("class").join("submissions").join("zz_old_file_time");
    let out = ipclab(&["grade", "--exercism", "fifo", input.to_str().unwrap(), out_dir.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_str(&fs::read_to_string(out_dir.join("results.json")).unwrap()).unwrap();
    assert_eq!(v["version"], 3);
    assert_eq!(v["status"], "error", "{v:#}");
    assert!(v["message"].as_str().unwrap().contains("couldn't read"), "{v:#}");
    assert!(v["tests"].as_array().unwrap().iter().all(|t| t["task_id"] == 2), "{v:#}");
}

#[test]
fn a_submission_that_is_not_a_directory_is_one_line_and_status_2() {
    let out = ipclab(&["grade", "--submission", "/nonexistent/submission"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ipclab: --submission /nonexistent/submission: no such directory\n"
    );
}

#[test]
fn without_bubblewrap_grading_refuses_with_one_line_unless_unsandboxed() {
    let empty = work_dir("no-bwrap-path");
    let sub = work_dir("no-bwrap-submission");
    let run = |extra: &[&str]| {
        let mut args = vec!["grade", "--submission", sub.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        ipclab(&args, &[("PATH", empty.as_path())])
    };
    let out = run(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty(), "no scores: {}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        err,
        "ipclab: cannot sandbox the labs on this machine: bubblewrap (bwrap) is not installed: install it \
         (apt-get install bubblewrap); or grade with --unsandboxed, trusting the code\n"
    );
    // --unsandboxed grades: this submission has no labs, so every lab scores 0.
    let out = run(&["--unsandboxed"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((v["score"].as_u64(), v["max_score"].as_u64()), (Some(0), Some(10 * course_labs() as u64)), "{v:#}");
}

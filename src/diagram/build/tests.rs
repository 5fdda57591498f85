//! The builder on small traces: labels and bars a test can name.

use super::*;

fn contents(json: &str) -> J {
    crate::diagram::json::parse(json.as_bytes()).unwrap()
}

#[test]
fn a_binary_counter_is_drawn_byte_for_byte_from_the_exact_hex() {
    // Lab 05's segment: 2, then the counter 200 (0xc8, not UTF-8 alone).
    let c = contents(
        r#"{"data":"\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000\ufffd","hex":"0200000000000000c8","read":64,"size":4096}"#,
    );
    assert_eq!(contents_label(&c).unwrap(), "bytes 02 00 00 00 00 00 00 00 c8");
    let long = contents(r#"{"data":"","hex":"0102030405060708090a0b0c0d","read":64,"size":64}"#);
    assert_eq!(contents_label(&long).unwrap(), "bytes 01 02 03 04 05 06 07 08 09 0a 0b 0c …");
}

#[test]
fn text_is_quoted_and_zeros_said_and_an_old_trace_marks_what_it_lost() {
    let text = contents(
        r#"{"data":"hello from the child","hex":"68656c6c6f2066726f6d20746865206368696c64","read":64,"size":4096}"#,
    );
    assert_eq!(contents_label(&text).unwrap(), "\"hello from the child\"");
    let zeros = contents(r#"{"data":"","hex":"","read":64,"size":4096}"#);
    assert_eq!(contents_label(&zeros).unwrap(), "only zero bytes");
    // Without `hex` (a trace recorded before it): a byte that was not
    // UTF-8, or any non-ASCII character, is not known byte for byte.
    let old = contents(r#"{"data":"\u0002\u0000\u0000\u0000\ufffd\u00e9","read":64,"size":4096}"#);
    assert_eq!(contents_label(&old).unwrap(), "bytes 02 00 00 00 ?? ??");
    assert_eq!(contents_label(&contents(r#"{"read":64}"#)), None);
}

#[test]
fn a_signal_to_no_traced_process_says_to_whom_and_how_it_failed() {
    let trace = [
        r#"{"type":"syscall","pid":10,"tid":10,"time":0.1,"name":"tgkill","args":{"tgid":10,"tid":10,"sig":"SIGUSR1"},"ret":0,"errno":null}"#,
        r#"{"type":"syscall","pid":10,"tid":10,"time":0.2,"name":"kill","args":{"pid":0,"sig":"SIGTERM"},"ret":0,"errno":null}"#,
        r#"{"type":"syscall","pid":10,"tid":10,"time":0.3,"name":"kill","args":{"pid":999999,"sig":"SIGUSR2"},"ret":-1,"errno":"ESRCH"}"#,
        r#"{"type":"syscall","pid":10,"tid":10,"time":0.4,"name":"kill","args":{"pid":-7,"sig":"SIGHUP"},"ret":0,"errno":null}"#,
    ]
    .join("\n");
    let d = crate::diagram::read_trace(trace.as_bytes(), "test").unwrap();
    let labels: Vec<(&str, bool)> = d.steps.iter().map(|s| (s.label.as_str(), s.failed)).collect();
    assert_eq!(
        labels,
        [
            ("tgkill SIGUSR1 to itself", false),
            ("kill SIGTERM to its own process group", false),
            ("kill SIGUSR2 to pid 999999, not traced = -1 ESRCH", true),
            ("kill SIGHUP to process group 7", false),
        ]
    );
}

#[test]
fn every_thread_the_hang_report_names_gets_its_never_returned_bar() {
    // The parent waits in msgrcv first; nothing is drawn between its
    // wait and the report (the child's wait draws no step of its own).
    let trace = [
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"msgget","args":{"key":"IPC_PRIVATE","msgflg":"0600"},"ret":7,"errno":null}"#,
        r#"{"type":"spawn","pid":1,"tid":1,"time":0.2,"child":2,"thread":false,"via":"clone"}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.2,"name":"clone","args":{"flags":"SIGCHLD"},"ret":2,"errno":null}"#,
        r#"{"type":"unfinished","pid":1,"tid":1,"time":0.3,"name":"msgrcv"}"#,
        r#"{"type":"unfinished","pid":2,"tid":2,"time":1.0,"name":"msgrcv"}"#,
        r#"{"type":"hang","pid":1,"tid":1,"time":1.0,"tasks":[{"pid":1,"tid":1,"call":"msgrcv(7, ..., 8, 2, 0)","call_name":"msgrcv","object":"msqid 7","facts":[]},{"pid":2,"tid":2,"call":"msgrcv(7, ..., 8, 0, 0)","call_name":"msgrcv","object":"msqid 7","facts":[]}]}"#,
    ]
    .join("\n");
    let d = crate::diagram::read_trace(trace.as_bytes(), "test").unwrap();
    let hung: Vec<&str> =
        d.spans.iter().filter(|s| s.kind == SpanKind::Hung).map(|s| d.lanes[s.lane].title.as_str()).collect();
    assert_eq!(hung, ["pid 1", "pid 2"], "{:?}", d.spans);
}

fn draw(lines: &[&str]) -> Diagram {
    crate::diagram::read_trace(lines.join("\n").as_bytes(), "test").unwrap()
}

/// Each lane's header, `title: name`.
fn headers(d: &Diagram) -> Vec<String> {
    d.lanes.iter().map(|l| format!("{}: {}", l.title, l.name)).collect()
}

#[test]
fn a_server_its_connection_and_a_failed_bind_to_its_name_are_three_socket_lanes() {
    let d = draw(&[
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"socket","args":{"domain":"AF_UNIX"},"ret":3,"errno":null,"ret_value":{"fd":3,"target":"socket:[11]"}}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.2,"name":"bind","args":{"sockfd":{"fd":3,"target":"socket:[11]"},"addr":{"sa_family":"AF_UNIX","sun_path":"/run/s.sock"}},"ret":0,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.3,"name":"listen","args":{"sockfd":{"fd":3,"target":"socket:[11]"},"backlog":1},"ret":0,"errno":null}"#,
        r#"{"type":"kernel","pid":1,"tid":1,"time":0.3,"object":"socket","ino":11,"state":"listening","path":"/run/s.sock","peer":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.4,"name":"socket","args":{"domain":"AF_UNIX"},"ret":4,"errno":null,"ret_value":{"fd":4,"target":"socket:[12]"}}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.5,"name":"connect","args":{"sockfd":{"fd":4,"target":"socket:[12]"},"addr":{"sa_family":"AF_UNIX","sun_path":"/run/s.sock"}},"ret":0,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.6,"name":"accept4","args":{"sockfd":{"fd":3,"target":"socket:[11]"}},"ret":5,"errno":null,"ret_value":{"fd":5,"target":"socket:[13]"}}"#,
        // An accepted socket reports its server's name: it is not the server.
        r#"{"type":"kernel","pid":1,"tid":1,"time":0.6,"object":"socket","ino":13,"state":"connected","path":"/run/s.sock","peer":12}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.7,"name":"write","args":{"fd":{"fd":4,"target":"socket:[12]"},"buf":"hi","count":2},"ret":2,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.8,"name":"read","args":{"fd":{"fd":5,"target":"socket:[13]"},"buf":"hi","count":64},"ret":2,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.9,"name":"socket","args":{"domain":"AF_UNIX"},"ret":6,"errno":null,"ret_value":{"fd":6,"target":"socket:[14]"}}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":1.0,"name":"bind","args":{"sockfd":{"fd":6,"target":"socket:[14]"},"addr":{"sa_family":"AF_UNIX","sun_path":"/run/s.sock"}},"ret":-1,"errno":"EADDRINUSE"}"#,
    ]);
    assert_eq!(
        headers(&d),
        [
            "pid 1: (program)",
            "listening socket: /run/s.sock",
            "connection to s.sock: socket:[12] ↔ [13]",
            "Unix socket: socket:[14]"
        ]
    );
    let on = |label: &str| {
        let s = d.steps.iter().find(|s| s.label.starts_with(label)).unwrap_or_else(|| panic!("{label}"));
        d.lanes[s.to.unwrap()].title.clone()
    };
    assert_eq!(on("write \"hi\""), "connection to s.sock");
    assert_eq!(on("read \"hi\""), "connection to s.sock");
    assert_eq!(on("accept4 → fd 5"), "listening socket");
    assert_eq!(on("bind s.sock = -1 EADDRINUSE"), "Unix socket");
}

#[test]
fn an_abstract_name_as_a_call_writes_it_and_as_the_kernel_view_does_is_one_name() {
    let d = draw(&[
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"socket","args":{},"ret":3,"errno":null,"ret_value":{"fd":3,"target":"socket:[21]"}}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.2,"name":"bind","args":{"sockfd":{"fd":3,"target":"socket:[21]"},"addr":{"sa_family":"AF_UNIX","sun_path":"@\"lab\""}},"ret":0,"errno":null}"#,
        r#"{"type":"kernel","pid":1,"tid":1,"time":0.2,"object":"socket","ino":21,"state":"unconnected","path":"@lab","peer":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.3,"name":"listen","args":{"sockfd":{"fd":3,"target":"socket:[21]"}},"ret":0,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.4,"name":"socket","args":{},"ret":4,"errno":null,"ret_value":{"fd":4,"target":"socket:[22]"}}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.5,"name":"connect","args":{"sockfd":{"fd":4,"target":"socket:[22]"},"addr":{"sa_family":"AF_UNIX","sun_path":"@\"lab\""}},"ret":0,"errno":null}"#,
    ]);
    assert_eq!(headers(&d), ["pid 1: (program)", "listening socket: @lab", "connection to @lab: socket:[22]"]);
}

#[test]
fn a_thread_is_marked_where_it_starts_and_ends_and_its_calls_name_it() {
    let d = draw(&[
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"pipe2","args":{"pipefd":[{"fd":3,"target":"pipe:[5]"},{"fd":4,"target":"pipe:[5]"}]},"ret":0,"errno":null}"#,
        r#"{"type":"spawn","pid":1,"tid":1,"time":0.2,"child":2,"thread":true,"via":"clone3"}"#,
        r#"{"type":"spawn","pid":1,"tid":2,"time":0.3,"child":3,"thread":true,"via":"clone3"}"#,
        r#"{"type":"syscall","pid":1,"tid":3,"time":0.4,"name":"write","args":{"fd":{"fd":4,"target":"pipe:[5]"},"buf":"x","count":1},"ret":1,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.5,"name":"read","args":{"fd":{"fd":3,"target":"pipe:[5]"},"buf":"x","count":9},"ret":1,"errno":null}"#,
        r#"{"type":"exit","pid":1,"tid":3,"time":0.6,"code":0}"#,
    ]);
    let labels: Vec<&str> = d.steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "pipe2 → fd 3 (read), fd 4 (write)",
            "thread 2 starts (clone3 CLONE_THREAD)",
            "thread 3 starts (clone3 CLONE_THREAD by thread 2)",
            "thread 3: write \"x\"",
            "read \"x\"",
            "thread 3 ends (exit 0)",
        ]
    );
    assert_eq!(d.processes(), 1, "threads have no lanes of their own");
}

#[test]
fn a_call_inject_made_fail_draws_no_object_and_no_arrow() {
    let d = draw(&[
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"pipe2","args":{"pipefd":null},"ret":-1,"errno":"EMFILE","injected":{"what":"error","errno":"EMFILE"}}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.2,"name":"msgsnd","args":{"msqid":7,"msgp":{"mtype":1,"mtext":"m"}},"ret":-1,"errno":"EINTR","injected":{"what":"error","errno":"EINTR"}}"#,
    ]);
    assert_eq!(d.objects(), 0, "{:?}", d.lanes);
    let steps: Vec<(&str, StepKind, Option<usize>)> =
        d.steps.iter().map(|s| (s.label.as_str(), s.kind, s.to)).collect();
    assert_eq!(
        steps,
        [
            ("pipe2 did not run (--inject EMFILE)", StepKind::Skipped, None),
            ("msgsnd msqid 7 did not run (--inject EINTR)", StepKind::Skipped, None),
        ]
    );
}

#[test]
fn an_ip_server_on_port_0_is_named_by_the_port_it_got_and_its_two_ends_say_which_they_are() {
    let addr = |port: u16| {
        format!(r#"{{"sa_family":"AF_INET","sin_port":"htons({port})","sin_addr":"inet_addr(\"127.0.0.1\")"}}"#)
    };
    let lines = [
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"socket","args":{},"ret":3,"errno":null,"ret_value":{"fd":3,"target":"socket:[31]"}}"#.to_string(),
        format!(r#"{{"type":"syscall","pid":1,"tid":1,"time":0.2,"name":"bind","args":{{"sockfd":{{"fd":3,"target":"socket:[31]"}},"addr":{}}},"ret":0,"errno":null}}"#, addr(0)),
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.3,"name":"listen","args":{"sockfd":{"fd":3,"target":"socket:[31]"}},"ret":0,"errno":null}"#.to_string(),
        format!(r#"{{"type":"syscall","pid":1,"tid":1,"time":0.4,"name":"getsockname","args":{{"sockfd":{{"fd":3,"target":"socket:[31]"}},"addr":{}}},"ret":0,"errno":null}}"#, addr(4242)),
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.5,"name":"socket","args":{},"ret":4,"errno":null,"ret_value":{"fd":4,"target":"socket:[32]"}}"#.to_string(),
        format!(r#"{{"type":"syscall","pid":1,"tid":1,"time":0.6,"name":"connect","args":{{"sockfd":{{"fd":4,"target":"socket:[32]"}},"addr":{}}},"ret":0,"errno":null}}"#, addr(4242)),
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.7,"name":"accept","args":{"sockfd":{"fd":3,"target":"socket:[31]"}},"ret":5,"errno":null,"ret_value":{"fd":5,"target":"socket:[33]"}}"#.to_string(),
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.8,"name":"write","args":{"fd":{"fd":5,"target":"socket:[33]"},"buf":"hi","count":2},"ret":2,"errno":null}"#.to_string(),
    ];
    let d = draw(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        headers(&d),
        [
            "pid 1: (program)",
            "listening socket: 127.0.0.1:4242",
            "connection to 127.0.0.1:4242: socket:[32]",
            "connection accepted on 127.0.0.1:4242: socket:[33]"
        ]
    );
}

#[test]
fn a_write_reported_returning_after_the_read_of_its_bytes_is_drawn_before_it() {
    // The child's write wakes the parent's read, and the tracer happens to
    // see the read return first: the write is drawn where it began.
    let d = draw(&[
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.1,"name":"pipe2","args":{"pipefd":[{"fd":3,"target":"pipe:[7]"},{"fd":4,"target":"pipe:[7]"}],"flags":"0"},"ret":0,"errno":null}"#,
        r#"{"type":"spawn","pid":1,"tid":1,"time":0.2,"child":2,"thread":false,"via":"clone"}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.2,"name":"clone","args":{"flags":"SIGCHLD"},"ret":2,"errno":null}"#,
        r#"{"type":"unfinished","pid":2,"tid":2,"time":0.3,"name":"write"}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.3,"name":"read","args":{"fd":{"fd":3,"target":"pipe:[7]"},"buf":"x","count":1},"ret":1,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.31,"name":"getpid","args":{},"ret":1,"errno":null}"#,
        r#"{"type":"syscall","pid":2,"tid":2,"time":0.32,"name":"write","args":{"fd":{"fd":4,"target":"pipe:[7]"},"buf":"x","count":1},"ret":1,"errno":null}"#,
        r#"{"type":"syscall","pid":2,"tid":2,"time":0.4,"name":"write","args":{"fd":{"fd":4,"target":"pipe:[7]"},"buf":"y","count":1},"ret":1,"errno":null}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.5,"name":"read","args":{"fd":{"fd":3,"target":"pipe:[7]"},"buf":"y","count":1},"ret":1,"errno":null}"#,
    ]);
    let data: Vec<(StepKind, &str)> = d
        .steps
        .iter()
        .filter(|s| matches!(s.kind, StepKind::Put | StepKind::Get))
        .map(|s| (s.kind, s.label.as_str()))
        .collect();
    assert_eq!(
        data,
        [
            (StepKind::Put, "write \"x\""),
            (StepKind::Get, "read \"x\""),
            (StepKind::Put, "write \"y\""),
            (StepKind::Get, "read \"y\"")
        ],
        "{:?}",
        d.steps
    );
}

#[test]
fn a_write_in_progress_while_another_object_is_read_keeps_its_place() {
    let d = draw(&[
        r#"{"type":"unfinished","pid":2,"tid":2,"time":0.3,"name":"write"}"#,
        r#"{"type":"syscall","pid":1,"tid":1,"time":0.3,"name":"read","args":{"fd":{"fd":3,"target":"pipe:[8]"},"buf":"a","count":1},"ret":1,"errno":null}"#,
        r#"{"type":"syscall","pid":2,"tid":2,"time":0.32,"name":"write","args":{"fd":{"fd":4,"target":"pipe:[7]"},"buf":"x","count":1},"ret":1,"errno":null}"#,
    ]);
    let calls: Vec<&str> = d.steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(calls, ["read \"a\"", "write \"x\""], "{:?}", d.steps);
}

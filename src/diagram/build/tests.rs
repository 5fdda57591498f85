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

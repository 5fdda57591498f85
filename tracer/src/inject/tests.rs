use super::*;

fn rule(spec: &str) -> Rule {
    spec.parse().unwrap_or_else(|e| panic!("{spec}: {e}"))
}

fn why(spec: &str) -> String {
    let err = spec.parse::<Rule>().expect_err(spec);
    assert_eq!(err.spec, spec);
    err.why.message(Lang::En)
}

#[test]
fn a_spec_names_calls_what_and_when() {
    let r = rule("msgrcv,msgsnd:EINTR:when=1");
    assert_eq!(r.calls, vec![Sysno::msgsnd, Sysno::msgrcv]);
    assert_eq!(r.what, What::Error(Errno(libc::EINTR)));
    assert_eq!(r.when, When { first: 1, step: 0 });
    assert_eq!(rule("write:short").when, When::ALWAYS);
    assert_eq!(rule("read:short=2").what, What::Short(Some(2)));
    assert!(why("read:short=0").starts_with("short=0:"));
    assert_eq!(rule("read:delay=250").what, What::Delay(Duration::from_millis(250)));
    assert_eq!(rule("semop:signal=SIGUSR1").what, What::Signal(libc::SIGUSR1));
    assert_eq!(rule("semop:signal=USR2").what, What::Signal(libc::SIGUSR2));
    assert_eq!(rule("write:error=ENOSPC").what, What::Error(Errno(libc::ENOSPC)));
    assert_eq!(rule("write:EAGAIN:when=2+").when, When { first: 2, step: 1 });
    assert_eq!(rule("write:EAGAIN:when=3+2").when, When { first: 3, step: 2 });
}

#[test]
fn a_class_selects_its_calls_as_e_does() {
    assert_eq!(rule("ipc:EINTR").calls, filter::parse("ipc").unwrap().unwrap());
}

#[test]
fn short_keeps_only_the_calls_whose_count_is_a_register() {
    let r = rule("pipe:short");
    assert!(r.calls.contains(&Sysno::write) && r.calls.contains(&Sysno::read));
    assert!(!r.calls.contains(&Sysno::pipe2), "pipe2 has no count");
    assert!(why("msgsnd:short").contains("short needs a call with a count argument"));
    assert!(why("sendmsg:short").contains("sendmsg has none"), "its count is in memory");
}

#[test]
fn an_error_is_never_injected_into_a_call_that_cannot_fail() {
    assert!(why("exit_group:EINTR").contains("exit_group never fails"));
    let r = rule("process:EAGAIN");
    assert!(r.calls.contains(&Sysno::clone) && !r.calls.contains(&Sysno::exit_group));
    assert!(rule("exit_group:delay=5").calls.contains(&Sysno::exit_group), "a delay is no error");
}

#[test]
fn each_wrong_part_is_named() {
    assert!(why("bogus:EINTR").contains("unknown call or class 'bogus'"));
    assert!(why("all:EINTR").contains("cannot be 'all'"));
    assert!(why("read:EBOGUS").contains("'EBOGUS' is not an error name"));
    assert!(why("read:ERESTARTSYS").contains("not an error name"), "a program never sees a restart code");
    assert!(why("read:delay=x").starts_with("delay=x:"));
    assert!(why("read:delay=0").starts_with("delay=0:"));
    assert!(why("read:signal=SIGNOPE").starts_with("signal=SIGNOPE: not a signal name"));
    assert!(why("read:signal=SIGKILL").contains("cannot be caught"));
    assert!(why("read:EINTR:when=0").starts_with("when=0:"));
    assert!(why("read:EINTR:when=2+0").starts_with("when=2+0:"));
    assert!(why("read:EINTR:every=2").contains("only when=N"));
    assert!(why("read").contains("the form is CALLS:WHAT"));
    assert!(why("read:EINTR:when=1:x").contains("the form is"));
    assert!(why(":EINTR").contains("CALLS is empty"));
    assert!(why("read:").contains("WHAT is empty"));
    let text = "read:EBOGUS".parse::<Rule>().unwrap_err().to_string();
    assert!(text.starts_with("--inject 'read:EBOGUS': "), "{text}");
}

#[test]
fn when_fires_on_the_nth_from_the_nth_and_every_sth() {
    let fired = |w: When| (1..=8).filter(|&n| w.fires(n)).collect::<Vec<u32>>();
    assert_eq!(fired(When { first: 3, step: 0 }), vec![3]);
    assert_eq!(fired(When { first: 3, step: 1 }), vec![3, 4, 5, 6, 7, 8]);
    assert_eq!(fired(When { first: 2, step: 3 }), vec![2, 5, 8]);
    assert_eq!(fired(When::ALWAYS), (1..=8).collect::<Vec<u32>>());
}

#[test]
fn every_matching_rule_counts_and_the_first_that_fires_wins() {
    let rules = Rules::new(vec![rule("write:EINTR:when=2"), rule("write,read:short")]).unwrap();
    let write = Sysno::write.id() as u64;
    let read = Sysno::read.id() as u64;
    let mut counts = Vec::new();
    assert_eq!(rules.decide(write, &mut counts), Some(What::Short(None)), "the first rule waits for its 2nd write");
    assert_eq!(rules.decide(write, &mut counts), Some(What::Error(Errno(libc::EINTR))));
    assert_eq!(rules.decide(read, &mut counts), Some(What::Short(None)));
    assert_eq!(counts, vec![2, 3], "both rules counted the writes; the second the read too");
    assert_eq!(rules.decide(Sysno::close.id() as u64, &mut counts), None);
    assert!(rules.matches(read) && !rules.matches(Sysno::close.id() as u64));
    assert_eq!(rules.calls(), vec![Sysno::read, Sysno::write]);
}

#[test]
fn a_short_count_is_half_and_at_least_one() {
    assert_eq!(shortened(23, None), Some(11));
    assert_eq!(shortened(2, None), Some(1));
    assert_eq!(shortened(1, None), None);
    assert_eq!(shortened(0, None), None);
    assert_eq!(shortened(64, Some(2)), Some(2), "short=2: at most 2");
    assert_eq!(shortened(2, Some(2)), None, "already no more than 2");
}

#[test]
fn every_reason_is_told_in_korean_with_the_spec_and_names_as_given() {
    let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
    for spec in [
        "read",
        "read:short=0",
        "read:delay=0",
        "read:signal=SIGKILL",
        "read:signal=SIGNOPE",
        "read:",
        "read:EBOGUS",
        "read:EINTR:every=2",
        "read:EINTR:when=0",
        "all:EINTR",
        ":EINTR",
        "bogus:EINTR",
        "exit_group:EINTR",
        "msgsnd:short",
    ] {
        let err = spec.parse::<Rule>().expect_err(spec);
        let (en, ko) = (err.message(Lang::En), err.message(Lang::Ko));
        assert_eq!(en, err.to_string(), "English is the Display");
        assert!(ko.starts_with(&format!("--inject '{spec}': ")), "{ko}");
        assert!(hangul(&ko) && ko != en, "{spec}: {ko}");
    }
    let unknown = "bogus:EINTR".parse::<Rule>().unwrap_err().message(Lang::Ko);
    assert!(unknown.contains("'bogus'") && unknown.contains("ipc, pipe, process"), "{unknown}");
    let many = Rules::new(vec![rule("write:short"); MAX_RULES + 1]).unwrap_err();
    assert!(many.message(Lang::Ko).contains("32개"), "{}", many.message(Lang::Ko));
    let filter = filter::parse("bogus").unwrap_err();
    assert!(hangul(&filter.message(Lang::Ko)) && filter.message(Lang::Ko).contains("-e의 'bogus'"));
    assert_eq!(filter.message(Lang::En), filter.to_string());
}

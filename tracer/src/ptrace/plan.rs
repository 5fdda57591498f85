//! The filter plan: from the calls `-e` chose and what the observers must
//! hear of, which calls stop the tracee (the seccomp-bpf program the child
//! installs), which of the calls that stop are reported, and whether the
//! loop's fd cache can be trusted.
//!
//! Without a filter every call stops and is reported. With one, seccomp
//! makes only these calls stop: the chosen ones; those the observers need
//! (the kernel view's ledger: creating and removing objects; the opens
//! that may create a file, tested on their flags by the filter itself);
//! exec, whose failure to start the program is reported; the start marker's
//! `prctl`; the calls `--inject` touches (and `rt_sigreturn` and
//! `restart_syscall`, which tell a restarted call from a new one); and, when the chosen calls show descriptors, the calls that
//! close or replace one, so the cache of what each fd refers to stays true.

use syscalls::Sysno;

use super::config::Config;
use super::fd_targets;
use super::observer::Observer;
use super::seccomp;

/// What stops the tracee, and what is reported.
pub(super) struct Plan {
    /// The program the child installs before exec, with `-e` and seccomp.
    pub bpf: Option<Vec<libc::sock_filter>>,
    /// Reported calls, by number; None reports every call.
    pub filter: Option<Vec<bool>>,
    /// The calls the observers need to hear of even when they are not
    /// reported: outside the filter, and before the start marker (so that
    /// objects made before it are in the ledger, and removed).
    pub observed: Option<Vec<bool>>,
    /// Calls outside the filter never stop the tracee.
    pub use_seccomp: bool,
    /// The fd cache sees every call that could make it wrong.
    pub trust_fds: bool,
}

/// A table by call number: true for `calls`.
fn table_of(calls: &[Sysno]) -> Vec<bool> {
    let mut table = vec![false; Sysno::table_size()];
    for s in calls {
        if let Some(slot) = table.get_mut(s.id() as usize) {
            *slot = true;
        }
    }
    table
}

impl Plan {
    /// The plan for `config`, asking `observer` what it needs.
    pub fn new(config: &Config, observer: &dyn Observer) -> Plan {
        let use_seccomp = config.seccomp && config.filter.is_some();
        // What the observers need even unreported: outside a filter, and
        // before the start marker (which hides calls whatever the filter).
        let observes_hidden = config.filter.is_some() || config.start_marker.is_some();
        let needs = if observes_hidden { observer.needs() } else { Vec::new() };
        let creating = if observes_hidden { observer.needs_creating() } else { Vec::new() };
        // With a seccomp filter, calls outside it are unseen. If the chosen
        // calls show descriptors, the few calls that close or replace one
        // stop too (unreported), so the fd cache stays true; otherwise every
        // descriptor is read afresh from /proc at each reported call.
        let trust_fds = !use_seccomp || config.filter.as_deref().is_some_and(fd_targets::names_fds);
        let fd_calls: Vec<Sysno> = if use_seccomp && trust_fds { fd_targets::fd_replacing() } else { Vec::new() };
        let bpf = config.filter.as_ref().filter(|_| use_seccomp).map(|calls| {
            let mut nrs: Vec<u64> = calls.iter().chain(&needs).chain(&fd_calls).map(|s| s.id() as u64).collect();
            // The start marker must stop the tracee to be seen, and so must
            // exec, whose failure to start the program is reported as such.
            if config.start_marker.is_some() {
                nrs.push(Sysno::prctl.id() as u64);
            }
            nrs.extend([Sysno::execve.id() as u64, Sysno::execveat.id() as u64]);
            // Calls to inject into stop too, and so do a handler's return
            // and the kernel's restart of a call, without which a restarted
            // call would be counted twice.
            if !config.inject.is_empty() {
                nrs.extend(config.inject.calls().iter().map(|s| s.id() as u64));
                nrs.extend([Sysno::rt_sigreturn.id() as u64, Sysno::restart_syscall.id() as u64]);
            }
            nrs.sort_unstable();
            nrs.dedup();
            let when: Vec<seccomp::WhenFlag> = creating
                .iter()
                .map(|&(s, arg)| seccomp::WhenFlag { nr: s.id() as u64, arg, bits: libc::O_CREAT as u32 })
                .collect();
            seccomp::build_filter(&nrs, &when)
        });
        let filter = config.filter.as_deref().map(table_of);
        let observed_calls: Vec<Sysno> = needs.iter().copied().chain(creating.iter().map(|&(s, _)| s)).collect();
        let observed = observes_hidden.then(|| table_of(&observed_calls));
        Plan { bpf, filter, observed, use_seccomp, trust_fds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ptrace::NoObserver;

    /// An observer that needs the ledger's calls.
    struct Ledger;
    impl Observer for Ledger {
        fn needs(&self) -> Vec<Sysno> {
            vec![Sysno::msgget, Sysno::msgctl]
        }
        fn needs_creating(&self) -> Vec<(Sysno, usize)> {
            vec![(Sysno::openat, 2)]
        }
    }

    fn config(filter: Option<&str>) -> Config {
        let mut c = Config::new("true", Vec::new());
        c.filter = filter.map(|f| crate::filter::parse(f).unwrap().unwrap());
        c
    }

    /// The calls a BPF program traces outright (not on a flag).
    fn traced(bpf: &[libc::sock_filter]) -> Vec<u32> {
        bpf.windows(2)
            .filter(|w| w[0].code as u32 == libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K && w[0].jf == 1)
            .filter(|w| w[1].k == libc::SECCOMP_RET_TRACE)
            .map(|w| w[0].k)
            .collect()
    }

    #[test]
    fn without_a_filter_every_call_stops_and_is_reported() {
        let plan = Plan::new(&config(None), &Ledger);
        assert!(plan.bpf.is_none() && plan.filter.is_none() && plan.observed.is_none());
        assert!(!plan.use_seccomp && plan.trust_fds);
    }

    #[test]
    fn before_the_start_marker_the_observers_hear_of_what_they_need() {
        let mut c = config(None);
        c.start_marker = Some("lab".into());
        let plan = Plan::new(&c, &Ledger);
        assert!(plan.bpf.is_none() && plan.filter.is_none(), "every call stops and, once shown, is reported");
        let observed = plan.observed.expect("hidden calls the observers need");
        assert!(observed[Sysno::msgget.id() as usize] && !observed[Sysno::write.id() as usize]);
    }

    #[test]
    fn a_filter_stops_its_calls_the_observers_needs_and_exec() {
        let plan = Plan::new(&config(Some("kill")), &Ledger);
        let nrs = traced(plan.bpf.as_deref().expect("a seccomp program"));
        for s in [Sysno::kill, Sysno::msgget, Sysno::msgctl, Sysno::execve, Sysno::execveat] {
            assert!(nrs.contains(&(s.id() as u32)), "{s} stops");
        }
        assert!(!nrs.contains(&(Sysno::openat.id() as u32)), "openat stops only with O_CREAT");
        assert!(!nrs.contains(&(Sysno::close.id() as u32)), "kill shows no descriptor: close need not stop");
        assert!(!plan.trust_fds);
        let filter = plan.filter.unwrap();
        assert!(filter[Sysno::kill.id() as usize] && !filter[Sysno::msgget.id() as usize], "needs are not reported");
        let observed = plan.observed.unwrap();
        assert!(observed[Sysno::msgget.id() as usize] && observed[Sysno::openat.id() as usize]);
    }

    #[test]
    fn a_filter_stops_the_calls_to_inject_into() {
        let mut c = config(Some("ipc"));
        c.inject = crate::inject::Rules::new(vec!["write:short".parse().unwrap()]).unwrap();
        let plan = Plan::new(&c, &NoObserver);
        let nrs = traced(plan.bpf.as_deref().unwrap());
        for s in [Sysno::write, Sysno::rt_sigreturn, Sysno::restart_syscall, Sysno::msgsnd] {
            assert!(nrs.contains(&(s.id() as u32)), "{s} stops");
        }
        assert!(!plan.filter.unwrap()[Sysno::write.id() as usize], "write stops but is reported only when touched");
        let plan = Plan::new(&config(Some("ipc")), &NoObserver);
        assert!(!traced(plan.bpf.as_deref().unwrap()).contains(&(Sysno::write.id() as u32)), "no rule: write runs");
    }

    #[test]
    fn a_filter_of_calls_on_descriptors_stops_the_calls_that_replace_them() {
        let plan = Plan::new(&config(Some("write")), &NoObserver);
        assert!(plan.trust_fds);
        let nrs = traced(plan.bpf.as_deref().unwrap());
        for s in fd_targets::fd_replacing() {
            assert!(nrs.contains(&(s.id() as u32)), "{s} stops to keep the fd cache true");
        }
        let mut without = config(Some("write"));
        without.seccomp = false;
        let plan = Plan::new(&without, &NoObserver);
        assert!(plan.bpf.is_none() && plan.filter.is_some() && plan.trust_fds, "every call stops: all seen");
    }
}

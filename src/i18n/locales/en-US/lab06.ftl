# Lab 06's checks (src/grade/labs/lab06.rs).

check-06-handlers-installed = sigaction installs handlers with SA_RESTART: SIGCHLD in the parent before the fork, SIGUSR1 and SIGUSR2 in the child
check-06-blocked-before-fork = the parent blocks SIGUSR1, SIGUSR2 and SIGCHLD with sigprocmask before the fork
check-06-not-queued = the parent sends SIGUSR1 three times, then SIGUSR2; the blocked SIGUSR1 is delivered once (signals are not queued)
check-06-waits-with-sigsuspend = each process waits in sigsuspend with only the signal it waits for unblocked
check-06-handlers-async-signal-safe = the handlers make no system call (no printing, no allocation): they only set atomics
check-06-reaps-child = after SIGCHLD the parent reaps the child with waitpid

lab06-a-child = a child
lab06-install = { $who } to install a handler for { $signal } with sigaction and SA_RESTART
lab06-install-before-fork = { $who } to install a handler for { $signal } with sigaction and SA_RESTART, before the fork
lab06-its-sigactions = its sigaction calls
lab06-no-sigaction = no sigaction call
lab06-sa-restart = without SA_RESTART a call interrupted by the handler fails with EINTR
lab06-sigchld-lost = a SIGCHLD before the handler exists is lost
lab06-block-expected = sigprocmask(SIG_BLOCK, [USR1 USR2 CHLD]) in the parent before the fork
lab06-not-blocked = { $signals } not blocked before the fork
lab06-default-action = a signal that arrives before the child installs its handler takes its default action (SIGUSR1: terminate)
lab06-kill-expected = the parent to kill({ $child }, SIGUSR1) three times, then kill({ $child }, SIGUSR2)
lab06-kills = { $n } kill call(s) to the child
lab06-delivered-expected = SIGUSR1 and SIGUSR2 each delivered once to the child (three blocked SIGUSR1 make one pending signal)
lab06-delivered = SIGUSR1 was delivered { $usr1 } time(s) and SIGUSR2 { $usr2 } time(s)
lab06-suspend-expected = { $who } to wait in sigsuspend with a mask that lets { $awaited } in
lab06-suspend-expected-blocked = { $who } to wait in sigsuspend with a mask that lets { $awaited } in and keeps { $blocked } blocked
lab06-pause = checking a flag, then pause(): a signal that arrives in between is missed and the process sleeps forever
lab06-no-sigsuspend = { $who } never called sigsuspend
lab06-spinning = waiting by spinning on the flag, or not waiting at all
lab06-still-masked = { $awaited } is still in the mask sigsuspend waits with, so it can never arrive: remove it from the mask
lab06-stay-blocked = { $blocked } must stay blocked while waiting for { $awaited }
lab06-handler-expected = no system call inside a signal handler (between the signal's delivery and rt_sigreturn)
lab06-handler-calls = pid { $pid } got { $signal } at { $time } s and made { $n } call(s) before its handler returned (rt_sigreturn)
lab06-handler-prints = the handler prints: println! is not async-signal-safe (it takes the stdout lock, and can deadlock); set an atomic flag and print in the main code
lab06-handler-unsafe = the handler calls functions that are not async-signal-safe; only touch atomics there
lab06-handlers-run = the handlers to run
lab06-none-delivered = no handled signal was delivered

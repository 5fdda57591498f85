//! `ipclab trace`: run any program under the tracer and print its calls,
//! as text, JSON lines, or a per-process summary.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::time::Duration;

use tracer::event::{Sink, Tee};
use tracer::kernel::hang::HangReporter;
use tracer::kernel::journal::Journal;
use tracer::kernel::{KernelView, LedgerEntry, ViewOptions};
use tracer::ptrace::{self, Config, Observer, Observers, Outcome};
use tracer::render::{JsonRenderer, Summary, TextRenderer};

use crate::cli::{TraceArgs, TraceOptions};
use crate::color::{Stream, use_color};
use crate::exit::{CommandResult, Exit, Failure};
use crate::i18n::tr;
use crate::watch::{Notice, Watch};

/// Where the trace goes, and whether it is a terminal.
pub struct Output {
    pub writer: Box<dyn Write>,
    pub stream: Stream,
    pub is_terminal: bool,
    /// For an error message: the file's path, or "standard error".
    pub name: String,
}

impl Output {
    pub fn open(options: &TraceOptions) -> Result<Output, Failure> {
        match &options.output {
            Some(path) => {
                let file = File::create(path).map_err(|e| {
                    Failure::usage(tr!("err-write-trace", path = path.display().to_string(), error = e.to_string()))
                })?;
                Ok(Output {
                    writer: Box::new(BufWriter::with_capacity(1 << 16, file)),
                    stream: Stream::File,
                    is_terminal: false,
                    name: path.display().to_string(),
                })
            }
            None => {
                let writer = Box::new(BufWriter::with_capacity(1 << 16, io::stderr()));
                Ok(Output {
                    writer,
                    stream: Stream::Stderr,
                    is_terminal: Stream::Stderr.is_terminal(),
                    name: "standard error".into(),
                })
            }
        }
    }
}

/// How long a program interrupted by Ctrl-C (or SIGTERM, SIGHUP) has to
/// end on its own before ipclab kills what is left of it.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(3);

/// Builds the tracer configuration from the options.
pub fn config(options: &TraceOptions, command: &[std::ffi::OsString]) -> Result<Config, Failure> {
    let (program, args) = command.split_first().ok_or_else(|| Failure::usage(tr!("err-no-program")))?;
    let mut config = Config::new(program.clone(), args.to_vec());
    config.decode.string_limit = options.string_limit;
    if let Some(expr) = &options.filter {
        config.filter = tracer::filter::parse(expr).map_err(|e| Failure::usage(e.message(crate::lang::current())))?;
    }
    config.seccomp = !options.no_seccomp;
    // The loop's notes go into the events: in JSON, never in a translation.
    config.lang = if options.json { crate::lang::Lang::En } else { crate::lang::current() };
    config.inject = inject_rules(&options.inject)?;
    if let Some(secs) = options.timeout {
        if !(secs > 0.0 && secs.is_finite()) {
            return Err(Failure::usage(tr!("err-timeout", value = secs.to_string())));
        }
        config.timeout = Some(Duration::from_secs_f64(secs));
    }
    let (processes, threads) = ptrace::Budget::of_machine();
    if options.max_procs == Some(0) {
        return Err(Failure::usage(tr!("err-max-procs")));
    }
    config.max_processes = Some(options.max_procs.unwrap_or(processes));
    config.max_threads = Some(options.max_threads.unwrap_or(threads));
    // Ctrl-C lets the program's own handlers run, as strace does.
    config.interrupt_grace = Some(INTERRUPT_GRACE);
    // The kernel view looks at a process's fds and mappings as it exits.
    config.stop_at_exit = !options.no_kernel;
    if let Some(path) = &options.diagram {
        crate::diagram::Format::of(path)?;
        crate::diagram::limit(options.diagram_limit)?;
    }
    Ok(config)
}

/// The `--inject` rules, each SPEC parsed; a bad one is a usage error
/// naming the part that is wrong.
pub fn inject_rules(specs: &[String]) -> Result<tracer::inject::Rules, Failure> {
    let rules = specs.iter().map(|s| s.parse()).collect::<Result<Vec<_>, _>>();
    let rules = rules.and_then(tracer::inject::Rules::new);
    rules.map_err(|e| Failure::usage(e.message(crate::lang::current())))
}

/// What a traced run printed at the end, for the user, in the language of
/// this run.
pub fn describe_outcome(outcome: Outcome) -> Option<String> {
    let signal = tracer::decode::signal_name;
    match outcome {
        Outcome::TimedOut => Some(tr!("trace-timed-out")),
        Outcome::Interrupted(sig) => Some(tr!("trace-interrupted", signal = signal(sig))),
        Outcome::TooManyTasks(ptrace::Budget::Processes(n)) => Some(tr!("trace-too-many-processes", count = n)),
        Outcome::TooManyTasks(ptrace::Budget::Threads(n)) => Some(tr!("trace-too-many-threads", count = n)),
        Outcome::Exited(_) | Outcome::Signaled { .. } => None,
    }
}

/// A program that ended on its own after ipclab was interrupted: how.
fn describe_interrupted(outcome: Outcome) -> Option<String> {
    let name = tracer::decode::signal_name;
    let sig = name(ptrace::termination_requested()?);
    Some(match outcome {
        Outcome::Exited(code) => tr!("trace-interrupted-exited", signal = sig, code = code),
        Outcome::Signaled { signal, .. } => tr!("trace-interrupted-killed", signal = sig, by = name(signal)),
        _ => return None,
    })
}

/// An I/O error as one phrase: `No space left on device`.
fn io_error(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => nix::errno::Errno::from_raw(n).desc().to_string(),
        None => e.to_string(),
    }
}

/// How the kernel view is set up for a run: the filter (to place lines),
/// `--cleanup`, and the ledger kept on disk for `ipclab clean`.
fn view_options(config: &Config, options: &TraceOptions) -> ViewOptions {
    let command = command_line(config);
    ViewOptions {
        shown: config.filter.clone(),
        cleanup: options.cleanup,
        journal: crate::clean::ledger_dir().map(|dir| Journal::new(dir, command).in_lang(crate::lang::current())),
        lang: crate::lang::current(),
    }
}

/// The traced command as a user would type it in a shell, for the ledger
/// (`left by `lab03 'my queue'``).
fn command_line(config: &Config) -> String {
    let words: Vec<String> =
        std::iter::once(&config.program).chain(&config.args).map(|w| w.to_string_lossy().into_owned()).collect();
    // A word with a NUL cannot be quoted (nor passed to exec): show it plain.
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
}

/// What `ipclab run` adds to the trace of a lab ([`crate::watch`]).
pub struct LabWatch {
    pub notice: Notice,
    /// The lab's time limit, which the quiet notice gives.
    pub timeout: Duration,
}

/// How a traced run ended, and for a lab the objects it leaked.
pub struct Ran {
    pub outcome: Outcome,
    pub leaked: Vec<LedgerEntry>,
}

/// Runs a traced program, rendering to `output` as the options ask; a lab
/// (`lab`) is traced through [`Watch`].
pub fn traced_run(
    config: &Config,
    options: &TraceOptions,
    mut output: Output,
    lab: Option<LabWatch>,
) -> Result<Ran, Failure> {
    let color = use_color(output.stream);
    let flush_lines = output.is_terminal;
    let mut summary = Summary::new();
    let mut diagram = match &options.diagram {
        Some(path) => Some(crate::diagram::Live::new(path, options.diagram_limit)?),
        None => None,
    };
    let (result, write_error) = {
        let mut text = None;
        let mut json = None;
        let mut sinks: Vec<&mut dyn Sink> = Vec::new();
        if !options.summary_only {
            if options.json {
                sinks.push(json.insert(JsonRenderer::new(&mut output.writer)));
            } else {
                sinks.push(text.insert(
                    TextRenderer::new(&mut output.writer, color, flush_lines).with_lang(crate::lang::current()),
                ));
            }
        }
        if options.summary || options.summary_only {
            sinks.push(&mut summary);
        }
        if let Some(d) = diagram.as_mut() {
            sinks.push(d);
        }
        let mut tee = Tee(sinks);
        let mut hang = HangReporter::default();
        let mut view;
        let mut observers: Vec<&mut dyn Observer> = vec![&mut hang];
        if !options.no_kernel {
            view = KernelView::new(view_options(config, options));
            observers.push(&mut view);
        }
        let result = match lab {
            Some(lab) => {
                // Its notes go into the events: in JSON, never in a translation.
                let lang = if options.json { crate::lang::Lang::En } else { crate::lang::current() };
                let mut watch = Watch::new(&mut tee, lab.notice, lab.timeout, lang);
                let outcome = ptrace::run(config, &mut watch, &mut Observers(observers));
                outcome.map(|o| (o, std::mem::take(&mut watch.leaked)))
            }
            None => ptrace::run(config, &mut tee, &mut Observers(observers)).map(|o| (o, Vec::new())),
        };
        drop(tee);
        let error = match (&text, &json) {
            (Some(t), _) => t.write_error().map(io_error),
            (_, Some(j)) => j.write_error().map(io_error),
            _ => None,
        };
        (result, error)
    };
    let (outcome, leaked) = result.map_err(|e| Failure::of_trace_error(&e))?;
    let mut write_error = write_error;
    if options.summary || options.summary_only {
        if let Err(e) = summary.write_to(&mut output.writer) {
            write_error =
                write_error.or(Some(e).filter(|e| e.kind() != io::ErrorKind::BrokenPipe).map(|e| io_error(&e)));
        }
    }
    if let Err(e) = output.writer.flush() {
        write_error = write_error.or(Some(e).filter(|e| e.kind() != io::ErrorKind::BrokenPipe).map(|e| io_error(&e)));
    }
    if let Some(why) = write_error {
        // As strace: the program ran to its end; the trace is incomplete.
        return Err(Failure::failed(tr!("err-write-trace", path = &output.name, error = why)));
    }
    if let Some(d) = diagram {
        d.finish()?;
    }
    Ok(Ran { outcome, leaked })
}

pub fn trace_command(args: TraceArgs) -> CommandResult {
    let config = config(&args.options, &args.command)?;
    let output = Output::open(&args.options)?;
    ptrace::catch_termination_signals().map_err(|e| Failure::failed(tr!("err-signals", error = e.to_string())))?;
    let outcome = traced_run(&config, &args.options, output, None)?.outcome;
    if let Some(text) = describe_outcome(outcome).or_else(|| describe_interrupted(outcome)) {
        eprintln!("ipclab: {text}");
    }
    Ok(Exit::of_outcome(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_in_the_ledger_is_quoted_as_a_shell_reads_it() {
        let config = Config::new("/bin/echo", vec!["plain".into(), "two words".into(), "it's".into()]);
        assert_eq!(command_line(&config), r#"/bin/echo plain 'two words' "it's""#);
    }
}

//! `session-sim`: the playground's simulated world on the command line. Lists the built-in
//! scenarios, runs one (or a scenario file) and prints its trace as text, JSON, an SVG
//! sequence diagram or a Wireshark capture, and compares a run with recovery on and off.
//! `serve` and `send` run the same session protocol over real TCP ([`osi_session::net`]).
//!
//! Bad input (an unknown scenario, an unreadable or invalid file, a bad option) exits with
//! status 2 and one line on standard error; nothing the user types panics the program.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::process::ExitCode;

use osi_session::sim::import::{self, MAX_EXPORT_JSON};
use osi_session::sim::svg::{self, SvgOptions};
use osi_session::sim::tcpip::{guide::watch_for, Stack};
use osi_session::sim::text::{self, grouped, ms, outcome_name};
use osi_session::sim::trace::DEFAULT_TRACE_LIMIT;
use osi_session::sim::{builtin, Scenario, Summary, Trace, World, BUILTIN};

/// `serve` and `send` over real TCP: native only, as the library's `net` module is.
#[cfg(not(target_arch = "wasm32"))]
mod real_tcp {
    pub use osi_session::net::cli::{main, USAGE};
}

/// The wasm32 build has no sockets: `serve` and `send` say so.
#[cfg(target_arch = "wasm32")]
mod real_tcp {
    pub const USAGE: &str = "  serve and send are not built for wasm32\n";
    pub fn main(_: &str, _: &[String]) -> std::process::ExitCode {
        eprintln!("session-sim: error: serve and send are not built for wasm32");
        std::process::ExitCode::from(2)
    }
}

/// How far a run may go in simulated time: one hour.
const LIMIT_US: u64 = 3_600_000_000;

const USAGE: &str = "\
session-sim: run the OSI session-layer playground's simulated world (ITU-T X.225).

Usage:
  session-sim list                      name the built-in scenarios
  session-sim run SCENARIO [OPTIONS]    run a scenario and print its trace
  session-sim compare SCENARIO [--seed N]
                                        run it with recovery on and off, side by side
  session-sim compare SCENARIO --stacks [--seed N]
                                        run it on the OSI session layer and on TCP/IP
                                        today, side by side
  session-sim help                      print this text (also -h, --help)

SCENARIO is a built-in name (see `session-sim list`) or the path of a scenario JSON file.
A run stops when every session has ended, or after one hour of simulated time.

Options of run:
  --seed N        use seed N instead of the scenario's (0 to 18446744073709551615)
  --stack S       run every session on stack S: osi (the OSI session layer, the default)
                  or tcpip (each application's own protocol over TCP: HTTP with a cookie,
                  a tus upload, ONC RPC, NetBIOS sessions)
  --format F      text (the default), json, svg or pcap
  --out FILE      write to FILE instead of standard output (pcap needs it)
  --session N     text and json: only session N; svg: draw session N (default 0)
  --trace-limit N keep at most N trace events (default 1000000; 0 keeps every one), so a
                  long run's memory stays bounded; later events are counted as dropped,
                  and the timeline ends by saying how many (JSON: trace.dropped); the
                  summaries are always complete

Exit status: 0 on success; 2 on bad input, with one line on standard error.
";

/// Why the program stops early.
enum Failure {
    /// Bad input: the message for standard error.
    Bad(String),
    /// Standard output was closed (`| head`): stop quietly.
    Closed,
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Bad(s)
    }
}

/// What to print a run as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Svg,
    Pcap,
}

/// `run`'s arguments.
#[derive(Debug, Default)]
struct RunArgs {
    scenario: String,
    seed: Option<u64>,
    format: Option<Format>,
    out: Option<String>,
    session: Option<u32>,
    trace_limit: Option<usize>,
    stack: Option<Stack>,
    stacks: bool,
}

/// What the command line asks for.
enum Command {
    Help,
    List,
    Run(RunArgs),
    Compare(RunArgs),
}

/// Every TSDU is a fresh buffer of up to a TSDU's size, and up to a transport window of them
/// are in flight. glibc gives the top of the heap back to the kernel whenever 128 KiB of it is
/// free, so a long transfer spent half its time faulting the same pages in again. Keeping up to
/// 64 MiB of freed memory halves the 1 GiB run's time; its peak memory stays the same.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_TRIM_THRESHOLD: i32 = -1;
    // SAFETY: mallopt only changes a glibc allocator setting; called before any thread starts.
    unsafe {
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}

fn main() -> ExitCode {
    keep_freed_memory();
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    if let Ok(Some((cmd, rest))) = args.as_deref().map(<[String]>::split_first) {
        if matches!(cmd.as_str(), "serve" | "send") && !rest.iter().any(|a| a == "--help") {
            return real_tcp::main(cmd, rest);
        }
    }
    let result = match args {
        Ok(args) => parse(&args).map_err(Failure::Bad).and_then(execute),
        Err(_) => Err(Failure::Bad("arguments must be UTF-8".into())),
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Bad(message)) => {
            let line = message.replace(['\n', '\r'], " ");
            let _ = writeln!(std::io::stderr(), "session-sim: error: {line}");
            ExitCode::from(2)
        }
    }
}

/// Reads the command line.
fn parse(args: &[String]) -> Result<Command, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let Some((cmd, rest)) = args.split_first() else {
        return Err("no command given; see session-sim --help".into());
    };
    match cmd.as_str() {
        "help" => Ok(Command::Help),
        "list" => match rest.first() {
            None => Ok(Command::List),
            Some(a) => Err(format!("list takes no arguments, not {a:?}")),
        },
        "run" => Ok(Command::Run(parse_run(rest, "run")?)),
        "compare" => Ok(Command::Compare(parse_run(rest, "compare")?)),
        other => Err(format!(
            "unknown command {other:?}; use list, run, compare or help"
        )),
    }
}

/// Reads the arguments of `run` (and of `compare`, which takes only `--seed`).
fn parse_run(args: &[String], cmd: &str) -> Result<RunArgs, String> {
    let mut r = RunArgs::default();
    let mut scenario = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if !arg.starts_with("--") || arg == "--" {
            if arg.starts_with('-') && arg.len() > 1 {
                return Err(format!(
                    "unknown option {arg:?} for {cmd}; see session-sim --help"
                ));
            }
            if let Some(first) = &scenario {
                return Err(format!(
                    "{cmd} takes one SCENARIO, but got {first:?} and {arg:?}"
                ));
            }
            scenario = Some(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if cmd == "compare" && flag == "--stacks" && inline.is_none() {
            r.stacks = true;
            continue;
        }
        let known = match cmd {
            "compare" => &["--seed"][..],
            _ => &[
                "--seed",
                "--format",
                "--out",
                "--session",
                "--trace-limit",
                "--stack",
            ][..],
        };
        if !known.contains(&flag) {
            return Err(format!(
                "unknown option {flag:?} for {cmd}; see session-sim --help"
            ));
        }
        let value = match inline.or_else(|| it.next().cloned()) {
            Some(v) => v,
            None => return Err(format!("{flag} needs a value")),
        };
        let twice = || format!("{flag} given twice");
        match flag {
            "--seed" => {
                let seed = value.parse().map_err(|_| {
                    format!(
                        "--seed wants a whole number from 0 to {}, not {value:?}",
                        u64::MAX
                    )
                })?;
                r.seed.replace(seed).map_or(Ok(()), |_| Err(twice()))?;
            }
            "--format" => {
                let f = match value.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "svg" => Format::Svg,
                    "pcap" => Format::Pcap,
                    _ => {
                        return Err(format!(
                            "unknown format {value:?}; use text, json, svg or pcap"
                        ))
                    }
                };
                r.format.replace(f).map_or(Ok(()), |_| Err(twice()))?;
            }
            "--stack" => {
                let stack = Stack::from_name(&value)
                    .ok_or_else(|| format!("unknown stack {value:?}; use osi or tcpip"))?;
                r.stack.replace(stack).map_or(Ok(()), |_| Err(twice()))?;
            }
            "--out" => {
                r.out.replace(value).map_or(Ok(()), |_| Err(twice()))?;
            }
            "--trace-limit" => {
                let n = value.parse().map_err(|_| {
                    format!("--trace-limit wants a whole number of events, not {value:?}")
                })?;
                r.trace_limit.replace(n).map_or(Ok(()), |_| Err(twice()))?;
            }
            _ => {
                let n = value.parse().map_err(|_| {
                    format!("--session wants a session number (0, 1, ...), not {value:?}")
                })?;
                r.session.replace(n).map_or(Ok(()), |_| Err(twice()))?;
            }
        }
    }
    r.scenario = scenario.ok_or_else(|| format!("{cmd} needs a SCENARIO; see session-sim list"))?;
    Ok(r)
}

/// Does what the command line asks.
fn execute(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Help => {
            let usage = format!("{USAGE}\nOver real TCP:\n{}", real_tcp::USAGE);
            emit(None, usage.as_bytes())
        }
        Command::List => emit(None, list().as_bytes()),
        Command::Run(r) => run(&r),
        Command::Compare(r) => {
            let scenario = load(&r)?;
            let text = if r.stacks {
                compare_stacks(&r.scenario, &scenario)
            } else {
                compare(&r.scenario, &scenario)
            };
            emit(None, text.as_bytes())
        }
    }
}

/// The built-in scenarios, each with the first sentence of its description.
fn list() -> String {
    let mut out = String::new();
    for name in BUILTIN {
        let description = builtin(name).map(|s| s.description).unwrap_or_default();
        let first = match description.find(". ") {
            Some(i) => &description[..=i],
            None => description.as_str(),
        };
        let _ = writeln!(out, "{name:<22} {first}");
    }
    out
}

/// The scenario named or stored at `r.scenario`, with `r.seed` applied.
fn load(r: &RunArgs) -> Result<Scenario, String> {
    let spec = r.scenario.as_str();
    let mut scenario = match builtin(spec) {
        Some(s) => s,
        None => {
            let path = std::path::Path::new(spec);
            let looks_like_a_path = spec.contains(['/', '\\']) || spec.ends_with(".json");
            if !looks_like_a_path && !path.exists() {
                return Err(format!(
                    "no built-in scenario named {spec:?}; the built-in ones are {} \
                     (or give the path of a JSON file)",
                    BUILTIN.join(", ")
                ));
            }
            let text = read_limited(path).map_err(|e| format!("cannot read {spec}: {e}"))?;
            if text.len() > MAX_EXPORT_JSON {
                return Err(format!(
                    "{spec} is larger than {MAX_EXPORT_JSON} octets, the most an exported run may be"
                ));
            }
            import::open(&text).map_err(|e| format!("{spec}: {e}"))?
        }
    };
    if let Some(seed) = r.seed {
        scenario.seed = seed;
    }
    if let Some(stack) = r.stack {
        scenario.sessions.iter_mut().for_each(|s| s.stack = stack);
    }
    Ok(scenario)
}

/// A file's text, reading at most one octet more than an exported run may have (so that a huge
/// file or a device is refused by the size check, not read to the end).
fn read_limited(path: &std::path::Path) -> std::io::Result<String> {
    let limit = MAX_EXPORT_JSON as u64 + 1;
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_string(&mut text)?;
    Ok(text)
}

/// Runs a scenario to its end (or the time limit).
fn simulate(scenario: &Scenario, capture: bool, trace_limit: usize) -> World {
    let mut world = World::new(scenario);
    world.set_trace_limit(trace_limit);
    if capture {
        world.enable_capture();
    }
    world.run_to_end(LIMIT_US);
    world
}

/// `session-sim run`.
fn run(r: &RunArgs) -> Result<(), Failure> {
    let scenario = load(r)?;
    let format = r.format.unwrap_or(Format::Text);
    if let Some(n) = r.session {
        let count = scenario.sessions.len();
        if n as usize >= count {
            return Err(format!("there is no session {n}; the scenario has {count}").into());
        }
        if format == Format::Pcap {
            return Err(
                "--session does not apply to pcap: a capture holds every session"
                    .to_string()
                    .into(),
            );
        }
    }
    if format == Format::Pcap && r.out.is_none() {
        return Err("pcap is binary: give --out FILE".to_string().into());
    }
    let mut world = simulate(
        &scenario,
        format == Format::Pcap,
        r.trace_limit.unwrap_or(DEFAULT_TRACE_LIMIT),
    );
    let (trace, summaries) = only(world.trace(), world.summaries(), r.session);
    let bytes = match format {
        Format::Text => text::render(&trace, &summaries).into_bytes(),
        Format::Json => json(&scenario, &trace, &summaries)?.into_bytes(),
        Format::Svg => {
            let session = r.session.unwrap_or(0);
            let opts = SvgOptions {
                app: summaries.first().map(|s| s.app.clone()).unwrap_or_default(),
                ..SvgOptions::default()
            };
            svg::render(&trace, session, &opts).into_bytes()
        }
        Format::Pcap => world.take_capture().unwrap_or_default(),
    };
    emit(r.out.as_deref(), &bytes)
}

/// The trace and summaries, of one session if asked.
fn only(trace: &Trace, summaries: Vec<Summary>, session: Option<u32>) -> (Trace, Vec<Summary>) {
    let Some(n) = session else {
        return (trace.clone(), summaries);
    };
    let events = trace
        .events
        .iter()
        .filter(|e| e.session == n)
        .cloned()
        .collect();
    let trace = Trace {
        events,
        ..trace.clone()
    };
    (
        trace,
        summaries.into_iter().filter(|s| s.session == n).collect(),
    )
}

/// `{"scenario": ..., "trace": ..., "summaries": [...]}`.
fn json(scenario: &Scenario, trace: &Trace, summaries: &[Summary]) -> Result<String, String> {
    #[derive(serde::Serialize)]
    struct Run<'a> {
        scenario: &'a Scenario,
        trace: &'a Trace,
        summaries: &'a [Summary],
    }
    let run = Run {
        scenario,
        trace,
        summaries,
    };
    let mut s = serde_json::to_string(&run).map_err(|e| format!("cannot write JSON: {e}"))?;
    s.push('\n');
    Ok(s)
}

/// Writes to the file, or to standard output.
fn emit(out: Option<&str>, bytes: &[u8]) -> Result<(), Failure> {
    match out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| Failure::Bad(format!("cannot write {path}: {e}"))),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::Closed),
                Err(e) => Err(Failure::Bad(format!(
                    "cannot write to standard output: {e}"
                ))),
            }
        }
    }
}

/// `session-sim compare`: the scenario with recovery on and with recovery off, side by side.
fn compare(name: &str, scenario: &Scenario) -> String {
    let with = |recovery: bool| {
        let mut s = scenario.clone();
        for spec in &mut s.sessions {
            spec.recovery = recovery;
        }
        // Only the summaries are read: keep one event of the trace.
        simulate(&s, false, 1).summaries()
    };
    let (on, off) = (with(true), with(false));
    let mut out = format!("{name} (seed {}): recovery on and off\n", scenario.seed);
    for (a, b) in on.iter().zip(&off) {
        let title = format!("session {}: {}", a.session, a.app);
        let _ = writeln!(
            out,
            "\n{title:<28}  {:>21}  {:>21}",
            "recovery on", "recovery off"
        );
        for (label, f) in ROWS {
            let _ = writeln!(out, "  {label:<26}  {:>21}  {:>21}", f(a), f(b));
        }
    }
    out
}

/// A row of the comparison: its label and how to read it from a summary.
type Row = (&'static str, fn(&Summary) -> String);

/// The rows of the comparison.
const ROWS: [Row; 7] = [
    ("outcome", |s| {
        s.outcome
            .as_ref()
            .map_or("not ended", outcome_name)
            .to_string()
    }),
    ("digest match", |s| {
        match s.digest_match {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "n/a",
        }
        .to_string()
    }),
    ("bytes sent again", |s| grouped(s.payload_resent)),
    ("completion time (ms)", |s| {
        s.ended_at.map_or("not ended".into(), ms)
    }),
    ("protocol overhead", |s| {
        overhead(s.protocol_bytes, s.payload_delivered)
    }),
    ("breaks", |s| s.breaks.to_string()),
    ("resumed from", |s| match s.resume_points.last() {
        Some(r) => format!("sync {} @ {}", r.serial, r.offset),
        None => "-".into(),
    }),
];

/// Protocol octets per payload octet delivered, to three significant digits.
fn overhead(protocol: u64, payload: u64) -> String {
    if payload == 0 {
        return "n/a".into();
    }
    let r = protocol as f64 / payload as f64;
    if r == 0.0 || r >= 0.1 {
        return format!("{r:.3}");
    }
    let decimals = (2.0 - r.log10().floor()) as usize;
    format!("{r:.decimals$}")
}

/// `session-sim compare --stacks`: the scenario on each stack, with the same link, seed and
/// faults, a column each.
fn compare_stacks(name: &str, scenario: &Scenario) -> String {
    let on = |stack: Stack| {
        let mut s = scenario.clone();
        s.sessions.iter_mut().for_each(|x| x.stack = stack);
        simulate(&s, false, 0)
    };
    let (osi, tcp) = (on(Stack::Osi), on(Stack::Tcpip));
    let mut out = format!(
        "{name} (seed {}): {} and {}, the same link and faults\n",
        scenario.seed,
        Stack::Osi.words(),
        Stack::Tcpip.words()
    );
    if let Some(text) = watch_for(name) {
        let _ = writeln!(out, "On TCP/IP: {text}");
    }
    for (i, spec) in scenario.sessions.iter().enumerate() {
        let (a, b) = (osi.functions(i as u32), tcp.functions(i as u32));
        let title = format!("session {i}: {}", spec.app.name());
        let _ = writeln!(out, "\n{title}");
        for ((label, x), (_, y)) in a.iter().zip(&b) {
            let _ = writeln!(out, "  {label}");
            let _ = writeln!(out, "    {:<14}{x}", Stack::Osi.name());
            let _ = writeln!(out, "    {:<14}{y}", Stack::Tcpip.name());
        }
    }
    out
}

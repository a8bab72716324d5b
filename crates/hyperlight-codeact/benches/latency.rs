//! Micro-VM latency bench (`cargo bench -p hyperlight-codeact --bench latency`).
//!
//! Measures, in one process: cold `Sandbox` creation, a `print(1)` run in each isolation
//! mode (interpreter reset; VM restore per run), process RSS after 1,000 runs, and the guest
//! binary size. Absolute times drift on shared machines, so each figure is also given as a
//! ratio to a baseline measured in the same run: starting CPython (`python3 -c 'print(1)'`).

// Statistics over timings and sizes far below 2^52: f64 is exact enough.
#![allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]

use std::process::Command;
use std::time::{Duration, Instant};

use hyperlight_codeact::{guest, FnTools, Isolation, Sandbox, Value};

struct Stats {
    median: Duration,
    p99: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stats { median: at(0.5), p99: at(0.99) }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let r = f();
    (t.elapsed(), r)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

fn fmt(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and wants it quick.
    let full = std::env::args().any(|a| a == "--bench");
    let (creates, runs) = if full { (20, 2000) } else { (2, 20) };

    let python = (0..if full { 20 } else { 2 })
        .map(|_| time(|| Command::new("python3").args(["-c", "print(1)"]).output().expect("python3")).0)
        .collect();
    let python = stats(python);

    let mut create = Vec::new();
    for _ in 0..creates {
        let (d, sb) = time(|| Sandbox::builder().build().expect("sandbox"));
        create.push(d);
        drop(sb);
    }
    let create = stats(create);

    let mut rows = Vec::new();
    for (name, fresh) in [("run_print_interpreter_reset", false), ("run_print_fresh_vm", true)] {
        let mut sb = Sandbox::builder()
            .isolation(if fresh { Isolation::FreshVm } else { Isolation::ReuseVmTrusted })
            .build()
            .unwrap();
        for _ in 0..10 {
            sb.run("print(1)").unwrap(); // warm: first touches of heap and stack pages
        }
        let samples = (0..runs)
            .map(|_| {
                let (d, r) = time(|| sb.run("print(1)").unwrap());
                assert_eq!(r.stdout, "1\n");
                d
            })
            .collect();
        rows.push((name, stats(samples)));
    }

    // call_tool round trip: a run making N calls to a trivial tool, minus a run making none.
    let tools = FnTools::new().with("noop", |_| Ok(Value::None));
    let mut sb = Sandbox::builder().tools(tools).build().unwrap();
    let calls = 1000;
    let loop_code =
        |call: bool| format!("for i in range({calls}):\n    {}", if call { "call_tool('noop', i=i)" } else { "pass" });
    let (with_calls, without) = (loop_code(true), loop_code(false));
    sb.run(&with_calls).unwrap();
    let reps = if full { 50 } else { 3 };
    let per_call = stats(
        (0..reps)
            .map(|_| {
                let (a, r) = time(|| sb.run(&with_calls).unwrap());
                assert_eq!(r.tool_calls.len(), calls);
                let (b, _) = time(|| sb.run(&without).unwrap());
                a.saturating_sub(b) / calls as u32
            })
            .collect(),
    );

    let rss_before = rss_kib();
    let mut sb = Sandbox::builder().build().unwrap();
    for i in 0..1000 {
        assert!(sb.run(&format!("x = {i}\nprint(x)")).unwrap().success());
    }
    let rss_after = rss_kib();

    let ratio = |d: Duration| d.as_secs_f64() / python.median.as_secs_f64();
    println!("baseline python3_startup_print: median {} p99 {}", fmt(python.median), fmt(python.p99));
    println!(
        "sandbox_create_cold:           median {} p99 {}  ({:.3}x baseline)",
        fmt(create.median),
        fmt(create.p99),
        ratio(create.median)
    );
    for (name, s) in &rows {
        println!("{name:<31}median {} p99 {}  ({:.4}x baseline)", fmt(s.median), fmt(s.p99), ratio(s.median));
    }
    println!(
        "call_tool_round_trip (1000 calls/run): median {} p99 {} per call",
        fmt(per_call.median),
        fmt(per_call.p99)
    );
    println!(
        "guest_binary_size:             {} bytes ({:.2} MB)",
        guest::GUEST_BINARY.len(),
        guest::GUEST_BINARY.len() as f64 / 1e6
    );
    println!("process_rss_after_1000_runs:   {rss_after} KiB (before the sandbox: {rss_before} KiB)");
}

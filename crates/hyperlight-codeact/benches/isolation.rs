//! What a fresh VM per run costs (`cargo bench -p hyperlight-codeact --bench isolation`).
//!
//! Plain measurements, not criterion: they are about steady states (runs a model turn apart,
//! back-to-back throughput, background preparation), each printed with its median and the
//! same measurement for the trusted reuse mode, taken in the same run:
//! - `print(1)` with runs 100 ms apart (the gap is not timed), fresh VM vs reuse;
//! - back-to-back runs per second and per CPU-second, and the wall time the preparer spends
//!   restoring and warming one VM;
//! - cold start: a new `Sandbox` + its first run, for the first sandbox of a new process (with
//!   the on-disk snapshot store off, and with a snapshot an earlier process saved) and for later
//!   sandboxes of a process (which start from the process's cached snapshot);
//! - resident memory of one idle prepared VM;
//! - 8 concurrent runs, each blocked 0.2 s in a tool, with the default pool options.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyperlight_codeact::{FnTools, Isolation, PoolOptions, Sandbox, SandboxConfig, Value};

fn config(isolation: Isolation) -> SandboxConfig {
    Sandbox::builder().isolation(isolation).into_config()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn p90(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// (user + system) CPU time of this process, from /proc/self/stat (clock ticks of 10 ms).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    (tick(11) + tick(12)) / 100.0
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn spaced_runs(isolation: Isolation, gap: Duration, n: usize) -> Vec<f64> {
    let mut sb = Sandbox::builder().config(config(isolation)).build().expect("sandbox");
    sb.pool().wait_ready(1, Duration::from_secs(10));
    let mut samples = Vec::new();
    for i in 0..n + 3 {
        std::thread::sleep(gap);
        let t = Instant::now();
        let r = sb.run("print(1)").expect("run");
        let dt = ms(t.elapsed());
        assert_eq!(r.stdout, "1\n");
        if i >= 3 {
            samples.push(dt);
        }
    }
    samples
}

fn print_spaced() {
    for (gap_ms, n) in [(100, 40), (20, 60)] {
        let gap = Duration::from_millis(gap_ms);
        let fresh = spaced_runs(Isolation::FreshVm, gap, n);
        let reuse = spaced_runs(Isolation::ReuseVmTrusted, gap, n);
        println!(
            "print1_{gap_ms}ms_apart: fresh_vm median {:.3} ms p90 {:.3} ms | reuse_vm_trusted median {:.3} ms p90 {:.3} ms",
            median(fresh.clone()),
            p90(fresh),
            median(reuse.clone()),
            p90(reuse)
        );
    }
}

fn print_back_to_back() {
    for isolation in [Isolation::FreshVm, Isolation::ReuseVmTrusted] {
        let mut sb = Sandbox::builder().config(config(isolation)).build().expect("sandbox");
        sb.pool().wait_ready(2, Duration::from_secs(10));
        let before = sb.pool().prep_stats();
        let (cpu0, t0) = (cpu_seconds(), Instant::now());
        let mut runs = 0u32;
        while t0.elapsed() < Duration::from_secs(4) {
            assert_eq!(sb.run("print(1)").expect("run").stdout, "1\n");
            runs += 1;
        }
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
        let after = sb.pool().prep_stats();
        let prepared = after.prepared - before.prepared;
        let per_prep = if prepared == 0 {
            0.0
        } else {
            ms(after.busy.saturating_sub(before.busy)) / f64::from(u32::try_from(prepared).unwrap_or(u32::MAX))
        };
        println!(
            "back_to_back_{isolation:?}: {:.0} runs/s, {:.0} runs per CPU-second ({cpu:.2} CPU-s over {wall:.2} s), \
             {prepared} VMs prepared in the background ({per_prep:.1} ms each), {} runs prepared their own VM",
            f64::from(runs) / wall,
            f64::from(runs) / cpu.max(0.01),
            after.prepared_inline - before.prepared_inline,
        );
    }
}

/// In a child process (`HLC_BENCH_CHILD=first`): the first sandbox of the process and its first
/// run; prints `<new ms> <first run ms> <snapshot origin>`.
fn first_of_process_child() {
    let t = Instant::now();
    let mut sb = Sandbox::builder().build().expect("sandbox");
    let created = t.elapsed();
    assert_eq!(sb.run("print(1)").expect("run").stdout, "1\n");
    let first = t.elapsed().saturating_sub(created);
    println!("{:.3} {:.3} {:?}", ms(created), ms(first), sb.pool().snapshot_origin());
}

/// The first sandbox of a new process, with the on-disk snapshot store off (the guest is loaded
/// and initialised) and with a snapshot an earlier process saved.
fn print_first_of_process() {
    let store = tempfile::tempdir().expect("tempdir");
    let child = |dir: &str| -> (f64, f64, String) {
        let mut cmd = std::process::Command::new(std::env::current_exe().expect("bench path"));
        cmd.env("HLC_BENCH_CHILD", "first").env("HYPERLIGHT_CODEACT_SNAPSHOT_DIR", dir);
        let out = cmd.output().expect("child");
        assert!(out.status.success(), "child failed: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut f = text.split_whitespace();
        let a: f64 = f.next().and_then(|x| x.parse().ok()).expect("new ms");
        let b: f64 = f.next().and_then(|x| x.parse().ok()).expect("run ms");
        (a, b, f.next().unwrap_or_default().to_string())
    };
    let dir = store.path().join("snapshots");
    let dir = dir.to_str().expect("utf-8 temp path");
    let summary = |label: &str, samples: Vec<(f64, f64, String)>| {
        let origins: std::collections::BTreeSet<_> = samples.iter().map(|s| s.2.clone()).collect();
        println!(
            "cold_first_sandbox_of_process ({label}): build() median {:.2} ms + first run median {:.2} ms = {:.2} ms \
             (total p90 {:.2} ms, {} processes, snapshot origin {origins:?})",
            median(samples.iter().map(|s| s.0).collect()),
            median(samples.iter().map(|s| s.1).collect()),
            median(samples.iter().map(|s| s.0 + s.1).collect()),
            p90(samples.iter().map(|s| s.0 + s.1).collect()),
            samples.len(),
        );
    };
    summary("snapshot store off", (0..5).map(|_| child("off")).collect());
    let saved = child(dir);
    assert_eq!(saved.2, "Created", "the first process with the store makes the snapshot");
    println!(
        "cold_first_sandbox_of_process (the first process, which makes and saves the snapshot): build() {:.2} ms + first run {:.2} ms",
        saved.0, saved.1
    );
    let loaded: Vec<_> = (0..9).map(|_| child(dir)).collect();
    assert!(loaded.iter().all(|s| s.2 == "Disk"), "later processes map the saved snapshot");
    summary("snapshot saved by an earlier process", loaded);
}

fn print_cold() {
    let t = Instant::now();
    let mut sb = Sandbox::builder().build().expect("sandbox");
    let created = t.elapsed();
    assert_eq!(sb.run("print(1)").expect("run").stdout, "1\n");
    println!(
        "cold_first_sandbox_of_this_process: build() {:.2} ms + first run {:.2} ms (snapshot origin {:?})",
        ms(created),
        ms(t.elapsed().saturating_sub(created)),
        sb.pool().snapshot_origin()
    );
    sb.pool().wait_ready(2, Duration::from_secs(10));
    drop(sb);
    let mut samples = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let mut sb = Sandbox::builder().build().expect("sandbox");
        assert_eq!(sb.run("print(1)").expect("run").stdout, "1\n");
        samples.push(ms(t.elapsed()));
        // The next sandbox starts as an agent's would: after this one settled and was dropped.
        sb.pool().wait_ready(2, Duration::from_secs(10));
    }
    println!("cold_sandbox_plus_first_run: median {:.2} ms p90 {:.2} ms", median(samples.clone()), p90(samples));
}

fn print_idle_rss() {
    const READY: usize = 8;
    // The snapshot is cached by the sandboxes above; measure the prepared VMs alone.
    let base = Sandbox::builder().pool_options(PoolOptions::new(1, 0)).build_pool().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let before = rss_kib();
    let pool = Sandbox::builder().pool_options(PoolOptions::new(READY, READY)).build_pool().expect("pool");
    assert!(pool.wait_ready(READY, Duration::from_secs(60)), "VMs were not prepared");
    let after = rss_kib();
    println!(
        "idle_prepared_vm_rss: {} KiB each (VmRSS {before} -> {after} KiB with {READY} ready VMs)",
        after.saturating_sub(before) / READY as u64
    );
    drop(pool);
    drop(base);
}

fn print_concurrent() {
    let tools = FnTools::new().with("nap", |_| {
        std::thread::sleep(Duration::from_millis(200));
        Ok(Value::None)
    });
    let pool =
        Arc::new(Sandbox::builder().tools(tools).pool_options(PoolOptions::default()).build_pool().expect("pool"));
    pool.wait_ready(2, Duration::from_secs(10));
    for round in ["first burst", "second burst"] {
        let t = Instant::now();
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let pool = pool.clone();
                std::thread::spawn(move || pool.run(&format!("call_tool('nap')\nprint({i})")).expect("run").stdout)
            })
            .collect();
        for (i, h) in handles.into_iter().enumerate() {
            assert_eq!(h.join().unwrap(), format!("{i}\n"));
        }
        println!("concurrent_8_runs_tool_0.2s ({round}): {:.3} s with default pool options", t.elapsed().as_secs_f64());
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn main() {
    // `HLC_BENCH_ONLY=spaced,cold` runs a subset; `cargo bench` passes --bench, ignored.
    if std::env::var_os("HLC_BENCH_CHILD").is_some() {
        first_of_process_child();
        return;
    }
    let only = std::env::var("HLC_BENCH_ONLY").unwrap_or_default();
    let want = |name: &str| only.is_empty() || only.split(',').any(|w| w == name);
    let steps: [(&str, fn()); 6] = [
        ("first", print_first_of_process),
        ("cold", print_cold),
        ("spaced", print_spaced),
        ("back_to_back", print_back_to_back),
        ("idle_rss", print_idle_rss),
        ("concurrent", print_concurrent),
    ];
    for (name, step) in steps {
        if want(name) {
            step();
        }
    }
}

//! Limits bench (`cargo bench -p hyperlight-codeact --bench limits`): a runaway loop with a
//! 1 s timeout, repeated, timing how soon each run is stopped and checking that RSS and the
//! thread count do not grow; a 10 GB allocation under `memory_mb = 64`; a 1 s limit against
//! a tool blocking 5 s, a tool policy hook blocking 5 s, an HTTP server that never answers and
//! a FIFO (each must end within 1.2 s); host RSS growth for 10,000 refused 1 MiB tool calls; and the host memory of a
//! hostile run against the documented bound (`SandboxConfig::max_host_bytes_per_run`).

use std::time::{Duration, Instant};

use std::sync::Arc;

use hyperlight_codeact::{AllowedDomain, Error, FnTools, HostAccess, Mount, Sandbox, Value};

fn status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Runs `code` under a 1 s limit and returns how long until the run ended (asserting a timeout).
fn stopped_after(sb: &mut Sandbox, code: &str) -> Duration {
    let t = Instant::now();
    match sb.run(code) {
        Err(Error::Timeout(_)) => {}
        other => panic!("{code}: expected a timeout, got {other:?}"),
    }
    t.elapsed()
}

fn deadlines() {
    let limit = Duration::from_secs(1);
    let tools = FnTools::new().with("block", |_| {
        std::thread::sleep(Duration::from_secs(5));
        Ok(Value::None)
    });
    let mut sb = Sandbox::builder().timeout(limit).tools(tools).build().unwrap();
    let tool = stopped_after(&mut sb, "call_tool('block')");

    // The policy hook is waited for as a tool is: one that blocks ends the run at the deadline.
    let tools = FnTools::new().with("echo", |_| Ok(Value::None));
    let mut sb = Sandbox::builder()
        .timeout(limit)
        .tools(tools)
        .tool_policy(Arc::new(|_: &str, _: &[(String, Value)]| {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        }))
        .build()
        .unwrap();
    let hook = stopped_after(&mut sb, "call_tool('echo')");

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts one connection and never answers; it closes when the bench exits.
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(1).flatten().collect();
        std::thread::sleep(Duration::from_secs(3600));
        drop(held);
    });
    let access =
        HostAccess { allowed_domains: vec![AllowedDomain::any_method(addr.to_string())], ..HostAccess::default() };
    let mut sb = Sandbox::builder().timeout(limit).access(access).build().unwrap();
    let http = stopped_after(&mut sb, &format!("import http\nhttp.get('http://{addr}/')"));

    let dir = tempfile::tempdir().unwrap();
    let fifo = std::ffi::CString::new(dir.path().join("pipe").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let access = HostAccess { file_mounts: vec![Mount::read_only(dir.path(), "/data")], ..HostAccess::default() };
    let mut sb = Sandbox::builder().timeout(limit).access(access).build().unwrap();
    let t = Instant::now();
    let r = sb.run("open('/data/pipe').read()").unwrap();
    let fifo = t.elapsed();
    assert_eq!(r.exception.map(|e| e.type_name).as_deref(), Some("PermissionError"));
    for (what, took) in
        [("tool blocking 5 s", tool), ("policy hook blocking 5 s", hook), ("HTTP server that never answers", http)]
    {
        println!("deadline_1s vs {what}: run ended after {:.3} s (ExecutionTimeout)", took.as_secs_f64());
        assert!(took < Duration::from_millis(1200), "{what}: {took:?}");
    }
    println!("deadline_1s vs open() of a FIFO in a mount: refused after {:.3} s (PermissionError)", fifo.as_secs_f64());
    assert!(fifo < Duration::from_millis(1200));
}

fn memory() {
    // 10,000 refused 1 MiB calls (over max_tool_payload_bytes, the default 1 MiB).
    let tools = FnTools::new().with("nope", |_| Ok(Value::None));
    let cfg = Sandbox::builder().timeout(Duration::from_secs(600)).into_config();
    let bound = cfg.max_host_bytes_per_run();
    let mut sb = Sandbox::builder().config(cfg).tools(tools).build().unwrap();
    sb.run("print(1)").unwrap();
    let rss0 = status("VmRSS:");
    let t = Instant::now();
    let code = "s = 'x' * 2**20\nn = 0\nfor i in range(10000):\n    try:\n        call_tool('nope', pad=s)\n    except ToolError:\n        n += 1\nprint(n)";
    let r = sb.run(code).unwrap();
    let rss1 = status("VmRSS:");
    assert_eq!(r.stdout, "10000\n");
    println!(
        "10000_refused_1MiB_calls: {:.1} s, {} audit records, host RSS {rss0} KiB -> {rss1} KiB (+{} KiB) holding the result",
        t.elapsed().as_secs_f64(),
        r.tool_calls.len(),
        rss1.saturating_sub(rss0)
    );
    drop(r);

    // The hostile run of tests/hostile.rs at the default limits, against the documented bound.
    let code = "\
import os, sys
s = 'x' * 600000
for i in range(11000):
    try:
        call_tool('nope' * 100, pad=s, more=[s, s], d={'k' * 300: s})
    except ToolError:
        pass
for i in range(12000):
    os.path.exists('/output/' + 'p' * 3000)
for i in range(40):
    with open('/output/f%d' % i, 'wb') as f:
        f.write(b'z' * 10**6)
print('o' * 2 * 10**6)
sys.stderr.write('e' * 2 * 10**6)
raise ValueError('v' * 10**6)
";
    let rss0 = status("VmRSS:");
    let r = sb.run(code).unwrap();
    let rss1 = status("VmRSS:");
    assert_eq!(r.exception.as_ref().map(|e| e.type_name.as_str()), Some("ValueError"));
    println!(
        "worst_case_run (default limits): host RSS +{} KiB holding the result ({} tool records, {} host ops, {} files); documented bound {} KiB",
        rss1.saturating_sub(rss0),
        r.tool_calls.len(),
        r.host_ops.len(),
        r.files.len(),
        bound / 1024
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    deadlines();
    memory();
    let repeats = if full { 100 } else { 2 };
    let limit = Duration::from_secs(1);
    let mut sb = Sandbox::builder().timeout(limit).build().unwrap();
    sb.run("print(1)").unwrap();
    let (rss0, threads0) = (status("VmRSS:"), status("Threads:"));
    let mut stops = Vec::new();
    for i in 0..repeats {
        let t = Instant::now();
        match sb.run("while True:\n    pass") {
            Err(Error::Timeout(d)) => assert_eq!(d, limit),
            other => panic!("run {i}: expected a timeout, got {other:?}"),
        }
        stops.push(t.elapsed());
        assert_eq!(sb.run("print('next')").unwrap().stdout, "next\n");
    }
    let (rss1, threads1) = (status("VmRSS:"), status("Threads:"));
    stops.sort();
    println!(
        "timeout_1s_while_true x{repeats}: stopped after median {:.3} s, max {:.3} s; next run ok every time",
        stops[stops.len() / 2].as_secs_f64(),
        stops[stops.len() - 1].as_secs_f64()
    );
    println!("  rss {rss0} KiB -> {rss1} KiB, threads {threads0} -> {threads1}");

    let mut small = Sandbox::builder().memory_mb(64).build().unwrap();
    let r = small.run("x = bytearray(10 * 1024**3)").unwrap();
    println!(
        "alloc_10gb_memory_mb_64: {} ; next run: {:?}",
        r.error().unwrap_or_default(),
        small.run("print('ok')").unwrap().stdout
    );

    // 8 concurrent runs, each sleeping 0.2 s in a host tool, on a pool of 8 VMs.
    let tools = FnTools::new().with("nap", |_| {
        std::thread::sleep(Duration::from_millis(200));
        Ok(Value::None)
    });
    let pool = Arc::new(Sandbox::builder().tools(tools).max_vms(8).build_pool().unwrap());
    for round in ["cold pool (VMs created from the snapshot)", "warm pool"] {
        let t = Instant::now();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let p = pool.clone();
                std::thread::spawn(move || assert!(p.run("call_tool('nap')").unwrap().success()))
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        println!(
            "pool_8_concurrent_runs_with_0.2s_tool ({round}): {:.3} s (serial would be 1.6 s)",
            t.elapsed().as_secs_f64()
        );
    }
}

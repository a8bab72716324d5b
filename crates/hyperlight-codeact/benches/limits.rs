//! Limits bench (`cargo bench -p hyperlight-codeact --bench limits`): a runaway loop with a
//! 1 s timeout, repeated, timing how soon each run is stopped and checking that RSS and the
//! thread count do not grow; and a 10 GB allocation under `memory_mb = 64`.

use std::time::{Duration, Instant};

use std::sync::Arc;

use hyperlight_codeact::{Error, FnTools, Pool, Sandbox, SandboxConfig, Value};

fn status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let repeats = if full { 100 } else { 2 };
    let limit = Duration::from_secs(1);
    let mut sb = Sandbox::new(SandboxConfig { timeout: limit, ..SandboxConfig::default() }).unwrap();
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

    let mut small = Sandbox::new(SandboxConfig { memory_mb: 64, ..SandboxConfig::default() }).unwrap();
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
    let pool = Arc::new(Pool::new(SandboxConfig::default(), Some(Arc::new(tools)), 8).unwrap());
    for round in ["cold pool (VMs created from the snapshot)", "warm pool"] {
        let t = Instant::now();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let p = pool.clone();
                std::thread::spawn(move || assert!(p.run("call_tool('nap')").unwrap().success()))
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
        println!("pool_8_concurrent_runs_with_0.2s_tool ({round}): {:.3} s (serial would be 1.6 s)", t.elapsed().as_secs_f64());
    }
}

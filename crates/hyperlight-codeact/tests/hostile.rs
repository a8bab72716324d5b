//! The host against hostile runs, in real micro-VMs: one deadline whatever the guest waits on
//! (a blocked tool, a silent HTTP server, a FIFO), stopping a run from outside, nested runs,
//! bounded audit records and host memory, and file operations that lose no data.
//!
//! Servers listen on 127.0.0.1 only and serve a bounded number of connections.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use hyperlight_codeact::{
    tools, AllowedDomain, CancelToken, Error, FnTools, HostAccess, Mount, Pool, Sandbox, SandboxConfig, ToolOutcome,
    Value,
};

/// Counts live heap bytes and their peak, for the host-memory bound.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Memory measurements must not see other tests' allocations: they take this lock, and so
/// does every other test here (the tests are few and each is short).
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

const LIMIT: Duration = Duration::from_secs(1);
/// Generous slack over the 1 s limit for a loaded 2-core machine (the bench shows the real
/// number).
const SLACK: Duration = Duration::from_millis(1500);

fn config(access: HostAccess) -> SandboxConfig {
    Sandbox::builder().timeout(LIMIT).access(access).into_config()
}

fn assert_timeout_soon(r: &hyperlight_codeact::Result<hyperlight_codeact::ExecutionResult>, started: Instant) {
    let elapsed = started.elapsed();
    assert!(matches!(r, Err(Error::Timeout(d)) if *d == LIMIT), "{r:?}");
    assert!(elapsed < LIMIT + SLACK, "the run ended after {elapsed:?}");
}

#[test]
fn a_tool_that_blocks_ends_the_run_at_the_deadline() {
    let _s = serial();
    let tools = FnTools::new()
        .with("block", |_| {
            std::thread::sleep(Duration::from_secs(5));
            Ok(Value::Int(1))
        })
        .with("deadline", |_| {
            Ok(Value::Bool(tools::call_deadline().is_some_and(|d| d > Instant::now() && d < Instant::now() + LIMIT)))
        });
    let mut sb = Sandbox::builder().config(config(HostAccess::default())).tools(tools).build().unwrap();
    let started = Instant::now();
    assert_timeout_soon(&sb.run("call_tool('block')"), started);
    // The abandoned tool still sleeps on its own thread; the sandbox serves the next run.
    let r = sb.run("print(call_tool('deadline'))").unwrap();
    assert_eq!(r.stdout, "True\n", "{r:?}");
}

#[test]
fn a_policy_hook_that_blocks_ends_the_run_at_the_deadline() {
    let _s = serial();
    let tools = FnTools::new().with("echo", |args| Ok(args.first().map_or(Value::None, |(_, v)| v.clone())));
    let mut sb = Sandbox::builder()
        .config(config(HostAccess::default()))
        .tools(tools)
        .tool_policy(Arc::new(|_: &str, args: &[(String, Value)]| {
            if args.iter().any(|(k, v)| k == "block" && *v == Value::Bool(true)) {
                std::thread::sleep(Duration::from_secs(5));
            }
            Ok(())
        }))
        .build()
        .unwrap();
    // Blocks 5 s on the calls it is asked about with `block=True` (a hook waiting for a human).
    // call_tool, and acall_tool (started without waiting, the guest's asyncio).
    for code in [
        "call_tool('echo', block=True)",
        "import asyncio\nasync def main():\n    await acall_tool('echo', block=True)\nasyncio.run(main())",
    ] {
        let started = Instant::now();
        assert_timeout_soon(&sb.run(code), started);
    }
    // The hook's abandoned thread still sleeps; the sandbox serves the next run and the hook.
    let r = sb.run("print(call_tool('echo', x=7))").unwrap();
    assert_eq!(r.stdout, "7\n", "{r:?}");
}

#[test]
fn an_http_server_that_never_answers_ends_the_run_at_the_deadline() {
    let _s = serial();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts (at most 4 connections) and never answers; the connections close with the test.
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4).flatten() {
            keep.lock().unwrap().push(stream);
        }
    });
    let access =
        HostAccess { allowed_domains: vec![AllowedDomain::any_method(addr.to_string())], ..HostAccess::default() };
    let mut sb = Sandbox::builder().config(config(access)).build().unwrap();
    let started = Instant::now();
    assert_timeout_soon(&sb.run(&format!("import http\nhttp.get('http://{addr}/')")), started);
    assert_eq!(held.lock().unwrap().len(), 1, "the request reached the server");
}

#[test]
fn a_fifo_in_a_mount_is_refused_without_blocking() {
    let _s = serial();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let access = HostAccess { file_mounts: vec![Mount::writable(dir.path(), "/data")], ..HostAccess::default() };
    let mut sb = Sandbox::builder().config(config(access)).build().unwrap();
    let started = Instant::now();
    for code in ["open('/data/pipe').read()", "open('/data/pipe', 'w').write('x')", "open('/data/pipe', 'rb').read()"] {
        let r = sb.run(code).unwrap();
        let e = r.exception.as_ref().expect(code);
        assert!(
            e.type_name == "PermissionError" && e.message.contains("not a regular file")
                || e.type_name == "OSError" && e.message.contains("No such device"),
            "{code}: {e:?}"
        );
    }
    assert!(started.elapsed() < LIMIT + SLACK, "{:?}", started.elapsed());
}

#[test]
fn a_cancel_token_stops_a_run_from_another_thread() {
    let _s = serial();
    let mut sb = Sandbox::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let token = CancelToken::new();
    let t = token.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        t.cancel("Ctrl-C");
    });
    let started = Instant::now();
    let r = sb.run_cancellable("import time\nwhile True:\n    time.sleep(0.01)", &token);
    assert!(matches!(&r, Err(Error::Interrupted(m)) if m == "Ctrl-C"), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    // A cancelled token stops the next run at once; the sandbox is fine for ordinary runs.
    assert!(matches!(sb.run_cancellable("print(1)", &token), Err(Error::Interrupted(_))));
    assert_eq!(sb.run("print(2)").unwrap().stdout, "2\n");
}

#[test]
fn a_tool_can_interrupt_its_run() {
    let _s = serial();
    let tools = FnTools::new().with("stop", |_| {
        assert!(tools::interrupt_run("stop requested"));
        Err("stopped".into())
    });
    let mut sb = Sandbox::builder().tools(tools).build().unwrap();
    let code = "try:\n    call_tool('stop')\nexcept Exception:\n    pass\nwhile True:\n    pass";
    let r = sb.run(code);
    assert!(matches!(&r, Err(Error::Interrupted(m)) if m == "stop requested"), "{r:?}");
    assert!(!tools::interrupt_run("outside a tool call"));
}

#[test]
fn a_nested_run_from_a_tool_is_refused_at_once() {
    let _s = serial();
    let pool: Arc<OnceLock<Arc<Pool>>> = Arc::default();
    let inner = pool.clone();
    let tools = FnTools::new().with("nested", move |_| match inner.get().unwrap().run("print(1)") {
        Err(Error::Reentrant(m)) => Ok(Value::Str(m)),
        other => Err(format!("{other:?}")),
    });
    let p = Arc::new(
        Sandbox::builder().config(config(HostAccess::default())).tools(tools).max_vms(1).build_pool().unwrap(),
    );
    pool.set(p.clone()).ok().unwrap();
    let started = Instant::now();
    let r = p.run("print(call_tool('nested'))").unwrap();
    assert!(r.stdout.contains("called from one of this sandbox's own tools"), "{r:?}");
    assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());
}

#[test]
fn refused_calls_are_audited_and_the_audit_is_bounded() {
    let _s = serial();
    let tools = FnTools::new().with("ping", |_| Ok(Value::Int(1)));
    let cfg = Sandbox::builder().max_tool_calls(3).max_tool_payload_bytes(64 * 1024).into_config();
    let mut sb = Sandbox::builder().config(cfg).tools(tools).build().unwrap();
    let code = "s = 'x' * 100000\nfor i in range(300):\n    try:\n        call_tool('ping', pad=s if i % 2 else 'y' * 5000)\n    except ToolError:\n        pass";
    let r = sb.run(code).unwrap();
    assert!(r.success(), "{r:?}");
    // 3 allowed, then refusals up to the audit cap (3 + 100), then one summary record.
    assert_eq!(r.tool_calls.len(), 3 + 100 + 1);
    let oversized = r.tool_calls.iter().find(|c| c.args_bytes > 100_000).expect("an oversized call");
    assert_eq!(oversized.name, "ping");
    assert!(matches!(&oversized.outcome, ToolOutcome::Error(m) if m.contains("the limit is 65536")));
    let allowed = &r.tool_calls[0];
    assert_eq!(allowed.outcome, ToolOutcome::Ok);
    assert!(allowed.args_truncated && allowed.args_bytes > 5000);
    assert!(matches!(&allowed.args[..], [(k, Value::Str(s))] if k == "pad" && s.len() <= 256 && s.ends_with('…')));
    assert!(r.tool_calls.iter().any(|c| matches!(&c.outcome, ToolOutcome::Error(m) if m.contains("limit reached"))));
    let last = r.tool_calls.last().unwrap();
    assert!(
        matches!(&last.outcome, ToolOutcome::Error(m) if m == "197 more refused calls were not recorded (audit limit)")
    );
}

#[test]
fn host_ops_are_capped_and_urls_shortened() {
    let _s = serial();
    let mut sb = Sandbox::builder().timeout(Duration::from_secs(60)).build().unwrap();
    let code = "import os, http\nfor i in range(10050):\n    os.path.exists('/output/x')\n\
                try:\n    http.get('http://example.invalid/' + 'u' * 10**6)\nexcept OSError:\n    pass";
    let r = sb.run(code).unwrap();
    assert!(r.success(), "{r:?}");
    assert_eq!(r.host_ops.len(), 10_001);
    let last = r.host_ops.last().unwrap();
    assert_eq!(last.error.as_deref(), Some("51 more operations were not recorded (audit limit)"));
    let mut sb = Sandbox::builder().build().unwrap();
    let r = sb
        .run("import http\ntry:\n    http.get('http://example.invalid/' + 'u' * 10**6)\nexcept OSError:\n    pass")
        .unwrap();
    let [op] = &r.host_ops[..] else { panic!("{:?}", r.host_ops) };
    assert!(op.target.len() <= 256 && op.target.ends_with('…'), "{}", op.target.len());
    assert!(op.error.as_ref().is_some_and(|e| e.len() <= 512), "{op:?}");
}

#[test]
fn host_memory_of_a_hostile_run_stays_under_the_documented_bound() {
    let _s = serial();
    let tools = FnTools::new().with("ping", |_| Ok(Value::Int(1)));
    let cfg = Sandbox::builder()
        .timeout(Duration::from_secs(120))
        .max_tool_calls(1000)
        .max_tool_payload_bytes(64 * 1024)
        .max_output_bytes(64 * 1024)
        .into_config();
    let bound = cfg.max_host_bytes_per_run();
    let mut sb = Sandbox::builder().config(cfg).tools(tools).build().unwrap();
    sb.run("print(1)").unwrap();
    let code = "\
import os, sys
s = 'x' * 60000
for i in range(3000):
    try:
        call_tool('ping' * 100, pad=s, more=[s, s], d={'k' * 300: s})
    except ToolError:
        pass
for i in range(12000):
    os.path.exists('/output/' + 'p' * 3000)
for i in range(20):
    with open('/output/f%d' % i, 'wb') as f:
        f.write(b'z' * 100000)
print('o' * 10**6)
sys.stderr.write('e' * 10**6)
raise ValueError('v' * 10**6)
";
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let r = sb.run(code).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    assert_eq!(r.exception.as_ref().map(|e| e.type_name.as_str()), Some("ValueError"), "{:?}", r.stderr);
    assert_eq!(r.tool_calls.len(), 1000 + 100 + 1);
    println!("hostile run: peak {peak} bytes, held by the result {held} bytes, bound {bound} bytes");
    assert!(peak as u64 <= bound, "peak {peak} > bound {bound}");
    drop(r);
}

#[test]
fn rename_is_posix_and_never_loses_the_file() {
    let _s = serial();
    let dir = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p"), b"precious").unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::write(dir.path().join("d/inner"), b"in").unwrap();
    let access = HostAccess {
        file_mounts: vec![Mount::writable(dir.path(), "/w"), Mount::writable(other.path(), "/o")],
        ..HostAccess::default()
    };
    let mut sb = Sandbox::builder().config(config(access)).build().unwrap();
    let code = "\
import os
os.replace('/w/p', '/w/p')
os.rename('/w/p', '/w/./p')
os.chdir('/w')
os.replace('p', './p')
os.rename('/w/d', '/w/e')
try:
    os.rename('/w/p', '/o/p')
except OSError as e:
    print(type(e).__name__, e)
print(open('/w/p').read(), os.listdir('/w'), os.listdir('/w/e'))
";
    let r = sb.run(code).unwrap();
    assert!(r.success(), "{r:?}");
    assert_eq!(
        r.stdout,
        "OSError [Errno 18] Invalid cross-device link: '/w/p' -> '/o/p' (different mounts)\nprecious ['e', 'p'] ['inner']\n"
    );
    assert_eq!(std::fs::read(dir.path().join("p")).unwrap(), b"precious");
    // rename(2), not copy-then-delete: the inode stays.
    let ino = std::fs::metadata(dir.path().join("p")).unwrap().ino();
    sb.run("import os\nos.rename('/w/p', '/w/q')").unwrap();
    assert_eq!(std::fs::metadata(dir.path().join("q")).unwrap().ino(), ino);
}

#[test]
fn r_plus_writes_in_place_and_a_timeout_cannot_cut_the_file() {
    let _s = serial();
    let dir = tempfile::tempdir().unwrap();
    let big: Vec<u8> = (0..4_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.path().join("big"), &big).unwrap();
    std::fs::write(dir.path().join("t.txt"), "hello world\n").unwrap();
    let access = HostAccess { file_mounts: vec![Mount::writable(dir.path(), "/w")], ..HostAccess::default() };
    let mut sb = Sandbox::builder().config(config(access.clone())).timeout(Duration::from_secs(30)).build().unwrap();
    let r = sb
        .run("with open('/w/big', 'r+b') as f:\n    f.seek(10)\n    f.write(b'X')\nwith open('/w/t.txt', 'r+') as f:\n    f.write('J')")
        .unwrap();
    assert!(r.success(), "{r:?}");
    let mut expect = big.clone();
    expect[10] = b'X';
    assert_eq!(std::fs::read(dir.path().join("big")).unwrap(), expect);
    assert_eq!(std::fs::read_to_string(dir.path().join("t.txt")).unwrap(), "Jello world\n");
    // Only the changed byte went to the host: one small write (not 4 MB rewritten).
    let writes: Vec<_> = r.host_ops.iter().filter(|o| o.op == "fs.write").collect();
    assert_eq!(writes.len(), 2, "{:?}", r.host_ops);
    // A run stopped while a file is open for update leaves it whole.
    let stopped = Sandbox::builder()
        .config(config(access))
        .build()
        .unwrap()
        .run("f = open('/w/big', 'r+b')\nf.write(b'Y')\nwhile True:\n    pass");
    assert!(matches!(stopped, Err(Error::Timeout(_))));
    assert_eq!(std::fs::metadata(dir.path().join("big")).unwrap().len(), big.len() as u64);
    // 'a' appends in place.
    sb.run("with open('/w/t.txt', 'a') as f:\n    f.write('more\\n')").unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("t.txt")).unwrap(), "Jello world\nmore\n");
    // Truncation in r+ is one truncate, and what remains is right.
    sb.run("with open('/w/t.txt', 'r+') as f:\n    f.seek(5)\n    f.truncate()").unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("t.txt")).unwrap(), "Jello");
}

#[test]
fn output_returns_what_fits_and_the_note_stays_inside_the_caps() {
    let _s = serial();
    let access = HostAccess { max_output_total_bytes: 1000, max_output_files: 3, ..HostAccess::default() };
    let mut sb = Sandbox::builder()
        .config(config(access))
        .max_output_bytes(4096)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let code = "\
import sys
open('/output/a_small.txt', 'w').write('14 byte result')
open('/output/b_huge.bin', 'wb').write(b'h' * 100000)
for i in range(200):
    open('/output/n%03d' % i, 'w').write('x')
sys.stderr.write('e' * 100000)
";
    let r = sb.run(code).unwrap();
    assert!(r.success(), "{r:?}");
    let names: Vec<_> = r.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["/output/a_small.txt", "/output/n000", "/output/n001"]);
    assert_eq!(r.files[0].data, b"14 byte result");
    assert!(r.stderr.len() <= 4096, "{}", r.stderr.len());
    assert!(r.stderr.contains("[sandbox] 199 of 202 files in /output were not returned"), "{}", &r.stderr[3000..]);
    assert!(r.output_truncated);
}

#[test]
fn writes_have_a_per_run_quota() {
    let _s = serial();
    let dir = tempfile::tempdir().unwrap();
    let access = HostAccess {
        file_mounts: vec![Mount::writable(dir.path(), "/w")],
        max_write_bytes: 3 << 20,
        ..HostAccess::default()
    };
    let mut sb = Sandbox::builder().config(config(access)).timeout(Duration::from_secs(20)).build().unwrap();
    let code = "\
n = 0
try:
    for i in range(100):
        with open('/w/f', 'wb') as f:
            f.write(b'q' * 2**20)
        n += 1
except OSError as e:
    print(n, e)
";
    let r = sb.run(code).unwrap();
    assert_eq!(
        r.stdout, "3 this run has written 3145728 bytes to files; the limit is 3145728 bytes per run\n",
        "{r:?}"
    );
    // The quota is per run.
    let r = sb.run("open('/w/g', 'wb').write(b'q' * 2**20)").unwrap();
    assert!(r.success(), "{r:?}");
}

#[test]
fn errors_always_carry_the_exception_type() {
    let _s = serial();
    let mut sb = Sandbox::builder().timeout(Duration::from_secs(30)).build().unwrap();
    for (code, ty) in [
        ("class E(Exception):\n    def __str__(self):\n        raise ValueError('no')\nraise E()", "E"),
        ("raise ValueError('m' * 2 * 10**7)", "ValueError"),
        ("import gc\ngc.disable()\na = []\nwhile True:\n    a.append(bytearray(10**6))", "MemoryError"),
    ] {
        let r = sb.run(code).unwrap();
        assert_eq!(r.exception.as_ref().map(|e| e.type_name.as_str()), Some(ty), "{code}: {}", r.stderr);
        assert!(r.error().is_some_and(|e| e.starts_with(ty)));
    }
}

#[test]
fn the_documented_memory_range_works() {
    let _s = serial();
    for memory_mb in [1, 16_000] {
        let mut sb = Sandbox::builder().memory_mb(memory_mb).build().unwrap();
        assert_eq!(sb.run("print(1)").unwrap().stdout, "1\n", "memory_mb={memory_mb}");
    }
    // The largest heap with the largest output buffers still fits what a VM can map.
    let cfg = Sandbox::builder().memory_mb(16_000).max_output_bytes(64 << 20).into_config();
    assert_eq!(Sandbox::builder().config(cfg).build().unwrap().run("print(1)").unwrap().stdout, "1\n");
    for memory_mb in [0, 16_001] {
        let e = Sandbox::builder().memory_mb(memory_mb).build().err().unwrap();
        assert_eq!(
            e.to_string(),
            format!("invalid argument: memory_mb must be an integer from 1 to 16000, got {memory_mb}")
        );
    }
}

#[test]
fn no_http_connection_is_shared_between_runs() {
    let _s = serial();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepts = Arc::new(AtomicUsize::new(0));
    let count = accepts.clone();
    // Keep-alive responses: a client that reuses connections would make one accept only.
    std::thread::spawn(move || {
        for mut stream in listener.incoming().take(4).flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                for _ in 0..4 {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {
                            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                        }
                    }
                }
            });
        }
    });
    let access =
        HostAccess { allowed_domains: vec![AllowedDomain::any_method(addr.to_string())], ..HostAccess::default() };
    let mut sb = Sandbox::builder().config(config(access)).timeout(Duration::from_secs(10)).build().unwrap();
    for _ in 0..2 {
        let r = sb.run(&format!("import http\nprint(http.get('http://{addr}/').text)")).unwrap();
        assert_eq!(r.stdout, "ok\n", "{r:?}");
    }
    assert_eq!(accepts.load(Ordering::SeqCst), 2);
}

/// A host process swapping the directory `mount/d` for a symlink to `outside` and back, as fast
/// as it can, until the returned flag is set; the thread returns the number of swaps.
fn swap_dir_for_symlink(
    mount: &std::path::Path,
    outside: &std::path::Path,
) -> (Arc<std::sync::atomic::AtomicBool>, std::thread::JoinHandle<u64>) {
    std::os::unix::fs::symlink(outside, mount.join("link")).unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (flag, m) = (stop.clone(), mount.to_path_buf());
    let swapper = std::thread::spawn(move || {
        let mut swaps = 0u64;
        let c = |name: &str| std::ffi::CString::new(m.join(name).into_os_string().into_encoded_bytes()).unwrap();
        let (d, link) = (c("d"), c("link"));
        // Exchanged atomically (renameat2 RENAME_EXCHANGE), so `d` always exists: a directory
        // operation never finds it missing and recreates it (makedirs would).
        let exchange = || {
            // SAFETY: valid NUL-terminated paths.
            let rc = unsafe {
                libc::renameat2(libc::AT_FDCWD, d.as_ptr(), libc::AT_FDCWD, link.as_ptr(), libc::RENAME_EXCHANGE)
            };
            assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
        };
        while !flag.load(Ordering::Relaxed) {
            exchange();
            exchange();
            swaps += 1;
        }
        swaps
    });
    (stop, swapper)
}

/// Names in `dir`, sorted.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn swapping_a_directory_for_a_symlink_cannot_win_the_race() {
    let _s = serial();
    let tmp = tempfile::tempdir().unwrap();
    let (mount, outside) = (tmp.path().join("mount"), tmp.path().join("outside"));
    std::fs::create_dir_all(mount.join("d")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(mount.join("d/f"), "inside").unwrap();
    std::fs::write(outside.join("f"), "secret").unwrap();
    let (stop, swapper) = swap_dir_for_symlink(&mount, &outside);
    let access = HostAccess { file_mounts: vec![Mount::writable(&mount, "/w")], ..HostAccess::default() };
    let mut sb = Sandbox::builder().config(config(access)).timeout(Duration::from_secs(60)).build().unwrap();
    let code = "\
leaks = ok = refused = 0
for i in range(3000):
    try:
        if open('/w/d/f').read() == 'secret':
            leaks += 1
        else:
            ok += 1
        open('/w/d/new%d' % i, 'w').write('x')
    except OSError:
        refused += 1
print(leaks, ok > 0, ok + refused)
";
    let r = sb.run(code).unwrap();
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    println!("{} swaps during the run: {}", swaps, r.stdout.trim());
    assert!(r.stdout.starts_with("0 True "), "{r:?}");
    assert_eq!(names(&outside), ["f"], "a write landed outside the mount");
    assert_eq!(std::fs::read_to_string(outside.join("f")).unwrap(), "secret");
}

/// The directory operations (mkdir, makedirs, remove, rmdir, rename, listdir, scandir, stat,
/// exists, isdir) under the same race: each resolves and acts in one step beneath the mount,
/// so none ever creates, removes, renames, lists or stats anything outside it.
#[test]
fn swapping_a_directory_for_a_symlink_cannot_redirect_directory_operations() {
    let _s = serial();
    let tmp = tempfile::tempdir().unwrap();
    let (mount, outside) = (tmp.path().join("mount"), tmp.path().join("outside"));
    std::fs::create_dir_all(mount.join("d")).unwrap();
    for dir in ["victim_dir", "outdir"] {
        std::fs::create_dir_all(outside.join(dir)).unwrap();
    }
    for file in ["secret_name", "victim", "victim2", "outdir/inner"] {
        std::fs::write(outside.join(file), "secret").unwrap();
    }
    let before = (names(&outside), names(&outside.join("outdir")));
    let (stop, swapper) = swap_dir_for_symlink(&mount, &outside);
    let access = HostAccess { file_mounts: vec![Mount::writable(&mount, "/w")], ..HostAccess::default() };
    let mut sb = Sandbox::builder().config(config(access)).timeout(Duration::from_secs(90)).build().unwrap();
    // Bounded by a count and by time (the machine may be loaded).
    let code = "\
import os, time
leaks = []
counts = [0, 0]
def attempt(f, *a):
    try:
        r = f(*a)
        counts[0] += 1
        return r
    except OSError:
        counts[1] += 1
def seen(what, found):
    if found:
        leaks.append(what)
def write(p):
    with open(p, 'w') as f:
        f.write('x')
end = time.monotonic() + 30
i = 0
while i < 400 and time.monotonic() < end:
    attempt(os.mkdir, '/w/d/m%d' % i)
    attempt(os.makedirs, '/w/d/p%d/q' % i)
    attempt(write, '/w/d/v%d' % i)
    attempt(os.rename, '/w/d/v%d' % i, '/w/d/r%d' % i)
    attempt(os.remove, '/w/d/r%d' % i)
    attempt(os.rmdir, '/w/d/m%d' % i)
    attempt(os.remove, '/w/d/victim')
    attempt(os.rmdir, '/w/d/victim_dir')
    attempt(os.rename, '/w/d/victim2', '/w/d/moved%d' % i)
    attempt(os.rename, '/w/d/outdir', '/w/d/moved_dir%d' % i)
    seen('listdir', 'secret_name' in (attempt(os.listdir, '/w/d') or []))
    seen('scandir', 'secret_name' in [e.name for e in (attempt(os.scandir, '/w/d') or [])])
    seen('listdir outdir', attempt(os.listdir, '/w/d/outdir') is not None)
    seen('stat', attempt(os.stat, '/w/d/secret_name') is not None)
    seen('exists', os.path.exists('/w/d/secret_name'))
    seen('isdir', os.path.isdir('/w/d/outdir'))
    seen('isfile', os.path.isfile('/w/d/victim'))
    i += 1
print(i, counts[0] > 0, sorted(set(leaks)))
";
    let started = Instant::now();
    let r = sb.run(code).unwrap();
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    println!("{} swaps in {:?}: {}", swaps, started.elapsed(), r.stdout.trim());
    assert!(r.success(), "{} {:?}", r.stdout, r.exception);
    assert_eq!((names(&outside), names(&outside.join("outdir"))), before, "something outside the mount changed");
    let (_iterations, rest) = r.stdout.trim().split_once(' ').unwrap();
    assert_eq!(rest, "True []", "operations saw outside the mount: {}", r.stdout);
    for file in ["secret_name", "victim", "victim2", "outdir/inner"] {
        assert_eq!(std::fs::read_to_string(outside.join(file)).unwrap(), "secret");
    }
}

//! File mounts, `/output` and the network allow-list, end to end: Python in a real micro-VM
//! uses `open()`, `os` and `http`, and the host's policy decides. HTTP tests talk only to a
//! server on 127.0.0.1 that counts the connections it accepts.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use hyperlight_codeact::{AllowedDomain, HostAccess, Method, Mount, Sandbox};

fn sandbox(access: HostAccess) -> Sandbox {
    Sandbox::builder().access(access).build().expect("a micro-VM starts")
}

fn run(sb: &mut Sandbox, code: &str) -> String {
    let r = sb.run(code).unwrap();
    assert!(r.success(), "{code}\n-> {:?}\n{}\n{}", r.error(), r.stdout, r.stderr);
    r.stdout
}

struct Dirs {
    _tmp: tempfile::TempDir,
    data: std::path::PathBuf,
    work: std::path::PathBuf,
    outside: std::path::PathBuf,
}

fn dirs() -> Dirs {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let work = tmp.path().join("work");
    let outside = tmp.path().join("outside");
    for d in [&data, &work, &outside] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(data.join("orders.csv"), "id,total\n1,9.5\n2,20\n").unwrap();
    std::fs::write(outside.join("secret.txt"), "top secret").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), data.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, data.join("leakdir")).unwrap();
    Dirs { _tmp: tmp, data, work, outside }
}

fn mounted(d: &Dirs) -> Sandbox {
    sandbox(HostAccess {
        file_mounts: vec![Mount::read_only(&d.data, "/data"), Mount::writable(&d.work, "/work")],
        ..HostAccess::default()
    })
}

#[test]
fn reads_a_mounted_file_with_open_and_os() {
    let d = dirs();
    let mut sb = mounted(&d);
    let out = run(
        &mut sb,
        "import os\n\
         with open('/data/orders.csv') as f:\n    rows = [l.strip().split(',') for l in f][1:]\n\
         print(sum(float(t) for _, t in rows))\n\
         print(sorted(os.listdir('/data')), os.listdir('/'))\n\
         print(os.path.exists('/data/orders.csv'), os.path.isfile('/data/orders.csv'), os.path.isdir('/data'))\n\
         print(os.stat('/data/orders.csv').st_size, os.path.getsize('/data/orders.csv'))\n\
         print(open('/data/orders.csv', 'rb').read()[:3])",
    );
    assert_eq!(
        out,
        "29.5\n['leak.txt', 'leakdir', 'orders.csv'] ['data', 'output', 'work']\nTrue True True\n20 20\nb'id,'\n"
    );
}

#[test]
fn writes_to_a_writable_mount_and_output_comes_back() {
    let d = dirs();
    let mut sb = mounted(&d);
    let r = sb
        .run(
            "import os\n\
             os.makedirs('/work/reports/2026', exist_ok=True)\n\
             with open('/work/reports/2026/a.txt', 'w') as f:\n    f.write('line 1\\n')\n\
             with open('/work/reports/2026/a.txt', 'a') as f:\n    print('line 2', file=f)\n\
             print(open('/work/reports/2026/a.txt').read(), end='')\n\
             open('/output/summary.csv', 'w').write('k,v\\n')\n\
             f = open('/output/raw.bin', 'wb'); f.write(bytes(range(256)) * 2000)\n\
             os.remove('/work/reports/2026/a.txt'); print(os.listdir('/work/reports/2026'))",
        )
        .unwrap();
    assert!(r.success(), "{:?} {}", r.error(), r.stderr);
    assert_eq!(r.stdout, "line 1\nline 2\n[]\n");
    assert!(!d.work.join("reports/2026/a.txt").exists());
    // The file left open is flushed when the block ends; both come back, sorted by path.
    let names: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["/output/raw.bin", "/output/summary.csv"]);
    assert_eq!(r.files[0].data.len(), 512_000, "a file bigger than one transport chunk");
    assert_eq!(r.files[0].data[..3], [0, 1, 2]);
    assert_eq!(r.files[1].data, b"k,v\n");
    // Each run gets a fresh /output.
    let r = sb.run("import os\nprint(os.listdir('/output'))").unwrap();
    assert_eq!(r.stdout, "[]\n");
    assert!(r.files.is_empty());
    assert!(r.host_ops.iter().any(|op| op.op == "fs.listdir" && op.target == "/output" && op.error.is_none()));
}

#[test]
fn refuses_escapes_outside_paths_symlinks_and_read_only_writes() {
    let d = dirs();
    let mut sb = mounted(&d);
    let cases = [
        ("open('/data/../outside/secret.txt').read()", "PermissionError"),
        ("open('/data/../../../../etc/passwd').read()", "PermissionError"),
        ("open('/etc/passwd').read()", "PermissionError"),
        ("open('../etc/passwd').read()", "PermissionError"),
        ("open('/data/leak.txt').read()", "PermissionError"),
        ("open('/data/leakdir/secret.txt').read()", "PermissionError"),
        ("open('/data/new.txt', 'w')", "PermissionError"),
        ("open('/data/orders.csv', 'a')", "PermissionError"),
        ("import os; os.remove('/data/orders.csv')", "PermissionError"),
        ("import os; os.mkdir('/data/sub')", "PermissionError"),
        ("import os; os.listdir('/etc')", "PermissionError"),
        ("open('/data/missing.csv')", "FileNotFoundError"),
        ("open('/data')", "IsADirectoryError"),
        ("open('/work/x', 'x').close(); open('/work/x', 'x')", "FileExistsError"),
    ];
    for (code, expected) in cases {
        let r = sb.run(&format!("try:\n    {code}\nexcept OSError as e:\n    print(type(e).__name__, e)\n")).unwrap();
        assert!(r.stdout.starts_with(expected), "{code}: {}{}", r.stdout, r.stderr);
        assert!(!r.stdout.contains(d.outside.to_str().unwrap()), "host paths never leak: {}", r.stdout);
    }
    let r = sb.run("open('/etc/passwd')").unwrap();
    let msg = r.error().unwrap();
    assert!(
        msg.starts_with("PermissionError: [Errno 13] Permission denied: '/etc/passwd' is not inside any mount"),
        "{msg}"
    );
    assert!(msg.contains("/data") && msg.contains("/work"), "names the mounts: {msg}");
    assert_eq!(std::fs::read_to_string(d.data.join("orders.csv")).unwrap(), "id,total\n1,9.5\n2,20\n");
    assert!(!d.data.join("new.txt").exists());
}

#[test]
fn without_mounts_only_output_exists() {
    let mut sb = sandbox(HostAccess::default());
    let r = sb.run("import os\nprint(os.listdir('/'))\nopen('/etc/hostname')").unwrap();
    assert_eq!(r.stdout, "['output']\n");
    assert!(r.error().unwrap().contains("is not inside any mount (mounts: /output)"), "{:?}", r.error());
    let mut sb = sandbox(HostAccess { output_dir: false, ..HostAccess::default() });
    let r = sb.run("open('/output/x', 'w')").unwrap();
    assert_eq!(r.exception.unwrap().type_name, "PermissionError");
}

#[test]
fn bad_mounts_fail_at_creation() {
    let cfg = |m: Mount| {
        Sandbox::builder().access(HostAccess { file_mounts: vec![m], ..HostAccess::default() }).into_config()
    };
    assert!(Sandbox::builder().config(cfg(Mount::read_only("/definitely/not/here", "/data"))).build().is_err());
    assert!(Sandbox::builder().config(cfg(Mount::read_only("/tmp", "relative"))).build().is_err());
    assert!(Sandbox::builder().config(cfg(Mount::read_only("/tmp", "/output"))).build().is_err());
}

#[test]
fn output_limits_keep_what_fits_and_say_what_did_not() {
    let mut sb =
        Sandbox::builder().access(HostAccess { max_output_files: 2, ..HostAccess::default() }).build().unwrap();
    let r = sb.run("for i in range(3):\n    open(f'/output/{i}.txt', 'w').write(str(i))").unwrap();
    assert!(r.success());
    assert_eq!(r.files.len(), 2);
    assert!(
        r.stderr.contains("1 of 3 files in /output were not returned") && r.stderr.contains("/output/2.txt"),
        "{}",
        r.stderr
    );
}

#[test]
fn output_files_over_the_per_file_limit_are_named_not_returned() {
    let mut sb =
        Sandbox::builder().access(HostAccess { max_output_file_bytes: 10, ..HostAccess::default() }).build().unwrap();
    let r = sb.run("open('/output/small.txt', 'w').write('ok')\nopen('/output/big.txt', 'w').write('x' * 11)").unwrap();
    assert!(r.success());
    assert_eq!(r.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["/output/small.txt"]);
    assert!(r.stderr.contains("10 bytes each") && r.stderr.contains("/output/big.txt"), "{}", r.stderr);
}

/// A tiny HTTP/1.1 server on 127.0.0.1: `/ok` -> 200 JSON, `/redirect-out` -> 302 to an
/// address that is not allowed, `/redirect-in` -> 302 to `/ok`, anything else -> 404.
struct Server {
    port: u16,
    accepted: Arc<AtomicUsize>,
}

fn server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            count.fetch_add(1, Ordering::SeqCst);
            let req = read_request(&mut s);
            let line = req.lines().next().unwrap_or("").to_string();
            let path = line.split(' ').nth(1).unwrap_or("").split('?').next().unwrap_or("").to_string();
            let get = line.starts_with("GET ");
            let (status, extra, body) = if path == "/ok" && (get || line.starts_with("POST ")) {
                let echo = req.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
                ("200 OK", String::new(), format!("{{\"line\": \"{line}\", \"echo\": {echo:?}}}"))
            } else if get && path == "/redirect-out" {
                ("302 Found", "Location: http://127.0.0.2:9/x\r\n".to_string(), String::new())
            } else if get && path == "/redirect-in" {
                ("302 Found", "Location: /ok\r\n".to_string(), String::new())
            } else {
                ("404 Not Found", String::new(), "nope".to_string())
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    Server { port, accepted }
}

/// Reads one request: the head, then as many body bytes as Content-Length says.
fn read_request(s: &mut std::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&data).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0usize);
            if data.len() >= end + 4 + len {
                return text;
            }
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&data).into_owned(),
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
}

#[test]
fn http_allowed_get_and_post_succeed() {
    let srv = server();
    let mut sb = sandbox(HostAccess {
        allowed_domains: vec![AllowedDomain::any_method(format!("127.0.0.1:{}", srv.port))],
        ..HostAccess::default()
    });
    let base = format!("http://127.0.0.1:{}", srv.port);
    let out = run(
        &mut sb,
        &format!(
            "import http\n\
             r = http.get('{base}/ok', params={{'q': 'a b'}})\n\
             print(r.status_code, r.ok, r.headers['content-type'], r.json()['line'])\n\
             r = http.post('{base}/ok', json={{'n': 1}})\n\
             print(r.json()['echo'])\n\
             print(http_get('{base}/redirect-in')['status'], http_post('{base}/ok', 'raw').json()['echo'])\n\
             r = http.get('{base}/missing'); print(r.status_code, r.ok)\n\
             try:\n    r.raise_for_status()\nexcept http.HTTPError as e:\n    print(e)"
        ),
    );
    assert_eq!(
        out,
        format!(
            "200 True application/json GET /ok?q=a%20b HTTP/1.1\n{{\"n\": 1}}\n200 raw\n404 False\n404 Client Error: Not Found for url: {base}/missing\n"
        )
    );
}

#[test]
fn http_denials_make_no_connection() {
    let srv = server();
    let port = srv.port;
    let mut sb = sandbox(HostAccess {
        allowed_domains: vec![
            AllowedDomain::with_methods(format!("127.0.0.1:{port}"), [Method::Get]),
            AllowedDomain::any_method("api.github.com"),
        ],
        ..HostAccess::default()
    });
    let cases = [
        format!("http.post('http://127.0.0.1:{port}/ok', data='x')"),
        format!("http.request('DELETE', 'http://127.0.0.1:{port}/ok')"),
        format!("http.get('http://localhost:{port}/ok')"),
        format!("http.get('http://127.0.0.1:{}/ok')", port.wrapping_add(1)),
        "http.get('https://api.github.com.evil.com/')".to_string(),
        "http.get('https://evilapi.github.com/')".to_string(),
        "http.get('file:///etc/passwd')".to_string(),
        format!("http.get('http://127.0.0.1:{port}/redirect-out')"),
    ];
    for code in &cases {
        let before = srv.accepted.load(Ordering::SeqCst);
        let r = sb
            .run(&format!("import http\ntry:\n    {code}\nexcept PermissionError as e:\n    print('refused:', e)\n"))
            .unwrap();
        assert!(
            r.stdout.starts_with("refused: [Errno 13] ") && r.stdout.contains("Permission denied"),
            "{code}: {} {}",
            r.stdout,
            r.stderr
        );
        let made = srv.accepted.load(Ordering::SeqCst) - before;
        // The redirect case connects once (to the allowed host), never to the redirect target.
        let expected = usize::from(code.contains("redirect-out"));
        assert_eq!(made, expected, "{code}: {made} connections");
    }
    // With no allow-list at all, nothing is reachable, through every entry point.
    let mut sb = sandbox(HostAccess::default());
    let before = srv.accepted.load(Ordering::SeqCst);
    let r = sb.run(&format!("http_get('http://127.0.0.1:{port}/ok')")).unwrap();
    assert!(r.error().unwrap().contains("no allowed_domains"), "{:?}", r.error());
    assert_eq!(srv.accepted.load(Ordering::SeqCst), before);
}

//! HTTP(S) requests the host makes on the guest's behalf ([`HttpClient`]), each after
//! [`NetPolicy::check`] (the policy, in [`crate::policy::net`]) allowed it: the client checks
//! before opening any connection, never lets the HTTP library follow redirects (each hop is
//! re-checked), ignores proxy environment variables (so the connection goes to the checked
//! host), and caps time and response size.

use std::io::Read;
use std::time::Duration;

use url::Url;

use crate::policy::net::{Method, NetPolicy, ParsedUrl};
use crate::policy::{PolicyError, PolicyErrorKind};

/// Time and size limits for [`HttpClient`].
#[derive(Debug, Clone)]
pub struct HttpLimits {
    pub connect_timeout: Duration,
    /// Whole exchange per hop (connect, send, headers, body).
    pub timeout: Duration,
    pub max_response_bytes: u64,
    pub max_request_bytes: usize,
    pub max_redirects: u32,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: 10 << 20,
            max_request_bytes: 10 << 20,
            max_redirects: 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// In wire order; names lowercase; non-UTF-8 values lossily decoded.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The URL that produced this response, after redirects.
    pub final_url: String,
}

/// Headers the guest may not set: the library computes framing, and `Host` must be the
/// checked host (a different `Host` could reach another virtual host on the machine).
const FORBIDDEN_HEADERS: [&str; 7] =
    ["host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer"];

/// Credentials not forwarded when a redirect changes origin.
const CREDENTIAL_HEADERS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

/// Makes policy-checked HTTP requests on the guest's behalf.
#[derive(Debug, Clone)]
pub struct HttpClient {
    policy: NetPolicy,
    limits: HttpLimits,
    agent: ureq::Agent,
}

fn map_ureq(url: &Url, e: ureq::Error) -> PolicyError {
    match e {
        ureq::Error::Timeout(t) => PolicyError::new(PolicyErrorKind::Timeout, format!("{url}: timed out ({t})")),
        ureq::Error::BodyExceedsLimit(n) => {
            PolicyError::limit(format!("{url}: response body is larger than the {n} byte limit"))
        }
        ureq::Error::LargeResponseHeader(..) => PolicyError::limit(format!("{url}: response headers too large")),
        ureq::Error::HostNotFound => PolicyError::new(PolicyErrorKind::Connection, format!("{url}: host not found")),
        ureq::Error::ConnectionFailed => {
            PolicyError::new(PolicyErrorKind::Connection, format!("{url}: connection failed"))
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            PolicyError::new(PolicyErrorKind::Timeout, format!("{url}: timed out"))
        }
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::NotConnected
                    | std::io::ErrorKind::AddrNotAvailable
            ) =>
        {
            PolicyError::new(PolicyErrorKind::Connection, format!("{url}: {io}"))
        }
        other => PolicyError::new(PolicyErrorKind::Io, format!("{url}: {other}")),
    }
}

impl HttpClient {
    #[must_use]
    pub fn new(policy: NetPolicy, limits: HttpLimits) -> Self {
        let config = ureq::Agent::config_builder()
            // Redirects are followed by `request`, re-checking each hop.
            .max_redirects(0)
            // 4xx/5xx are responses for the guest to see, not transport errors.
            .http_status_as_error(false)
            // Ignore HTTP(S)_PROXY/ALL_PROXY: the connection must go to the checked host.
            .proxy(None)
            .timeout_connect(Some(limits.connect_timeout))
            .timeout_global(Some(limits.timeout))
            .build();
        Self { policy, limits, agent: config.into() }
    }

    #[must_use]
    pub fn policy(&self) -> &NetPolicy {
        &self.policy
    }

    /// The same policy and limits with a new agent (its own, empty connection pool).
    #[must_use]
    pub fn fresh(&self) -> Self {
        Self::new(self.policy.clone(), self.limits.clone())
    }

    /// Performs `method url`, following up to `max_redirects` redirects that the policy
    /// also allows. No connection is made for a refused request or hop.
    ///
    /// Redirects: 303 (and 301/302 after a POST) continue as GET without a body, as
    /// browsers do; 307/308 keep method and body. Credentials are dropped when the
    /// redirect changes scheme, host or port.
    ///
    /// # Errors
    /// `PermissionDenied` for a refused request or redirect hop, `InvalidArgument` for bad
    /// input or forbidden headers, `LimitExceeded` (body sizes, too many redirects),
    /// `Timeout`, `Io`.
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Option<&[u8]>,
    ) -> Result<HttpResponse, PolicyError> {
        self.request_until(method, url, headers, body, None)
    }

    /// Like [`HttpClient::request`], and all of it (connecting, sending, reading, every
    /// redirect hop) ends by `deadline`: each hop gets the time left as its overall timeout.
    ///
    /// # Errors
    /// As [`HttpClient::request`]; `Timeout` once the deadline has passed.
    pub fn request_until(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Option<&[u8]>,
        deadline: Option<std::time::Instant>,
    ) -> Result<HttpResponse, PolicyError> {
        for (name, _) in headers {
            if FORBIDDEN_HEADERS.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                return Err(PolicyError::invalid_arg(format!("header '{name}' may not be set")));
            }
        }
        if body.is_some_and(|b| b.len() > self.limits.max_request_bytes) {
            return Err(PolicyError::limit(format!(
                "request body is larger than the {} byte limit",
                self.limits.max_request_bytes
            )));
        }
        let mut current = self.policy.check(method, url)?;
        let mut headers: Vec<(String, String)> = headers.to_vec();
        let mut body: Option<Vec<u8>> = body.map(<[u8]>::to_vec);
        let mut hops = 0u32;
        loop {
            let left = match deadline {
                None => None,
                Some(d) => match d.checked_duration_since(std::time::Instant::now()).filter(|l| !l.is_zero()) {
                    Some(l) => Some(l),
                    None => {
                        return Err(PolicyError::new(
                            PolicyErrorKind::Timeout,
                            format!("{}: timed out (the run's time limit)", current.url),
                        ))
                    }
                },
            };
            let mut resp = self.send(&current, &headers, body.as_deref(), left)?;
            let status = resp.status().as_u16();
            let location = resp.headers().get("location").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            if let (true, Some(location)) = (matches!(status, 301 | 302 | 303 | 307 | 308), location) {
                if hops == self.limits.max_redirects {
                    return Err(PolicyError::limit(format!(
                        "{}: more than {} redirects",
                        current.url, self.limits.max_redirects
                    )));
                }
                hops += 1;
                let next = current.url.join(&location).map_err(|e| {
                    PolicyError::invalid_arg(format!("{}: bad redirect location '{location}': {e}", current.url))
                })?;
                let mut method = current.method;
                if (status == 303 && method != Method::Head) || (matches!(status, 301 | 302) && method == Method::Post)
                {
                    method = Method::Get;
                    body = None;
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
                }
                let next = self.policy.check(method.as_str(), next.as_str()).map_err(|e| {
                    PolicyError::new(e.kind, format!("redirect from {} to {next} refused: {}", current.url, e.message))
                })?;
                if (next.scheme, &next.host, next.port) != (current.scheme, &current.host, current.port) {
                    headers.retain(|(n, _)| !CREDENTIAL_HEADERS.iter().any(|c| c.eq_ignore_ascii_case(n)));
                }
                current = next;
                continue;
            }
            return self.finish(&current.url, status, &mut resp);
        }
    }

    /// Turns a final (non-redirect) response into an [`HttpResponse`], reading the body
    /// under the size cap.
    fn finish(
        &self,
        url: &Url,
        status: u16,
        resp: &mut ureq::http::Response<ureq::Body>,
    ) -> Result<HttpResponse, PolicyError> {
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let cap = self.limits.max_response_bytes.saturating_add(1);
        // Read through our own cap as well as ureq's, so the limit holds whatever the
        // library's exact semantics for `limit` are.
        let mut body = Vec::new();
        resp.body_mut().with_config().limit(cap).reader().take(cap).read_to_end(&mut body).map_err(|e| {
            if e.kind() == std::io::ErrorKind::TimedOut {
                return PolicyError::new(PolicyErrorKind::Timeout, format!("{url}: timed out"));
            }
            match e.into_inner().and_then(|inner| inner.downcast::<ureq::Error>().ok()) {
                Some(ue) => map_ureq(url, *ue),
                None => PolicyError::new(PolicyErrorKind::Io, format!("{url}: error reading the response body")),
            }
        })?;
        if body.len() as u64 > self.limits.max_response_bytes {
            return Err(PolicyError::limit(format!(
                "{url}: response body is larger than the {} byte limit",
                self.limits.max_response_bytes
            )));
        }
        Ok(HttpResponse { status, headers, body, final_url: url.to_string() })
    }

    fn send(
        &self,
        req: &ParsedUrl,
        headers: &[(String, String)],
        body: Option<&[u8]>,
        left: Option<Duration>,
    ) -> Result<ureq::http::Response<ureq::Body>, PolicyError> {
        let mut builder = ureq::http::Request::builder().method(req.method.as_str()).uri(req.url.as_str());
        for (k, v) in headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let bad = |e: ureq::http::Error| PolicyError::invalid_arg(format!("invalid request: {e}"));
        // `()` sends no body at all; an empty slice would still send Content-Length: 0.
        // The run's time left bounds this hop end to end (resolve, connect, send, headers and
        // the body read after it), on top of the configured per-hop limits.
        let global = left.map_or(self.limits.timeout, |l| l.min(self.limits.timeout));
        let connect = left.map_or(self.limits.connect_timeout, |l| l.min(self.limits.connect_timeout));
        let result = match body {
            Some(b) => {
                let r = self.agent.configure_request(builder.body(b).map_err(bad)?);
                self.agent.run(r.timeout_global(Some(global)).timeout_connect(Some(connect)).build())
            }
            None => {
                let r = self.agent.configure_request(builder.body(()).map_err(bad)?);
                self.agent.run(r.timeout_global(Some(global)).timeout_connect(Some(connect)).build())
            }
        };
        result.map_err(|e| map_ureq(&req.url, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::net::AllowedDomain;
    use std::io::Write;
    use std::net::{SocketAddr, TcpListener};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    /// A minimal HTTP/1.1 server on 127.0.0.1 that counts accepted connections and
    /// records request heads. Each connection gets one response, then is closed.
    struct Server {
        addr: SocketAddr,
        accepts: Arc<AtomicUsize>,
        requests: Arc<Mutex<Vec<String>>>,
    }

    type Handler = Arc<dyn Fn(&str, &[u8]) -> Vec<u8> + Send + Sync>;

    fn serve(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let accepts = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (a, r) = (accepts.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                a.fetch_add(1, Ordering::SeqCst);
                let mut data = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                        break Some(i + 4);
                    }
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => break None,
                        Ok(n) => data.extend_from_slice(&chunk[..n]),
                    }
                };
                let Some(head_end) = head_end else { continue };
                let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
                let len = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                while data.len() < head_end + len {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => data.extend_from_slice(&chunk[..n]),
                    }
                }
                r.lock().unwrap().push(head.clone());
                let resp = handler(&head, &data[head_end..]);
                let _ = stream.write_all(&resp);
            }
        });
        Server { addr, accepts, requests }
    }

    fn response(status: &str, extra: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n", body.len())
            .into_bytes();
        v.extend_from_slice(body);
        v
    }

    fn path_of(head: &str) -> String {
        head.split_whitespace().nth(1).unwrap_or("").to_string()
    }

    fn client(entries: &[(String, Option<&[Method]>)], limits: HttpLimits) -> HttpClient {
        let p = NetPolicy::new(
            entries.iter().map(|(t, m)| AllowedDomain { target: t.clone(), methods: m.map(<[Method]>::to_vec) }),
        )
        .unwrap();
        HttpClient::new(p, limits)
    }

    #[test]
    fn allowed_get_and_post_succeed() {
        let s = serve(Arc::new(|head, body| {
            let reply = format!("{} {}", path_of(head), String::from_utf8_lossy(body));
            response("200 OK", "X-Test: yes\r\n", reply.as_bytes())
        }));
        let c = client(&[(s.addr.to_string(), None)], HttpLimits::default());
        let r = c
            .request(
                "GET",
                &format!("http://{}/hello?x=1#frag", s.addr),
                &[("Accept".into(), "text/plain".into())],
                None,
            )
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, b"/hello?x=1 ");
        assert!(r.headers.contains(&("x-test".into(), "yes".into())));
        assert_eq!(r.final_url, format!("http://{}/hello?x=1", s.addr));
        let r = c.request("POST", &format!("http://{}/p", s.addr), &[], Some(b"payload")).unwrap();
        assert_eq!(r.body, b"/p payload");
        assert_eq!(s.accepts.load(Ordering::SeqCst), 2);
        assert!(
            s.requests.lock().unwrap()[0].contains("accept: text/plain")
                || s.requests.lock().unwrap()[0].contains("Accept: text/plain")
        );
    }

    #[test]
    fn denied_requests_make_no_connection() {
        let s = serve(Arc::new(|_, _| response("200 OK", "", b"should not be reached")));
        let c = client(&[(s.addr.to_string(), Some(&[Method::Get]))], HttpLimits::default());
        let port = s.addr.port();
        let e = c.request("POST", &format!("http://127.0.0.1:{port}/"), &[], Some(b"x")).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{e}");
        // Same listener, reached through a name or port the policy does not allow.
        assert_eq!(
            c.request("GET", &format!("http://localhost:{port}/"), &[], None).unwrap_err().kind,
            PolicyErrorKind::PermissionDenied
        );
        assert_eq!(
            c.request("GET", &format!("http://127.0.0.1:{}/", port.wrapping_add(1)), &[], None).unwrap_err().kind,
            PolicyErrorKind::PermissionDenied
        );
        // Forbidden headers are refused before connecting too.
        let e = c
            .request("GET", &format!("http://127.0.0.1:{port}/"), &[("Host".into(), "evil.example".into())], None)
            .unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::InvalidArgument);
        // Give a (wrong) connection time to show up before checking.
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(s.accepts.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn redirects_rechecked_per_hop() {
        // The denied target: a live listener whose counter proves it is never contacted.
        let evil = serve(Arc::new(|_, _| response("200 OK", "", b"evil")));
        let evil_port = evil.addr.port();
        let s = serve(Arc::new(move |head, _| match path_of(head).as_str() {
            "/to-ok" => response("302 Found", "Location: /ok\r\n", b""),
            "/to-evil-port" => response("302 Found", &format!("Location: http://127.0.0.1:{evil_port}/\r\n"), b""),
            "/to-evil-host" => response("301 Moved", "Location: http://evil.example/\r\n", b""),
            "/to-ftp" => response("307 Temporary Redirect", "Location: ftp://127.0.0.1/\r\n", b""),
            "/post-303" => response("303 See Other", "Location: /ok\r\n", b""),
            "/loop" => response("302 Found", "Location: /loop\r\n", b""),
            _ => response("200 OK", "", head.split_whitespace().next().unwrap_or("").as_bytes()),
        }));
        let c = client(&[(s.addr.to_string(), None)], HttpLimits { max_redirects: 3, ..HttpLimits::default() });
        let base = format!("http://{}", s.addr);

        let r = c.request("GET", &format!("{base}/to-ok"), &[], None).unwrap();
        assert_eq!(
            (r.status, r.body.as_slice(), r.final_url.as_str()),
            (200, &b"GET"[..], format!("{base}/ok").as_str())
        );

        for (path, needle) in [
            ("/to-evil-port", "is not allowed"),
            ("/to-evil-host", "'evil.example' is not in allowed_domains"),
            ("/to-ftp", "scheme"),
        ] {
            let e = c.request("GET", &format!("{base}{path}"), &[], None).unwrap_err();
            assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{e}");
            assert!(e.message.starts_with(&format!("redirect from {base}{path} to ")), "{e}");
            assert!(e.message.contains(needle), "{e}");
        }
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(evil.accepts.load(Ordering::SeqCst), 0, "denied redirect target was contacted");

        let r = c.request("POST", &format!("{base}/post-303"), &[], Some(b"x")).unwrap();
        assert_eq!(r.body, b"GET");
        let e = c.request("GET", &format!("{base}/loop"), &[], None).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::LimitExceeded, "{e}");
    }

    #[test]
    fn response_cap_and_timeout() {
        let s = serve(Arc::new(|head, _| {
            if path_of(head) == "/slow" {
                std::thread::sleep(Duration::from_millis(1500));
            }
            response("200 OK", "", &[b'x'; 1000])
        }));
        let c = client(
            &[(s.addr.to_string(), None)],
            HttpLimits { max_response_bytes: 999, timeout: Duration::from_millis(300), ..HttpLimits::default() },
        );
        let e = c.request("GET", &format!("http://{}/big", s.addr), &[], None).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::LimitExceeded, "{e}");
        let e = c.request("GET", &format!("http://{}/slow", s.addr), &[], None).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::Timeout, "{e}");
        let c = client(&[(s.addr.to_string(), None)], HttpLimits { max_response_bytes: 1000, ..HttpLimits::default() });
        assert_eq!(c.request("GET", &format!("http://{}/big", s.addr), &[], None).unwrap().body.len(), 1000);
    }
}

//! `allowed_domains`: HTTP(S) requests made by the host on the guest's behalf.
//!
//! The guest has no network device; it asks the host for a request, and the host makes
//! it only if [`NetPolicy::check`] allows the method and URL. [`HttpClient`] checks
//! before opening any connection, never lets the HTTP library follow redirects (each
//! hop is re-checked here), ignores proxy environment variables (so the connection goes
//! to the checked host), and caps time and response size.
//!
//! Target syntax (`AllowedDomain::target`): `[scheme://]host[:port]`, where `host` is a
//! DNS name, an IPv4 address or a bracketed IPv6 address, or `*.suffix`.
//!
//! - Hosts compare exactly, case-insensitively, after IDNA normalization and with a
//!   trailing `.` ignored.
//! - `*.example.com` matches any name strictly below `example.com` (`a.example.com`,
//!   `a.b.example.com`), never `example.com` itself nor `evilexample.com`. A wildcard is
//!   only honoured where written: `example.com` does not match `sub.example.com`.
//! - Ports: a target without a port allows only the scheme's default port (80 for http,
//!   443 for https); `host:8080` allows only port 8080. Letting a bare host reach every
//!   port would expose e.g. admin or database ports on an allowed machine.
//! - A target with a scheme allows only that scheme; otherwise http and https both are.
//! - Methods: `None` allows every supported method; otherwise only those listed (`GET`
//!   does not imply `HEAD`).
//!
//! The policy is on names: DNS resolution is the operating system's, so a name that
//! resolves to an internal address is still reached if the name is allowed.

use std::fmt;
use std::io::Read;
use std::str::FromStr;
use std::time::Duration;

use url::Url;

use super::{PolicyError, PolicyErrorKind};

/// The HTTP methods the guest may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Self::Get,
        Self::Head,
        Self::Post,
        Self::Put,
        Self::Patch,
        Self::Delete,
        Self::Options,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Head => "HEAD",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
        }
    }
}

impl FromStr for Method {
    type Err = PolicyError;

    /// Case-insensitive; anything outside [`Method::ALL`] (CONNECT, TRACE, custom verbs)
    /// is refused.
    fn from_str(s: &str) -> Result<Self, PolicyError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| PolicyError::invalid_arg(format!("unsupported HTTP method '{s}'")))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "http" => Some(Self::Http),
            "https" => Some(Self::Https),
            _ => None,
        }
    }

    #[must_use]
    pub fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

/// One `allowed_domains` entry; see the module docs for the target syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedDomain {
    pub target: String,
    /// `None`: every supported method.
    pub methods: Option<Vec<Method>>,
}

impl AllowedDomain {
    pub fn any_method(target: impl Into<String>) -> Self {
        Self {
            target: target.into(),
            methods: None,
        }
    }

    pub fn with_methods(
        target: impl Into<String>,
        methods: impl IntoIterator<Item = Method>,
    ) -> Self {
        Self {
            target: target.into(),
            methods: Some(methods.into_iter().collect()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Exact(String),
    /// Stored with its leading dot (`.example.com`) so `ends_with` respects label
    /// boundaries.
    Suffix(String),
}

#[derive(Debug, Clone)]
struct Rule {
    target: String,
    scheme: Option<Scheme>,
    host: HostPattern,
    port: Option<u16>,
    methods: Option<Vec<Method>>,
}

impl Rule {
    fn matches_host(&self, host: &str) -> bool {
        match &self.host {
            HostPattern::Exact(h) => host == h,
            HostPattern::Suffix(s) => host.len() > s.len() && host.ends_with(s.as_str()),
        }
    }

    fn matches_origin(&self, scheme: Scheme, port: u16) -> bool {
        self.scheme.is_none_or(|s| s == scheme)
            && port == self.port.unwrap_or(scheme.default_port())
    }

    fn allows(&self, method: Method) -> bool {
        self.methods.as_ref().is_none_or(|ms| ms.contains(&method))
    }
}

/// Normalizes a host the way the `url` crate does for special schemes (lowercase, IDNA
/// to punycode, IPv4 canonical form, IPv6 in brackets) and drops a trailing dot.
fn normalize_host(host: &str) -> Option<String> {
    let url = Url::parse(&format!("http://{host}/")).ok()?;
    if url.path() != "/"
        || url.query().is_some()
        || url.port().is_some()
        || !url.username().is_empty()
    {
        return None;
    }
    let h = url.host_str()?;
    Some(h.strip_suffix('.').unwrap_or(h).to_string())
}

fn parse_target(entry: &AllowedDomain) -> Result<Rule, PolicyError> {
    let target = entry.target.trim();
    let bad = |why: &str| {
        PolicyError::invalid_arg(format!(
            "invalid allowed_domains entry '{}': {why}",
            entry.target
        ))
    };
    if target.is_empty() {
        return Err(bad("empty"));
    }
    let (scheme, rest) = match target.split_once("://") {
        Some((s, rest)) => (
            Some(Scheme::parse(s).ok_or_else(|| bad("scheme must be http or https"))?),
            rest,
        ),
        None => (None, target),
    };
    if rest.contains(['/', '?', '#', '@', '\\']) {
        return Err(bad(
            "expected [scheme://]host[:port], without path, query or credentials",
        ));
    }
    // Split off an explicit port textually: the url crate drops default ports, and we
    // must know whether one was written.
    let (host, port) = if rest.starts_with('[') {
        let end = rest
            .find(']')
            .ok_or_else(|| bad("unterminated IPv6 address"))?;
        match &rest[end + 1..] {
            "" => (&rest[..=end], None),
            p => (
                &rest[..=end],
                Some(p.strip_prefix(':').ok_or_else(|| bad("bad port"))?),
            ),
        }
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    let port = match port {
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| bad("bad port"))?,
        ),
        None => None,
    };
    let pattern = if let Some(suffix) = host.strip_prefix("*.") {
        if suffix.contains('*') {
            return Err(bad(
                "'*' is only allowed as the whole first label, as in '*.example.com'",
            ));
        }
        let s = normalize_host(suffix).ok_or_else(|| bad("bad host name"))?;
        if s.starts_with('[') || s.parse::<std::net::Ipv4Addr>().is_ok() {
            return Err(bad("wildcards apply to DNS names, not IP addresses"));
        }
        HostPattern::Suffix(format!(".{s}"))
    } else {
        if host.contains('*') {
            return Err(bad(
                "'*' is only allowed as the whole first label, as in '*.example.com'",
            ));
        }
        HostPattern::Exact(normalize_host(host).ok_or_else(|| bad("bad host name"))?)
    };
    if let Some(ms) = &entry.methods {
        if ms.is_empty() {
            return Err(bad("empty method list (omit it to allow every method)"));
        }
    }
    Ok(Rule {
        target: entry.target.clone(),
        scheme,
        host: pattern,
        port,
        methods: entry.methods.clone(),
    })
}

/// A request the policy has allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    pub url: Url,
    pub method: Method,
    pub scheme: Scheme,
    /// Normalized host (lowercase, punycode, no trailing dot; IPv6 in brackets).
    pub host: String,
    /// Explicit port or the scheme's default.
    pub port: u16,
}

/// The validated `allowed_domains` list. Empty (the default) denies everything.
#[derive(Debug, Clone, Default)]
pub struct NetPolicy {
    rules: Vec<Rule>,
}

impl NetPolicy {
    /// # Errors
    /// `InvalidArgument` naming the first malformed entry.
    pub fn new(entries: impl IntoIterator<Item = AllowedDomain>) -> Result<Self, PolicyError> {
        let rules = entries
            .into_iter()
            .map(|e| parse_target(&e))
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }

    /// Decides whether `method url` may be requested. Makes no connection.
    ///
    /// # Errors
    /// `InvalidArgument` for a bad method or URL; `PermissionDenied` saying why otherwise.
    pub fn check(&self, method: &str, url: &str) -> Result<ParsedUrl, PolicyError> {
        let method: Method = method.parse()?;
        let mut url = Url::parse(url)
            .map_err(|e| PolicyError::invalid_arg(format!("invalid URL '{url}': {e}")))?;
        let Some(scheme) = Scheme::parse(url.scheme()) else {
            return Err(PolicyError::denied(format!(
                "Permission denied: scheme '{}' is not allowed (http and https only)",
                url.scheme()
            )));
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(PolicyError::invalid_arg(
                "credentials in URLs are not supported; send an Authorization header instead",
            ));
        }
        // Never sent on the wire; dropping it keeps final_url and messages clean.
        url.set_fragment(None);
        let raw_host = url
            .host_str()
            .ok_or_else(|| PolicyError::invalid_arg(format!("URL '{url}' has no host")))?;
        let host = raw_host.strip_suffix('.').unwrap_or(raw_host).to_string();
        let port = url.port_or_known_default().unwrap_or(scheme.default_port());

        let for_host: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.matches_host(&host))
            .collect();
        if for_host.is_empty() {
            return Err(PolicyError::denied(format!(
                "Permission denied: host '{host}' is not in allowed_domains"
            )));
        }
        let for_origin: Vec<&Rule> = for_host
            .iter()
            .copied()
            .filter(|r| r.matches_origin(scheme, port))
            .collect();
        if for_origin.is_empty() {
            let targets: Vec<&str> = for_host.iter().map(|r| r.target.as_str()).collect();
            return Err(PolicyError::denied(format!(
                "Permission denied: {}://{host}:{port} is not allowed (allowed_domains has {} for this host; \
                 a target without a port allows only the default port)",
                scheme.as_str(),
                targets.join(", ")
            )));
        }
        if !for_origin.iter().any(|r| r.allows(method)) {
            let mut allowed: Vec<&str> = Method::ALL
                .into_iter()
                .filter(|m| for_origin.iter().any(|r| r.allows(*m)))
                .map(Method::as_str)
                .collect();
            allowed.dedup();
            return Err(PolicyError::denied(format!(
                "Permission denied: method {method} is not allowed for '{host}' (allowed: {})",
                allowed.join(", ")
            )));
        }
        Ok(ParsedUrl {
            url,
            method,
            scheme,
            host,
            port,
        })
    }
}

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
const FORBIDDEN_HEADERS: [&str; 7] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
];

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
        ureq::Error::Timeout(t) => {
            PolicyError::new(PolicyErrorKind::Timeout, format!("{url}: timed out ({t})"))
        }
        ureq::Error::BodyExceedsLimit(n) => PolicyError::limit(format!(
            "{url}: response body is larger than the {n} byte limit"
        )),
        ureq::Error::LargeResponseHeader(..) => {
            PolicyError::limit(format!("{url}: response headers too large"))
        }
        ureq::Error::HostNotFound => {
            PolicyError::new(PolicyErrorKind::Connection, format!("{url}: host not found"))
        }
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
        Self {
            policy,
            limits,
            agent: config.into(),
        }
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
            if FORBIDDEN_HEADERS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(name))
            {
                return Err(PolicyError::invalid_arg(format!(
                    "header '{name}' may not be set"
                )));
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
            let location = resp
                .headers()
                .get("location")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            if let (true, Some(location)) =
                (matches!(status, 301 | 302 | 303 | 307 | 308), location)
            {
                if hops == self.limits.max_redirects {
                    return Err(PolicyError::limit(format!(
                        "{}: more than {} redirects",
                        current.url, self.limits.max_redirects
                    )));
                }
                hops += 1;
                let next = current.url.join(&location).map_err(|e| {
                    PolicyError::invalid_arg(format!(
                        "{}: bad redirect location '{location}': {e}",
                        current.url
                    ))
                })?;
                let mut method = current.method;
                if (status == 303 && method != Method::Head)
                    || (matches!(status, 301 | 302) && method == Method::Post)
                {
                    method = Method::Get;
                    body = None;
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
                }
                let next = self
                    .policy
                    .check(method.as_str(), next.as_str())
                    .map_err(|e| {
                        PolicyError::new(
                            e.kind,
                            format!(
                                "redirect from {} to {next} refused: {}",
                                current.url, e.message
                            ),
                        )
                    })?;
                if (next.scheme, &next.host, next.port)
                    != (current.scheme, &current.host, current.port)
                {
                    headers.retain(|(n, _)| {
                        !CREDENTIAL_HEADERS.iter().any(|c| c.eq_ignore_ascii_case(n))
                    });
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
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let cap = self.limits.max_response_bytes.saturating_add(1);
        // Read through our own cap as well as ureq's, so the limit holds whatever the
        // library's exact semantics for `limit` are.
        let mut body = Vec::new();
        resp.body_mut()
            .with_config()
            .limit(cap)
            .reader()
            .take(cap)
            .read_to_end(&mut body)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::TimedOut {
                    return PolicyError::new(PolicyErrorKind::Timeout, format!("{url}: timed out"));
                }
                match e
                    .into_inner()
                    .and_then(|inner| inner.downcast::<ureq::Error>().ok())
                {
                    Some(ue) => map_ureq(url, *ue),
                    None => PolicyError::new(
                        PolicyErrorKind::Io,
                        format!("{url}: error reading the response body"),
                    ),
                }
            })?;
        if body.len() as u64 > self.limits.max_response_bytes {
            return Err(PolicyError::limit(format!(
                "{url}: response body is larger than the {} byte limit",
                self.limits.max_response_bytes
            )));
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
            final_url: url.to_string(),
        })
    }

    fn send(
        &self,
        req: &ParsedUrl,
        headers: &[(String, String)],
        body: Option<&[u8]>,
        left: Option<Duration>,
    ) -> Result<ureq::http::Response<ureq::Body>, PolicyError> {
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(req.url.as_str());
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
    use std::io::Write;
    use std::net::{SocketAddr, TcpListener};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    fn policy(entries: &[(&str, Option<&[Method]>)]) -> NetPolicy {
        NetPolicy::new(entries.iter().map(|(t, m)| AllowedDomain {
            target: (*t).to_string(),
            methods: m.map(<[Method]>::to_vec),
        }))
        .unwrap()
    }

    fn denied(p: &NetPolicy, method: &str, url: &str) -> String {
        let e = p.check(method, url).expect_err(url);
        assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{url}: {e}");
        e.message
    }

    #[test]
    fn exact_host_matching() {
        let p = policy(&[("api.github.com", None)]);
        for ok in [
            "https://api.github.com/repos",
            "http://api.github.com/",
            "https://API.GitHub.com/x",
            "https://api.github.com./x",
            "https://api.github.com:443/x",
        ] {
            let r = p.check("GET", ok).unwrap();
            assert_eq!(r.host, "api.github.com");
        }
        assert!(denied(&p, "GET", "https://api.github.com.evil.com/")
            .contains("not in allowed_domains"));
        denied(&p, "GET", "https://evilapi.github.com/");
        denied(&p, "GET", "https://github.com/");
        denied(&p, "GET", "https://sub.api.github.com/");
        // Userinfo tricks: the real host is what counts (and credentials are refused).
        assert!(p.check("GET", "https://api.github.com@evil.com/").is_err());
        denied(&p, "GET", "https://evil.com/?api.github.com");
        // Bare host: default ports only.
        assert!(denied(&p, "GET", "https://api.github.com:8443/").contains("default port"));
        denied(&p, "GET", "http://api.github.com:443/");
        // Scheme.
        assert!(denied(&p, "GET", "ftp://api.github.com/").contains("scheme"));
        denied(&p, "GET", "file:///etc/passwd");
        assert_eq!(
            p.check("GET", "not a url").unwrap_err().kind,
            PolicyErrorKind::InvalidArgument
        );
        assert_eq!(
            p.check("FROB", "https://api.github.com/").unwrap_err().kind,
            PolicyErrorKind::InvalidArgument
        );
        // Empty policy denies everything.
        denied(&NetPolicy::default(), "GET", "https://api.github.com/");
    }

    #[test]
    fn ports_schemes_wildcards_methods() {
        let p = policy(&[
            ("127.0.0.1:8080", None),
            ("https://secure.example.org", None),
            ("*.example.com", None),
            ("internal.api.example.net", Some(&[Method::Get])),
            ("[::1]:9000", None),
            ("BÜCHER.example", None),
        ]);
        p.check("GET", "http://127.0.0.1:8080/").unwrap();
        p.check("GET", "https://127.0.0.1:8080/").unwrap();
        denied(&p, "GET", "http://127.0.0.1/");
        denied(&p, "GET", "http://127.0.0.1:8081/");
        p.check("GET", "https://secure.example.org/").unwrap();
        denied(&p, "GET", "http://secure.example.org/");
        p.check("GET", "https://a.example.com/").unwrap();
        p.check("GET", "https://a.b.EXAMPLE.com/").unwrap();
        denied(&p, "GET", "https://example.com/");
        denied(&p, "GET", "https://evilexample.com/");
        denied(&p, "GET", "https://a.example.com.evil.io/");
        p.check("get", "https://internal.api.example.net/v1")
            .unwrap();
        let m = denied(&p, "POST", "https://internal.api.example.net/v1");
        assert_eq!(m, "Permission denied: method POST is not allowed for 'internal.api.example.net' (allowed: GET)");
        denied(&p, "HEAD", "https://internal.api.example.net/v1");
        p.check("GET", "http://[::1]:9000/").unwrap();
        p.check("GET", "https://xn--bcher-kva.example/").unwrap();
        p.check("GET", "https://bücher.example/").unwrap();
    }

    #[test]
    fn bad_targets() {
        for t in [
            "",
            "*",
            "*.",
            "a*.example.com",
            "*.*.example.com",
            "example.com/path",
            "ftp://x.com",
            "x.com:0",
            "x.com:99999",
            "user@x.com",
            "*.127.0.0.1",
            "x.com:abc",
        ] {
            let e = NetPolicy::new([AllowedDomain::any_method(t)]).unwrap_err();
            assert_eq!(e.kind, PolicyErrorKind::InvalidArgument, "{t}");
        }
        assert!(NetPolicy::new([AllowedDomain::with_methods("x.com", [])]).is_err());
    }

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
        Server {
            addr,
            accepts,
            requests,
        }
    }

    fn response(status: &str, extra: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
            body.len()
        )
        .into_bytes();
        v.extend_from_slice(body);
        v
    }

    fn path_of(head: &str) -> String {
        head.split_whitespace().nth(1).unwrap_or("").to_string()
    }

    fn client(entries: &[(String, Option<&[Method]>)], limits: HttpLimits) -> HttpClient {
        let p = NetPolicy::new(entries.iter().map(|(t, m)| AllowedDomain {
            target: t.clone(),
            methods: m.map(<[Method]>::to_vec),
        }))
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
        let r = c
            .request(
                "POST",
                &format!("http://{}/p", s.addr),
                &[],
                Some(b"payload"),
            )
            .unwrap();
        assert_eq!(r.body, b"/p payload");
        assert_eq!(s.accepts.load(Ordering::SeqCst), 2);
        assert!(
            s.requests.lock().unwrap()[0].contains("accept: text/plain")
                || s.requests.lock().unwrap()[0].contains("Accept: text/plain")
        );
    }

    #[test]
    fn denied_requests_make_no_connection() {
        let s = serve(Arc::new(|_, _| {
            response("200 OK", "", b"should not be reached")
        }));
        let c = client(
            &[(s.addr.to_string(), Some(&[Method::Get]))],
            HttpLimits::default(),
        );
        let port = s.addr.port();
        let e = c
            .request(
                "POST",
                &format!("http://127.0.0.1:{port}/"),
                &[],
                Some(b"x"),
            )
            .unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{e}");
        // Same listener, reached through a name or port the policy does not allow.
        assert_eq!(
            c.request("GET", &format!("http://localhost:{port}/"), &[], None)
                .unwrap_err()
                .kind,
            PolicyErrorKind::PermissionDenied
        );
        assert_eq!(
            c.request(
                "GET",
                &format!("http://127.0.0.1:{}/", port.wrapping_add(1)),
                &[],
                None
            )
            .unwrap_err()
            .kind,
            PolicyErrorKind::PermissionDenied
        );
        // Forbidden headers are refused before connecting too.
        let e = c
            .request(
                "GET",
                &format!("http://127.0.0.1:{port}/"),
                &[("Host".into(), "evil.example".into())],
                None,
            )
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
            "/to-evil-port" => response(
                "302 Found",
                &format!("Location: http://127.0.0.1:{evil_port}/\r\n"),
                b"",
            ),
            "/to-evil-host" => response("301 Moved", "Location: http://evil.example/\r\n", b""),
            "/to-ftp" => response(
                "307 Temporary Redirect",
                "Location: ftp://127.0.0.1/\r\n",
                b"",
            ),
            "/post-303" => response("303 See Other", "Location: /ok\r\n", b""),
            "/loop" => response("302 Found", "Location: /loop\r\n", b""),
            _ => response(
                "200 OK",
                "",
                head.split_whitespace().next().unwrap_or("").as_bytes(),
            ),
        }));
        let c = client(
            &[(s.addr.to_string(), None)],
            HttpLimits {
                max_redirects: 3,
                ..HttpLimits::default()
            },
        );
        let base = format!("http://{}", s.addr);

        let r = c
            .request("GET", &format!("{base}/to-ok"), &[], None)
            .unwrap();
        assert_eq!(
            (r.status, r.body.as_slice(), r.final_url.as_str()),
            (200, &b"GET"[..], format!("{base}/ok").as_str())
        );

        for (path, needle) in [
            ("/to-evil-port", "is not allowed"),
            ("/to-evil-host", "'evil.example' is not in allowed_domains"),
            ("/to-ftp", "scheme"),
        ] {
            let e = c
                .request("GET", &format!("{base}{path}"), &[], None)
                .unwrap_err();
            assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{e}");
            assert!(
                e.message
                    .starts_with(&format!("redirect from {base}{path} to ")),
                "{e}"
            );
            assert!(e.message.contains(needle), "{e}");
        }
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(
            evil.accepts.load(Ordering::SeqCst),
            0,
            "denied redirect target was contacted"
        );

        let r = c
            .request("POST", &format!("{base}/post-303"), &[], Some(b"x"))
            .unwrap();
        assert_eq!(r.body, b"GET");
        let e = c
            .request("GET", &format!("{base}/loop"), &[], None)
            .unwrap_err();
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
            HttpLimits {
                max_response_bytes: 999,
                timeout: Duration::from_millis(300),
                ..HttpLimits::default()
            },
        );
        let e = c
            .request("GET", &format!("http://{}/big", s.addr), &[], None)
            .unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::LimitExceeded, "{e}");
        let e = c
            .request("GET", &format!("http://{}/slow", s.addr), &[], None)
            .unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::Timeout, "{e}");
        let c = client(
            &[(s.addr.to_string(), None)],
            HttpLimits {
                max_response_bytes: 1000,
                ..HttpLimits::default()
            },
        );
        assert_eq!(
            c.request("GET", &format!("http://{}/big", s.addr), &[], None)
                .unwrap()
                .body
                .len(),
            1000
        );
    }
}

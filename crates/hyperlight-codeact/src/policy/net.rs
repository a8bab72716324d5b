//! `allowed_domains`: which HTTP(S) requests the host makes on the guest's behalf.
//!
//! The guest has no network device; it asks the host for a request, and the host makes
//! it (with [`crate::exec::http::HttpClient`]) only if [`NetPolicy::check`] allows the method
//! and URL, at every redirect hop. This module only decides; it makes no connection.
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
use std::str::FromStr;

use url::Url;

use super::PolicyError;

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
    pub const ALL: [Method; 7] =
        [Self::Get, Self::Head, Self::Post, Self::Put, Self::Patch, Self::Delete, Self::Options];

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
        Self { target: target.into(), methods: None }
    }

    pub fn with_methods(target: impl Into<String>, methods: impl IntoIterator<Item = Method>) -> Self {
        Self { target: target.into(), methods: Some(methods.into_iter().collect()) }
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
        self.scheme.is_none_or(|s| s == scheme) && port == self.port.unwrap_or(scheme.default_port())
    }

    fn allows(&self, method: Method) -> bool {
        self.methods.as_ref().is_none_or(|ms| ms.contains(&method))
    }
}

/// Normalizes a host the way the `url` crate does for special schemes (lowercase, IDNA
/// to punycode, IPv4 canonical form, IPv6 in brackets) and drops a trailing dot.
fn normalize_host(host: &str) -> Option<String> {
    let url = Url::parse(&format!("http://{host}/")).ok()?;
    if url.path() != "/" || url.query().is_some() || url.port().is_some() || !url.username().is_empty() {
        return None;
    }
    let h = url.host_str()?;
    Some(h.strip_suffix('.').unwrap_or(h).to_string())
}

fn parse_target(entry: &AllowedDomain) -> Result<Rule, PolicyError> {
    parse_target_as(&entry.target, &entry.target, entry.methods.as_ref()).map(|(rule, _, _)| rule)
}

/// Checks `target` (`host[:port]`, no scheme) as an `allowed_domains` target, with errors that
/// name `shown` (what the user wrote); its host as written and its port. For
/// [`super::forms::domain_target`].
pub(crate) fn check_target<'a>(shown: &str, target: &'a str) -> Result<(&'a str, Option<u16>), PolicyError> {
    parse_target_as(shown, target, None).map(|(_, host, port)| (host, port))
}

fn parse_target_as<'a>(
    shown: &str,
    target: &'a str,
    methods: Option<&Vec<Method>>,
) -> Result<(Rule, &'a str, Option<u16>), PolicyError> {
    let target = target.trim();
    let bad = |why: &str| PolicyError::invalid_arg(format!("invalid allowed_domains entry '{shown}': {why}"));
    if target.is_empty() {
        return Err(bad("empty"));
    }
    let (scheme, rest) = match target.split_once("://") {
        Some((s, rest)) => (Some(Scheme::parse(s).ok_or_else(|| bad("scheme must be http or https"))?), rest),
        None => (None, target),
    };
    if rest.contains(['/', '?', '#', '@', '\\']) {
        return Err(bad("expected [scheme://]host[:port], without path, query or credentials"));
    }
    // Split off an explicit port textually: the url crate drops default ports, and we
    // must know whether one was written.
    let (host, port) = if rest.starts_with('[') {
        let end = rest.find(']').ok_or_else(|| bad("unterminated IPv6 address"))?;
        match &rest[end + 1..] {
            "" => (&rest[..=end], None),
            p => (&rest[..=end], Some(p.strip_prefix(':').ok_or_else(|| bad("bad port"))?)),
        }
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| bad("bad port"))?),
        None => None,
    };
    let pattern = if let Some(suffix) = host.strip_prefix("*.") {
        if suffix.contains('*') {
            return Err(bad("'*' is only allowed as the whole first label, as in '*.example.com'"));
        }
        let s = normalize_host(suffix).ok_or_else(|| bad("bad host name"))?;
        if s.starts_with('[') || s.parse::<std::net::Ipv4Addr>().is_ok() {
            return Err(bad("wildcards apply to DNS names, not IP addresses"));
        }
        HostPattern::Suffix(format!(".{s}"))
    } else {
        if host.contains('*') {
            return Err(bad("'*' is only allowed as the whole first label, as in '*.example.com'"));
        }
        HostPattern::Exact(normalize_host(host).ok_or_else(|| bad("bad host name"))?)
    };
    if let Some(ms) = methods {
        if ms.is_empty() {
            return Err(bad("empty method list (omit it to allow every method)"));
        }
    }
    let rule = Rule { target: shown.to_string(), scheme, host: pattern, port, methods: methods.cloned() };
    Ok((rule, host, port))
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
        let rules = entries.into_iter().map(|e| parse_target(&e)).collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }

    /// Decides whether `method url` may be requested. Makes no connection.
    ///
    /// # Errors
    /// `InvalidArgument` for a bad method or URL; `PermissionDenied` saying why otherwise.
    pub fn check(&self, method: &str, url: &str) -> Result<ParsedUrl, PolicyError> {
        let method: Method = method.parse()?;
        let mut url = Url::parse(url).map_err(|e| PolicyError::invalid_arg(format!("invalid URL '{url}': {e}")))?;
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
        let raw_host = url.host_str().ok_or_else(|| PolicyError::invalid_arg(format!("URL '{url}' has no host")))?;
        let host = raw_host.strip_suffix('.').unwrap_or(raw_host).to_string();
        let port = url.port_or_known_default().unwrap_or(scheme.default_port());

        let for_host: Vec<&Rule> = self.rules.iter().filter(|r| r.matches_host(&host)).collect();
        if for_host.is_empty() {
            return Err(PolicyError::denied(format!("Permission denied: host '{host}' is not in allowed_domains")));
        }
        let for_origin: Vec<&Rule> = for_host.iter().copied().filter(|r| r.matches_origin(scheme, port)).collect();
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
        Ok(ParsedUrl { url, method, scheme, host, port })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyErrorKind;

    fn policy(entries: &[(&str, Option<&[Method]>)]) -> NetPolicy {
        NetPolicy::new(
            entries.iter().map(|(t, m)| AllowedDomain { target: (*t).to_string(), methods: m.map(<[Method]>::to_vec) }),
        )
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
        assert!(denied(&p, "GET", "https://api.github.com.evil.com/").contains("not in allowed_domains"));
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
        assert_eq!(p.check("GET", "not a url").unwrap_err().kind, PolicyErrorKind::InvalidArgument);
        assert_eq!(p.check("FROB", "https://api.github.com/").unwrap_err().kind, PolicyErrorKind::InvalidArgument);
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
        p.check("get", "https://internal.api.example.net/v1").unwrap();
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
}

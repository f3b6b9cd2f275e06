//! The HTTP side of `lectern serve`: maps a request to a file of the in-memory site, refusing
//! anything that is not plainly a path inside it.
//!
//! Nothing here touches the file system: a request can only ever reach a key of
//! [`Site::files`](crate::Site), so `..`, symlinks and absolute paths cannot lead out. They are
//! still refused by name, so a mistake elsewhere could not turn them into a leak, and so a
//! client learns why (400 for a malformed path, 403 for one that climbs out).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use super::{live, url_of, Shared, MAX_STREAMS};
use crate::output::content_type;
use crate::Site;

/// The largest request head (request line and headers) read: a browser's are a few hundred
/// bytes to a few KB, cookies included. Node's default, too.
pub const MAX_HEAD: usize = 16 * 1024;
/// The largest request body announced that the server accepts (and discards unread: it
/// answers only GET and HEAD).
pub const MAX_BODY: u64 = 16 * 1024;

/// Where the server's own files live; no site path can start with it.
pub const PREFIX: &str = "__lectern";

const LIVE_JS: &str = include_str!("live.js");

/// A request path, decoded and checked: `/`-separated segments with no `.`, `..` or empty
/// ones.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    /// Below the site root, without leading or trailing `/` (`""` for the root).
    pub path: String,
    /// The URL named a folder (`/` or `/guide/`).
    pub folder: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub why: &'static str,
}

/// A request head, read and checked by [`parse_head`].
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// As sent: checked by [`parse_target`] when answering.
    pub target: String,
    /// HTTP/1.0, where a missing `Host` is allowed.
    pub http_1_0: bool,
    /// The `Host` header, when there was one.
    pub host: Option<String>,
}

impl Request {
    pub fn head_only(&self) -> bool {
        self.method == "HEAD"
    }
}

/// Where the head in `buf` ends (the index after its blank line), if it is all there.
/// Lines may end in CRLF or a bare LF, as RFC 9112 allows a server to accept.
///
/// `from`: where to start looking, so that a head arriving a byte at a time is not scanned
/// again from the start each time. A blank line that was not complete in the first `n` bytes
/// starts at `n - 3` or later, so pass the previous length minus 3.
pub fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from.min(buf.len());
    while let Some(at) = buf[i..].iter().position(|b| *b == b'\n') {
        let lf = i + at;
        let next = lf + 1;
        match buf.get(next) {
            Some(b'\n') => return Some(next + 1),
            Some(b'\r') if buf.get(next + 1) == Some(&b'\n') => return Some(next + 2),
            _ => i = next,
        }
    }
    None
}

/// Parses a request head (everything up to and including its blank line). Empty lines
/// before the request line are skipped, as RFC 9112 asks.
pub fn parse_head(head: &[u8]) -> Result<Request, Refusal> {
    let Ok(text) = std::str::from_utf8(head) else {
        return refuse(400, "the request head is not valid UTF-8");
    };
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .skip_while(|l| l.is_empty());
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return refuse(
            400,
            "the request line must be: method, path and HTTP version, separated by single spaces",
        );
    };
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return refuse(400, "the request method is not a word");
    }
    let http_1_0 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => {
            return refuse(505, "lectern serve speaks HTTP/1.1 (and 1.0) only")
        }
        _ => return refuse(400, "the request line does not end with an HTTP version"),
    };
    let mut host = None;
    let mut length: Option<u64> = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        if line.starts_with([' ', '\t']) {
            return refuse(
                400,
                "a header is folded over two lines, which HTTP/1.1 no longer allows",
            );
        }
        let Some((name, value)) = line.split_once(':') else {
            return refuse(400, "a header line has no colon");
        };
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return refuse(
                400,
                "a header name holds a space or another character names cannot have",
            );
        }
        let value = value.trim_matches([' ', '\t']);
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return refuse(400, "a header value holds a control character");
        }
        if name.eq_ignore_ascii_case("host") {
            if host.replace(value.to_string()).is_some() {
                return refuse(400, "the request has two Host headers");
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            let Ok(n) = value.parse::<u64>() else {
                return refuse(400, "the Content-Length header is not a number");
            };
            if length.replace(n).is_some_and(|m| m != n) {
                return refuse(400, "the request has two different Content-Length headers");
            }
        }
    }
    if length.is_some_and(|n| n > MAX_BODY) {
        return refuse(
            413,
            "the request body is larger than 16 KB: lectern serve reads no request bodies",
        );
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        http_1_0,
        host,
    })
}

/// RFC 9110's `tchar`: what methods and header names are made of.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Which `Host` headers are answered: the defence against DNS rebinding, where a web page
/// points a name of its own at 127.0.0.1 and so reads the preview as if it were its own
/// site. The browser still sends that name as the Host, so the name decides:
/// - `localhost` (and `*.localhost`, which browsers resolve to loopback themselves) and
///   loopback addresses are always answered;
/// - with `--bind` on an address other people can reach, any IP address is answered too
///   (an address cannot be rebound; names other than localhost are still refused, so open
///   the preview there by its IP address).
///
/// The port is not checked: an SSH tunnel or a container's port mapping changes it
/// legitimately, and a rebinding page cannot choose a name that passes anyway.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    /// The server listens on an address other machines can reach.
    wide: bool,
    /// Where the refusal tells the reader to open the preview.
    url: String,
}

impl HostPolicy {
    pub fn new(listening: SocketAddr) -> HostPolicy {
        HostPolicy {
            wide: !listening.ip().is_loopback(),
            url: url_of(listening),
        }
    }

    /// `Err` with the reply to send when the request must not be answered.
    pub fn check(&self, request: &Request) -> Result<(), Reply> {
        let Some(host) = &request.host else {
            return match request.http_1_0 {
                true => Ok(()),
                false => Err(Reply::text(
                    400,
                    "an HTTP/1.1 request must have a Host header",
                )),
            };
        };
        let name = host_name(host).to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        let local_name = name == "localhost" || name.ends_with(".localhost");
        // An IPv6 address is written in brackets in a Host, an IPv4 one as it is.
        let address: Option<IpAddr> = match name.strip_prefix('[') {
            Some(rest) => rest
                .strip_suffix(']')
                .and_then(|a| a.parse::<Ipv6Addr>().ok())
                .map(IpAddr::V6),
            None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        };
        let allowed = local_name || address.is_some_and(|ip| ip.is_loopback() || self.wide);
        if allowed {
            return Ok(());
        }
        let shown: String = host.chars().take(100).collect();
        let (answered, open) = match self.wide {
            false => (
                "localhost, 127.0.0.1 and [::1]",
                format!("open the preview at {} on this machine", self.url),
            ),
            true => (
                "localhost and IP addresses",
                format!(
                    "open the preview by this machine's IP address (or at {} on this machine)",
                    self.url
                ),
            ),
        };
        Err(Reply::text(
            421,
            &format!(
                "lectern serve refused this request: it was addressed to `{shown}`. A web page \
                 can point a name of its own at your computer to read the preview (DNS \
                 rebinding), so only requests addressed to {answered} are answered: {open}."
            ),
        ))
    }
}

/// The name part of a Host header: `[::1]:3000` → `[::1]`, `localhost:3000` → `localhost`.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return match host.find(']') {
            Some(end) => &host[..=end],
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

fn refuse<T>(status: u16, why: &'static str) -> Result<T, Refusal> {
    Err(Refusal { status, why })
}

/// Decodes and checks the path of a request target (`/a/b.html?x` → `a/b.html`).
pub fn parse_target(raw: &str) -> Result<Target, Refusal> {
    // Checked on the raw target, query included: a control character (a bare line feed
    // is possible in a request line) must never reach a header such as Location.
    if raw.chars().any(char::is_control) {
        return refuse(400, "the request target holds a control character");
    }
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return refuse(400, "the request target must be a path starting with /");
    }
    // Checked before decoding: once decoded, an encoded slash would split a segment in two
    // and an encoded backslash would be a Windows separator.
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || path.contains('\\') {
        return refuse(
            400,
            "slashes must not be encoded and backslashes are not allowed",
        );
    }
    let Some(bytes) = percent_decode(path) else {
        return refuse(400, "the path has a malformed %-escape");
    };
    let Ok(decoded) = String::from_utf8(bytes) else {
        return refuse(400, "the path is not valid UTF-8");
    };
    if decoded.chars().any(char::is_control) || decoded.contains('\\') {
        return refuse(400, "the path holds a NUL or other control character");
    }
    let rest = &decoded[1..];
    if rest.starts_with('/') {
        return refuse(400, "absolute paths are not allowed");
    }
    let folder = rest.is_empty() || rest.ends_with('/');
    let trimmed = rest.strip_suffix('/').unwrap_or(rest);
    let segments: Vec<&str> = if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    };
    for s in &segments {
        if s.is_empty() {
            return refuse(400, "the path has an empty segment (//)");
        }
        if *s == "." || *s == ".." {
            return refuse(403, "paths with . or .. segments are refused");
        }
    }
    if let Some(first) = segments.first() {
        let b = first.as_bytes();
        if b.len() == 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
            return refuse(400, "absolute paths are not allowed");
        }
    }
    Ok(Target {
        path: segments.join("/"),
        folder,
    })
}

/// `%xx` escapes to bytes; `None` for a `%` not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// What a checked path names in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    File(String),
    /// A folder named without its trailing slash: redirect, so the page's relative links
    /// resolve against the folder.
    AddSlash,
    Missing,
}

pub fn find(site: &Site, target: &Target) -> Found {
    if target.folder {
        let index = if target.path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{}/index.html", target.path)
        };
        return match site.files.contains_key(&index) {
            true => Found::File(index),
            false => Found::Missing,
        };
    }
    if site.files.contains_key(&target.path) {
        Found::File(target.path.clone())
    } else if site
        .files
        .contains_key(&format!("{}/index.html", target.path))
    {
        Found::AddSlash
    } else {
        Found::Missing
    }
}

/// `html` with `tag` inserted before its last `</body>` (or at the end when it has none).
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A response body that is either shared with the site or made for this response.
pub enum Body {
    Shared(Arc<[u8]>),
    Owned(Vec<u8>),
    Static(&'static [u8]),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
            Body::Static(b) => b,
        }
    }
}

/// A response, before it is written.
pub struct Reply {
    status: u16,
    content_type: &'static str,
    /// Extra headers; the values are constants or checked paths (no control characters).
    headers: Vec<(&'static str, String)>,
    body: Body,
}

/// A response as bytes to write: the head, then the body (empty for HEAD).
pub struct Outgoing {
    pub head: Vec<u8>,
    pub body: Body,
}

/// What to do with a request.
pub enum Response {
    Reply(Reply),
    /// Hand the connection to a live-reload event stream ([`events`]).
    Events,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Body) -> Reply {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    pub fn text(status: u16, message: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            Body::Owned(format!("{message}\n").into_bytes()),
        )
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// The bytes to send. Every connection ends after one response (the connection loop
    /// closes it once written), so the head says `Connection: close`: a browser opens a new
    /// connection per file, which on loopback costs next to nothing, and no connection is
    /// left open between requests for a stalled client to hold.
    pub fn encode(self, head_only: bool) -> Outgoing {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.as_ref().len(),
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        Outgoing {
            head: head.into_bytes(),
            body: if head_only {
                Body::Static(b"")
            } else {
                self.body
            },
        }
    }
}

/// The reason phrase of each status this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Answers one request head. Runs on a request worker; reads only the shared state.
pub fn respond(shared: &Shared, request: &Request) -> Response {
    if let Err(refusal) = shared.hosts.check(request) {
        return Response::Reply(refusal);
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::Reply(
            Reply::text(405, "lectern serve only answers GET and HEAD requests")
                .header("Allow", "GET, HEAD"),
        );
    }
    let raw = &request.target;
    let target = match parse_target(raw) {
        Ok(t) => t,
        Err(refusal) => return Response::Reply(Reply::text(refusal.status, refusal.why)),
    };
    if target.path == PREFIX || target.path.starts_with(&format!("{PREFIX}/")) {
        return internal(shared, request, &target.path[PREFIX.len()..]);
    }
    let snapshot = shared.snapshot();
    let tag = format!(
        r#"<script src="/{PREFIX}/live.js" data-server="{}" data-version="{}"></script>"#,
        shared.server_id, snapshot.version
    );
    let Some(site) = &snapshot.site else {
        // The book has not built once yet: pages get a stand-in that shows the errors.
        let reply = if target.folder || target.path.ends_with(".html") {
            let page = inject(NOT_BUILT_PAGE.as_bytes(), &tag);
            Reply::new(503, "text/html; charset=utf-8", Body::Owned(page))
        } else {
            Reply::text(
                503,
                "the book has not built yet: see the errors in the terminal",
            )
        };
        return Response::Reply(reply.header("Retry-After", "1"));
    };
    Response::Reply(match find(site, &target) {
        Found::File(path) => site_file(site, &path, 200, &tag),
        Found::AddSlash => {
            // `raw` has no control characters (parse_target checked), so it is safe in a header.
            let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
            let location = match query {
                "" => format!("{path}/"),
                q => format!("{path}/?{q}"),
            };
            Reply::text(301, "moved to the folder's index").header("Location", location)
        }
        Found::Missing if site.files.contains_key("404.html") => {
            site_file(site, "404.html", 404, &tag)
        }
        Found::Missing => Reply::text(404, "not found"),
    })
}

fn site_file(site: &Site, path: &str, status: u16, tag: &str) -> Reply {
    let Some(bytes) = site.get(path) else {
        return Reply::text(404, "not found");
    };
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        Body::Owned(inject(&bytes, tag))
    } else {
        Body::Shared(bytes)
    };
    Reply::new(status, content_type, body)
}

/// `/__lectern/…`: the live-reload script, the event stream and a status report.
fn internal(shared: &Shared, request: &Request, rest: &str) -> Response {
    Response::Reply(match rest {
        "/live.js" => Reply::new(
            200,
            "text/javascript; charset=utf-8",
            Body::Static(LIVE_JS.as_bytes()),
        ),
        "/events" if !request.head_only() => return Response::Events,
        "/events" => Reply::new(200, "text/event-stream; charset=utf-8", Body::Static(b"")),
        "/status" => Reply::new(
            200,
            "application/json",
            Body::Owned(serde_json::to_vec(&shared.status()).unwrap_or_default()),
        ),
        _ => Reply::text(404, "not found"),
    })
}

/// Serves one page's event stream on `connection` until the page goes away or the server
/// stops. Runs on a thread of its own (see [`super::connections`]).
pub fn events(shared: &Shared, mut connection: std::net::TcpStream) {
    // Subscribe before reading the state for `hello`: a rebuild published in between is
    // then both in the hello and queued, which the page handles, rather than in neither.
    let Some(subscription) = live::Hub::subscribe(&shared.hub, MAX_STREAMS) else {
        let out = Reply::text(503, "lectern serve is stopping")
            .header("Retry-After", "1")
            .encode(false);
        let _ = std::io::Write::write_all(&mut connection, &out.head)
            .and_then(|()| std::io::Write::write_all(&mut connection, out.body.as_ref()));
        return;
    };
    let hello = shared.event("hello", &[]);
    live::stream(connection, subscription, hello, shared.heartbeat);
}

const NOT_BUILT_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The book does not build yet · lectern serve</title>
</head>
<body>
<main>
<h1>The book does not build yet</h1>
<p>The errors are listed over this page and in the terminal running <code>lectern serve</code>.
Fix them and save: this page loads the book by itself.</p>
</main>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> Target {
        parse_target(raw).unwrap_or_else(|r| panic!("{raw}: {r:?}"))
    }

    fn status(raw: &str) -> u16 {
        match parse_target(raw) {
            Ok(t) => panic!("{raw} was accepted as {t:?}"),
            Err(r) => r.status,
        }
    }

    #[test]
    fn plain_paths_are_decoded() {
        assert_eq!(
            ok("/"),
            Target {
                path: "".into(),
                folder: true
            }
        );
        assert_eq!(
            ok("/runtime/event-loop.html?v=3#top").path,
            "runtime/event-loop.html"
        );
        assert_eq!(ok("/a%20b.png").path, "a b.png");
        assert_eq!(ok("/caf%C3%A9.html").path, "café.html");
        assert!(ok("/runtime/").folder);
        assert!(!ok("/runtime").folder);
        // Double-encoded dots are only a strange file name, which the site does not have.
        assert_eq!(ok("/%252e%252e/x").path, "%2e%2e/x");
    }

    #[test]
    fn traversal_and_malformed_paths_are_refused() {
        for raw in [
            "/..",
            "/../book.toml",
            "/assets/../../book.toml",
            "/%2e%2e/book.toml",
            "/%2E%2E/%2e%2E/etc/passwd",
            "/.%2e/x",
            "/./index.html",
            "/a/./b",
        ] {
            assert_eq!(status(raw), 403, "{raw}");
        }
        for raw in [
            "",
            "*",
            "index.html",
            "http://example.com/index.html",
            "/..%2fbook.toml",
            "/..%2Fbook.toml",
            "/a%2fb",
            "/..%5cbook.toml",
            "/..\\book.toml",
            "//etc/passwd",
            "/a//b",
            "/%00",
            "/index.html%00.css",
            "/a%0ab",
            "/C:/Windows/win.ini",
            "/c:",
            "/%c0%ae%c0%ae/book.toml",
            "/%zz",
            "/%2",
        ] {
            let s = status(raw);
            assert!(s == 400 || s == 403, "{raw}: {s}");
        }
    }

    fn head(text: &str) -> Result<Request, u16> {
        parse_head(text.as_bytes()).map_err(|r| r.status)
    }

    #[test]
    fn heads_end_at_their_blank_line() {
        let end = |buf: &[u8]| head_end(buf, 0);
        assert_eq!(end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), Some(27));
        assert_eq!(end(b"GET / HTTP/1.1\nHost: a\n\nbody"), Some(24));
        assert_eq!(end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
        assert_eq!(end(b"GET / HTTP/1.1\r\nHost: a\r\n\r"), None);
        assert_eq!(end(b""), None);
        // Fed a byte at a time, resuming 3 bytes before the previous end, it finds the same.
        for text in [
            &b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"[..],
            b"GET / HTTP/1.1\nHost: a\n\n",
        ] {
            let found =
                (1..=text.len()).find_map(|n| head_end(&text[..n], (n - 1).saturating_sub(3)));
            assert_eq!(found, Some(text.len()), "{text:?}");
        }
    }

    #[test]
    fn heads_are_parsed_and_malformed_ones_refused() {
        let r = head("\r\nGET /a?b HTTP/1.1\r\nhost: localhost:3000\r\nX: y\r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b");
        assert_eq!(r.host.as_deref(), Some("localhost:3000"));
        assert!(!r.http_1_0 && !r.head_only());
        assert!(head("HEAD / HTTP/1.0\n\n").unwrap().http_1_0);
        for (text, status) in [
            ("GET /\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\n\r\n", 400),
            ("G(T / HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / FTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nno colon\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
            (
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                400,
            ),
            ("POST / HTTP/1.1\r\nContent-Length: 16385\r\n\r\n", 413),
        ] {
            assert_eq!(head(text).map(|_| 200), Err(status), "{text:?}");
        }
        assert!(head("POST / HTTP/1.1\r\nContent-Length: 16384\r\n\r\n").is_ok());
        assert!(parse_head(b"GET /\xff HTTP/1.1\r\n\r\n").is_err());
    }

    fn allowed(listening: &str, host: Option<&str>) -> bool {
        let policy = HostPolicy::new(listening.parse().unwrap());
        let request = Request {
            method: "GET".into(),
            target: "/".into(),
            http_1_0: false,
            host: host.map(String::from),
        };
        policy.check(&request).is_ok()
    }

    #[test]
    fn only_this_machines_names_are_answered_on_loopback() {
        for host in [
            "localhost:3000",
            "LOCALHOST:3000",
            "localhost.:3000",
            "localhost",
            "book.localhost:3000",
            "127.0.0.1:3000",
            "127.0.0.1:8080",
            "127.1.2.3:3000",
            "[::1]:3000",
            "[::1]",
        ] {
            assert!(allowed("127.0.0.1:3000", Some(host)), "{host}");
        }
        for host in [
            "evil.example:3000",
            "localhost.evil.example:3000",
            "127.0.0.1.nip.io:3000",
            "192.168.1.5:3000",
            "[fe80::1]:3000",
            "::1",
            "[::1",
            "",
        ] {
            assert!(!allowed("127.0.0.1:3000", Some(host)), "{host}");
        }
        assert!(!allowed("127.0.0.1:3000", None));
    }

    #[test]
    fn a_wide_bind_answers_addresses_but_not_names() {
        for listening in ["0.0.0.0:3000", "192.168.1.5:3000", "[::]:3000"] {
            for host in [
                "192.168.1.5:3000",
                "10.0.0.2:8080",
                "[fe80::1]:3000",
                "localhost:3000",
            ] {
                assert!(allowed(listening, Some(host)), "{listening} {host}");
            }
            for host in ["evil.example:3000", "my-laptop.local:3000"] {
                assert!(!allowed(listening, Some(host)), "{listening} {host}");
            }
        }
        // HTTP/1.0 may leave the Host out; a browser never does.
        let policy = HostPolicy::new("127.0.0.1:3000".parse().unwrap());
        let old = Request {
            method: "GET".into(),
            target: "/".into(),
            http_1_0: true,
            host: None,
        };
        assert!(policy.check(&old).is_ok());
    }

    fn site(paths: &[&str]) -> Site {
        let mut s = Site::default();
        for p in paths {
            s.files
                .insert(p.to_string(), crate::SiteFile::Ready(Arc::from(&b"x"[..])));
        }
        s
    }

    #[test]
    fn folders_serve_their_index_and_get_a_slash() {
        let s = site(&["index.html", "guide/index.html", "guide/a.html"]);
        assert_eq!(find(&s, &ok("/")), Found::File("index.html".into()));
        assert_eq!(
            find(&s, &ok("/guide/")),
            Found::File("guide/index.html".into())
        );
        assert_eq!(find(&s, &ok("/guide")), Found::AddSlash);
        assert_eq!(
            find(&s, &ok("/guide/a.html")),
            Found::File("guide/a.html".into())
        );
        assert_eq!(find(&s, &ok("/guide/a.html/")), Found::Missing);
        assert_eq!(find(&s, &ok("/nope")), Found::Missing);
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/lectern.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type("book-data.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("images/x.svg"), "image/svg+xml");
        assert_eq!(content_type("a.woff2"), "font/woff2");
        assert_eq!(content_type("v1.2/README"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let tag = "<script></script>";
        assert_eq!(
            inject(b"<body><p>&lt;/body&gt;</p></BODY>\n</html>", tag),
            b"<body><p>&lt;/body&gt;</p><script></script></BODY>\n</html>"
        );
        assert_eq!(inject(b"<p>no body", tag), b"<p>no body<script></script>");
    }
}

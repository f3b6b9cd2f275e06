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

/// The most headers a request may have (a browser sends 10 to 20); more is refused with 431.
pub const MAX_HEADERS: usize = 64;

/// How many bytes of complete empty lines (CRLF or a bare LF) `buf` starts with. RFC 9112
/// lets a server ignore them before the request line; the connection loop drops them as they
/// come, so a client sending nothing but line ends costs nothing and holds no buffer.
pub fn empty_lines(buf: &[u8]) -> usize {
    let mut i = 0;
    loop {
        match buf[i..] {
            [b'\n', ..] => i += 1,
            [b'\r', b'\n', ..] => i += 2,
            _ => return i,
        }
    }
}

/// Parses a request head with `httparse`: `Ok(None)` while it is not all in `buf` yet,
/// else the request or why it is refused (a malformed head can be refused before it is
/// whole). Lines may end in CRLF or a bare LF, and empty lines before the request line are
/// skipped, as RFC 9112 allows.
///
/// Each call parses `buf` from its start; the connection loop calls it only when a line has
/// ended, so a head arriving a byte at a time is parsed once per line, and a head has at most
/// [`MAX_HEADERS`] + 2 lines in at most [`MAX_HEAD`] bytes.
pub fn parse_head(buf: &[u8]) -> Result<Option<Request>, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(buf) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(head_error(e, buf)),
    }
    // Complete: httparse has filled in the method, path and version.
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version)
    else {
        return refuse(400, "the request line is incomplete");
    };
    let mut host = None;
    let mut length: Option<u64> = None;
    for header in parsed.headers.iter() {
        let value = header.value.trim_ascii();
        if header.name.eq_ignore_ascii_case("host") {
            let Ok(value) = std::str::from_utf8(value) else {
                return refuse(400, "the Host header is not valid UTF-8");
            };
            if host.replace(value.to_string()).is_some() {
                return refuse(400, "the request has two Host headers");
            }
        } else if header.name.eq_ignore_ascii_case("content-length") {
            // 1*DIGIT: no sign, no list.
            let number = std::str::from_utf8(value)
                .ok()
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<u64>().ok());
            let Some(n) = number else {
                return refuse(400, "the Content-Length header is not a number");
            };
            if length.replace(n).is_some_and(|m| m != n) {
                return refuse(400, "the request has two different Content-Length headers");
            }
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            return refuse(
                411,
                "the request has a Transfer-Encoding header: lectern serve reads no request \
                 bodies, and refuses one whose length Content-Length does not give (at most \
                 16 KB)",
            );
        }
    }
    if length.is_some_and(|n| n > MAX_BODY) {
        return refuse(
            413,
            "the request body is larger than 16 KB: lectern serve reads no request bodies",
        );
    }
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        http_1_0: version == 0,
        host,
    }))
}

/// Why `httparse` refused a head, in plain words.
fn head_error(e: httparse::Error, buf: &[u8]) -> Refusal {
    let (status, why) = match e {
        httparse::Error::Token | httparse::Error::Status => (
            400,
            "the request line must be: a method (one word), a path and an HTTP version, \
             separated by single spaces",
        ),
        httparse::Error::Version if names_another_http_version(buf) => {
            (505, "lectern serve speaks HTTP/1.1 (and 1.0) only")
        }
        httparse::Error::Version => (400, "the request line does not end with an HTTP version"),
        httparse::Error::NewLine => (
            400,
            "a line of the request head does not end where it should (after the HTTP \
             version, or with a lone carriage return)",
        ),
        httparse::Error::HeaderName => (
            400,
            "a header line has no colon, is folded over two lines (which HTTP/1.1 no longer \
             allows) or has a name with a space or another character names cannot have",
        ),
        httparse::Error::HeaderValue => (400, "a header value holds a control character"),
        httparse::Error::TooManyHeaders => (
            431,
            "the request has more than 64 headers: lectern serve refuses it",
        ),
    };
    Refusal { status, why }
}

/// The request line ends with `HTTP/` and something other than 1.0 or 1.1 (`HTTP/2.0`):
/// httparse says only that the version is wrong, 505 is for a version of HTTP.
fn names_another_http_version(buf: &[u8]) -> bool {
    let line = &buf[empty_lines(buf)..];
    let line = line.split(|b| *b == b'\n').next().unwrap_or(line);
    line.split(|b| *b == b' ')
        .nth(2)
        .is_some_and(|version| version.starts_with(b"HTTP/"))
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
    // percent-encoding leaves a `%` that is not an escape as it is: refuse it instead, as
    // the path is then not what the client meant.
    let escapes_ok = path.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return refuse(400, "the path has a malformed %-escape");
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
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
        411 => "Length Required",
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
            "/%2e",
            "/%2e/",
            "/%2E/index.html",
            "/a/%2e%2E",
            "/a/.%2E/b",
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
            "/a%5Cb",
            "/..\\book.toml",
            "//etc/passwd",
            "/a//b",
            "/%00",
            "/a%00b",
            "/%0d%0aX: y",
            "/%7f",
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

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// Whatever a target is made of, an accepted one names a path below the site root:
        /// no `.` or `..` segment, no empty segment, no backslash, drive or control character,
        /// and joined to the root it stays there.
        #[test]
        fn an_accepted_target_stays_below_the_site_root(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "/", "//", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2f", "%2F", "%5c", "\\",
                    "%00", "%0a", "%25", "%252e", "%c0%ae", "%ff", "%", "%2", "a", "b.html", "C:",
                    "?", "#", "%3f", "%20",
                ]),
                0..8,
            )
        ) {
            let raw = format!("/{}", pieces.concat());
            if let Ok(t) = parse_target(&raw) {
                let root = std::path::Path::new("/site");
                let joined = root.join(&t.path);
                proptest::prop_assert!(joined.starts_with(root), "{raw} -> {:?}", t.path);
                for c in std::path::Path::new(&t.path).components() {
                    proptest::prop_assert!(
                        matches!(c, std::path::Component::Normal(_)),
                        "{raw} -> {:?}",
                        t.path
                    );
                }
                for seg in t.path.split('/').filter(|_| !t.path.is_empty()) {
                    proptest::prop_assert!(
                        !seg.is_empty() && seg != "." && seg != "..",
                        "{raw} -> {:?}",
                        t.path
                    );
                }
                proptest::prop_assert!(
                    !t.path.contains('\\') && !t.path.chars().any(char::is_control),
                    "{raw} -> {:?}",
                    t.path
                );
            }
        }
    }

    fn head(text: &str) -> Result<Request, u16> {
        match parse_head(text.as_bytes()) {
            Ok(Some(request)) => Ok(request),
            Ok(None) => panic!("{text:?} was taken as unfinished"),
            Err(r) => Err(r.status),
        }
    }

    #[test]
    fn heads_end_at_their_blank_line() {
        let done = |buf: &[u8]| parse_head(buf).map(|r| r.is_some());
        assert_eq!(done(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), Ok(true));
        assert_eq!(done(b"GET / HTTP/1.1\nHost: a\n\nbody"), Ok(true));
        assert_eq!(done(b"GET / HTTP/1.1\r\nHost: a\r\n"), Ok(false));
        assert_eq!(done(b"GET / HTTP/1.1\r\nHost: a\r\n\r"), Ok(false));
        assert_eq!(done(b"GET / HTT"), Ok(false));
        assert_eq!(done(b""), Ok(false));
        // Fed a byte at a time, it is unfinished until its last byte.
        for text in [
            &b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"[..],
            b"GET / HTTP/1.1\nHost: a\n\n",
        ] {
            let found = (1..=text.len()).find(|n| parse_head(&text[..*n]) != Ok(None));
            assert_eq!(found, Some(text.len()), "{text:?}");
        }
        // A malformed head is refused before it is whole.
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nBad Name: x\r\n").map_err(|r| r.status),
            Err(400)
        );
    }

    #[test]
    fn empty_lines_before_the_request_line_are_counted() {
        assert_eq!(empty_lines(b"\r\n\nGET"), 3);
        assert_eq!(empty_lines(b"\r\n\r"), 2);
        assert_eq!(empty_lines(b"GET / HTTP/1.1\r\n\r\n"), 0);
        assert_eq!(empty_lines(b"\rGET"), 0);
        assert_eq!(empty_lines(b""), 0);
    }

    #[test]
    fn heads_are_parsed_and_malformed_ones_refused() {
        let r = head("\r\nGET /a?b HTTP/1.1\r\nhost: localhost:3000\r\nX: y\r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b");
        assert_eq!(r.host.as_deref(), Some("localhost:3000"));
        assert!(!r.http_1_0 && !r.head_only());
        assert!(head("HEAD / HTTP/1.0\n\n").unwrap().http_1_0);
        assert_eq!(
            head("GET / HTTP/1.1\r\nHost:   localhost \t\r\n\r\n")
                .unwrap()
                .host
                .as_deref(),
            Some("localhost")
        );
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        let chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (text, status) in [
            ("GET /\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\n\r\n", 400),
            ("G(T / HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / HTTP/1.2\r\n\r\n", 505),
            ("GET / FTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1 x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nno colon\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nX: a\x7fb\r\n\r\n", 400),
            ("GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n", 400),
            (
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                400,
            ),
            ("POST / HTTP/1.1\r\nContent-Length: 16385\r\n\r\n", 413),
            (chunked, 411),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                411,
            ),
            (&many, 431),
        ] {
            assert_eq!(head(text).map(|_| 200), Err(status), "{text:?}");
        }
        assert!(head("POST / HTTP/1.1\r\nContent-Length: 16384\r\n\r\n").is_ok());
        assert!(head("GET / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n").is_ok());
        let most = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(MAX_HEADERS));
        assert!(head(&most).is_ok());
        assert!(parse_head(b"GET /\xff HTTP/1.1\r\n\r\n").is_err());
        assert!(parse_head(b"GET / HTTP/1.1\r\nHost: \xff\r\n\r\n").is_err());
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

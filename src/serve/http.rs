//! The HTTP side of `lectern serve`: maps a request to a file of the in-memory site, refusing
//! anything that is not plainly a path inside it.
//!
//! Nothing here touches the file system: a request can only ever reach a key of
//! [`Site::files`](crate::Site), so `..`, symlinks and absolute paths cannot lead out. They are
//! still refused by name, so a mistake elsewhere could not turn them into a leak, and so a
//! client learns why (400 for a malformed path, 403 for one that climbs out).

use std::io::Write;
use std::sync::Arc;

use tiny_http::{Method, Request, StatusCode};

use super::{live, Shared, MAX_STREAMS};
use crate::output::content_type;
use crate::Site;

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
enum Body {
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

/// A response, written by hand rather than with tiny_http's `Response`, which refuses to send
/// `Connection: close` (see [`Reply::send`]).
pub struct Reply {
    status: u16,
    content_type: &'static str,
    /// Extra headers; the values are constants or checked paths (no control characters).
    headers: Vec<(&'static str, String)>,
    body: Body,
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

    /// Writes the response and ends the connection. Errors mean the client has gone: nothing
    /// to do about them.
    ///
    /// Every connection is closed after one response because tiny_http 0.12 gives each
    /// connection a pooled thread for as long as it stays open, and when several connections
    /// arrive at once (a browser loading a page opens six) its pool can miss a wake-up and
    /// leave one unread until another connection ends. Short connections keep that wait to
    /// one request.
    pub fn send(self, request: Request) {
        let head_only = request.method() == &Method::Head;
        let body = self.body.as_ref();
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            StatusCode(self.status).default_reason_phrase(),
            self.content_type,
            body.len(),
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut out = request.into_writer();
        let _ = out
            .write_all(head.as_bytes())
            .and_then(|()| match head_only {
                true => Ok(()),
                false => out.write_all(body),
            })
            .and_then(|()| out.flush());
    }
}

/// Answers one request. Runs on a thread of its own; an event stream keeps it.
pub fn handle(shared: &Arc<Shared>, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        Reply::text(405, "lectern serve only answers GET and HEAD requests")
            .header("Allow", "GET, HEAD")
            .send(request);
        return;
    }
    let raw = request.url().to_string();
    let target = match parse_target(&raw) {
        Ok(t) => t,
        Err(refusal) => return Reply::text(refusal.status, refusal.why).send(request),
    };
    if target.path == PREFIX || target.path.starts_with(&format!("{PREFIX}/")) {
        internal(shared, request, &target.path[PREFIX.len()..]);
        return;
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
        reply.header("Retry-After", "1").send(request);
        return;
    };
    let reply = match find(site, &target) {
        Found::File(path) => site_file(site, &path, 200, &tag),
        Found::AddSlash => {
            // `raw` has no control characters (parse_target checked), so it is safe in a header.
            let (path, query) = raw.split_once('?').unwrap_or((&raw, ""));
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
    };
    reply.send(request);
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
fn internal(shared: &Arc<Shared>, request: Request, rest: &str) {
    let reply = match rest {
        "/live.js" => Reply::new(
            200,
            "text/javascript; charset=utf-8",
            Body::Static(LIVE_JS.as_bytes()),
        ),
        "/events" if request.method() == &Method::Get => return events(shared, request),
        "/events" => Reply::new(200, "text/event-stream; charset=utf-8", Body::Static(b"")),
        "/status" => Reply::new(
            200,
            "application/json",
            Body::Owned(serde_json::to_vec(&shared.status()).unwrap_or_default()),
        ),
        _ => Reply::text(404, "not found"),
    };
    reply.send(request);
}

fn events(shared: &Arc<Shared>, request: Request) {
    // Subscribe before reading the state for `hello`: a rebuild published in between is
    // then both in the hello and queued, which the page handles, rather than in neither.
    let Some(subscription) = live::Hub::subscribe(&shared.hub, MAX_STREAMS) else {
        Reply::text(503, "lectern serve is stopping")
            .header("Retry-After", "1")
            .send(request);
        return;
    };
    let hello = shared.event("hello", &[]);
    let out = request.into_writer();
    live::stream(out, subscription, hello, shared.heartbeat);
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

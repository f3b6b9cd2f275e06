//! Writes a synthetic course of N chapters for benchmarks: the same prose and code as a Lectern
//! book (with knowledge checks and interview questions), as an mdBook book, or as a Hugo site.
//!
//! ```sh
//! cargo run --release --example gen-course -- --chapters 1000 --out target/bench/c1000
//! cargo run --release --example gen-course -- --chapters 1000 --out target/bench/m1000 --format mdbook
//! cargo run --release --example gen-course -- --chapters 1000 --out target/bench/h1000 --format hugo
//! ```
//!
//! The output depends only on `--chapters`, `--format` and `--seed` (splitmix64, no outside
//! randomness): every chapter draws from its own seeded streams, so chapter 7's prose and code
//! read the same in a 100- and a 5,000-chapter course (only its links to other chapters differ),
//! and the three formats carry the same text.
//! Each chapter has about 1,500 words of prose under h2/h3 headings, lists, inline code, a GFM
//! table, 3–4 fenced code blocks (JavaScript, TypeScript, Rust, Python, shell; 10–40 lines),
//! links to other chapters (one to a heading anchor), and, in the Lectern format, a questions
//! file with two knowledge-check items and five interview questions.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Chapters per part (a `# Part` heading in SUMMARY.md, a folder on disk).
const PART_SIZE: usize = 20;
/// Prose words per chapter, roughly (paragraphs and list items).
const WORDS_PER_CHAPTER: usize = 1500;
/// Written in the output folder so a later run may replace it.
const MARKER: &str = ".gen-course";

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, seeded per chapter and purpose.

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64, purpose: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (purpose << 56));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// `k` distinct indices of `0..n`, in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists.

const NOUNS: &[&str] = &[
    "request",
    "connection",
    "queue",
    "worker",
    "cache",
    "buffer",
    "socket",
    "thread",
    "process",
    "handler",
    "service",
    "database",
    "index",
    "query",
    "transaction",
    "timeout",
    "retry",
    "deploy",
    "container",
    "replica",
    "shard",
    "partition",
    "message",
    "event",
    "stream",
    "batch",
    "job",
    "scheduler",
    "lock",
    "pool",
    "heap",
    "allocation",
    "metric",
    "trace",
    "span",
    "log line",
    "alert",
    "dashboard",
    "endpoint",
    "client",
    "load balancer",
    "proxy",
    "certificate",
    "token",
    "session",
    "payload",
    "schema",
    "migration",
    "table",
    "snapshot",
    "backup",
    "rollout",
    "feature flag",
    "dependency",
    "module",
    "callback",
    "promise",
    "task",
    "signal",
    "file descriptor",
    "benchmark",
    "profile",
    "regression",
    "health check",
    "circuit breaker",
    "rate limiter",
    "consumer",
    "producer",
    "checkpoint",
    "read replica",
];

/// (base, third person, past participle, gerund)
const VERBS: &[(&str, &str, &str, &str)] = &[
    ("block", "blocks", "blocked", "blocking"),
    ("buffer", "buffers", "buffered", "buffering"),
    ("cache", "caches", "cached", "caching"),
    ("drain", "drains", "drained", "draining"),
    ("flush", "flushes", "flushed", "flushing"),
    ("retry", "retries", "retried", "retrying"),
    ("throttle", "throttles", "throttled", "throttling"),
    ("batch", "batches", "batched", "batching"),
    ("measure", "measures", "measured", "measuring"),
    ("trace", "traces", "traced", "tracing"),
    ("profile", "profiles", "profiled", "profiling"),
    ("restart", "restarts", "restarted", "restarting"),
    ("scale", "scales", "scaled", "scaling"),
    ("replicate", "replicates", "replicated", "replicating"),
    ("compress", "compresses", "compressed", "compressing"),
    ("serialize", "serializes", "serialized", "serializing"),
    ("parse", "parses", "parsed", "parsing"),
    ("validate", "validates", "validated", "validating"),
    ("schedule", "schedules", "scheduled", "scheduling"),
    ("cancel", "cancels", "cancelled", "cancelling"),
    ("release", "releases", "released", "releasing"),
    ("allocate", "allocates", "allocated", "allocating"),
    ("collect", "collects", "collected", "collecting"),
    ("reuse", "reuses", "reused", "reusing"),
    ("inspect", "inspects", "inspected", "inspecting"),
    ("tune", "tunes", "tuned", "tuning"),
    ("limit", "limits", "limited", "limiting"),
    ("queue", "queues", "queued", "queueing"),
    ("split", "splits", "split", "splitting"),
    ("merge", "merges", "merged", "merging"),
    ("route", "routes", "routed", "routing"),
    ("ship", "ships", "shipped", "shipping"),
    ("watch", "watches", "watched", "watching"),
    ("expose", "exposes", "exposed", "exposing"),
    ("pin", "pins", "pinned", "pinning"),
    ("warm", "warms", "warmed", "warming"),
    ("invalidate", "invalidates", "invalidated", "invalidating"),
    ("acquire", "acquires", "acquired", "acquiring"),
    ("stall", "stalls", "stalled", "stalling"),
    ("isolate", "isolates", "isolated", "isolating"),
];

const ADJECTIVES: &[&str] = &[
    "slow",
    "hot",
    "cold",
    "idle",
    "busy",
    "stale",
    "shared",
    "bounded",
    "unbounded",
    "noisy",
    "long-running",
    "short-lived",
    "blocking",
    "non-blocking",
    "concurrent",
    "sequential",
    "cheap",
    "expensive",
    "healthy",
    "degraded",
    "small",
    "large",
    "nested",
    "global",
    "local",
    "external",
    "lazy",
    "eager",
    "fragile",
    "predictable",
    "overloaded",
    "warm",
];

const ADVERBS: &[&str] = &[
    "quietly",
    "gradually",
    "immediately",
    "eventually",
    "predictably",
    "rarely",
    "often",
    "silently",
    "twice",
    "under load",
    "in the background",
    "on every request",
    "at startup",
    "without warning",
    "one at a time",
    "in bursts",
];

const CONNECTORS: &[&str] = &[
    "In practice,",
    "However,",
    "As a rule,",
    "In most services,",
    "On a busy day,",
    "Counter-intuitively,",
    "For the same reason,",
    "Once traffic grows,",
    "Put differently,",
    "Before anything else,",
    "In production,",
    "At first glance,",
];

/// Plural, so they take the verb's base form.
const ACTORS: &[&str] = &[
    "most teams",
    "on-call engineers",
    "careful reviewers",
    "platform teams",
    "new contributors",
    "experienced operators",
    "service owners",
    "people debugging an outage",
];

const TIMES: &[&str] = &[
    "during a deploy",
    "at peak traffic",
    "after a restart",
    "when the cache is cold",
    "on the first request",
    "after a failover",
    "when a dependency slows down",
    "under a traffic spike",
    "during the nightly batch",
    "while a migration runs",
];

const CODES: &[&str] = &[
    "process.memoryUsage()",
    "SO_REUSEPORT",
    "max_connections",
    "--max-old-space-size",
    "EXPLAIN ANALYZE",
    "Promise.all",
    "tokio::spawn",
    "asyncio.gather",
    "kubectl rollout status",
    "Retry-After",
    "ulimit -n",
    "setImmediate",
    "AbortController",
    "Arc<Mutex<T>>",
    "statement_timeout",
    "keepAliveTimeout",
    "UV_THREADPOOL_SIZE",
    "SIGTERM",
    "readinessProbe",
    "p99",
    "Cache-Control",
    "ETag",
    "idle_in_transaction_session_timeout",
    "--inspect",
    "queueMicrotask",
    "Result<T, E>",
    "async with",
    "set -euo pipefail",
    "Connection: keep-alive",
    "work_mem",
    "GOMAXPROCS",
    "perf_hooks.monitorEventLoopDelay",
];

const TOOLS: &[&str] = &[
    "perf",
    "strace",
    "the Chrome DevTools profiler",
    "Prometheus",
    "Grafana",
    "OpenTelemetry",
    "pprof",
    "a flame graph",
    "htop",
    "tcpdump",
    "pg_stat_statements",
    "py-spy",
    "tokio-console",
    "Jaeger",
    "a heap snapshot",
    "the slow query log",
];

const TOPICS: &[&str] = &[
    "Connection pooling",
    "Backpressure",
    "Structured logging",
    "Rate limiting",
    "Graceful shutdown",
    "Retries and idempotency",
    "Caching strategies",
    "Health checks",
    "Memory leaks",
    "The event loop",
    "Worker pools",
    "Database indexes",
    "Transactions and isolation",
    "Schema migrations",
    "Message queues",
    "Stream processing",
    "Distributed tracing",
    "Metrics and alerting",
    "Load balancing",
    "Timeouts and deadlines",
    "Circuit breakers",
    "Feature flags",
    "Blue-green deploys",
    "Container images",
    "Configuration management",
    "Secrets handling",
    "Authentication tokens",
    "Session storage",
    "Pagination",
    "Batch jobs",
    "Scheduling work",
    "Profiling CPU time",
    "Async Rust",
    "Python asyncio",
    "TypeScript types at the edge",
    "Shell scripts in CI",
    "Capacity planning",
    "Incident response",
    "Service level objectives",
    "Read replicas",
    "Sharding",
    "Consistent hashing",
];

const ASPECTS: &[&str] = &[
    "in practice",
    "under load",
    "from first principles",
    "for production services",
    "and their failure modes",
    "without surprises",
    "at scale",
    "step by step",
];

const PART_AREAS: &[&str] = &[
    "Foundations",
    "The runtime",
    "Data and storage",
    "Talking to other services",
    "Operating it",
    "Observability",
    "Performance",
    "Reliability",
    "Delivery",
    "Security basics",
    "Scaling out",
    "Case studies",
];

const COMPANIES: &[&str] = &[
    "Netflix",
    "Uber",
    "Stripe",
    "Shopify",
    "Cloudflare",
    "Datadog",
    "GitHub",
    "Atlassian",
    "Spotify",
    "Airbnb",
    "Microsoft",
    "Amazon",
];

const SOURCES: &[(&str, &str)] = &[
    (
        "Node.js docs — Guides",
        "https://nodejs.org/en/learn/getting-started/introduction-to-nodejs",
    ),
    (
        "MDN — JavaScript reference",
        "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference",
    ),
    (
        "The Rust Programming Language",
        "https://doc.rust-lang.org/book/",
    ),
    (
        "Python docs — asyncio",
        "https://docs.python.org/3/library/asyncio.html",
    ),
    (
        "PostgreSQL documentation",
        "https://www.postgresql.org/docs/current/",
    ),
    (
        "Kubernetes docs — Concepts",
        "https://kubernetes.io/docs/concepts/",
    ),
    (
        "OpenTelemetry documentation",
        "https://opentelemetry.io/docs/",
    ),
    (
        "Prometheus — Overview",
        "https://prometheus.io/docs/introduction/overview/",
    ),
    (
        "TypeScript handbook",
        "https://www.typescriptlang.org/docs/handbook/intro.html",
    ),
    (
        "GNU Bash manual",
        "https://www.gnu.org/software/bash/manual/bash.html",
    ),
    ("Tokio tutorial", "https://tokio.rs/tokio/tutorial"),
    ("Redis documentation", "https://redis.io/docs/latest/"),
];

/// Nouns that make good identifiers in code.
const IDENTS: &[&str] = &[
    "order", "user", "invoice", "payment", "session", "token", "job", "event", "record", "item",
    "account", "cart", "shipment", "report", "metric", "message", "tenant", "webhook", "upload",
    "device",
];

const FIELDS: &[&str] = &[
    "amount",
    "status",
    "created_at",
    "updated_at",
    "attempts",
    "priority",
    "size_bytes",
    "region",
    "owner_id",
    "expires_at",
];

const CODE_VERBS: &[&str] = &[
    "load",
    "sync",
    "fetch",
    "process",
    "archive",
    "refresh",
    "export",
    "reconcile",
    "collect",
    "publish",
];

// ---------------------------------------------------------------------------------------------
// Small text helpers.

fn plural(noun: &str) -> String {
    if noun.ends_with('s')
        || noun.ends_with('x')
        || noun.ends_with("ch")
        || noun.ends_with("sh")
        || noun.ends_with("ss")
    {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y') {
        if stem.ends_with(['a', 'e', 'o', 'u']) {
            format!("{noun}s")
        } else {
            format!("{stem}ies")
        }
    } else {
        format!("{noun}s")
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Lower case words joined by `-`: the anchor Lectern, mdBook and Hugo all give a heading made
/// of letters, digits and spaces.
fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == ' ' || c == '-' {
            dash = true;
        }
    }
    out
}

fn camel(words: &[&str]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        for (j, part) in w.split(['_', ' ']).enumerate() {
            if i == 0 && j == 0 {
                out.push_str(part);
            } else {
                out.push_str(&capitalize(part));
            }
        }
    }
    out
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Replaces `@key@` in `template` with values.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('@') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('@') {
            Some(end) if vars.iter().any(|(k, _)| *k == &after[..end]) => {
                let key = &after[..end];
                let value = vars.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
                out.push_str(value.unwrap_or_default());
                rest = &after[end + 1..];
            }
            _ => {
                out.push('@');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A YAML double-quoted scalar.
fn yq(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML literal block scalar at `indent` spaces (the text after `key: `).
fn yblock(s: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::from("|\n");
    for line in s.trim_end().lines() {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Prose.

/// Sentence templates. `@n@` noun, `@n2@` another noun, `@ns@`/`@n2s@` plurals, `@a@`
/// adjective, `@v@`/`@vs@`/`@vd@`/`@vg@` verb forms, `@v2@` another verb, `@adv@`, `@code@`,
/// `@tool@`, `@num@`, `@pct@`, `@conn@`, `@actor@`, `@time@`.
const SENTENCES: &[&str] = &[
    "@conn@ the @n@ @vs@ the @n2@ @adv@.",
    "@a_art@ @a@ @n@ @vs@ every @n2@ it touches, so @actor@ @v@ it @time@.",
    "When the @n@ @vs@ faster than the @n2@ can keep up, the @n2s@ behind it start to @v2@.",
    "@actor_cap@ rarely @v@ the @n@ directly; they @v2@ the @n2s@ that feed it.",
    "The usual fix is to @v@ the @n@ before it reaches the @n2@.",
    "Keep an eye on `@code@`: it is the first place @a_art@ @a@ @n@ shows up.",
    "If @ns@ arrive faster than the @n2@ can @v@ them, latency climbs by roughly @pct@ percent @time@.",
    "With @tool@ this becomes visible, because it shows each @n@ next to the @n2@ that caused it.",
    "Nothing here is specific to one language: @a_art@ @a@ @n@ behaves the same in Node, Python or Rust.",
    "The trade-off is simple to state and hard to get right: @vg@ the @n@ saves work now and costs memory later.",
    "@conn@ @n_art@ @n@ that is @vd@ @adv@ is easier to reason about than one that is @vd2@ on demand.",
    "Most outages in this area start with @a_art@ @a@ @n@ and end with @ns@ piling up in the @n2@.",
    "You can check this yourself with `@code@` and a few minutes of traffic.",
    "A good default is @num@ @ns@ per @n2@, raised only when measurements say so.",
    "@vg_cap@ the @n@ is cheap; @vg2@ the @n2@ is where the real cost hides.",
    "Think of the @n@ as a contract: the @n2@ promises to @v@ it, and the caller promises not to @v2@ it twice.",
    "@conn@ @actor@ @v@ the @ns@ first and only then look at `@code@`.",
    "The @n@ does not fail loudly; it @vs@ @adv@ until the @n2@ times out.",
    "That is why the @n@ should be @vd@ close to where it is used, not in @a_art@ @a@ @n2@ far away.",
    "Measure before and after: @tool@ will tell you whether the @n@ or the @n2@ is the bottleneck.",
    "A @n@ that nobody owns tends to grow until it becomes the @a@ @n2@ everyone is afraid to touch.",
    "In a small service the difference is invisible; at @num@ @ns@ per second it decides whether the @n2@ survives.",
    "Each @n@ carries a little state, and that state is exactly what makes @vg@ it safe.",
    "The documentation describes `@code@` in one line, but the behaviour behind it deserves a whole section.",
    "@conn@ the cheapest @n@ is the one you never @v@.",
    "Log the @n@ together with the @n2@, or the next incident review will be guesswork.",
    "Treat every @a@ @n@ as a hypothesis and confirm it with @tool@ before changing the code.",
    "The @n2@ will happily accept more @ns@ than it can @v@, so the limit has to live somewhere else.",
    "Removing the @n@ entirely is sometimes the best optimisation of all.",
    "@n_art@ @n@ that looks @a@ in a benchmark can still @v@ badly @time@.",
    "@conn@ what matters is not the average @n@ but the slowest one in a hundred.",
    "This is also where `@code@` earns its place in the configuration.",
    "Write the rule down next to the code, because the @n@ will outlive the people who @vd@ it.",
    "Once the @n@ is @vd@, the @n2@ has room to breathe and the error rate drops.",
    "Nobody notices @a_art@ @a@ @n@ until the @n2@ in front of it starts to @v@ @adv@.",
    "The same idea shows up again in the chapter on @topic@, from a different angle.",
];

struct Prose<'r> {
    rng: &'r mut Rng,
}

impl Prose<'_> {
    fn verb(&mut self) -> (&'static str, &'static str, &'static str, &'static str) {
        self.rng.pick(VERBS)
    }

    fn sentence(&mut self) -> String {
        let t = self.rng.pick(SENTENCES);
        let n = self.rng.pick(NOUNS);
        let mut n2 = self.rng.pick(NOUNS);
        if n2 == n {
            n2 = NOUNS[(NOUNS.iter().position(|x| *x == n).unwrap_or(0) + 7) % NOUNS.len()];
        }
        let v = self.verb();
        let v2 = self.verb();
        let a = self.rng.pick(ADJECTIVES);
        let actor = self.rng.pick(ACTORS);
        let tool = self.rng.pick(TOOLS);
        let num = (self.rng.range(2, 64) * 5).to_string();
        let pct = self.rng.range(10, 90).to_string();
        let topic = self.rng.pick(TOPICS).to_ascii_lowercase();
        let (ns, n2s) = (plural(n), plural(n2));
        let actor_cap = capitalize(actor);
        let (vg_cap, vg2) = (capitalize(v.3), v2.3);
        let vars = [
            ("n", n),
            ("n2", n2),
            ("ns", ns.as_str()),
            ("n2s", n2s.as_str()),
            ("n_art", article(n)),
            ("a", a),
            ("a_art", article(a)),
            ("v", v.0),
            ("vs", v.1),
            ("vd", v.2),
            ("vg", v.3),
            ("v2", v2.0),
            ("vd2", v2.2),
            ("vg2", vg2),
            ("vg_cap", vg_cap.as_str()),
            ("adv", self.rng.pick(ADVERBS)),
            ("code", self.rng.pick(CODES)),
            ("tool", tool),
            ("num", num.as_str()),
            ("pct", pct.as_str()),
            ("conn", self.rng.pick(CONNECTORS)),
            ("actor", actor),
            ("actor_cap", actor_cap.as_str()),
            ("time", self.rng.pick(TIMES)),
            ("topic", topic.as_str()),
        ];
        let mut s = fill(t, &vars);
        // Occasional emphasis on a noun phrase.
        if self.rng.chance(12) {
            let strong = format!(" the **{n}** ");
            s = s.replacen(&format!(" the {n} "), &strong, 1);
        } else if self.rng.chance(8) {
            s = s.replacen(&format!(" {a} "), &format!(" *{a}* "), 1);
        }
        capitalize(&s)
    }

    fn paragraph(&mut self, sentences: usize) -> String {
        let mut p = Vec::with_capacity(sentences);
        for _ in 0..sentences {
            p.push(self.sentence());
        }
        p.join(" ")
    }

    fn list_item(&mut self) -> String {
        let n = self.rng.pick(NOUNS);
        let v = self.verb();
        match self.rng.below(4) {
            0 => format!(
                "**{}**: {} the {} {}.",
                capitalize(&plural(n)),
                v.0,
                self.rng.pick(NOUNS),
                self.rng.pick(ADVERBS)
            ),
            1 => format!(
                "`{}` for the {} {}",
                self.rng.pick(CODES),
                self.rng.pick(ADJECTIVES),
                n
            ),
            2 => format!(
                "{} the {} {}, then check `{}`;",
                capitalize(v.0),
                n,
                self.rng.pick(TIMES),
                self.rng.pick(CODES)
            ),
            _ => self.sentence(),
        }
    }

    fn list(&mut self) -> String {
        let items = self.rng.range(3, 6);
        let ordered = self.rng.chance(30);
        let mut out = String::new();
        for i in 0..items {
            let item = self.list_item();
            if ordered {
                let _ = writeln!(out, "{}. {item}", i + 1);
            } else {
                let _ = writeln!(out, "- {item}");
            }
        }
        out
    }

    fn table(&mut self) -> String {
        let kind = self.rng.below(3);
        let rows = self.rng.range(4, 6);
        let mut out = String::new();
        match kind {
            0 => {
                out.push_str("| Setting | Default | When to change it |\n|---|---|---|\n");
                for _ in 0..rows {
                    let _ = writeln!(
                        out,
                        "| `{}` | {} | when the {} {} {} |",
                        self.rng.pick(CODES),
                        self.rng.range(1, 512),
                        self.rng.pick(NOUNS),
                        self.verb().1,
                        self.rng.pick(TIMES)
                    );
                }
            }
            1 => {
                out.push_str(
                    "| Symptom | Likely cause | First tool to reach for |\n|---|---|---|\n",
                );
                for _ in 0..rows {
                    let cause_adj = self.rng.pick(ADJECTIVES);
                    let _ = writeln!(
                        out,
                        "| {} {} | {} {} {} | {} |",
                        capitalize(self.rng.pick(ADJECTIVES)),
                        plural(self.rng.pick(NOUNS)),
                        article(cause_adj),
                        cause_adj,
                        self.rng.pick(NOUNS),
                        self.rng.pick(TOOLS)
                    );
                }
            }
            _ => {
                out.push_str("| Approach | Latency | Memory | Notes |\n|:---|---:|---:|---|\n");
                for _ in 0..rows {
                    let _ = writeln!(
                        out,
                        "| {} the {} | {} ms | {} MB | {} {} |",
                        capitalize(self.verb().3),
                        self.rng.pick(NOUNS),
                        self.rng.range(1, 250),
                        self.rng.range(4, 900),
                        capitalize(self.rng.pick(ADVERBS)),
                        self.verb().2
                    );
                }
            }
        }
        out
    }

    fn heading(&mut self) -> String {
        let n = self.rng.pick(NOUNS);
        let n2 = self.rng.pick(NOUNS);
        let v = self.verb();
        let a = self.rng.pick(ADJECTIVES);
        match self.rng.below(9) {
            0 => format!("{} the {n}", capitalize(v.3)),
            1 => format!("Why {} {}", plural(n), v.0),
            2 => format!("When to {} the {n}", v.0),
            3 => format!("{} {}", capitalize(a), plural(n)),
            4 => format!("The {n} and the {n2}"),
            5 => format!("Measuring the {n}"),
            6 => format!("{} {a} {n} in practice", capitalize(article(a))),
            7 => format!("How the {n} {} the {n2}", v.1),
            _ => format!("Common mistakes with {}", plural(n)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Code.

#[derive(Clone, Copy)]
enum Lang {
    JavaScript,
    TypeScript,
    Rust,
    Python,
    Shell,
}

const LANGS: &[Lang] = &[
    Lang::JavaScript,
    Lang::TypeScript,
    Lang::Rust,
    Lang::Python,
    Lang::Shell,
];

impl Lang {
    fn fence(self) -> &'static str {
        match self {
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Rust => "rust",
            Lang::Python => "python",
            Lang::Shell => "sh",
        }
    }
}

/// Values substituted into code templates.
struct CodeVars {
    noun: &'static str,
    other: &'static str,
    field: &'static str,
    verb: &'static str,
    num: String,
}

impl CodeVars {
    fn new(rng: &mut Rng) -> CodeVars {
        let noun = rng.pick(IDENTS);
        let mut other = rng.pick(IDENTS);
        if other == noun {
            other =
                IDENTS[(IDENTS.iter().position(|x| *x == noun).unwrap_or(0) + 3) % IDENTS.len()];
        }
        CodeVars {
            noun,
            other,
            field: rng.pick(FIELDS),
            verb: rng.pick(CODE_VERBS),
            num: (rng.range(1, 40) * 25).to_string(),
        }
    }

    fn apply(&self, template: &str) -> String {
        let cap = capitalize(self.noun);
        let other_cap = capitalize(self.other);
        let field_camel = camel(&[self.field]);
        let plural_noun = plural(self.noun);
        let fn_camel = camel(&[self.verb, &plural_noun]);
        let fn_snake = format!("{}_{}", self.verb, plural_noun);
        fill(
            template,
            &[
                ("noun", self.noun),
                ("Noun", &cap),
                ("nouns", &plural_noun),
                ("other", self.other),
                ("Other", &other_cap),
                ("field", self.field),
                ("fieldCamel", &field_camel),
                ("verb", self.verb),
                ("fn", &fn_camel),
                ("fn_snake", &fn_snake),
                ("num", &self.num),
            ],
        )
    }
}

struct CodeShape {
    header: &'static [&'static str],
    open: &'static [&'static str],
    fetch: &'static [&'static str],
    steps: &'static [&'static [&'static str]],
    close: &'static [&'static str],
}

const JS: CodeShape = CodeShape {
    header: &[
        "const { setTimeout: sleep } = require('node:timers/promises');",
        "const { performance } = require('node:perf_hooks');",
        "const logger = require('./logger');",
        "",
    ],
    open: &["async function @fn@(db, @noun@Id, options = {}) {"],
    fetch: &[
        "  const limit = options.limit ?? @num@;",
        "  const started = performance.now();",
        "  const rows = await db.query(",
        "    'SELECT id, @field@, status FROM @nouns@ WHERE owner_id = $1 LIMIT $2',",
        "    [@noun@Id, limit],",
        "  );",
    ],
    steps: &[
        &[
            "  if (rows.length === 0) {",
            "    logger.debug({ @noun@Id }, 'no @nouns@ to @verb@');",
            "    return [];",
            "  }",
        ],
        &[
            "  const totals = new Map();",
            "  for (const row of rows) {",
            "    if (row.@field@ == null) continue;",
            "    totals.set(row.status, (totals.get(row.status) ?? 0) + 1);",
            "  }",
        ],
        &[
            "  const pending = rows.filter((row) => row.status === 'pending');",
            "  const results = await Promise.allSettled(",
            "    pending.map((row) => @verb@@Other@(db, row.id, { signal: options.signal })),",
            "  );",
        ],
        &[
            "  for (let attempt = 1; attempt <= 3; attempt++) {",
            "    try {",
            "      await db.query('UPDATE @nouns@ SET checked_at = now() WHERE owner_id = $1', [@noun@Id]);",
            "      break;",
            "    } catch (err) {",
            "      logger.warn({ err, attempt }, '@noun@ update failed, retrying');",
            "      await sleep(attempt * @num@);",
            "    }",
            "  }",
        ],
        &[
            "  const byId = Object.fromEntries(rows.map((row) => [row.id, row]));",
            "  const missing = (options.expected ?? []).filter((id) => !(id in byId));",
        ],
        &[
            "  if (options.signal?.aborted) {",
            "    throw new Error(`@verb@ of @nouns@ for ${@noun@Id} was cancelled`);",
            "  }",
        ],
    ],
    close: &[
        "  const ms = Math.round(performance.now() - started);",
        "  logger.info({ @noun@Id, count: rows.length, ms }, '@nouns@ done');",
        "  return rows;",
        "}",
        "",
        "module.exports = { @fn@ };",
    ],
};

const TS: CodeShape = CodeShape {
    header: &[
        "import type { Pool } from 'pg';",
        "",
        "export interface @Noun@ {",
        "  id: string;",
        "  @fieldCamel@: number;",
        "  status: 'pending' | 'done' | 'failed';",
        "}",
        "",
    ],
    open: &[
        "export async function @fn@(",
        "  pool: Pool,",
        "  ownerId: string,",
        "  limit = @num@,",
        "): Promise<@Noun@[]> {",
    ],
    fetch: &[
        "  const { rows } = await pool.query<@Noun@>(",
        "    'SELECT id, @field@ AS \"@fieldCamel@\", status FROM @nouns@ WHERE owner_id = $1 LIMIT $2',",
        "    [ownerId, limit],",
        "  );",
    ],
    steps: &[
        &[
            "  const failed = rows.filter((r): r is @Noun@ & { status: 'failed' } => r.status === 'failed');",
            "  if (failed.length > rows.length / 2) {",
            "    throw new Error(`too many failed @nouns@: ${failed.length}`);",
            "  }",
        ],
        &[
            "  const total = rows.reduce((sum, r) => sum + r.@fieldCamel@, 0);",
            "  const average = rows.length ? total / rows.length : 0;",
        ],
        &[
            "  const grouped: Record<@Noun@['status'], @Noun@[]> = { pending: [], done: [], failed: [] };",
            "  for (const row of rows) {",
            "    grouped[row.status].push(row);",
            "  }",
        ],
        &[
            "  const controller = new AbortController();",
            "  const timer = setTimeout(() => controller.abort(), @num@);",
            "  try {",
            "    await Promise.all(rows.map((r) => @verb@@Other@(r.id, controller.signal)));",
            "  } finally {",
            "    clearTimeout(timer);",
            "  }",
        ],
        &[
            "  const seen = new Set<string>();",
            "  const unique = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));",
        ],
    ],
    close: &["  return rows;", "}"],
};

const RUST: CodeShape = CodeShape {
    header: &[
        "use std::collections::HashMap;",
        "use std::time::{Duration, Instant};",
        "",
        "#[derive(Debug, Clone)]",
        "pub struct @Noun@ {",
        "    pub id: u64,",
        "    pub @field@: u64,",
        "    pub status: Status,",
        "}",
        "",
    ],
    open: &["pub fn @fn_snake@(store: &Store, owner: u64, limit: usize) -> Result<Vec<@Noun@>, Error> {"],
    fetch: &[
        "    let started = Instant::now();",
        "    let mut rows = store.@nouns@_of(owner)?;",
        "    rows.truncate(limit);",
    ],
    steps: &[
        &[
            "    let mut by_status: HashMap<Status, usize> = HashMap::new();",
            "    for row in &rows {",
            "        *by_status.entry(row.status).or_default() += 1;",
            "    }",
        ],
        &[
            "    if rows.is_empty() {",
            "        return Ok(Vec::new());",
            "    }",
        ],
        &[
            "    rows.retain(|r| r.status != Status::Failed);",
            "    rows.sort_by_key(|r| std::cmp::Reverse(r.@field@));",
        ],
        &[
            "    let total: u64 = rows.iter().map(|r| r.@field@).sum();",
            "    let average = total.checked_div(rows.len() as u64).unwrap_or(0);",
        ],
        &[
            "    for attempt in 1..=3 {",
            "        match store.touch(owner) {",
            "            Ok(()) => break,",
            "            Err(e) if attempt < 3 => {",
            "                tracing::warn!(%e, attempt, \"touch failed, retrying\");",
            "                std::thread::sleep(Duration::from_millis(@num@ * attempt));",
            "            }",
            "            Err(e) => return Err(e),",
            "        }",
            "    }",
        ],
    ],
    close: &[
        "    tracing::info!(owner, count = rows.len(), elapsed = ?started.elapsed(), \"@nouns@ loaded\");",
        "    Ok(rows)",
        "}",
    ],
};

const PY: CodeShape = CodeShape {
    header: &[
        "import asyncio",
        "import logging",
        "import time",
        "",
        "log = logging.getLogger(__name__)",
        "",
        "",
    ],
    open: &[
        "async def @fn_snake@(db, owner_id: int, limit: int = @num@) -> list[dict]:",
        "    \"\"\"Return the owner's @nouns@, newest first.\"\"\"",
    ],
    fetch: &[
        "    started = time.monotonic()",
        "    rows = await db.fetch(",
        "        \"SELECT id, @field@, status FROM @nouns@ WHERE owner_id = $1 LIMIT $2\",",
        "        owner_id,",
        "        limit,",
        "    )",
    ],
    steps: &[
        &[
            "    if not rows:",
            "        log.debug(\"no @nouns@ for %s\", owner_id)",
            "        return []",
        ],
        &[
            "    counts: dict[str, int] = {}",
            "    for row in rows:",
            "        counts[row[\"status\"]] = counts.get(row[\"status\"], 0) + 1",
        ],
        &[
            "    pending = [r for r in rows if r[\"status\"] == \"pending\"]",
            "    results = await asyncio.gather(",
            "        *(@verb@_@other@(db, r[\"id\"]) for r in pending),",
            "        return_exceptions=True,",
            "    )",
        ],
        &[
            "    for attempt in range(1, 4):",
            "        try:",
            "            await db.execute(\"UPDATE @nouns@ SET checked_at = now() WHERE owner_id = $1\", owner_id)",
            "            break",
            "        except ConnectionError as exc:",
            "            log.warning(\"update failed (attempt %d): %s\", attempt, exc)",
            "            await asyncio.sleep(attempt * @num@ / 1000)",
        ],
        &[
            "    total = sum(r[\"@field@\"] or 0 for r in rows)",
            "    average = total / len(rows) if rows else 0",
        ],
    ],
    close: &[
        "    log.info(\"loaded %d @nouns@ in %.1f ms\", len(rows), (time.monotonic() - started) * 1000)",
        "    return [dict(r) for r in rows]",
    ],
};

const SH: CodeShape = CodeShape {
    header: &[
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        "",
        "SERVICE=\"${SERVICE:-@noun@-api}\"",
        "NAMESPACE=\"${NAMESPACE:-production}\"",
        "",
    ],
    open: &["@verb@_@nouns@() {"],
    fetch: &[
        "  local since=\"${1:-1h}\"",
        "  echo \"== @verb@ @nouns@ for $SERVICE (last $since)\"",
    ],
    steps: &[
        &[
            "  kubectl -n \"$NAMESPACE\" rollout status \"deploy/$SERVICE\" --timeout=@num@s",
            "  kubectl -n \"$NAMESPACE\" get pods -l app=\"$SERVICE\" -o wide",
        ],
        &[
            "  for pod in $(kubectl -n \"$NAMESPACE\" get pods -l app=\"$SERVICE\" -o name); do",
            "    echo \"-- $pod\"",
            "    kubectl -n \"$NAMESPACE\" logs \"$pod\" --since=\"$since\" | grep -c '\"level\":\"error\"' || true",
            "  done",
        ],
        &[
            "  if ! curl -fsS --max-time 5 \"http://$SERVICE.$NAMESPACE/healthz\" >/dev/null; then",
            "    echo \"health check failed\" >&2",
            "    return 1",
            "  fi",
        ],
        &[
            "  psql \"$DATABASE_URL\" -Atc \"SELECT status, count(*) FROM @nouns@ GROUP BY status\" |",
            "    while IFS='|' read -r status count; do",
            "      printf '%-10s %8d\\n' \"$status\" \"$count\"",
            "    done",
        ],
        &[
            "  local tmp",
            "  tmp=\"$(mktemp)\"",
            "  trap 'rm -f \"$tmp\"' RETURN",
            "  curl -fsS \"http://$SERVICE.$NAMESPACE/metrics\" > \"$tmp\"",
            "  grep -E '^@noun@_(requests|errors)_total' \"$tmp\"",
        ],
    ],
    close: &["}", "", "@verb@_@nouns@ \"$@\""],
};

fn code_block(rng: &mut Rng, lang: Lang) -> String {
    let shape = match lang {
        Lang::JavaScript => &JS,
        Lang::TypeScript => &TS,
        Lang::Rust => &RUST,
        Lang::Python => &PY,
        Lang::Shell => &SH,
    };
    let vars = CodeVars::new(rng);
    let target = rng.range(10, 40);
    let mut lines: Vec<&str> = Vec::new();
    let fixed = shape.open.len() + shape.fetch.len() + shape.close.len();
    if target >= fixed + shape.header.len() + 4 {
        lines.extend(shape.header);
    }
    lines.extend(shape.open);
    lines.extend(shape.fetch);
    let mut order = rng.sample(shape.steps.len(), shape.steps.len());
    // Keep the steps in their listed order: they read as a function top to bottom.
    // Steps in random choice, while they fit the target (and always up to 10 lines).
    let mut len = lines.len() + shape.close.len();
    order.retain(|&i| {
        let fits = len + shape.steps[i].len() <= target || len < 10;
        if fits {
            len += shape.steps[i].len();
        }
        fits
    });
    order.sort_unstable();
    for i in order {
        lines.extend(shape.steps[i]);
    }
    lines.extend(shape.close);
    let mut out = String::new();
    for l in lines {
        out.push_str(&vars.apply(l));
        out.push('\n');
    }
    out
}

/// A short snippet for an interview answer.
fn snippet(rng: &mut Rng) -> (Lang, String) {
    let vars = CodeVars::new(rng);
    let (lang, lines): (Lang, &[&str]) = match rng.below(3) {
        0 => (
            Lang::JavaScript,
            &[
                "const controller = new AbortController();",
                "setTimeout(() => controller.abort(), @num@).unref();",
                "await @fn@(db, id, { signal: controller.signal });",
            ],
        ),
        1 => (
            Lang::Python,
            &[
                "async with asyncio.timeout(@num@ / 1000):",
                "    rows = await @fn_snake@(db, owner_id)",
            ],
        ),
        _ => (
            Lang::Rust,
            &[
                "let @nouns@ = tokio::time::timeout(Duration::from_millis(@num@), load(owner))",
                "    .await",
                "    .map_err(|_| Error::Timeout)??;",
            ],
        ),
    };
    let mut out = String::new();
    for l in lines {
        out.push_str(&vars.apply(l));
        out.push('\n');
    }
    (lang, out)
}

// ---------------------------------------------------------------------------------------------
// The course plan: titles, files and headings of every chapter, known before any body is
// written, so chapters can link to each other's headings.

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Lectern,
    MdBook,
    Hugo,
}

struct ChapterPlan {
    title: String,
    summary: String,
    objectives: Vec<String>,
    tags: Vec<String>,
    /// `part-01/0001-connection-pooling-in-practice` (no extension).
    stem: String,
    part: usize,
    /// Nested under the previous top-level chapter in SUMMARY.md.
    nested: bool,
    /// The h2 headings, in order; h3 headings are drawn while writing the body.
    headings: Vec<String>,
}

const PURPOSE_PLAN: u64 = 1;
const PURPOSE_BODY: u64 = 2;
const PURPOSE_QUESTIONS: u64 = 3;

fn plan(seed: u64, n: usize) -> Vec<ChapterPlan> {
    (0..n)
        .map(|i| {
            let mut rng = Rng::new(seed, i as u64, PURPOSE_PLAN);
            let topic = rng.pick(TOPICS);
            let title = match rng.below(4) {
                0 => topic.to_string(),
                1 => format!("{topic} {}", rng.pick(ASPECTS)),
                2 => format!("Understanding {}", topic.to_ascii_lowercase()),
                _ => format!("{topic} and {}", rng.pick(TOPICS).to_ascii_lowercase()),
            };
            let mut prose = Prose { rng: &mut rng };
            let summary = format!(
                "How {} {} the {} in a real service, and what to {} when it {} {}.",
                plural(prose.rng.pick(NOUNS)),
                prose.verb().0,
                prose.rng.pick(NOUNS),
                prose.verb().0,
                prose.verb().1,
                prose.rng.pick(TIMES)
            );
            let objectives = (0..3)
                .map(|_| {
                    let v = prose.verb();
                    let n = prose.rng.pick(NOUNS);
                    format!(
                        "{} {} {n} with `{}`",
                        capitalize(v.0),
                        article(n),
                        prose.rng.pick(CODES)
                    )
                })
                .collect();
            let mut headings: Vec<String> = Vec::new();
            while headings.len() < 5 {
                let h = prose.heading();
                if !headings.iter().any(|x| slug(x) == slug(&h)) {
                    headings.push(h);
                }
            }
            let tags = vec![slug(topic), slug(prose.rng.pick(NOUNS))];
            let part = i / PART_SIZE;
            let nested = i % PART_SIZE % 4 == 3;
            ChapterPlan {
                stem: format!("part-{:02}/{:04}-{}", part + 1, i + 1, slug(&title)),
                title,
                summary,
                objectives,
                tags,
                part,
                nested,
                headings,
            }
        })
        .collect()
}

fn part_title(seed: u64, part: usize) -> String {
    let mut rng = Rng::new(seed, part as u64, 7);
    format!(
        "{}: {}",
        PART_AREAS[part % PART_AREAS.len()],
        rng.pick(TOPICS)
    )
}

/// The link from chapter `from` to chapter `to` (and a heading), as each format wants it.
fn href(format: Format, from: &ChapterPlan, to: &ChapterPlan, anchor: Option<&str>) -> String {
    let frag = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    match format {
        Format::Hugo => format!("/{}/{frag}", to.stem),
        Format::Lectern | Format::MdBook => {
            let (from_dir, _) = from.stem.split_once('/').unwrap_or(("", &from.stem));
            let (to_dir, to_file) = to.stem.split_once('/').unwrap_or(("", &to.stem));
            if from_dir == to_dir {
                format!("{to_file}.md{frag}")
            } else {
                format!("../{}.md{frag}", to.stem)
            }
        }
    }
}

/// The chapter's Markdown body (no front matter, no title).
fn body(seed: u64, format: Format, plans: &[ChapterPlan], i: usize) -> String {
    let me = &plans[i];
    let mut rng = Rng::new(seed, i as u64, PURPOSE_BODY);

    // Links this chapter must contain, placed into random paragraphs.
    let mut links: Vec<String> = Vec::new();
    if i > 0 {
        let p = &plans[i - 1];
        links.push(format!(
            "This builds on [{}]({}), so skim it first if the terms are new.",
            p.title,
            href(format, me, p, None)
        ));
    }
    if i + 1 < plans.len() {
        let n = &plans[i + 1];
        links.push(format!(
            "The next chapter, [{}]({}), picks up where this one stops.",
            n.title,
            href(format, me, n, None)
        ));
    }
    if plans.len() > 1 {
        let j = (i + 1 + rng.below(plans.len() - 1)) % plans.len();
        let t = &plans[j];
        let h = &t.headings[rng.below(t.headings.len())];
        links.push(format!(
            "The section [{}]({}) in *{}* shows the same pattern from another side.",
            h,
            href(format, me, t, Some(&slug(h))),
            t.title
        ));
    } else {
        let h = &me.headings[rng.below(me.headings.len())];
        links.push(format!("See [{h}](#{}) below.", slug(h)));
    }

    let code_count = rng.range(3, 4);
    let code_sections = rng.sample(me.headings.len(), code_count);
    let table_section = rng.below(me.headings.len());
    let mut h3_used: Vec<String> = me.headings.iter().map(|h| slug(h)).collect();

    let mut prose = Prose { rng: &mut rng };
    let mut out = String::with_capacity(14_000);
    let mut word_count = 0;
    let mut paragraphs: Vec<usize> = Vec::new(); // byte offsets where a paragraph may take a link

    let para = |prose: &mut Prose, out: &mut String, wc: &mut usize, paras: &mut Vec<usize>| {
        let n = prose.rng.range(3, 6);
        let p = prose.paragraph(n);
        *wc += words(&p);
        out.push_str(&p);
        paras.push(out.len());
        out.push_str("\n\n");
    };

    para(&mut prose, &mut out, &mut word_count, &mut paragraphs);
    para(&mut prose, &mut out, &mut word_count, &mut paragraphs);

    // What is left after the introduction and the paragraph after each code block.
    let per_section =
        WORDS_PER_CHAPTER.saturating_sub(word_count + code_count * 70) / me.headings.len();
    for (s, heading) in me.headings.iter().enumerate() {
        let _ = write!(out, "## {heading}\n\n");
        let section_start = word_count;
        let target = per_section * prose.rng.range(85, 115) / 100;
        para(&mut prose, &mut out, &mut word_count, &mut paragraphs);
        let mut h3_done = false;
        let mut step = 0;
        // Stop when another paragraph would overshoot the target by more than it falls short.
        while word_count - section_start + 35 < target {
            match step % 4 {
                1 if prose.rng.chance(60) => {
                    let list = prose.list();
                    word_count += words(&list);
                    out.push_str(&list);
                    out.push('\n');
                }
                2 if !h3_done && prose.rng.chance(60) => {
                    let mut h = prose.heading();
                    while h3_used.contains(&slug(&h)) {
                        h = prose.heading();
                    }
                    h3_used.push(slug(&h));
                    let _ = write!(out, "### {h}\n\n");
                    h3_done = true;
                }
                3 if prose.rng.chance(10) => {
                    let _ = write!(out, "> **Note:** {}\n\n", prose.sentence());
                }
                _ => para(&mut prose, &mut out, &mut word_count, &mut paragraphs),
            }
            step += 1;
        }
        if s == table_section {
            let _ = write!(
                out,
                "The table sums up what to look at first.\n\n{}\n",
                prose.table()
            );
        }
        if code_sections.contains(&s) {
            let lang = prose.rng.pick(LANGS);
            let code = code_block(prose.rng, lang);
            let _ = write!(
                out,
                "Here is a version in {}:\n\n```{}\n{}```\n\n",
                match lang {
                    Lang::JavaScript => "JavaScript",
                    Lang::TypeScript => "TypeScript",
                    Lang::Rust => "Rust",
                    Lang::Python => "Python",
                    Lang::Shell => "a shell script",
                },
                lang.fence(),
                code
            );
            para(&mut prose, &mut out, &mut word_count, &mut paragraphs);
        }
    }

    // Insert the link sentences at the end of distinct paragraphs, from the last one back so
    // earlier offsets stay valid.
    let chosen = {
        let mut c = prose.rng.sample(paragraphs.len(), links.len());
        c.sort_unstable();
        c
    };
    for (k, &p) in chosen.iter().enumerate().rev() {
        out.insert_str(paragraphs[p], &format!(" {}", links[k]));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Questions (Lectern only).

fn option_text(prose: &mut Prose) -> String {
    let v = prose.verb();
    format!(
        "{} the {} before the {} {}",
        capitalize(v.0),
        prose.rng.pick(NOUNS),
        prose.rng.pick(NOUNS),
        prose.verb().1
    )
}

fn questions(seed: u64, plans: &[ChapterPlan], i: usize) -> String {
    let me = &plans[i];
    let mut rng = Rng::new(seed, i as u64, PURPOSE_QUESTIONS);
    let mut prose = Prose { rng: &mut rng };
    let mut y = String::with_capacity(8_000);
    y.push_str("# yaml-language-server: $schema=../../schemas/questions.schema.json\n\n");
    y.push_str("knowledge_check:\n");
    let difficulties = ["easy", "medium", "hard"];

    // One single-answer item.
    let n = prose.rng.pick(NOUNS);
    let _ = writeln!(y, "  - id: check-{}", slug(n));
    let _ = writeln!(y, "    difficulty: {}", prose.rng.pick(&difficulties));
    y.push_str("    type: single\n");
    let _ = writeln!(
        y,
        "    prompt: {}",
        yq(&format!(
            "Which change helps most when {} {} {} {}?",
            article(n),
            n,
            prose.verb().1,
            prose.rng.pick(TIMES)
        ))
    );
    y.push_str("    options:\n");
    let count = prose.rng.range(3, 4);
    let correct = prose.rng.below(count);
    for k in 0..count {
        let _ = writeln!(y, "      - text: {}", yq(&option_text(&mut prose)));
        if k == correct {
            y.push_str("        correct: true\n");
        }
        let _ = writeln!(y, "        explanation: {}", yq(&prose.sentence()));
    }
    let _ = writeln!(y, "    explanation: {}", yq(&prose.paragraph(2)));

    // One select-all-that-apply item.
    let n = prose.rng.pick(NOUNS);
    let _ = writeln!(y, "  - id: check-{}-signs", slug(n));
    let _ = writeln!(y, "    difficulty: {}", prose.rng.pick(&difficulties));
    y.push_str("    type: multiple\n");
    let _ = writeln!(
        y,
        "    prompt: {}",
        yq(&{
            let a = prose.rng.pick(ADJECTIVES);
            format!("Which of these are signs of {} {a} {n}?", article(a))
        })
    );
    y.push_str("    shuffle: true\n    options:\n");
    let right = prose.rng.sample(4, 2);
    for k in 0..4 {
        let _ = writeln!(
            y,
            "      - text: {}",
            yq(&format!(
                "`{}` {} {}",
                prose.rng.pick(CODES),
                prose.verb().1,
                prose.rng.pick(ADVERBS)
            ))
        );
        if right.contains(&k) {
            y.push_str("        correct: true\n");
        }
        let _ = writeln!(y, "        explanation: {}", yq(&prose.sentence()));
    }
    let _ = writeln!(y, "    explanation: {}", yq(&prose.sentence()));

    y.push_str("\ninterview:\n");
    let self_check_at = prose.rng.below(5);
    let code_at = prose.rng.below(5);
    let mut ids: Vec<String> = Vec::new();
    for q in 0..5 {
        let n = prose.rng.pick(NOUNS);
        let n2 = prose.rng.pick(NOUNS);
        let v = prose.verb();
        let question = match prose.rng.below(5) {
            0 => {
                let a = prose.rng.pick(ADJECTIVES);
                format!(
                    "How would you {} {} {n} in {} {a} service?",
                    v.0,
                    article(n),
                    article(a)
                )
            }
            1 => format!(
                "What is the difference between {} {n} and {} {n2}?",
                article(n),
                article(n2)
            ),
            2 => format!(
                "Why does {} {n} {} {}, and how do you notice?",
                article(n),
                v.0,
                prose.rng.pick(TIMES)
            ),
            3 => format!(
                "Walk me through {} {} {n} that uses `{}`.",
                v.3,
                article(n),
                prose.rng.pick(CODES)
            ),
            _ => format!(
                "When would you choose {} {n2} over {} {n}?",
                prose.rng.pick(ADJECTIVES),
                prose.rng.pick(ADJECTIVES)
            ),
        };
        let mut id = format!("{}-{}", slug(n), q + 1);
        while ids.contains(&id) {
            id.push('x');
        }
        ids.push(id.clone());
        let _ = writeln!(y, "  - id: {id}");
        let _ = writeln!(y, "    question: {}", yq(&question));
        let _ = writeln!(y, "    difficulty: {}", prose.rng.pick(&difficulties));
        let how_many = prose.rng.range(1, 2);
        let companies = prose.rng.sample(COMPANIES.len(), how_many);
        let _ = writeln!(
            y,
            "    companies: [{}]",
            companies
                .iter()
                .map(|&c| COMPANIES[c])
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(y, "    tags: [{}, {}]", me.tags[0], slug(n));
        let sentences = prose.rng.range(3, 4);
        let mut answer = prose.paragraph(sentences);
        answer.push_str("\n\n");
        answer.push_str(&prose.list());
        if q == code_at {
            let (lang, code) = snippet(prose.rng);
            let _ = write!(answer, "\n```{}\n{}```\n", lang.fence(), code);
        }
        answer.push('\n');
        answer.push_str(&prose.paragraph(2));
        let _ = write!(y, "    answer: {}", yblock(&answer, 6));
        y.push_str("    covers:\n");
        for _ in 0..prose.rng.range(3, 4) {
            let _ = writeln!(y, "      - {}", yq(&prose.list_item()));
        }
        y.push_str("    follow_ups:\n");
        for k in 0..prose.rng.range(1, 2) {
            let v = prose.verb();
            let _ = writeln!(
                y,
                "      - question: {}",
                yq(&format!(
                    "What changes if the {} is {}?",
                    prose.rng.pick(NOUNS),
                    v.2
                ))
            );
            if k == 0 {
                let _ = writeln!(y, "        answer: {}", yq(&prose.sentence()));
            }
        }
        let _ = writeln!(
            y,
            "    red_flag: {}",
            yq(&{
                let n = prose.rng.pick(NOUNS);
                format!(
                    "Claiming that {} {n} never needs to be {}.",
                    article(n),
                    prose.verb().2
                )
            })
        );
        y.push_str("    sources:\n");
        let how_many = prose.rng.range(1, 2);
        for s in prose.rng.sample(SOURCES.len(), how_many) {
            let (title, url) = SOURCES[s];
            let _ = writeln!(y, "      - title: {}", yq(title));
            let _ = writeln!(y, "        url: {url}");
        }
        if q == self_check_at {
            y.push_str("    self_check:\n");
            let _ = writeln!(
                y,
                "      prompt: {}",
                yq(&format!(
                    "What is the first thing to check when {} {n} {} {}?",
                    article(n),
                    prose.verb().1,
                    prose.rng.pick(TIMES)
                ))
            );
            y.push_str("      type: single\n      options:\n");
            let right = prose.rng.below(3);
            for k in 0..3 {
                let _ = writeln!(y, "        - text: {}", yq(&option_text(&mut prose)));
                if k == right {
                    y.push_str("          correct: true\n");
                }
                let _ = writeln!(y, "          explanation: {}", yq(&prose.sentence()));
            }
        }
    }
    y
}

// ---------------------------------------------------------------------------------------------
// Writing each format.

fn summary_md(seed: u64, plans: &[ChapterPlan]) -> String {
    let mut s = String::from("# Summary\n");
    let mut part = usize::MAX;
    for p in plans {
        if p.part != part {
            part = p.part;
            let _ = write!(s, "\n# {}\n\n", part_title(seed, part));
        }
        let indent = if p.nested { "    " } else { "" };
        let _ = writeln!(s, "{indent}- [{}]({}.md)", p.title, p.stem);
    }
    s
}

fn front_matter(p: &ChapterPlan) -> String {
    let mut f = String::from("---\n");
    let _ = writeln!(f, "title: {}", yq(&p.title));
    let _ = writeln!(f, "summary: {}", yq(&p.summary));
    f.push_str("objectives:\n");
    for o in &p.objectives {
        let _ = writeln!(f, "  - {}", yq(o));
    }
    let _ = writeln!(f, "tags: [{}]", p.tags.join(", "));
    f.push_str("---\n\n");
    f
}

pub fn files(seed: u64, n: usize, format: Format) -> Vec<(PathBuf, String)> {
    let plans = plan(seed, n);
    let title = format!("Backend engineering in practice ({n} chapters)");
    let description =
        "A synthetic course for benchmarks: services, data, operations and performance.";
    let mut out: Vec<(PathBuf, String)> = Vec::with_capacity(n * 2 + 8);
    match format {
        Format::Lectern => {
            out.push((
                "book.toml".into(),
                format!(
                    "[book]\ntitle = \"{title}\"\nauthors = [\"gen-course\"]\ndescription = \"{description}\"\nlanguage = \"en\"\n\n[build]\nbuild-dir = \"site\"\n\n[output.html]\ndefault-theme = \"auto\"\n"
                ),
            ));
            out.push(("content/SUMMARY.md".into(), summary_md(seed, &plans)));
            for (i, p) in plans.iter().enumerate() {
                let mut text = front_matter(p);
                text.push_str(&body(seed, format, &plans, i));
                out.push((format!("content/{}.md", p.stem).into(), text));
                out.push((
                    format!("content/{}.questions.yaml", p.stem).into(),
                    questions(seed, &plans, i),
                ));
            }
        }
        Format::MdBook => {
            out.push((
                "book.toml".into(),
                format!(
                    "[book]\ntitle = \"{title}\"\nauthors = [\"gen-course\"]\ndescription = \"{description}\"\nlanguage = \"en\"\nsrc = \"src\"\n\n[build]\nbuild-dir = \"book\"\n\n[output.html]\n\n[output.html.search]\nenable = true\n"
                ),
            ));
            out.push(("src/SUMMARY.md".into(), summary_md(seed, &plans)));
            for (i, p) in plans.iter().enumerate() {
                let text = format!(
                    "# {}\n\n{}\n\n{}",
                    p.title,
                    p.summary,
                    body(seed, format, &plans, i)
                );
                out.push((format!("src/{}.md", p.stem).into(), text));
            }
        }
        Format::Hugo => {
            out.push((
                "config.toml".into(),
                format!(
                    "baseURL = \"https://example.org/\"\nlanguageCode = \"en\"\ntitle = \"{title}\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n\n[markup.highlight]\ncodeFences = true\nguessSyntax = false\nnoClasses = false\n\n[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n"
                ),
            ));
            out.push(("layouts/_default/baseof.html".into(), HUGO_BASEOF.into()));
            out.push(("layouts/_default/single.html".into(), HUGO_SINGLE.into()));
            out.push(("layouts/_default/list.html".into(), HUGO_LIST.into()));
            out.push((
                "content/_index.md".into(),
                format!("---\ntitle: {}\n---\n\n{description}\n", yq(&title)),
            ));
            let parts = plans.last().map_or(0, |p| p.part + 1);
            for part in 0..parts {
                out.push((
                    format!("content/part-{:02}/_index.md", part + 1).into(),
                    format!(
                        "---\ntitle: {}\nweight: {}\n---\n",
                        yq(&part_title(seed, part)),
                        part + 1
                    ),
                ));
            }
            for (i, p) in plans.iter().enumerate() {
                let text = format!(
                    "---\ntitle: {}\ndescription: {}\nweight: {}\n---\n\n{}",
                    yq(&p.title),
                    yq(&p.summary),
                    i + 1,
                    body(seed, format, &plans, i)
                );
                out.push((format!("content/{}.md", p.stem).into(), text));
            }
        }
    }
    out
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="summary">{{ . }}</p>{{ end }}
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav class="pager">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
"#;

// ---------------------------------------------------------------------------------------------

struct Args {
    chapters: usize,
    out: PathBuf,
    format: Format,
    seed: u64,
}

const USAGE: &str =
    "usage: gen-course --chapters N --out DIR [--format lectern|mdbook|hugo] [--seed S]";

fn parse_args() -> Result<Args, String> {
    let mut chapters = None;
    let mut out = None;
    let mut format = Format::Lectern;
    let mut seed = 42;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--chapters" | "-n" => {
                chapters = Some(
                    value("--chapters")?
                        .parse::<usize>()
                        .map_err(|e| format!("--chapters: {e}"))?,
                )
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--format" | "-f" => {
                format = match value("--format")?.as_str() {
                    "lectern" => Format::Lectern,
                    "mdbook" => Format::MdBook,
                    "hugo" => Format::Hugo,
                    other => return Err(format!("unknown format `{other}`")),
                }
            }
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let chapters = chapters.ok_or("--chapters is required")?;
    if chapters == 0 {
        return Err("--chapters must be at least 1".into());
    }
    Ok(Args {
        chapters,
        out: out.ok_or("--out is required")?,
        format,
        seed,
    })
}

/// Empties `dir` if it is a previous output of this generator (or empty); refuses otherwise.
fn prepare_out(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty && !dir.join(MARKER).exists() {
            return Err(format!(
                "{} exists and was not written by gen-course; choose another --out",
                dir.display()
            ));
        }
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn run(args: &Args) -> Result<usize, String> {
    prepare_out(&args.out)?;
    let files = files(args.seed, args.chapters, args.format);
    let mut bytes = 0;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|(p, _)| p.parent().map(|d| args.out.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        std::fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    for (path, text) in &files {
        let dest = args.out.join(path);
        std::fs::write(&dest, text).map_err(|e| format!("{}: {e}", dest.display()))?;
        bytes += text.len();
    }
    std::fs::write(
        args.out.join(MARKER),
        format!(
            "Written by gen-course (--chapters {} --seed {}); it replaces this folder whole.\n",
            args.chapters, args.seed
        ),
    )
    .map_err(|e| format!("{}: {e}", args.out.display()))?;
    Ok(bytes)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match run(&args) {
        Ok(bytes) => {
            eprintln!(
                "Wrote {} chapters ({:.1} MB) into {}",
                args.chapters,
                bytes as f64 / 1e6,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

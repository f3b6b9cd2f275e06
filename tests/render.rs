//! The render stage on in-memory books: no files are read, so each element can be checked in
//! isolation. Fragments are compared as snapshots (cargo insta review to update).

use std::path::{Path, PathBuf};

use lectern::config::Config;
use lectern::content::model::{FrontMatter, QuestionsFile};
use lectern::content::{Book, Chapter, ChapterQuestions, TocEntry, TocPart};
use lectern::diag::Diagnostic;
use lectern::render::{render_book_pages, ChapterPage, QuestionView, RenderedBook, Widgets};

/// Renders a self-check as a compact line, so snapshots show the data the theme receives.
struct Plain;
impl Widgets for Plain {
    fn self_check(&self, q: &QuestionView, _root: &str) -> Result<String, Diagnostic> {
        let opts: Vec<String> = q
            .options
            .iter()
            .map(|o| format!("{}{}", if o.correct { "+" } else { "-" }, o.html))
            .collect();
        Ok(format!(
            "<widget id=\"{}\" kind=\"{}\" key=\"{}\">{}</widget>\n",
            q.id,
            q.kind,
            q.key,
            opts.join(" | ")
        ))
    }
}

fn chapter(id: &str, front: &str, body: &str, questions: Option<&str>) -> Chapter {
    let front: FrontMatter = serde_saphyr::from_str(front).unwrap();
    let questions = questions.map(|q| ChapterQuestions {
        file: PathBuf::from(format!("content/{id}.questions.yaml")),
        text: q.to_string(),
        data: serde_saphyr::from_str::<QuestionsFile>(q).unwrap(),
    });
    let questions = questions.map(std::sync::Arc::new);
    Chapter {
        id: id.into(),
        file: PathBuf::from(format!("content/{id}.md")),
        number: Some("1".into()),
        depth: 0,
        part: 0,
        front,
        body: body.into(),
        body_line_offset: 3,
        questions,
        expansion: Default::default(),
        untranslated: false,
        questions_untranslated: false,
    }
}

fn book(chapters: Vec<Chapter>) -> Book {
    let config = Config::from_str(Path::new("/book"), "[book]\ntitle = \"Test\"\n").unwrap();
    let toc = vec![TocPart {
        title: None,
        entries: (0..chapters.len())
            .map(|i| TocEntry {
                title: chapters[i].front.title.clone(),
                chapter: Some(i),
                number: None,
                children: vec![],
            })
            .collect(),
    }];
    Book {
        config,
        chapters,
        toc,
        assets: vec![PathBuf::from("img/a.svg")],
        left_out_drafts: vec![],
        fallback_files: Default::default(),
        missing_chapters: vec![],
    }
}

/// The whole-book data and the chapter pages of a render.
struct Out {
    book: RenderedBook,
    chapters: Vec<ChapterPage>,
}

fn render_of(b: &Book) -> Out {
    let (book, chapters) = render_book_pages(b, &Plain);
    Out { book, chapters }
}

fn render(chapters: Vec<Chapter>) -> Out {
    render_of(&book(chapters))
}

#[test]
fn prose_elements() {
    let body = r#"## Heap
Text with `code`, ~~old~~ and a footnote.[^1]

## Heap

| A | B |
|---|---|
| 1 | 2 |

- [x] done
- [ ] open

> [!WARNING]
> Careful.

![Diagram](img/a.svg)

See [the other chapter](b.md#top-part).

```ts
const a: number = 1;
```

```text
plain <b>
```

[^1]: The note.
"#;
    let out = render(vec![
        chapter("a", "title: A", body, None),
        chapter("b", "title: B", "## Top part\n", None),
    ]);
    assert!(out.book.diags.is_empty(), "{:?}", out.book.diags);
    insta::assert_snapshot!(out.chapters[0].chapter.content_html);
    let headings: Vec<_> = out.chapters[0]
        .chapter
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(headings, ["heap", "heap-1"]);
}

#[test]
fn inline_self_check_becomes_a_widget() {
    let body = "Para.\n\n```self-check\nprompt: Which?\noptions:\n  - text: '`a`'\n    correct: true\n    explanation: yes\n  - text: b\n    explanation: no\n```\n";
    let out = render(vec![chapter("a", "title: A", body, None)]);
    assert!(out.book.diags.is_empty(), "{:?}", out.book.diags);
    insta::assert_snapshot!(out.chapters[0].chapter.content_html, @r#"
    <p>Para.</p>
    <widget id="self-check-1" kind="single" key="a#self-check:1">+<code>a</code> | -b</widget>
    "#);
}

#[test]
fn unknown_code_language_warns_and_escapes() {
    let out = render(vec![chapter(
        "a",
        "title: A",
        "```klingon\n<x>\n```\n",
        None,
    )]);
    assert_eq!(out.book.diags.len(), 1);
    assert_eq!(out.book.diags[0].location(), "content/a.md:4:1");
    assert!(out.chapters[0].chapter.content_html.contains("&lt;x&gt;"));
}

#[test]
fn raw_html_can_be_forbidden() {
    let mut b = book(vec![chapter(
        "a",
        "title: A",
        "<script>x()</script>\n\nHi <b>there</b>\n",
        None,
    )]);
    let allowed = render_of(&b).chapters[0].chapter.content_html.clone();
    assert!(allowed.contains("<script>"));
    b.config.allow_raw_html = false;
    let forbidden = render_of(&b).chapters[0].chapter.content_html.clone();
    assert!(
        !forbidden.contains("<script>") && !forbidden.contains("<b>"),
        "{forbidden}"
    );
    assert!(forbidden.contains("&lt;script&gt;"));
}

const QUESTIONS: &str = r#"
knowledge_check:
  - id: mw
    difficulty: easy
    type: true_false
    prompt: Middleware calls `next()`.
    answer: true
    explanation: It passes control on.
  - difficulty: medium
    type: multiple
    shuffle: true
    prompt: Leak sources?
    options:
      - text: Unbounded `Map`
        correct: true
        explanation: Grows forever.
      - text: Local variables
        explanation: Die young.
  - difficulty: hard
    type: short_answer
    prompt: Flag?
    accepted: ["--Max-Old-Space-Size "]
interview:
  - question: What is a **leak**?
    difficulty: medium
    companies: [Acme]
    tags: [memory]
    answer: |
      Reachable but unused.
    covers: [Reachability]
    follow_ups:
      - question: How to confirm?
        answer: Two snapshots.
      - question: Why LRU?
    red_flag: GC makes leaks impossible.
    sources:
      - title: Docs
        url: https://nodejs.org/
    self_check:
      prompt: Pick
      options:
        - text: a
          correct: true
          explanation: x
        - text: b
          explanation: y
"#;

#[test]
fn questions_become_views_with_keys_versions_and_sections() {
    let out = render(vec![chapter(
        "rt/heap",
        "title: Heap\nobjectives: [Explain *reachability*]",
        "Prose.\n",
        Some(QUESTIONS),
    )]);
    assert!(out.book.diags.is_empty(), "{:?}", out.book.diags);
    let c = &out.chapters[0].chapter;
    let sections: Vec<_> = c
        .sections
        .iter()
        .map(|s| format!("{} {}", s.number, s.title))
        .collect();
    assert_eq!(
        sections,
        [
            "01 Learning objectives",
            "02 Knowledge check",
            "03 Interview questions"
        ]
    );
    assert_eq!(c.objectives[0].html, "Explain <em>reachability</em>");
    let kc = &c.knowledge_check;
    assert_eq!(
        (
            kc[0].key.as_str(),
            kc[0].number.as_str(),
            kc[0].kind.as_str()
        ),
        ("rt/heap#check:mw", "01", "true_false")
    );
    assert_eq!(
        kc[0]
            .options
            .iter()
            .map(|o| (o.html.as_str(), o.correct))
            .collect::<Vec<_>>(),
        [("True", true), ("False", false)]
    );
    assert_eq!(kc[1].key, "rt/heap#check:2");
    assert!(kc[1].shuffle);
    assert_eq!(kc[1].options[0].html, "Unbounded <code>Map</code>");
    assert_eq!(kc[2].accepted, ["--max-old-space-size"]);
    assert_eq!(kc[0].version.len(), 8);
    let card = &c.interview[0];
    assert_eq!(card.id, "q-what-is-a-leak");
    assert_eq!(card.question_html, "What is a <strong>leak</strong>?");
    assert_eq!(card.follow_ups[1].answer_html, "");
    assert_eq!(
        card.self_check.as_ref().unwrap().id,
        "q-what-is-a-leak-check"
    );
    let (questions, facets) = out.book.browse();
    assert_eq!(questions[0].url, "rt/heap.html#q-what-is-a-leak");
    assert_eq!(facets.companies, ["Acme"]);
    assert!(out.book.book_data_js.starts_with("window.LECTERN_BOOK = {"));
}

#[test]
fn absent_parts_close_up_the_numbering() {
    let q = "interview:\n  - question: Q?\n    difficulty: easy\n    answer: A\n";
    let out = render(vec![chapter("a", "title: A", "x\n", Some(q))]);
    let sections: Vec<_> = out.chapters[0]
        .chapter
        .sections
        .iter()
        .map(|s| format!("{} {}", s.number, s.id))
        .collect();
    assert_eq!(sections, ["01 interview-questions"]);
}

#[test]
fn versions_change_with_content_not_explanations() {
    let v = |yaml: &str| {
        render(vec![chapter("a", "title: A", "x\n", Some(yaml))]).chapters[0]
            .chapter
            .knowledge_check[0]
            .version
            .clone()
    };
    let base = "knowledge_check:\n  - difficulty: easy\n    type: true_false\n    prompt: P\n    answer: true\n    explanation: E\n";
    assert_eq!(
        v(base),
        v(&base.replace("explanation: E", "explanation: Other words"))
    );
    assert_ne!(v(base), v(&base.replace("answer: true", "answer: false")));
    assert_ne!(v(base), v(&base.replace("prompt: P", "prompt: Q")));
}

/// Lectern's own ids (a card's documented anchor, objectives, questions and their parts, the
/// prose's self-checks) stay theirs whatever the headings above them say: a heading whose slug
/// matches one gets a suffix instead of pushing the element's id to `-1`.
#[test]
fn heading_slugs_never_take_the_ids_of_lecterns_own_elements() {
    let body = "## Q: event loop phases\n\n## Self-check 1\n\n## Objective 1\n\n## Check 1 a\n\n## Check 1 prompt\n\n```self-check\nprompt: Which?\noptions:\n  - text: a\n    correct: true\n    explanation: yes\n  - text: b\n    explanation: no\n```\n";
    let questions = "knowledge_check:\n  - difficulty: easy\n    type: single\n    prompt: Which?\n    options:\n      - text: a\n        correct: true\n        explanation: yes\n      - text: b\n        explanation: no\ninterview:\n  - id: event-loop-phases\n    question: What are the phases of the event loop?\n    difficulty: easy\n    answer: Timers, poll, check.\n";
    let out = render(vec![chapter(
        "a",
        "title: A\nobjectives: [Explain the phases]",
        body,
        Some(questions),
    )]);
    assert!(out.book.diags.is_empty(), "{:?}", out.book.diags);
    let c = &out.chapters[0].chapter;
    let headings: Vec<_> = c.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        headings,
        [
            "q-event-loop-phases-1",
            "self-check-1-1",
            "objective-1-1",
            "check-1-a-1",
            "check-1-prompt-1"
        ]
    );
    assert_eq!(c.interview[0].id, "q-event-loop-phases");
    assert_eq!(c.objectives[0].id, "objective-1");
    assert_eq!(c.knowledge_check[0].id, "check-1");
    assert!(
        c.content_html.contains("<widget id=\"self-check-1\""),
        "{}",
        c.content_html
    );
}

/// A chapter whose file name has a `:` (`a:b.md`) is linked as `./a:b.html`: written bare,
/// the browser would read `a:` as a URL scheme.
#[test]
fn a_colon_in_a_chapter_name_never_reads_as_a_url_scheme() {
    let out = render(vec![
        chapter(
            "one",
            "title: One",
            "See [ab](a:b.md), [its part](a:b.md#part) and [elsewhere](mailto:x@example.com).\n",
            None,
        ),
        chapter("a:b", "title: AB", "## Part\n", None),
    ]);
    assert!(out.book.diags.is_empty(), "{:?}", out.book.diags);
    let html = &out.chapters[0].chapter.content_html;
    assert!(html.contains("href=\"./a:b.html\""), "{html}");
    assert!(html.contains("href=\"./a:b.html#part\""), "{html}");
    assert!(html.contains("href=\"mailto:x@example.com\""), "{html}");
    assert_eq!(out.chapters[0].next.as_ref().unwrap().url, "./a:b.html");
    assert_eq!(out.chapters[1].chapter.url, "./a:b.html");
    assert_eq!(out.book.toc[0].chapters[1].url, "./a:b.html");
    assert!(out.book.book_data_js.contains("\"url\":\"./a:b.html\""));
    // A `.md` target with a scheme-like prefix can only be meant as a chapter.
    let out = render(vec![chapter(
        "one",
        "title: One",
        "See [gc](gc:intro.md).\n",
        None,
    )]);
    let messages: Vec<_> = out.book.diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["the link target `gc:intro.md` is not a chapter of the book"]
    );
}

/// A footnote's id is `fn-<label>`, unique on the page like every other id: as the bare label
/// (the parser's own HTML), `[^main]` took the page layout's `#main`.
#[test]
fn footnotes_have_ids_of_their_own() {
    let body =
        "Text.[^main] More.[^Main] And[^2].\n\n## Fn main\n\n[^main]: The note.\n[^2]: Two.\n";
    let questions = "interview:\n  - id: c\n    question: Why?\n    difficulty: easy\n    answer: \"Because.[^main]\\n\\n[^main]: The card's note.\"\n";
    let out = render(vec![chapter("a", "title: A", body, Some(questions))]);
    assert!(out.book.diags.is_empty(), "{:?}", out.book.diags);
    let c = &out.chapters[0].chapter;
    let html = &c.content_html;
    assert!(!html.contains("id=\"main\""), "{html}");
    assert!(
        html.contains("<sup class=\"footnote-reference\" id=\"fn-main-ref\"><a href=\"#fn-main\">1</a></sup> More.<sup class=\"footnote-reference\" id=\"fn-main-ref-1\"><a href=\"#fn-main\">1</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#fn-2\">2</a>"), "{html}");
    assert!(html.contains("<li id=\"fn-main\" value=\"1\">"), "{html}");
    assert!(html.contains("<li id=\"fn-2\" value=\"2\">"), "{html}");
    // The heading's slug is `fn-main` too: the footnote keeps its id.
    assert_eq!(c.headings[0].id, "fn-main-1");
    // The card's footnote gets another id than the prose's.
    let answer = &c.interview[0].answer_html;
    assert!(answer.contains("href=\"#fn-main-2\""), "{answer}");
    assert!(answer.contains("id=\"fn-main-2\""), "{answer}");
}

/// What is inside a heading is rendered by the same rules as any other text: images and links
/// are checked, footnotes get their ids. (Links themselves are dropped: they would nest inside
/// the heading's self-link.) Its id is made from the text mdBook sees: not the image's alt, but
/// the footnote's number.
#[test]
fn headings_follow_the_same_rules_as_any_text() {
    let body = "## See ![logo](missing.png) and [b](b.md) and [gone](gone.md)[^n]\n\n[^n]: Note.\n";
    let out = render(vec![
        chapter("a", "title: A", body, None),
        chapter("b", "title: B", "B.\n", None),
    ]);
    let messages: Vec<_> = out
        .book
        .diags
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "content/a.md:4:8 the image `missing.png` does not exist",
            "content/a.md:4:47 the link target `gone.md` is not a chapter of the book"
        ]
    );
    let html = &out.chapters[0].chapter.content_html;
    assert!(
        html.starts_with("<h2 id=\"see--and-b-and-gone1\"><a class=\"heading-link\" href=\"#see--and-b-and-gone1\">See <img src=\"missing.png\" alt=\"logo\" /> and b and gone<sup class=\"footnote-reference\" id=\"fn-n-ref\"><a href=\"#fn-n\">1</a></sup></a></h2>"),
        "{html}"
    );
}

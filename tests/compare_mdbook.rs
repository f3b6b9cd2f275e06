//! `scripts/compare-mdbook`, the measure of how faithfully Lectern builds mdBook books, on two
//! hand-made sites: pairing pages, taking the visible text only and scoring it must be right,
//! or every figure it prints is wrong.

use std::process::Command;

#[test]
fn pages_are_paired_and_their_visible_text_compared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(dir.join("scripts/compare-mdbook"))
        .arg("--pages")
        .arg(dir.join("tests/fixtures/compare/mdbook"))
        .arg(dir.join("tests/fixtures/compare/lectern"))
        .args(["--min", "98"])
        .output()
        .expect("python3 runs the script (the test suite needs python3)");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    // Worst first: a page Lectern did not make, then a partial match, then a full one.
    assert_eq!(
        lines[0], "  0.0% ch/three.html no such page from Lectern",
        "{text}"
    );
    // "Two alpha beta" against "Two alpha beta gamma delta": 2·3 of 3+5 words in common.
    assert_eq!(lines[1], " 75.0% ch/two.html", "{text}");
    // Sidebar, scripts, the chapter number, hidden lines and their checkbox are not compared.
    // The same text, but a heading id mdBook gave that Lectern's page lacks: a link written
    // into the book to `#x--y` would land nowhere.
    assert_eq!(
        lines[2], "100.0% ch/one.html heading ids missing: #x--y",
        "{text}"
    );
    assert_eq!(
        lines[3], "pages 3, at least 98%: 1, at least 95%: 1",
        "{text}"
    );
    assert_eq!(lines[4], "heading ids: 2 of 3 found", "{text}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "--min 98 fails with pages below: {text}"
    );
}

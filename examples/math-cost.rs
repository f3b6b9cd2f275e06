//! The cost of math rendering (BENCHMARKS.md, "Math at build time"): a book of 10 chapters with
//! 100 formulas each (1,000 formulas: inline and display, fractions, sums, matrices, aligned
//! equations, cases, `\text`, `\operatorname`, Greek, accents) built with math on and with the
//! same Markdown built as text (`math = false`), and the converter alone on the same 1,000
//! formulas.
//!
//! ```sh
//! cargo run --release --example math-cost [-- RUNS]
//! ```
//!
//! Each figure is the median of RUNS (default 15) runs after one warm-up, in one process; the
//! two builds take turns.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lectern::render::math::{render, Display};

/// Ten formulas of the kinds a course has, cycled (`{i}` varies each copy a little).
const FORMULAS: [(&str, bool); 10] = [
    ("\\frac{a_{i}+b}{c-d}", false),
    ("\\sum_{k=1}^{n} k^{i} = \\frac{n(n+1)}{2}", true),
    (
        "\\begin{pmatrix} \\cos\\theta & -\\sin\\theta \\\\ \\sin\\theta & \\cos\\theta \\end{pmatrix}",
        true,
    ),
    (
        "\\begin{aligned} (a+b)^2 &= (a+b)(a+b) \\\\ &= a^2 + 2ab + b^{i} \\end{aligned}",
        true,
    ),
    (
        "|x| = \\begin{cases} x & \\text{if } x \\ge {i} \\\\ -x & \\text{otherwise} \\end{cases}",
        true,
    ),
    ("\\operatorname{argmax}_{\\theta} \\mathcal{L}(\\theta_{i})", false),
    ("\\alpha + \\beta_{i} = \\Gamma(\\sigma)", false),
    ("\\hat{x} + \\bar{y}_{i} + \\vec{v}", false),
    ("\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}", true),
    ("\\lim_{x \\to {i}} \\frac{\\sin x}{x} = 1", false),
];

fn formulas(n: usize) -> Vec<(String, bool)> {
    (0..n)
        .map(|i| {
            let (tex, display) = FORMULAS[i % FORMULAS.len()];
            (tex.replace("{i}", &format!("{{{}}}", i % 97)), display)
        })
        .collect()
}

/// Chapter `n`: a sentence or a display block for each formula, a heading every ten.
fn chapter(n: usize, all: &[(String, bool)]) -> String {
    let mut md = format!("---\ntitle: Chapter {n}\n---\n\n# Chapter {n}\n\n");
    for (i, (tex, display)) in all.iter().enumerate() {
        if i % 10 == 0 {
            md.push_str(&format!("## Section {i}\n\n"));
        }
        if *display {
            md.push_str(&format!("Then:\n\n$$\n{tex}\n$$\n\n"));
        } else {
            md.push_str(&format!(
                "A sentence with the formula ${tex}$ in the middle of it.\n\n"
            ));
        }
    }
    md
}

fn write_book(dir: &Path, math: bool, all: &[(String, bool)]) {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!("[book]\ntitle = \"Math cost\"\n[output.html]\nmath = {math}\n"),
    )
    .unwrap();
    let mut summary = String::from("# Math cost\n\n");
    for (c, part) in all.chunks(100).enumerate() {
        summary.push_str(&format!("- [Chapter {c}](c{c}.md)\n"));
        std::fs::write(content.join(format!("c{c}.md")), chapter(c, part)).unwrap();
    }
    std::fs::write(content.join("SUMMARY.md"), summary).unwrap();
}

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

/// One build of the book at `dir` into a fresh `site/`, in ms.
fn build_once(dir: &Path) -> f64 {
    let dest = dir.join("site");
    let _ = std::fs::remove_dir_all(&dest);
    let options = lectern::BuildOptions {
        dest: Some(dest),
        ..Default::default()
    };
    let t = Instant::now();
    if let Err(d) = lectern::build(dir, &options) {
        eprintln!("{}", d.render_all(dir));
        std::process::exit(1);
    }
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() -> ExitCode {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(15);
    let all = formulas(1000);

    // The converter alone, one thread.
    let mut convert = Vec::new();
    for run in 0..=runs {
        let t = Instant::now();
        let mut bytes = 0;
        for (tex, display) in &all {
            let d = if *display {
                Display::Block
            } else {
                Display::Inline
            };
            match render(tex, d) {
                Ok(html) => bytes += html.len(),
                Err(e) => {
                    eprintln!("{tex}: {}", e.message);
                    return ExitCode::FAILURE;
                }
            }
        }
        std::hint::black_box(bytes);
        if run > 0 {
            convert.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }

    let tmp = std::env::temp_dir().join(format!("lectern-math-cost-{}", std::process::id()));
    let with = tmp.join("with");
    let without = tmp.join("without");
    write_book(&with, true, &all);
    write_book(&without, false, &all);
    // Interleaved (math on, then off, then on, …) after one warm-up of each, so that the load
    // of a shared machine falls on both alike.
    build_once(&with);
    build_once(&without);
    let (mut on, mut off) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        on.push(build_once(&with));
        off.push(build_once(&without));
    }
    let (on, off) = (median(on), median(off));
    let _ = std::fs::remove_dir_all(&tmp);

    println!("1,000 formulas, median of {runs} runs:");
    let alone = median(convert);
    println!("  converter alone (math::render, 1 thread): {alone:.1} ms ({alone:.1} µs a formula)");
    println!("  build, 10 chapters, math on:  {on:.1} ms");
    println!("  build, same Markdown as text: {off:.1} ms");
    println!("  cost of the math in the build: {:.1} ms", on - off);
    ExitCode::SUCCESS
}

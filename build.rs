// The default theme is embedded with include_dir!, which cargo does not track by itself:
// rebuild when any theme file changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    for entry in walk("themes/default") {
        println!("cargo:rerun-if-changed={entry}");
    }
}

fn walk(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path().to_string_lossy().into_owned();
            if e.path().is_dir() {
                out.extend(walk(&path));
            }
            out.push(path);
        }
    }
    out
}

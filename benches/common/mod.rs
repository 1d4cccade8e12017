//! What the benchmarks share: the generated module and the peak memory of this process.

use std::fmt::Write as _;

/// A generated module: three pages with a list and a table, three questions, a reflection.
pub fn module_text(i: usize) -> String {
    let mut text = format!(
        "+++\nid = \"m{i}\"\ntitle = \"Module {i}\"\nobjectives = [\"Comprendre la partie {i}\"]\nduration_minutes = 20\n+++\n\n"
    );
    for page in 1..=3 {
        let _ = write!(
            text,
            "# Page {page}\n\nUn paragraphe avec du **gras**, de l'*italique* et [un lien](https://example.org/{i}).\n\n- un point\n- un autre point\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n"
        );
        let _ = write!(
            text,
            "```question\nid = \"q{page}\"\nkind = \"single\"\nprompt = \"Question {page} ?\"\nfeedback = \"Parce que.\"\n[[choices]]\nid = \"a\"\ntext = \"Oui\"\ncorrect = true\n[[choices]]\nid = \"b\"\ntext = \"Non\"\nfeedback = \"Non.\"\n```\n\n"
        );
    }
    text.push_str("```reflection\nid = \"r\"\nprompt = \"Et vous ?\"\n```\n");
    text
}

/// The peak resident memory of this process (VmHWM), in KiB.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap().parse().unwrap())
        })
        .unwrap_or(0)
}

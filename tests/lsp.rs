//! `campus lsp` driven over stdio with real JSON-RPC messages, as an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value as Json};

/// A module with two mistakes: an image that does not exist (after non-ASCII text, so UTF-8 and
/// UTF-16 columns differ) and a misspelt question kind.
const MODULE: &str = r#"+++
id = "m"
title = "Module"
objectives = ["Comprendre"]
duration_minutes = 10
+++

# Page

Un schéma : ![Schéma](images/pagse.svg)

```question
id = "q1"
kind = "singel"
prompt = "Quelle réponse ?"
[[choices]]
id = "a"
text = "A"
correct = true
[[choices]]
id = "b"
text = "B"
```
"#;

/// A path folder holding one scaffolded course whose only module is `01-m.md`.
fn course(dir: &Path) -> PathBuf {
    std::fs::write(
        dir.join("path.toml"),
        "id = \"test\"\ntitle = \"Test\"\npublisher = \"Campus\"\nbase_iri = \"https://campus.example.org/a\"\ncourses = [\"demo\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_campus")).args(["new", "demo", "-q"]).current_dir(dir).output().unwrap();
    assert!(out.status.success());
    let toml = std::fs::read_to_string(dir.join("demo/course.toml")).unwrap();
    let toml: Vec<String> = toml
        .lines()
        .map(|l| if l.starts_with("modules = ") { "modules = [\"01-m.md\"]".into() } else { l.to_string() })
        .collect();
    std::fs::write(dir.join("demo/course.toml"), toml.join("\n")).unwrap();
    // On disk, the module is already right: the editor's buffer is what is checked.
    std::fs::write(dir.join("demo/01-m.md"), MODULE.replace("singel", "single").replace("pagse", "pages")).unwrap();
    dir.join("demo/01-m.md")
}

fn uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    format!("file://{}", path.display())
}

/// A client: messages written to the server's stdin, messages read on a thread from its stdout.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Json>,
    next_id: i64,
}

impl Client {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_campus"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("campus lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = channel();
        std::thread::spawn(move || loop {
            let mut length = 0;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                if header.trim().is_empty() {
                    break;
                }
                if let Some(value) = header.trim().strip_prefix("Content-Length: ") {
                    length = value.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            stdout.read_exact(&mut body).unwrap();
            if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        Self { child, stdin, messages, next_id: 0 }
    }

    fn send(&mut self, message: &Json) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message; a server that says nothing for a minute fails the test.
    fn receive(&self) -> Json {
        self.messages.recv_timeout(Duration::from_secs(60)).expect("the server answers")
    }

    fn notify(&mut self, method: &str, params: &Json) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result, skipping notifications.
    fn request(&mut self, method: &str, params: &Json) -> Json {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Json> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn initialize(&mut self, encodings: &[&str]) -> Json {
        let params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": { "general": { "positionEncodings": encodings } },
        });
        let result = self.request("initialize", &params);
        self.notify("initialized", &json!({}));
        result
    }

    fn open(&mut self, uri: &str, text: &str) {
        let document = json!({ "uri": uri, "languageId": "markdown", "version": 1, "text": text });
        self.notify("textDocument/didOpen", &json!({ "textDocument": document }));
    }

    fn stop(mut self) {
        self.request("shutdown", &Json::Null);
        self.notify("exit", &Json::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

/// A server, initialised with the encodings offered, with the module open in an unsaved buffer
/// holding [`MODULE`]; the folder, the module's URI and what `initialize` answered.
fn open_module(encodings: &[&str]) -> (tempfile::TempDir, String, Client, Json) {
    let dir = tempfile::tempdir().unwrap();
    let module = uri(&course(dir.path()));
    let mut client = Client::start();
    let result = client.initialize(encodings);
    client.open(&module, MODULE);
    (dir, module, client, result)
}

fn range(diagnostic: &Json) -> (u64, u64, u64) {
    let range = &diagnostic["range"];
    assert_eq!(range["start"]["line"], range["end"]["line"]);
    let n = |v: &Json| v.as_u64().unwrap();
    (n(&range["start"]["line"]), n(&range["start"]["character"]), n(&range["end"]["character"]))
}

fn codes(diagnostics: &[Json]) -> Vec<&str> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn diagnostics_follow_the_unsaved_buffer() {
    let (_dir, module, mut client, result) = open_module(&["utf-8", "utf-16"]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(result["serverInfo"]["name"], "campus");
    let found = client.diagnostics(&module);
    assert_eq!(codes(&found), ["E031", "E014"], "{found:#?}");
    // `images/pagse.svg` after "Un schéma : ![Schéma](": 24 bytes.
    assert_eq!(range(&found[0]), (9, 13, 41));
    assert_eq!(range(&found[1]), (13, 7, 15));
    assert_eq!(found[1]["severity"], 1);
    assert!(found[1]["message"].as_str().unwrap().contains("single"));

    // The quick fix of the "did you mean".
    let params = json!({
        "textDocument": { "uri": module },
        "range": found[1]["range"],
        "context": { "diagnostics": [found[1]] },
    });
    let actions = client.request("textDocument/codeAction", &params);
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    let edits = &action["edit"]["changes"][&module];
    // The rules' own fix: the whole span, quotes included.
    assert_eq!(edits[0]["newText"], "\"single\"");
    assert_eq!(range(&edits[0]), (13, 7, 15));

    // One mistake fixed in the buffer: one diagnostic left.
    let fixed = MODULE.replace("singel", "single");
    let change = json!({
        "textDocument": { "uri": module, "version": 2 },
        "contentChanges": [{ "text": fixed }],
    });
    client.notify("textDocument/didChange", &change);
    let found = client.diagnostics(&module);
    assert_eq!(codes(&found), ["E031"]);

    // Both fixed: the module's diagnostics are cleared.
    let change = json!({
        "textDocument": { "uri": module, "version": 3 },
        "contentChanges": [{ "text": fixed.replace("pagse", "pages") }],
    });
    client.notify("textDocument/didChange", &change);
    assert!(client.diagnostics(&module).is_empty());
    client.stop();
}

#[test]
fn columns_are_utf16_when_the_client_offers_nothing_else() {
    let (_dir, module, client, result) = open_module(&[]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    let found = client.diagnostics(&module);
    assert_eq!(range(&found[0]), (9, 12, 39));
    client.stop();
}

#[test]
fn completion_and_hover_come_from_the_schemas() {
    let (_dir, module, mut client, _) = open_module(&["utf-8"]);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": module }, "position": { "line": line, "character": character } });
    let labels = |items: &Json| -> Vec<String> {
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };

    // After the backticks of a fence: the learning blocks.
    let kinds = client.request("textDocument/completion", &at(11, 3));
    assert!(labels(&kinds).contains(&"question".to_string()), "{kinds}");
    assert!(labels(&kinds).contains(&"diagnostic".to_string()));
    // At a key of the question: its keys, documented.
    let keys = client.request("textDocument/completion", &at(14, 0));
    let prompt = keys.as_array().unwrap().iter().find(|i| i["label"] == "prompt").expect("prompt is offered");
    assert!(prompt["documentation"]["value"].as_str().unwrap().len() > 5);
    assert!(labels(&keys).contains(&"choices".to_string()));
    assert!(!labels(&keys).contains(&"kind".to_string()), "`kind` is already written");
    // In a [[choices]] table: a choice's keys.
    let choice = client.request("textDocument/completion", &at(18, 0));
    assert!(labels(&choice).contains(&"correct".to_string()), "{choice}");
    // In the front matter: the module's keys not written yet (the one under the cursor counts as not).
    let front = client.request("textDocument/completion", &at(2, 0));
    assert!(labels(&front).contains(&"assessed".to_string()), "{front}");
    assert!(labels(&front).contains(&"title".to_string()));
    assert!(!labels(&front).contains(&"duration_minutes".to_string()));
    // After `kind = `: the kinds of question.
    let values = client.request("textDocument/completion", &at(13, 7));
    let fill_in = values.as_array().unwrap().iter().find(|i| i["label"] == "fill-in").expect("fill-in is offered");
    assert_eq!(fill_in["insertText"], "\"fill-in\"");
    // Inside the quotes already typed: the word alone.
    let values = client.request("textDocument/completion", &at(13, 8));
    let fill_in = values.as_array().unwrap().iter().find(|i| i["label"] == "fill-in").expect("fill-in is offered");
    assert_eq!(fill_in["insertText"], "fill-in");

    let hover = client.request("textDocument/hover", &at(13, 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**kind**"), "{text}");
    let hover = client.request("textDocument/hover", &at(11, 5));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("question"));

    // A request it cannot read is answered with an error, and the server goes on.
    client.send(&json!({ "jsonrpc": "2.0", "id": "bad", "method": "textDocument/hover", "params": { "x": 1 } }));
    let answer = loop {
        let message = client.receive();
        if message["id"] == "bad" {
            break message;
        }
    };
    assert!(answer["error"]["message"].is_string(), "{answer}");
    assert!(client.request("textDocument/hover", &at(13, 1)).is_object());
    client.stop();
}

#[test]
fn path_toml_is_checked_from_its_buffer_too() {
    let (dir, _module, mut client, _) = open_module(&["utf-8"]);
    let path_toml = uri(&dir.path().join("path.toml"));
    let text = std::fs::read_to_string(dir.path().join("path.toml")).unwrap().replace("title =", "titel =");
    client.open(&path_toml, &text);
    let found = client.diagnostics(&path_toml);
    let unknown = found.iter().find(|d| d["code"] == "E011").expect("the misspelt key is reported");
    assert_eq!(range(unknown), (1, 0, 5));
    assert_eq!(unknown["data"]["replace"], "title");
    // Saved as it was on disk, then closed: the disk's text is checked, and it is right.
    client.notify("textDocument/didClose", &json!({ "textDocument": { "uri": path_toml } }));
    assert!(client.diagnostics(&path_toml).is_empty());
    client.stop();
}

#[test]
fn a_course_the_path_does_not_list_is_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let module = uri(&course(dir.path()));
    let path_toml = dir.path().join("path.toml");
    let text = std::fs::read_to_string(&path_toml).unwrap().replace("courses = [\"demo\"]", "courses = [\"autre\"]");
    std::fs::write(&path_toml, text).unwrap();
    let mut client = Client::start();
    client.initialize(&["utf-8"]);
    client.open(&module, MODULE);
    assert_eq!(codes(&client.diagnostics(&module)), ["E031", "E014"]);
    client.stop();
}

#[test]
fn a_right_file_gets_an_empty_list_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let module = uri(&course(dir.path()));
    let mut client = Client::start();
    client.initialize(&["utf-8"]);
    client.open(&module, &std::fs::read_to_string(dir.path().join("demo/01-m.md")).unwrap());
    assert!(client.diagnostics(&module).is_empty());
    client.stop();
}

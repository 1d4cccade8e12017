//! `campus lsp`: a language server over stdin and stdout for any editor that speaks LSP.
//!
//! It checks the open course with the validator itself: the loader reads the editor's unsaved
//! buffers laid over the disk (an [`Overlay`]), so what the author types is checked as `campus
//! validate` would check it once saved, `path.toml` and every module of the course included.
//! Completion and hover come from the JSON Schemas (`help`), quick fixes from the diagnostics'
//! "did you mean" hints. Columns are UTF-8 bytes when the client offers them (LSP 3.17's
//! `positionEncoding`), else UTF-16 code units (`text`).
//!
//! It is synchronous: one message at a time, in order. A check of a whole path takes a few
//! milliseconds, so there is nothing to run concurrently and no async runtime to carry.

mod help;
mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, Completion, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MarkupContent, MarkupKind, NumberOrString,
    PositionEncodingKind, PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{json, Value as Json};

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Severity};
use crate::load::{load_from, Entry, Overlay, SourceProvider};
use text::Encoding;

/// Serves one client on stdin and stdout until it asks to exit.
pub fn serve_stdio() -> anyhow::Result<()> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// The initialisation handshake, then every message until `shutdown`.
pub fn serve(connection: &Connection) -> anyhow::Result<()> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let offered = params.capabilities.general.and_then(|g| g.position_encodings).unwrap_or_default();
    let encoding = if offered.contains(&PositionEncodingKind::UTF8) { Encoding::Utf8 } else { Encoding::Utf16 };
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo { name: "campus".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server {
        connection,
        encoding,
        documents: HashMap::new(),
        uris: HashMap::new(),
        overlay: Overlay::new(),
        published: HashMap::new(),
    };
    for message in &connection.receiver {
        if let Message::Request(request) = &message {
            if connection.handle_shutdown(request)? {
                return Ok(());
            }
        }
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        // A message the server cannot handle (bad parameters, or a bug) is answered or logged,
        // and the server goes on: the editor keeps its diagnostics for the next change.
        let problem = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.handle(message))) {
            Ok(Ok(())) => continue,
            Ok(Err(error)) => format!("{error:#}"),
            Err(_) => "campus lsp failed on this message (a bug: please report it)".to_string(),
        };
        match id {
            Some(id) => server.send(Response::new_err(id, lsp_server::ErrorCode::InternalError as i32, problem))?,
            None => server.log(problem)?,
        }
    }
    Ok(())
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["`".into(), "\"".into(), "[".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    }
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    /// The open documents' texts, by path.
    documents: HashMap<PathBuf, String>,
    /// The URIs the editor names the open documents by.
    uris: HashMap<PathBuf, Uri>,
    /// The same texts, as the loader reads them.
    overlay: Overlay,
    /// For each checked root, the files that have diagnostics shown (to clear them when fixed).
    published: HashMap<PathBuf, BTreeSet<PathBuf>>,
}

impl Server<'_> {
    fn send(&self, message: impl Into<Message>) -> anyhow::Result<()> {
        self.connection.sender.send(message.into())?;
        Ok(())
    }

    fn handle(&mut self, message: Message) -> anyhow::Result<()> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => self.notification(&notification),
            Message::Response(_) => Ok(()),
        }
    }

    fn log(&self, message: String) -> anyhow::Result<()> {
        let params = lsp_types::LogMessageParams { typ: lsp_types::MessageType::WARNING, message };
        self.send(Notification::new(lsp_types::notification::LogMessage::METHOD.into(), params))
    }

    fn notification(&mut self, notification: &Notification) -> anyhow::Result<()> {
        let params = notification.params.clone();
        let changed = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(params)?;
                self.set(&p.text_document.uri, Some(p.text_document.text))
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(params)?;
                // Whole documents only (`TextDocumentSyncKind::FULL`): the last change is the text.
                let text = p.content_changes.into_iter().last().map(|c| c.text);
                if text.is_none() {
                    return Ok(());
                }
                self.set(&p.text_document.uri, text)
            }
            DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(params)?;
                text::path_of(&p.text_document.uri)
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(params)?;
                self.set(&p.text_document.uri, None)
            }
            _ => None,
        };
        match changed {
            Some(path) => self.check(&path),
            None => Ok(()),
        }
    }

    /// Records a buffer's text (`None`: closed, the disk shows again); the path it stands at.
    fn set(&mut self, uri: &Uri, text: Option<String>) -> Option<PathBuf> {
        let path = text::path_of(uri)?;
        match text {
            Some(text) => {
                self.overlay.set(&path, text.clone());
                self.documents.insert(path.clone(), text);
                self.uris.insert(path.clone(), uri.clone());
            }
            None => {
                self.overlay.remove(&path);
                self.documents.remove(&path);
                self.uris.remove(&path);
            }
        }
        Some(path)
    }

    fn request(&self, request: Request) -> anyhow::Result<()> {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            Completion::METHOD => {
                let p: CompletionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.complete(&p.text_document_position))?
            }
            HoverRequest::METHOD => {
                let p: HoverParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.hover(&p.text_document_position_params))?
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(quick_fixes(&p))?
            }
            _ => return self.send(Response::new_err(id, lsp_server::ErrorCode::MethodNotFound as i32, request.method)),
        };
        self.send(Response::new_ok(id, result))
    }

    /// The folder to check for a file: the path folder above its course when there is one (so
    /// `path.toml` is checked too), else the course folder; `None` outside any course.
    fn roots_of(&self, file: &Path) -> Vec<PathBuf> {
        let exists = |p: PathBuf| matches!(self.overlay.entry(&p, Path::new("/")), Entry::File { .. });
        let Some(dir) = file.parent() else { return Vec::new() };
        let course = dir.ancestors().find(|d| exists(d.join("course.toml")));
        let path = course.unwrap_or(dir).ancestors().find(|d| exists(d.join("path.toml")));
        [path, course].into_iter().flatten().map(Path::to_path_buf).collect()
    }

    /// Checks the course (and path) of a file and shows the diagnostics of all their files.
    fn check(&mut self, file: &Path) -> anyhow::Result<()> {
        let roots = self.roots_of(file);
        let Some(root) = roots.first() else { return Ok(()) };
        let provider: Arc<dyn SourceProvider> = Arc::new(self.overlay.clone());
        let mut diags = Diagnostics::new();
        let mut message = None;
        match load_from(&provider, root, &mut diags) {
            Ok(path) => {
                // A course the path does not list (or could not read) is checked on its own too,
                // as `campus validate` would check it; what both checks say is shown once.
                let alone = roots.get(1).filter(|dir| !path.courses.iter().any(|c| c.dir == **dir));
                let _ = crate::rules::check(path, &mut diags);
                if let Some(dir) = alone {
                    let mut more = Diagnostics::new();
                    if let Ok(course) = load_from(&provider, dir, &mut more) {
                        let _ = crate::rules::check(course, &mut more);
                    }
                    let known = diags.iter().cloned().collect::<Vec<_>>();
                    for diagnostic in more.into_vec() {
                        if !known.contains(&diagnostic) {
                            diags.push(diagnostic);
                        }
                    }
                }
            }
            Err(error) => message = Some(format!("{error:#}")),
        }
        if let Some(message) = message {
            self.log(message)?;
        }
        self.publish(root, file, &diags.into_vec())
    }

    /// Shows the diagnostics of a check, clears those of the files that no longer have any, and
    /// always answers for the file whose change started the check.
    fn publish(&mut self, root: &Path, file: &Path, diags: &[Diagnostic]) -> anyhow::Result<()> {
        let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        for diagnostic in diags {
            by_file.entry(diagnostic.file.clone()).or_default().push(self.convert(diagnostic));
        }
        let shown: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
        let before = self.published.insert(root.to_path_buf(), shown).unwrap_or_default();
        for file in before.into_iter().chain([file.to_path_buf()]) {
            by_file.entry(file).or_default();
        }
        for (file, diagnostics) in by_file {
            // An open document keeps the URI its editor gave it (encodings of a path vary).
            let uri = self.uris.get(&file).cloned();
            let Some(uri) = uri.or_else(|| text::uri_of(&std::path::absolute(&file).unwrap_or(file))) else {
                continue;
            };
            let params = PublishDiagnosticsParams { uri, diagnostics, version: None };
            self.send(Notification::new(PublishDiagnostics::METHOD.into(), params))?;
        }
        Ok(())
    }

    /// A diagnostic as LSP shows it: the word it points at, the hint after the message, and a
    /// quick fix's replacement in `data` when the hint suggests a close word.
    fn convert(&self, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
        let line_text = diagnostic.excerpt.as_deref().unwrap_or("");
        let one_line = diagnostic.end_line == diagnostic.line && diagnostic.end_column > diagnostic.column;
        let (start, end) = match diagnostic.word_columns() {
            _ if one_line => (diagnostic.column, diagnostic.end_column),
            None => (1, 1),
            Some((start, end)) if end > start => (start, end),
            Some(_) => (diagnostic.column, diagnostic.end_position().1),
        };
        let range = text::line_range(self.encoding, line_text, diagnostic.line.max(1), start, end);
        let data = match (&diagnostic.fix, one_line) {
            (Some(fix), true) => Some(json!({ "replace": fix, "range": range })),
            _ => suggestion(diagnostic).map(|(word, from, to)| {
                let range = text::line_range(self.encoding, line_text, diagnostic.line, from, to);
                json!({ "replace": word, "range": range })
            }),
        };
        let related: Vec<lsp_types::DiagnosticRelatedInformation> = diagnostic
            .labels
            .iter()
            .filter_map(|label| {
                let uri = text::uri_of(&std::path::absolute(&label.file).ok()?)?;
                let end = if label.end_line == label.line { label.end_column } else { label.column + 1 };
                let range = text::line_range(self.encoding, &label.excerpt, label.line, label.column, end);
                Some(lsp_types::DiagnosticRelatedInformation {
                    location: lsp_types::Location { uri, range },
                    message: label.message.clone(),
                })
            })
            .collect();
        let message = match &diagnostic.hint {
            Some(hint) => format!("{}\n{hint}", diagnostic.message),
            None => diagnostic.message.clone(),
        };
        lsp_types::Diagnostic {
            range,
            severity: Some(match diagnostic.severity {
                Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(diagnostic.code.as_str().into())),
            source: Some("campus".into()),
            message,
            data,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        }
    }

    /// The text and file name of an open document, and the byte column of a position in its line.
    fn at(&self, position: &TextDocumentPositionParams) -> Option<(&str, String, usize, usize)> {
        let path = text::path_of(&position.text_document.uri)?;
        let text = self.documents.get(&path)?;
        let name = path.file_name()?.to_string_lossy().into_owned();
        let line = position.position.line;
        let column = self.encoding.byte_offset(text::line_of(text, line), position.position.character);
        Some((text, name, line as usize, column))
    }

    fn complete(&self, position: &TextDocumentPositionParams) -> Vec<CompletionItem> {
        let Some((text, name, line, column)) = self.at(position) else { return Vec::new() };
        let documented = |label: String, kind, detail: String, doc: String, insert: Option<String>| CompletionItem {
            label,
            kind: Some(kind),
            detail: (!detail.is_empty()).then_some(detail),
            documentation: (!doc.is_empty()).then(|| markdown(doc)),
            insert_text: insert,
            ..Default::default()
        };
        match help::spot(&name, text, line, column) {
            Some(help::Spot::BlockKind) => help::block_kinds()
                .into_iter()
                .map(|(kind, doc)| {
                    documented(kind.into(), CompletionItemKind::KEYWORD, "learning block".into(), doc, None)
                })
                .collect(),
            Some(help::Spot::Key { schema, table }) => help::keys(schema, &table)
                .into_iter()
                .filter(|(key, _, _)| !help::written_keys(text, line).contains(key))
                .map(|(key, doc, required)| {
                    let list = help::is_table_list(schema, &table, &key);
                    let insert = if list { format!("[[{key}]]") } else { format!("{key} = ") };
                    let detail = if required { "required" } else { "optional" };
                    documented(key, CompletionItemKind::PROPERTY, detail.into(), doc, Some(insert))
                })
                .collect(),
            Some(help::Spot::Value { schema, table, key, quoted }) => help::values(schema, &table, &key)
                .into_iter()
                .map(|v| {
                    // In quotes unless the author already opened them.
                    let insert = if v.string && !quoted { format!("\"{}\"", v.word) } else { v.word.clone() };
                    documented(v.word, CompletionItemKind::ENUM_MEMBER, String::new(), v.description, Some(insert))
                })
                .collect(),
            None => Vec::new(),
        }
    }

    fn hover(&self, position: &TextDocumentPositionParams) -> Option<Hover> {
        let (text, name, line, column) = self.at(position)?;
        let doc = help::hover(&name, text, line, column)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: doc }),
            range: None,
        })
    }
}

fn markdown(value: String) -> lsp_types::Documentation {
    lsp_types::Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
}

/// The close word a "did you mean" suggests for the word a diagnostic points at, with the word's
/// 1-based character columns: the backquoted word of the hint (or of the message, where a "did
/// you mean" may be written too) nearest to it, whatever the language the text is in.
fn suggestion(diagnostic: &Diagnostic) -> Option<(String, usize, usize)> {
    let (start, end) = diagnostic.word_columns()?;
    let word: String = diagnostic.excerpt.as_deref()?.chars().skip(start - 1).take(end - start).collect();
    if word.is_empty() {
        return None;
    }
    let quoted = |text: &'_ str| -> Vec<String> {
        text.split('`').skip(1).step_by(2).filter(|c| !c.is_empty() && !c.contains(' ')).map(String::from).collect()
    };
    let mut candidates = quoted(diagnostic.hint.as_deref().unwrap_or(""));
    candidates.extend(quoted(&diagnostic.message));
    let close = did_you_mean(&word, candidates.iter().map(String::as_str).filter(|c| *c != word))?;
    Some((close.to_string(), start, end))
}

/// A quick fix for each diagnostic of the request that carries a replacement.
fn quick_fixes(params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    for diagnostic in &params.context.diagnostics {
        let Some(data) = &diagnostic.data else { continue };
        let (Some(word), Some(range)) = (data.get("replace").and_then(Json::as_str), data.get("range")) else {
            continue;
        };
        let Ok(range) = serde_json::from_value::<lsp_types::Range>(range.clone()) else { continue };
        let edit = TextEdit { range, new_text: word.to_string() };
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Replace with `{word}`"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(params.text_document.uri.clone(), vec![edit])])),
                ..Default::default()
            }),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::model::SourceFile;

    #[test]
    fn every_did_you_mean_gives_its_word() {
        let file = SourceFile::new("m.md", "```questoin\ntitel = 1\ndimension = \"frugale\"\n");
        let mut diags = Diagnostics::new();
        diags.warning(Code::W010, &file, 0, "shown as code").hint("did you mean the learning block `question`?");
        diags.error(Code::E011, &file, 12, "unknown key").hint("vouliez-vous dire `title` ?");
        diags
            .error(Code::E050, &file, 34, "unknown dimension")
            .hint("did you mean `frugal`? Declared: `frugal`, `sobre`");
        diags.error(Code::E012, &file, 12, "missing key").hint("add `correct = true` to one choice");
        diags.error(Code::E011, &file, 12, "clé inconnue `titel` : vouliez-vous dire `title` ?");
        let found: Vec<_> = diags.iter().map(suggestion).collect();
        assert_eq!(found[0], Some(("question".to_string(), 4, 12)));
        assert_eq!(found[1], Some(("title".to_string(), 1, 6)));
        assert_eq!(found[2], Some(("frugal".to_string(), 14, 21)));
        assert_eq!(found[3], None);
        assert_eq!(found[4], Some(("title".to_string(), 1, 6)));
    }
}

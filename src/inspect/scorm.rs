//! SCORM 1.2 and 2004: the version from the manifest, then what the XSDs cannot say —
//! identifiers unique, references resolving, launch files present, every file listed, scores in
//! range, an organization to start from.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};

use super::findings::{error, note, warning, InspectCode};
use super::xml::Element;
use super::xsd::Schema;
use super::{resolve, Kind, Package};

const MANIFEST: &str = "imsmanifest.xml";

/// The kind of an `imsmanifest.xml` at the root: SCORM 1.2, 2004, or an IMS Common Cartridge.
pub(super) fn version<R: Read + Seek>(package: &mut Package<'_, R>) -> Kind {
    let Some(root) = package.xml(MANIFEST) else { return Kind::Broken };
    let cartridge = root.attributes.iter().any(|(_, value)| value.contains("imsccv1p"));
    let schema =
        root.first("metadata").and_then(|m| m.first("schema")).map(|s| s.text.trim().to_string()).unwrap_or_default();
    let version = root
        .first("metadata")
        .and_then(|m| m.first("schemaversion"))
        .map(|s| s.text.trim().to_string())
        .unwrap_or_default();
    if cartridge || schema.contains("Common Cartridge") {
        package.push(
            note(InspectCode::P012, "ce n'est pas un paquet SCORM : c'est une IMS Common Cartridge", "not a SCORM package: this is an IMS Common Cartridge")
                .file(MANIFEST)
                .fix("dans Moodle, restaurez-la par « Importer une Common Cartridge » (Restauration de cours), pas avec l'activité SCORM", "in Moodle, restore it as a Common Cartridge (course restore), not with the SCORM activity"),
        );
        return Kind::NotAPackage;
    }
    match version.as_str() {
        "1.2" => Kind::Scorm12,
        "2004 3rd Edition" | "2004 4th Edition" => Kind::Scorm2004(version),
        "CAM 1.3" | "2004 2nd Edition" => Kind::Scorm2004("2004 2nd Edition".into()),
        _ => {
            let scorm2004 = root
                .descendants()
                .iter()
                .any(|e| e.attr("scormType").is_some() && e.attributes.iter().any(|(k, _)| k == "scormType"));
            let guess = if scorm2004 { Kind::Scorm2004("2004".into()) } else { Kind::Scorm12 };
            package.push(
                warning(
                    InspectCode::P030,
                    format!(
                        "version SCORM non déclarée (`schemaversion` vaut « {version} ») : lu comme {}",
                        guess.label()
                    ),
                    format!("SCORM version not declared (`schemaversion` is \"{version}\"): read as {}", guess.label()),
                )
                .file(MANIFEST)
                .line(root.line)
                .fix(
                    "écrivez `<schemaversion>1.2</schemaversion>` ou `2004 4th Edition` dans `<metadata>`",
                    "write `<schemaversion>1.2</schemaversion>` or `2004 4th Edition` in `<metadata>`",
                ),
            );
            guess
        }
    }
}

/// The structural rules; returns how many SCOs the default organization launches.
pub(super) fn check<R: Read + Seek>(package: &mut Package<'_, R>, kind: &Kind) -> usize {
    let Some((root, bytes)) = package.xml_and_bytes(MANIFEST) else { return 0 };
    schema_validation(package, &root, &bytes, kind);
    drop(bytes);
    package.generator = generator(&root);
    if package.generator.is_none() {
        // SCORM 2004 3rd Edition keeps its LOM in a file the manifest names.
        let locations: Vec<String> =
            root.descendants().iter().filter(|e| e.name == "location").filter_map(|e| resolve("", &e.text)).collect();
        for location in locations {
            if let Some(metadata) = package.xml(&location) {
                package.generator = package.generator.take().or_else(|| generator(&metadata));
            }
        }
    }
    unique_identifiers(package, &root);
    titles(package, &root);
    scorm_type_spelling(package, &root, kind);
    super::lms::moodle_manifest(package, &root, kind);
    if matches!(kind, Kind::Scorm2004(_)) {
        super::sequencing::check(package, &root);
    }
    let resources = resources(&root);
    let launched = organizations(package, &root, &resources);
    files(package, &root, &resources);
    scores(package, &root);
    launched
}

/// The manifest against the XSDs of its version: its namespace says 1.2 or 2004, the declared
/// edition says which 2004 schemas (the 2nd Edition, which the vendored schemas do not have, is
/// checked against the 3rd, and a note says so).
fn schema_validation<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element, bytes: &[u8], kind: &Kind) {
    let namespace = root.attr("xmlns").unwrap_or("");
    let second = matches!(kind, Kind::Scorm2004(edition) if edition == "2004 2nd Edition");
    let schema = if namespace == "http://www.imsproject.org/xsd/imscp_rootv1p1p2" {
        Schema::Scorm12
    } else if namespace == "http://www.imsglobal.org/xsd/imscp_v1p1" || matches!(kind, Kind::Scorm2004(_)) {
        match kind {
            Kind::Scorm2004(edition) if edition == "2004 3rd Edition" || second => Schema::Scorm2004Third,
            _ => Schema::Scorm2004Fourth,
        }
    } else {
        Schema::Scorm12
    };
    if second && super::xsd::AVAILABLE {
        package.push(
            note(
                InspectCode::P024,
                "SCORM 2004 2nd Edition : manifeste vérifié avec les schémas de la 3rd Edition, les plus proches dont dispose l'inspecteur",
                "SCORM 2004 2nd Edition: the manifest was checked against the 3rd Edition schemas, the closest the inspector has",
            )
            .file(MANIFEST),
        );
    }
    package.validate(MANIFEST, bytes, schema);
}

/// The generator a LOM record names as the creator of its meta-metadata: the `FN` of the vCard
/// (Campus writes `FN:Campus 0.1.0`).
fn generator(root: &Element) -> Option<String> {
    let meta = std::iter::once(root).chain(root.descendants()).find(|e| e.name.eq_ignore_ascii_case("metaMetadata"))?;
    meta.descendants()
        .into_iter()
        .filter(|e| matches!(e.name.as_str(), "vcard" | "entity"))
        .find_map(|card| card.text.lines().find_map(|line| line.trim().strip_prefix("FN:")).map(str::to_string))
}

/// A `<resource>`: its type, its launch file resolved in the zip (if it has one), its line.
struct Resource {
    sco: bool,
    href: Option<String>,
    raw_href: Option<String>,
    line: usize,
}

fn base_of(element: &Element) -> &str {
    element.attr("xml:base").unwrap_or("")
}

fn resources(root: &Element) -> BTreeMap<String, Resource> {
    let mut out = BTreeMap::new();
    let base = base_of(root);
    for group in root.all("resources") {
        let group_base = format!("{base}{}", base_of(group));
        for resource in group.all("resource") {
            let Some(id) = resource.attr("identifier") else { continue };
            let resource_base = format!("{group_base}{}", base_of(resource));
            let sco = resource.attr("scormtype").is_some_and(|t| t.eq_ignore_ascii_case("sco"));
            let raw_href = resource.attr("href").map(str::to_string);
            let href = raw_href.as_deref().and_then(|h| resolve(&resource_base, h));
            out.entry(id.to_string()).or_insert(Resource { sco, href, raw_href, line: resource.line });
        }
    }
    out
}

/// `adlcp:scormtype` in SCORM 1.2, `adlcp:scormType` in 2004: XML names are case-sensitive, and
/// the 2004 schemas skip the other spelling instead of refusing it.
fn scorm_type_spelling<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element, kind: &Kind) {
    let (right, wrong) = match kind {
        Kind::Scorm2004(_) => ("scormType", "scormtype"),
        _ => ("scormtype", "scormType"),
    };
    let resources = root.all("resources").flat_map(|group| group.all("resource"));
    for resource in resources {
        if !resource.attributes.iter().any(|(key, _)| key == wrong) {
            continue;
        }
        let id = resource.attr("identifier").unwrap_or("?");
        let (level, consequence_fr, consequence_en) = match package.lms {
            super::Lms::Moodle => (
                super::Level::Warning,
                "Moodle lit les noms sans tenir compte de la casse, mais une plate-forme conforme y verra une simple ressource, sans suivi",
                "Moodle reads names regardless of case, but a conformant platform will see a plain asset, without tracking",
            ),
            super::Lms::Generic => (
                super::Level::Error,
                "une plate-forme conforme y verra une simple ressource, sans suivi",
                "a conformant platform will see a plain asset, without tracking",
            ),
        };
        package.push(
            super::Finding::new(
                level,
                InspectCode::P045,
                super::Text::new(
                    format!(
                        "la ressource `{id}` écrit `adlcp:{wrong}` au lieu de `adlcp:{right}` ({}) : {consequence_fr}",
                        kind.label()
                    ),
                    format!(
                        "the resource `{id}` writes `adlcp:{wrong}` instead of `adlcp:{right}` ({}): {consequence_en}",
                        kind.label()
                    ),
                ),
            )
            .file(MANIFEST)
            .line(resource.line)
            .fix(format!("écrivez `adlcp:{right}`"), format!("write `adlcp:{right}`")),
        );
    }
}

/// Every organization and item has a title: the LMS's table of contents shows it.
fn titles<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element) {
    let Some(organizations) = root.first("organizations") else { return };
    for element in organizations.descendants() {
        if !matches!(element.name.as_str(), "organization" | "item") {
            continue;
        }
        if element.first("title").is_some_and(|t| !t.text.trim().is_empty()) {
            continue;
        }
        let id = element.attr("identifier").unwrap_or("?");
        package.push(
            warning(
                InspectCode::P040,
                format!("`{id}` n'a pas de titre : la table des matières de la plate-forme affichera une ligne vide"),
                format!("`{id}` has no title: the platform's table of contents will show a blank line"),
            )
            .file(MANIFEST)
            .line(element.line)
            .fix("donnez-lui un `<title>` qui dit ce qu'il contient", "give it a `<title>` that says what it holds"),
        );
    }
}

fn unique_identifiers<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for element in root.descendants() {
        if !matches!(element.name.as_str(), "organization" | "item" | "resource" | "manifest") {
            continue;
        }
        let Some(id) = element.attr("identifier") else { continue };
        if !seen.insert(id) {
            package.push(
                error(
                    InspectCode::P031,
                    format!("l'identifiant `{id}` est utilisé deux fois : la plate-forme confondra les deux éléments"),
                    format!("the identifier `{id}` is used twice: the platform will mix up the two elements"),
                )
                .file(MANIFEST)
                .line(element.line)
                .fix(
                    "donnez à chaque organization, item et resource un identifiant distinct",
                    "give every organization, item and resource an identifier of its own",
                ),
            );
        }
    }
}

/// The organizations: a default that exists, references that resolve, launch files present.
fn organizations<R: Read + Seek>(
    package: &mut Package<'_, R>,
    root: &Element,
    resources: &BTreeMap<String, Resource>,
) -> usize {
    let Some(organizations) = root.first("organizations") else {
        package.push(no_organization(root.line));
        return 0;
    };
    let all: Vec<&Element> = organizations.all("organization").collect();
    if all.is_empty() {
        package.push(no_organization(organizations.line));
        return 0;
    }
    let default = match organizations.attr("default") {
        Some(id) => {
            let found = all.iter().find(|o| o.attr("identifier") == Some(id)).copied();
            if found.is_none() {
                package.push(
                    error(
                        InspectCode::P038,
                        format!("l'organisation par défaut `{id}` n'existe pas"),
                        format!("the default organization `{id}` does not exist"),
                    )
                    .file(MANIFEST)
                    .line(organizations.line)
                    .fix(
                        "faites pointer `default` sur l'identifiant d'une `<organization>`",
                        "point `default` at the identifier of an `<organization>`",
                    ),
                );
            }
            found.unwrap_or(all[0])
        }
        None => {
            package.push(
                warning(
                    InspectCode::P038,
                    "aucune organisation par défaut : la plate-forme prendra la première",
                    "no default organization: the platform takes the first one",
                )
                .file(MANIFEST)
                .line(organizations.line)
                .fix("ajoutez `default=\"…\"` à `<organizations>`", "add `default=\"…\"` to `<organizations>`"),
            );
            all[0]
        }
    };
    let mut launched = 0;
    for organization in &all {
        for item in organization.descendants().into_iter().filter(|e| e.name == "item") {
            let Some(reference) = item.attr("identifierref") else { continue };
            let Some(resource) = resources.get(reference) else {
                package.push(
                    error(InspectCode::P032, format!("`identifierref=\"{reference}\"` ne désigne aucune ressource : cet élément ne s'ouvrira pas"), format!("`identifierref=\"{reference}\"` names no resource: this item will not open"))
                        .file(MANIFEST)
                        .line(item.line)
                        .fix("corrigez la référence ou ajoutez la `<resource>` qui manque", "fix the reference or add the missing `<resource>`"),
                );
                continue;
            };
            launch_file(package, resource, reference);
            if std::ptr::eq(*organization, default) && resource.sco {
                launched += 1;
            }
        }
    }
    if launched == 0 {
        package.push(
            error(
                InspectCode::P039,
                "aucun SCO à lancer dans l'organisation par défaut : rien ne sera suivi",
                "no SCO to launch in the default organization: nothing will be tracked",
            )
            .file(MANIFEST)
            .line(default.line)
            .fix(
                "rattachez au moins un `<item>` à une ressource `scormType=\"sco\"` qui a un `href`",
                "attach at least one `<item>` to a `scormType=\"sco\"` resource with an `href`",
            ),
        );
    }
    launched
}

fn launch_file<R: Read + Seek>(package: &mut Package<'_, R>, resource: &Resource, reference: &str) {
    match (&resource.href, &resource.raw_href) {
        (Some(file), Some(raw)) if !package.archive.has(file) => package.push(
            error(InspectCode::P033, format!("le fichier de lancement `{raw}` de la ressource `{reference}` n'est pas dans le zip : la page ne s'ouvrira pas"), format!("the launch file `{raw}` of the resource `{reference}` is not in the zip: the page will not open"))
                .file(MANIFEST)
                .line(resource.line)
                .fix("ajoutez le fichier au zip ou corrigez `href`", "add the file to the zip or fix `href`"),
        ),
        (None, None) => package.push(
            error(InspectCode::P033, format!("la ressource `{reference}` n'a pas de fichier de lancement (`href`)"), format!("the resource `{reference}` has no launch file (`href`)"))
                .file(MANIFEST)
                .line(resource.line)
                .fix("ajoutez `href` à la ressource", "add `href` to the resource"),
        ),
        _ => {}
    }
}

fn no_organization(line: usize) -> super::Finding {
    error(
        InspectCode::P038,
        "aucune organisation : la plate-forme n'a rien à proposer",
        "no organization: the platform has nothing to offer",
    )
    .file(MANIFEST)
    .line(line)
    .fix("ajoutez une `<organization>` avec un `<item>` par SCO", "add an `<organization>` with one `<item>` per SCO")
}

/// Files listed and files present, both ways.
fn files<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element, resources: &BTreeMap<String, Resource>) {
    let mut listed: BTreeSet<String> = resources.values().filter_map(|r| r.href.clone()).collect();
    let base = base_of(root);
    let mut missing = Vec::new();
    for group in root.all("resources") {
        let group_base = format!("{base}{}", base_of(group));
        for resource in group.all("resource") {
            let resource_base = format!("{group_base}{}", base_of(resource));
            for file in resource.all("file") {
                let Some(href) = file.attr("href") else { continue };
                if let Some(name) = resolve(&resource_base, href) {
                    if !package.archive.has(&name) {
                        missing.push((href.to_string(), file.line));
                    }
                    listed.insert(name);
                }
            }
        }
    }
    for element in root.descendants() {
        if element.name == "location" {
            if let Some(name) = resolve("", &element.text) {
                listed.insert(name);
            }
        }
    }
    for (href, line) in missing {
        package.push(
            warning(
                InspectCode::P035,
                format!("`{href}` est listé dans le manifeste mais absent du zip"),
                format!("`{href}` is listed in the manifest but missing from the zip"),
            )
            .file(MANIFEST)
            .line(line)
            .fix("ajoutez le fichier ou retirez la ligne `<file>`", "add the file or remove the `<file>` line"),
        );
    }
    let unlisted: Vec<String> = package
        .archive
        .files()
        .map(|e| e.name.clone())
        .filter(|name| !listed.contains(name) && name != MANIFEST && !is_root_schema(name))
        .collect();
    // A few files are named one by one; many (a whole folder forgotten) in one finding.
    const ONE_BY_ONE: usize = 5;
    if unlisted.len() > ONE_BY_ONE {
        let shown = unlisted[..ONE_BY_ONE].join(", ");
        let count = unlisted.len();
        package.push(
            warning(
                InspectCode::P034,
                format!(
                    "{count} fichiers présents dans le zip ne sont listés par aucune ressource du manifeste ({shown}…)"
                ),
                format!("{count} files in the zip are listed by no resource of the manifest ({shown}…)"),
            )
            .file(unlisted[0].clone())
            .fix(
                "listez-les dans des `<file href>` de leurs ressources, ou retirez-les du zip",
                "list them in `<file href>` of their resources, or remove them from the zip",
            ),
        );
        return;
    }
    for name in unlisted {
        package.push(
            warning(
                InspectCode::P034,
                "fichier présent dans le zip mais listé par aucune ressource du manifeste",
                "file in the zip that no resource of the manifest lists",
            )
            .file(name)
            .fix(
                "listez-le dans un `<file href>` de sa ressource, ou retirez-le du zip",
                "list it in a `<file href>` of its resource, or remove it from the zip",
            ),
        );
    }
}

/// The schemas (`*.xsd`, `*.dtd`) at the root, which packages carry beside the manifest.
fn is_root_schema(name: &str) -> bool {
    !name.contains('/') && matches!(super::extension(name).as_str(), "xsd" | "dtd")
}

/// `adlcp:masteryscore` (1.2, 0–100) and `imsss:minNormalizedMeasure` (2004, -1–1).
fn scores<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element) {
    for element in root.descendants() {
        let (range, code, what) = match element.name.as_str() {
            "masteryscore" => ((0.0, 100.0), InspectCode::P036, "adlcp:masteryscore"),
            "minNormalizedMeasure" => ((-1.0, 1.0), InspectCode::P037, "imsss:minNormalizedMeasure"),
            _ => continue,
        };
        let text = element.text.trim();
        let ok = text.parse::<f64>().is_ok_and(|v| v >= range.0 && v <= range.1);
        if !ok {
            package.push(
                error(
                    code,
                    format!(
                        "`{what}` vaut « {text} », hors de {} à {} : la réussite ne sera pas calculée",
                        range.0, range.1
                    ),
                    format!("`{what}` is \"{text}\", outside {} to {}: passing will not be computed", range.0, range.1),
                )
                .file(MANIFEST)
                .line(element.line)
                .fix(
                    format!("écrivez un nombre entre {} et {}", range.0, range.1),
                    format!("write a number between {} and {}", range.0, range.1),
                ),
            );
        }
    }
}

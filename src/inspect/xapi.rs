//! TinCan (`tincan.xml`) and cmi5 (`cmi5.xml`): something to launch, launch files present, ids
//! that are absolute IRIs and unique, and (cmi5) launch methods, moveOn and masteryScore that
//! agree.

use std::collections::BTreeSet;
use std::io::{Read, Seek};

use super::findings::{error, note, warning, InspectCode};
use super::xml::Element;
use super::{is_absolute_iri, resolve, Package};

/// Checks `tincan.xml`; returns how many activities have a launch.
pub(super) fn check_tincan<R: Read + Seek>(package: &mut Package<'_, R>) -> usize {
    const FILE: &str = "tincan.xml";
    let Some(root) = package.xml(FILE) else { return 0 };
    let mut ids = Ids::default();
    let mut launched = 0;
    for activities in root.all("activities") {
        for activity in activities.all("activity") {
            ids.check(package, FILE, activity, "activity");
            if let Some(launch) = activity.first("launch") {
                launched += 1;
                launch_file(package, FILE, launch, launch.text.trim());
            }
        }
    }
    if launched == 0 {
        package.push(
            error(
                InspectCode::P050,
                "aucune activité n'a de `<launch>` : la plate-forme n'a rien à ouvrir",
                "no activity has a `<launch>`: the platform has nothing to open",
            )
            .file(FILE)
            .line(root.line)
            .fix(
                "ajoutez `<launch>page.html</launch>` à l'activité du cours",
                "add `<launch>page.html</launch>` to the course activity",
            ),
        );
    }
    launched
}

/// Checks `cmi5.xml`; returns how many AUs it has.
pub(super) fn check_cmi5<R: Read + Seek>(package: &mut Package<'_, R>) -> usize {
    const FILE: &str = "cmi5.xml";
    let Some((root, bytes)) = package.xml_and_bytes(FILE) else { return 0 };
    package.validate(FILE, &bytes, super::xsd::Schema::Cmi5);
    drop(bytes);
    let mut ids = Ids::default();
    let mut aus = 0;
    for element in std::iter::once(&root).chain(root.descendants()) {
        match element.name.as_str() {
            "course" | "block" | "objective" => ids.check(package, FILE, element, element.name.as_str()),
            "au" => {
                aus += 1;
                ids.check(package, FILE, element, "AU");
                au(package, FILE, element);
            }
            _ => {}
        }
    }
    if aus == 0 {
        package.push(
            error(
                InspectCode::P053,
                "aucune AU (unité assignable) : la plate-forme n'a rien à lancer",
                "no AU (assignable unit): the platform has nothing to launch",
            )
            .file(FILE)
            .line(root.line)
            .fix(
                "ajoutez au moins un `<au id=\"…\"><url>page.html</url></au>`",
                "add at least one `<au id=\"…\"><url>page.html</url></au>`",
            ),
        );
    }
    aus
}

fn au<R: Read + Seek>(package: &mut Package<'_, R>, file: &str, au: &Element) {
    match au.first("url").map(|u| u.text.trim()).filter(|u| !u.is_empty()) {
        Some(url) => launch_file(package, file, au, url),
        None => package.push(
            error(
                InspectCode::P054,
                "une AU sans `<url>` : elle ne peut pas être lancée",
                "an AU without `<url>`: it cannot be launched",
            )
            .file(file)
            .line(au.line)
            .fix("ajoutez `<url>page.html</url>` à l'AU", "add `<url>page.html</url>` to the AU"),
        ),
    }
    if let Some(method) = au.attr("launchMethod") {
        if !matches!(method, "AnyWindow" | "OwnWindow") {
            package.push(
                error(
                    InspectCode::P055,
                    format!("`launchMethod=\"{method}\"` n'existe pas en cmi5"),
                    format!("`launchMethod=\"{method}\"` does not exist in cmi5"),
                )
                .file(file)
                .line(au.line)
                .fix("écrivez `AnyWindow` ou `OwnWindow`", "write `AnyWindow` or `OwnWindow`"),
            );
        }
    }
    let move_on = au.attr("moveOn").unwrap_or("NotApplicable");
    if !matches!(move_on, "Passed" | "Completed" | "CompletedAndPassed" | "CompletedOrPassed" | "NotApplicable") {
        package.push(
            error(
                InspectCode::P056,
                format!("`moveOn=\"{move_on}\"` n'existe pas en cmi5"),
                format!("`moveOn=\"{move_on}\"` does not exist in cmi5"),
            )
            .file(file)
            .line(au.line)
            .fix(
                "écrivez Passed, Completed, CompletedAndPassed, CompletedOrPassed ou NotApplicable",
                "write Passed, Completed, CompletedAndPassed, CompletedOrPassed or NotApplicable",
            ),
        );
    }
    let Some(mastery) = au.attr("masteryScore") else { return };
    if !mastery.trim().parse::<f64>().is_ok_and(|v| (0.0..=1.0).contains(&v)) {
        package.push(
            error(
                InspectCode::P057,
                format!("`masteryScore=\"{mastery}\"` n'est pas un nombre de 0 à 1"),
                format!("`masteryScore=\"{mastery}\"` is not a number from 0 to 1"),
            )
            .file(file)
            .line(au.line)
            .fix("écrivez une proportion, par exemple `0.8` pour 80 %", "write a proportion, e.g. `0.8` for 80 %"),
        );
    } else if matches!(move_on, "Completed" | "NotApplicable") {
        package.push(
            warning(
                InspectCode::P058,
                format!("`masteryScore` est donné mais `moveOn=\"{move_on}\"` ne tient pas compte de la réussite"),
                format!("`masteryScore` is given but `moveOn=\"{move_on}\"` does not look at passing"),
            )
            .file(file)
            .line(au.line)
            .fix(
                "retirez `masteryScore`, ou choisissez un `moveOn` avec Passed",
                "remove `masteryScore`, or choose a `moveOn` with Passed",
            ),
        );
    }
}

/// A launch URL: in the zip when relative, noted when it points outside.
fn launch_file<R: Read + Seek>(package: &mut Package<'_, R>, file: &str, element: &Element, url: &str) {
    match resolve("", url) {
        Some(name) if !package.archive.has(&name) => package.push(
            error(
                InspectCode::P033,
                format!("le fichier de lancement `{url}` n'est pas dans le zip : la page ne s'ouvrira pas"),
                format!("the launch file `{url}` is not in the zip: the page will not open"),
            )
            .file(file)
            .line(element.line)
            .fix("ajoutez le fichier au zip ou corrigez l'URL", "add the file to the zip or fix the URL"),
        ),
        Some(_) => {}
        None => package.push(
            note(
                InspectCode::P059,
                format!("`{url}` est lancé depuis l'extérieur du paquet : non vérifié, il faudra que ce site réponde"),
                format!("`{url}` is launched from outside the package: not checked, that site will have to answer"),
            )
            .file(file)
            .line(element.line),
        ),
    }
}

/// The ids seen so far in one file.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn check<R: Read + Seek>(&mut self, package: &mut Package<'_, R>, file: &str, element: &Element, what: &str) {
        let Some(id) = element.attr("id") else { return };
        if !is_absolute_iri(id) {
            package.push(
                error(
                    InspectCode::P051,
                    format!(
                        "l'identifiant de {what} `{id}` n'est pas une IRI absolue : le LRS refusera les déclarations"
                    ),
                    format!("the {what} id `{id}` is not an absolute IRI: the LRS will refuse the statements"),
                )
                .file(file)
                .line(element.line)
                .fix(
                    "écrivez une IRI complète, par exemple `https://exemple.org/activites/mon-cours`",
                    "write a full IRI, e.g. `https://example.org/activities/my-course`",
                ),
            );
        }
        if !self.0.insert(id.to_string()) {
            package.push(
                error(
                    InspectCode::P052,
                    format!("l'identifiant `{id}` est utilisé deux fois : les résultats de l'un iront à l'autre"),
                    format!("the id `{id}` is used twice: the results of one will go to the other"),
                )
                .file(file)
                .line(element.line)
                .fix("donnez à chacun un identifiant distinct", "give each its own id"),
            );
        }
    }
}

//! SCORM 2004 sequencing (`imsss:sequencing`) that the XSDs accept but an LMS cannot deliver:
//! a cluster the learner cannot enter (neither flow nor choice), a reference to a shared
//! sequencing that does not exist, rules about objectives the activity does not have, rollups
//! that can never conclude.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};

use super::findings::{error, warning, InspectCode};
use super::xml::Element;
use super::Package;

const MANIFEST: &str = "imsmanifest.xml";
const IMSCP: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
const ADLSEQ: &str = "http://www.adlnet.org/xsd/adlseq_v1p3";

/// The shared sequencings of the manifest's `imsss:sequencingCollection`, by `ID`.
type Collection<'a> = BTreeMap<&'a str, &'a Element>;

pub(super) fn check<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element) {
    let collection: Collection<'_> = root
        .children
        .iter()
        .filter(|e| e.is(IMSSS, "sequencingCollection"))
        .flat_map(|c| c.children.iter().filter(|s| s.is(IMSSS, "sequencing")))
        .filter_map(|s| Some((s.attr("ID")?, s)))
        .collect();
    let Some(organizations) = root.children.iter().find(|e| e.is(IMSCP, "organizations")) else { return };
    for organization in organizations.children.iter().filter(|e| e.is(IMSCP, "organization")) {
        activity(package, organization, &collection);
    }
}

/// An activity's own sequencing and the shared one it names with `IDRef` (which its own
/// elements override): the shared one first.
fn sources<'a>(activity: &'a Element, collection: &Collection<'a>) -> Vec<&'a Element> {
    let local = activity.children.iter().find(|e| e.is(IMSSS, "sequencing"));
    let shared = local.and_then(|s| s.attr("IDRef")).and_then(|id| collection.get(id).copied());
    shared.into_iter().chain(local).collect()
}

/// The value of an attribute of the child `element` of the sequencing, the activity's own
/// winning over the shared one.
fn setting<'a>(sources: &[&'a Element], element: &str, attribute: &str) -> Option<&'a str> {
    sources.iter().rev().find_map(|s| s.children.iter().find(|e| e.is(IMSSS, element))?.attr(attribute))
}

fn boolean(value: Option<&str>, default: bool) -> bool {
    match value.map(str::trim) {
        Some("true" | "1") => true,
        Some("false" | "0") => false,
        _ => default,
    }
}

/// The French and English names of an activity.
fn names(activity: &Element) -> (String, String) {
    let id = activity.attr("identifier").unwrap_or("?");
    if activity.name == "organization" {
        (format!("l'organisation `{id}`"), format!("the organization `{id}`"))
    } else {
        (format!("l'élément `{id}`"), format!("the item `{id}`"))
    }
}

fn activity<R: Read + Seek>(package: &mut Package<'_, R>, activity: &Element, collection: &Collection<'_>) {
    let (fr, en) = names(activity);
    let local = activity.children.iter().find(|e| e.is(IMSSS, "sequencing"));
    if let Some((reference, line)) = local.and_then(|s| Some((s.attr("IDRef")?, s.line))) {
        if !collection.contains_key(reference) {
            package.push(
                error(
                    InspectCode::P042,
                    format!("le séquencement de {fr} renvoie à `IDRef=\"{reference}\"`, qu'aucun `imsss:sequencing` de `imsss:sequencingCollection` ne définit : les règles partagées ne s'appliqueront pas, et une plate-forme stricte refusera le paquet"),
                    format!("the sequencing of {en} refers to `IDRef=\"{reference}\"`, which no `imsss:sequencing` of `imsss:sequencingCollection` defines: the shared rules will not apply, and a strict platform will refuse the package"),
                )
                .file(MANIFEST)
                .line(line)
                .fix(
                    format!("ajoutez `<imsss:sequencing ID=\"{reference}\">` dans `<imsss:sequencingCollection>` à la fin du manifeste, ou corrigez `IDRef`"),
                    format!("add `<imsss:sequencing ID=\"{reference}\">` to `<imsss:sequencingCollection>` at the end of the manifest, or fix `IDRef`"),
                ),
            );
        }
    }
    let sources = sources(activity, collection);
    let line = local.map_or(activity.line, |s| s.line);
    let children: Vec<&Element> = activity.children.iter().filter(|e| e.is(IMSCP, "item")).collect();
    if !children.is_empty() {
        reachable(package, &sources, (&fr, &en), line);
        rollup(package, activity, &sources, &children, collection, (&fr, &en));
    }
    objectives(package, &sources, (&fr, &en));
    for child in children {
        self::activity(package, child, collection);
    }
}

/// Control modes: with neither `flow` (defaults to false) nor `choice` (defaults to true), no
/// navigation request can deliver anything inside the cluster.
fn reachable<R: Read + Seek>(package: &mut Package<'_, R>, sources: &[&Element], (fr, en): (&str, &str), line: usize) {
    let choice = boolean(setting(sources, "controlMode", "choice"), true);
    let flow = boolean(setting(sources, "controlMode", "flow"), false);
    if choice || flow {
        return;
    }
    package.push(
        error(
            InspectCode::P041,
            format!("{fr} interdit à la fois le choix (`choice=\"false\"`) et l'enchaînement (`flow` vaut `false` par défaut) : l'apprenant ne peut atteindre aucun de ses éléments"),
            format!("{en} forbids both choice (`choice=\"false\"`) and flow (`flow` is `false` by default): the learner cannot reach any of its items"),
        )
        .file(MANIFEST)
        .line(line)
        .fix(
            "écrivez `<imsss:controlMode flow=\"true\"/>` pour un parcours pas à pas, ou laissez `choice` à `true` pour un parcours libre",
            "write `<imsss:controlMode flow=\"true\"/>` for a step-by-step path, or leave `choice` at `true` for a free one",
        ),
    );
}

/// Rules that name an objective must name one of the activity's own.
fn objectives<R: Read + Seek>(package: &mut Package<'_, R>, sources: &[&Element], (fr, en): (&str, &str)) {
    let mut defined: BTreeSet<&str> = BTreeSet::new();
    let mut referenced: Vec<(&str, usize, &str)> = Vec::new();
    for sequencing in sources {
        for element in sequencing.descendants() {
            if element.namespace == IMSSS && matches!(element.name.as_str(), "primaryObjective" | "objective") {
                defined.extend(element.attr("objectiveID"));
            }
            if element.is(IMSSS, "ruleCondition") {
                if let Some(id) = element.attr("referencedObjective") {
                    referenced.push((id, element.line, "imsss:ruleCondition referencedObjective"));
                }
            }
            if element.is(ADLSEQ, "objective") {
                if let Some(id) = element.attr("objectiveID") {
                    referenced.push((id, element.line, "adlseq:objective objectiveID"));
                }
            }
        }
    }
    for (id, line, attribute) in referenced {
        if defined.contains(id) {
            continue;
        }
        package.push(
            error(
                InspectCode::P043,
                format!("`{attribute}=\"{id}\"` ne désigne aucun objectif de {fr} : ce renvoi porte sur un objectif inconnu et ne jouera jamais comme prévu"),
                format!("`{attribute}=\"{id}\"` names no objective of {en}: it refers to an unknown objective and will never work as intended"),
            )
            .file(MANIFEST)
            .line(line)
            .fix(
                format!("déclarez `<imsss:objective objectiveID=\"{id}\">` dans les `<imsss:objectives>` de cette activité, ou corrigez la référence"),
                format!("declare `<imsss:objective objectiveID=\"{id}\">` in this activity's `<imsss:objectives>`, or fix the reference"),
            ),
        );
    }
}

/// Rollups that can never conclude: a rule needing more children than the cluster has, or a
/// cluster none of whose children counts toward its satisfaction.
fn rollup<R: Read + Seek>(
    package: &mut Package<'_, R>,
    activity: &Element,
    sources: &[&Element],
    children: &[&Element],
    collection: &Collection<'_>,
    (fr, en): (&str, &str),
) {
    let count = children.len();
    for sequencing in sources {
        for rule in sequencing.descendants().into_iter().filter(|e| e.is(IMSSS, "rollupRule")) {
            if rule.attr("childActivitySet") != Some("atLeastCount") {
                continue;
            }
            let Some(minimum) = rule.attr("minimumCount").and_then(|m| m.trim().parse::<usize>().ok()) else {
                continue;
            };
            if minimum > count {
                package.push(
                    warning(
                        InspectCode::P044,
                        format!("une règle de consolidation de {fr} demande au moins {minimum} éléments sur les {count} qu'il contient : elle ne s'appliquera jamais"),
                        format!("a rollup rule of {en} needs at least {minimum} of its {count} items: it will never apply"),
                    )
                    .file(MANIFEST)
                    .line(rule.line)
                    .fix(
                        format!("ramenez `minimumCount` à {count} au plus, ou utilisez `childActivitySet=\"all\"`"),
                        format!("bring `minimumCount` down to {count} or less, or use `childActivitySet=\"all\"`"),
                    ),
                );
            }
        }
    }
    let by_measure = boolean(setting(sources, "primaryObjective", "satisfiedByMeasure"), false)
        || sources.iter().any(|s| {
            s.descendants()
                .iter()
                .any(|e| e.is(IMSSS, "primaryObjective") && boolean(e.attr("satisfiedByMeasure"), false))
        });
    let counted = children.iter().any(|child| {
        boolean(setting(&self::sources(child, collection), "rollupRules", "rollupObjectiveSatisfied"), true)
    });
    if !counted && !by_measure {
        package.push(
            warning(
                InspectCode::P044,
                format!("aucun élément de {fr} ne compte pour sa réussite (tous ont `rollupObjectiveSatisfied=\"false\"`) : elle ne sera jamais atteinte"),
                format!("none of the items of {en} counts toward its satisfaction (all have `rollupObjectiveSatisfied=\"false\"`): it will never be satisfied"),
            )
            .file(MANIFEST)
            .line(activity.line)
            .fix(
                "laissez au moins un élément compter (`rollupObjectiveSatisfied=\"true\"`, la valeur par défaut), ou faites-la réussir par la mesure (`satisfiedByMeasure=\"true\"`)",
                "let at least one item count (`rollupObjectiveSatisfied=\"true\"`, the default), or have it satisfied by measure (`satisfiedByMeasure=\"true\"`)",
            ),
        );
    }
}

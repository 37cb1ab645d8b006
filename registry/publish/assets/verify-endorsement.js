// credreg verifier, endorsements: what a standalone EndorsementCredential endorses, and whether each endorsement
// an award embeds (credentialSubject.achievement.endorsement) holds for that award. The same rules as
// registry/verify/endorsements.py, so `credreg verify` and this page say the same.
//
// An embedded endorsement is verified in full as its own credential (by the core's `verify`, given in), then
// judged at the award's date: it holds when it is genuine, by a known issuer, not withdrawn, about this achievement
// (its subject id is the achievement's id), not by the award's own issuer, covering the achievement's version when
// it lists rubric versions, and the award date falls inside its validFrom..validUntil. It never changes the award's
// verdict: one that does not hold is a WARN step without a verdict. At most MAX_EMBEDDED are verified; endorsements
// inside endorsements are not followed. Part of the core: no DOM.

import { FAIL, PASS, UNKNOWN, V, WARN, isObject, issuerIdOf, parseTime, quoted, step } from "./verify-common.js";

// The rubric versions an endorsement covers, keyed by their absolute IRI (no context defines the term).
const RUBRIC_VERSIONS = "https://www.w3.org/ns/credentials/issuer-dependent#rubricVersions";

export const MAX_EMBEDDED = 8;
const COMMENT_CHARS = 80, SHOWN = 120, SHOWN_VERSIONS = 5;
const DATE_STEPS = ["valid from", "valid until"];
const START = ["validFrom", "issuanceDate"], END = ["validUntil", "expirationDate"];

const text = (v) => (typeof v === "string" ? v : "");
// A hostile value shown in a detail, as Python's `shown` quotes a string (cut, control characters escaped).
const shown = (v) => {
  if (typeof v !== "string") return quoted(v);
  const cut = v.length > SHOWN ? v.slice(0, SHOWN) : v;
  const mark = cut.includes("'") && !cut.includes('"') ? '"' : "'"; // as Python's repr quotes it
  return mark + cut.replace(/[^\P{C}]/gu, (ch) => "\\u" + ch.codePointAt(0).toString(16).padStart(4, "0")) + mark
    + (v.length > SHOWN ? "…" : "");
};
const short = (t) => { const flat = t.split(/\s+/).filter(Boolean).join(" "); return flat.length <= COMMENT_CHARS ? flat : flat.slice(0, COMMENT_CHARS - 1).trimEnd() + "…"; };
const field = (doc, names) => names.find((n) => Object.hasOwn(doc, n));

export function isEndorsement(credential) {
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  return types.includes("EndorsementCredential");
}

/** What a standalone endorsement endorses: its subject id, rubric versions and comment (shortened). */
export function endorsedStep(credential) {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const target = text(subject.id);
  if (!target) return step("endorsed", FAIL, "the endorsement names nothing it endorses (credentialSubject.id)", V.INVALID);
  const versions = Array.isArray(subject[RUBRIC_VERSIONS]) ? subject[RUBRIC_VERSIONS].filter((v) => typeof v === "string") : [];
  const scope = versions.length
    ? " (rubric version" + (versions.length > 1 ? "s " : " ") + versions.slice(0, SHOWN_VERSIONS).join(", ")
      + (versions.length > SHOWN_VERSIONS ? " …" : "") + ")"
    : " (every rubric version)";
  const comment = text(subject.endorsementComment);
  return step("endorsed", PASS, "endorses " + shown(target) + scope + (comment ? ": " + shown(short(comment)) : ""));
}

/** A recipient asked of an endorsement: it is issued to no one, so not to this email either. */
export function noRecipientStep(credential) {
  const target = isObject(credential.credentialSubject) ? text(credential.credentialSubject.id) : "";
  return step("recipient", FAIL, "an EndorsementCredential has no recipient: it endorses "
    + (target ? shown(target) : "a badge or an issuer") + ", it is not issued to a person; --recipient checks awards",
  V.WRONG_RECIPIENT);
}

/** The award's date an endorsement must cover: awardedDate, else validFrom (VC 1.1: issuanceDate). */
function awardDate(award) {
  const name = field(award, ["awardedDate", ...START]);
  return name ? [text(award[name]), parseTime(award[name])] : ["", null];
}

function firstProblem(steps) {
  return steps.find((s) => !DATE_STEPS.includes(s.name)
    && (s.outcome === FAIL || s.outcome === UNKNOWN || (s.outcome === WARN && s.verdict))) || null;
}

/** [why it did not hold at the award date or null, the span it is valid for]. */
function dates(endorsement, awardText, awarded, now) {
  const startName = field(endorsement, START), endName = field(endorsement, END);
  const start = startName ? parseTime(endorsement[startName]) : null;
  const end = endName ? parseTime(endorsement[endName]) : null;
  if (!start) return ["its validFrom is missing or not a date-time with zone", ""];
  if (endName && !end) return ["its " + endName + " " + shown(endorsement[endName]) + " is not a date-time with zone", ""];
  let span = "valid " + endorsement[startName].slice(0, 10) + " → " + (endName ? endorsement[endName].slice(0, 10) : "no end");
  if (end && now > end) span += ", expired since";
  if (!awarded) return ["the award has no awardedDate or validFrom to compare its dates with", span];
  if (awarded < start) return ["it starts " + endorsement[startName] + ", after this award (" + awardText + ")", span];
  if (end && awarded > end) return ["it ended " + endorsement[endName] + ", before this award (" + awardText + ")", span];
  return [null, span];
}

/** Why the endorsement's rubric versions leave out the achievement's version (the rubric it was assessed on). */
function scope(endorsement, achievement) {
  const versions = isObject(endorsement.credentialSubject) ? endorsement.credentialSubject[RUBRIC_VERSIONS] : undefined;
  if (!Array.isArray(versions) || !versions.length || versions.includes(achievement.version)) return null;
  const listed = versions.slice(0, SHOWN_VERSIONS).map(shown).join(", ") + (versions.length > SHOWN_VERSIONS ? " …" : "");
  return "it covers rubric version(s) " + listed + ", not " + shown(achievement.version === undefined ? null : achievement.version)
    + " that this award was assessed on (achievement.version)";
}

async function judge(number, endorsement, award, achievement, verify, now) {
  const target = achievement.id;
  const name = "endorsement " + number;
  if (!isObject(endorsement)) return step(name, WARN, "not a credential object (" + quoted(endorsement) + "): it does not hold");
  const label = shown(text(endorsement.name) || text(endorsement.id) || "unnamed");
  const problem = firstProblem(await verify(endorsement));
  const about = isObject(endorsement.credentialSubject) ? endorsement.credentialSubject.id : undefined;
  const [awardText, awarded] = awardDate(award);
  const [whyDates, span] = dates(endorsement, awardText, awarded, now);
  let why;
  if (problem && (problem.verdict === V.REVOKED || problem.verdict === V.SUSPENDED)) {
    why = "it was " + (problem.verdict === V.REVOKED ? "withdrawn" : "suspended") + " by its endorser (" + problem.name
      + ": " + problem.detail + "); a status list does not say since when, so it no longer counts";
  } else if (problem) why = problem.name + ": " + problem.detail;
  else if (!isEndorsement(endorsement)) why = "it is not an EndorsementCredential";
  else if (typeof target !== "string" || !target) why = "the achievement has no id it could be about";
  else if (about !== target) why = "it is about " + shown(about === undefined ? null : about) + ", not this achievement (" + shown(target) + ")";
  else if (issuerIdOf(endorsement) === issuerIdOf(award)) why = "its issuer is the award's own issuer: an issuer cannot endorse its own badge";
  else why = scope(endorsement, achievement) || whyDates;
  if (why !== null) return step(name, WARN, label + ": does not hold for this award: " + why);
  return step(name, PASS, label + ": verified; held on the award date (" + awardText + "); " + span);
}

/** One step per embedded endorsement (at most MAX_EMBEDDED), PASS when it holds for this award, else WARN.
 *  `verify(endorsement)` resolves to the endorsement's own steps (with their verdicts). */
export async function embeddedSteps(award, verify, now) {
  const subject = isObject(award.credentialSubject) ? award.credentialSubject : {};
  const achievement = subject.achievement;
  if (!isObject(achievement) || achievement.endorsement === undefined || achievement.endorsement === null) return [];
  const items = Array.isArray(achievement.endorsement) ? achievement.endorsement : [achievement.endorsement];
  const steps = [];
  for (const [i, item] of items.slice(0, MAX_EMBEDDED).entries()) {
    steps.push(await judge(i + 1, item, award, achievement, verify, now));
  }
  if (items.length > MAX_EMBEDDED) {
    steps.push(step("endorsements", WARN, (items.length - MAX_EMBEDDED) + " more embedded endorsement(s) not checked: at most "
      + MAX_EMBEDDED + " are verified per credential"));
  }
  return steps;
}

/** The verdict's addition when an award embeds endorsements: which do not hold ("" when all do, or none). */
export function endorsementNote(steps) {
  const judged = steps.filter((s) => s.name.startsWith("endorsement "));
  const failing = judged.filter((s) => s.outcome !== PASS).map((s) => s.name);
  const unchecked = steps.find((s) => s.name === "endorsements");
  const parts = [];
  if (failing.length) {
    parts.push(failing.join(", ") + (failing.length === 1 ? " does" : " do") + " not hold (" + failing.length + " of "
      + judged.length + " embedded; the award's own verdict stands)");
  }
  if (unchecked) parts.push(unchecked.detail);
  return parts.join("; ");
}

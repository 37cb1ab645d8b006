// credreg verifier, the /verify/ page's display of one result (DOM code; the page's, not the core's).
//
// As an Open Badges displayer (1EdTech's displayer conformance) it shows, above the verifier's log, the
// credential's image, name, description, issuer (name, id, and whether a registry verifies it), issue date,
// expiry, revocation status, what an endorsement endorses and whether each endorsement an award embeds holds;
// then the verdict in a banner (green only for VALID, amber when the signature holds but the issuer or the status
// is not established, red otherwise) with its one-line meaning and a note naming embedded endorsements that do
// not hold (they never change the verdict), a plain sentence for each document the browser was not allowed to fetch, the steps, and a re-verify button.
//
// A credential is hostile input: everything from it is shown with text nodes and textContent, never innerHTML;
// the only attribute that loads anything is the image's src, an https: or data:image URL vetted by the core
// and vetted again here (safeImageUrl), with no referrer.

import { FAIL, MEANING, PASS, UNKNOWN, V, WARN, safeImageUrl } from "./verify-core.js";

const STATUS_CLASS = {
  [V.VALID]: "valid", [V.REVOKED]: "revoked", [V.INVALID]: "revoked", [V.SUSPENDED]: "revoked",
  [V.EXPIRED]: "expired", [V.NOT_YET_VALID]: "pending", [V.STATUS_UNKNOWN]: "unverified",
  [V.CANNOT_VERIFY]: "unverified", [V.WRONG_RECIPIENT]: "revoked", [V.ISSUER_NOT_VERIFIED]: "unverified",
};
const PAGE_NOTE = { [V.CANNOT_VERIFY]: " `credreg verify` can check what this browser could not." };

export function el(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) appendText(node, content);
  return node;
}

// Text with `code` spans, built with text nodes only.
export function appendText(node, value) {
  String(value).split("`").forEach((part, i) => {
    if (!part) return;
    if (i % 2) node.appendChild(el("code", "", part.replace(/`/g, "")));
    else node.appendChild(document.createTextNode(part));
  });
}

/** The revocation line: from the status steps, in words. */
function statusText(steps) {
  const status = steps.filter((st) => st.name.startsWith("status"));
  const with_ = (outcome) => status.filter((st) => st.outcome === outcome).map((st) => st.detail).join("; ");
  if (!status.length) return "not checked";
  if (status.some((st) => st.outcome === FAIL)) return "revoked or suspended: " + with_(FAIL);
  if (status.some((st) => st.outcome === UNKNOWN)) return "unknown: " + with_(UNKNOWN);
  if (status.every((st) => st.outcome === WARN)) return with_(WARN);
  return "not revoked (checked against the issuer's signed status list)";
}

/** The embedded endorsements line: whether each holds for this award (the steps say why). */
function endorsementText(steps) {
  const judged = steps.filter((st) => st.name.startsWith("endorsement "));
  const unchecked = steps.find((st) => st.name === "endorsements");
  return judged.map((st) => st.name + (st.outcome === PASS ? " holds" : " does not hold")).join("; ")
    + (unchecked ? (judged.length ? "; " : "") + unchecked.detail : "");
}

function verbatim(tag, className, value) {
  const node = el(tag, className);
  node.textContent = value; // verbatim: a credential's text is never markup
  return node;
}

/** The displayer's card: image, name, description, issuer, dates and status. */
function card(result) {
  const s = result.summary || {};
  if (!(s.name || s.achievementName || s.issuerId)) return null;
  const section = el("section", "credreg-verify__card");
  const image = safeImageUrl(s.image);
  if (image) {
    const img = document.createElement("img");
    img.className = "credreg-verify__image";
    img.alt = s.achievementName || s.name || "badge image";
    img.referrerPolicy = "no-referrer";
    img.src = image;
    section.appendChild(img);
  }
  const body = el("div", "credreg-verify__card-body");
  body.appendChild(verbatim("h2", "credreg-verify__name", s.name || s.achievementName));
  const description = s.achievementDescription || s.description;
  if (description) body.appendChild(verbatim("p", "credreg-verify__description", description));
  const issuer = result.steps.find((st) => st.name === "issuer");
  const endorsed = result.steps.find((st) => st.name === "endorsed");
  const dl = el("dl", "credreg-verify__summary");
  for (const [label, value, field] of [
    ["Achievement", s.achievementName && s.achievementName !== s.name ? s.achievementName : "", "achievement"],
    ["Issuer", [s.issuerName, s.issuerId && "(" + s.issuerId + ")"].filter(Boolean).join(" "), "issuer"],
    ["Issuer verified", issuer ? (s.issuerVerified ? "yes: " : "no: ") + issuer.detail : "", "issuer-verified"],
    ["Issued", s.awardedDate || s.validFrom, "issued"],
    ["Expires", s.validUntil || "does not expire", "expires"],
    ["Revocation", statusText(result.steps), "status"],
    ["Endorses", endorsed ? endorsed.detail.replace(/^endorses /, "") : "", "endorses"],
    ["Endorsements", endorsementText(result.steps), "endorsements"],
    ["Credential id", s.id, "id"]]) {
    if (!value) continue;
    dl.appendChild(el("dt", "", label));
    const dd = verbatim("dd", "", value);
    dd.dataset.field = field;
    dl.appendChild(dd);
  }
  body.appendChild(dl);
  section.appendChild(body);
  return section;
}

function stepList(steps) {
  const list = el("ol", "credreg-log credreg-verify__steps");
  for (const st of steps) {
    const li = el("li", "credreg-log--" + (st.outcome === WARN ? "warning" : st.outcome.toLowerCase()));
    li.dataset.outcome = st.outcome;
    li.appendChild(el("strong", "credreg-verify__outcome", st.outcome));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(verbatim("span", "credreg-verify__step", st.name));
    li.appendChild(document.createTextNode(": "));
    li.appendChild(el("span", "credreg-verify__detail", st.detail));
    list.appendChild(li);
  }
  return list;
}

/** Show one result in `output`, replacing what was there. */
export function render(result, output) {
  output.replaceChildren();
  const summary = card(result);
  if (summary) output.appendChild(summary);
  const kind = STATUS_CLASS[result.verdict] || "unverified";
  const banner = el("div", "credreg-status credreg-status--" + kind + " credreg-verify__banner");
  banner.setAttribute("role", "status");
  banner.dataset.kind = kind;
  banner.appendChild(el("strong", "credreg-verify__verdict", result.verdict));
  banner.appendChild(document.createTextNode(" "));
  banner.appendChild(el("span", "credreg-verify__meaning",
    (result.meaning || MEANING[result.verdict] || "") + (PAGE_NOTE[result.verdict] || "")));
  if (result.endorsementNote) {
    const note = el("p", "credreg-verify__endorsement-note");
    note.textContent = "But " + result.endorsementNote + ".";
    banner.appendChild(note);
  }
  output.appendChild(banner);
  for (const url of result.blocked || []) {
    output.appendChild(el("p", "credreg-verify__blocked", "The browser was not allowed to fetch " + url.replace(/`/g, "")
      + " (the server does not allow cross-origin requests); `credreg verify " + url.replace(/`/g, "")
      + "` fetches it directly."));
  }
  output.appendChild(stepList(result.steps));
  const again = el("p", "credreg-verify__again");
  const button = el("button", "md-button credreg-verify__reverify", "Verify again");
  button.type = "button";
  button.id = "reverify-button";
  again.appendChild(button);
  again.appendChild(el("span", "credreg-verify__checked", " checked " + new Date().toISOString().replace(/\.\d+Z$/, "Z")
    + "; every check runs again, with fresh fetches"));
  output.appendChild(again);
  output.dataset.verdict = result.verdict;
  output.removeAttribute("aria-busy");
}

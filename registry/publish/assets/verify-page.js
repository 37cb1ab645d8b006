// credreg verifier, the /verify/ page: the entry module the page loads (<script type="module">). It wires
// the paste box, the file upload and `?url=` to the core (verify-core.js), passing it what only the page
// knows (the registry's site URL from the page's config, the site root this page is served from, whether
// this is a secure context), and shows each step like a verifier's log.
//
// A credential is hostile input: everything from it is shown with text nodes and textContent, never
// innerHTML, attributes that load things, or eval. `window.credregVerify` exposes the core's functions
// with the page's defaults, for the browser tests and for anyone checking by hand in the console.

import {
  FAIL, MAX_DOCUMENT_CHARS, UNKNOWN, V, WARN, base58Decode, decodeMultikey, decodeStatusList, didWebUrl, ed25519Support,
  fetchUrlFor, finish, identityHash, isSet, isSmallOrderKey, jcs, makeContext, step, verifyBytes, verifyCredential, verifyText, verifyUrl,
} from "./verify-core.js";

function readConfig() {
  const el = document.getElementById("credreg-config");
  if (!el) return {};
  try {
    const value = JSON.parse(el.textContent);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch (e) {
    return {};
  }
}

/** The core's options with this page's defaults: its config's siteUrl, its site root, its secure context. */
function pageOptions(options) {
  options = options || {};
  const config = readConfig();
  return {
    ...options,
    siteUrl: options.siteUrl !== undefined ? options.siteUrl : config.siteUrl,
    siteRoot: new URL(options.siteRoot || config.siteRoot || "../", location.href).href,
    secureContext: window.isSecureContext,
  };
}

const VERDICT_TEXT = {
  [V.VALID]: "Genuine and current: the signature, the issuer's key, the status list and the dates all check out.",
  [V.INVALID]: "Not genuine or malformed: do not rely on this credential.",
  [V.CANNOT_VERIFY]: "Could not be verified here: this says nothing either way; try `credreg verify`.",
  [V.REVOKED]: "Revoked by its issuer.",
  [V.SUSPENDED]: "Suspended by its issuer.",
  [V.EXPIRED]: "Genuine, but expired.",
  [V.NOT_YET_VALID]: "Genuine, but not valid yet.",
  [V.STATUS_UNKNOWN]: "The signature checks out, but whether it was revoked could not be found out.",
  [V.WRONG_RECIPIENT]: "Genuine, but not issued to this email.",
  [V.ISSUER_NOT_VERIFIED]: "The signature is valid, but the issuer is not verified: nothing binds it to this registry or a trust list, so it proves only that the file is intact, not who issued it.",
};
const STATUS_CLASS = {
  [V.VALID]: "valid", [V.REVOKED]: "revoked", [V.INVALID]: "revoked", [V.SUSPENDED]: "revoked",
  [V.EXPIRED]: "expired", [V.NOT_YET_VALID]: "pending", [V.STATUS_UNKNOWN]: "expired", [V.CANNOT_VERIFY]: "expired",
  [V.WRONG_RECIPIENT]: "revoked", [V.ISSUER_NOT_VERIFIED]: "expired",
};

function el(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) appendText(node, content);
  return node;
}

// Text with `code` spans, built with text nodes only.
function appendText(node, value) {
  String(value).split("`").forEach((part, i) => {
    if (!part) return;
    if (i % 2) node.appendChild(el("code", "", part.replace(/`/g, "")));
    else node.appendChild(document.createTextNode(part));
  });
}

function render(result, output) {
  output.replaceChildren();
  const s = result.summary || {};
  if (s.name || s.issuerName || s.achievementName || s.issuerId) {
    const dl = el("dl", "credreg-verify__summary");
    for (const [label, value] of [["Credential", s.name], ["Achievement", s.achievementName], ["Issuer", s.issuerName],
      ["Issuer DID", s.issuerId], ["Credential id", s.id]]) {
      if (!value) continue;
      dl.appendChild(el("dt", "", label));
      const dd = el("dd");
      dd.textContent = value; // verbatim: a credential's text is never markup
      dl.appendChild(dd);
    }
    output.appendChild(dl);
  }
  const banner = el("div", "credreg-status credreg-status--" + (STATUS_CLASS[result.verdict] || "expired"));
  banner.setAttribute("role", "status");
  banner.appendChild(el("strong", "credreg-verify__verdict", result.verdict));
  banner.appendChild(document.createTextNode(" "));
  banner.appendChild(el("span", "", VERDICT_TEXT[result.verdict] || ""));
  output.appendChild(banner);
  const list = el("ol", "credreg-log credreg-verify__steps");
  for (const st of result.steps) {
    const li = el("li", "credreg-log--" + (st.outcome === WARN ? "warning" : st.outcome.toLowerCase()));
    li.dataset.outcome = st.outcome;
    li.appendChild(el("strong", "credreg-verify__outcome", st.outcome));
    li.appendChild(document.createTextNode(" "));
    const name = el("span", "credreg-verify__step");
    name.textContent = st.name;
    li.appendChild(name);
    li.appendChild(document.createTextNode(": "));
    li.appendChild(el("span", "credreg-verify__detail", st.detail));
    list.appendChild(li);
  }
  output.appendChild(list);
  output.dataset.verdict = result.verdict;
  output.removeAttribute("aria-busy");
}

function showNotice(output, message) {
  let notice = document.getElementById("verify-notice");
  if (!notice) {
    notice = el("div", "credreg-verify__notice");
    notice.id = "verify-notice";
    output.parentNode.insertBefore(notice, output);
  }
  notice.setAttribute("role", "alert");
  notice.hidden = false;
  notice.replaceChildren();
  appendText(notice, message);
}

// verify.css sits next to this module (a module script has no document.currentScript: import.meta.url instead).
function linkStylesheet() {
  const href = new URL("verify.css", import.meta.url).href;
  if ([...document.querySelectorAll("link[rel~=stylesheet]")].some((link) => link.href === href)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.dataset.credregVerify = "";
  document.head.appendChild(link);
}

function wire() {
  const input = document.getElementById("credential-input");
  const output = document.getElementById("verify-result");
  const button = document.getElementById("verify-button");
  if (!input || !output || !button) return;
  const file = document.getElementById("credential-file");
  const email = document.getElementById("recipient-email");
  let run = 0;

  ed25519Support(window.isSecureContext).then((support) => {
    if (!support.ok) {
      showNotice(output, "This page cannot verify credentials in this browser: " + support.reason + ". Nothing "
        + "shown here can confirm that a credential is genuine. Open the page over https in a current browser, "
        + "or run `credreg verify`.");
    }
  });

  const start = async (work) => {
    const mine = ++run;
    output.setAttribute("aria-busy", "true");
    delete output.dataset.verdict;
    output.replaceChildren(el("p", "credreg-verify__busy", "Verifying…"));
    let result;
    try {
      result = await work();
    } catch (e) {
      result = finish(null, [step("verifier", UNKNOWN, "the check stopped on an unexpected error: " + (e && e.message || e), V.CANNOT_VERIFY)]);
    }
    if (mine === run) render(result, output);
  };
  const options = () => pageOptions({ recipient: email ? email.value : undefined });

  button.addEventListener("click", (event) => {
    event.preventDefault();
    start(() => verifyText(input.value.trim(), options()));
  });
  if (file) {
    file.addEventListener("change", () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      if (chosen.size > MAX_DOCUMENT_CHARS) {
        start(async () => finish(null, [step("format", FAIL, "the file is larger than 4 MiB", V.INVALID)]));
        return;
      }
      start(async () => {
        const bytes = new Uint8Array(await chosen.arrayBuffer());  // a baked PNG is bytes; the content decides
        const png = bytes[0] === 0x89 && bytes[1] === 0x50;
        input.value = png ? "" : new TextDecoder().decode(bytes);
        return verifyBytes(bytes, options());
      });
    });
  }
  const url = new URLSearchParams(location.search).get("url");
  if (url) {
    start(async () => {
      const result = await verifyUrl(url, options());
      if (result.credential) input.value = JSON.stringify(result.credential, null, 2);
      return result;
    });
  }
}

window.credregVerify = Object.freeze({
  verifyCredential: (credential, options) => verifyCredential(credential, pageOptions(options)),
  verifyText: (json, options) => verifyText(json, pageOptions(options)),
  verifyUrl: (url, options) => verifyUrl(url, pageOptions(options)),
  ed25519Support: () => ed25519Support(window.isSecureContext),
  jcs, isSmallOrderKey, base58Decode, decodeMultikey, didWebUrl, decodeStatusList, isSet, identityHash,
  fetchUrlFor: (url, options) => fetchUrlFor(url, makeContext(pageOptions(options))),
  VERDICTS: V,
});

linkStylesheet();
// A module script runs once the document is parsed (it is deferred), but it may also be loaded late.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();

// credreg verifier, the /verify/ page: the entry module the page loads (<script type="module">). It wires
// the paste box, the file upload and `?url=` to the core (verify-core.js), passing it what only the page
// knows (the registry's site URL from the page's config, the site root this page is served from, whether
// this is a secure context), and shows each step like a verifier's log.
//
// Every input goes through one call point, `verifyInput({kind, value})` (kind "text", "url" or "bytes"), so a
// new kind of input is one more branch there; the re-verify button runs the last input again, with fresh
// fetches. verify-display.js shows the result (a displayer's card above the log). A credential is hostile
// input: everything from it is shown with text nodes and textContent, never innerHTML or eval.
// `window.credregVerify` exposes the core's functions with the page's defaults, for the browser tests and
// for anyone checking by hand in the console.

import {
  FAIL, MAX_DOCUMENT_CHARS, UNKNOWN, V, base58Decode, decodeMultikey, decodeStatusList, didWebUrl, ed25519Support,
  fetchUrlFor, finish, identityHash, isSet, isSmallOrderKey, jcs, makeContext, nameKey, safeImageUrl, step,
  verifyBytes, verifyCredential, verifyText, verifyUrl,
} from "./verify-core.js";
import { appendText, el, render } from "./verify-display.js";

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
  let last = null;
  const verifyInput = (source) => {
    last = source;
    start(async () => {
      if (source.kind === "url") {
        const result = await verifyUrl(source.value, options());
        if (result.credential) input.value = JSON.stringify(result.credential, null, 2);
        return result;
      }
      if (source.kind === "bytes") return verifyBytes(source.value, options());
      return verifyText(source.value, options());
    });
  };
  output.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.id === "reverify-button" && last) verifyInput(last);
  });

  button.addEventListener("click", (event) => {
    event.preventDefault();
    verifyInput({ kind: "text", value: input.value.trim() });
  });
  if (file) {
    file.addEventListener("change", () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      if (chosen.size > MAX_DOCUMENT_CHARS) {
        start(async () => finish(null, [step("load", FAIL, "the file is larger than 4 MiB", V.INVALID)]));
        return;
      }
      chosen.arrayBuffer().then((buffer) => {
        const bytes = new Uint8Array(buffer);  // a baked PNG is bytes; the content decides what it is
        const png = bytes[0] === 0x89 && bytes[1] === 0x50;
        input.value = png ? "" : new TextDecoder().decode(bytes);
        verifyInput({ kind: "bytes", value: bytes });
      });
    });
  }
  const url = new URLSearchParams(location.search).get("url");
  if (url) verifyInput({ kind: "url", value: url });
}

window.credregVerify = Object.freeze({
  verifyCredential: (credential, options) => verifyCredential(credential, pageOptions(options)),
  verifyText: (json, options) => verifyText(json, pageOptions(options)),
  verifyUrl: (url, options) => verifyUrl(url, pageOptions(options)),
  ed25519Support: () => ed25519Support(window.isSecureContext),
  jcs, isSmallOrderKey, base58Decode, decodeMultikey, didWebUrl, decodeStatusList, isSet, identityHash, nameKey,
  safeImageUrl,
  fetchUrlFor: (url, options) => fetchUrlFor(url, makeContext(pageOptions(options))),
  VERDICTS: V,
});

linkStylesheet();
// A module script runs once the document is parsed (it is deferred), but it may also be loaded late.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();

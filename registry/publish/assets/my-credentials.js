// "All my credentials": the email typed is hashed here with each published salt (SHA-256 of the trimmed,
// lower-cased email followed by the salt, as registry/ob3/recipient.py does) and compared with each
// credential's identityHash. Nothing but the public index is fetched; the email never leaves the page.
(function () {
  "use strict";
  var box = document.getElementById("credreg-mine");
  if (!box) { return; }
  var input = document.getElementById("credreg-mine-email");
  var button = document.getElementById("credreg-mine-find");
  var status = document.getElementById("credreg-mine-status");
  var list = document.getElementById("credreg-mine-list");
  var index = null;
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

  function say(text) { status.textContent = text; }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch(box.dataset.index, { credentials: "omit" }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (!data || !Array.isArray(data.credentials)) { throw new Error("not a credential index"); }
      index = data.credentials;
      return index;
    });
  }
  function show(matches) {
    list.textContent = "";
    matches.forEach(function (c) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var page = String(c.page || "");
      link.href = /^https:\/\//.test(page) ? box.dataset.credentials + encodeURIComponent(c.id) + "/" : "#";
      link.textContent = String(c.badge);
      item.appendChild(link);
      var state = c.revoked ? "revoked" : (c.validUntil && new Date(c.validUntil) < new Date() ? "expired" : "valid");
      item.appendChild(document.createTextNode(" from " + String(c.issuer) + ", awarded " +
        String(c.awarded).slice(0, 10) + " (" + state + ")"));
      item.dataset.credential = String(c.id);
      item.dataset.state = state;
      list.appendChild(item);
    });
  }
  function find() {
    var email = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!EMAIL.test(email)) { say("That does not look like an email address."); return; }
    if (!(window.crypto && crypto.subtle)) { say("Your browser cannot hash here (this page needs https)."); return; }
    say("Checking…");
    var started = performance.now();
    load().then(function (entries) {
      var encoder = new TextEncoder();
      return Promise.all(entries.map(function (c) {
        return crypto.subtle.digest("SHA-256", encoder.encode(email + String(c.salt))).then(function (digest) {
          return ("sha256$" + hex(digest)) === String(c.identityHash).toLowerCase() ? c : null;
        });
      })).then(function (found) {
        var matches = found.filter(Boolean);
        box.dataset.checked = String(entries.length);
        box.dataset.ms = String(Math.round(performance.now() - started));
        show(matches);
        say(matches.length ? matches.length + (matches.length === 1 ? " credential" : " credentials") + " for this email."
          : "No credential in this registry was awarded to this email.");
      });
    }).catch(function (error) {
      say("The list of credentials could not be loaded (" + error.message + "). Try again later.");
    });
  }
  button.addEventListener("click", find);
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { find(); } });
})();

// Evidence page: the copy-link button, and every part that depends on the date re-worded as of the reader's
// date. The page says what held on the day the site was built; a credential may have expired (or begun to be
// valid) since. The wording is evidence.py's (status_of, dates_row, dates_step): keep the two in step.
(function () {
  "use strict";
  var copy = document.getElementById("credreg-copy");
  if (copy) {
    copy.addEventListener("click", function () {
      var link = copy.dataset.link;
      var done = function () { copy.textContent = "Link copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(done, function () { window.prompt("Copy this link:", link); });
      } else {
        window.prompt("Copy this link:", link);
      }
    });
  }

  var now = new Date();
  var today = now.toISOString().slice(0, 10);
  var day = function (iso) { return iso ? new Date(iso).toISOString().slice(0, 10) : ""; };

  // The dates' status as of now (evidence.py dates_status); null when the element's state is not the dates'.
  function stateOf(el) {
    var kind = el.dataset.kind, from = el.dataset.validFrom, until = el.dataset.validUntil;
    if (kind === "revoked" || !from || isNaN(new Date(from))) { return null; }
    if (until && !isNaN(new Date(until)) && new Date(until) < now) {
      return { kind: "expired", title: "Expired", ended: day(until), detail: "on " + day(until) };
    }
    if (new Date(from) > now) {
      return { kind: "pending", title: "Not yet valid", detail: "valid from " + day(from) };
    }
    return { kind: "valid", title: "Valid", detail: "as of " + today + (until ? ", until " + day(until) : "") };
  }

  function setKind(el, base, kind, kinds) {
    (kinds || ["valid", "expired", "pending"]).forEach(function (k) { el.classList.remove(base + "--" + k); });
    el.classList.add(base + "--" + kind);
    el.dataset.kind = kind;
  }

  var show = {
    banner: function (el, s) {
      setKind(el, "credreg-status", s.kind);
      el.querySelector("strong").textContent = s.title;
      el.querySelector("span").textContent = s.detail;
    },
    profile: function (el, s) { setKind(el, "credreg-profile", s.kind); },
    row: function (el, s) {
      el.querySelector("th").textContent = s.ended ? s.title : "Valid until";
      el.querySelector("td").textContent = s.ended || day(el.dataset.validUntil) || "does not expire";
      el.dataset.kind = s.kind;
    },
    log: function (el, s) {
      var pass = s.kind === "valid";
      setKind(el, "credreg-log", pass ? "pass" : "fail", ["pass", "fail"]);
      el.dataset.kind = s.kind;
      el.querySelector("strong").textContent = pass ? "PASS" : "FAIL";
      var from = day(el.dataset.validFrom), until = day(el.dataset.validUntil);
      el.lastChild.textContent = " dates: " + (pass ? "valid from " + from + (until ? " until " + until : "") : s.detail);
    },
    state: function (el, s) {
      setKind(el, "credreg-state", s.kind);
      el.firstChild.textContent = s.title + " ";
      el.querySelector("span").textContent = s.detail;
    },
    word: function (el, s) { el.textContent = s.title.toLowerCase(); el.dataset.kind = s.kind; }
  };

  var parts = document.querySelectorAll("[data-credreg-date]");
  for (var i = 0; i < parts.length; i++) {
    var el = parts[i], s = stateOf(el), how = show[el.dataset.credregDate];
    if (s && how) { how(el, s); }
  }
  var rechecked = document.getElementById("credreg-rechecked");
  if (rechecked && parts.length) {
    rechecked.textContent = "; its dates re-checked in your browser as of " + today;
  }
})();

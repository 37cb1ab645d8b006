// Evidence page: copy-link button, and the expiry shown as of now (the page itself says "as of the build").
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
  var status = document.getElementById("credreg-status");
  if (status && status.dataset.kind === "valid" && status.dataset.validUntil) {
    var until = new Date(status.dataset.validUntil);
    if (!isNaN(until) && until < new Date()) {
      status.className = "credreg-status credreg-status--expired";
      status.dataset.kind = "expired";
      status.firstElementChild.textContent = "Expired";
      status.lastElementChild.textContent = "on " + status.dataset.validUntil.slice(0, 10) + " (checked now, in your browser)";
    }
  }
})();

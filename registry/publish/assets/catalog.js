// Badge catalog filters: level, issuer, label and skill, applied in the browser (no data leaves the page).
(function () {
  "use strict";
  var form = document.getElementById("credreg-filters");
  var catalog = document.getElementById("credreg-catalog");
  var count = document.getElementById("credreg-count");
  if (!form || !catalog) { return; }
  function apply() {
    var level = form.elements.level.value;
    var issuer = form.elements.issuer.value;
    var label = form.elements.label.value;
    var skill = form.elements.skill.value.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(catalog.querySelectorAll(".credreg-card"), function (card) {
      var ok = (!level || card.dataset.level === level) &&
        (!issuer || card.dataset.issuer === issuer) &&
        (!label || card.dataset.label === label) &&
        (!skill || card.dataset.skills.indexOf(skill) !== -1 || card.dataset.text.indexOf(skill) !== -1);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + (shown === 1 ? " badge class" : " badge classes");
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  var params = new URLSearchParams(window.location.search);
  ["level", "issuer", "label", "skill"].forEach(function (name) {
    if (params.get(name)) { form.elements[name].value = params.get(name); }
  });
  apply();
})();

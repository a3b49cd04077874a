// Intervention form: add funding-line rows, and offer only the RT/RWs inside the chosen location.
// Loaded as a file (the CSP forbids inline scripts); works without it, this only helps.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    var prefix = button.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var body = document.querySelector("[data-formset-body]");
    var template = document.getElementById("funding-line-template");
    if (!total || !body || !template) { return; }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  });

  var locationSelect = document.querySelector("[data-location-select]");
  var area = document.querySelector("[data-area-select]");
  if (!locationSelect || !area) { return; }
  function narrowAreas() {
    var chosen = locationSelect.options[locationSelect.selectedIndex];
    var prefix = chosen ? chosen.getAttribute("data-path") : null;
    Array.prototype.forEach.call(area.options, function (option) {
      var path = option.getAttribute("data-path");
      var fits = !prefix || !path || path.indexOf(prefix) === 0;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) { area.value = ""; }
    });
  }
  locationSelect.addEventListener("change", narrowAreas);
  narrowAreas();
});

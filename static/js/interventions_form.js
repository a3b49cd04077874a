// Intervention form: add funding-line rows (the CSP forbids inline scripts, so this is a file).
// The RT/RW options follow the chosen location through htmx (hx-get on the location select).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    var prefix = button.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var body = document.querySelector("[data-formset-body]");
    var template = document.getElementById("funding-line-template");
    if (!total || !body || !template) { return; }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
    });
  });
});

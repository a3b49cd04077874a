// Fuzzy dates on collaboration forms: show the date input only for "tanggal lengkap" and the year
// input only for "tahun saja". Hidden inputs are disabled, so they are not sent: the server never
// receives a date the user meant to drop. Without JavaScript every input stays visible and the
// server's validation explains what to clear.
(function () {
  "use strict";

  var PARTS = {
    date_precision: ["date", "year"],
    due_precision: ["due_date", "due_year"],
    done_precision: ["done_date", "done_year"],
    target_precision: ["target_date", "target_year"]
  };

  function wrapper(input) {
    return input.closest(".mb-3") || input.parentElement;
  }

  function toggle(select, dateInput, yearInput) {
    var showDate = select.value === "day";
    var showYear = select.value === "year";
    [[dateInput, showDate], [yearInput, showYear]].forEach(function (pair) {
      var input = pair[0];
      if (!input) { return; }
      input.disabled = !pair[1];
      wrapper(input).hidden = !pair[1];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Object.keys(PARTS).forEach(function (name) {
      var select = document.getElementById("id_" + name);
      if (!select) { return; }
      var dateInput = document.getElementById("id_" + PARTS[name][0]);
      var yearInput = document.getElementById("id_" + PARTS[name][1]);
      toggle(select, dateInput, yearInput);
      select.addEventListener("change", function () { toggle(select, dateInput, yearInput); });
    });
  });
})();

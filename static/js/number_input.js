// Shows under every decimal box how its text was understood ("= Rp 250.000.000"), with the
// reading rules of core/numbers.py: the dot groups thousands, the comma is the decimal mark, a
// single dot is a decimal point unless exactly three digits follow it (then it is ambiguous).
// The server decides; this is only a mirror so that a typo is seen before saving.
(function () {
  "use strict";

  var UNITS = { money: "Rp ", area: " Ha", length: " m", percent: "%" };

  function group(whole) {
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function read(raw) {
    var text = raw.trim().replace(/\u00a0/g, " ").replace(/^rp\.?\s*/i, "");
    text = text.replace(/\s*(ha|m2|m²|m|%|unit|kk)$/i, "").replace(/ /g, "");
    if (!text) { return null; }
    var sign = "";
    if (text[0] === "-" || text[0] === "+") { sign = text[0] === "-" ? "-" : ""; text = text.slice(1); }
    var whole, fraction = "";
    if (!/^[\d.,]+$/.test(text) || !/^[\d,]/.test(text)) { return { error: "nan" }; }
    if (text.indexOf(",") >= 0) {
      var parts = text.split(",");
      if (parts.length > 2 || parts[1].indexOf(".") >= 0) { return { error: "english" }; }
      whole = parts[0] || "0";
      fraction = parts[1];
      if (!/^\d+$/.test(fraction)) { return { error: "nan" }; }
    } else if ((text.match(/\./g) || []).length > 1) {
      whole = text;
      fraction = "";
    } else if (/^[1-9]\d{0,2}\.\d{3}$/.test(text)) {
      return { error: "ambiguous" };
    } else {
      var dot = text.split(".");
      whole = dot[0];
      fraction = dot.length > 1 ? dot[1] : "";
      if (!/^\d+$/.test(whole) || (dot.length > 1 && !/^\d+$/.test(fraction))) { return { error: "nan" }; }
      return { sign: sign, whole: whole.replace(/^0+(?=\d)/, ""), fraction: fraction };
    }
    if (!/^\d+$/.test(whole)) {
      if (!/^\d{1,3}(\.\d{3})+$/.test(whole)) { return { error: "grouping" }; }
      whole = whole.replace(/\./g, "");
    }
    return { sign: sign, whole: whole.replace(/^0+(?=\d)/, ""), fraction: fraction };
  }

  function describe(input) {
    var kind = input.dataset.numberKind || "number";
    var result = read(input.value);
    if (result === null) { return { text: "", bad: false }; }
    if (result.error) {
      return { text: input.dataset["numberError" + result.error[0].toUpperCase() + result.error.slice(1)] || "?", bad: true };
    }
    var fraction = result.fraction.replace(/0+$/, "");
    var number = result.sign + group(result.whole) + (fraction ? "," + fraction : "");
    var unit = UNITS[kind] || "";
    var shown = kind === "money" ? unit + number : number + unit;
    return { text: "= " + shown, bad: false };
  }

  function echoFor(input) {
    var id = input.id ? input.id + "-echo" : "";
    var echo = id ? document.getElementById(id) : null;
    if (!echo) {
      echo = document.createElement("div");
      echo.className = "form-text number-echo";
      echo.setAttribute("aria-live", "polite");
      if (id) { echo.id = id; }
      input.insertAdjacentElement("afterend", echo);
    }
    return echo;
  }

  function update(input) {
    var echo = echoFor(input);
    var shown = describe(input);
    echo.textContent = shown.text;
    echo.classList.toggle("text-danger", shown.bad);
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-number-kind]")) { update(input); }
  });

  function initial(root) {
    root.querySelectorAll("input[data-number-kind]").forEach(function (input) {
      if (input.value) { update(input); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initial(document); });
  document.addEventListener("htmx:afterSwap", function (event) { initial(event.target); });
})();

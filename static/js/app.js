// Site behaviour loaded on every page (no inline scripts: the CSP forbids them).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});

// Officials' navbar: how many records wait for verification (fetched, so pages stay flat).
(function () {
  const badge = document.getElementById("nav-pending-count");
  if (!badge) return;
  fetch(badge.dataset.pendingUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (data && data.pending > 0) {
        badge.textContent = String(data.pending);
        badge.hidden = false;
      }
    })
    .catch(() => {});
})();

// Verification queue: "select all" of a group ticks its items.
document.querySelectorAll("[data-select-group]").forEach((box) => {
  box.addEventListener("change", () => {
    document.querySelectorAll(`[data-group="${box.dataset.selectGroup}"]`).forEach((item) => {
      item.checked = box.checked;
    });
  });
});

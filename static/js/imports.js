// Import pages: a file is processed while the request runs, so say so and block a second submit.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-busy-text]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      var note = form.querySelector("[data-busy-note]");
      if (button) { button.disabled = true; }
      if (note) {
        note.textContent = form.dataset.busyText;
        note.classList.remove("d-none");
      }
    });
  });
});

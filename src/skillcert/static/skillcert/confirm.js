// One confirmation for every irreversible action (force submit, issue, publish, void, delete):
// a form with data-confirm="…" is sent only after the user agrees. Capture phase on the
// document, so it runs before htmx or any other submit handler; no inline scripts needed.
document.addEventListener(
  "submit",
  function (event) {
    var form = event.target;
    var message = form && form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true
);

// A button with data-print prints the page (the CSP allows no inline onclick).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});

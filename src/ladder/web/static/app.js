// ladder — a little plain JavaScript. Every page works without it; this only makes the
// bulk re-tag quicker (select all, a count) and asks before a delete.
(function () {
  "use strict";

  function updateCount() {
    var picked = document.querySelectorAll("input.pick:checked").length;
    var out = document.querySelector(".bulk-count");
    if (out) out.textContent = picked ? picked + " selected" : "";
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("pick-all")) {
      document.querySelectorAll("input.pick").forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.classList && (target.classList.contains("pick") || target.classList.contains("pick-all"))) {
      updateCount();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
    if (form.id === "bulk" && !document.querySelector("input.pick:checked")) {
      event.preventDefault();
      var out = document.querySelector(".bulk-count");
      if (out) out.textContent = "Tick the entries to re-tag first.";
    }
  });
})();

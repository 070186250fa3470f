// ladder — a little plain JavaScript. Every page works without it; this only makes the
// bulk re-tag quicker (select all, a count), asks before a delete, and narrows the action
// items a 1:1 can close to the person it is with.
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

  // The 1:1 form: "Closed in this 1:1" offers only the open items of the person it is with.
  function filterCloseItems() {
    document.querySelectorAll("fieldset[data-filter-by]").forEach(function (set) {
      var input = set.form && set.form.elements[set.getAttribute("data-filter-by")];
      if (!input) return;
      var who = input.value.trim().replace(/\s+/g, " ").toLowerCase();
      var shown = 0;
      set.querySelectorAll("label[data-with]").forEach(function (label) {
        var match = who !== "" && label.getAttribute("data-with") === who;
        label.hidden = !match;
        if (!match) label.querySelector("input").checked = false;
        if (match) shown += 1;
      });
      var none = set.querySelector(".close-none");
      if (none) none.hidden = shown > 0 || who === "";
      var ask = set.querySelector(".close-who");
      if (ask) ask.hidden = who !== "";
      set.classList.toggle("is-empty", shown === 0);
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.name === "with") filterCloseItems();
  });
  document.addEventListener("change", function (event) {
    if (event.target.name === "with") filterCloseItems();
  });
  filterCloseItems();

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

// The filter bar of the report: shown only when scripting runs (without it the page reads
// whole). Hides the margin notes whose rule or confidence is unticked, and the rows of the
// essay outside the chosen section; a claim whose notes are all hidden loses its highlight.
(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  form.hidden = false;
  function ticked(name) {
    var on = {};
    form.querySelectorAll("input[name=" + name + "]").forEach(function (i) {
      on[i.value] = i.checked;
    });
    return on;
  }
  function apply() {
    var rules = ticked("rule"), grades = ticked("grade");
    var section = form.querySelector("select[name=section]").value;
    document.querySelectorAll(".mnote").forEach(function (n) {
      n.hidden = rules[n.dataset.rule] === false || grades[n.dataset.grade] === false ||
        (section !== "*" && n.dataset.section !== section);
    });
    document.querySelectorAll(".essay .row[data-section]").forEach(function (r) {
      r.hidden = section !== "*" && r.dataset.section !== section;
    });
    document.querySelectorAll("[data-notes]").forEach(function (c) {
      var shown = c.dataset.notes.split(" ").some(function (id) {
        var n = document.getElementById(id);
        return n && !n.hidden;
      });
      c.classList.toggle("quiet", !shown);
    });
  }
  form.addEventListener("change", apply);
  apply();
})();

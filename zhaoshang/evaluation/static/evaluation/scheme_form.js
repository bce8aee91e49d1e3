// Scheme pages (no inline script, for the Content Security Policy):
// - a row table's 添加一行 copies its <template> row instead of posting the form back (which still works without JS);
// - a row whose 删除 box is ticked is greyed out until saved;
// - settings that only apply to one choice ([data-show-when]) are shown for that choice only;
// - the zone picker submits itself, and the print button prints.
(function () {
  "use strict";

  function addRow(prefix) {
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const template = document.getElementById(`${prefix}-empty`);
    const body = document.getElementById(`${prefix}-rows`);
    if (!total || !template || !body) return false;
    const index = parseInt(total.value, 10) || 0;
    const holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    const row = holder.querySelector("tr");
    if (!row) return false;
    body.querySelectorAll("[data-no-rows]").forEach((placeholder) => placeholder.remove());
    body.appendChild(row);
    total.value = String(index + 1);
    const first = row.querySelector("input:not([type=checkbox]), select");
    if (first) first.focus();
    return true;
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add && addRow(add.dataset.addRow)) {
      event.preventDefault();
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box.matches("tr[data-row] input[type=checkbox][name$='-DELETE']")) {
      const row = box.closest("tr");
      row.classList.toggle("table-danger", box.checked);
      row.classList.toggle("opacity-50", box.checked);
    }
    const picker = box.closest("form[data-autosubmit]");
    if (picker && box.tagName === "SELECT") picker.submit();
  });

  // [data-show-when="method=minmax"] shows for that value; [data-show-when="include_below_scale"] while ticked.
  const form = document.getElementById("scheme-form");
  if (form) {
    const blocks = Array.from(form.querySelectorAll("[data-show-when]"));
    const update = () => {
      blocks.forEach((block) => {
        const [name, wanted] = block.dataset.showWhen.split("=");
        const control = form.elements.namedItem(name);
        if (!control) return;
        const shown = wanted === undefined ? control.checked : control.value === wanted;
        block.classList.toggle("d-none", !shown);
      });
    };
    form.addEventListener("change", update);
    update();
  }

  // With JS the picker submits itself and the print button works: show the one, hide the other.
  document.querySelectorAll("[data-autosubmit-button]").forEach((button) => button.classList.add("d-none"));
  document.querySelectorAll("[data-print]").forEach((button) => { button.hidden = false; });
})();

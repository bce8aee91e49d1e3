// Small behaviours shared by every page: the htmx-driven modal and the kanban drag-and-drop.
(function () {
  const modalEl = document.getElementById("app-modal");
  const modal = modalEl ? new bootstrap.Modal(modalEl) : null;

  // A response aimed at the modal opens it; a 204 with HX-Trigger "closeModal" closes it.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id === "app-modal-content" && modal) modal.show();
  });
  document.body.addEventListener("closeModal", () => modal && modal.hide());

  // Kanban: dropping a card on another column asks for the date of the new stage.
  function initBoard() {
    if (typeof Sortable === "undefined") return;
    document.querySelectorAll(".board-cards[data-stage]").forEach((list) => {
      Sortable.create(list, {
        group: "board",
        sort: false,
        animation: 150,
        filter: ".no-drag",
        onAdd: (evt) => {
          const card = evt.item;
          const back = encodeURIComponent(location.pathname + location.search);
          const url = card.dataset.moveUrl + "?stage=" + encodeURIComponent(list.dataset.stage) + "&next=" + back;
          // Put the card back: it moves for real only when the event is saved.
          evt.from.insertBefore(card, evt.from.children[evt.oldIndex] || null);
          htmx.ajax("GET", url, { target: "#app-modal-content", swap: "innerHTML" });
        },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", initBoard);
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target.id === "board") initBoard();
  });
})();

// Division pickers: choosing a province loads its cities, a city its districts.
document.addEventListener("change", async (event) => {
  const select = event.target;
  const picker = select.closest(".division-picker");
  if (!picker || !select.dataset.level || select.dataset.level === "district") return;
  const next = select.dataset.level === "province" ? ["city", "district"] : ["district"];
  const empty = { city: "市", district: "区县" };
  next.forEach((level) => {
    const target = picker.querySelector(`[data-level=${level}]`);
    target.innerHTML = `<option value="">${empty[level]}</option>`;
  });
  if (!select.value) return;
  const response = await fetch(`${picker.dataset.childrenUrl}?parent=${encodeURIComponent(select.value)}`);
  const { divisions } = await response.json();
  const target = picker.querySelector(`[data-level=${next[0]}]`);
  divisions.forEach((division) => target.add(new Option(division.name, division.id)));
});

// Declarative behaviours instead of inline handlers (the Content Security Policy forbids inline script):
//   <form data-confirm="确定删除…?">   asks before submitting;
//   <select data-autosubmit>           submits its form when changed;
//   <select data-navigate>             opens the chosen option's value (a URL);
//   <button data-print>                prints the page;
//   <form data-year-nav="/calendar/">  opens base + year + "/" for the form's `year` field.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  if (form.dataset.yearNav !== undefined) {
    event.preventDefault();
    location.href = form.dataset.yearNav + encodeURIComponent(form.elements.year.value) + "/";
  }
}, true);
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select.matches("select[data-autosubmit]") && select.form) select.form.submit();
  else if (select.matches("select[data-navigate]") && select.value) location.href = select.value;
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

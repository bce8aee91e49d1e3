// The target form: show only the value fields of the chosen split (the year field for a year target or a rate).
(function () {
  const form = document.getElementById("target-form");
  if (!form) return;
  const granularity = form.querySelector("[name=granularity]");
  const metric = form.querySelector("[name=metric]");

  function showPeriods() {
    const split = granularity.value; // year, quarter, month
    const isRate = metric.value === "major_completion_rate";
    form.querySelectorAll("[data-periods]").forEach((group) => {
      const kinds = group.dataset.periods.split(" ");
      const shown = kinds.includes(split) || (isRate && kinds.includes("rate"));
      group.classList.toggle("d-none", !shown);
    });
  }
  granularity.addEventListener("change", showPeriods);
  metric.addEventListener("change", showPeriods);
  showPeriods();
})();

// One place for drawing ECharts charts (served locally) on a page: a chart is drawn into its element when the
// page has it, and every chart drawn follows the window's size. Load after echarts.min.js, before the page's charts.
window.zsCharts = (function () {
  const charts = [];
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
  return {
    ready: typeof echarts !== "undefined",
    draw(id, option) {
      const el = document.getElementById(id);
      if (!el) return;
      const chart = echarts.init(el);
      chart.setOption(option);
      charts.push(chart);
    },
  };
})();

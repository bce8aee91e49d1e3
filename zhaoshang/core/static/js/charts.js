// The home page's funnel, drawn with the locally served ECharts (js/echarts_page.js).
(function () {
  const el = document.getElementById("funnel-chart");
  if (!el || !window.zsCharts || !zsCharts.ready) return;
  const data = JSON.parse(el.dataset.funnel || "[]");
  zsCharts.draw("funnel-chart", {
    tooltip: { trigger: "item", formatter: "{b}: {c} 个" },
    grid: { left: 70, right: 30, top: 10, bottom: 20 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.map((d) => d.name) },
    series: [{ type: "bar", data: data.map((d) => d.value), itemStyle: { color: "#1f4e8c" },
               label: { show: true, position: "right" } }],
  });
})();

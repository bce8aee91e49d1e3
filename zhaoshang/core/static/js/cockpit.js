// Cockpit charts, drawn with the locally served ECharts from data the page embeds (json_script).
(function () {
  if (!window.zsCharts || !zsCharts.ready) return;
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
  const draw = zsCharts.draw;
  const trend = read("trend-data");
  draw("trend-chart", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 40, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", minInterval: 1, name: "个" },
    series: [
      { name: "今年签约", type: "bar", data: trend.signed_this, itemStyle: { color: "#1f4e8c" } },
      { name: "去年签约", type: "line", data: trend.signed_last, itemStyle: { color: "#8fb3e0" } },
      { name: "今年开工", type: "bar", data: trend.started_this, itemStyle: { color: "#d98a1f" } },
      { name: "去年开工", type: "line", data: trend.started_last, itemStyle: { color: "#f0c48a" } },
    ],
  });
  const funnel = read("funnel-data");
  draw("funnel-chart-stage", {
    tooltip: { trigger: "item", formatter: "{b}: {c} 个" },
    grid: { left: 60, right: 30, top: 10, bottom: 20 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: funnel.map((row) => row[0]) },
    series: [{ type: "bar", data: funnel.map((row) => row[1]), itemStyle: { color: "#1f4e8c" }, label: { show: true, position: "right" } }],
  });
  const signedBy = read("signed-by-data");
  const pie = (rows) => rows.map((row) => ({ name: row[0], value: Number(row[1]) }));
  draw("industry-chart", {
    tooltip: { trigger: "item", formatter: "{b}: {c} 亿元 ({d}%)" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: pie(signedBy.industry), label: { formatter: "{b}\n{c}亿" } }],
  });
  draw("channel-chart", {
    tooltip: { trigger: "axis" },
    grid: { left: 90, right: 30, top: 10, bottom: 20 },
    xAxis: { type: "value", name: "亿元" },
    yAxis: { type: "category", inverse: true, data: signedBy.channel.map((row) => row[0]) },
    series: [{ type: "bar", data: signedBy.channel.map((row) => Number(row[1])), itemStyle: { color: "#3a7d44" }, label: { show: true, position: "right" } }],
  });
})();

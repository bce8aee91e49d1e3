// A run's summary charts, drawn with the locally served ECharts from the data the page embeds (json_script).
(function () {
  const source = document.getElementById("evaluation-chart-data");
  if (!source || !window.zsCharts || !zsCharts.ready) return;
  const data = JSON.parse(source.textContent);
  const draw = zsCharts.draw;
  const groupColours = ["#1f4e8c", "#8fb3e0"];
  draw("class-chart", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 40, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: data.classes },
    yAxis: { type: "value", minInterval: 1, name: "家" },
    series: data.groups.map((group, i) => ({
      name: group.name, type: "bar", stack: "count", data: group.counts, itemStyle: { color: groupColours[i % 2] },
      label: { show: true, position: "inside", formatter: (p) => (p.value ? p.value : "") },
    })),
  });
  const percent = (values) => {
    const total = values.reduce((a, b) => a + b, 0);
    return values.map((v) => (total ? Math.round((1000 * v) / total) / 10 : 0));
  };
  const classes = data.classes.slice(0, 4);
  const measures = [["用地", data.land], ["税收", data.tax], ["营业收入", data.revenue]];
  draw("share-chart", {
    tooltip: { trigger: "axis", valueFormatter: (v) => `${v}%` },
    legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 10, bottom: 50 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: measures.map((m) => m[0]) },
    series: classes.map((klass, i) => ({
      name: `${klass}类`, type: "bar", stack: "share", itemStyle: { color: data.colours[i] },
      data: measures.map((m) => percent(m[1])[i]),
      label: { show: true, formatter: (p) => (p.value >= 6 ? `${p.value}%` : "") },
    })),
  });
})();

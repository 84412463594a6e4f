/* The "my hours" chart: approved hours per month from the json_script block, drawn with ECharts. */
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("hours-chart");
    var source = document.getElementById("hours-chart-data");
    if (!container || !source || typeof echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var existing = echarts.getInstanceByDom(container);
    if (existing) {
      existing.dispose();
    }
    var chart = echarts.init(container, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: data.name, nameTextStyle: { align: "left" } },
      series: [{ type: "bar", name: data.name, data: data.values, itemStyle: { color: "#c8161d" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();

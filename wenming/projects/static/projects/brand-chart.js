/* The brand page's chart: approved hours per project from the json_script block, drawn with ECharts. */
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("brand-chart");
    var source = document.getElementById("brand-chart-data");
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
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", name: data.label },
      yAxis: { type: "category", data: data.names, inverse: true },
      series: [{ type: "bar", name: data.label, data: data.hours, itemStyle: { color: "#c8161d" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();

/* The "my points" chart: points earned and redeemed per month from the json_script block, with ECharts. */
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("points-chart");
    var source = document.getElementById("points-chart-data");
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
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value" },
      series: [
        { type: "bar", name: data.names[0], data: data.earned, itemStyle: { color: "#c8161d" } },
        { type: "bar", name: data.names[1], data: data.redeemed, itemStyle: { color: "#1f3f8f" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();

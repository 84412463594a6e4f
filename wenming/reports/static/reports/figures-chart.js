/* The figures chart of the home page: data from the json_script block, drawn with ECharts. */
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("figures-chart");
    var source = document.getElementById("figures-chart-data");
    if (!container || !source || typeof echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var existing = echarts.getInstanceByDom(container);
    if (existing) {
      existing.dispose();
    }
    var chart = echarts.init(container, null, { renderer: "canvas" });
    // A log axis keeps 2 squares and 190,980 hours readable on one chart; zero has no log, so it is left empty.
    var values = data.values.map(function (value) { return value > 0 ? value : null; });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var index = items[0].dataIndex;
          return data.labels[index] + "<br>" + data.displays[index];
        }
      },
      xAxis: { type: "log", min: 1, axisLabel: { hideOverlap: true } },
      yAxis: { type: "category", inverse: true, data: data.labels, axisLabel: { width: 150, overflow: "truncate" } },
      series: [{
        type: "bar",
        data: values,
        itemStyle: { color: "#c8161d" },
        label: {
          show: true,
          position: "right",
          formatter: function (item) { return data.displays[item.dataIndex]; }
        }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();

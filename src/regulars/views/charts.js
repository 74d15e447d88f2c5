/* Draws the charts of a page: each <div data-figure> holds its Plotly figure as JSON (no inline
   script, so the dashboard's Content-Security-Policy allows scripts from the server only). Charts
   drawn while the page was still arriving took the width they had then: they are fitted to their
   boxes on load; on a phone a long title is broken over lines instead of running off the chart. */
function fitChart(p) {
  const narrow = p.clientWidth < 560, title = p.layout && p.layout.title && p.layout.title.text;
  if (narrow && title && title.length > 32 && !title.includes("<br>")) {
    const lines = title.split(" ").reduce((out, w) => {
      const last = out[out.length - 1];
      if (last && (last + " " + w).length <= 32) out[out.length - 1] = last + " " + w; else out.push(w);
      return out; }, []);
    Plotly.relayout(p, {"title.text": lines.join("<br>"), "title.font.size": 14, "margin.t": 24 + 18 * lines.length});
  }
  Plotly.Plots.resize(p);
}
function drawCharts() {
  document.querySelectorAll("div[data-figure]").forEach((box) => {
    const figure = JSON.parse(box.dataset.figure);
    box.removeAttribute("data-figure");
    Plotly.newPlot(box, figure.data, figure.layout, figure.config);
  });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
else drawCharts();
window.addEventListener("load", () => document.querySelectorAll(".js-plotly-plot").forEach(fitChart));

// The benefit-cliff chart: net income and benefits per month against the household's own
// income, from a sweep of POST /v1/{ruleset}/whatif; the points where net income falls as
// income rises (cliffs) are marked, with the programmes responsible in their tooltip.
"use strict";

function drawBenefitCliffChart(container, sweep, texts, programmeName) {
  const ns = "http://www.w3.org/2000/svg";
  const width = 640, height = 320, left = 80, right = 20, top = 20, bottom = 40;
  const points = sweep.points.map((p) => ({
    x: Number(p.own_income), net: Number(p.net_income), benefits: Number(p.benefits), cliff: p.cliff, drops: p.drops,
  }));
  container.replaceChildren();
  if (points.length < 2) return;
  const maxX = Math.max(...points.map((p) => p.x)) || 1;
  const maxY = Math.max(...points.map((p) => Math.max(p.net, p.benefits))) || 1;
  const sx = (x) => left + (x / maxX) * (width - left - right);
  const sy = (y) => height - bottom - (y / maxY) * (height - top - bottom);
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", texts.chart);
  const add = (name, attributes, text) => {
    const element = document.createElementNS(ns, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    svg.appendChild(element);
    return element;
  };
  const number = (n) => n.toLocaleString();
  add("line", { class: "axis", x1: left, y1: height - bottom, x2: width - right, y2: height - bottom });
  add("line", { class: "axis", x1: left, y1: top, x2: left, y2: height - bottom });
  for (let i = 0; i <= 4; ++i) {
    const y = (maxY * i) / 4, x = (maxX * i) / 4;
    add("text", { x: left - 6, y: sy(y) + 4, "text-anchor": "end" }, number(Math.round(y)));
    add("text", { x: sx(x), y: height - bottom + 16, "text-anchor": "middle" }, number(Math.round(x)));
  }
  add("text", { x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle" }, texts.ownIncome);
  const path = (key) => points.map((p, i) => `${i ? "L" : "M"}${sx(p.x).toFixed(1)},${sy(p[key]).toFixed(1)}`).join(" ");
  add("path", { class: "net", d: path("net") }).appendChild(document.createElementNS(ns, "title")).textContent = texts.netIncome;
  add("path", { class: "benefits", d: path("benefits") }).appendChild(document.createElementNS(ns, "title")).textContent = texts.benefits;
  for (const p of points.filter((q) => q.cliff)) {
    const mark = add("circle", { class: "cliff", cx: sx(p.x), cy: sy(p.net), r: 4 });
    const lost = p.drops.map((d) => `${programmeName(d.programme)} −${number(Number(d.monthly_drop))}`).join(", ");
    mark.appendChild(document.createElementNS(ns, "title")).textContent = `${texts.cliff} ${number(p.x)}: ${lost}`;
  }
  add("text", { x: left + 8, y: top + 4, class: "legend" }, `— ${texts.netIncome}   - - ${texts.benefits}   ● ${texts.cliff}`);
  container.appendChild(svg);
}

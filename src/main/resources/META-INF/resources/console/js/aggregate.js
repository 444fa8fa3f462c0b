// The aggregate view: group by fields (dates by bucket), count / sum / avg / min / max, the answer as a table and as
// a bar chart of its first aggregate (SVG, drawn here: one chart type, no charting library to ship).
import * as api from "./api.js";
import { h, problemBox, fill } from "./ui.js";

const NUMERIC = new Set(["integer", "number", "year"]);
const ORDERED = new Set(["integer", "number", "year", "date", "datetime", "time", "string", "yearmonth", "duration"]);
const BUCKETS = ["", "hour", "day", "week", "month", "quarter", "year"];
const SVG = "http://www.w3.org/2000/svg";

export async function aggregateTab(panel, ctx) {
  const fields = ctx.table.json_schema?.fields || [];
  const groupBy = h("select", { "aria-label": "Group by" }, h("option", { value: "" }, "(no grouping)"), fields.map((f) => h("option", { value: f.name }, f.name)));
  const bucket = h("select", { "aria-label": "Date bucket" }, BUCKETS.map((b) => h("option", { value: b }, b || "(no bucket)")));
  const fn = h("select", { "aria-label": "Aggregate function" }, ["count", "sum", "avg", "min", "max", "count_distinct"].map((f) => h("option", { value: f }, f)));
  const of = h("select", { "aria-label": "Of field" }, h("option", { value: "" }, "(all records)"), fields.map((f) => h("option", { value: f.name }, f.name)));
  const out = h("div.aggregate");
  const run = async () => {
    const groupField = fields.find((f) => f.name === groupBy.value);
    const key = groupBy.value ? groupBy.value + (bucket.value && ["date", "datetime"].includes(groupField?.type) ? ":" + bucket.value : "") : "";
    const aggregate = fn.value === "count" && !of.value ? "count(*)" : `${fn.value}(${of.value})`;
    try {
      const answer = await api.get(ctx.path + "records/aggregate/" + api.query({ group_by: key, aggregates: aggregate, limit: 1000 }));
      const rows = answer.results;
      const valueName = aggregate === "count(*)" ? "count" : `${fn.value}_${of.value}`;
      const labelName = key ? key.replace(":", "_") : null;         // created_at:month → created_at_month
      fill(out, chart(rows, labelName, valueName), resultTable(rows));
    } catch (e) { fill(out, problemBox(e)); }
  };
  const form = h("form.toolbar", { onsubmit: (e) => { e.preventDefault(); run(); } },
    h("label", "Group by ", groupBy), h("label", "bucket ", bucket), h("label", "Aggregate ", fn), h("label", "of ", of),
    h("button.primary", { type: "submit" }, "Run"));
  fn.addEventListener("change", () => {
    for (const o of of.options) o.disabled = o.value !== "" && fn.value !== "count" && fn.value !== "count_distinct" &&
      !(fn.value === "sum" || fn.value === "avg" ? NUMERIC : ORDERED).has(fields.find((f) => f.name === o.value)?.type);
  });
  fill(panel, form, out);
  await run();
}

function resultTable(rows) {
  if (!rows.length) return h("p.empty", "No groups.");
  const cols = Object.keys(rows[0]);
  return h("table.data", h("caption.sr", "Aggregate results"),
    h("thead", h("tr", cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", rows.map((r) => h("tr", cols.map((c) => h("td", r[c] === null ? "null" : String(r[c])))))));
}

function chart(rows, labelName, valueName) {
  const data = rows.map((r) => ({ label: labelName ? String(r[labelName] ?? "null") : "all", value: Number(r[valueName]) }))
    .filter((d) => Number.isFinite(d.value)).slice(0, 50);
  if (!data.length) return h("span");
  const max = Math.max(...data.map((d) => Math.abs(d.value)), 1);
  const barH = 22, labelW = 160, width = 640;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${data.length * barH + 4}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Bar chart of ${valueName}${labelName ? " by " + labelName : ""}`);
  svg.classList.add("chart");
  data.forEach((d, i) => {
    const y = i * barH + 2;
    const w = Math.max(1, (Math.abs(d.value) / max) * (width - labelW - 90));
    svg.append(el("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", class: "label" }, d.label.slice(0, 24)));
    svg.append(el("rect", { x: labelW, y: y + 3, width: w, height: barH - 6, class: "bar" }));
    svg.append(el("text", { x: labelW + w + 6, y: y + 15, class: "value" }, String(d.value)));
  });
  return h("figure.chart-box", svg);
}

function el(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

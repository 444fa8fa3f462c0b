// The filter builder: a tree of and / or / not groups and conditions, edited in place and sent as the JSON form's
// `where` (POST .../records/query/). Every one of the API's 29 operators is offered for the field types it applies to.
import { h, fill } from "./ui.js";

const ANY = ["eq", "ne", "in", "nin", "isnull"];
const ORDERED = ["gt", "gte", "lt", "lte", "range"];
const TEXT = ["iexact", "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith", "like", "ilike", "regex", "iregex"];
const CALENDAR = ["year", "month", "day", "date"];
const ARRAY = ["has", "hasany", "hasall"];
const OBJECT = ["haskey"];
const LIST_OPS = new Set(["in", "nin", "hasany", "hasall"]);

const LABELS = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", range: "between", in: "in", nin: "not in",
  isnull: "is null" };

function operatorsFor(type) {
  const ops = [...ANY];
  if (["string", "number", "integer", "boolean", "date", "time", "datetime", "year", "yearmonth", "duration"].includes(type)) ops.push(...ORDERED);
  if (["string", "yearmonth", "duration"].includes(type)) ops.push(...TEXT);
  if (["date", "datetime"].includes(type)) ops.push(...CALENDAR);
  if (["array", "list"].includes(type)) ops.push(...ARRAY);
  if (["object", "geojson", "any"].includes(type)) ops.push(...OBJECT);
  return ops;
}

const ALL_OPERATORS = [...ANY, ...ORDERED, ...TEXT, ...CALENDAR, ...ARRAY, ...OBJECT];

export function emptyGroup(kind = "and") { return { kind, items: [] }; }

/** The `where` document of a group, or undefined when it holds no condition. */
export function toWhere(group, fields) {
  const items = group.items.map((i) => (i.kind ? toWhere(i, fields) : condition(i, fields))).filter(Boolean);
  if (!items.length) return undefined;
  if (group.kind === "not") return { not: items.length === 1 ? items[0] : { and: items } };
  if (group.kind === "nor") return { not: { or: items } };
  return { [group.kind]: items };
}

function condition(c, fields) {
  if (!c.field) return undefined;
  const type = fields.find((f) => f.name === c.field)?.type || "string";
  if (c.op === "isnull") return { field: c.field, op: "isnull", value: c.value !== "false" };
  if (c.op === "range") return { field: c.field, op: "range", value: splitList(c.value).map((v) => typed(v, type)) };
  if (LIST_OPS.has(c.op)) return { field: c.field, op: c.op, value: splitList(c.value).map((v) => typed(v, type)) };
  if (CALENDAR.includes(c.op) && c.op !== "date") return { field: c.field, op: c.op, value: typed(c.value, "integer") };
  return { field: c.field, op: c.op, value: typed(c.value, type) };
}

function splitList(text) { return String(text ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""); }

/** Numbers and booleans as JSON values; anything that does not parse is sent as typed, for the API to name. */
function typed(value, type) {
  const v = String(value ?? "");
  if (["integer", "number", "year"].includes(type) && v.trim() !== "" && !isNaN(Number(v)) && Number.isSafeInteger(Math.trunc(Number(v)))) return Number(v);
  if (type === "boolean" && (v === "true" || v === "false")) return v === "true";
  return v;
}

/** The editor of a group, edited in place. Fields may be typed too (relation paths: author__name). */
export function groupEditor(group, fields, depth = 0) {
  const box = h("fieldset.group", { dataset: { depth } });
  const render = () => {
    const kind = h("select", { "aria-label": "Combine conditions", onchange: (e) => { group.kind = e.target.value; } },
      [["and", "All of"], ["or", "Any of"], ["nor", "None of"], ["not", "Not all of"]].map(([v, l]) => h("option", { value: v }, l)));
    kind.value = group.kind;
    fill(box, 
      h("legend", kind),
      group.items.map((item, i) => h("div.item",
        item.kind ? groupEditor(item, fields, depth + 1) : conditionEditor(item, fields),
        h("button.icon", { type: "button", "aria-label": "Remove", title: "Remove",
          onclick: () => { group.items.splice(i, 1); render(); } }, "✕"))),
      h("div.group-actions",
        h("button", { type: "button", onclick: () => { group.items.push({ field: fields[0]?.name || "", op: "eq", value: "" }); render(); } }, "+ Condition"),
        depth < 4 ? h("button", { type: "button", onclick: () => { group.items.push(emptyGroup("or")); render(); } }, "+ Group") : null));
  };
  render();
  return box;
}

let listCounter = 0;

function conditionEditor(c, fields) {
  const listId = "fields-" + (++listCounter);
  const fieldInput = h("input.field-name", { value: c.field, list: listId, "aria-label": "Field", size: 14,
    onchange: (e) => { c.field = e.target.value.trim(); refreshOps(); } });
  fieldInput.setAttribute("list", listId);
  const datalist = h("datalist", { id: listId }, fields.map((f) => h("option", { value: f.name })));
  const op = h("select", { "aria-label": "Operator", onchange: (e) => { c.op = e.target.value; refreshValue(); } });
  const valueBox = h("span.value");
  function refreshOps() {
    const type = fields.find((f) => f.name === c.field)?.type;
    const ops = type ? operatorsFor(type) : ALL_OPERATORS;
    fill(op, ...ops.map((o) => h("option", { value: o }, LABELS[o] || o)));
    if (!ops.includes(c.op)) c.op = ops[0];
    op.value = c.op;
    refreshValue();
  }
  function refreshValue() {
    if (c.op === "isnull") {
      const s = h("select", { "aria-label": "Value", onchange: (e) => { c.value = e.target.value; } },
        h("option", { value: "true" }, "yes"), h("option", { value: "false" }, "no"));
      s.value = c.value === "false" ? "false" : "true";
      c.value = s.value;
      fill(valueBox, s);
    } else {
      const hint = c.op === "range" ? "low,high" : LIST_OPS.has(c.op) ? "a,b,c" : "value";
      fill(valueBox, h("input", { value: c.value ?? "", placeholder: hint, "aria-label": "Value", size: 14,
        onchange: (e) => { c.value = e.target.value; } }));
    }
  }
  refreshOps();
  return h("span.condition", fieldInput, datalist, op, valueBox);
}

// A record's form: one control per schema field in the field's type (date and time pickers, enums as selects,
// checkboxes, JSON editors for objects and arrays), the API's validation errors next to each field, and the record's
// audit history below.
import * as api from "./api.js";
import { h, mount, toast, field, problemBox, showFieldErrors, link, confirmDanger, fill } from "./ui.js";
import { primaryKey } from "./table.js";
import { historyList } from "./audit.js";

const JSON_TYPES = new Set(["object", "array", "list", "geojson", "geopoint", "any"]);

export async function recordScreen(app, ds, name, key) {
  const table = await api.get(api.tablePath(app, ds, name));
  const schema = table.json_schema || {};
  const fields = schema.fields || [];
  const pk = primaryKey(schema);
  const record = key === null ? {} : await api.get(api.recordPath(app, ds, name, key));
  const controls = fields.map((f) => [f, control(f, record[f.name])]);
  const form = h("form.record-form", { novalidate: true },
    controls.map(([f, c]) => field(f.title || f.name, c, hint(f))),
    h("div.actions",
      h("a.button", { href: link("apps", app, ds, name, "records") }, "Back to records"),
      h("button.primary", { type: "submit" }, key === null ? "Create record" : "Save changes")));
  const problems = h("div");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    problems.replaceChildren();
    const body = {};
    const local = [];
    for (const [f, c] of controls) {
      try {
        const v = valueOf(f, c);
        if (key !== null && pk.includes(f.name)) continue;        // the key names the record; it is not changed here
        if (key === null && v === undefined) continue;
        body[f.name] = v === undefined ? null : v;
      } catch (err) { local.push({ field: f.name, message: err.message }); }
    }
    if (local.length) { showFieldErrors(form, local); return; }
    try {
      const saved = key === null ? await api.post(api.tablePath(app, ds, name) + "records/", body)
        : await api.patch(api.recordPath(app, ds, name, key), body);
      showFieldErrors(form, []);
      toast(key === null ? "Record created" : "Record saved");
      const newKey = pk.map((f) => saved[f]).join(",");
      if (key === null && pk.length) location.hash = link("apps", app, ds, name, "records", newKey);
      else if (key === null) location.hash = link("apps", app, ds, name, "records");
      else await recordScreen(app, ds, name, key);               // the saved values and the new history entry
    } catch (err) {
      const left = showFieldErrors(form, err.errors || []);
      if (left.length || !err.errors?.length) fill(problems, problemBox({ ...err, errors: left }));
      form.querySelector("[aria-invalid]")?.focus();
    }
  });
  const remove = key === null ? null : h("button.danger", { onclick: async () => {
    if (!(await confirmDanger(`Delete record ${key}?`, "This deletes the record."))) return;
    try { await api.del(api.recordPath(app, ds, name, key)); toast(`Record ${key} deleted`); location.hash = link("apps", app, ds, name, "records"); }
    catch (err) { fill(problems, problemBox(err)); }
  } }, "Delete record");
  mount(
    h("div.heading", h("h1", key === null ? `New record in ${name}` : `Record ${key} of ${name}`), remove),
    problems, form,
    key === null ? null : h("section", h("h2", "History"), await historyList(api.recordPath(app, ds, name, key) + "history/")));
}

function hint(f) {
  const c = f.constraints || {};
  const parts = [f.type + (f.format && f.format !== "default" ? ` (${f.format})` : "")];
  if (c.required) parts.push("required");
  if (c.minimum !== undefined) parts.push(`≥ ${c.minimum}`);
  if (c.maximum !== undefined) parts.push(`≤ ${c.maximum}`);
  if (c.maxLength !== undefined) parts.push(`at most ${c.maxLength} characters`);
  if (f.description) parts.push(f.description);
  return parts.join(" · ");
}

function control(f, value) {
  const c = f.constraints || {};
  const common = { dataset: { field: f.name }, name: f.name, required: !!c.required };
  if (Array.isArray(c.enum)) {
    const s = h("select", common, h("option", { value: "" }, "—"), c.enum.map((v) => h("option", { value: JSON.stringify(v) }, String(v))));
    s.value = value === undefined || value === null ? "" : JSON.stringify(value);
    return s;
  }
  if (f.type === "boolean") {
    const s = h("select", common, h("option", { value: "" }, "—"), h("option", { value: "true" }, "true"), h("option", { value: "false" }, "false"));
    s.value = value === true ? "true" : value === false ? "false" : "";
    return s;
  }
  if (JSON_TYPES.has(f.type)) {
    return h("textarea.json", { ...common, rows: 4, spellcheck: false, value: value === undefined || value === null ? "" : JSON.stringify(value, null, 2) });
  }
  const input = h("input", { ...common, type: inputType(f), value: toInput(f, value) });
  if (f.type === "integer" || f.type === "year") input.step = "1";
  if (f.type === "number") input.step = "any";
  if (f.type === "datetime") input.step = "0.001";
  if (f.type === "time") input.step = "1";
  if (c.maxLength !== undefined) input.maxLength = c.maxLength;
  return input;
}

function inputType(f) {
  switch (f.type) {
    case "integer": case "number": case "year": return "number";
    case "date": return "date";
    case "time": return "time";
    case "datetime": return "datetime-local";
    case "yearmonth": return "month";
    default: return f.format === "email" ? "email" : f.format === "uri" ? "url" : "text";
  }
}

/** The API's canonical value in the form the control takes (datetimes are UTC and shown as UTC). */
function toInput(f, value) {
  if (value === undefined || value === null) return "";
  if (f.type === "datetime") return String(value).replace(/Z$/, "").replace(/([+-]\d\d:\d\d)$/, "");
  return String(value);
}

/** The control's value as the API takes it; undefined when left empty. Throws on JSON that does not parse. */
function valueOf(f, c) {
  const raw = c.value;
  if (raw === "" || raw === undefined) return undefined;
  if (c.tagName === "SELECT") return f.type === "boolean" ? raw === "true" : JSON.parse(raw);
  if (JSON_TYPES.has(f.type)) {
    try { return JSON.parse(raw); } catch (e) { throw new Error("not valid JSON: " + e.message); }
  }
  if ((f.type === "integer" || f.type === "year") && /^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  if (f.type === "number" && raw.trim() !== "" && !isNaN(Number(raw))) return Number(raw);
  if (f.type === "datetime") return raw.length === 16 ? raw + ":00Z" : raw + "Z";
  return raw;
}

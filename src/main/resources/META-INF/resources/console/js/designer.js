// The schema designer: fields (name, type, format, constraints, renames), primary key, foreign keys, search settings
// and options, with the API's validation errors next to the control they name (json_schema.fields[1].type, …).
// A new table is created with it; an existing table's change is previewed (dry run: changes, changelog, SQL, records
// checked, what would break) and applied only after that, destructive changes after an explicit confirmation.
import * as api from "./api.js";
import { h, mount, toast, problemBox, showFieldErrors, field, link, dialog, fill } from "./ui.js";
import { previewView } from "./preview.js";

const TYPES = ["string", "integer", "number", "boolean", "date", "time", "datetime", "year", "yearmonth", "duration",
  "object", "array", "list", "geopoint", "geojson", "any"];
const FORMATS = { string: ["default", "email", "uri", "uuid", "binary"], geopoint: ["default", "array", "object"],
  geojson: ["default", "topojson"], date: ["default", "any"], time: ["default", "any"], datetime: ["default", "any"] };
const LANGUAGES = ["simple", "english", "german", "french", "spanish", "italian", "dutch", "portuguese", "russian", "swedish"];
const KNOWN = new Set(["fields", "primaryKey", "foreignKeys", "datably:search", "datably:softDelete", "datably:audit"]);

/** The editable model of a Table Schema; what the designer does not edit is kept as it was. */
function modelOf(schema = {}) {
  const pk = schema.primaryKey ? [].concat(schema.primaryKey) : [];
  return {
    fields: (schema.fields || []).map((f) => ({ ...f, constraints: { ...(f.constraints || {}) }, origName: f.name })),
    primaryKey: pk,
    foreignKeys: (schema.foreignKeys || []).map((fk) => ({ fields: [].concat(fk.fields).join(", "),
      resource: fk.reference?.resource || "", refFields: [].concat(fk.reference?.fields || []).join(", ") })),
    search: schema["datably:search"] ? { fields: schema["datably:search"].fields, language: schema["datably:search"].language } : null,
    softDelete: schema["datably:softDelete"] === true,
    audit: schema["datably:audit"] !== false,
    rest: Object.fromEntries(Object.entries(schema).filter(([k]) => !KNOWN.has(k))),
  };
}

function schemaOf(m) {
  const list = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  const schema = { ...m.rest };
  schema.fields = m.fields.map((f) => {
    const { origName, constraints, ...rest } = f;
    const out = { ...rest };
    for (const k of Object.keys(out)) if (out[k] === "" || out[k] === undefined) delete out[k];
    if (out.format === "default") delete out.format;
    const c = Object.fromEntries(Object.entries(constraints).filter(([, v]) => v !== "" && v !== undefined && v !== false && v !== null));
    if (Object.keys(c).length) out.constraints = c;
    if (origName && origName !== f.name) out["datably:renamedFrom"] = origName;
    else delete out["datably:renamedFrom"];
    return out;
  });
  const pk = m.primaryKey.filter((n) => m.fields.some((f) => f.name === n));
  if (pk.length) schema.primaryKey = pk;
  const fks = m.foreignKeys.filter((fk) => fk.fields.trim()).map((fk) => ({ fields: list(fk.fields),
    reference: { resource: fk.resource, fields: list(fk.refFields) } }));
  if (fks.length) schema.foreignKeys = fks;
  if (m.search) schema["datably:search"] = Object.fromEntries(Object.entries(m.search).filter(([, v]) => v !== undefined && v !== null));
  if (m.softDelete) schema["datably:softDelete"] = true;
  if (!m.audit) schema["datably:audit"] = false;
  return schema;
}

/** The designer's form; `render` re-draws it after structural edits (a field added, removed, moved). */
function designer(m, tables, tableName) {
  const root = h("div.designer");
  const render = () => {
    fill(root, 
      h("h2", "Fields"),
      h("div.scroll", h("table.data.fields",
        h("thead", h("tr", ["Name", "Type", "Format", "Required", "Unique", "Key", "Constraints", ""].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", m.fields.map((f, i) => fieldRow(f, i))))),
      h("button", { type: "button", onclick: () => { m.fields.push({ name: "", type: "string", constraints: {} }); render();
        root.querySelector(`[data-field="json_schema.fields[${m.fields.length - 1}].name"]`).focus(); } }, "+ Add field"),
      h("h2", "Foreign keys"),
      m.foreignKeys.map((fk, i) => h("div.fk-row", { dataset: { field: `json_schema.foreignKeys[${i}]` } },
        field("Fields", bind(h("input", { dataset: { field: `json_schema.foreignKeys[${i}].fields` }, placeholder: "author_id" }), fk, "fields")),
        field("References table", bindSelect(h("select", { dataset: { field: `json_schema.foreignKeys[${i}].reference.resource` } },
          h("option", { value: "" }, `(this table${tableName ? ": " + tableName : ""})`),
          tables.filter((t) => t !== tableName).map((t) => h("option", { value: t }, t))), fk, "resource")),
        field("Referenced fields", bind(h("input", { dataset: { field: `json_schema.foreignKeys[${i}].reference.fields` }, placeholder: "id" }), fk, "refFields")),
        h("button.icon", { type: "button", "aria-label": `Remove foreign key ${i + 1}`, onclick: () => { m.foreignKeys.splice(i, 1); render(); } }, "✕"))),
      h("button", { type: "button", onclick: () => { m.foreignKeys.push({ fields: "", resource: "", refFields: "" }); render(); } }, "+ Add foreign key"),
      h("h2", "Search and options"),
      searchBox(),
      h("div.field.check", h("label", bindCheck(h("input", { type: "checkbox", dataset: { field: "json_schema.datably:softDelete" } }), m, "softDelete"), " Soft delete (deletes mark records; they can be restored)")),
      h("div.field.check", h("label", bindCheck(h("input", { type: "checkbox", dataset: { field: "json_schema.datably:audit" } }), m, "audit"), " Audit trail of record changes")),
      jsonBox());
  };

  function fieldRow(f, i) {
    const p = `json_schema.fields[${i}]`;
    const type = bindSelect(h("select", { dataset: { field: p + ".type" }, "aria-label": `Type of field ${i + 1}` }, TYPES.map((t) => h("option", { value: t }, t))), f, "type", render);
    const formats = FORMATS[f.type] || ["default"];
    const format = bindSelect(h("select", { dataset: { field: p + ".format" }, "aria-label": `Format of field ${i + 1}` }, formats.map((t) => h("option", { value: t }, t))), f, "format");
    const c = f.constraints;
    const pk = h("input", { type: "checkbox", "aria-label": `Field ${i + 1} is in the primary key`, dataset: { field: "json_schema.primaryKey" },
      checked: m.primaryKey.includes(f.name), onchange: (e) => {
        m.primaryKey = e.target.checked ? [...m.primaryKey, f.name] : m.primaryKey.filter((n) => n !== f.name);
      } });
    const name = h("input", { value: f.name, dataset: { field: p + ".name" }, "aria-label": `Name of field ${i + 1}`, required: true,
      oninput: (e) => {
        const old = f.name;
        f.name = e.target.value;
        m.primaryKey = m.primaryKey.map((n) => (n === old ? f.name : n));
        renamed.hidden = !(f.origName && f.origName !== f.name);
      } });
    const renamed = h("small.renamed", { hidden: !(f.origName && f.origName !== f.name) }, `renamed from ${f.origName}`);
    const more = h("details.constraints", h("summary", summary(c)),
      num("minimum", "Minimum"), num("maximum", "Maximum"), num("minLength", "Min length", true), num("maxLength", "Max length", true),
      text("pattern", "Pattern (XML Schema regex)"),
      field("Allowed values (comma separated)", h("input", { dataset: { field: p + ".constraints.enum" },
        value: Array.isArray(c.enum) ? c.enum.join(", ") : "", oninput: (e) => {
          const items = e.target.value.split(",").map((s) => s.trim()).filter(Boolean);
          c.enum = items.length ? items.map((s) => (["integer", "number", "year"].includes(f.type) && !isNaN(Number(s)) ? Number(s) : s)) : undefined;
        } })),
      field("Title", bind(h("input", { dataset: { field: p + ".title" } }), f, "title")),
      field("Description", bind(h("input", { dataset: { field: p + ".description" } }), f, "description")));
    function num(key, label, whole) {
      return field(label, h("input", { type: "number", step: whole ? "1" : "any", dataset: { field: `${p}.constraints.${key}` },
        value: c[key] ?? "", oninput: (e) => { c[key] = e.target.value === "" ? undefined : Number(e.target.value); } }));
    }
    function text(key, label) {
      return field(label, h("input", { dataset: { field: `${p}.constraints.${key}` }, value: c[key] ?? "",
        oninput: (e) => { c[key] = e.target.value || undefined; } }));
    }
    return h("tr", { dataset: { row: i } },
      h("td.cell", name, renamed), h("td.cell", type), h("td.cell", format),
      h("td.cell", h("input", { type: "checkbox", "aria-label": `Field ${i + 1} is required`, dataset: { field: p + ".constraints.required" },
        checked: !!c.required, onchange: (e) => { c.required = e.target.checked || undefined; } })),
      h("td.cell", h("input", { type: "checkbox", "aria-label": `Field ${i + 1} is unique`, dataset: { field: p + ".constraints.unique" },
        checked: !!c.unique, onchange: (e) => { c.unique = e.target.checked || undefined; } })),
      h("td.cell", pk), h("td.cell", more),
      h("td.actions",
        h("button.icon", { type: "button", "aria-label": `Move field ${i + 1} up`, disabled: i === 0, onclick: () => { m.fields.splice(i - 1, 0, m.fields.splice(i, 1)[0]); render(); } }, "↑"),
        h("button.icon", { type: "button", "aria-label": `Remove field ${i + 1}`, onclick: () => { m.fields.splice(i, 1); render(); } }, "✕")));
  }

  function searchBox() {
    const strings = m.fields.filter((f) => f.type === "string").map((f) => f.name);
    const custom = h("input", { type: "checkbox", checked: !!m.search, onchange: (e) => { m.search = e.target.checked ? { fields: strings, language: "simple" } : null; render(); } });
    const box = h("fieldset.search", h("legend", "Full-text search"),
      h("label", custom, " Choose the searched fields and language (default: every string field, language simple)"));
    if (m.search) {
      box.append(h("div.checks", { dataset: { field: "json_schema.datably:search.fields" } }, strings.map((n) => h("label",
        h("input", { type: "checkbox", checked: (m.search.fields || strings).includes(n), onchange: (e) => {
          const set = new Set(m.search.fields || strings);
          if (e.target.checked) set.add(n); else set.delete(n);
          m.search.fields = strings.filter((s) => set.has(s));
        } }), " ", n))));
      const lang = h("select", { dataset: { field: "json_schema.datably:search.language" } }, LANGUAGES.map((l) => h("option", { value: l }, l)));
      lang.value = m.search.language || "simple";
      lang.addEventListener("change", () => { m.search.language = lang.value; });
      box.append(field("Language", lang));
    }
    return box;
  }

  function jsonBox() {
    const area = h("textarea.json", { rows: 12, spellcheck: false, "aria-label": "Table Schema as JSON" });
    const details = h("details.json-view", { ontoggle: () => { if (details.open) area.value = JSON.stringify(schemaOf(m), null, 2); } },
      h("summary", "Table Schema as JSON"), area,
      h("button", { type: "button", onclick: () => {
        try { Object.assign(m, modelOf(JSON.parse(area.value))); render(); }
        catch (e) { toast("Not valid JSON: " + e.message, "error"); }
      } }, "Use this JSON"));
    return details;
  }

  render();
  return root;
}

function summary(c) {
  const bits = [];
  if (Array.isArray(c.enum)) bits.push("enum");
  for (const k of ["minimum", "maximum", "minLength", "maxLength", "pattern"]) if (c[k] !== undefined) bits.push(k);
  return bits.length ? bits.join(", ") : "more…";
}

function bind(input, obj, key) {
  input.value = obj[key] ?? "";
  input.addEventListener("input", () => { obj[key] = input.value; });
  return input;
}
function bindSelect(select, obj, key, after) {
  select.value = obj[key] ?? select.options[0]?.value;
  select.addEventListener("change", () => { obj[key] = select.value; if (after) after(); });
  return select;
}
function bindCheck(input, obj, key) {
  input.checked = !!obj[key];
  input.addEventListener("change", () => { obj[key] = input.checked; });
  return input;
}

async function tableNames(app, ds) {
  const page = await api.get(api.dsPath(app, ds) + "datatables/?page_size=1000");
  return page.results.map((t) => t.name);
}

/** Shows a 400's errors beside their controls, the rest above the form. */
function showErrors(form, problems, err) {
  const left = showFieldErrors(form, err.errors || []);
  fill(problems, problemBox({ ...err, errors: left }));
  form.querySelector("[aria-invalid]")?.focus();
}

// --- a new table ----------------------------------------------------------------------------------------------------

export async function newTableScreen(app, ds) {
  const [datasource, tables] = await Promise.all([api.get(api.dsPath(app, ds)), tableNames(app, ds)]);
  const m = modelOf({ fields: [{ name: "id", type: "integer" }], primaryKey: ["id"] });
  const name = h("input", { dataset: { field: "name" }, required: true, autocomplete: "off" });
  const description = h("input", { dataset: { field: "description" } });
  const problems = h("div");
  const form = h("form.designer-form", { novalidate: true },
    field("Table name", name), field("Description", description),
    designer(m, tables, null),
    h("div.actions", h("button.primary", { type: "submit" }, "Create table")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    problems.replaceChildren();
    try {
      const body = { name: name.value.trim(), json_schema: schemaOf(m) };
      if (description.value.trim()) body.description = description.value.trim();
      const table = await api.post(api.dsPath(app, ds) + "datatables/", body);
      toast(`Table ${table.name} created`);
      location.hash = link("apps", app, ds, table.name, "records");
    } catch (err) { showErrors(form, problems, err); }
  });
  mount(h("div.heading", h("h1", "New table in ", ds, " ", h("span.badge", datasource.provider_type))), problems, form);
  name.focus();
}

// --- an existing table's schema ---------------------------------------------------------------------------------------

export async function schemaTab(panel, ctx) {
  const tables = await tableNames(ctx.app, ctx.ds);
  const m = modelOf(ctx.table.json_schema);
  const problems = h("div");
  const previewBox = h("section.preview-box", { "aria-live": "polite" });
  const form = h("form.designer-form", { novalidate: true }, designer(m, tables, ctx.name),
    h("div.actions", h("button.primary", { type: "submit" }, ctx.table.is_materialized ? "Preview migration" : "Save schema")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    problems.replaceChildren();
    previewBox.replaceChildren();
    if (!ctx.table.is_materialized) return apply({});
    await preview({ allow: false, backfill: {} });
  });

  async function preview(options) {
    let p;
    try { p = await api.patch(ctx.path + api.query({ dry_run: "true", allow_destructive: options.allow ? "true" : "" }), body(options)); }
    catch (err) { showErrors(form, problems, err); return; }
    showFieldErrors(form, []);
    const needsBackfill = (p.breaking || []).filter((b) => b.code === "required");
    const repairable = (p.breaking || []).some((b) => b.repairable);
    const backfills = needsBackfill.map((b) => [b.field, h("input", { value: options.backfill[b.field] ?? "", "aria-label": `Value for ${b.field}` })]);
    const allow = h("input", { type: "checkbox", checked: options.allow, id: "allow-destructive" });
    fill(previewBox, ...[
      h("h2", "Migration preview"), previewView(p),
      backfills.length ? h("fieldset", h("legend", "Values for records that lack a newly required field"),
        backfills.map(([f, i]) => field(f, i))) : null,
      repairable ? h("div.field.check.danger-zone", h("label", { htmlFor: "allow-destructive" }, allow,
        " Allow destructive changes: clear the values listed above (data loss)")) : null,
      h("div.actions",
        h("button", { type: "button", onclick: () => preview(next()) }, "Preview again"),
        h("button.primary" + (options.allow ? ".danger" : ""), { type: "button", disabled: !p.would_apply, onclick: async () => {
          if (options.allow && (await dialog("Apply a destructive migration?",
            h("p", "Values listed as breaking will be cleared. This cannot be rolled back."), [["Cancel", ""], ["Apply", "ok", "danger"]])) !== "ok") return;
          apply(options);
        } }, "Apply migration"))].filter(Boolean));
    function next() {
      return { allow: allow.checked, backfill: Object.fromEntries(backfills.map(([f, i]) => [f, i.value])) };
    }
    previewBox.scrollIntoView({ block: "nearest" });
  }

  function body(options) {
    const b = { json_schema: schemaOf(m) };
    const fill = Object.entries(options.backfill || {}).filter(([, v]) => v !== "");
    if (fill.length) b.backfill = Object.fromEntries(fill.map(([f, v]) => [f, typedBackfill(m, f, v)]));
    return b;
  }

  async function apply(options) {
    try {
      await api.patch(ctx.path + api.query({ allow_destructive: options.allow ? "true" : "" }), body(options));
      toast("Schema changed");
      location.hash = link("apps", ctx.app, ctx.ds, ctx.name, "operations");
    } catch (err) { showErrors(form, problems, err); }
  }

  fill(panel, problems, form, previewBox);
}

function typedBackfill(m, name, value) {
  const f = m.fields.find((x) => x.name === name);
  if (f && ["integer", "number", "year"].includes(f.type) && !isNaN(Number(value))) return Number(value);
  if (f?.type === "boolean") return value === "true";
  return value;
}

// The table's indexes: list, create (without blocking writes), drop the ones made through the API.
import * as api from "./api.js";
import { h, toast, problemBox, confirmDanger, field, fill } from "./ui.js";

const TYPES = { flat_table: ["btree", "hash", "gin", "brin"], jsonb: ["btree", "hash", "gin", "brin"], mongodb: ["single", "compound", "text"] };

export async function indexesTab(panel, ctx) {
  const page = await api.get(ctx.path + "indexes/?page_size=200");
  const fields = ctx.table.json_schema?.fields || [];
  const name = h("input", { dataset: { field: "name" }, placeholder: "generated when empty" });
  const pick = h("select", { multiple: true, size: Math.min(6, fields.length || 1), dataset: { field: "fields" } }, fields.map((f) => h("option", { value: f.name }, f.name)));
  const type = h("select", { dataset: { field: "type" } }, h("option", { value: "" }, "default"), (TYPES[ctx.provider] || []).map((t) => h("option", { value: t }, t)));
  const unique = h("input", { type: "checkbox", dataset: { field: "unique" } });
  const where = h("input", { dataset: { field: "where" }, placeholder: ctx.provider === "mongodb" ? "" : "e.g. price > 0" });
  const problems = h("div");
  const form = h("form.inline-form", { onsubmit: async (e) => {
    e.preventDefault();
    const body = { fields: [...pick.selectedOptions].map((o) => o.value), unique: unique.checked };
    if (name.value.trim()) body.name = name.value.trim();
    if (type.value) body.type = type.value;
    if (where.value.trim()) body.where = where.value.trim();
    try { await api.post(ctx.path + "indexes/", body); toast("Index created"); indexesTab(panel, ctx); }
    catch (err) { fill(problems, problemBox(err)); }
  } },
  h("h2", "New index"), field("Name", name), field("Fields (in order)", pick), field("Type", type),
  h("div.field.check", h("label", unique, " unique")), field("Only where (partial)", where),
  h("button.primary", { type: "submit" }, "Create index"));
  fill(panel, 
    page.results.length ? h("table.data", h("caption.sr", "Indexes"),
      h("thead", h("tr", ["Name", "Type", "Fields", "Unique", "Where", "Valid", ""].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", page.results.map((i) => h("tr",
        h("td", h("code", i.name)), h("td", i.type), h("td", (i.fields || []).join(", ")), h("td", i.unique ? "yes" : ""),
        h("td", i.where === null ? "" : h("code", typeof i.where === "string" ? i.where : JSON.stringify(i.where))),
        h("td", i.valid ? "yes" : "no"),
        h("td.actions", i.managed ? h("small", "from the schema") : h("button.danger", { onclick: async () => {
          if (!(await confirmDanger(`Drop index ${i.name}?`, "The index is dropped; the data stays."))) return;
          try { await api.del(ctx.path + "indexes/" + encodeURIComponent(i.name) + "/"); toast("Index dropped"); indexesTab(panel, ctx); }
          catch (err) { fill(problems, problemBox(err)); }
        } }, "Drop"))))))
      : h("p.empty", "No indexes."),
    problems, form);
}

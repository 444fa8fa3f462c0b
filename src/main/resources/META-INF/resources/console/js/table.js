// One table's screen: its tabs (records, schema, history, indexes, import, audit, aggregate), each in its own module.
import * as api from "./api.js";
import { h, mount, link } from "./ui.js";
import { recordsTab } from "./records.js";
import { schemaTab } from "./designer.js";
import { operationsTab } from "./operations.js";
import { indexesTab } from "./indexes.js";
import { importTab } from "./imports.js";
import { auditTab } from "./audit.js";
import { aggregateTab } from "./aggregate.js";

const TABS = [
  ["records", "Records", recordsTab],
  ["schema", "Schema", schemaTab],
  ["operations", "History", operationsTab],
  ["indexes", "Indexes", indexesTab],
  ["import", "Import", importTab],
  ["audit", "Audit", auditTab],
  ["aggregate", "Aggregate", aggregateTab],
];

export async function tableScreen(app, ds, name, tab) {
  const [table, datasource] = await Promise.all([api.get(api.tablePath(app, ds, name)), api.get(api.dsPath(app, ds))]);
  const ctx = { app, ds, name, table, provider: datasource.provider_type, path: api.tablePath(app, ds, name) };
  const current = TABS.find(([id]) => id === tab) || TABS[0];
  const panel = h("section.panel", { role: "tabpanel", "aria-labelledby": "tab-" + current[0] });
  mount(
    h("div.heading", h("h1", table.name, " ", h("span.badge", ctx.provider)),
      table.description ? h("p.sub", table.description) : null),
    h("nav.tabs", { role: "tablist", "aria-label": "Table views" },
      TABS.map(([id, label]) => h("a", { id: "tab-" + id, role: "tab", href: link("apps", app, ds, name, id),
        "aria-selected": String(id === current[0]), tabIndex: id === current[0] ? 0 : -1 }, label))),
    panel);
  await current[2](panel, ctx);
}

/** The table's primary key fields (schema primaryKey as a string or a list). */
export function primaryKey(schema) {
  const pk = schema?.primaryKey;
  return pk ? (Array.isArray(pk) ? pk : [pk]) : [];
}

/** The key of a record in the API's path form: values in key order, joined by commas. */
export function keyOf(schema, record) {
  const pk = primaryKey(schema);
  if (!pk.length || pk.some((f) => record[f] === undefined || record[f] === null)) return null;
  return pk.map((f) => record[f]).join(",");
}

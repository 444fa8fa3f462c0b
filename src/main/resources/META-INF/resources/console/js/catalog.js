// Catalog screens: apps → datasources → tables, with their stats, create / edit / soft delete / restore, search and
// the is_active filter. Every action is one call of the public API.
import * as api from "./api.js";
import { h, mount, toast, dialog, confirmDanger, field, problemBox, showFieldErrors, formatBytes, link, loading, fill } from "./ui.js";

const PROVIDERS = ["flat_table", "jsonb", "mongodb"];

/** Search box + active/inactive switch above a list; calls `reload` with the API's query parameters. */
function listControls(label, state, reload) {
  const search = h("input", { type: "search", value: state.search || "", placeholder: "Search " + label,
    "aria-label": "Search " + label });
  const active = h("select", { "aria-label": "Show" },
    h("option", { value: "true" }, "Active"), h("option", { value: "false" }, "Inactive (deleted)"));
  active.value = state.is_active || "true";
  const apply = () => { state.search = search.value.trim(); state.is_active = active.value; reload(); };
  search.addEventListener("change", apply);
  active.addEventListener("change", apply);
  return h("div.toolbar", search, active);
}

/** A dialog form whose submit calls `save(values)`; the API's 400 errors land next to their fields. */
async function formDialog(title, controls, save) {
  const form = h("form.dialog-form", controls.map(([label, control, hint]) => field(label, control, hint)),
    h("div.actions",
      h("button", { type: "button", onclick: () => d.close() }, "Cancel"),
      h("button.primary", { type: "submit" }, "Save")));
  const box = h("div", form);
  const d = h("dialog.modal", { "aria-label": title }, h("h2", title), box);
  form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  async function submit() {
    box.querySelector(".problem")?.remove();
    const values = Object.fromEntries(controls.map(([, c]) => [c.dataset.field, c.value.trim()]));
    try {
      await save(values);
      d.close();
    } catch (e) {
      const left = showFieldErrors(form, e.errors || []);
      if (left.length || !e.errors?.length) box.prepend(problemBox({ ...e, errors: left }));
    }
  }
  d.addEventListener("close", () => d.remove());
  document.body.append(d);
  d.showModal();
}

function input(name, value = "", attrs = {}) {
  return h("input", { value: value ?? "", dataset: { field: name }, name, ...attrs });
}

function rowActions(item, path, reload, label) {
  if (item.is_active === false) {
    return h("button", { onclick: async () => {
      await api.patch(path, { is_active: true }); toast(`${label} restored`); reload();
    } }, "Restore");
  }
  return h("button.danger", { onclick: async () => {
    if (!(await confirmDanger(`Delete ${label}?`,
      `${label} becomes inactive (soft delete); its records are kept and it can be restored.`))) return;
    await api.del(path); toast(`${label} deleted`); reload();
  } }, "Delete");
}

// --- apps -------------------------------------------------------------------------------------------------------

const appsState = {};

export async function appsScreen() {
  const list = h("div", loading());
  const reload = async () => {
    try {
      const page = await api.get(api.path("apps") + api.query({ search: appsState.search, is_active: appsState.is_active, page_size: 200 }));
      fill(list, appsTable(page.results, reload));
    } catch (e) { fill(list, problemBox(e)); }
  };
  mount(
    h("div.heading", h("h1", "Apps"),
      h("button.primary", { onclick: () => formDialog("New app",
        [["Name", input("name", "", { required: true })], ["Slug", input("slug"), "derived from the name when empty"],
          ["Description", input("description")]],
        async (v) => { const app = await api.post(api.path("apps"), clean(v)); toast(`App ${app.slug} created`); location.hash = link("apps", app.slug); }) },
      "New app")),
    listControls("apps", appsState, reload), list);
  await reload();
}

function appsTable(apps, reload) {
  if (!apps.length) return h("p.empty", "No apps here yet.");
  return h("table.data", h("caption.sr", "Apps"),
    h("thead", h("tr", ["Name", "Slug", "Description", "Datasources", "Tables", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", apps.map((a) => h("tr",
      h("td", a.is_active ? h("a", { href: link("apps", a.slug) }, a.name) : a.name),
      h("td", h("code", a.slug)), h("td", a.description), h("td.num", a.datasource_count), h("td.num", a.table_count),
      h("td.actions",
        a.is_active ? h("button", { onclick: () => formDialog(`Edit app ${a.slug}`,
          [["Name", input("name", a.name)], ["Description", input("description", a.description)]],
          async (v) => { await api.patch(api.appPath(a.slug), v); toast("App saved"); reload(); }) }, "Edit") : null,
        rowActions(a, api.appPath(a.slug), reload, `app ${a.slug}`))))));
}

function clean(values) {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
}

// --- one app: its stats and datasources ---------------------------------------------------------------------------

const dsState = {};

export async function appScreen(app) {
  const [detail, stats] = await Promise.all([api.get(api.appPath(app)), api.get(api.appPath(app) + "stats/")]);
  const list = h("div", loading());
  const reload = async () => {
    try {
      const page = await api.get(api.appPath(app) + "datasources/" + api.query({ search: dsState.search, is_active: dsState.is_active, page_size: 200 }));
      fill(list, datasourcesTable(app, page.results, reload));
    } catch (e) { fill(list, problemBox(e)); }
  };
  mount(
    h("div.heading", h("h1", detail.name, " ", h("small", h("code", detail.slug))),
      h("button.primary", { onclick: () => {
        const provider = h("select", { dataset: { field: "provider_type" } }, PROVIDERS.map((p) => h("option", { value: p }, p)));
        formDialog("New datasource",
          [["Name", input("name", "", { required: true })], ["Slug", input("slug"), "derived from the name when empty"],
            ["Provider", provider], ["Description", input("description")]],
          async (v) => { const ds = await api.post(api.appPath(app) + "datasources/", clean(v)); toast(`Datasource ${ds.slug} created`); location.hash = link("apps", app, ds.slug); });
      } }, "New datasource")),
    detail.description ? h("p", detail.description) : null,
    statsCards(stats),
    h("h2", "Datasources"), listControls("datasources", dsState, reload), list);
  await reload();
}

function statsCards(stats) {
  const cards = [["Datasources", stats.datasource_count], ["Tables", stats.table_count],
    ["Materialized", stats.materialized_table_count], ["Records", stats.record_count], ["Storage", formatBytes(stats.storage_bytes)]];
  return h("dl.stats", cards.filter(([, v]) => v !== undefined).map(([k, v]) => h("div", h("dt", k), h("dd", v))));
}

function datasourcesTable(app, items, reload) {
  if (!items.length) return h("p.empty", "No datasources here yet.");
  return h("table.data", h("caption.sr", "Datasources"),
    h("thead", h("tr", ["Name", "Slug", "Provider", "Tables", "Description", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", items.map((d) => h("tr",
      h("td", d.is_active ? h("a", { href: link("apps", app, d.slug) }, d.name) : d.name),
      h("td", h("code", d.slug)), h("td", h("span.badge", d.provider_type)), h("td.num", d.table_count), h("td", d.description),
      h("td.actions",
        d.is_active ? h("button", { onclick: () => formDialog(`Edit datasource ${d.slug}`,
          [["Name", input("name", d.name)], ["Description", input("description", d.description)]],
          async (v) => { await api.patch(api.dsPath(app, d.slug), v); toast("Datasource saved"); reload(); }) }, "Edit") : null,
        rowActions(d, api.dsPath(app, d.slug), reload, `datasource ${d.slug}`))))));
}

// --- one datasource: its tables ---------------------------------------------------------------------------------

const tableState = {};

export async function datasourceScreen(app, ds) {
  const [detail, stats] = await Promise.all([api.get(api.dsPath(app, ds)), api.get(api.dsPath(app, ds) + "stats/")]);
  const list = h("div", loading());
  const sizes = Object.fromEntries((stats.tables || []).map((t) => [t.name, t]));
  const reload = async () => {
    try {
      const page = await api.get(api.dsPath(app, ds) + "datatables/" + api.query({ is_active: tableState.is_active, page_size: 200 }));
      const wanted = (tableState.search || "").toLowerCase();
      const rows = page.results.filter((t) => !wanted || t.name.toLowerCase().includes(wanted) || (t.description || "").toLowerCase().includes(wanted));
      fill(list, tablesTable(app, ds, rows, sizes, reload));
    } catch (e) { fill(list, problemBox(e)); }
  };
  mount(
    h("div.heading", h("h1", detail.name, " ", h("span.badge", detail.provider_type)),
      h("a.button.primary", { href: link("apps", app, ds, "new-table") }, "New table")),
    statsCards(stats),
    h("h2", "Tables"), listControls("tables", tableState, reload), list);
  await reload();
}

function tablesTable(app, ds, items, sizes, reload) {
  if (!items.length) return h("p.empty", "No tables here yet.");
  return h("table.data", h("caption.sr", "Tables"),
    h("thead", h("tr", ["Name", "Fields", "Records", "Size", "Schema version", "Description", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", items.map((t) => h("tr",
      h("td", t.is_active ? h("a", { href: link("apps", app, ds, t.name) }, t.name) : t.name,
        t.is_materialized ? null : h("span.badge.warn", "not materialized")),
      h("td.num", (t.json_schema?.fields || []).length),
      h("td.num", sizes[t.name]?.record_count ?? ""), h("td.num", formatBytes(sizes[t.name]?.storage_bytes)),
      h("td.num", t.schema_version), h("td", t.description),
      h("td.actions",
        t.is_active ? h("button", { onclick: () => formDialog(`Edit table ${t.name}`,
          [["Name", input("name", t.name), "a rename is logical: the physical table keeps its name"], ["Description", input("description", t.description)]],
          async (v) => { await api.patch(api.tablePath(app, ds, t.name), v); toast("Table saved"); reload(); }) }, "Edit") : null,
        rowActions(t, api.tablePath(app, ds, t.name), reload, `table ${t.name}`))))));
}

// The records grid: numbered pages or keyset cursor pages (the API's `cursor`, whose cost does not grow with depth),
// sorting by column, the filter builder, search, a field picker and expanded relations shown as links. Every page is
// one POST .../records/query/ with the JSON form of the list.
import * as api from "./api.js";
import { h, toast, confirmDanger, problemBox, link, fill } from "./ui.js";
import { emptyGroup, groupEditor, toWhere } from "./filters.js";
import { primaryKey, keyOf } from "./table.js";
import { relationsOf } from "./relations.js";

/** Above this many records the grid pages by cursor unless the user picks numbered pages. */
const CURSOR_FROM = 10000;
const states = new Map();

function stateOf(ctx) {
  const id = ctx.path;
  if (!states.has(id) || states.get(id).schemaVersion !== ctx.table.schema_version) {
    states.set(id, { schemaVersion: ctx.table.schema_version, where: emptyGroup("and"), search: "", ordering: [],
      fields: null, expand: [], pageSize: 50, mode: null, page: 1, bodies: [] });
  }
  return states.get(id);
}

export async function recordsTab(panel, ctx) {
  const schema = ctx.table.json_schema || {};
  const fields = schema.fields || [];
  const pk = primaryKey(schema);
  const state = stateOf(ctx);
  const relations = await relationsOf(ctx);
  const grid = h("div.grid-box", { "aria-busy": "true" });
  const status = h("p.pager-status", { role: "status" });
  const pager = h("nav.pager", { "aria-label": "Pages" });

  async function load(body, pageNumber) {
    grid.setAttribute("aria-busy", "true");
    try {
      const page = await api.post(ctx.path + "records/query/", body);
      if (state.mode === null) state.mode = pk.length && page.count > CURSOR_FROM ? "cursor" : "pages";
      state.page = pageNumber;
      state.current = { body, page };
      fill(grid, table(page.results));
      renderPager(page);
    } catch (e) {
      fill(grid, problemBox(e));
    }
    grid.setAttribute("aria-busy", "false");
  }

  function firstBody() {
    const body = { limit: state.pageSize, count: "exact", order_by: state.ordering.map((o) => (o.desc ? "-" : "") + o.field) };
    const where = toWhere(state.where, fields);
    if (where) body.where = where;
    if (state.search) body.search = state.search;
    if (state.fields) body.fields = state.fields;
    if (state.expand.length) body.expand = state.expand;
    // Page 1 is the same in both modes; a cursor start also gives the next page's cursor. Relevance order is no key.
    if (pk.length && state.mode !== "pages" && !(state.search && !state.ordering.length)) body.cursor = "";
    else body.offset = 0;
    return body;
  }

  function reload() { state.bodies = []; return load(firstBody(), 1); }

  function renderPager(page) {
    const pages = page.count === null || page.count === undefined ? null : Math.max(1, Math.ceil(page.count / state.pageSize));
    status.textContent = `${page.count ?? "?"} records · page ${state.page}${pages ? " of " + pages : ""}` +
      (state.mode === "cursor" ? " · cursor paging" : "");
    const cursorMode = state.current.body.cursor !== undefined;
    const prev = h("button", { disabled: state.page <= 1, onclick: () => {
      if (cursorMode) load(state.bodies.pop(), state.page - 1);
      else load({ ...state.current.body, offset: (state.page - 2) * state.pageSize }, state.page - 1);
    } }, "← Previous");
    // A full last cursor page still carries a `next` (a cursor cannot know that nothing follows); the count can.
    const more = !!page.next && (pages === null || state.page < pages);
    const next = h("button", { disabled: !more, onclick: () => {
      if (cursorMode) {
        state.bodies.push(state.current.body);
        load(page.next, state.page + 1);
      } else {
        load({ ...state.current.body, offset: state.page * state.pageSize }, state.page + 1);
      }
    } }, "Next →");
    const controls = [prev, next];
    if (state.mode === "pages" && pages) {
      const jump = h("input", { type: "number", min: 1, max: pages, value: state.page, "aria-label": "Page number", size: 5 });
      controls.push(h("label", "Page ", jump), h("button", { onclick: () => {
        const n = Math.min(pages, Math.max(1, Number(jump.value) || 1));
        const body = { ...state.current.body, offset: (n - 1) * state.pageSize };
        delete body.cursor;
        load(body, n);
      } }, "Go"));
    }
    const mode = h("select", { "aria-label": "Paging", onchange: (e) => { state.mode = e.target.value; reload(); } },
      h("option", { value: "cursor", disabled: !pk.length }, "Cursor pages (fast at any depth)"),
      h("option", { value: "pages" }, "Numbered pages"));
    mode.value = state.mode;
    const size = h("select", { "aria-label": "Records per page", onchange: (e) => { state.pageSize = Number(e.target.value); reload(); } },
      [20, 50, 100, 500].map((n) => h("option", { value: n }, `${n} per page`)));
    size.value = String(state.pageSize);
    fill(pager, ...controls, mode, size);
  }

  function shownFields() { return state.fields ? fields.filter((f) => state.fields.includes(f.name)) : fields; }

  function table(records) {
    const cols = shownFields();
    const head = h("tr", cols.map((f) => {
      const o = state.ordering.find((x) => x.field === f.name);
      const sort = o ? (o.desc ? "descending" : "ascending") : "none";
      return h("th", { scope: "col", "aria-sort": sort },
        h("button.sort", { title: "Sort (Shift: add to the sort)", dataset: { field: f.name }, onclick: (e) => sortBy(f.name, e.shiftKey) },
          f.name, h("span.arrow", { "aria-hidden": "true" }, o ? (o.desc ? " ▼" : " ▲") : "")));
    }), state.expand.map((r) => h("th", { scope: "col" }, r)), h("th", h("span.sr", "Actions")));
    const rows = records.map((r) => {
      const key = keyOf(schema, r);
      return h("tr",
        cols.map((f) => h("td", { class: f.type === "number" || f.type === "integer" ? "num" : "" }, cell(r[f.name], f))),
        state.expand.map((name) => h("td", expanded(r[name], relations.find((x) => x.name === name)))),
        h("td.actions", key === null ? null : [
          h("a.button", { href: link("apps", ctx.app, ctx.ds, ctx.name, "records", key), "aria-label": `Edit record ${key}` }, "Edit"),
          h("button.danger", { "aria-label": `Delete record ${key}`, onclick: () => remove(key) }, "Delete")]));
    });
    if (!records.length) return h("p.empty", "No records match.");
    return h("div.scroll", h("table.data.records", h("thead", head), h("tbody", rows)));
  }

  function expanded(value, relation) {
    if (value === null || value === undefined || !relation) return "";
    const items = Array.isArray(value) ? value : [value];
    return h("span.links", items.map((v) => {
      const key = keyOf(relation.schema, v);
      const label = key ?? JSON.stringify(v).slice(0, 40);
      return key === null ? h("span", label)
        : h("a", { href: link("apps", ctx.app, ctx.ds, relation.table, "records", key), title: JSON.stringify(v) }, `${relation.table} ${label}`);
    }));
  }

  function sortBy(field, add) {
    const o = state.ordering.find((x) => x.field === field);
    if (!add) state.ordering = o ? [o] : [];
    if (!o) state.ordering.push({ field, desc: false });
    else if (!o.desc) o.desc = true;
    else state.ordering = state.ordering.filter((x) => x !== o);
    reload();
  }

  async function remove(key) {
    if (!(await confirmDanger(`Delete record ${key}?`, schema["datably:softDelete"]
      ? "The record is marked deleted (soft delete) and can be restored." : "The record is deleted for good."))) return;
    try {
      await api.del(api.recordPath(ctx.app, ctx.ds, ctx.name, key));
      toast(`Record ${key} deleted`);
      load(state.current.body, state.page);
    } catch (e) { toast(e.message, "error"); }
  }

  const search = h("input", { type: "search", value: state.search, placeholder: "Search records", "aria-label": "Search records",
    onchange: (e) => { state.search = e.target.value.trim(); reload(); } });
  const filterPanel = h("details.filters", { open: state.where.items.length > 0 },
    h("summary", "Filters"),
    groupEditor(state.where, fields),
    h("div.group-actions",
      h("button.primary", { onclick: () => reload() }, "Apply filters"),
      h("button", { onclick: () => { state.where = emptyGroup("and"); recordsTab(panel, ctx); } }, "Clear")));
  const picker = h("details.picker", h("summary", "Fields"),
    h("fieldset", h("legend.sr", "Fields shown"), fields.map((f) => h("label",
      h("input", { type: "checkbox", checked: !state.fields || state.fields.includes(f.name), onchange: (e) => {
        const shown = new Set(state.fields || fields.map((x) => x.name));
        if (e.target.checked) shown.add(f.name); else shown.delete(f.name);
        state.fields = fields.map((x) => x.name).filter((n) => shown.has(n));
        if (state.fields.length === fields.length) state.fields = null;
        reload();
      } }), " ", f.name))));
  const expandPicker = relations.length ? h("details.picker", h("summary", "Expand"),
    h("fieldset", h("legend.sr", "Relations to embed"), relations.map((r) => h("label",
      h("input", { type: "checkbox", checked: state.expand.includes(r.name), onchange: (e) => {
        state.expand = e.target.checked ? [...state.expand, r.name] : state.expand.filter((n) => n !== r.name);
        reload();
      } }), " ", r.name, h("small", ` (${r.many ? "many" : "one"} ${r.table})`))))) : null;

  fill(panel, 
    h("div.toolbar", search, picker, expandPicker,
      h("a.button.primary", { href: link("apps", ctx.app, ctx.ds, ctx.name, "records", "new") }, "New record")),
    filterPanel, status, grid, pager);
  await reload();
}

function cell(value, f) {
  if (value === null || value === undefined) return h("span.null", "null");
  if (typeof value === "object") return h("code", JSON.stringify(value).slice(0, 120));
  if (f.type === "boolean") return value ? "true" : "false";
  return String(value);
}

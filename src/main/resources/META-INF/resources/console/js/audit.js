// The audit trail: the table's entries (filtered by action and actor) and one record's history, newest first.
import * as api from "./api.js";
import { h, problemBox, link, fill } from "./ui.js";

const ACTIONS = ["", "create", "update", "delete", "soft_delete", "restore", "import"];

export async function auditTab(panel, ctx) {
  const action = h("select", { "aria-label": "Action" }, ACTIONS.map((a) => h("option", { value: a }, a || "any action")));
  const actor = h("input", { type: "search", placeholder: "Actor", "aria-label": "Actor" });
  const list = h("div");
  const reload = async () => fill(list, await historyList(ctx.path + "audit/" + api.query({ action: action.value, actor: actor.value.trim() }), ctx));
  action.addEventListener("change", reload);
  actor.addEventListener("change", reload);
  fill(panel, h("div.toolbar", action, actor), list);
  await reload();
}

/** A paged list of audit entries from `url`; `ctx` (a table) turns record keys into links. */
export async function historyList(url, ctx) {
  const box = h("div.audit");
  async function show(pageUrl) {
    try {
      const page = await api.get(pageUrl);
      fill(box, 
        page.results.length ? h("table.data", h("caption.sr", "Audit entries"),
          h("thead", h("tr", ["When", "Action", "Record", "Actor", "Request", "Changed", "Before", "After"].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", page.results.map((e) => h("tr",
            h("td", h("time", { dateTime: e.at }, e.at.replace("T", " ").replace("Z", " UTC"))),
            h("td", h("span.badge", e.action)),
            h("td", recordLink(e, ctx)), h("td", e.actor), h("td", h("code", e.request_id)),
            h("td", (e.changed || []).join(", ")),
            h("td", json(e.before ?? e.details)), h("td", json(e.after))))))
          : h("p.empty", "No audit entries."),
        h("p.pager-status", `${page.count} entries`),
        h("nav.pager", { "aria-label": "Audit pages" },
          h("button", { disabled: !page.previous, onclick: () => show(page.previous) }, "← Newer"),
          h("button", { disabled: !page.next, onclick: () => show(page.next) }, "Older →")));
    } catch (e) { fill(box, problemBox(e)); }
  }
  await show(url);
  return box;
}

function recordLink(entry, ctx) {
  if (!entry.record_key) return "";
  const key = Object.values(entry.record_key).join(",");
  return ctx ? h("a", { href: link("apps", ctx.app, ctx.ds, ctx.name, "records", key) }, key) : key;
}

function json(v) {
  return v === null || v === undefined ? "" : h("code.json", JSON.stringify(v));
}

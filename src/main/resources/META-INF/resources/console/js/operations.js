// The table's SchemaOperation history, with each change's changelog and SQL, and rollback: previewed first (dry run),
// then applied after an explicit confirmation.
import * as api from "./api.js";
import { h, toast, problemBox, dialog, fill } from "./ui.js";
import { previewView } from "./preview.js";

export async function operationsTab(panel, ctx) {
  const page = await api.get(ctx.path + "operations/?page_size=200");
  const ops = page.results;
  fill(panel, 
    ops.length ? h("table.data.operations", h("caption.sr", "Schema operations"),
      h("thead", h("tr", ["#", "Operation", "Status", "Actor", "Started", "ms", "Details", ""].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", ops.map((op) => h("tr", { dataset: { operation: op.operation, status: op.status } },
        h("td.num", op.id), h("td", op.operation, op.name_before ? ` (${op.name_before} → ${op.name_after})` : ""),
        h("td", h("span.badge" + (op.status === "failed" ? ".warn" : ""), op.status)),
        h("td", op.actor), h("td", h("time", { dateTime: op.started_at }, (op.started_at || "").replace("T", " ").slice(0, 19))),
        h("td.num", op.duration_ms),
        h("td", h("details", h("summary", "changelog, SQL"),
          op.error ? h("p.problem", op.error) : null,
          op.changelog ? h("pre", op.changelog) : null, op.sql ? h("pre", op.sql) : null)),
        h("td.actions", op.reversible ? h("button", { onclick: () => rollback(ctx, op, panel) }, "Roll back")
          : h("small", { title: op.irreversible || "" }, op.irreversible ? "not reversible" : ""))))))
      : h("p.empty", "No schema operations."));
}

async function rollback(ctx, op, panel) {
  const url = ctx.path + "operations/" + encodeURIComponent(op.id) + "/rollback/";
  let allow = false;
  for (;;) {
    let preview;
    try { preview = await api.post(url + api.query({ dry_run: "true", allow_destructive: allow ? "true" : "" })); }
    catch (e) { await dialog("Rollback refused", problemBox(e), [["Close", ""]]); return; }
    const destructive = preview.breaking?.length > 0;
    const choice = await dialog(`Roll back operation ${op.id}?`, previewView(preview),
      [["Cancel", ""], ...(destructive && !allow ? [["Allow destructive…", "destructive", "danger"]] : []),
        ...(preview.would_apply ? [["Roll back", "ok", "danger"]] : [])]);
    if (choice === "destructive") { allow = true; continue; }
    if (choice !== "ok") return;
    try {
      await api.post(url + api.query({ allow_destructive: allow ? "true" : "" }));
      toast(`Operation ${op.id} rolled back`);
      location.reload();
    } catch (e) { await dialog("Rollback failed", problemBox(e), [["Close", ""]]); }
    return;
  }
}

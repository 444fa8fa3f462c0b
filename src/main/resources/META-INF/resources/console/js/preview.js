// A migration preview (a dry run's answer) as a reader needs it before confirming: what changes, what it runs, how
// many records were checked and which would break.
import { h } from "./ui.js";

export function previewView(p) {
  return h("div.preview",
    h("p", `${p.records_checked} records checked · `, p.would_apply ? h("strong.ok", "would apply") : h("strong.bad", "would not apply as it stands")),
    p.changes?.length ? h("section", h("h3", "Changes"), h("ul", p.changes.map((c) => h("li", c)))) : h("p", "No changes."),
    p.breaking?.length ? h("section", h("h3", "What would break"),
      h("table.data", h("thead", h("tr", ["Field", "Problem", "Records", "Examples (keys)", "Repairable"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", p.breaking.map((b) => h("tr", h("td", b.field), h("td", b.code), h("td.num", b.count),
          h("td", (b.examples || []).map((x) => JSON.stringify(x)).join(", ")), h("td", b.repairable ? "yes, by clearing" : "no")))))) : null,
    p.steps?.length ? h("details", h("summary", "Steps"), h("ol", p.steps.map((s) => h("li", s)))) : null,
    p.changelog ? h("details", h("summary", "Liquibase changelog"), h("pre", p.changelog)) : null,
    p.sql ? h("details", { open: true }, h("summary", "SQL"), h("pre.sql", p.sql)) : null);
}

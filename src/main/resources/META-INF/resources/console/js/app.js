// The console's router: one hash route per screen, so every screen has a link, the back button works and the
// service needs no server-side fallback route. Screens live in their own modules.
import { startSession, tenant, setTenant } from "./api.js";
import { h, guarded, link, fill, mount, problemBox } from "./ui.js";
import { appsScreen, appScreen, datasourceScreen } from "./catalog.js";
import { tableScreen } from "./table.js";
import { newTableScreen } from "./designer.js";
import { recordScreen } from "./recordform.js";

/** #/apps/a/ds/t/records → ["apps","a","ds","t","records"], each segment decoded. */
function segments() {
  return location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
}

function crumbs(parts) {
  const trail = [h("li", h("a", { href: "#/" }, "Apps"))];
  const [, app, ds, table] = parts;
  if (app) trail.push(h("li", h("a", { href: link("apps", app) }, app)));
  if (ds) trail.push(h("li", h("a", { href: link("apps", app, ds) }, ds)));
  if (table && table !== "new-table") trail.push(h("li", h("a", { href: link("apps", app, ds, table) }, table)));
  const list = document.getElementById("crumbs");
  fill(list, ...trail);
  list.lastChild.querySelector("a").setAttribute("aria-current", "page");
}

let routes = 0;

async function route() {
  const parts = segments();
  const main = document.getElementById("main");
  const mine = ++routes;
  main.setAttribute("aria-busy", "true");
  crumbs(parts);
  const [root, app, ds, table, tab, key] = parts;
  await guarded(async () => {
    if (root !== "apps" || !app) return appsScreen();
    if (!ds) return appScreen(app);
    if (!table) return datasourceScreen(app, ds);
    if (table === "new-table") return newTableScreen(app, ds);
    if (tab === "records" && key) return recordScreen(app, ds, table, key === "new" ? null : key);
    return tableScreen(app, ds, table, tab || "records");
  });
  if (mine !== routes) return; // a later route is rendering; it finishes the job
  // Move focus to the new screen for keyboard and screen-reader users, unless they already reached a control in it
  // while its lists were still loading: taking that focus away would swallow their next key.
  if (!main.contains(document.activeElement)) main.focus({ preventScroll: true });
  main.setAttribute("aria-busy", "false");
}

async function start() {
  let session;
  try { session = await startSession(); } catch (e) { mount(problemBox(e)); return; }
  document.getElementById("user").textContent = session.user ? `Signed in as ${session.user}` : "";
  if (session.mode === "local") {
    const box = document.getElementById("tenant-box");
    const input = document.getElementById("tenant");
    box.hidden = false;
    input.value = tenant();
    input.placeholder = "default";
    input.addEventListener("change", () => { setTenant(input.value.trim()); route(); });
  } else {
    document.getElementById("logout").hidden = false;
  }
  window.addEventListener("hashchange", route);
  await route();
  document.body.dataset.ready = "true";
}

start();

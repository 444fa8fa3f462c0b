// The console's only road to data: the public REST API, with the caller's own credentials (no back door).
// In enforced mode the bearer token comes from the console's sign-in session (GET /console/session); in local mode
// there is none and the tenant is the X-Tenant header the user picks.

const TENANT_KEY = "datably.console.tenant";
let session = { mode: "local", user: "local" };

/**
 * Reads the sign-in session (GET /console/session). In enforced mode it is asked again shortly before its token
 * expires (the service then renews it with the refresh token); a session that has ended answers 499 to a script,
 * and reloading the page sends the browser through the sign-in again.
 */
export async function startSession() {
  const answer = await fetch("session", { headers: { Accept: "application/json", "X-Requested-With": "JavaScript" }, cache: "no-store" });
  if (answer.status === 499 || answer.status === 401) { location.reload(); throw new ApiError(answer.status, {}); }
  if (!answer.ok) throw new ApiError(answer.status, await answer.json().catch(() => ({})));
  session = await answer.json();
  if (session.mode === "enforced" && Number.isFinite(session.expires_in)) {
    setTimeout(() => startSession().catch(() => location.reload()), Math.max(5, session.expires_in - 45) * 1000);
  }
  return session;
}

export function tenant() { return localStorage.getItem(TENANT_KEY) || ""; }
export function setTenant(value) {
  if (value) localStorage.setItem(TENANT_KEY, value); else localStorage.removeItem(TENANT_KEY);
}

/** An answer the API refused: its problem+json document, with the culprits in `errors`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

export function headers(extra = {}) {
  const h = { Accept: "application/json", ...extra };
  if (session.access_token) h.Authorization = `Bearer ${session.access_token}`;
  if (session.mode === "local" && tenant()) h["X-Tenant"] = tenant();
  return h;
}

/** fetch + JSON + problem+json errors. `body` is sent as JSON unless it is a Blob/FormData/string. */
export async function call(method, path, body, extraHeaders = {}) {
  const init = { method, headers: headers(extraHeaders) };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof FormData || typeof body === "string") init.body = body;
    else { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
  }
  const answer = await fetch(path, init);
  if (answer.status === 401 && session.mode === "enforced") { location.reload(); throw new ApiError(401, {}); }
  const text = await answer.text();
  let json = null;
  if (text) { try { json = JSON.parse(text); } catch (e) { json = { detail: text }; } }
  if (!answer.ok) throw new ApiError(answer.status, json);
  return json;
}

export const get = (path) => call("GET", path);
export const post = (path, body, h) => call("POST", path, body, h);
export const patch = (path, body) => call("PATCH", path, body);
export const del = (path) => call("DELETE", path);

/** Path segments are sent percent-encoded, as the API expects of names holding `/`, `\` or `;`. */
export function path(...segments) {
  return "/api/" + segments.map((s) => encodeURIComponent(String(s))).join("/") + "/";
}
export const appPath = (app) => path("apps", app);
export const dsPath = (app, ds) => path("apps", app, "datasources", ds);
export const tablePath = (app, ds, table) => path("apps", app, "datasources", ds, "datatables", table);
export const recordPath = (app, ds, table, key) =>
  tablePath(app, ds, table) + "records/" + encodeURIComponent(String(key)) + "/";

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

// Small DOM helpers shared by every screen: element building, messages, dialogs and the API's errors in forms.

/** h("button.primary", {onclick}, "Save"): a tag with optional .classes and #id, attributes/props, children. */
export function h(spec, attrs, ...children) {
  if (attrs === null || typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  const [, tag, rest] = spec.match(/^([a-z0-9-]+)(.*)$/i);
  const el = document.createElement(tag);
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === ".") el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k in el && k !== "list" && k !== "form") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's content: nested arrays are flattened, null / false / undefined left out. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function mount(...children) {
  const main = document.getElementById("main");
  main.replaceChildren();
  append(main, children);
  return main;
}

export function toast(message, kind = "ok") {
  const box = h("div.toast." + kind, message);
  document.getElementById("toasts").append(box);
  setTimeout(() => box.remove(), kind === "error" ? 8000 : 4000);
}

/** The API's problem document, as a block naming each culprit. */
export function problemBox(error) {
  const p = error.problem || {};
  return h("div.problem", { role: "alert" },
    h("strong", `${error.status || ""} ${p.code || ""} ${p.title || "Error"}`.trim()),
    p.detail ? h("p", p.detail) : null,
    error.errors?.length ? h("ul", error.errors.map((e) => h("li", h("code", e.field || "(record)"), " ", e.message || e.code)))
      : null);
}

/** Puts each error of a 400 next to the form control named after its field; returns those left unplaced. */
export function showFieldErrors(form, errors) {
  form.querySelectorAll(".field-error").forEach((e) => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  const left = [];
  for (const err of errors) {
    const control = [...form.querySelectorAll("[data-field]")].find((c) => c.dataset.field === err.field);
    if (!control) { left.push(err); continue; }
    const id = "err-" + Math.random().toString(36).slice(2);
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", id);
    control.closest(".field, td")?.append(h("span.field-error", { id }, err.message || err.code));
  }
  return left;
}

/** A modal dialog (the platform's <dialog>: focus trap and Escape built in). Resolves with the button's value. */
export function dialog(title, body, buttons = [["Cancel", ""], ["OK", "ok", "primary"]]) {
  return new Promise((resolve) => {
    const d = h("dialog.modal", { "aria-label": title },
      h("form", { method: "dialog" },
        h("h2", title), body,
        h("div.actions", buttons.map(([label, value, cls]) =>
          h("button" + (cls ? "." + cls : ""), { value, type: "submit" }, label)))));
    d.addEventListener("close", () => { resolve(d.returnValue); d.remove(); });
    document.body.append(d);
    d.showModal();
  });
}

export async function confirmDanger(title, text, action = "Delete") {
  return (await dialog(title, h("p", text), [["Cancel", ""], [action, "ok", "danger"]])) === "ok";
}

/** A labelled control: label + input/select + room for its error. */
export function field(label, control, hint) {
  const id = control.id || (control.id = "f-" + Math.random().toString(36).slice(2));
  return h("div.field", h("label", { htmlFor: id }, label), control, hint ? h("small.hint", hint) : null);
}

export function formatBytes(n) {
  if (n === null || n === undefined) return "";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function loading() { return h("p.loading", "Loading…"); }

/** Runs an async screen body; an API error ends up on the screen instead of an unhandled rejection. */
export async function guarded(render) {
  try { await render(); } catch (e) { mount(problemBox(e)); if (!e.status) console.error(e); }
}

/** The console's link to a screen: link("apps", app, ds) → "#/apps/<app>/<ds>", each segment encoded. */
export function link(...parts) {
  return "#/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
}

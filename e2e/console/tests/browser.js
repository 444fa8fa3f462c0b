// The browser the tests drive: Debian's Chromium (/usr/bin/chromium, or CHROMIUM) through playwright-core, headless,
// with the flags that keep it off the network (this machine's network is closed; the console needs none).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export const BASE = process.env.CONSOLE_BASE || "http://localhost:8080";
export const SHOTS = process.env.SCREENSHOT_DIR || "../../target/console-screenshots";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** A page at 1280×800 (or `viewport`) that fails the test on any script error or console error but expected ones. */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, tenant } = {}) {
  const context = await browser.newContext({ viewport });
  if (tenant) await context.addInitScript((t) => {
    if (location.protocol.startsWith("http")) localStorage.setItem("datably.console.tenant", t);
  }, tenant);
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("console", (m) => {
    // A refused request shows as a console error; the tests look at what the page shows for those.
    if (m.type() === "error" && !/status of (4\d\d)/.test(m.text())) page.errors.push(m.text());
  });
  return page;
}

/** Opens the console at a screen with a fresh load (a goto that only changes the hash would not reload the page). */
export async function openConsole(page, hash = "") {
  await page.goto("about:blank");
  await page.goto(`${BASE}/console/${hash}`);
  await page.waitForSelector("body[data-ready=true]");
}

export async function shot(page, name, { fullPage = false } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => document.querySelectorAll(".toast").forEach((t) => t.remove()));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** The API itself, for setting up data the test is not about and for checking what the console did. */
export async function api(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    if (!init.headers["Content-Type"]) init.headers["Content-Type"] = "application/json";
  }
  const answer = await fetch(BASE + path, init);
  const text = await answer.text();
  return { status: answer.status, json: text ? JSON.parse(text) : null };
}

// The console in enforced mode, signed in through a real Keycloak (run by scripts/keycloak-e2e.sh, which starts it,
// the service and Cerbos, and has created tenant acme's app "shop"): the browser goes through Keycloak's login form
// and back, the console shows the signed-in user and acme's data only, a viewer's write is refused by the policies
// and the console says so, and signing out ends the session.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, shot, BASE } from "../tests/browser.js";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signIn(user) {
  const page = await openPage(browser);
  await page.goto(`${BASE}/console/`);
  await page.locator("#kc-form-login").waitFor();                       // Keycloak's login page
  await page.locator("#username").fill(user);
  await page.locator("#password").fill(`${user}-pw`);
  await page.locator("#kc-login").click();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(new URL(page.url()).origin, new URL(BASE).origin, "back at the console");
  return page;
}

test("alice (admin of acme) signs in at Keycloak and sees acme's apps only", async () => {
  const page = await signIn("alice");
  assert.equal(await page.locator("#user").innerText(), "Signed in as alice");
  assert.equal(await page.locator("#tenant-box").isHidden(), true, "no tenant to choose: the token names it");
  await page.getByRole("link", { name: "Acme shop" }).waitFor();
  assert.equal(await page.locator("table.data tbody tr").count(), 1, "acme has one app");
  await shot(page, "signed-in");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("bob (viewer) sees the data, and a write he may not make is refused, with the policy's answer shown", async () => {
  const page = await signIn("bob");
  await page.getByRole("link", { name: "Acme shop" }).waitFor();
  await page.getByRole("button", { name: "New app" }).click();
  await page.getByLabel("Name").fill("Not for viewers");
  await page.getByRole("button", { name: "Save" }).click();
  const problem = page.getByRole("dialog").locator(".problem");
  await problem.waitFor();
  assert.match(await problem.innerText(), /403 DS302/);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("table.data tbody tr").count(), 1, "nothing was created");
  await page.getByRole("link", { name: "Sign out" }).click();
  await page.locator("#kc-form-login, #kc-logout").first().waitFor();    // at Keycloak again
  await page.goto(`${BASE}/console/`);
  await page.locator("#kc-form-login").waitFor();                       // signed out: the console asks for a sign-in
  await page.context().close();
});

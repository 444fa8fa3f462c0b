// The console end to end in a real Chromium: catalog, designer, records (validation errors inline, filter, sort,
// edit), a rename migration previewed, applied and rolled back, a CSV import watched to 100 %, the aggregate and
// audit views; a screenshot of each main screen under target/console-screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, openConsole, shot, api } from "./browser.js";

const TENANT = "console_" + Date.now().toString(36);
const H = { "X-Tenant": TENANT };
let browser, page;

before(async () => {
  browser = await launch();
  page = await openPage(browser, { tenant: TENANT });
});
after(async () => {
  assert.deepEqual(page.errors, [], "no script errors in the page");
  await browser?.close();
});

const TABLE = "#/apps/shop/main/products";

test("create an app, a datasource and a table in the designer", async () => {
  await openConsole(page);
  await page.getByRole("button", { name: "New app" }).click();
  await page.getByLabel("Name").fill("Shop");
  await page.getByLabel("Description").fill("The shop's data");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/#\/apps\/shop$/);
  await page.getByRole("button", { name: "New datasource" }).click();
  await page.getByLabel("Name").fill("Main");
  await page.getByLabel("Provider").selectOption("flat_table");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/#\/apps\/shop\/main$/);
  await page.getByRole("link", { name: "New table" }).click();

  await page.getByLabel("Table name").fill("products");
  const addField = async (i, name, type) => {
    await page.getByRole("button", { name: "+ Add field" }).click();
    await page.getByLabel(`Name of field ${i}`).fill(name);
    await page.getByLabel(`Type of field ${i}`).selectOption(type);
  };
  await addField(2, "name", "string");
  await page.getByLabel("Field 2 is required").check();
  await addField(3, "price", "number");
  const price = page.locator('tr[data-row="2"]');
  await price.locator("summary").click();
  await price.getByLabel("Minimum").fill("0");
  await addField(4, "category", "string");
  const category = page.locator('tr[data-row="3"]');
  await category.locator("summary").click();
  await category.getByLabel("Allowed values (comma separated)").fill("books, games, tools");
  // A mistake first: the API's 400 names the field's type, shown next to that control.
  await addField(5, "stock", "integer");
  await page.locator('tr[data-row="4"]').locator("summary").click();
  await page.locator('tr[data-row="4"]').getByLabel("Minimum").fill("10");
  await page.locator('tr[data-row="4"]').getByLabel("Maximum").fill("1");     // below the minimum: the API refuses it
  await page.locator('tr[data-row="4"] summary').click();                  // fold the constraints for the picture
  await shot(page, "designer", { fullPage: true });
  await page.locator('tr[data-row="4"] summary').click();
  await page.getByRole("button", { name: "Create table" }).click();
  await page.locator(".problem, .field-error").first().waitFor();
  await page.locator('tr[data-row="4"]').getByLabel("Minimum").fill("0");
  await page.locator('tr[data-row="4"]').getByLabel("Maximum").fill("1000");
  await page.getByRole("button", { name: "Create table" }).click();
  await page.waitForURL(/products\/records$/);
  const table = (await api("GET", "/api/apps/shop/datasources/main/datatables/products/", undefined, H)).json;
  assert.deepEqual(table.json_schema.fields.map((f) => f.name), ["id", "name", "price", "category", "stock"]);
  assert.deepEqual(table.json_schema.fields[3].constraints.enum, ["books", "games", "tools"]);
  assert.deepEqual(table.json_schema.primaryKey, ["id"]);
});

test("add records, with the API's validation errors inline", async () => {
  await openConsole(page, TABLE + "/records/new");
  await page.getByLabel("id", { exact: true }).fill("1");
  await page.getByLabel("price", { exact: true }).fill("-5");
  await page.getByRole("button", { name: "Create record" }).click();
  const nameError = page.locator(".field", { has: page.getByLabel("name", { exact: true }) }).locator(".field-error");
  const priceError = page.locator(".field", { has: page.getByLabel("price", { exact: true }) }).locator(".field-error");
  await nameError.waitFor();
  assert.match(await nameError.innerText(), /required/i);
  assert.match(await priceError.innerText(), /0/);
  assert.equal(await page.getByLabel("price", { exact: true }).getAttribute("aria-invalid"), "true");
  await shot(page, "record-form-errors");
  await page.getByLabel("name", { exact: true }).fill("Dune");
  await page.getByLabel("price", { exact: true }).fill("12.50");
  await page.getByLabel("category", { exact: true }).selectOption("books");
  await page.getByRole("button", { name: "Create record" }).click();
  await page.waitForURL(/records\/1$/);
  const rec = (await api("GET", "/api/apps/shop/datasources/main/datatables/products/records/1/", undefined, H)).json;
  assert.deepEqual(rec, { id: 1, name: "Dune", price: 12.5, category: "books", stock: null });
  const more = [[2, "Chess", 30, "games", 3], [3, "Hammer", 9.99, "tools", 40], [4, "Go", 25, "games", 7],
    [5, "Emma", 7.5, "books", 12], [6, "Saw", 19, "tools", 0]];
  const created = await api("POST", "/api/apps/shop/datasources/main/datatables/products/records/",
    more.map(([id, name, price, category, stock]) => ({ id, name, price, category, stock })), H);
  assert.equal(created.status, 201);
});

test("filter and sort the grid", async () => {
  await openConsole(page, TABLE + "/records");
  await page.locator("table.records tbody tr").first().waitFor();
  assert.equal(await page.locator("table.records tbody tr").count(), 6);
  await page.locator("details.filters summary").click();
  await page.getByRole("button", { name: "+ Condition" }).click();
  await page.getByLabel("Field").fill("price");
  await page.getByLabel("Field").press("Tab");
  await page.getByLabel("Operator").selectOption("gt");
  await page.getByLabel("Value").fill("10");
  await page.getByLabel("Value").press("Tab");
  await page.getByRole("button", { name: "+ Group" }).click();
  const group = page.locator("fieldset.group fieldset.group");
  await group.getByLabel("Combine conditions").selectOption("nor");
  await group.getByRole("button", { name: "+ Condition" }).click();
  await group.getByLabel("Field").fill("category");
  await group.getByLabel("Field").press("Tab");
  await group.getByLabel("Value").fill("tools");
  await group.getByLabel("Value").press("Tab");
  await page.getByRole("button", { name: "Apply filters" }).click();
  // price > 10 and not (category = tools): Dune 12.50, Chess 30, Go 25
  await page.waitForFunction(() => document.querySelectorAll("table.records tbody tr").length === 3);
  await page.getByRole("button", { name: /^price/ }).click();               // ascending
  await page.waitForFunction(() => document.querySelector("th[aria-sort=ascending]"));
  assert.deepEqual(await column(page, 2), ["Dune", "Go", "Chess"]);
  await page.getByRole("button", { name: /^price/ }).click();               // descending
  await page.waitForFunction(() => document.querySelector("th[aria-sort=descending]"));
  assert.deepEqual(await column(page, 2), ["Chess", "Go", "Dune"]);
  assert.match(await page.locator(".pager-status").innerText(), /^3 records/);
  await shot(page, "records-grid");
});

test("edit a record", async () => {
  await openConsole(page, TABLE + "/records");
  await page.getByRole("link", { name: "Edit record 2" }).click();
  await page.getByLabel("name", { exact: true }).fill("Chess set");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.locator(".toast", { hasText: "Record saved" }).waitFor();
  const rec = (await api("GET", "/api/apps/shop/datasources/main/datatables/products/records/2/", undefined, H)).json;
  assert.equal(rec.name, "Chess set");
  await page.waitForFunction(() => document.querySelectorAll(".audit tbody tr").length === 2);
  assert.match(await page.locator(".audit tbody tr").first().innerText(), /update/, "history: the update, then the create");
});

test("preview and apply a rename migration, then roll it back", async () => {
  await openConsole(page, TABLE + "/schema");
  await page.getByLabel("Name of field 2").fill("title");
  await page.getByRole("button", { name: "Preview migration" }).click();
  const preview = page.locator(".preview-box");
  await preview.getByText("would apply").waitFor();
  assert.match(await preview.innerText(), /rename field 'name' to 'title'/);
  assert.match(await preview.locator("pre.sql").innerText(), /RENAME COLUMN "name" TO "title"/i);
  await shot(page, "migration-preview");
  await page.getByRole("button", { name: "Apply migration" }).click();
  await page.waitForURL(/products\/operations$/);
  let table = (await api("GET", "/api/apps/shop/datasources/main/datatables/products/", undefined, H)).json;
  assert.equal(table.json_schema.fields[1].name, "title");
  assert.equal((await api("GET", "/api/apps/shop/datasources/main/datatables/products/records/2/", undefined, H)).json.title, "Chess set");
  await page.locator("tr[data-operation=update] button", { hasText: "Roll back" }).first().waitFor();
  await shot(page, "history");
  await page.locator("tr[data-operation=update] button", { hasText: "Roll back" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("would apply").waitFor();
  await dialog.getByRole("button", { name: "Roll back" }).click();
  await page.waitForFunction(() => document.querySelector("tr[data-operation=rollback]"));
  table = (await api("GET", "/api/apps/shop/datasources/main/datatables/products/", undefined, H)).json;
  assert.equal(table.json_schema.fields[1].name, "name");
  assert.equal((await api("GET", "/api/apps/shop/datasources/main/datatables/products/records/2/", undefined, H)).json.name, "Chess set");
});

test("upload a CSV and watch the progress reach 100 %", async () => {
  const rows = ["id,name,price,category,stock"];
  for (let i = 1000; i < 31000; i++) rows.push(`${i},Item ${i},${(i % 500) + 0.25},${["books", "games", "tools"][i % 3]},${i % 90}`);
  rows.push("99999,Broken,-1,books,1");               // rejected (minimum 0) in skip_invalid mode
  await openConsole(page, TABLE + "/import");
  await page.getByLabel(/^File/).setInputFiles({ name: "products.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n") + "\n") });
  await page.getByLabel("Mode").selectOption("skip_invalid");
  await page.getByRole("button", { name: "Import" }).click();
  const label = page.locator(".progress-label");
  const seen = new Set();
  for (let i = 0; i < 600; i++) {
    const status = await label.getAttribute("data-status");
    seen.add(`${status}:${await label.getAttribute("data-percent")}`);
    if (status === "succeeded" || status === "failed") break;
    await page.waitForTimeout(50);
  }
  assert.equal(await label.getAttribute("data-status"), "succeeded", [...seen].join(" "));
  assert.ok([...seen].some((s) => /^(queued|running):/.test(s)), `the job was seen before its end: ${[...seen].join(" ")}`);
  assert.equal(await label.getAttribute("data-percent"), "100");
  assert.equal(await page.locator("progress").evaluate((p) => p.value), 100);
  await page.locator(".report").getByText("Rejected rows").waitFor();
  // The one rejected row: the last of the file (row 30001), price -1 below the minimum.
  assert.match(await page.locator(".report tbody").innerText(), /^30001\tprice\tminimum\t-1\t/);
  await shot(page, "import");
  const count = (await api("GET", "/api/apps/shop/datasources/main/datatables/products/records/?page_size=1", undefined, H)).json.count;
  assert.equal(count, 6 + 30000);
});

test("aggregate and audit views", async () => {
  await openConsole(page, TABLE + "/aggregate");
  await page.getByLabel("Group by").selectOption("category");
  await page.getByLabel("Aggregate function").selectOption("count");
  await page.getByRole("button", { name: "Run" }).click();
  await page.locator("svg.chart rect").nth(2).waitFor();
  const rows = await page.locator(".aggregate tbody tr").allInnerTexts();
  assert.deepEqual(rows.map((r) => r.split("\t")[0]), ["books", "games", "tools"]);
  await shot(page, "aggregate");
  await openConsole(page, TABLE + "/audit");
  await page.locator(".audit tbody tr").first().waitFor();
  assert.match(await page.locator(".audit").innerText(), /import/);
  await shot(page, "audit");
  await openConsole(page, "#/apps/shop");
  await page.locator("dl.stats").waitFor();
  await shot(page, "catalog");
});

test("keyboard only: reach a button, open its dialog, submit with Enter, close with Escape", async () => {
  await openConsole(page);
  let reached = false;
  for (let i = 0; i < 25 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.textContent === "New app");
  }
  assert.ok(reached, "Tab reaches the New app button");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.field), "name", "the dialog's first field has focus");
  // The new app's datasource list answers late, so a key pressed while it loads must still reach its target: the
  // console once moved focus to <main> when the list arrived, swallowing the Enter below.
  await page.route(/\/datasources\/\?/, async (request) => {
    await new Promise((done) => setTimeout(done, 500));
    await request.continue();
  });
  await page.keyboard.type("Keyboard app");
  await page.keyboard.press("Enter");
  await page.waitForURL(/#\/apps\/keyboard-app$/);
  const newDatasource = page.getByRole("button", { name: "New datasource" });
  await newDatasource.focus();
  await page.locator("main[aria-busy=false]").waitFor();
  assert.equal(await newDatasource.evaluate((button) => button === document.activeElement), true,
    "focus stays on the button reached while the screen loaded");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.unrouteAll();
});

test("a phone's width: nothing wider than the screen, tables stacked", async () => {
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 }, tenant: TENANT });
  for (const screen of ["", "#/apps/shop/main", TABLE + "/records", TABLE + "/records/1", TABLE + "/schema"]) {
    await openConsole(phone, screen);
    await phone.locator("main h1").first().waitFor();
    await phone.waitForFunction(() => !document.querySelector("[aria-busy=true]"));
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${screen || "apps"}: ${overflow} px wider than the screen`);
  }
  await openConsole(phone, TABLE + "/records");
  await phone.locator("table.records tbody tr").first().waitFor();
  await shot(phone, "phone-records");
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});

async function column(page, index) {
  return page.locator(`table.records tbody tr td:nth-child(${index})`).allInnerTexts();
}

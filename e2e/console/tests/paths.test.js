// The console's paths beside the main story (console.test.js), each checked against the API afterwards: a soft-deleted
// app found in the inactive list and restored; an index created and dropped; a relation expanded in the grid, shown
// as a link that opens the related record; the schema edited through its JSON view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, openConsole, api } from "./browser.js";

const TENANT = "paths_" + Date.now().toString(36);
const H = { "X-Tenant": TENANT };
const DS = "/api/apps/lib/datasources/main/";
const LIB = "#/apps/lib/main";
let browser, page;

before(async () => {
  browser = await launch();
  page = await openPage(browser, { tenant: TENANT });
  const setUp = [
    ["POST", "/api/apps/", { name: "Library", slug: "lib" }],
    ["POST", "/api/apps/lib/datasources/", { name: "main", slug: "main", provider_type: "jsonb" }],
    ["POST", DS + "datatables/", { name: "authors", json_schema: { fields: [{ name: "id", type: "integer" },
      { name: "name", type: "string" }], primaryKey: ["id"] } }],
    ["POST", DS + "datatables/", { name: "books", json_schema: { fields: [{ name: "id", type: "integer" },
      { name: "title", type: "string" }, { name: "author_id", type: "integer" }], primaryKey: ["id"],
      foreignKeys: [{ fields: ["author_id"], reference: { resource: "authors", fields: ["id"] } }] } }],
    ["POST", DS + "datatables/authors/records/", [{ id: 1, name: "Ann" }, { id: 2, name: "Bob" }]],
    ["POST", DS + "datatables/books/records/", [{ id: 10, title: "Dune", author_id: 2 }]],
  ];
  for (const [method, path, body] of setUp) {
    const answer = await api(method, path, body, H);
    assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
});
after(async () => {
  assert.deepEqual(page.errors, [], "no script errors in the page");
  await browser?.close();
});

async function activeApps(isActive) {
  return (await api("GET", `/api/apps/?is_active=${isActive}`, undefined, H)).json.results.map((a) => a.slug);
}

test("soft delete an app, find it among the inactive ones and restore it", async () => {
  assert.equal((await api("POST", "/api/apps/", { name: "Old app", slug: "old-app" }, H)).status, 201);
  await openConsole(page);
  const row = page.locator("table.data tbody tr", { hasText: "old-app" });
  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await row.waitFor({ state: "detached" });
  assert.deepEqual(await activeApps(false), ["old-app"]);
  await page.getByLabel("Show").selectOption("false");
  await row.getByRole("button", { name: "Restore" }).click();
  await row.waitFor({ state: "detached" });                       // the inactive list no longer holds it
  assert.deepEqual(await activeApps(false), []);
  assert.ok((await activeApps(true)).includes("old-app"));
  await page.getByLabel("Show").selectOption("true");
  await row.getByRole("link", { name: "Old app" }).waitFor();
});

test("create an index and drop it", async () => {
  await openConsole(page, LIB + "/authors/indexes");
  await page.getByLabel("Name").fill("authors_by_name");
  await page.getByLabel("Fields (in order)").selectOption(["name"]);
  await page.getByLabel("Type").selectOption("btree");
  await page.getByRole("button", { name: "Create index" }).click();
  const row = page.locator("table.data tbody tr", { hasText: "authors_by_name" });
  await row.waitFor();
  const listed = (await api("GET", DS + "datatables/authors/indexes/", undefined, H)).json.results;
  const made = listed.find((i) => i.name === "authors_by_name");
  assert.deepEqual([made.fields, made.type, made.unique], [["name"], "btree", false]);
  await row.getByRole("button", { name: "Drop" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await row.waitFor({ state: "detached" });
  const left = (await api("GET", DS + "datatables/authors/indexes/", undefined, H)).json.results;
  assert.equal(left.some((i) => i.name === "authors_by_name"), false);
});

test("expand a relation: the related record is a link that opens it", async () => {
  await openConsole(page, LIB + "/books/records");
  await page.locator("table.records tbody tr").first().waitFor();
  await page.locator("details.picker summary", { hasText: "Expand" }).click();
  await page.getByRole("checkbox", { name: /author/ }).check();
  const link = page.getByRole("link", { name: "authors 2" });
  await link.click();
  await page.waitForURL(/#\/apps\/lib\/main\/authors\/records\/2$/);
  await page.getByRole("heading", { name: "Record 2 of authors" }).waitFor();
  assert.equal(await page.locator("[data-field=name]").inputValue(), "Bob");
});

test("a destructive change through the schema's JSON view: refused, then allowed, confirmed and applied", async () => {
  await openConsole(page, LIB + "/authors/schema");
  await page.locator("summary", { hasText: "Table Schema as JSON" }).click();
  const json = page.getByLabel("Table Schema as JSON");
  const schema = JSON.parse(await json.inputValue());
  schema.fields.find((f) => f.name === "name").type = "integer";  // "Ann" and "Bob" are no integers
  await json.fill(JSON.stringify(schema, null, 2));
  await page.getByRole("button", { name: "Use this JSON" }).click();
  await page.getByRole("button", { name: "Preview migration" }).click();
  const preview = page.locator(".preview-box");
  await preview.getByText("would not apply as it stands").waitFor();
  assert.equal(await preview.getByRole("button", { name: "Apply migration" }).isDisabled(), true);
  await preview.getByLabel(/Allow destructive changes/).check();
  await preview.getByRole("button", { name: "Preview again" }).click();
  await preview.getByText("would apply", { exact: true }).waitFor();
  await preview.getByRole("button", { name: "Apply migration" }).click();
  const confirm = page.getByRole("dialog");
  await confirm.getByText("This cannot be rolled back").waitFor();
  await confirm.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/authors\/operations$/);
  const table = (await api("GET", DS + "datatables/authors/", undefined, H)).json;
  assert.equal(table.json_schema.fields.find((f) => f.name === "name").type, "integer");
  const names = (await api("GET", DS + "datatables/authors/records/?ordering=id", undefined, H)).json.results.map((r) => r.name);
  assert.deepEqual(names, [null, null], "the values that could not be converted were cleared");
});

// Imports: a CSV / JSON / NDJSON file uploaded as an import job (202), its progress followed live on the job's
// Server-Sent Events (read through fetch, so that the bearer token is sent: EventSource cannot send headers), and
// the report with the rejected rows.
import * as api from "./api.js";
import { h, problemBox, formatBytes, fill } from "./ui.js";

export async function importTab(panel, ctx) {
  const file = h("input", { type: "file", accept: ".csv,.json,.ndjson,.jsonl,text/csv,application/json", required: true, id: "import-file" });
  const mode = h("select", { id: "import-mode" },
    h("option", { value: "all_or_nothing" }, "All or nothing"), h("option", { value: "skip_invalid" }, "Skip invalid rows"));
  const bar = h("progress", { max: 100, value: 0, "aria-label": "Import progress" });
  const label = h("span.progress-label", { role: "status" });
  const out = h("div");
  const go = h("button.primary", { type: "submit" }, "Import");
  const form = h("form.import", { onsubmit: async (e) => {
    e.preventDefault();
    if (!file.files.length) { file.focus(); return; }
    go.disabled = true;
    out.replaceChildren();
    try { await run(ctx, file.files[0], mode.value, bar, label, out); }
    finally { go.disabled = false; }
  } },
  h("div.field", h("label", { htmlFor: "import-file" }, "File (CSV with a header row, JSON array or NDJSON)"), file),
  h("div.field", h("label", { htmlFor: "import-mode" }, "Mode"), mode), go);
  fill(panel, form, h("div.progress", bar, label), out);
}

async function run(ctx, file, mode, bar, label, out) {
  const data = new FormData();
  data.append("file", file, file.name);
  label.textContent = "Uploading…";
  let job;
  try {
    job = await upload(ctx.path + "imports/" + api.query({ mode, async: "true" }), data, (sent) => {
      bar.value = Math.round(sent * 100);
      label.textContent = `Uploading ${Math.round(sent * 100)} %`;
    });
  } catch (e) { label.textContent = "Refused"; fill(out, problemBox(e)); return; }
  const jobUrl = ctx.path + "imports/" + encodeURIComponent(job.id) + "/";
  show(job, bar, label);
  const ended = await follow(jobUrl + "events", (j) => show(j, bar, label)).catch(() => null) || await poll(jobUrl, (j) => show(j, bar, label));
  show(ended, bar, label);
  fill(out, report(ended));
}

function show(job, bar, label) {
  const pct = job.status === "succeeded" ? 100 : job.percent ?? 0;
  bar.value = pct;
  label.textContent = `${job.status} · ${pct} % · ${job.rows_read ?? 0} rows read, ${job.rows_written ?? 0} written, ` +
    `${job.rows_rejected ?? 0} rejected · ${formatBytes(job.bytes_read)} of ${formatBytes(job.bytes_total)}` +
    (job.eta_seconds ? ` · about ${job.eta_seconds} s left` : "");
  label.dataset.status = job.status;
  label.dataset.percent = String(pct);
}

/** multipart upload with XMLHttpRequest, the one browser API that reports upload progress. */
function upload(url, body, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [k, v] of Object.entries(api.headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 202 || xhr.status === 200) resolve(json);
      else reject(new api.ApiError(xhr.status, json));
    };
    xhr.onerror = () => reject(new api.ApiError(0, { detail: "the upload failed (network)" }));
    xhr.send(body);
  });
}

/** Reads the job's event stream until its `end` event; resolves with the job as it ended. */
async function follow(url, onProgress) {
  const answer = await fetch(url, { headers: api.headers({ Accept: "text/event-stream" }) });
  if (!answer.ok || !answer.body) throw new Error("no event stream");
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the stream ended without an end event");
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event:\s*(.*)$/m.exec(block)?.[1]?.trim() || "message";
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
      if (!data) continue;
      const job = JSON.parse(data);
      if (event === "end") { reader.cancel(); return job; }
      onProgress(job);
    }
  }
}

async function poll(url, onProgress) {
  for (;;) {
    const job = await api.get(url);
    if (!["queued", "running"].includes(job.status)) return job;
    onProgress(job);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function report(job) {
  const r = job.report;
  if (job.error) return problemBox({ status: job.error.status, problem: job.error, errors: job.error.errors || [] });
  if (!r) return h("p", job.message || "");
  return h("section.report",
    h("h2", "Report"),
    h("dl.stats",
      [["Status", r.status], ["Rows read", r.rows_read], ["Written", r.rows_written], ["Rejected", r.rows_rejected]]
        .map(([k, v]) => h("div", h("dt", k), h("dd", String(v))))),
    r.errors?.length ? h("table.data", h("caption", "Rejected rows"),
      h("thead", h("tr", ["Row", "Field", "Rule", "Value", "Message"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", r.errors.map((e) => h("tr", h("td.num", e.row), h("td", e.field), h("td", e.rule), h("td", h("code", String(e.value ?? ""))), h("td", e.message)))))
      : null);
}

// Validates Kubernetes manifests offline against the API schemas of Kubernetes and Knative (kubernetes-models and
// @kubernetes-models/knative: the OpenAPI schemas of the API servers, compiled to validators).
//   node validate.mjs FILE...   (multi-document YAML, e.g. `kubectl kustomize k8s/overlays/prod`)
// Exits 1 naming each object that is invalid, or of a kind it has no schema for (a typo in apiVersion or kind is an
// error too), and 0 when every object of every file validates.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as policy from "kubernetes-models/policy/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as serving from "@kubernetes-models/knative/serving.knative.dev/v1";

const models = new Map();
for (const [apiVersion, group] of [["v1", core], ["apps/v1", apps], ["batch/v1", batch],
    ["autoscaling/v2", autoscaling], ["policy/v1", policy], ["networking.k8s.io/v1", networking],
    ["serving.knative.dev/v1", serving]]) {
  for (const [kind, model] of Object.entries(group)) {
    if (typeof model === "function") {
      models.set(`${apiVersion}/${kind}`, model);
    }
  }
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.error(`${file}: not YAML: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object === null) {
      continue;
    }
    const name = `${file}: ${object.apiVersion}/${object.kind} ${object.metadata?.name ?? "(no name)"}`;
    const Model = models.get(`${object.apiVersion}/${object.kind}`);
    if (Model === undefined) {
      console.error(`${name}: no schema for this apiVersion and kind`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      checked++;
    } catch (error) {
      console.error(`${name}: ${error.message}`);
      failures++;
    }
  }
}
console.log(`${checked} objects valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);

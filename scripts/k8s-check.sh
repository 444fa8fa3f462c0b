#!/usr/bin/env bash
# The Kubernetes manifests, checked offline (there is no cluster here): each overlay of k8s/overlays renders with
# `kubectl kustomize`, and every object it renders validates against the Kubernetes and Knative API schemas
# (k8s/validate: kubernetes-models and @kubernetes-models/knative, the API servers' OpenAPI schemas compiled to
# validators; they check types, required fields and enums, not unknown field names). The validator is first shown
# manifests it must refuse (k8s/validate/broken), so a validator that lets everything pass fails this check.
#   bash scripts/k8s-check.sh       (needs kubectl and Node 20+; installs the validator's npm packages once)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kubectl >/dev/null || { echo "kubectl is missing (it renders the kustomizations)" >&2; exit 1; }
command -v node >/dev/null || { echo "node is missing (Node 20+ runs the validator)" >&2; exit 1; }
[ -d k8s/validate/node_modules ] || (cd k8s/validate && npm ci --no-audit --no-fund --loglevel=error)

OUT=$(mktemp -d)
trap 'rm -rf "${OUT}"' EXIT
broken=$(node k8s/validate/validate.mjs k8s/validate/broken/*.yaml 2>&1 || true)
expected=$(grep -c '^kind:' k8s/validate/broken/*.yaml | awk -F: '{s += $NF} END {print s}')
refused=$(grep -c ': ' <<<"$(grep -v 'objects valid' <<<"${broken}")" || true)
[ "${refused}" = "${expected}" ] || { echo "FAIL: the validator refused ${refused} of the ${expected} broken manifests:" \
  >&2; echo "${broken}" >&2; exit 1; }

for overlay in k8s/overlays/*/; do
  name=$(basename "${overlay}")
  kubectl kustomize "${overlay}" > "${OUT}/${name}.yaml"
  printf '%-12s ' "${name}:"
  node k8s/validate/validate.mjs "${OUT}/${name}.yaml"
done
echo "ok: every overlay renders and validates"

#!/usr/bin/env bash
# SDK check: generates client SDKs from the running service's OpenAPI documents and uses them.
#
#   scripts/sdk-check.sh
#
# Packages and starts the service (port 8092, its own database datably_sdk, dropped at the end), then:
#  1. the generic document (/q/openapi) → a Java client (openapi-generator 7.25.0, java/native, Jackson) and a
#     TypeScript one (typescript-fetch); the Java round trip (sdk/src/generic) creates an app, a datasource and a
#     table, writes, lists, reads, patches, deletes and aggregates records, previews and applies a schema change;
#  2. that app's typed document (/api/apps/sdk-shop/openapi) → the same two clients; the Java round trip
#     (sdk/src/app) works the table's records through its typed model;
#  3. tsc compiles both TypeScript clients (strict).
# Fails on a generator warning that means a lost type, a model named after a Java class, a compile error, or a
# round trip that does not find the data it wrote. Exit status 0 when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=8092
DB=datably_sdk
BASE="http://127.0.0.1:${PORT}"
OUT=target/sdk
mkdir -p "${OUT}"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}

source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-sdk.log

# Warnings of openapi-generator that mean the document lost a type or a parameter on the way into the client.
LOST='Type\(s\) cleared|UNKNOWN_PARAMETER_NAME|Not handling class|Multiple schemas found|Unknown type found|empty object type|is not supported'
# Model names that shadow a Java or TypeScript type a client also uses.
SHADOWS='^(JsonNode|JsonNodeType|ObjectNode|ArrayNode|Instant|OffsetDateTime|LocalDate|Object|String|Integer|Long|Boolean|Number|List|Map|Set|Date|Buffer|Uni|Multi|Response|Record)$'

generate_and_run() {
  local kind=$1
  echo "== ${kind}: generate, compile, round trip"
  rm -rf "sdk/target/${kind}"
  if ! ./mvnw -B -ntp -f sdk/pom.xml test -Dsdk.kind="${kind}" -Dsdk.spec="$(pwd)/${OUT}/${kind}.json" \
      -Ddatably.url="${BASE}" > "${OUT}/${kind}.log" 2>&1; then
    grep -E '\[ERROR\]|FAIL|expected' "${OUT}/${kind}.log" | head -40
    echo "${kind}: the SDK build or round trip failed; see ${OUT}/${kind}.log" >&2
    return 1
  fi
  if grep -E "${LOST}" "${OUT}/${kind}.log" | sort | uniq -c; then
    echo "${kind}: openapi-generator lost types or parameters (above)" >&2
    return 1
  fi
  local models="sdk/target/${kind}/generated-sources/openapi/src/main/java/io/datably/client/model"
  if ls "${models}" | sed 's/\.java$//' | grep -E "${SHADOWS}"; then
    echo "${kind}: a model is named after a Java type (above)" >&2
    return 1
  fi
  grep -E 'Tests run:.*Failures' "${OUT}/${kind}.log" | tail -1
}

curl -sf "${BASE}/q/openapi?format=json" > "${OUT}/generic.json"
generate_and_run generic
# The app the generic round trip made, as its typed document describes it.
curl -sf "${BASE}/api/apps/sdk-shop/openapi" > "${OUT}/app.json"
generate_and_run app

echo "== typescript: tsc --strict over both clients"
(cd sdk && { [ -x node_modules/.bin/tsc ] || npm ci --no-audit --no-fund --silent; } && node_modules/.bin/tsc -p .)
echo "ok: SDKs generated, compiled and used"

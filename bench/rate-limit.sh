#!/usr/bin/env bash
# Rate limits measured: two packaged instances on one database, in enforced mode (an issuer configured by its key),
# sharing Redis, with rate limits at their defaults there (on; 100 requests a minute per caller). One principal fires
# a burst of 200 GETs alternating between the two instances; the script prints how many succeeded (expected: the
# limit, 100, within 5 %: the bucket refills 1.7 tokens a second while the burst runs) and checks that every other
# answer is 429 DS109 with Retry-After, and that both instances granted part of the one budget.
# Exits non-zero when a check fails.  Usage: bash bench/rate-limit.sh
# PACKAGED_SERVICE_BUILT=1: the jar in target/ is fresh (skip packaging); REDIS_URL (redis://127.0.0.1:6379);
# BURST (200), LIMIT (100): the burst's size and the limit it expects; CONCURRENCY (20): requests in flight at once;
# WINDOW_SECONDS (60): datably.rate-limit.window. A token bucket refills during the burst (at the default, 1.7 tokens a
# second): on a machine too busy to answer 200 requests within 3 s, more than 105 succeed. .ci/run passes
# WINDOW_SECONDS=600 (0.17 tokens a second), so that a slow run does not fail a check that is about counting.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packaged-service.sh

REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
BURST=${BURST:-200}
LIMIT=${LIMIT:-100}
CONCURRENCY=${CONCURRENCY:-20}
# Unset: the service's own default window (a minute) is what is measured.
WINDOW_OPT=${WINDOW_SECONDS:+-Ddatably.rate-limit.window=${WINDOW_SECONDS}s}
WINDOW_SECONDS=${WINDOW_SECONDS:-60}
# Ports free now (other services may run on this machine: a fixed port could answer for one of them).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
A_PORT=${A_PORT:-$(free_port)}
B_PORT=${B_PORT:-$(free_port)}
while [ "${B_PORT}" = "${A_PORT}" ]; do B_PORT=$(free_port); done
PDP_PORT=$(free_port)
DB=datably_rate_limit_bench
LOGS=${TMPDIR:-/tmp}/datably-rate-limit-bench
ISSUER=https://bench.example.com
KEYS=src/test/resources/security
mkdir -p "${LOGS}"
started=${SECONDS}

fail() { echo "FAIL: $*" >&2; exit 1; }
for port in "${A_PORT}" "${B_PORT}"; do
  ! curl -s -o /dev/null "http://127.0.0.1:${port}/" || fail "port ${port} is taken; set A_PORT and B_PORT"
done
redis-cli -u "${REDIS_URL}" ping >/dev/null 2>&1 || fail "Redis does not answer at ${REDIS_URL}"

# Enforced mode by key alone (no identity provider to run): the test key pair "shared"; tokens are signed below.
PUBLIC_KEY=$(sed '/-----/d' "${KEYS}/shared-public.pem" | tr -d '\n')
# Both instances share the key prefix (one budget); a fresh one per run, so earlier runs leave nothing behind.
PREFIX="datably-bench:$(date +%s)-$$:"
# Enforced mode runs only with its policy decision point: the real Cerbos with the repository's policies (the
# defaults let the burst's viewer list apps).
export PACKAGED_SERVICE_OPTS="-Dquarkus.oidc.public-key=${PUBLIC_KEY} -Dquarkus.oidc.token.issuer=${ISSUER}
  -Dquarkus.redis.hosts=${REDIS_URL} -Ddatably.rate-limit.key-prefix=${PREFIX}
  -Ddatably.authz.cerbos-url=http://127.0.0.1:${PDP_PORT} ${WINDOW_OPT}"

B_PID=
PDP_PID=
cleanup() {
  [ -z "${B_PID}" ] || { kill "${B_PID}" 2>/dev/null || true; wait "${B_PID}" 2>/dev/null || true; }
  [ -z "${PDP_PID}" ] || { kill "${PDP_PID}" 2>/dev/null || true; wait "${PDP_PID}" 2>/dev/null || true; }
  stop_packaged_service
}
trap cleanup EXIT
bash scripts/cerbos.sh run "${PDP_PORT}" > "${LOGS}/pdp.log" 2>&1 &
PDP_PID=$!
for _ in $(seq 1 40); do curl -sf "http://127.0.0.1:${PDP_PORT}/_cerbos/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:${PDP_PORT}/_cerbos/health" >/dev/null || fail "the Cerbos PDP did not start; see ${LOGS}"
start_packaged_service "${A_PORT}" "${DB}" "${LOGS}/instance-a.log"
# shellcheck disable=SC2086 # the options are separate words
DATABLY_DB_NAME=${DB} java ${PACKAGED_SERVICE_OPTS} -Dquarkus.http.port=${B_PORT} -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "${LOGS}/instance-b.log" 2>&1 &
B_PID=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:${B_PORT}/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:${B_PORT}/q/health/ready" >/dev/null || fail "instance B did not start; see ${LOGS}"
echo "two instances up after $(( SECONDS - started )) s"

node - "${KEYS}/shared-private.pem" "${ISSUER}" "${BURST}" "${LIMIT}" "${CONCURRENCY}" "${WINDOW_SECONDS}" \
  "http://127.0.0.1:${A_PORT}" "http://127.0.0.1:${B_PORT}" <<'EOF'
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const [keyFile, issuer, burstText, limitText, concurrencyText, windowText, ...instances] = process.argv.slice(2);
const [burst, limit, concurrency, window] = [burstText, limitText, concurrencyText, windowText].map(Number);
const key = fs.readFileSync(keyFile);

/** An RS256 token of the bench issuer for `subject` of tenant "bench". */
function token(subject) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const signed = part({ alg: 'RS256', typ: 'JWT' }) + '.'
    + part({ iss: issuer, sub: subject, tenant: 'bench', roles: ['viewer'], iat: now, exp: now + 600 });
  return signed + '.' + crypto.sign('RSA-SHA256', Buffer.from(signed), key).toString('base64url');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function get(base, bearer) {
  return new Promise((resolve, reject) => {
    const request = http.get(base + '/api/apps/', { agent, headers: { Authorization: 'Bearer ' + bearer } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { body += chunk; });
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
      });
    request.on('error', reject);
  });
}

(async () => {
  // Warm both instances (JIT, connections to PostgreSQL and Redis) as another principal: its own buckets.
  const warm = token('bench-warm-up');
  for (let i = 0; i < 10; i++) {
    for (const base of instances) await get(base, warm);
  }
  const bearer = token('bench-burst');
  const results = new Array(burst);
  let next = 0;
  const began = process.hrtime.bigint();
  async function worker() {
    while (next < burst) {
      const i = next++;
      const instance = i % instances.length; // alternating between the two instances
      results[i] = { instance, ...(await get(instances[instance], bearer)) };
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;

  const ok = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status !== 200);
  const byInstance = instances.map((_, n) => ok.filter((r) => r.instance === n).length);
  const wellRefused = refused.filter((r) => r.status === 429 && /^[1-9][0-9]*$/.test(r.headers['retry-after'] || '')
    && JSON.parse(r.body).code === 'DS109' && r.headers['ratelimit-remaining'] === '0');
  const retryAfter = [...new Set(refused.map((r) => r.headers['retry-after']))].sort();
  const withHeaders = results.filter((r) => r.headers['ratelimit-limit'] === String(limit)).length;
  console.log(`burst: ${burst} GETs as one principal, alternating between 2 instances, ${concurrency} in flight, `
    + `${seconds.toFixed(2)} s (limit ${limit} per ${window} s: the bucket refills `
    + `${(seconds * limit / window).toFixed(1)} tokens meanwhile)`);
  console.log(`succeeded: ${ok.length} (limit ${limit}, allowed ${Math.floor(limit * 0.95)}-${Math.ceil(limit * 1.05)}); `
    + `by instance: A ${byInstance[0]}, B ${byInstance[1]}`);
  console.log(`refused: ${refused.length}, of which 429 DS109 with Retry-After and RateLimit-Remaining 0: `
    + `${wellRefused.length} (Retry-After values: ${retryAfter.join(', ')} s)`);
  console.log(`answers with RateLimit-Limit ${limit}: ${withHeaders} of ${burst}`);
  const failures = [];
  if (Math.abs(ok.length - limit) > limit * 0.05) failures.push(`${ok.length} succeeded, not ${limit} ± 5 %`);
  if (wellRefused.length !== refused.length) failures.push('a refused request lacked 429 DS109 with Retry-After');
  if (byInstance.some((n) => n === 0)) failures.push('one instance granted nothing: not one shared budget?');
  if (withHeaders !== burst) failures.push('an answer lacked the RateLimit headers');
  if (failures.length) {
    console.error('FAIL: ' + failures.join('; '));
    process.exit(1);
  }
  console.log('ok: two instances sharing Redis granted one budget');
})().catch((e) => { console.error(e); process.exit(2); });
EOF
echo "done in $(( SECONDS - started )) s; logs: ${LOGS}"

#!/usr/bin/env bash
# The Cerbos PDP that Datably asks for authorization decisions: the pinned binary from npm
# (@cerbos/cerbos-linux-x64), cached in ~/.cache/datably/cerbos-<version>/, and the repository's policies/.
#   bash scripts/cerbos.sh [install]   install when missing (quiet), print the binary's path
#   bash scripts/cerbos.sh run PORT    run the PDP in the foreground on 127.0.0.1:PORT (HTTP) with policies/
#   bash scripts/cerbos.sh compile     compile policies/ and run the policy tests (*_test.yaml)
# The configuration is the sidecar's, k8s/base/cerbos/config.yaml (lenient scope search, no audit log, no telemetry,
# hot reload of the policies); `run` overrides only where it listens and where the policies are: the HTTP API on
# loopback, the gRPC API (which serves the HTTP API internally) on a Unix socket, so it needs no second free port.
# DATABLY_CACHE: the cache (default ~/.cache/datably); CERBOS_POLICIES: another policy directory for `run`.
set -euo pipefail

CERBOS_VERSION=0.55.0
# The npm tarball's integrity (the registry's `dist.integrity`), so a changed package is refused.
CERBOS_INTEGRITY=sha512-eLZUycJfaQWK0XTRgH/Oz2E3XiNCUavDd1LhzFxhUpZ3s5CuQqmqG327ta0On8YOTxuZO/19cG4kvfC22r03/Q==

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${DATABLY_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/datably}
CERBOS_HOME=${CACHE}/cerbos-${CERBOS_VERSION}
CERBOS_BIN=${CERBOS_HOME}/cerbos

fail() { echo "cerbos.sh: $*" >&2; exit 1; }

install_cerbos() {
  [ -x "${CERBOS_BIN}" ] && return 0
  [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] \
    || fail "the pinned package is @cerbos/cerbos-linux-x64; this machine is $(uname -s)-$(uname -m)"
  command -v npm >/dev/null || fail "npm is needed to fetch @cerbos/cerbos-linux-x64@${CERBOS_VERSION}"
  echo "Fetching Cerbos ${CERBOS_VERSION} (npm @cerbos/cerbos-linux-x64) into ${CERBOS_HOME}" >&2
  mkdir -p "${CACHE}"
  local tmp tarball integrity
  tmp=$(mktemp -d "${CACHE}/.cerbos-XXXXXX")
  # npm pack only downloads the tarball: no install scripts, no global state.
  (cd "${tmp}" && npm pack --silent "@cerbos/cerbos-linux-x64@${CERBOS_VERSION}" >/dev/null) \
    || { rm -rf "${tmp}"; fail "npm pack @cerbos/cerbos-linux-x64@${CERBOS_VERSION} failed"; }
  tarball=$(ls "${tmp}"/*.tgz)
  integrity="sha512-$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "${tarball}")"
  [ "${integrity}" = "${CERBOS_INTEGRITY}" ] \
    || { rm -rf "${tmp}"; fail "the npm package's integrity is ${integrity}, expected ${CERBOS_INTEGRITY}"; }
  tar xzf "${tarball}" -C "${tmp}" package/cerbos-linux-x64
  mkdir -p "${tmp}/home"
  mv "${tmp}/package/cerbos-linux-x64" "${tmp}/home/cerbos"
  chmod 755 "${tmp}/home/cerbos"
  "${tmp}/home/cerbos" --version | grep -qx "${CERBOS_VERSION}" \
    || { rm -rf "${tmp}"; fail "the unpacked binary is not Cerbos ${CERBOS_VERSION}"; }
  # A concurrent install may have finished meanwhile: keep theirs (mv fails onto a non-empty directory).
  rmdir "${CERBOS_HOME}" 2>/dev/null || true
  mv -T "${tmp}/home" "${CERBOS_HOME}" 2>/dev/null || true
  rm -rf "${tmp}"
  [ -x "${CERBOS_BIN}" ] || fail "Cerbos was not installed into ${CERBOS_HOME}"
}

run_cerbos() {
  local port=${1:-}
  [[ "${port}" =~ ^[0-9]+$ ]] || fail "usage: scripts/cerbos.sh run PORT"
  local policies=${CERBOS_POLICIES:-${ROOT}/policies}
  [ -d "${policies}" ] || fail "no policy directory ${policies}"
  policies=$(cd "${policies}" && pwd)
  # The socket is named after the HTTP port, which this PDP owns; a stale one from a killed run would block it.
  local socket=${TMPDIR:-/tmp}/datably-cerbos-${port}.sock
  rm -f "${socket}"
  # exec: the caller's PID is the PDP's, so `kill PID` stops it.
  exec "${CERBOS_BIN}" server --config="${ROOT}/k8s/base/cerbos/config.yaml" \
    --set=server.httpListenAddr="127.0.0.1:${port}" \
    --set=server.grpcListenAddr="unix:${socket}" \
    --set=storage.disk.directory="${policies}"
}

case "${1:-install}" in
  install) install_cerbos; echo "${CERBOS_BIN}" ;;
  run) install_cerbos; run_cerbos "${2:-}" ;;
  compile) install_cerbos; exec "${CERBOS_BIN}" compile --no-color "${ROOT}/policies" ;;
  *) fail "unknown command '$1' (install, run PORT, compile)" ;;
esac

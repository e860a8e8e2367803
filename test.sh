#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what is missing, builds the host projects, then runs
#   0. tools/update-nfproj.py --check (every .nfproj, packages.config and EspCollector.sln as the script writes them),
#   1. the nanoFramework surface check (every firmware and test project compiled on its own against the device API,
#      scans, the per-assembly size table),
#   2. the firmware's unit tests (firmware.Tests) on the host runner,
#   3. the host-only integration tests against real peers (mosquitto, pymodbus, mbpoll, socat, files),
# and ends with one line `N passed, N failed` over all of them. Exit code 0 only when nothing failed.
# Usage: bash test.sh [name-filter]     (the filter applies to unit and integration tests)
set -u
cd "$(dirname "$0")"
filter="${1:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- prerequisites -----------------------------------------------------------------------------------
missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v mbpoll >/dev/null 2>&1 || missing+=(mbpoll)
command -v socat >/dev/null 2>&1 || missing+=(socat)
/usr/bin/python3 -c 'import pymodbus' >/dev/null 2>&1 || missing+=(python3-pymodbus)
/usr/bin/python3 -c 'import serial' >/dev/null 2>&1 || missing+=(python3-serial)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || echo "warning: apt-get install ${missing[*]} failed"
fi
export PATH="$PATH:/usr/sbin"

passed=0; failed=0
tally() { # $1 = suite name, $2 = its output file, $3 = its exit code
  local line p f
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
  if [ -z "$line" ]; then
    echo "Test failed,suite.$1,no result line (exit code $3)"; failed=$((failed + 1)); return
  fi
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" = 0 ] && [ "$3" != 0 ]; then echo "Test failed,suite.$1,exit code $3"; failed=$((failed + 1)); fi
}

# --- build -------------------------------------------------------------------------------------------
log=$(mktemp -d)
echo "== build host projects"
if ! dotnet build host/EspCollector.Host.sln -nologo -v q -clp:ErrorsOnly > "$log/build.txt" 2>&1; then
  cat "$log/build.txt"
  echo "Test failed,build.host,dotnet build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

run_suite() { # $1 = name, rest = command
  local name=$1; shift
  echo "== $name"
  "$@" 2>&1 | tee "$log/$name.txt"
  tally "$name" "$log/$name.txt" "${PIPESTATUS[0]}"
}

run_suite nfproj python3 tools/update-nfproj.py --check
run_suite surface dotnet run --no-build --project host/NanoSurface -- check --repo .
run_suite unit dotnet run --no-build --project host/EspCollector.Tests -- $filter
run_suite integration dotnet run --no-build --project host/EspCollector.IntegrationTests -- $filter

rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# Make sure the local PostgreSQL the suite tests against is up (a no-op where it already is).
set -u
host=127.0.0.1 port=5432
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | head -n 1)
  echo "starting PostgreSQL $version on $host:$port"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && exit 0
    sleep 1
  done
fi
echo "PostgreSQL is not reachable on $host:$port: its tests will be skipped (and fail under CI=true)" >&2
exit 0

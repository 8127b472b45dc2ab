#!/usr/bin/env bash
# Browser tests use Debian's chromium; install it once where we may (root, apt), else they skip.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null || echo "chromium install failed" >&2
else
  echo "chromium is not installed and cannot be installed here: browser tests will be skipped" >&2
fi
exit 0

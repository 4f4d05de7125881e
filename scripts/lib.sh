#!/usr/bin/env bash
# Shared shell helpers for the set-up scripts (sourced, not run).

as_root() {
  # Runs a command as root: directly when we are root, else through sudo; says what to do when neither works.
  if [ "$(id -u)" = 0 ]; then "$@"; return; fi
  if command -v sudo >/dev/null 2>&1; then sudo "$@"; return; fi
  echo "setup: run as root (or install sudo) to do: $*" >&2
  exit 1
}

as_postgres() {
  # Runs a command as the operating-system user postgres (local socket, peer authentication).
  if [ "$(id -un)" = postgres ]; then "$@"; return; fi
  if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; return; fi
  as_root sudo -u postgres "$@"
}

apt_install() {
  # Installs Debian packages as root, or through sudo; says clearly what to do when neither is possible.
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; install these packages by hand, then run again: $*" >&2
    exit 1
  fi
  echo "installing system packages: $*" >&2
  as_root apt-get update -qq
  # LC_ALL, when the caller sets it, reaches apt through sudo too (package scripts use it, e.g. initdb).
  as_root env DEBIAN_FRONTEND=noninteractive ${LC_ALL:+LC_ALL="$LC_ALL"} apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

#!/usr/bin/env bash
# loopscope: environment set-up and build helpers.
#
# Run directly:   bash scripts/setup.sh [PRESET]   (install deps, configure + build; default: release)
# Or source it:   source scripts/setup.sh          (defines ls_* functions, does nothing else)
#
# Environment knobs:
#   LOOPSCOPE_SKIP_DEPS=1   skip the apt dependency check/installation
set -euo pipefail

LS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LS_CMAKE_MIN="3.25.0"   # CMakePresets.json version 6 needs CMake >= 3.25
LS_APT_LOCK_TIMEOUT=600 # seconds to wait for the apt/dpkg locks

LS_DEPS=(
    cmake ninja-build g++
    qt6-base-dev qt6-svg-dev libgl-dev
    python3-dev pybind11-dev
    xvfb xauth fonts-wqy-microhei
)

ls_log() { printf 'loopscope: %s\n' "$*" >&2; }
ls_die() { printf 'loopscope: error: %s\n' "$*" >&2; exit 1; }

# Prints the Debian packages from LS_DEPS that are not installed (one per line).
ls_missing_deps() {
    local pkg status
    for pkg in "${LS_DEPS[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

# Runs a command as root (directly, or through sudo).
ls_as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        ls_die "need root to run '$*' (not root and sudo is not available)"
    fi
}

# apt-get wrapper that waits up to LS_APT_LOCK_TIMEOUT seconds for the apt/dpkg
# locks. DPkg::Lock::Timeout covers the dpkg lock; the lists lock taken by
# 'apt-get update' is not always covered, so lock failures are also retried.
ls_apt_get() {
    local deadline=$((SECONDS + LS_APT_LOCK_TIMEOUT)) errfile rc
    errfile="$(mktemp)"
    while true; do
        rc=0
        ls_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout="$LS_APT_LOCK_TIMEOUT" "$@" 2>"$errfile" || rc=$?
        cat "$errfile" >&2
        if [[ $rc -eq 0 ]]; then
            rm -f "$errfile"
            return 0
        fi
        if grep -qiE 'could not get lock|unable to lock|is another process using it' "$errfile" \
            && ((SECONDS < deadline)); then
            ls_log "apt/dpkg is locked by another process; retrying in 5s..."
            sleep 5
            continue
        fi
        rm -f "$errfile"
        return "$rc"
    done
}

# Installs the missing Debian packages (apt-get update only if something is missing).
ls_install_deps() {
    if [[ "${LOOPSCOPE_SKIP_DEPS:-0}" == 1 ]]; then
        ls_log "LOOPSCOPE_SKIP_DEPS=1: skipping dependency installation"
        return 0
    fi
    command -v dpkg-query >/dev/null 2>&1 \
        || ls_die "dpkg-query not found: this script supports Debian/Ubuntu only (set LOOPSCOPE_SKIP_DEPS=1 to skip)"
    local missing=()
    mapfile -t missing < <(ls_missing_deps)
    if [[ ${#missing[@]} -eq 0 ]]; then
        ls_log "all ${#LS_DEPS[@]} required packages are installed"
        return 0
    fi
    ls_log "installing missing packages: ${missing[*]}"
    ls_apt_get update || ls_die "apt-get update failed"
    ls_apt_get install -y --no-install-recommends "${missing[@]}" \
        || ls_die "apt-get install failed for: ${missing[*]}"
    mapfile -t missing < <(ls_missing_deps)
    [[ ${#missing[@]} -eq 0 ]] || ls_die "packages still missing after install: ${missing[*]}"
    ls_log "dependencies installed"
}

# Succeeds if version $1 >= version $2 (dotted numeric versions).
ls_version_ge() {
    [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

# Fails unless cmake is on PATH and new enough.
ls_check_cmake() {
    command -v cmake >/dev/null 2>&1 || ls_die "cmake not found on PATH"
    local ver
    ver="$(cmake --version | sed -n '1s/^cmake version \([0-9][0-9.]*\).*/\1/p')"
    [[ -n "$ver" ]] || ls_die "could not parse 'cmake --version' output"
    ls_version_ge "$ver" "$LS_CMAKE_MIN" \
        || ls_die "CMake $ver is too old: need >= $LS_CMAKE_MIN (CMakePresets.json version 6)"
    ls_log "using CMake $ver"
}

# Configures and builds a preset (release, debug, asan); build dir: build/PRESET.
ls_build() {
    local preset="${1:-release}"
    ls_check_cmake
    [[ -f "$LS_ROOT/CMakeLists.txt" ]] || ls_die "no CMakeLists.txt in $LS_ROOT"
    ls_log "configuring (preset: $preset)"
    (cd "$LS_ROOT" && cmake --preset "$preset") || ls_die "configure failed (preset: $preset)"
    ls_log "building (preset: $preset)"
    (cd "$LS_ROOT" && cmake --build --preset "$preset") || ls_die "build failed (preset: $preset)"
    ls_log "build finished: build/$preset"
}

# Full set-up: dependencies + configure + build.
ls_setup() {
    ls_install_deps
    ls_build "${1:-release}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    ls_setup "$@"
fi

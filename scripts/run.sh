#!/usr/bin/env bash
# loopscope: set up, build (release) and run the app.
#   bash scripts/run.sh            -> runs the default job (see LS_RUN_DEFAULT_ARGS)
#   bash scripts/run.sh ARGS...    -> runs build/release/app/loopscope ARGS...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# Default job when no arguments are given: the window (it opens and runs the gather
# example) when there is a display, else the same example on the command line.
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    LS_RUN_DEFAULT_ARGS=()
else
    LS_RUN_DEFAULT_ARGS=(run "$LS_ROOT/resources/examples/04_gather.py" --timestamps)
fi

ls_setup release

bin="$LS_ROOT/build/release/app/loopscope"
[[ -x "$bin" ]] || ls_die "executable not found after build: $bin"

# Headless machine: let Qt use the offscreen platform instead of aborting.
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    export QT_QPA_PLATFORM=offscreen
fi

if [[ $# -gt 0 ]]; then
    args=("$@")
else
    args=("${LS_RUN_DEFAULT_ARGS[@]}")
fi
ls_log "running: build/release/app/loopscope ${args[*]}"
exec "$bin" "${args[@]}"

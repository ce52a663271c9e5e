#!/usr/bin/env bash
# loopscope: set up, build and run the whole test suite.
#   bash scripts/test.sh [PRESET]   (PRESET: release (default), debug, asan)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

preset="${1:-release}"

ls_setup "$preset"

# GUI tests render offscreen; no X server (DISPLAY) is needed.
export QT_QPA_PLATFORM=offscreen

ls_log "running tests (preset: $preset)"
cd "$LS_ROOT"
exec ctest --preset "$preset" --output-on-failure -j2

#!/usr/bin/env bash
# Regenerates the images shown in README.md (docs/images/) from the bundled examples: the
# window (`loopscope screenshot`) and exported timelines (`loopscope export`). Headless: no
# display needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ls_setup release >&2
bin="$LS_ROOT/build/release/app/loopscope"
out="$LS_ROOT/docs/images"
mkdir -p "$out"
for example in 04_gather 10_semaphore 11_queue 13_timeout; do
    "$bin" export "$LS_ROOT/resources/examples/$example.py" -o "$out/$example.png" \
        --width 1000 > /dev/null || true # 11_queue deadlocks on purpose (exit 1)
    ls_log "wrote docs/images/$example.png"
done
"$bin" screenshot "$LS_ROOT/resources/examples/10_semaphore.py" -o "$out/window.png" \
    --size 1400x900 --at 3 2> /dev/null
ls_log "wrote docs/images/window.png"
"$bin" screenshot "$LS_ROOT/resources/graphs/02_bounded_semaphore.lsgraph.json" \
    -o "$out/builder.png" --size 1400x900 2> /dev/null
ls_log "wrote docs/images/builder.png"

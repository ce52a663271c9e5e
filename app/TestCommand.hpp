// `loopscope test`: runs scenario scripts, each in a child `loopscope run`, and checks how
// they end, their asserts, their golden output and their trace (docs/testing.md).
#pragma once

/// Runs the test subcommand on its own arguments (those after "test"); `argv0` is the
/// program's own path. Returns the process exit status: 0 only if every scenario passed.
int testCommand(char* argv0, int argc, char** argv);

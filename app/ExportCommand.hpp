// `loopscope export`: runs a script (or reads a saved trace) and writes its timeline as a
// PNG, SVG or PDF image, or its trace as native JSON, Chrome Trace Event JSON or CSV.
#pragma once

/// Runs the export subcommand on its own arguments (those after "export"); returns the
/// process exit status.
int exportCommand(int argc, char** argv);

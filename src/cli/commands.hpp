// trainjob-conditions: the verbs, one file each; main.cpp dispatches to them.
// Each takes the parsed command line (app.hpp) and returns the exit status; bad
// usage or bad input is thrown as bad_input, a failed write as output_error.

#ifndef TRAINJOB_CLI_COMMANDS_HPP
#define TRAINJOB_CLI_COMMANDS_HPP

#include "common.hpp"
#include "input.hpp"

namespace trainjob::cli {

int cmd_validate(const options& o);    // validate.cpp
int cmd_reconcile(const options& o);   // reconcile.cpp
int cmd_replay(const options& o);      // replay.cpp
int cmd_state(const options& o);       // state.cpp
int cmd_lint(const options& o);        // lint.cpp
int cmd_compare(const options& o);     // compare.cpp
int cmd_audit(const options& o);       // audit.cpp
int cmd_batch(const options& o);       // batch.cpp
int cmd_demo(const options& o);        // demo.cpp
int cmd_completion(const options& o);  // completion.cpp

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_COMMANDS_HPP

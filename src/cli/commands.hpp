// trainjob-conditions: the verbs, one file each; main.cpp dispatches to them.
// Each takes the arguments after the verb and returns the exit status; bad
// usage or bad input is thrown as bad_input, a failed write as output_error.

#ifndef TRAINJOB_CLI_COMMANDS_HPP
#define TRAINJOB_CLI_COMMANDS_HPP

#include "common.hpp"

namespace trainjob::cli {

int cmd_validate(args a);   // validate.cpp
int cmd_reconcile(args a);  // reconcile.cpp
int cmd_replay(args a);     // replay.cpp
int cmd_state(args a);      // state.cpp
int cmd_lint(args a);       // lint.cpp
int cmd_batch(args a);      // batch.cpp
int cmd_demo(args a);       // demo.cpp

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_COMMANDS_HPP

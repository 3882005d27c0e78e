#!/usr/bin/env bash
# CLI tests of `trainjob-conditions completion bash|zsh`: the bash script is sourced and its
# function run as bash runs it (COMP_WORDS, COMP_CWORD), for verbs, flags and flag values,
# all of which must come from the same declarations as --help.
#
#   bash tests/cli/completion.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

"$TOOL" completion bash >"$WORK/completion.bash" 2>"$ERR"
RC=$?

# complete_words WORD...: COMPREPLY, one per line, for the command line WORD... (the last is
# the word being completed), from a fresh bash that sourced the script.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _trainjob_conditions
           printf "%s\n" "${COMPREPLY[@]}"' _ "$WORK/completion.bash" "$@" 2>&1
}
# completes_to EXPECTED WORD...: COMPREPLY, sorted and joined by spaces, is EXPECTED.
completes_to() {
  local want=$1
  shift
  [[ "$(complete_words "$@" | sort | tr '\n' ' ' | sed 's/ $//')" == "$want" ]]
}

begin "completion bash: exit 0, a script bash can source that registers the function"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "bash reads it" bash -n "$WORK/completion.bash"
need "complete -F for both names" grep -q 'complete -o filenames -F _trainjob_conditions trainjob-conditions kubectl-trainjob' "$WORK/completion.bash"
end

begin "bash: verbs"
need "'sta' completes to state" completes_to "state" trainjob-conditions sta
need "'re' completes to reconcile and replay" completes_to "reconcile replay" trainjob-conditions re
need "'' lists every verb of --help" completes_to "--help --version audit batch compare completion demo lint reconcile replay state validate" trainjob-conditions ""
end

begin "bash: flags of a verb"
need "state --fo completes to --format" completes_to "--format" trainjob-conditions state --fo
need "reconcile --no- completes to --no-jobset and --no-validate" completes_to "--no-jobset --no-validate" trainjob-conditions reconcile --no-
need "the verb is found after a flag" completes_to "--recursive" trainjob-conditions validate -f x.json --rec
end

begin "bash: flag values: -o forms, profiles, policies, files, the shell"
need "state -o w: wide" completes_to "wide" trainjob-conditions state -o w
need "validate --output '': json name yaml" completes_to "json name yaml" trainjob-conditions validate --output ""
need "compare -o h: html" completes_to "html" trainjob-conditions compare -o h
need "audit --output '': html json table wide yaml" completes_to "html json table wide yaml" trainjob-conditions audit --output ""
need "reconcile --profile v2.: v2.0 to v2.3" completes_to "v2.0 v2.1 v2.2 v2.3" trainjob-conditions reconcile --profile v2.
need "replay --policy Sta: Stalled, Started and StartupPolicyCompleted" completes_to "Stalled Started StartupPolicyCompleted" trainjob-conditions replay --policy Sta
mkdir -p "$WORK/files"
: >"$WORK/files/job-a.json"
need "state -f DIR/job: the file" completes_to "$WORK/files/job-a.json" trainjob-conditions state -f "$WORK/files/job"
need "completion '': bash and zsh" completes_to "bash zsh" trainjob-conditions completion ""
end

begin "bash: every flag each verb's --help lists, and no other"
for v in validate reconcile replay state lint audit batch demo; do
  run "$v" --help
  help_flags=$(grep -oE '(^|[ ,])--?[a-zA-Z][-a-zA-Z]*' "$OUT" | grep -oE -- '--?[a-zA-Z][-a-zA-Z]*' | sort -u | tr '\n' ' ' | sed 's/ $//')
  need "$v: the flags of --help" completes_to "$help_flags" trainjob-conditions "$v" -
done
end

begin "completion zsh: a #compdef script with each verb and its flags"
run completion zsh
need "exit code 0" rc_is 0
need "#compdef" out_line_starts 1 "#compdef trainjob-conditions kubectl-trainjob"
need "state's -o values" out_has "'-o[output form (the first listed is the default)]:FORM:(table wide json yaml name)'"
need "lint's repeatable --policy" out_has "'*--policy["
need "every verb described" test "$(grep -c "^    '[a-z]*:" "$OUT")" -eq 10
if command -v zsh >/dev/null 2>&1; then
  need "zsh reads it" zsh -n "$OUT"
fi
end

begin "completion fish / no shell: exit 2"
run completion fish
expect_bad_input 'completion: the shell is bash or zsh, got "fish"'
run completion
expect_bad_input "completion: give the shell"
end

finish

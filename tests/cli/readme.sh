#!/usr/bin/env bash
# Every command README.md shows is run here, and prints what the README says it prints.
#
# Commands are the `$ ` lines of the README's ```console blocks (a line ending in `\` goes on
# on the next one); the lines after a command, up to the next `$ ` or the end of the block,
# are its output (standard output and standard error, as a terminal shows them), compared
# byte for byte when there are any. A command exits 0 unless its last line ends in
# `# exit N`. Usage forms go in ```text blocks; a ```sh, ```bash or ```shell block is refused,
# so that no command escapes this test.
#
# Each command runs from the repository root under bash (with pipefail), the built tool first
# on PATH, the kubectl plugin installed in a temporary prefix on PATH (cmake --install when
# TRAINJOB_BUILD_DIR names a build directory, else the tool linked as kubectl-trainjob), and
# KUBECONFIG naming a fake API server (fake_apiserver.py) that serves the objects of
# examples/cluster.yaml, converted by kubectl.
#
# A few commands cannot run inside the test suite; each is checked instead, by its own rule
# below; any other command that builds or runs a script (scripts/*.sh, cmake, ctest, .ci/run)
# fails without being run, and every other command is run: one this test cannot run fails it.
#   bash scripts/test.sh          .ci/run runs exactly it (it would run this test again)
#   bash scripts/demo.sh          builds the `demo` preset: its last command is
#                                 `build/demo/trainjob-conditions demo`, which is run with
#                                 the built tool
#   cmake/ctest --preset ...      the presets exist (cmake --list-presets), no second build
#   ... bash scripts/fuzz.sh N    the script parses, the `fuzz` preset and FUZZ_TARGETS exist
#
#   bash tests/cli/readme.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

README="$ROOT/README.md"
: >"$OUT"
: >"$ERR"
KUBECTL=$(command -v kubectl || true)
SERVER_PID=""
trap '[[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------------------------
# The commands: one directory per command under $WORK/cmds (cmd, line, rc, and out when the
# README shows output), or the reason the README cannot be read that way in $WORK/cmds/error.

mkdir -p "$WORK/cmds"
python3 - "$README" "$WORK/cmds" <<'PY'
import os, re, sys
readme, out = sys.argv[1], sys.argv[2]
lines = open(readme, encoding="utf-8").read().split("\n")
errors, n, i = [], 0, 0
while i < len(lines):
    m = re.match(r"^(`{3,})\s*(\S*)", lines[i])
    if not m:
        i += 1
        continue
    fence, lang, start = m.group(1), m.group(2), i
    j = i + 1
    while j < len(lines) and not lines[j].startswith(fence):
        j += 1
    body = lines[i + 1:j]
    if lang in ("sh", "bash", "shell", "zsh", "shell-session"):
        errors.append("README.md:%d: a ```%s block: commands go in ```console blocks "
                      "(`$ ` before each), usage forms in ```text" % (start + 1, lang))
    if lang == "console":
        k = 0
        while k < len(body):
            if not body[k].startswith("$ "):
                errors.append("README.md:%d: output before any `$ ` command" % (start + 2 + k))
                k += 1
                continue
            line_no, cmd = start + 2 + k, [body[k][2:]]
            while cmd[-1].endswith("\\") and k + 1 < len(body):
                k += 1
                cmd.append(body[k])
            k += 1
            output = []
            while k < len(body) and not body[k].startswith("$ "):
                output.append(body[k])
                k += 1
            text = "\n".join(cmd)
            rc = re.search(r"#\s*exit (\d+)\s*$", cmd[-1])
            n += 1
            d = os.path.join(out, "%03d" % n)
            os.mkdir(d)
            open(os.path.join(d, "cmd"), "w").write(text)
            open(os.path.join(d, "line"), "w").write(str(line_no))
            open(os.path.join(d, "rc"), "w").write(rc.group(1) if rc else "0")
            if output:
                open(os.path.join(d, "out"), "w").write("\n".join(output) + "\n")
    i = j + 1
if errors:
    open(os.path.join(out, "error"), "w").write("\n".join(errors) + "\n")
PY

begin "README.md: commands only in \`\`\`console blocks, usage forms in \`\`\`text"
need "python3 read the README" test -d "$WORK/cmds"
if [[ -s "$WORK/cmds/error" ]]; then
  while IFS= read -r e; do T_ERRS+=("$e"); done <"$WORK/cmds/error"
fi
end

# ---------------------------------------------------------------------------------------------
# What the commands run with: the plugin in a prefix, a fake API server, a kubeconfig.

PREFIX="$WORK/prefix"
BUILD=${TRAINJOB_BUILD_DIR:-}
begin "the kubectl plugin in a temporary prefix"
if [[ -n "$BUILD" ]]; then
  if ! cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1; then
    T_ERRS+=("cmake --install $BUILD ran; its last lines:")
    while IFS= read -r l; do T_ERRS+=("  $l"); done < <(grep -v '^-- \(Up-to-date\|Installing\)' "$WORK/install.log" | tail -n 5)
  fi
else
  # What cmake --install does for the plugin: the tool under kubectl's plugin name.
  mkdir -p "$PREFIX/bin"
  ln -s "$TOOL" "$PREFIX/bin/kubectl-trainjob"
fi
need "bin/kubectl-trainjob" test -x "$PREFIX/bin/kubectl-trainjob"
end

begin "a fake API server serving examples/cluster.yaml, kubectl configured for it"
if [[ -z "$KUBECTL" ]]; then
  T_ERRS+=("kubectl on PATH (the README's kubectl commands need it)")
else
  # kubectl converts the YAML (removing a label no object has changes nothing, but leaves an
  # empty labels map where there was none, which fake_apiserver.py drops).
  need "kubectl converted examples/cluster.yaml" eval 'KUBECONFIG=/dev/null timeout 120 "$KUBECTL" label --local \
    -f "$ROOT/examples/cluster.yaml" -o json trainjob-readme- >"$WORK/cluster.json" 2>"$WORK/kubectl.err"'
  python3 "$ROOT/tests/cli/fake_apiserver.py" "$WORK/cluster.json" >"$WORK/port" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do
    [[ -s "$WORK/port" ]] && break
    sleep 0.1
  done
  PORT=$(head -n 1 "$WORK/port")
  need "the server printed its port" test -n "$PORT"
  cat >"$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: http://127.0.0.1:$PORT
users:
- name: fake
  user: {}
contexts:
- name: fake
  context:
    cluster: fake
    user: fake
current-context: fake
EOF
  KUBECONFIG="$WORK/kubeconfig" KUBECACHEDIR="$WORK/kube-cache" timeout 120 "$KUBECTL" get trainjobs -A -o name \
    >"$OUT" 2>"$ERR"
  RC=$?
  need "kubectl get trainjobs -A -o name: exit 0" rc_is 0
  need "kubectl lists the four TrainJobs" test "$(wc -l <"$OUT")" -eq 4
  # examples/cluster.yaml is what its comment says: kubectl get's output, comments aside.
  KUBECONFIG="$WORK/kubeconfig" KUBECACHEDIR="$WORK/kube-cache" timeout 120 "$KUBECTL" get trainjobs,jobsets -A \
    -o yaml >"$OUT" 2>"$ERR"
  RC=$?
  need "kubectl get trainjobs,jobsets -A -o yaml: exit 0" rc_is 0
  need "examples/cluster.yaml without its comments is what kubectl get -o yaml prints" \
    cmp -s "$OUT" <(grep -v '^ *#' "$ROOT/examples/cluster.yaml")
fi
end

begin "examples/trainjob.yaml and jobset.yaml: the objects of the .json beside them, as kubectl reads them"
if [[ -n "$KUBECTL" ]]; then
  for n in trainjob jobset; do
    need "kubectl converted examples/$n.yaml" eval 'KUBECONFIG=/dev/null timeout 120 "$KUBECTL" label --local \
      -f "$ROOT/examples/$n.yaml" -o json trainjob-readme- >"$WORK/$n.json" 2>"$WORK/kubectl.err"'
    need "examples/$n.yaml is examples/$n.json" python3 -c 'import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
if b.get("metadata", {}).get("labels") == {}:
    del b["metadata"]["labels"]
sys.exit(a != b)' "$ROOT/examples/$n.json" "$WORK/$n.json"
  done
else
  T_ERRS+=("kubectl on PATH")
fi
end

# ---------------------------------------------------------------------------------------------
# The commands that are checked rather than run.

# presets KIND: the names of cmake's presets of that kind (configure, build, test).
presets() { (cd "$ROOT" && cmake --list-presets="$1" 2>/dev/null) | sed -n 's/^  "\(.*\)".*/\1/p'; }
has_preset() { presets "$1" | grep -qxF -- "$2"; }

# check_cmake CMD: every part of `A && B && C` is `cmake --preset P`, `cmake --build --preset P
# [-jN]` or `ctest --preset P`, with P a preset of that kind.
check_cmake() {
  local part
  local -a parts
  mapfile -t parts < <(sed 's/ && /\n/g' <<<"$1")
  for part in "${parts[@]}"; do
    if [[ "$part" =~ ^cmake\ --preset\ ([A-Za-z0-9_-]+)$ ]]; then
      need "'${BASH_REMATCH[1]}' is a configure preset" has_preset configure "${BASH_REMATCH[1]}"
    elif [[ "$part" =~ ^cmake\ --build\ --preset\ ([A-Za-z0-9_-]+)(\ -j\ ?[0-9]+)?$ ]]; then
      need "'${BASH_REMATCH[1]}' is a build preset" has_preset build "${BASH_REMATCH[1]}"
    elif [[ "$part" =~ ^ctest\ --preset\ ([A-Za-z0-9_-]+)$ ]]; then
      need "'${BASH_REMATCH[1]}' is a test preset" has_preset test "${BASH_REMATCH[1]}"
    else
      T_ERRS+=("'$part': cmake --preset P, cmake --build --preset P [-jN] or ctest --preset P")
    fi
  done
}

# check_fuzz CMD: `[FUZZ_X=...]... [nice -n N] bash scripts/fuzz.sh SECONDS`.
check_fuzz() {
  local re='^((FUZZ_[A-Z]+=[A-Za-z0-9_]+ )*)(nice -n [0-9]+ )?bash scripts/fuzz\.sh ([0-9]+)$'
  if [[ ! "$1" =~ $re ]]; then
    T_ERRS+=("the form [FUZZ_VAR=value]... [nice -n N] bash scripts/fuzz.sh SECONDS")
    return
  fi
  local env=${BASH_REMATCH[1]} seconds=${BASH_REMATCH[4]} v t
  need "scripts/fuzz.sh parses" bash -n "$ROOT/scripts/fuzz.sh"
  need "seconds > 0" test "$seconds" -gt 0
  need "the 'fuzz' configure preset" has_preset configure fuzz
  for v in $env; do
    need "${v%%=*} is one fuzz.sh reads" grep -qF -- "${v%%=*}" "$ROOT/scripts/fuzz.sh"
    if [[ "$v" == FUZZ_TARGETS=* ]]; then
      for t in ${v#FUZZ_TARGETS=}; do need "fuzz target $t (fuzz/$t.cpp)" test -f "$ROOT/fuzz/$t.cpp"; done
    fi
  done
}

check_test_sh() {
  need ".ci/run runs exactly '$1'" grep -qxF -- "$1" "$ROOT/.ci/run"
  need "scripts/test.sh parses" bash -n "$ROOT/scripts/test.sh"
}

# check_demo_sh: demo.sh builds the demo preset and runs `build/demo/trainjob-conditions demo`,
# which is run here with the built tool: one timeline per example scenario and profile shown.
check_demo_sh() {
  local demo="$ROOT/scripts/demo.sh" last
  need "scripts/demo.sh parses" bash -n "$demo"
  need "demo.sh configures the 'demo' preset" grep -qxF "cmake --preset demo" "$demo"
  need "'demo' is a configure preset" has_preset configure demo
  last=$(grep -v '^\s*\(#\|$\)' "$demo" | tail -n 1)
  need "demo.sh ends with 'build/demo/trainjob-conditions demo' (it is '$last')" \
    test "$last" = "build/demo/trainjob-conditions demo"
  (cd "$ROOT" && "$TOOL" demo) </dev/null >"$OUT" 2>"$ERR"
  RC=$?
  need "trainjob-conditions demo: exit 0" rc_is 0
  need "a timeline per example scenario and profile shown" \
    py "len(timelines(text)) == len(examples('$ROOT/examples/scenarios')) > 0"
}

# ---------------------------------------------------------------------------------------------
# Every command, in README order.

ran=0
checked=0
quick_start=()
for d in "$WORK"/cmds/[0-9]*; do
  cmd=$(cat "$d/cmd")
  line=$(cat "$d/line")
  want_rc=$(cat "$d/rc")
  # One line with the comments off, for the rules below.
  flat=$(sed -e 's/\\$//' -e 's/[[:space:]]*#.*$//' "$d/cmd" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
  begin "README.md:$line: \$ $(head -n 1 "$d/cmd" | cut -c 1-90)"
  case "$flat" in
    "bash scripts/test.sh")
      quick_start+=("$flat"); check_test_sh "$flat"; checked=$((checked + 1)) ;;
    "bash scripts/demo.sh")
      quick_start+=("$flat"); check_demo_sh; checked=$((checked + 1)) ;;
    "cmake --preset "* | "ctest --preset "*)
      check_cmake "$flat"; checked=$((checked + 1)) ;;
    *"bash scripts/fuzz.sh"*)
      check_fuzz "$flat"; checked=$((checked + 1)) ;;
    # Never run here, in any other form: they build or run the whole suite (this test too).
    *scripts/*.sh* | *cmake* | *ctest* | *.ci/run*)
      T_ERRS+=("a command this test knows not to run, in a form it does not check: add a rule") ;;
    *)
      (cd "$ROOT" && PATH="$(dirname "$TOOL"):$PREFIX/bin:$PATH" KUBECONFIG="$WORK/kubeconfig" \
        KUBECACHEDIR="$WORK/kube-cache" timeout 120 bash -o pipefail -c "$cmd") </dev/null >"$OUT" 2>&1
      RC=$?
      : >"$ERR"
      need "exit code $want_rc" rc_is "$want_rc"
      if [[ -f "$d/out" ]]; then
        if ! cmp -s "$OUT" "$d/out"; then
          T_ERRS+=("the output the README shows; the difference (- README, + actual):")
          while IFS= read -r l; do T_ERRS+=("  $l"); done < <(diff -u "$d/out" "$OUT" | tail -n +3 | head -n 20)
        fi
      fi
      ran=$((ran + 1)) ;;
  esac
  end
done

begin "the README's commands: the Quick start's two, and others run"
need "the Quick start is 'bash scripts/demo.sh' then 'bash scripts/test.sh' (found: ${quick_start[*]})" \
  test "${quick_start[*]}" = "bash scripts/demo.sh bash scripts/test.sh"
need "at least 5 commands run" test "$ran" -ge 5
echo "    ran $ran README commands, checked $checked without running them"
end

finish

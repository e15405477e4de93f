# git is used by the workspace probe and its tests; python3 runs the fake `claude` of the agent's tests.
obra_missing=""
command -v git >/dev/null 2>&1 || obra_missing="$obra_missing git"
[ -x /usr/bin/python3 ] || obra_missing="$obra_missing python3"
if [ -n "$obra_missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $obra_missing >/dev/null
fi
git --version
/usr/bin/python3 --version
# Whole outputs, then their first lines: piping into `head` can break the writer's pipe, which fails under pipefail.
obra_java="$(java -version 2>&1)"; echo "${obra_java%%$'\n'*}"
obra_mvn="$(mvn -v 2>&1)"; echo "${obra_mvn%%$'\n'*}"

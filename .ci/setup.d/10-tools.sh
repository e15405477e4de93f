# git is used by the workspace probe and its tests.
if ! command -v git >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq git >/dev/null
fi
git --version
java -version 2>&1 | head -1
mvn -v | head -1

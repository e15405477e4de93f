# Installs the pinned Claude Code CLI into a cache folder outside the repository (about 15 s the first time,
# reused afterwards) and exports its path as OBRA_CLAUDE_EXECUTABLE for the real-CLI integration tests.
# A plain `npm install @anthropic-ai/claude-code` once resolved to a stale 2.1.197, hence the pinned version.
OBRA_CLAUDE_VERSION=2.1.330
obra_claude_dir="${OBRA_CI_CACHE:-$HOME/.cache/obra-ci}/claude-code-$OBRA_CLAUDE_VERSION"
obra_claude_bin="$obra_claude_dir/node_modules/.bin/claude"
obra_claude_found="$("$obra_claude_bin" --version 2>/dev/null || true)"
if [ "${obra_claude_found%% *}" != "$OBRA_CLAUDE_VERSION" ]; then
  echo "installing @anthropic-ai/claude-code@$OBRA_CLAUDE_VERSION into $obra_claude_dir"
  rm -rf "$obra_claude_dir"
  mkdir -p "$obra_claude_dir"
  (cd "$obra_claude_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund \
      "@anthropic-ai/claude-code@$OBRA_CLAUDE_VERSION" >/dev/null)
fi
obra_claude_version="$("$obra_claude_bin" --version)"
echo "claude --version: $obra_claude_version"
case "$obra_claude_version" in
  "$OBRA_CLAUDE_VERSION "*) ;;
  *) echo "expected Claude Code $OBRA_CLAUDE_VERSION at $obra_claude_bin" >&2; exit 1 ;;
esac
export OBRA_CLAUDE_EXECUTABLE="$obra_claude_bin"

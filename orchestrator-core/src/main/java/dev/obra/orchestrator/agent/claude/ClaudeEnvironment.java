package dev.obra.orchestrator.agent.claude;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a claude process gets: an allow-list of the parent's variables, then what the builder adds, then
 * {@code CLAUDE_CONFIG_DIR} from {@code configDirectory}. Nothing else of the parent leaks in: no {@code CLAUDECODE}
 * (which makes a nested CLI act as a child) and no {@code NODE_OPTIONS} (an inherited debugger flag makes it exit 1).
 */
final class ClaudeEnvironment {
    /** Parent variables passed on by name. */
    static final Set<String> INHERITED = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "SHELL",
            "LANG",
            "LANGUAGE",
            "TZ",
            "TMPDIR",
            "TERM",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_CACHE_HOME",
            "XDG_STATE_HOME",
            "XDG_RUNTIME_DIR",
            "CLAUDE_CONFIG_DIR",
            "CLAUDE_CODE_OAUTH_TOKEN",
            "CLAUDE_CODE_USE_BEDROCK",
            "CLAUDE_CODE_USE_VERTEX",
            "AWS_REGION",
            "AWS_PROFILE",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_BEARER_TOKEN_BEDROCK",
            "CLOUD_ML_REGION",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "no_proxy",
            "NODE_EXTRA_CA_CERTS",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            // The CLI's own settings (reference section 9): a user who sets them for claude expects them to apply.
            "IS_SANDBOX",
            "API_TIMEOUT_MS",
            "BASH_DEFAULT_TIMEOUT_MS",
            "BASH_MAX_TIMEOUT_MS",
            "BASH_MAX_OUTPUT_LENGTH",
            "DISABLE_TELEMETRY",
            "DISABLE_AUTOUPDATER",
            "DISABLE_ERROR_REPORTING",
            "MAX_THINKING_TOKENS",
            "MCP_TIMEOUT",
            "MCP_TOOL_TIMEOUT",
            "SYSTEMROOT",
            "COMSPEC",
            "USERPROFILE",
            "APPDATA",
            "LOCALAPPDATA",
            "TEMP",
            "TMP",
            "PATHEXT");
    /** Parent variables passed on by prefix: locale settings and the CLI's {@code ANTHROPIC_*} and
     * {@code CLAUDE_CODE_*} settings. */
    static final Set<String> INHERITED_PREFIXES = Set.of("LC_", "ANTHROPIC_", "CLAUDE_CODE_");
    /** Never inherited, whatever the lists above say. */
    static final Set<String> REMOVED = Set.of("CLAUDECODE", "NODE_OPTIONS");

    private ClaudeEnvironment() {}

    /** Returns the child's environment. */
    static Map<String, String> of(
            Map<String, String> parent, Map<String, String> added, Optional<Path> configDirectory) {
        Map<String, String> env = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (inherited(name)) {
                env.put(name, value);
            }
        });
        env.putAll(added);
        configDirectory.ifPresent(
                dir -> env.put("CLAUDE_CONFIG_DIR", dir.toAbsolutePath().toString()));
        return env;
    }

    static boolean inherited(String name) {
        if (REMOVED.contains(name)) {
            return false;
        }
        if (INHERITED.contains(name)) {
            return true;
        }
        for (String prefix : INHERITED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

package dev.obra.orchestrator.agent.claude;

/**
 * Claude Code's permission modes, as accepted by {@code --permission-mode} in CLI 2.1.330. Without one the CLI
 * asks before edits and commands, which a headless run cannot answer, so such tools are denied.
 */
public enum PermissionMode {
    /** {@code acceptEdits}: file edits are allowed; commands need {@code allowedTools}. */
    ACCEPT_EDITS("acceptEdits"),
    /** {@code auto}: a classifier decides what needs approval. */
    AUTO("auto"),
    /**
     * {@code bypassPermissions}: everything is allowed. As root the CLI refuses it unless the environment has
     * {@code IS_SANDBOX=1} (see {@link ClaudeCodeAgent.Builder#environment(java.util.Map)}).
     */
    BYPASS_PERMISSIONS("bypassPermissions"),
    /** {@code manual}: every tool use needs approval. */
    MANUAL("manual"),
    /** {@code dontAsk}: anything that would ask is denied. */
    DONT_ASK("dontAsk"),
    /** {@code plan}: read-only planning, no edits or commands. */
    PLAN("plan");

    private final String cliValue;

    PermissionMode(String cliValue) {
        this.cliValue = cliValue;
    }

    /**
     * Returns the value passed to {@code --permission-mode}, e.g. {@code acceptEdits}.
     *
     * @return the value passed to {@code --permission-mode}, e.g
     */
    public String cliValue() {
        return cliValue;
    }
}

/**
 * The Claude Code CLI as an {@link dev.obra.orchestrator.agent.Agent}, run headless as a child process.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.agent.claude;

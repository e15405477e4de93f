/**
 * Where a task works and what it hands back: in place (the default), or in a git worktree and branch of its own,
 * delivered as one commit.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.workspace;

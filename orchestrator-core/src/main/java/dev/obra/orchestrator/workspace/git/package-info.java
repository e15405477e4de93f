/**
 * The git command line, run with argument lists: the adapter behind {@link dev.obra.orchestrator.workspace}. Not
 * API; may change in any release.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.workspace.git;

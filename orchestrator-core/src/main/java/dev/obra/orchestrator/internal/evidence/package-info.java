/**
 * <b>Not API</b>: the evidence the loop gathers after each agent session: what changed in the working directory (git or file hashes) and the verification command's result. Nothing here is covered by compatibility between releases; any class may change or
 * disappear in any release. Use the public packages instead.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal.evidence;

/**
 * <b>Not API</b>: child processes: finding executables on PATH, the one way to start a child ({@link
 * dev.obra.orchestrator.internal.process.ChildProcess}) and run it to its end ({@link
 * dev.obra.orchestrator.internal.process.ProcessRunner}), killing a whole process tree, and keeping the tail of an
 * output stream. Nothing here is covered by compatibility between releases; any class may change or
 * disappear in any release. Use the public packages instead.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal.process;

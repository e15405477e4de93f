/**
 * <b>Not API</b>: argument checks that the public records and builders share, with the messages they have always
 * given. Nothing here is covered by compatibility between releases; any class may change or disappear in any
 * release. Use the public packages instead.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal.argument;

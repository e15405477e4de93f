/**
 * <b>Not API</b>: files and folders created readable by their owner only, for what holds task content (the SQLite
 * store, HTML reports). Nothing here is covered by compatibility between releases; any class may change or
 * disappear in any release. Use the public packages instead.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal.files;

/**
 * Process exit codes and how failures map to them, in one place every front end (chat, kanban
 * worker and dispatcher, proxy) reads. Depends on nothing: exceptions that mean a code implement
 * {@link dev.hermes.exit.ExitStatus}.
 */
package dev.hermes.exit;

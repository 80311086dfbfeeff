/**
 * The composition root: what every front end (chat, kanban worker, proxy) starts from. It owns
 * the process-wide parts (the event log; through {@link dev.hermes.failover.FailoverSettings},
 * the shared circuit breakers, HTTP client pool, stream watchdog and prefill knowledge; through
 * {@link dev.hermes.config.Configuration#routes}, the shared credential pools), mints the
 * session or request id before anything is logged under it, and hands out callers.
 */
package dev.hermes.app;

/**
 * The composition root: what every front end (chat, the kanban worker, which is chat under a
 * task's claim, and the proxy) starts from, and the only place the process-wide parts are put
 * together.
 *
 * <pre>
 *   Configuration --failover()--&gt; config.FailoverConfig (typed: retries, backoff, breaker, caps)
 *        |
 *        v
 *   App.open --&gt; EventLog (agent.log / errors.log)
 *            --&gt; FailoverSettings.builder() + the process-wide CircuitBreakers, ClientPool,
 *                StreamWatchdog, PrefillSupport (credential pools come with Configuration#routes)
 *   front end: id = App.newSessionId() | App.newRequestId()    (first: everything logs under it)
 *              caller = app.caller(plan, id[, deadline])        (a FailoverCaller logging under id)
 * </pre>
 *
 * The failover package never reads configuration: it gets {@link dev.hermes.failover.FailoverSettings}
 * from here. Only front ends ({@code cli}, {@code proxy}) depend on this package.
 */
package dev.hermes.app;

/**
 * Failure classification and the policy objects failover is assembled from.
 *
 * <pre>
 *   exception / stream event --Failures--> Failure --Classifier--> Classification(Reason, Policy)
 *   Classification --> RetryBudget (retry / rotate / move on), Backoff (how long), CircuitBreaker (route health)
 *   StreamTimeouts + budgets + chain --> WorstCase.bound
 * </pre>
 *
 * Wrapping order: Fallback(Retry(CircuitBreaker(watched call))). See docs/resilience.md.
 *
 * <pre>
 *   FailoverCaller --emits--&gt; CallEvent --&gt; StatusLines (CallObserver.status), ErrorsLog (errors.log),
 *                                         the CallObserver itself (session transcript, proxy metrics)
 * </pre>
 *
 * The package reads no configuration: its policy arrives typed, as {@link dev.hermes.failover.FailoverSettings}
 * built by the composition root ({@code dev.hermes.app}) or by a test with
 * {@link dev.hermes.failover.FailoverSettings#builder()}.
 */
package dev.hermes.failover;

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
 */
package dev.hermes.failover;

/**
 * Providers: endpoints and their wire APIs, the registry of known providers, credentials and
 * their pools, and the contract every wire client keeps ({@link dev.hermes.provider.ModelClient},
 * reporting to a {@link dev.hermes.provider.WireListener}).
 *
 * <pre>
 *   provider (contracts, Route, RouteKey, Credential)
 *     &lt;-- provider.http (transport, SSE event stream, auth headers)
 *     &lt;-- provider.openai, provider.anthropic (one wire each)
 *     &lt;-- provider.clients (ModelClients: the client for an endpoint's wire; ModelListing)
 * </pre>
 *
 * Each arrow points at what the package builds on: {@code provider} itself depends on none of
 * its subpackages, and the wire clients on {@code stream} only below the wire (SSE bytes, events,
 * timers), so no package depends back on one that depends on it.
 */
package dev.hermes.provider;

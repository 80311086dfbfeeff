/**
 * The HTTP plumbing shared by the wire clients: one POST with per-request credentials and abort
 * hooks ({@link dev.hermes.provider.http.HttpTransport}), error bodies parsed into
 * {@link dev.hermes.llm.ApiError}s, and an {@link dev.hermes.provider.EventStream} over SSE that
 * a wire-specific translator feeds.
 *
 * <pre>
 *   ChatRequest --RequestWriter--> JSON --HttpTransport.post--> OpenResponse
 *       2xx:     OpenResponse --SseEventStream(SseReader + Translator)--> StreamEvent*
 *       non-2xx: body (64 KiB cap) --ApiErrors--> ModelCallException(ApiError)
 * </pre>
 *
 * Translators read each chunk with Jackson's streaming parser through
 * {@link dev.hermes.provider.http.ChunkJson} (no tree per chunk); a chunk that may be an error
 * object is read whole as a tree, which {@link dev.hermes.provider.http.ApiErrors} judges.
 *
 * <p>Who closes what: the caller of {@code openStream} closes the returned stream; its close (or the
 * abort handed to the listener) closes the response body, which unblocks a reader at once.
 *
 * <p>The HTTP library itself sits behind {@link dev.hermes.provider.http.HttpEngine}: OkHttp
 * ({@link dev.hermes.provider.http.OkHttpEngine}), chosen by measurement, or the JDK client
 * ({@link dev.hermes.provider.http.JdkHttpEngine}, {@code -Dhermes.http.engine=jdk}).
 */
package dev.hermes.provider.http;

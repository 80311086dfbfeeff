/**
 * The HTTP server every hermes front end that listens uses (the proxy, the dashboard): Jetty 12
 * core (no servlets) with each request handled on its own virtual thread, so handlers are plain
 * blocking code. Chosen by measurement against Helidon SE 4 (docs/benchmarks.md, "HTTP server").
 *
 * <pre>
 *   HttpServer.start(options, router)      bind host:port, start accepting
 *   router.get/post(path, handler)          exact-path routes
 *   handler(Exchange)                       read the body (size-limited), respond, or open an SseStream
 *   server.stop(drain)                      stop accepting, let in-flight requests finish up to drain
 * </pre>
 */
package dev.hermes.server;

package dev.hermes.server;

/** Serves one request on its own virtual thread: blocking calls are fine, an exception becomes a 500. */
@FunctionalInterface
public interface Handler {
    void handle(Exchange exchange) throws Exception;
}

package dev.hermes.proxy;

/** A request the proxy refuses as sent (400 in the client's wire format); the message says what is wrong. */
final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message);
    }
}

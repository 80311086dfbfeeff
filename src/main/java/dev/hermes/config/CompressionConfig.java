package dev.hermes.config;

import dev.hermes.util.Sourced;

import java.time.Duration;

/**
 * The {@code compression} section, plus what compression needs from elsewhere: the
 * {@code model.context_length} override and the {@code auxiliary.compression} route. Defaults are
 * the original's.
 *
 * @param enabled         summarise the middle of the conversation before it outgrows the window
 * @param threshold       share of the context window at which a request is compressed first (0.50)
 * @param thresholdTokens an absolute cap in tokens; the lower of the two applies; null for none
 * @param targetRatio     share of the threshold the kept recent messages may take (0.20)
 * @param protectFirstN   first messages never summarised (3)
 * @param protectLastN    last messages always kept verbatim (20)
 * @param maxAttempts     summaries tried per request before falling back to trimming (3)
 * @param contextLength   {@code model.context_length}: the window in tokens, overriding the
 *                        known models and the provider's model list; null when unset
 * @param auxiliary       {@code auxiliary.compression}: the route summaries go to, or null for
 *                        the main chain
 * @param auxiliaryTimeout {@code auxiliary.compression.timeout}, or null
 */
public record CompressionConfig(boolean enabled, double threshold, Integer thresholdTokens, double targetRatio,
                                int protectFirstN, int protectLastN, int maxAttempts, Sourced<Integer> contextLength,
                                RouteConfig auxiliary, Duration auxiliaryTimeout) {

    public static final double DEFAULT_THRESHOLD = 0.50;
    public static final double DEFAULT_TARGET_RATIO = 0.20;
    public static final int DEFAULT_PROTECT_FIRST_N = 3;
    public static final int DEFAULT_PROTECT_LAST_N = 20;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public static CompressionConfig defaults() {
        return new CompressionConfig(true, DEFAULT_THRESHOLD, null, DEFAULT_TARGET_RATIO, DEFAULT_PROTECT_FIRST_N,
                DEFAULT_PROTECT_LAST_N, DEFAULT_MAX_ATTEMPTS, null, null, null);
    }
}

package io.tunestream.launcher.chaos;

import java.time.Duration;

/**
 * How big a chaos run is.
 *
 * @param corpusShare   share of the SpamAssassin corpus each dataset version carries
 * @param trainingSteps LoRA steps of each training job (a checkpoint every {@code trainingSteps / 3})
 * @param faultTimeout  how long the stack may take to reach its end state after a fault
 * @param termGrace     how long a service may take to exit after SIGTERM before it is killed
 */
public record ChaosSize(double corpusShare, int trainingSteps, Duration faultTimeout, Duration termGrace) {

    /** The CI size: small datasets, a few training steps, a minute per fault. */
    public static final ChaosSize QUICK = new ChaosSize(0.06, 6, Duration.ofSeconds(60), Duration.ofSeconds(15));

    /** An operator's drill: a fifth of the corpus, a longer job, more patience. */
    public static final ChaosSize FULL = new ChaosSize(0.2, 30, Duration.ofMinutes(5), Duration.ofSeconds(30));
}

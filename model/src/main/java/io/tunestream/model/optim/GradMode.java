package io.tunestream.model.optim;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode, which is per thread. DJL has no public API for it: its PyTorch engine turns grad mode off
 * only on the thread that started the engine (djl#1872) and its {@code GradientCollector} turns it on and off
 * around a recorded pass. A training job runs on its own thread, where grad mode is on by default and the
 * optimizer's in-place updates of leaf tensors are refused, so this adapter is the one place that calls DJL's
 * PyTorch JNI layer for it; on another engine it does nothing.
 */
public final class GradMode {

    private GradMode() {
    }

    /** Turns grad mode off on the calling thread, as DJL does on the engine's start thread. */
    public static void disableOnThisThread() {
        if (isPyTorch()) {
            JniUtils.setGradMode(false);
        }
    }

    /** @return whether grad mode is on for the calling thread (false on engines without one) */
    public static boolean isEnabled() {
        return isPyTorch() && JniUtils.isGradMode();
    }

    /** Sets grad mode on the calling thread; no-op on other engines. */
    public static void set(boolean enabled) {
        if (isPyTorch()) {
            JniUtils.setGradMode(enabled);
        }
    }

    private static boolean isPyTorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }
}

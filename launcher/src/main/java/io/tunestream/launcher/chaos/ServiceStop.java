package io.tunestream.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tunestream.launcher.EmbeddedStack;

/**
 * Stops one service JVM of the stack with the fault's signal and starts it again, saying what happened: a SIGTERM
 * that the JVM does not answer by exiting within the grace period is a failure (a rolling update would kill it).
 *
 * @param happened what was seen, e.g. "SIGTERM: exited in 2.1s; ready again in 9.8s"
 * @param failures what went wrong (a JVM that ignored SIGTERM, a restart that never became ready)
 */
record ServiceStop(String happened, List<String> failures) {

    static ServiceStop apply(ChaosContext ctx, String service, Fault.Signal signal) {
        EmbeddedStack stack = ctx.stack();
        List<String> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        String how;
        if (signal == Fault.Signal.KILL) {
            stack.kill(service);
            how = "SIGKILL";
        } else {
            Duration grace = ctx.size().termGrace();
            boolean exited = stack.terminate(service, grace);
            how = exited ? String.format("SIGTERM: exited in %.1fs", seconds(t0)) : "SIGTERM: still running after "
                    + grace.toSeconds() + "s, killed";
            if (!exited) {
                failures.add(service + " did not exit within " + grace.toSeconds() + " s of SIGTERM");
            }
        }
        long t1 = System.nanoTime();
        try {
            stack.restart(service, ChaosContext.READY_TIMEOUT);
            how += String.format("; ready again in %.1fs", seconds(t1));
        } catch (RuntimeException e) {
            failures.add(service + " did not start again: " + e.getMessage());
            how += "; restart failed";
        }
        ctx.progress(service + ": " + how);
        return new ServiceStop(how, failures);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}

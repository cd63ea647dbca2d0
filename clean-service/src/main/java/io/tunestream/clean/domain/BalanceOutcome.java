package io.tunestream.clean.domain;

import java.util.List;
import java.util.Map;

/**
 * What a {@link Balancer} decided.
 *
 * @param policy         the policy applied
 * @param records        the records kept, in input order
 * @param undersampled   how many records undersampling removed (0 for other policies)
 * @param oversamplePlan extra copies to generate per label (only for {@link BalancePolicy#OVERSAMPLE}, else empty)
 * @param classWeights   weight per label (only for {@link BalancePolicy#CLASS_WEIGHTS}, else empty)
 */
public record BalanceOutcome(BalancePolicy policy, List<TextRecord> records, int undersampled,
                             Map<String, Integer> oversamplePlan, Map<String, Double> classWeights) {

    /** Freezes the plan and the weights. */
    public BalanceOutcome {
        oversamplePlan = Map.copyOf(oversamplePlan);
        classWeights = Map.copyOf(classWeights);
    }
}

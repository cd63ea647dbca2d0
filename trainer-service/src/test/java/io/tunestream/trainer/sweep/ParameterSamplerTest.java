package io.tunestream.trainer.sweep;

import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.tunestream.trainer.sweep.SweepFixtures.range;
import static io.tunestream.trainer.sweep.SweepFixtures.request;
import static io.tunestream.trainer.sweep.SweepFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ParameterSamplerTest {

    @Test
    void shouldGiveTheSameParamsWhenSeedAndTrialIndexAreTheSame() {
        ParameterSampler first = ParameterSampler.of(request().build());
        ParameterSampler again = ParameterSampler.of(request().build());
        for (int i = 0; i < 20; i++) {
            assertThat(again.paramsFor(i)).isEqualTo(first.paramsFor(i));
        }
        assertThat(first.paramsFor(0)).containsOnlyKeys("learningRate", "batchSize", "epochs", "weightDecay");
        assertThat(first.paramsFor(1)).isNotEqualTo(first.paramsFor(0));
        assertThat(ParameterSampler.of(request().setSeed(8).build()).paramsFor(0).get("learningRate"))
                .isNotEqualTo(first.paramsFor(0).get("learningRate"));
    }

    @Test
    void shouldStayWithinBoundsAndSpreadLogUniformlyWhenSamplingManyTrials() {
        ParameterSampler sampler = ParameterSampler.of(request().build());
        List<Double> rates = new ArrayList<>();
        Set<String> batchSizes = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Map<String, String> p = sampler.paramsFor(i);
            rates.add(Double.parseDouble(p.get("learningRate")));
            batchSizes.add(p.get("batchSize"));
            assertThat(Double.parseDouble(p.get("weightDecay"))).isGreaterThanOrEqualTo(0.0).isLessThan(0.1);
        }
        assertThat(rates).allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(1e-5).isLessThan(1e-3));
        // log-uniform: half the mass below the geometric mean 1e-4 (a uniform draw would put ~9% there)
        long below = rates.stream().filter(r -> r < 1e-4).count();
        assertThat(below / 2000.0).isBetween(0.45, 0.55);
        assertThat(batchSizes).containsExactlyInAnyOrder("8", "16", "32");
    }

    @Test
    void shouldRoundIntegerFieldsIntoTheirBoundsWhenSampledFromARange() {
        SweepRequest r = request().setSpace(List.of(range("loraRank", ParameterKind.LOG_UNIFORM, 3.6, 16.4),
                range("loraDropout", ParameterKind.UNIFORM, 0.0, 0.3))).build();
        ParameterSampler sampler = ParameterSampler.of(r);
        Set<Integer> ranks = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Map<String, String> p = sampler.paramsFor(i);
            ranks.add(Integer.parseInt(p.get("loraRank")));
            assertThat(Float.parseFloat(p.get("loraDropout"))).isBetween(0.0f, 0.3f);
        }
        assertThat(ranks).allSatisfy(k -> assertThat(k).isBetween(4, 16)).contains(4, 16);
    }

    @Test
    void shouldKeepEarlierDrawsWhenAParameterIsAddedAtTheEnd() {
        List<ParameterSpec> longer = new ArrayList<>(SweepFixtures.reportSpace());
        longer.add(range("warmupRatio", ParameterKind.UNIFORM, 0.0, 0.2));
        ParameterSampler before = ParameterSampler.of(request().build());
        ParameterSampler after = ParameterSampler.of(request().setSpace(longer).build());
        for (int i = 0; i < 10; i++) {
            assertThat(after.paramsFor(i)).containsAllEntriesOf(before.paramsFor(i)).containsKey("warmupRatio");
        }
    }

    @Test
    void shouldCycleThroughGridPointsInOrderWhenGridParametersMixWithRandomOnes() {
        // Given: RANDOM with two GRID parameters (4 points) and a sampled learning rate
        SweepRequest r = request().setSpace(List.of(values("batchSize", ParameterKind.GRID, "8", "16"),
                range("learningRate", ParameterKind.LOG_UNIFORM, 1e-5, 1e-3),
                values("epochs", ParameterKind.GRID, "3", "5"))).setNumTrials(8).build();
        ParameterSampler sampler = ParameterSampler.of(r);

        // When
        List<String> points = IntStream.range(0, 8).mapToObj(sampler::paramsFor)
                .map(p -> p.get("batchSize") + "/" + p.get("epochs")).toList();

        // Then: last GRID parameter fastest, then again; learning rates still differ per trial
        assertThat(points).containsExactly("8/3", "8/5", "16/3", "16/5", "8/3", "8/5", "16/3", "16/5");
        assertThat(sampler.paramsFor(4).get("learningRate")).isNotEqualTo(sampler.paramsFor(0).get("learningRate"));
    }

    @Test
    void shouldEnumerateChoicesAsGridAxesWhenAlgorithmIsGrid() {
        SweepRequest r = request().setAlgorithm(SearchAlgorithm.GRID).setNumTrials(6)
                .setSpace(List.of(values("schedule", ParameterKind.CHOICE, "COSINE", "LINEAR"),
                        values("batchSize", ParameterKind.GRID, "8", "16", "32"))).build();
        SearchSpace space = SearchSpace.of(r);
        assertThat(space.gridSize()).isEqualTo(6);
        assertThat(space.gridPoint(0)).containsExactly(entry("schedule", "COSINE"), entry("batchSize", "8"));
        assertThat(space.gridPoint(4)).containsExactly(entry("schedule", "LINEAR"), entry("batchSize", "16"));
        assertThat(ParameterSampler.of(r).paramsFor(5)).containsExactly(entry("schedule", "LINEAR"), entry("batchSize", "32"));
    }

    @Test
    void shouldSaturateGridSizeWhenTheProductOverflows() {
        List<String> many = IntStream.range(0, 100_000).mapToObj(Integer::toString).toList();
        List<ParameterSpec> axes = new ArrayList<>();
        for (String name : List.of("batchSize", "epochs", "loraRank", "adapterSize", "promptLength")) {
            axes.add(values(name, ParameterKind.GRID, many.toArray(String[]::new)));
        }
        assertThat(SearchSpace.of(request().setSpace(axes).build()).gridSize()).isEqualTo(Long.MAX_VALUE);
    }
}

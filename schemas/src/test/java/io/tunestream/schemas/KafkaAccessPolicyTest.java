package io.tunestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.tunestream.schemas.KafkaAccessPolicy.Grant;
import io.tunestream.schemas.KafkaAccessPolicy.Operation;
import io.tunestream.schemas.KafkaAccessPolicy.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAccessPolicyTest {

    private static final String P = Topics.DEFAULT_PREFIX;

    @Test
    void shouldLetOnlyTheRegistryWriteWhenTheTopicIsTheRegistrys() {
        // Given / When / Then
        for (String base : List.of(Topics.MODELS, Topics.DEPLOYMENTS, KafkaAccessPolicy.REGISTRY_COMMANDS)) {
            assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, base))).as(base)
                    .containsExactly(KafkaAccessPolicy.REGISTRY);
        }
    }

    @Test
    void shouldLetOnlyTheEvaluatorWriteWhenTheTopicCarriesEvaluationsOrScores() {
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.EVALUATIONS)))
                .containsExactly(KafkaAccessPolicy.EVALUATOR);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.SCORING_RESULTS)))
                .containsExactly(KafkaAccessPolicy.EVALUATOR);
    }

    @Test
    void shouldLetOnlyTheTrainerWriteWhenTheTopicIsATrainingTopic() {
        for (String base : List.of(Topics.TRAINING_REQUESTS, Topics.TRAINING_JOBS, Topics.TRAINING_METRICS,
                Topics.TRAINING_CHECKPOINTS, Topics.SWEEPS, Topics.TRAINING_RECIPES)) {
            assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, base))).as(base)
                    .containsExactly(KafkaAccessPolicy.TRAINER);
        }
    }

    @Test
    void shouldLetEachStageWriteOnlyItsOwnOutputWhenTheTopicIsADatasetTopic() {
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_INGEST)))
                .containsExactly(KafkaAccessPolicy.PUBLISHER);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_RAW))).containsExactly(KafkaAccessPolicy.INGEST);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_CLEAN))).containsExactly(KafkaAccessPolicy.CLEAN);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_SPLIT))).containsExactly(KafkaAccessPolicy.SPLIT);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_PREPARED)))
                .containsExactly(KafkaAccessPolicy.AUGMENT);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_REPORTS))).containsExactlyInAnyOrder(
                KafkaAccessPolicy.INGEST, KafkaAccessPolicy.CLEAN, KafkaAccessPolicy.SPLIT, KafkaAccessPolicy.AUGMENT,
                KafkaAccessPolicy.TRAINER);
    }

    @Test
    void shouldLetTheDatasetWritersWriteTheIndexAndItsReadersReadItWhenTheTopicIsTheIndex() {
        // Given
        String index = Topics.name(P, Topics.DATASETS_INDEX);

        // When
        List<String> readers = KafkaAccessPolicy.table(P).stream().filter(a -> a.reads().contains(index))
                .map(KafkaAccessPolicy.Access::user).toList();

        // Then
        assertThat(KafkaAccessPolicy.writers(P, index)).containsExactlyInAnyOrder(KafkaAccessPolicy.INGEST,
                KafkaAccessPolicy.CLEAN, KafkaAccessPolicy.SPLIT, KafkaAccessPolicy.AUGMENT);
        assertThat(readers).containsExactlyInAnyOrder(KafkaAccessPolicy.INGEST, KafkaAccessPolicy.CLEAN,
                KafkaAccessPolicy.SPLIT, KafkaAccessPolicy.AUGMENT, KafkaAccessPolicy.TRAINER,
                KafkaAccessPolicy.EVALUATOR);
    }

    @Test
    void shouldLetEveryoneRequestScoringWhenAuthenticated() {
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.SCORING_REQUESTS)))
                .containsExactly(KafkaAccessPolicy.EVERYONE);
    }

    @Test
    void shouldGrantTheCliNothingButReadsWhenItReadsTopics() {
        // When
        List<Grant> cli = KafkaAccessPolicy.grants(P).stream().filter(g -> g.user().equals(KafkaAccessPolicy.CLI)).toList();

        // Then
        assertThat(cli).isNotEmpty().allSatisfy(g -> {
            assertThat(g.type()).isEqualTo(ResourceType.TOPIC);
            assertThat(g.operations()).doesNotContain(Operation.WRITE, Operation.ALL, Operation.CREATE);
        });
    }

    @Test
    void shouldNameTheTopicsUnderThePrefixWhenAnotherPrefixIsConfigured() {
        assertThat(KafkaAccessPolicy.writers("other.", "other.models")).containsExactly(KafkaAccessPolicy.REGISTRY);
        assertThat(KafkaAccessPolicy.writers("other.", "tunestream.models")).isEmpty();
    }

    @Test
    void shouldListTheSuperUserFirstWhenUsersAreListed() {
        assertThat(KafkaAccessPolicy.users()).first().isEqualTo(KafkaAccessPolicy.ADMIN);
        assertThat(KafkaAccessPolicy.table(P)).extracting(KafkaAccessPolicy.Access::user)
                .doesNotContain(KafkaAccessPolicy.ADMIN)
                .containsExactlyInAnyOrderElementsOf(KafkaAccessPolicy.users().subList(1, KafkaAccessPolicy.users().size()));
    }
}

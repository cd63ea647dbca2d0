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
        for (String base : List.of(Topics.MODELS, Topics.DEPLOYMENTS)) {
            assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, base))).as(base)
                    .containsExactly(KafkaAccessPolicy.REGISTRY);
        }
        // the registry dead-letters its input log, so the operator may replay into it
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, KafkaAccessPolicy.REGISTRY_COMMANDS)))
                .containsExactlyInAnyOrder(KafkaAccessPolicy.REGISTRY, KafkaAccessPolicy.OPERATOR);
    }

    @Test
    void shouldLetOnlyTheEvaluatorWriteWhenTheTopicCarriesEvaluationsOrScores() {
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.EVALUATIONS)))
                .containsExactlyInAnyOrder(KafkaAccessPolicy.EVALUATOR, KafkaAccessPolicy.OPERATOR);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.SCORING_RESULTS)))
                .containsExactly(KafkaAccessPolicy.EVALUATOR);
    }

    @Test
    void shouldLetOnlyTheTrainerWriteWhenTheTopicIsATrainingTopic() {
        for (String base : List.of(Topics.TRAINING_JOBS, Topics.TRAINING_METRICS)) {
            assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, base))).as(base)
                    .containsExactly(KafkaAccessPolicy.TRAINER);
        }
        // topics a service dead-letters from: the operator replays into them
        for (String base : List.of(Topics.TRAINING_REQUESTS, Topics.TRAINING_CHECKPOINTS, Topics.SWEEPS,
                Topics.TRAINING_RECIPES)) {
            assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, base))).as(base)
                    .containsExactlyInAnyOrder(KafkaAccessPolicy.TRAINER, KafkaAccessPolicy.OPERATOR);
        }
    }

    @Test
    void shouldLetEachStageWriteOnlyItsOwnOutputWhenTheTopicIsADatasetTopic() {
        String operator = KafkaAccessPolicy.OPERATOR; // replays what each reader of these topics dead-letters
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_INGEST)))
                .containsExactlyInAnyOrder(KafkaAccessPolicy.PUBLISHER, operator);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_RAW)))
                .containsExactlyInAnyOrder(KafkaAccessPolicy.INGEST, operator);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_CLEAN)))
                .containsExactlyInAnyOrder(KafkaAccessPolicy.CLEAN, operator);
        assertThat(KafkaAccessPolicy.writers(P, Topics.name(P, Topics.DATASETS_SPLIT)))
                .containsExactlyInAnyOrder(KafkaAccessPolicy.SPLIT, operator);
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
                .containsExactlyInAnyOrder(KafkaAccessPolicy.EVERYONE, KafkaAccessPolicy.OPERATOR);
    }

    @Test
    void shouldLetTheOperatorReadOnlyDeadLettersAndWriteOnlyTheirSourcesWhenItReplays() {
        // When
        List<Grant> operator = KafkaAccessPolicy.grants(P).stream()
                .filter(g -> g.user().equals(KafkaAccessPolicy.OPERATOR)).toList();
        List<String> dlqs = KafkaAccessPolicy.replayableDeadLetterTopics(P);

        // Then
        assertThat(dlqs).contains(Topics.dlq(Topics.name(P, Topics.DATASETS_RAW)),
                Topics.dlq(Topics.name(P, Topics.EVALUATIONS))).allSatisfy(t -> assertThat(t).endsWith(".dlq"));
        assertThat(operator).filteredOn(g -> g.operations().contains(Operation.READ) && g.type() == ResourceType.TOPIC)
                .extracting(Grant::name).containsExactlyInAnyOrderElementsOf(dlqs);
        assertThat(operator).filteredOn(g -> g.operations().contains(Operation.WRITE) && g.type() == ResourceType.TOPIC)
                .extracting(Grant::name).containsExactlyInAnyOrderElementsOf(
                        dlqs.stream().map(d -> d.substring(0, d.length() - Topics.DLQ_SUFFIX.length())).toList())
                .doesNotContain(Topics.name(P, Topics.MODELS), Topics.name(P, Topics.DEPLOYMENTS),
                        Topics.name(P, Topics.TRAINING_JOBS), Topics.name(P, Topics.DATASETS_PREPARED));
        assertThat(operator).filteredOn(g -> g.type() == ResourceType.GROUP || g.type() == ResourceType.TRANSACTIONAL_ID)
                .extracting(Grant::name).containsOnly(KafkaAccessPolicy.REPLAY_ID_PREFIX);
        assertThat(operator).noneMatch(g -> g.operations().contains(Operation.ALL));
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

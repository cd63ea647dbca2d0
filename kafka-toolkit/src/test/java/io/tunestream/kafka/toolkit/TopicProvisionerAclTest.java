package io.tunestream.kafka.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.kafka.embedded.BrokerSecurity;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.kafka.embedded.KafkaAcls;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.TopicRegistry;
import io.tunestream.schemas.Topics;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the embedded stack's secured broker (SASL SCRAM, the services' ACLs) a service provisions its topics at every
 * start: topics the launcher already created, which the service may read but not create, must be left alone
 * (Kafka refuses a create request for them with an authorization error, not "exists").
 */
@Timeout(120)
class TopicProvisionerAclTest {

    @Test
    void shouldLeaveExistingTopicsAloneWhenTheServiceMayNotCreateThem() {
        // Given a secured broker whose pipeline topics the launcher (admin) created
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults().withSecurity(
                BrokerSecurity.randomScram(KafkaAccessPolicy.ADMIN, KafkaAccessPolicy.users())))) {
            TopicProvisioner.ensureTopics(broker.adminConnection(), TopicSpec.pipeline(Topics.DEFAULT_PREFIX, 1));
            KafkaAcls.applyPolicy(broker.adminConnection(), Topics.DEFAULT_PREFIX);

            // When the trainer provisions what it reads and writes, datasets.prepared (read only) included
            List<TopicSpec> trainerTopics = List.of(TopicSpec.of(TopicRegistry.DATASETS_PREPARED, Topics.DEFAULT_PREFIX, 1),
                    TopicSpec.of(TopicRegistry.TRAINING_JOBS, Topics.DEFAULT_PREFIX, 1));
            Set<String> created = TopicProvisioner.ensureTopics(
                    broker.connection(KafkaAccessPolicy.TRAINER).clientProperties(), trainerTopics, Optional.empty());

            // Then nothing is created and nothing is refused
            assertThat(created).isEmpty();
        }
    }
}

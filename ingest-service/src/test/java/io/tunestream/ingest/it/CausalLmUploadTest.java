package io.tunestream.ingest.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.testsupport.KafkaBrokerResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.tunestream.ingest.it.DatasetUploadTest.JSONL;
import static io.tunestream.ingest.it.DatasetUploadTest.TOPICS;
import static io.tunestream.ingest.it.DatasetUploadTest.committed;
import static io.tunestream.ingest.it.DatasetUploadTest.newId;
import static io.tunestream.ingest.it.DatasetUploadTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Causal-LM uploads ({@code task=causal_lm}) over REST against the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class CausalLmUploadTest {

    @BeforeAll
    static void rawBodies() {
        DatasetUploadTest.rawBodies();
    }

    @Test
    void shouldPublishPromptAndCompletionWithTheTaskInTheSealWhenTaskIsCausalLm() {
        // Given: prompt/completion pairs without labels, case and punctuation as written
        String id = newId();
        String body = """
                {"id":"q1","prompt":"Translate to French: Good Morning!","completion":" Bonjour !"}
                {"id":"q2","prompt":"2 + 2 =","completion":" 4."}
                """;
        // When
        post(id, "1", JSONL, body, "task=causal_lm&seed=7")
                // Then
                .statusCode(201).body("accepted", equalTo(2));
        List<ConsumerRecord<String, DatasetEvent>> events = committed(id, "1");
        assertThat(events).hasSize(2);
        DatasetRecord first = TopicLog.records(events).get(0);
        assertThat(first.getPrompt()).isEqualTo("Translate to French: Good Morning!");
        assertThat(first.getCompletion()).isEqualTo(" Bonjour !");
        assertThat(first.getText()).isNull();
        assertThat(first.getLabel()).isNull();
        DatasetSeal seal = (DatasetSeal) events.get(1).value().getBody();
        assertThat(seal.getRecordCount()).isEqualTo(2);
        assertThat(seal.getConfig()).containsOnly(Map.entry("task", "causal_lm"), Map.entry("seed", "7"));
    }

    @Test
    void shouldMapCustomFieldsOfACsvWhenPromptAndCompletionFieldsAreGiven() {
        // Given
        String id = newId();
        String body = "instruction,output\r\n\"Say hi, politely\",\"Hello, there.\"\r\n";
        // When
        post(id, "1", "text/csv", body, "task=causal_lm&promptField=instruction&completionField=output")
                // Then
                .statusCode(201).body("accepted", equalTo(1));
        DatasetRecord record = TopicLog.records(committed(id, "1")).get(0);
        assertThat(record.getPrompt()).isEqualTo("Say hi, politely");
        assertThat(record.getCompletion()).isEqualTo("Hello, there.");
    }

    @Test
    void shouldFailTheUploadWhenAPromptHasNoCompletion() {
        // Given
        String id = newId();
        String body = """
                {"prompt":"Q one","completion":"A one"}
                {"prompt":"Q two"}
                """;
        // When
        post(id, "1", JSONL, body, "task=causal_lm")
                // Then: nothing is published, the problem names the line and the reason
                .statusCode(422).contentType("application/problem+json").body("reason", equalTo("MISSING_COMPLETION"))
                .body("line", equalTo(2)).body("detail", containsString("field 'completion' is missing or empty"));
        assertThat(committed(id, "1")).isEmpty();
    }

    @Test
    void shouldCountAndSkipAPromptWithoutCompletionWhenAskedTo() {
        // Given
        String id = newId();
        String body = """
                {"prompt":"Q one","completion":"A one"}
                {"prompt":"Q two"}
                {"text":"Plain continuation text."}
                """;
        // When
        post(id, "1", JSONL, body, "task=causal_lm&onInvalid=skip")
                // Then
                .statusCode(201).body("accepted", equalTo(2)).body("rejected.MISSING_COMPLETION", equalTo(1));
        List<ConsumerRecord<String, DatasetEvent>> events = committed(id, "1");
        assertThat(TopicLog.records(events)).hasSize(2);
        assertThat(TopicLog.records(events).get(1).getText()).isEqualTo("Plain continuation text.");
        List<ConsumerRecord<String, StageReport>> reports = TopicLog.committedReports(TOPICS.reports(), DatasetKeys.of(id, "1"));
        assertThat(reports).singleElement().satisfies(r ->
                assertThat(r.value().getDropped()).containsExactly(Map.entry("MISSING_COMPLETION", 1L)));
    }

    @Test
    void shouldRefuseAnUnknownTask() {
        post(newId(), "1", JSONL, "{\"text\":\"a\",\"label\":\"b\"}\n", "task=chat")
                .statusCode(400).body("detail", containsString("classification, regression or causal_lm"));
    }
}

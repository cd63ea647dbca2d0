package io.tunestream.evaluator.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Killing the models view's consumer thread turns liveness red. In an application of its own (a test profile,
 * REST and views only): the killed thread does not come back.
 */
@QuarkusTest
@TestProfile(EvaluatorLivenessTest.KilledView.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class EvaluatorLivenessTest {

    /** A separate application without the checkpoint and scoring workers, so that no other test meets the dead view. */
    public static class KilledView implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tunestream.evaluator.worker-enabled", "false");
        }
    }

    @Test
    void shouldFailLivenessWhenTheModelsViewsThreadDies() {
        // Given a live evaluator whose views run
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'evaluator-consumers' }.data.'models-view'", equalTo(true));

        // When the models view's consumer thread is killed (an interrupt makes its poll throw)
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("view-tunestream.models"))
                .findFirst().orElseThrow(() -> new AssertionError("no view-tunestream.models thread")).interrupt();

        // Then liveness is red (the thread's dying exception is expected: the wait ignores it) and names the dead view; the other view is still fine
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(503)
                .body("checks.find { it.name == 'evaluator-consumers' }.data.'models-view'", equalTo(false))
                .body("checks.find { it.name == 'evaluator-consumers' }.data.'evaluations-view'", equalTo(true)));
    }
}

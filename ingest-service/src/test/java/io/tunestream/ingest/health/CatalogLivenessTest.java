package io.tunestream.ingest.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Killing the catalog view's consumer thread turns liveness red. In an application of its own (a test profile): the
 * killed thread does not come back.
 */
@QuarkusTest
@TestProfile(CatalogLivenessTest.KilledView.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class CatalogLivenessTest {

    /** A separate application, so that no other test meets the dead view. */
    public static class KilledView implements QuarkusTestProfile {
    }

    @Test
    void shouldFailLivenessWhenTheCatalogViewsThreadDies() {
        // Given a live service
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'catalog-view' }.status", equalTo("UP"));

        // When the view's consumer thread is killed (an interrupt makes its poll throw)
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("catalog-view")).findFirst()
                .orElseThrow(() -> new AssertionError("no catalog-view thread")).interrupt();

        // Then liveness is red (the thread's dying exception is expected: the wait ignores it) and names the view
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/live").then()
                .statusCode(503).body("checks.find { it.name == 'catalog-view' }.status", equalTo("DOWN")));
    }
}

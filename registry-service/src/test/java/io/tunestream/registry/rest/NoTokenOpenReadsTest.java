package io.tunestream.registry.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.tunestream.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.ADMIN;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.hamcrest.Matchers.containsString;

/** The registry deployed with no token at all and anonymous reads on: reads are open, every change is refused. */
@QuarkusTest
@TestProfile(NoTokenOpenReadsTest.WithoutTokens.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class NoTokenOpenReadsTest {

    @Test
    void shouldRefuseEveryChangeWithAClearMessageWhenNoTokenIsConfigured() {
        // When: a caller presents the token other deployments use, or none
        var withToken = as(ADMIN).contentType(ContentType.JSON).body("{\"version\":1}")
                .post("/api/models/any/aliases/champion");
        var without = given().post("/api/models/any/versions/1/archive");

        // Then
        withToken.then().statusCode(401).body("detail", containsString("no API token configured"));
        without.then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("no API token configured"));
    }

    @Test
    void shouldServeReadsWithoutATokenWhenAnonymousReadsAreOn() {
        given().get("/api/models").then().statusCode(200);
        given().get("/api/models/any/versions/1").then().statusCode(404);
    }

    /** The service as deployed without tunestream.security.*-token, with tunestream.security.anonymous-reads. */
    public static class WithoutTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tunestream.security.admin-token", "", "tunestream.security.publisher-token", "",
                    "tunestream.security.trainer-token", "", "tunestream.security.evaluator-token", "",
                    "tunestream.security.reader-token", "", "tunestream.security.anonymous-reads", "true",
                    "quarkus.kafka-streams.application-id", "tunestream-registry-no-token",
                    "tunestream.registry.topic-prefix", "notoken.");
        }
    }
}

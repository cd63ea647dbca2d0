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
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@TestProfile(NoAdminTokenTest.WithoutToken.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class NoAdminTokenTest {

    @Test
    void shouldRefuseEveryChangeWithAClearMessageWhenNoTokenIsConfigured() {
        // When: a caller presents the token other deployments use, or none
        var withToken = given().auth().oauth2(RegistryServiceTest.TOKEN).contentType(ContentType.JSON)
                .body("{\"version\":1}").post("/api/models/any/aliases/champion");
        var without = given().post("/api/models/any/versions/1/archive");

        // Then
        withToken.then().statusCode(401).body("detail", containsString("no admin token is configured"));
        without.then().statusCode(401).body("detail", containsString("no admin token is configured"));
    }

    /** The service as deployed without tunestream.registry.admin-token. */
    public static class WithoutToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tunestream.registry.admin-token", "",
                    "quarkus.kafka-streams.application-id", "tunestream-registry-no-token",
                    "tunestream.registry.topic-prefix", "notoken.");
        }
    }
}

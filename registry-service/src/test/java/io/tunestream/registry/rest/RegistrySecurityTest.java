package io.tunestream.registry.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.registry.streams.RegistryTopics;
import io.tunestream.registry.support.Evaluations;
import io.tunestream.registry.support.RegistryFixture;
import io.tunestream.testsupport.ApiTokens;
import io.tunestream.testsupport.KafkaBrokerResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.ADMIN;
import static io.tunestream.security.Roles.EVALUATOR;
import static io.tunestream.security.Roles.PUBLISHER;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.security.Roles.TRAINER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Who may call what: reads need reader, promote/rollback/archive need admin; refused calls change nothing. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class RegistrySecurityTest {

    private static final String PROMOTE = "/api/models/guarded/aliases/champion";

    @Inject
    RegistryTopics topics;

    @Test
    void shouldRefuseAndChangeNothingWhenAChangeIsAnonymousUnknownOrOfAnotherRole() throws Exception {
        // Given
        RegistryFixture.publish(topics, Evaluations.blessed("sec-1", "guarded"));
        RegistryServiceTest.awaitVersion("guarded", 1);

        // When
        Response anonymous = given().contentType(ContentType.JSON).body("{\"version\":1}").post(PROMOTE);
        Response unknown = given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body("{\"version\":1}")
                .post(PROMOTE);
        List<Response> otherRoles = List.of(
                as(READER).contentType(ContentType.JSON).body("{\"version\":1}").post(PROMOTE),
                as(EVALUATOR).contentType(ContentType.JSON).body("{\"version\":1}").post(PROMOTE),
                as(TRAINER).post("/api/models/guarded/aliases/champion/rollback"),
                as(PUBLISHER).post("/api/models/guarded/versions/1/archive"));

        // Then
        anonymous.then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("no bearer token was sent"))
                .body("detail", containsString("admin"));
        unknown.then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("not one this service knows"));
        otherRoles.forEach(r -> r.then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403)).body("detail", containsString("needs the role admin")));
        as(READER).get("/api/models/guarded/versions/1").then().statusCode(200)
                .body("aliases", equalTo(List.of())).body("status", equalTo("REGISTERED"));
        // the admin's change afterwards is the first and only deployment event of this model
        RegistryServiceTest.promote("guarded", "challenger", 1).then().statusCode(200);
        assertThat(RegistryFixture.deployments(topics, "guarded", e -> !e.isEmpty()))
                .extracting(DeploymentEvent::getAction).containsExactly(DeploymentAction.PROMOTE);
    }

    @Test
    void shouldServeReadsToEveryRoleAndRefuseThemWhenAnonymous() throws Exception {
        // Given
        RegistryFixture.publish(topics, RegistryFixture.withWeights("sec-r1", "readable", RegistryServiceTest.WEIGHTS,
                "secret weights"));
        RegistryServiceTest.awaitVersion("readable", 1);

        // When / Then: no token, or an unknown one, reads nothing
        for (String path : List.of("/api/models", "/api/models/readable/versions/1",
                "/api/models/readable/versions/1/artifact", "/internal/outcomes/readable/some-command")) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                    .body(not(containsString("secret weights")));
            given().auth().oauth2("not-a-token").get(path).then().statusCode(401);
        }
        // every role holds reader
        for (String role : ApiTokens.ROLES) {
            as(role).get("/api/models/readable/versions/1/artifact").then().statusCode(200)
                    .body(equalTo("secret weights"));
        }
    }

    @Test
    void shouldKeepHealthMetricsAndOpenApiOpenAndDocumentTheBearerScheme() {
        given().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2("not-a-token").get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                // each operation lists the role it needs
                .body("paths.'/api/models/{name}/aliases/{alias}/rollback'.post.security.bearer", hasItem(List.of(ADMIN)))
                .body("paths.'/api/models'.get.security.bearer", hasItem(List.of(READER)));
    }
}

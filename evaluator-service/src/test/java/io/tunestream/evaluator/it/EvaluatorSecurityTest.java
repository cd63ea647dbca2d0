package io.tunestream.evaluator.it;

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

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Evaluations, scoring and merged weights need the evaluator role, reads need reader. A refused call is turned away
 * before the service looks at it; the evaluator's same call reaches it (and is answered on its merits).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class EvaluatorSecurityTest {

    @Test
    void shouldStartNoEvaluationWhenTheCallerIsAnonymousUnknownOrOfAnotherRole() {
        // Given
        String job = "job-refused-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> before = evaluationIds();

        // When
        ValidatableResponse anonymous = evaluate(given(), job);
        ValidatableResponse unknown = evaluate(given().auth().oauth2("not-a-token"), job);
        List<ValidatableResponse> otherRoles = List.of(evaluate(as(READER), job), evaluate(as(TRAINER), job),
                evaluate(as(PUBLISHER), job));

        // Then
        anonymous.statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("evaluator"));
        unknown.statusCode(401).contentType("application/problem+json");
        otherRoles.forEach(r -> r.statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("needs the role evaluator")));
        assertThat(evaluationIds()).isEqualTo(before);
        // the evaluator's request reaches the service, which has no checkpoint of that job
        evaluate(as(EVALUATOR), job).statusCode(404).body("detail", containsString(job));
        evaluate(as(ADMIN), job).statusCode(404);
    }

    @Test
    void shouldScoreAndMergeOnlyForTheEvaluatorRole() {
        // Given
        String body = "{\"model\":\"no-such-model\",\"items\":[{\"id\":\"1\",\"text\":\"free money\"}]}";

        // When / Then: scoring
        score(given(), body).statusCode(401);
        score(as(READER), body).statusCode(403).body("detail", containsString("needs the role evaluator"));
        score(as(TRAINER), body).statusCode(403);
        score(as(EVALUATOR), body).statusCode(404);
        // merged weights (building them loads a model: not a plain read)
        String merged = "/api/models/no-such-model/versions/1/merged";
        given().get(merged).then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        as(READER).get(merged).then().statusCode(403);
        as(EVALUATOR).get(merged).then().statusCode(404);
    }

    @Test
    void shouldServeReadsToEveryRoleAndRefuseThemWhenAnonymous() {
        given().get("/api/evaluations").then().statusCode(401);
        given().get("/api/evaluations/no-such-evaluation").then().statusCode(401);
        for (String role : List.of(READER, PUBLISHER, TRAINER, EVALUATOR, ADMIN)) {
            as(role).get("/api/evaluations").then().statusCode(200);
        }
        as(READER).get("/api/evaluations/no-such-evaluation").then().statusCode(404);
    }

    @Test
    void shouldKeepHealthAndOpenApiOpenAndDocumentTheRoles() {
        given().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2("not-a-token").get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/score'.post.security.bearer", hasItem(List.of(EVALUATOR)))
                .body("paths.'/api/evaluations'.get.security.bearer", hasItem(List.of(READER)));
    }

    private static List<String> evaluationIds() {
        return as(READER).get("/api/evaluations").then().statusCode(200).extract().jsonPath()
                .getList("evaluationId", String.class);
    }

    private static ValidatableResponse evaluate(RequestSpecification caller, String job) {
        return caller.contentType("application/json").body("{\"jobId\":\"" + job + "\"}").post("/api/evaluations")
                .then();
    }

    private static ValidatableResponse score(RequestSpecification caller, String body) {
        return caller.contentType("application/json").body(body).post("/api/score").then();
    }
}

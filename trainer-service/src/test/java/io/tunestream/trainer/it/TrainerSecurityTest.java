package io.tunestream.trainer.it;

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
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jobs, sweeps and cancel need the trainer role, reads need reader; refused calls create or stop nothing. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TrainerSecurityTest {

    @Test
    @Timeout(90)
    void shouldCreateNoJobWhenTheCallerIsAnonymousUnknownOrOfAnotherRole() {
        // Given
        String jobId = TrainingJobTest.newId("refused");

        // When
        ValidatableResponse anonymous = submit(given(), jobId);
        ValidatableResponse unknown = submit(given().auth().oauth2("not-a-token"), jobId);
        List<ValidatableResponse> otherRoles = List.of(submit(as(READER), jobId), submit(as(PUBLISHER), jobId),
                submit(as(EVALUATOR), jobId));

        // Then
        anonymous.statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("trainer"));
        unknown.statusCode(401).contentType("application/problem+json");
        otherRoles.forEach(r -> r.statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("needs the role trainer")));
        as(READER).get("/jobs/" + jobId).then().statusCode(404);
        given().get("/jobs/" + jobId).then().statusCode(401);
        assertThat(TopicLog.statuses(jobId)).isEmpty();
        // the trainer's request of that same job id is accepted (and fails on its unknown dataset)
        submit(as(TRAINER), jobId).statusCode(202).body("jobId", equalTo(jobId));
        TrainingJobTest.awaitState(jobId, JobState.FAILED, Duration.ofSeconds(60));
    }

    @Test
    @Timeout(90)
    void shouldLeaveAJobAloneWhenACancelComesWithoutTheTrainerRole() {
        // Given a job that has ended
        String jobId = TrainingJobTest.newId("ended");
        submit(as(ADMIN), jobId).statusCode(202);
        TrainingJobTest.awaitState(jobId, JobState.FAILED, Duration.ofSeconds(60));

        // When
        ValidatableResponse anonymous = given().delete("/jobs/" + jobId).then();
        ValidatableResponse publisher = as(PUBLISHER).delete("/jobs/" + jobId).then();
        ValidatableResponse reader = as(READER).post("/jobs/" + jobId + "/cancel").then();

        // Then: refused before the job is looked at; the trainer reaches the job (409: it has ended)
        anonymous.statusCode(401);
        publisher.statusCode(403);
        reader.statusCode(403);
        assertThat(TopicLog.statuses(jobId)).extracting(JobStatus::getState).doesNotContain(JobState.CANCELLED);
        as(TRAINER).delete("/jobs/" + jobId).then().statusCode(409);
    }

    @Test
    @Timeout(60)
    void shouldRefuseSweepsWithoutTheTrainerRole() {
        String body = "{\"base\":{\"datasetId\":\"ds\",\"datasetVersion\":\"1\"},\"space\":[]}";
        given().contentType("application/json").body(body).post("/sweeps").then().statusCode(401);
        as(EVALUATOR).contentType("application/json").body(body).post("/sweeps").then().statusCode(403)
                .body("detail", containsString("needs the role trainer"));
        // the trainer's call reaches validation: an empty search space is refused on its merits
        as(TRAINER).contentType("application/json").body(body).post("/sweeps").then().statusCode(400);
        given().get("/sweeps/no-such-sweep").then().statusCode(401);
        as(READER).get("/sweeps/no-such-sweep").then().statusCode(404);
    }

    @Test
    @Timeout(60)
    void shouldKeepHealthAndOpenApiOpenAndDocumentTheRoles() {
        given().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2("not-a-token").get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/jobs'.post.security.bearer", hasItem(List.of(TRAINER)))
                .body("paths.'/jobs/{id}'.get.security.bearer", hasItem(List.of(READER)))
                .body("paths.'/jobs/{id}'.delete.security.bearer", hasItem(List.of(TRAINER)));
    }

    @Test
    @Timeout(60)
    void shouldListBaseModelsToReadersOnly() {
        given().get("/base-models").then().statusCode(401);
        as(READER).get("/base-models").then().statusCode(200)
                .body("models.reference", hasItem("bundled:bge-small-zh-v1.5"))
                .body("models.find { it.reference == 'bundled:bge-small-zh-v1.5' }.pooling", equalTo("CLS"))
                .body("models.find { it.reference == 'bundled:all-minilm-l6-v2' }.language", equalTo("English"))
                .body("directoryMustContain[2]", containsString("tokenizer.json"));
    }

    private static ValidatableResponse submit(RequestSpecification caller, String jobId) {
        return caller.contentType("application/json").body(TrainingJobTest.body(jobId,
                TrainingJobTest.newId("nothing"), "")).post("/jobs").then();
    }
}

package io.tunestream.ingest.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.tunestream.ingest.it.DatasetUploadTest.JSONL;
import static io.tunestream.ingest.it.DatasetUploadTest.TOPICS;
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

/** Uploads need the publisher role: anonymous and other roles are refused and publish nothing, not even aborted. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class IngestSecurityTest {

    private static final String BODY = "{\"text\":\"free money\",\"label\":\"spam\"}\n{\"text\":\"hi\",\"label\":\"ham\"}\n";

    @BeforeAll
    static void rawBodies() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
    }

    @Test
    void shouldRefuseAndPublishNothingWhenTheCallerIsAnonymousUnknownOrOfAnotherRole() {
        // Given
        String id = DatasetUploadTest.newId();

        // When
        ValidatableResponse anonymous = upload(given(), id);
        ValidatableResponse unknown = upload(given().auth().oauth2("not-a-token"), id);
        List<ValidatableResponse> otherRoles = List.of(upload(as(READER), id), upload(as(TRAINER), id),
                upload(as(EVALUATOR), id));

        // Then
        anonymous.statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", containsString("publisher"));
        unknown.statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json");
        otherRoles.forEach(r -> r.statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("needs the role publisher")));
        byte[] key = DatasetKeys.of(id, "1").getBytes(StandardCharsets.UTF_8);
        assertThat(TopicLog.uncommittedBytes(TOPICS.raw())).noneMatch(r -> Arrays.equals(r.key(), key));
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), DatasetKeys.of(id, "1"))).isEmpty();
        // the version is still free: the publisher's upload of it is the first and only one
        upload(as(PUBLISHER), id).statusCode(201).body("accepted", equalTo(2));
        assertThat(DatasetUploadTest.committed(id, "1")).hasSize(2); // one batch of the 2 records, then the seal
    }

    @Test
    void shouldAcceptTheUploadWhenTheTokenIsTheAdminOne() {
        upload(as(ADMIN), DatasetUploadTest.newId()).statusCode(201).body("accepted", equalTo(2));
    }

    @Test
    void shouldKeepHealthMetricsAndOpenApiOpenAndDocumentTheBearerScheme() {
        given().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2("not-a-token").get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/datasets/{datasetId}/versions/{version}'.post.security.bearer",
                        hasItem(List.of(PUBLISHER)));
    }

    private static ValidatableResponse upload(RequestSpecification caller, String id) {
        return caller.contentType(JSONL).body(BODY.getBytes(StandardCharsets.UTF_8))
                .post("/datasets/" + id + "/versions/1").then();
    }
}

package io.tunestream.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bearer tokens every service's {@code %test} profile configures ({@code tunestream.security.<role>-token =
 * test-<role>-token}), and RestAssured requests that carry them: {@code as("trainer").body(..).post("/jobs")}.
 */
public final class ApiTokens {

    /** The role names of service-security's {@code Roles}, least privileged first. */
    public static final List<String> ROLES = List.of("reader", "publisher", "trainer", "evaluator", "admin");

    private ApiTokens() {
    }

    /** The {@code %test} token of {@code role}, e.g. {@code test-admin-token}. */
    public static String token(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "'; roles are " + ROLES);
        }
        return "test-" + role + "-token";
    }

    /** A request sending {@code Authorization: Bearer <the role's test token>}. */
    public static RequestSpecification as(String role) {
        return RestAssured.given().auth().oauth2(token(role));
    }

    /** The environment that gives a service JVM started by a test every test token (TUNESTREAM_SECURITY_*_TOKEN). */
    public static Map<String, String> environment() {
        return ROLES.stream().collect(Collectors.toMap(
                role -> "TUNESTREAM_SECURITY_" + role.toUpperCase(Locale.ROOT) + "_TOKEN", ApiTokens::token));
    }
}

package io.tunestream.examples.watcher.domain;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectNamesTest {

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private final ObjectNames names = new ObjectNames("tunestream-");

    @Test
    void shouldKeepTheReadableNameWhenModelAndAliasAreAlreadyValid() {
        // When / Then
        assertThat(names.forAlias("spam", "champion")).isEqualTo("tunestream-spam-champion");
        assertThat(names.forAlias("spam-v2", "challenger")).isEqualTo("tunestream-spam-v2-challenger");
    }

    @Test
    void shouldGiveDistinctValidNamesWhenModelNamesDifferOnlyInCaseOrPunctuation() {
        // When
        String upper = names.forAlias("Spam", "champion");
        String lower = names.forAlias("spam", "champion");
        String dotted = names.forAlias("spam.en", "champion");
        String underscored = names.forAlias("spam_en", "champion");
        String trailing = names.forAlias("spam", "champ-");

        // Then
        assertThat(upper).startsWith("tunestream-spam-champion-").hasSize("tunestream-spam-champion-".length() + 8);
        assertThat(java.util.List.of(upper, lower, dotted, underscored, trailing)).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).matches(DNS_SUBDOMAIN));
    }

    @Test
    void shouldStayWithinTheKubernetesLimitWhenTheNamesAreLong() {
        // When
        String name = names.forAlias("m".repeat(128), "a".repeat(64) + "x".repeat(60));
        String other = names.forAlias("m".repeat(128), "a".repeat(64) + "y".repeat(60));

        // Then
        assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN).isNotEqualTo(other);
    }

    @Test
    void shouldRefuseAPrefixThatCannotStartAKubernetesName() {
        // When / Then
        for (String bad : new String[]{"", "-x", "Tune-", "a.b-", "a/b"}) {
            assertThatThrownBy(() -> new ObjectNames(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tunestream.watcher.object-prefix");
        }
    }
}

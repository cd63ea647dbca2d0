package io.tunestream.registry.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactLinksTest {

    @Test
    void shouldBuildTheDownloadUrlUnderTheBasePathWhenTheBaseHasATrailingSlash() {
        // Given
        ArtifactLinks links = ArtifactLinks.of("https://models.example.com/registry/");

        // When / Then
        assertThat(links.artifact("spam-v2", 7)).hasToString(
                "https://models.example.com/registry/api/models/spam-v2/versions/7/artifact");
        assertThat(ArtifactLinks.of("http://registry-service:8080").artifact("spam", 1))
                .hasToString("http://registry-service:8080/api/models/spam/versions/1/artifact");
    }

    @Test
    void shouldRefuseABaseThatNoClusterCanFetchWhenConfigured() {
        // When / Then
        for (String bad : new String[]{"file:/var/lib/registry", "registry-service:8080", "/api", "http:///x",
                "http://registry?x=1", "not a url"}) {
            assertThatThrownBy(() -> ArtifactLinks.of(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tunestream.registry.public-url");
        }
    }

    @Test
    void shouldRefuseAModelNameThatIsNotAnIdentifierWhenLinking() {
        // When / Then
        assertThatThrownBy(() -> ArtifactLinks.of("http://r:1").artifact("../etc", 1))
                .isInstanceOf(RegistryRejection.class);
    }
}

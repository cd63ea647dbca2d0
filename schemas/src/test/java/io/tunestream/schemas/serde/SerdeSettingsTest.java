package io.tunestream.schemas.serde;

import io.tunestream.events.StageReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerdeSettingsTest {

    @AfterEach
    void clearProcessSettings() {
        System.clearProperty(SerdeSettings.MODE_PROPERTY);
        System.clearProperty(SerdeSettings.URL_PROPERTY);
    }

    @Test
    void shouldUseSingleObjectEncodingWhenNothingIsConfigured() {
        // Given no system property (and the build sets no TUNESTREAM_SERDE_MODE)
        // When / Then
        assertThat(SerdeSettings.process()).isEqualTo(SerdeSettings.singleObject());
        byte[] bytes = new EventSerializer<>(StageReport.class).serialize("t", StageReportV2.v1Report());
        assertThat(bytes[0] & 0xff).isEqualTo(0xC3);
        assertThat(bytes[1] & 0xff).isEqualTo(0x01);
    }

    @Test
    void shouldRefuseRegistryModeWhenNoRegistryUrlIsConfigured() {
        // Given
        System.setProperty(SerdeSettings.MODE_PROPERTY, "registry");
        // When / Then: every codec and serde of the process refuses, naming the missing setting
        assertThatThrownBy(SerdeSettings::process).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SerdeSettings.URL_ENV);
        assertThatThrownBy(() -> new SingleObjectCodec<>(StageReport.class)).hasMessageContaining(SerdeSettings.URL_ENV);
        assertThatThrownBy(() -> new EventSerializer<>(StageReport.class)).hasMessageContaining(SerdeSettings.URL_ENV);
    }

    @Test
    void shouldHandChildProcessesTheModeAndUrlWhenInRegistryMode() {
        // Given
        SerdeSettings settings = SerdeSettings.registry("http://127.0.0.1:8081/apis/registry/v2");
        // When / Then
        assertThat(settings.environment()).containsEntry(SerdeSettings.MODE_ENV, "registry")
                .containsEntry(SerdeSettings.URL_ENV, "http://127.0.0.1:8081/apis/registry/v2").hasSize(2);
        assertThat(settings.clientProperties()).containsEntry(SerdeConfig.MODE, "registry")
                .containsEntry(SerdeConfig.REGISTRY_URL, "http://127.0.0.1:8081/apis/registry/v2");
    }

    @Test
    void shouldListEveryTopLevelSchemaWhenCatalogIsRegistered() throws IOException {
        // Given the top-level .avsc files shipped in the jar (common/ holds only shared types)
        Path avro = Path.of("src", "main", "avro");
        List<String> files;
        try (Stream<Path> list = Files.list(avro)) {
            files = list.filter(p -> p.toString().endsWith(".avsc"))
                    .map(p -> p.getFileName().toString().replace(".avsc", "")).sorted().toList();
        }
        // When / Then: the registry registers exactly those events
        assertThat(EventCatalog.schemas()).extracting(s -> s.getName()).containsExactlyInAnyOrderElementsOf(files);
    }
}

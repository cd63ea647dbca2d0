package io.tunestream.registry.domain;

import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelStatus;
import io.tunestream.registry.support.Evaluations;
import io.tunestream.registry.support.InMemoryRegistryState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
    private static final ArtifactStorer NO_ARTIFACTS = (name, version, uri, sha) -> {
        throw new AssertionError("no artifact expected");
    };

    private static final ArtifactLinks LINKS = ArtifactLinks.of("https://models.example.com/registry/");

    private final InMemoryRegistryState state = new InMemoryRegistryState();
    private final ModelRegistry registry = new ModelRegistry(
                new RegistryPolicy(false, false, Map.of("auto", true), Map.of("cpu", "2")), LINKS);

    @Test
    void shouldNumberVersionsMonotonicallyPerNameWhenEvaluationsArrive() {
        // Given / When
        register("e1", "spam");
        register("e2", "spam");
        Decision third = register("e3", "spam");
        Decision other = register("e4", "sentiment");

        // Then
        assertThat(third.versions()).extracting(v -> v.getVersion()).containsExactly(3);
        assertThat(other.versions()).extracting(v -> v.getVersion()).containsExactly(1);
        assertThat(third.versions().get(0).getLineage().getDatasetVersion()).isEqualTo("v3");
        assertThat(third.versions().get(0).getMetrics()).containsEntry("accuracy", 0.95);
    }

    @Test
    void shouldCreateNothingWhenTheSameEvaluationArrivesTwice() {
        // Given
        register("e1", "spam");

        // When
        Decision again = register("e1", "spam");

        // Then
        assertThat(again.changesState()).isFalse();
        assertThat(again.note()).contains("duplicate evaluation e1");
        assertThat(state.size()).isEqualTo(1);
    }

    @Test
    void shouldSkipUnblessedEvaluationsUnlessThePolicyRegistersThem() {
        // Given
        var unblessed = Evaluations.builder("e1", "spam", false).build();
        var permissive = new ModelRegistry(new RegistryPolicy(true, false, Map.of(), Map.of()), LINKS);

        // When
        Decision skipped = registry.register(state, unblessed, NO_ARTIFACTS, NOW);
        Decision registered = permissive.register(state, unblessed, NO_ARTIFACTS, NOW);

        // Then
        assertThat(skipped.changesState()).isFalse();
        assertThat(registered.versions()).singleElement().satisfies(v -> assertThat(v.getBlessed()).isFalse());
    }

    @Test
    void shouldPromoteToChampionWhenThePolicyAutoPromotesTheModel() {
        // When
        Decision first = register("e1", "auto");
        Decision second = register("e2", "auto");

        // Then
        assertThat(first.events()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(DeploymentAction.PROMOTE);
            assertThat(e.getActor()).isEqualTo(ModelRegistry.POLICY_ACTOR);
            assertThat(e.getPreviousVersion()).isNull();
        });
        assertThat(second.events()).singleElement().satisfies(e -> assertThat(e.getPreviousVersion()).isEqualTo(1));
        assertThat(state.version("auto", 1).orElseThrow().getAliases()).isEmpty();
        assertThat(state.version("auto", 2).orElseThrow().getAliases()).containsExactly("champion");
        assertThat(state.versionOfEvaluation("e2")).contains(2);
    }

    @Test
    void shouldFollowTheRecipesPromotionPolicyOverTheRegistrySettingWhenARecipeMadeTheModel() {
        // Given a model the registry setting auto-promotes, made by recipes with each policy
        // When
        Decision champion = state.apply(registry.register(state, byRecipe("r1", "auto", "CHAMPION", true), NO_ARTIFACTS, NOW));
        Decision challenger = state.apply(registry.register(state, byRecipe("r2", "auto", "CHALLENGER", true), NO_ARTIFACTS, NOW));
        Decision none = state.apply(registry.register(state, byRecipe("r3", "auto", "NONE", true), NO_ARTIFACTS, NOW));

        // Then
        assertThat(champion.events()).singleElement().satisfies(e -> {
            assertThat(e.getAlias()).isEqualTo("champion");
            assertThat(e.getActor()).isEqualTo("policy:recipe spam-recipe@3");
        });
        assertThat(challenger.events()).singleElement().satisfies(e -> assertThat(e.getAlias()).isEqualTo("challenger"));
        assertThat(none.events()).isEmpty();
        assertThat(state.version("auto", 1).orElseThrow().getAliases()).containsExactly("champion");
        assertThat(state.version("auto", 2).orElseThrow().getAliases()).containsExactly("challenger");
        assertThat(state.version("auto", 3).orElseThrow().getAliases()).isEmpty();
    }

    @Test
    void shouldGiveNoAliasWhenARecipesModelIsNotBlessed() {
        // Given a registry that registers unblessed versions, and a recipe that promotes to champion
        var permissive = new ModelRegistry(new RegistryPolicy(true, true, Map.of(), Map.of()), LINKS);

        // When
        Decision registered = permissive.register(state, byRecipe("u1", "spam", "CHAMPION", false), NO_ARTIFACTS, NOW);

        // Then
        assertThat(registered.events()).isEmpty();
        assertThat(registered.versions()).singleElement().satisfies(v -> assertThat(v.getAliases()).isEmpty());
    }

    private static Evaluation byRecipe(String evaluationId, String model, String promotion,
            boolean blessed) {
        var lineage = Evaluations.lineage(evaluationId);
        Map<String, String> config = new HashMap<>(lineage.getConfig());
        config.put("recipe", "spam-recipe@3");
        config.put("recipe.promotion", promotion);
        lineage.setConfig(config);
        return Evaluations.builder(evaluationId, model, blessed).setLineage(lineage).build();
    }

    @Test
    void shouldMoveTheAliasAndAnnounceItWhenPromoted() {
        // Given
        register("e1", "spam");
        register("e2", "spam");
        state.apply(registry.promote(state, command(RegistryCommand.Action.PROMOTE, 1, "champion"), NOW));

        // When
        Decision promoted = state.apply(registry.promote(state, command(RegistryCommand.Action.PROMOTE, 2, "champion"), NOW));

        // Then
        DeploymentEvent event = promoted.events().get(0);
        assertThat(event.getVersion()).isEqualTo(2);
        assertThat(event.getPreviousVersion()).isEqualTo(1);
        assertThat(event.getResources()).containsEntry("cpu", "2");
        assertThat(event.getBaseModel()).isEqualTo("bundled:all-minilm-l6-v2");
        assertThat(state.version("spam", 1).orElseThrow().getAliases()).isEmpty();
        assertThat(state.version("spam", 2).orElseThrow().getAliases()).containsExactly("champion");
    }

    @Test
    void shouldReturnToThePreviousHolderWhenRolledBackTwice() {
        // Given: champion went 1 -> 2 -> 3
        for (int v = 1; v <= 3; v++) {
            register("e" + v, "spam");
            state.apply(registry.promote(state, command(RegistryCommand.Action.PROMOTE, v, "champion"), NOW));
        }

        // When
        Decision first = state.apply(registry.rollback(state, command(RegistryCommand.Action.ROLLBACK, null, "champion"), NOW));
        Decision second = state.apply(registry.rollback(state, command(RegistryCommand.Action.ROLLBACK, null, "champion"), NOW));

        // Then
        assertThat(first.events().get(0).getVersion()).isEqualTo(2);
        assertThat(first.events().get(0).getPreviousVersion()).isEqualTo(3);
        assertThat(second.events().get(0).getVersion()).isEqualTo(1);
        assertThat(second.events().get(0).getAction()).isEqualTo(DeploymentAction.ROLLBACK);
        assertThat(state.head("spam").holder("champion")).contains(1);
        assertThatThrownBy(() -> registry.rollback(state, command(RegistryCommand.Action.ROLLBACK, null, "champion"), NOW))
                .isInstanceOf(RegistryRejection.class).hasMessageContaining("no previous version");
    }

    @Test
    void shouldRefuseUnknownArchivedAndUnblessedPromotionsWithClearReasons() {
        // Given
        var permissive = new ModelRegistry(new RegistryPolicy(true, false, Map.of(), Map.of()), LINKS);
        state.apply(permissive.register(state, Evaluations.builder("e1", "spam", false).build(), NO_ARTIFACTS, NOW));
        register("e2", "spam");
        state.apply(registry.archive(state, command(RegistryCommand.Action.ARCHIVE, 2, null), NOW));

        // When / Then
        assertThatThrownBy(() -> registry.promote(state, command(RegistryCommand.Action.PROMOTE, 9, "champion"), NOW))
                .isInstanceOf(RegistryRejection.class).hasMessage("model spam has no version 9")
                .extracting(e -> ((RegistryRejection) e).kind()).isEqualTo(RegistryRejection.Kind.NOT_FOUND);
        assertThatThrownBy(() -> registry.promote(state, command(RegistryCommand.Action.PROMOTE, 2, "champion"), NOW))
                .hasMessageContaining("archived");
        assertThatThrownBy(() -> registry.promote(state, command(RegistryCommand.Action.PROMOTE, 1, "champion"), NOW))
                .hasMessageContaining("not blessed")
                .extracting(e -> ((RegistryRejection) e).kind()).isEqualTo(RegistryRejection.Kind.FORBIDDEN);
        var forced = new RegistryCommand("c", RegistryCommand.Action.PROMOTE, "spam", 1, "champion", true, "ops", 0);
        assertThat(registry.promote(state, forced, NOW).events()).hasSize(1);
        assertThat(registry.promote(state, command(RegistryCommand.Action.PROMOTE, 1, "challenger"), NOW).events())
                .hasSize(1);
    }

    @Test
    void shouldArchiveOnlyVersionsThatHoldNoAlias() {
        // Given
        register("e1", "spam");
        state.apply(registry.promote(state, command(RegistryCommand.Action.PROMOTE, 1, "champion"), NOW));
        register("e2", "spam");

        // When
        Decision archived = state.apply(registry.archive(state, command(RegistryCommand.Action.ARCHIVE, 2, null), NOW));

        // Then
        assertThat(archived.events()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(DeploymentAction.ARCHIVE);
            assertThat(e.getAlias()).isNull();
        });
        assertThat(state.version("spam", 2).orElseThrow().getStatus()).isEqualTo(ModelStatus.ARCHIVED);
        assertThatThrownBy(() -> registry.archive(state, command(RegistryCommand.Action.ARCHIVE, 1, null), NOW))
                .hasMessageContaining("holds [champion]");
        assertThat(register("e3", "spam").versions().get(0).getVersion()).isEqualTo(3);
    }

    @Test
    void shouldRejectNamesAndAliasesThatCouldEscapeAPath() {
        assertThatThrownBy(() -> registry.register(state, Evaluations.blessed("e1", "../etc"), NO_ARTIFACTS, NOW))
                .isInstanceOf(RegistryRejection.class).hasMessageContaining("invalid model name");
        assertThatThrownBy(() -> registry.promote(state, command(RegistryCommand.Action.PROMOTE, 1, "Champ/ion"), NOW))
                .hasMessageContaining("invalid alias");
    }

    @Test
    void shouldNameTheRegistrysDownloadUrlNotTheStoresFileWhenAVersionWithWeightsIsPromoted() {
        // Given a version whose weights the store holds as a file of its volume
        ArtifactStorer store = (name, version, uri, sha) ->
                new ArtifactStorer.StoredArtifact("file:/var/lib/registry/" + name + "/" + version + "/adapter.bin", sha);
        Evaluation withWeights = Evaluations.builder("w1", "spam", true)
                .setArtifactUri("file:/cache/adapter.bin").setArtifactSha256("ef".repeat(32)).build();
        state.apply(registry.register(state, withWeights, store, NOW));
        register("w2", "spam");

        // When
        DeploymentEvent withArtifact = state.apply(registry.promote(state,
                command(RegistryCommand.Action.PROMOTE, 1, "champion"), NOW)).events().get(0);
        DeploymentEvent without = state.apply(registry.promote(state,
                command(RegistryCommand.Action.PROMOTE, 2, "champion"), NOW)).events().get(0);

        // Then
        assertThat(withArtifact.getArtifactUri())
                .isEqualTo("https://models.example.com/registry/api/models/spam/versions/1/artifact");
        assertThat(withArtifact.getArtifactSha256()).isEqualTo("ef".repeat(32));
        assertThat(without.getArtifactUri()).isNull();
    }

    private Decision register(String evaluationId, String model) {
        return state.apply(registry.register(state, Evaluations.blessed(evaluationId, model), NO_ARTIFACTS, NOW));
    }

    private static RegistryCommand command(RegistryCommand.Action action, Integer version, String alias) {
        return new RegistryCommand("cmd-" + action + version + alias + System.nanoTime(), action, "spam", version,
                alias, false, "tester", NOW.toEpochMilli());
    }
}

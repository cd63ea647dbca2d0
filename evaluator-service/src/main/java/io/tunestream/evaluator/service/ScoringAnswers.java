package io.tunestream.evaluator.service;

import io.tunestream.events.GenerationParameters;
import io.tunestream.events.ScoredItem;
import io.tunestream.events.ScoringItem;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.events.Task;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The answer to one scoring request from the topic, whatever happens: the version used and one result per item, or
 * an error saying why (unknown model, empty request, generation settings sent to a classifier, bounds, a model that
 * does not load). The version's task decides the answer: a classifier or regressor scores each item's text (label,
 * score, probabilities); a causal language model continues it ({@code generated}, {@code stoppedAtEos}; settings
 * from the request's {@code generation}, else greedy with 64 new tokens). No Kafka here: the messaging layer only
 * moves requests in and answers out.
 */
public final class ScoringAnswers {

    private static final Logger LOG = Logger.getLogger(ScoringAnswers.class);

    private final Scorer scorer;
    private final Clock clock;

    public ScoringAnswers(Scorer scorer, Clock clock) {
        this.scorer = scorer;
        this.clock = clock;
    }

    /** @return the answer to {@code request}; its {@code error} is set when it could not be answered */
    public ScoringResult answer(ScoringRequest request) {
        ScoringResult.Builder result = ScoringResult.newBuilder().setRequestId(request.getRequestId())
                .setModelName(request.getModelName()).setProducedAt(clock.instant());
        try {
            RegisteredModel version = scorer.resolve(request.getModelName(), request.getAliasOrVersion());
            if (version.spec().task() == Task.CAUSAL_LM) {
                generate(version, request, result);
            } else if (request.getGeneration() != null) {
                throw new WrongTaskException(version.name() + " v" + version.version() + " is a "
                        + version.spec().task() + " model: generation settings only apply to causal language models");
            } else {
                score(version, request, result);
            }
        } catch (UnknownModelException | WrongTaskException | IllegalArgumentException e) {
            result.setVersion(0).setResults(List.of()).setError(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Scoring request %s failed", request.getRequestId());
            result.setVersion(0).setResults(List.of()).setError("scoring failed: " + e.getMessage());
        }
        return result.build();
    }

    private void score(RegisteredModel version, ScoringRequest request, ScoringResult.Builder result) {
        Scorer.ScoredBatch batch = scorer.score(version,
                request.getItems().stream().map(i -> new Scorer.Item(i.getId(), i.getText())).toList());
        result.setVersion(batch.version()).setResults(batch.results().stream().map(s -> ScoredItem.newBuilder()
                .setId(s.id()).setLabel(s.label()).setScore(s.score()).setProbabilities(s.probabilities())
                .build()).toList()).setError(null);
    }

    /** A causal language model continues each item's text; absent settings: greedy, 64 new tokens. */
    private void generate(RegisteredModel version, ScoringRequest request, ScoringResult.Builder result) {
        GenerationParameters p = request.getGeneration() != null ? request.getGeneration()
                : GenerationParameters.newBuilder().setMaxNewTokens(GenerationBounds.DEFAULT_MAX_NEW_TOKENS).build();
        List<String> prompts = request.getItems().stream().map(ScoringItem::getText).toList();
        List<String> problems = GenerationBounds.problems(prompts, p.getMaxNewTokens());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        GenerationSettings settings = new GenerationSettings(p.getMaxNewTokens(), p.getTemperature(), p.getTopK(),
                p.getTopP(), p.getSeed(), true);
        Scorer.GeneratedBatch batch = scorer.generate(version, prompts, settings);
        List<ScoredItem> items = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Generation g = batch.generations().get(i);
            items.add(ScoredItem.newBuilder().setId(request.getItems().get(i).getId()).setLabel(null).setScore(null)
                    .setProbabilities(Map.of()).setGenerated(g.text()).setStoppedAtEos(g.stoppedAtEos()).build());
        }
        result.setVersion(batch.version()).setResults(items).setError(null);
    }
}

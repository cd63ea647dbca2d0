package io.tunestream.trainer.domain;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.TrainingRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small hand-written spam/ham set and request builders for the domain tests. */
final class TinySpamData {

    static final List<String> SPAM = List.of(
            "WIN a FREE cruise now, click here to claim your prize",
            "Cheap meds online, no prescription needed, order today",
            "You have been selected for a cash reward of $5000, reply now",
            "Lose 20 pounds in 10 days with this miracle pill",
            "Limited offer: buy one get three free, act fast",
            "Earn money from home, thousands per week guaranteed",
            "Your account has won the lottery, send your bank details",
            "Hot singles in your area want to meet you tonight",
            "Refinance your mortgage at the lowest rate ever, call now",
            "Congratulations! Claim your free iPhone by clicking this link",
            "Make $$$ fast with this secret investment trick",
            "Exclusive deal on replica watches, 90% off today only",
            "URGENT: verify your password to avoid account suspension",
            "Get a free credit report and boost your score instantly",
            "Viagra and cialis at discount prices, discreet shipping",
            "You are a winner! Collect your gift card now");
    static final List<String> HAM = List.of(
            "Can we move the project meeting to Thursday afternoon?",
            "Here are the notes from yesterday's design review",
            "Lunch at noon in the usual place?",
            "The build is green again after the dependency fix",
            "Please review my pull request when you have a minute",
            "Mum says dinner is at seven on Sunday",
            "I attached the quarterly report draft for your comments",
            "The kernel patch needs a rebase on the current tree",
            "Thanks for the help with the benchmark yesterday",
            "Reminder: the library books are due next week",
            "Does anyone know why the test server is down?",
            "Let's pair on the parser bug tomorrow morning",
            "The conference talk slides are in the shared folder",
            "Happy birthday! Hope you have a great day",
            "Our flight lands at 6pm, can you pick us up?",
            "I pushed a fix for the memory leak in the cache");

    private TinySpamData() {
    }

    static PreparedDataset dataset(int trainPerClass, int validationPerClass) {
        List<Example> train = new ArrayList<>();
        List<Example> validation = new ArrayList<>();
        for (int i = 0; i < trainPerClass + validationPerClass; i++) {
            List<Example> target = i < trainPerClass ? train : validation;
            target.add(Example.labelled(SPAM.get(i), "spam"));
            target.add(Example.labelled(HAM.get(i), "ham"));
        }
        return new PreparedDataset("tiny", "1", train, validation, Map.of());
    }

    static HyperParameters.Builder hyper() {
        return HyperParameters.newBuilder().setBatchSize(8).setMaxSequenceLength(32).setLearningRate(5e-3)
                .setWarmupRatio(0.0).setEpochs(1);
    }

    static TrainingRequest request(HyperParameters h) {
        return request(h, MethodConfig.newBuilder().setType(Method.LORA).build());
    }

    static TrainingRequest request(HyperParameters h, MethodConfig method) {
        return TrainingRequest.newBuilder().setJobId("job-1").setModelName("spam").setDatasetId("tiny")
                .setDatasetVersion("1").setMethod(method).setHyperParameters(h)
                .setRequestedAt(Instant.now()).build();
    }
}

package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.MetricSample;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRequest;
import io.tunestream.events.TrialStatus;
import io.tunestream.trainer.sweep.Decision;
import io.tunestream.trainer.sweep.Judgement;
import io.tunestream.trainer.sweep.SweepPlanner;
import io.tunestream.trainer.sweep.TrialScheduler;
import io.tunestream.trainer.sweep.TrialSchedulers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Drives hyper-parameter sweeps. Every trainer instance runs one; the consumer group on the compacted sweeps topic
 * makes exactly one of them active per sweep (the owner of its partition). The owner rebuilds its sweeps from the
 * topic (state lives in the log), replays the recorded results into the trial scheduler (ASHA or the median rule
 * take the same decisions again), then: launches trials as training requests (written with the new state in one
 * Kafka transaction, so a crash never launches a trial twice or loses one), judges each new evaluation of a trial
 * from the metrics topic at its rung (STOP cancels the trial's job through the jobs topic; its last checkpoint
 * stays), follows the trials' jobs to their end, and when every trial has ended marks the sweep SUCCEEDED with the
 * best trial. The evaluator evaluates (and the registry registers) only that trial's final checkpoint.
 */
public final class SweepController implements Runnable {

    private static final Logger LOG = Logger.getLogger(SweepController.class);

    private final KafkaConsumer<String, SweepState> sweeps;
    private final KafkaConsumer<String, TrainingMetric> metrics;
    private final KafkaConsumer<String, JobStatus> jobs;
    private final Producer<String, SpecificRecord> producer;
    private final TopicNames topics;
    private final String sweepsTopic;
    private final SweepPlanner planner = new SweepPlanner();
    private final Map<String, SweepState> owned = new HashMap<>();
    private final Map<String, TrialScheduler> schedulers = new HashMap<>();
    /** Per job id: the distinct steps of its EVAL points, in order, with the metric values. */
    private final Map<String, java.util.TreeMap<Long, TrainingMetric>> evals = new HashMap<>();
    private final Map<String, JobStatus> statuses = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean running = true;
    private final io.tunestream.trainer.sweep.SweepRequestValidator validator;

    SweepController(KafkaConsumer<String, SweepState> sweeps, KafkaConsumer<String, TrainingMetric> metrics,
            KafkaConsumer<String, JobStatus> jobs, Producer<String, SpecificRecord> transactional, TopicNames topics,
            String sweepsTopic, io.tunestream.trainer.sweep.SweepRequestValidator validator) {
        this.validator = validator;
        this.sweeps = sweeps;
        this.metrics = metrics;
        this.jobs = jobs;
        this.producer = transactional;
        this.topics = topics;
        this.sweepsTopic = sweepsTopic;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            assignAll(metrics, topics.metrics());
            assignAll(jobs, topics.jobs());
            Map<TopicPartition, Long> metricsEnd = metrics.endOffsets(metrics.assignment());
            Map<TopicPartition, Long> jobsEnd = jobs.endOffsets(jobs.assignment());
            sweeps.subscribe(List.of(sweepsTopic), new Ownership());
            boolean caughtUp = false;
            while (running) {
                pollSweeps();
                // Only evaluation points count, once per step (a resumed job may publish one again).
                pollInto(metrics).stream().filter(r -> r.value() != null && r.value().getKind() == MetricKind.EVAL)
                        .forEach(r -> evals.computeIfAbsent(r.key(), k -> new java.util.TreeMap<>())
                                .putIfAbsent(r.value().getStep(), r.value()));
                pollInto(jobs).forEach(r -> statuses.put(r.key(), r.value()));
                // Decide nothing before the trials' metrics and statuses written before this start are read.
                caughtUp = caughtUp || (reached(metrics, metricsEnd) && reached(jobs, jobsEnd));
                if (!caughtUp) {
                    continue;
                }
                for (String sweepId : new ArrayList<>(owned.keySet())) {
                    drive(sweepId);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("Sweep controller stopped", e);
        } finally {
            running = false;
            sweeps.close(Duration.ofSeconds(5));
            metrics.close(Duration.ofSeconds(5));
            jobs.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    void stop() {
        running = false;
        sweeps.wakeup();
        metrics.wakeup();
        jobs.wakeup();
    }

    private void pollSweeps() {
        for (ConsumerRecord<String, SweepState> r : pollInto(sweeps)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!assigned.contains(tp) || r.value() == null || r.key() == null) {
                continue;
            }
            SweepState known = owned.get(r.key());
            // Our own writes come back; the newest state (by update time) wins.
            if (known == null || !r.value().getUpdatedAt().isBefore(known.getUpdatedAt())) {
                owned.put(r.key(), r.value());
                schedulers.remove(r.key());
            }
        }
    }

    private void drive(String sweepId) {
        SweepState state = owned.get(sweepId);
        if (state.getStatus() != SweepStatus.RUNNING) {
            return;
        }
        if (state.getTrials().isEmpty()) {
            // A sweep written straight to the topic is checked here, as REST checks it.
            List<String> problems = validator.problems(state.getRequest());
            if (!problems.isEmpty()) {
                commit(SweepState.newBuilder().setSweepId(sweepId).setRequest(state.getRequest())
                        .setStatus(SweepStatus.FAILED).setTrials(new ArrayList<>()).setBestTrialId(null)
                        .setMessage("invalid sweep request: " + String.join("; ", problems)).setUpdatedAt(Instant.now())
                        .build(), List.of(), List.of());
                return;
            }
        }
        TrialScheduler scheduler = schedulers.computeIfAbsent(sweepId, k -> TrialSchedulers.replay(state).scheduler());
        boolean changed = false;
        List<SweepTrial> trials = new ArrayList<>(state.getTrials());
        List<JobStatus> cancels = new ArrayList<>();
        long seq = TrialSchedulers.nextSeq(state);
        for (int i = 0; i < trials.size(); i++) {
            SweepTrial t = trials.get(i);
            if (t.getStatus() == TrialStatus.STOPPED || t.getStatus() == TrialStatus.COMPLETED
                    || t.getStatus() == TrialStatus.FAILED) {
                continue;
            }
            SweepTrial updated = copy(t);
            List<TrainingMetric> points = new ArrayList<>(evals.getOrDefault(t.getJobId(), new java.util.TreeMap<>())
                    .values());
            for (int k = t.getHistory().size(); k < points.size() && updated.getStatus() != TrialStatus.STOPPED; k++) {
                TrainingMetric point = points.get(k);
                Double value = value(state, point);
                if (value == null) {
                    continue;
                }
                long resource = state.getRequest().getScheduler().getResourceUnit().name().equals("STEPS")
                        ? point.getStep() : k + 1;
                Judgement judgement = scheduler.judge(t.getTrialId(), resource, value);
                List<MetricSample> history = new ArrayList<>(updated.getHistory());
                history.add(MetricSample.newBuilder().setSeq(seq++).setResource(resource).setValue(value).build());
                updated.setHistory(history);
                updated.setLastResource(resource);
                updated.setRung(scheduler.rungReached(t.getTrialId()));
                updated.setFinalMetric(value);
                if (judgement.decision() == Decision.STOP) {
                    updated.setStatus(TrialStatus.STOPPED);
                    updated.setMessage(judgement.reason());
                    cancels.add(JobStatus.newBuilder().setJobId(t.getJobId()).setState(JobState.CANCELLED)
                            .setStep(point.getStep()).setMessage("stopped by the sweep's scheduler: " + judgement.reason())
                            .setModelName(state.getRequest().getModelName())
                            .setDatasetId(state.getRequest().getDatasetId())
                            .setDatasetVersion(state.getRequest().getDatasetVersion()).setUpdatedAt(Instant.now())
                            .build());
                }
                changed = true;
            }
            JobStatus job = statuses.get(t.getJobId());
            if (updated.getStatus() != TrialStatus.STOPPED && job != null) {
                TrialStatus next = switch (job.getState()) {
                    case QUEUED -> updated.getStatus();
                    case RUNNING -> TrialStatus.RUNNING;
                    case SUCCEEDED -> TrialStatus.COMPLETED;
                    case FAILED -> TrialStatus.FAILED;
                    case CANCELLED -> TrialStatus.STOPPED;
                };
                // A job that succeeded is complete only once its last evaluation (at its last step) was read and
                // judged above: its status may be read before its last metric point.
                long lastEvalStep = points.isEmpty() ? 0 : points.get(points.size() - 1).getStep();
                boolean allJudged = updated.getHistory().size() >= points.size()
                        && (points.isEmpty() || lastEvalStep >= job.getStep());
                if (next != updated.getStatus() && (next != TrialStatus.COMPLETED || allJudged)) {
                    updated.setStatus(next);
                    if (next != TrialStatus.RUNNING) {
                        updated.setMessage(job.getMessage());
                    }
                    changed = true;
                }
            }
            trials.set(i, updated);
        }
        SweepState next = SweepState.newBuilder().setSweepId(sweepId).setRequest(state.getRequest())
                .setStatus(SweepStatus.RUNNING).setTrials(trials).setBestTrialId(state.getBestTrialId())
                .setMessage(null).setUpdatedAt(Instant.now()).build();
        List<SweepPlanner.TrialLaunch> launches = planner.launches(next);
        if (!launches.isEmpty()) {
            launches.forEach(l -> trials.add(l.trial()));
            next.setTrials(trials);
            changed = true;
        }
        next.setMessage(trials.stream().filter(t -> t.getStatus() != TrialStatus.PENDING
                && t.getStatus() != TrialStatus.RUNNING).count() + " of " + state.getRequest().getNumTrials()
                + " trials ended, " + trials.size() + " launched");
        if (planner.isFinished(next)) {
            next.setStatus(SweepStatus.SUCCEEDED);
            next.setBestTrialId(planner.bestTrialId(next).orElse(null));
            next.setMessage(summary(next));
            changed = true;
        }
        if (changed) {
            commit(next, launches, cancels);
        }
    }

    private void commit(SweepState state, List<SweepPlanner.TrialLaunch> launches, List<JobStatus> cancels) {
        producer.beginTransaction();
        try {
            for (SweepPlanner.TrialLaunch launch : launches) {
                TrainingRequest request = launch.request();
                producer.send(new ProducerRecord<>(topics.requests(), request.getJobId(), request));
                producer.send(new ProducerRecord<>(topics.jobs(), request.getJobId(),
                        JobStatusPublisher.of(request, JobState.QUEUED).setMessage("trial " + launch.trial().getTrialId()
                                + " of sweep " + state.getSweepId()).build()));
            }
            for (JobStatus cancel : cancels) {
                producer.send(new ProducerRecord<>(topics.jobs(), cancel.getJobId(), cancel));
            }
            producer.send(new ProducerRecord<>(sweepsTopic, state.getSweepId(), state));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
        owned.put(state.getSweepId(), state);
        if (state.getStatus() != SweepStatus.RUNNING) {
            LOG.infof("Sweep %s %s: %s", state.getSweepId(), state.getStatus(), state.getMessage());
        } else if (!launches.isEmpty()) {
            LOG.infof("Sweep %s: launched %s", state.getSweepId(),
                    launches.stream().map(l -> l.trial().getTrialId()).toList());
        }
    }

    private static Double value(SweepState state, TrainingMetric point) {
        if (point.getKind() != MetricKind.EVAL) {
            return null;
        }
        String metric = state.getRequest().getMetric();
        if (metric.equals("val_loss")) {
            return point.getValLoss();
        }
        return point.getValMetrics().get(metric);
    }

    private static String summary(SweepState state) {
        long steps = state.getTrials().stream().mapToLong(SweepTrial::getLastResource).sum();
        return state.getTrials().size() + " trials: "
                + state.getTrials().stream().filter(t -> t.getStatus() == TrialStatus.COMPLETED).count() + " completed, "
                + state.getTrials().stream().filter(t -> t.getStatus() == TrialStatus.STOPPED).count()
                + " stopped early, " + state.getTrials().stream().filter(t -> t.getStatus() == TrialStatus.FAILED).count()
                + " failed; " + steps + " resource units in all; best " + state.getBestTrialId();
    }

    private static SweepTrial copy(SweepTrial t) {
        return SweepTrial.newBuilder().setTrialId(t.getTrialId()).setIndex(t.getIndex()).setJobId(t.getJobId())
                .setParams(new HashMap<>(t.getParams())).setStatus(t.getStatus()).setRung(t.getRung())
                .setLastResource(t.getLastResource()).setHistory(new ArrayList<>(t.getHistory()))
                .setFinalMetric(t.getFinalMetric()).setMessage(t.getMessage()).build();
    }

    private static boolean reached(KafkaConsumer<String, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static <V> void assignAll(KafkaConsumer<String, V> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static <V> List<ConsumerRecord<String, V>> pollInto(KafkaConsumer<String, V> consumer) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        } catch (RecordDeserializationException e) {
            LOG.warnf("Skipping an undecodable record at %s offset %d", e.topicPartition(), e.offset());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        return out;
    }

    /** Partition ownership: sweeps of a gained partition are rebuilt from its beginning; lost ones are dropped. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            Set<Integer> lost = new TreeSet<>();
            partitions.forEach(p -> lost.add(p.partition()));
            owned.keySet().removeIf(id -> lost.contains(partitionOf(id)));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            sweeps.seekToBeginning(partitions);
        }
    }

    private int partitionOf(String sweepId) {
        int count = sweeps.partitionsFor(sweepsTopic).size();
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                sweepId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % count;
    }
}

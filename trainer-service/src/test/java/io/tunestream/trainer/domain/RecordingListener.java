package io.tunestream.trainer.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the loop reports, checkpoint bytes included (read at once: the loop may overwrite files). */
class RecordingListener implements TrainingListener {

    final List<MetricPoint> metrics = new ArrayList<>();
    final List<CheckpointFile> checkpoints = new ArrayList<>();
    final List<byte[]> checkpointBytes = new ArrayList<>();
    long lastProgress;

    @Override
    public void onProgress(long step, long totalSteps) {
        lastProgress = step;
    }

    @Override
    public void onMetric(MetricPoint point) {
        metrics.add(point);
    }

    @Override
    public void onCheckpoint(CheckpointFile checkpoint) {
        checkpoints.add(checkpoint);
        try {
            checkpointBytes.add(Files.readAllBytes(checkpoint.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Double> trainLosses() {
        return metrics.stream().filter(m -> !m.evaluation()).map(MetricPoint::trainLoss).toList();
    }
}

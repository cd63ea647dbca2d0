/**
 * Hyper-parameter sweeps, pure logic: no Kafka, no Quarkus, no DJL. A sweep controller (messaging) wraps it.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.tunestream.trainer.sweep.SweepRequestValidator}: every problem of a {@code SweepRequest} at once
 *       (space, bounds, values, grid size vs numTrials, metric and mode, scheduler settings); the base request and
 *       each bound or value are also run through the trainer's {@code TrainingRequestValidator}, so no trial is
 *       launched that a worker would refuse.</li>
 *   <li>{@link io.tunestream.trainer.sweep.SearchSpace} and {@link io.tunestream.trainer.sweep.ParameterSampler}:
 *       trial {@code i}'s parameters are a pure function of (seed, i): grid point {@code i mod gridSize} (cartesian
 *       product in space order, last axis fastest), other parameters drawn by SplitMix64 from (seed, i, position).
 *       {@link io.tunestream.trainer.sweep.TunableParameter} names the searchable fields and their value types.</li>
 *   <li>{@link io.tunestream.trainer.sweep.TrialScheduler}: {@code judge(trialId, resource, value)} gives a
 *       {@link io.tunestream.trainer.sweep.Judgement} ({@link io.tunestream.trainer.sweep.Decision} CONTINUE, STOP
 *       or COMPLETE, the rung, a reason). Implementations: {@link io.tunestream.trainer.sweep.Asha},
 *       {@link io.tunestream.trainer.sweep.MedianStoppingRule}, {@link io.tunestream.trainer.sweep.NoEarlyStopping};
 *       {@link io.tunestream.trainer.sweep.TrialSchedulers} builds one from a request or replays a state.</li>
 *   <li>{@link io.tunestream.trainer.sweep.SweepPlanner}: which trials to launch now, the best trial, whether the
 *       sweep is finished; {@link io.tunestream.trainer.sweep.TrialRequests} builds a trial's
 *       {@code TrainingRequest} (method and hyper-parameters copied with {@code newBuilder(existing)}, the searched
 *       fields overridden, the sweep's pooling passed on).</li>
 *   <li>{@link io.tunestream.trainer.sweep.SweepTransitions}: one step of a sweep's state machine, {@code
 *       advance(state, observations) -> decisions} (the new state, trials to launch, jobs to cancel), from what
 *       {@link io.tunestream.trainer.sweep.SweepObservations} holds (each job's evaluation points and status).</li>
 * </ul>
 *
 * <h2>Restart</h2>
 * The compacted {@code training.sweeps} topic holds one {@code SweepState} per sweep. Schedulers are deterministic,
 * so the controller never stores scheduler internals: it appends each result it judged to the trial's
 * {@code history} with a sweep-wide {@code seq} ({@link io.tunestream.trainer.sweep.TrialSchedulers#nextSeq}), and
 * a restarted controller calls {@link io.tunestream.trainer.sweep.TrialSchedulers#replay}, which feeds the samples
 * in seq order to a fresh scheduler and gets the same decisions and rungs back. Trial parameters and job ids
 * depend only on (seed, index), so re-planning after a restart launches nothing twice (workers skip job ids that
 * already ended).
 */
package io.tunestream.trainer.sweep;

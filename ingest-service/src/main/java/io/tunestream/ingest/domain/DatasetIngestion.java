package io.tunestream.ingest.domain;

import java.io.IOException;

/**
 * Reads, validates and hands on the records of one upload, applying the rejection policy and the record
 * limit. It publishes nothing itself: the {@link RecordSink} does, and it is the caller's job to make
 * that all-or-nothing (a transaction aborted when this throws).
 */
public final class DatasetIngestion {

    /** Receives each valid record, in input order. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(ValidRecord record) throws IOException;
    }

    private final RecordValidator validator;
    private final RejectionPolicy policy;
    private final long maxRecords;

    public DatasetIngestion(RecordValidator validator, RejectionPolicy policy, long maxRecords) {
        this.validator = validator;
        this.policy = policy;
        this.maxRecords = maxRecords;
    }

    /**
     * Runs the whole input through.
     *
     * @throws RejectedInputException when the upload must fail (policy, limits, an empty body)
     * @throws IOException            when the input stream fails (e.g. the client disconnected)
     */
    public IngestCounts run(RowReader reader, RecordSink sink) throws IOException {
        IngestCounts counts = new IngestCounts();
        long line = 0;
        while (true) {
            ValidRecord record;
            try {
                InputRow row = reader.next();
                if (row == null) {
                    break;
                }
                line = row.line();
                record = validator.validate(row);
            } catch (RejectedInputException e) {
                if (e.fatal() || policy == RejectionPolicy.FAIL_UPLOAD) {
                    throw e;
                }
                counts.reject(e.reason());
                continue;
            }
            if (counts.accepted() >= maxRecords) {
                throw new RejectedInputException(RejectionReason.TOO_MANY_RECORDS, line,
                        "the dataset has more than the limit of " + maxRecords + " records");
            }
            counts.accept(record);
            sink.accept(record);
        }
        return requireSomething(counts);
    }

    private static IngestCounts requireSomething(IngestCounts counts) {
        if (counts.accepted() == 0 && counts.rejectedTotal() == 0) {
            throw new RejectedInputException(RejectionReason.EMPTY_BODY, 0, "the upload holds no record");
        }
        if (counts.accepted() == 0) {
            throw new RejectedInputException(RejectionReason.NO_VALID_RECORDS, 0,
                    "all " + counts.rejectedTotal() + " records were rejected: " + counts.rejected());
        }
        return counts;
    }
}

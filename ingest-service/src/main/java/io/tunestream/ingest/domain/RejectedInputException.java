package io.tunestream.ingest.domain;

/** Input that cannot be ingested, with the reason and, where it applies, the 1-based line number. */
public class RejectedInputException extends RuntimeException {

    private final RejectionReason reason;
    private final long line;
    private final boolean fatal;

    /**
     * @param line 1-based line (JSONL) or record line (CSV) where the problem was found; 0 when none applies
     */
    public RejectedInputException(RejectionReason reason, long line, String detail) {
        this(reason, line, detail, !reason.perRecord());
    }

    private RejectedInputException(RejectionReason reason, long line, String detail, boolean fatal) {
        super(detail);
        this.reason = reason;
        this.line = line;
        this.fatal = fatal;
    }

    /** A record-level problem after which the input cannot be read on (e.g. broken CSV quoting). */
    public static RejectedInputException fatal(RejectionReason reason, long line, String detail) {
        return new RejectedInputException(reason, line, detail, true);
    }

    /** Whether the upload must stop here whatever the rejection policy. */
    public boolean fatal() {
        return fatal;
    }

    public RejectionReason reason() {
        return reason;
    }

    public long line() {
        return line;
    }
}

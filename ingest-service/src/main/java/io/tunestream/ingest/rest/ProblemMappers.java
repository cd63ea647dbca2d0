package io.tunestream.ingest.rest;

import io.tunestream.rest.Problem;
import io.tunestream.ingest.domain.RejectedInputException;
import io.tunestream.ingest.domain.RejectionReason;
import io.tunestream.ingest.messaging.CatalogUnavailableException;
import io.tunestream.ingest.messaging.ConcurrentUploadException;
import io.tunestream.ingest.messaging.DatasetAlreadySealedException;
import io.tunestream.ingest.messaging.UploadAbortedException;
import io.tunestream.schemas.DatasetSettingBounds;
import io.tunestream.schemas.Identifiers;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/** Turns every upload failure into an {@code application/problem+json} answer. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response rejected(RejectedInputException e) {
        RejectionReason reason = e.reason();
        return Problem.typed(reason.slug(), reason.title(), status(reason), e.getMessage())
                .with("line", e.line() > 0 ? e.line() : null).with("reason", reason.name()).toResponse();
    }

    @ServerExceptionMapper
    public Response sealed(DatasetAlreadySealedException e) {
        return Problem.typed("already-sealed", "Dataset version already exists", 409, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response concurrent(ConcurrentUploadException e) {
        return Problem.typed("concurrent-upload", "Concurrent upload of the same version", 409, e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response badIdentifier(Identifiers.InvalidIdentifierException e) {
        return Problem.typed("bad-identifier", "Invalid identifier", 400, e.getMessage()).with("reason", "INVALID_IDENTIFIER").toResponse();
    }

    @ServerExceptionMapper
    public Response outOfBounds(DatasetSettingBounds.SettingOutOfBoundsException e) {
        return Problem.typed(RejectionReason.SETTING_OUT_OF_BOUNDS.slug(), RejectionReason.SETTING_OUT_OF_BOUNDS.title(), 400,
                e.getMessage()).with("reason", RejectionReason.SETTING_OUT_OF_BOUNDS.name()).toResponse();
    }

    @ServerExceptionMapper
    public Response badParameter(IllegalArgumentException e) {
        return Problem.typed("bad-parameter", "Invalid request parameter", 400, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response catalogUnavailable(CatalogUnavailableException e) {
        return Problem.typed("unavailable", "Service not ready", 503, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response aborted(UploadAbortedException e) {
        return Problem.typed("upload-aborted", "Upload aborted by the service", 503, e.getMessage())
                .with("reason", e.reason()).toResponse();
    }

    @ServerExceptionMapper
    public Response kafka(KafkaException e) {
        LOG.warn("Upload failed on Kafka; nothing was committed", e);
        return Problem.typed("broker-error", "Kafka error", 503, "publishing failed and was rolled back: " + e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response interrupted(IOException e) {
        LOG.infof("Upload interrupted, nothing was committed: %s", e.toString());
        return Problem.typed("upload-interrupted", "Upload interrupted", 400,
                "the request body could not be read to its end; nothing was published").toResponse();
    }

    static int status(RejectionReason reason) {
        return switch (reason) {
            case TOO_MANY_RECORDS, UPLOAD_TOO_LARGE -> 413;
            case EMPTY_TEXT, MISSING_LABEL, MISSING_COMPLETION, MISSING_PROMPT, AMBIGUOUS_RECORD, BAD_SCORE, TEXT_TOO_LONG,
                 NO_VALID_RECORDS -> 422;
            default -> 400;
        };
    }
}

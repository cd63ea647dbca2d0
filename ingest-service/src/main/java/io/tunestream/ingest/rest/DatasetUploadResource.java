package io.tunestream.ingest.rest;

import io.tunestream.rest.Problem;
import io.tunestream.ingest.config.IngestConfig;
import io.tunestream.ingest.domain.DatasetIngestion;
import io.tunestream.ingest.domain.IngestCounts;
import io.tunestream.ingest.domain.LimitedInputStream;
import io.tunestream.ingest.domain.RecordValidator;
import io.tunestream.ingest.domain.RejectedInputException;
import io.tunestream.ingest.domain.RejectionReason;
import io.tunestream.ingest.domain.RowReader;
import io.tunestream.ingest.health.IngestMetrics;
import io.tunestream.ingest.messaging.DatasetUploads;
import io.tunestream.ingest.messaging.UploadAbortedException;
import io.tunestream.schemas.DatasetSettingBounds;
import io.tunestream.schemas.Identifiers;
import io.tunestream.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /datasets/{datasetId}/versions/{version}}: uploads one dataset version as JSON Lines or CSV.
 * The body is read as a stream, row by row, straight into a Kafka transaction; memory does not grow with
 * the body. Answers 201 with the counts, or a problem+json error after which nothing is visible. Needs the
 * {@code publisher} role (401/403 otherwise, before any of the body is read).
 */
@Path("/datasets/{datasetId}/versions/{version}")
public class DatasetUploadResource {

    private static final String SOURCE = "rest";
    private final DatasetUploads uploads;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    public DatasetUploadResource(DatasetUploads uploads, IngestConfig config, IngestMetrics metrics) {
        this.uploads = uploads;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @RolesAllowed(Roles.PUBLISHER)
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response upload(@PathParam("datasetId") String datasetId, @PathParam("version") String version,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context UriInfo uri,
                           InputStream body) throws IOException {
        Identifiers.require("datasetId", datasetId);
        Identifiers.require("version", version);
        UploadFormat format = UploadFormat.of(contentType).orElse(null);
        if (format == null) {
            metrics.failed(SOURCE, "UNSUPPORTED_MEDIA_TYPE");
            return Problem.typed("unsupported-media-type", "Unsupported Media Type", 415, "Content-Type '" + contentType
                    + "' is not supported; use one of " + UploadFormat.supported()).toResponse();
        }
        UploadOptions options = UploadOptions.from(uri.getQueryParameters(), config.rejectionPolicy());
        DatasetSettingBounds.requireWithin(options.datasetConfig());
        try {
            IngestCounts counts = uploads.publish(datasetId, version, options.datasetConfig(),
                    sink -> ingest(format, options, body, sink));
            metrics.committed(SOURCE, counts);
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                    .entity(result(datasetId, version, counts)).build();
        } catch (UploadAbortedException e) {
            metrics.failed(SOURCE, e.reason());
            throw e;
        } catch (RejectedInputException e) {
            metrics.failed(SOURCE, e.reason().name());
            if (e.reason().perRecord()) {
                metrics.rejected(SOURCE, e.reason(), 1);
            }
            throw e;
        }
    }

    private IngestCounts ingest(UploadFormat format, UploadOptions options, InputStream body,
                                DatasetIngestion.RecordSink sink) throws IOException {
        int maxLineBytes = Math.max(config.maxTextBytes() * 2 + 65_536, 1 << 20); // room for JSON escaping and fields
        var validator = new RecordValidator(options.mapping(), config.maxTextBytes());
        var ingestion = new DatasetIngestion(validator, options.policy(), config.maxRecordsPerDataset());
        RowReader reader = format.open(new LimitedInputStream(body, config.maxUploadBytes()), maxLineBytes);
        IngestCounts counts;
        try {
            counts = ingestion.run(reader, sink);
        } catch (UploadAbortedException e) {
            throw e; // left open: closing the body reads it to its end, and an upload aborted by shutdown answers now
        } catch (IOException | RuntimeException | Error e) {
            try {
                reader.close();
            } catch (IOException closeFailed) {
                e.addSuppressed(closeFailed);
            }
            throw e;
        }
        reader.close();
        return counts;
    }

    private static UploadResult result(String datasetId, String version, IngestCounts counts) {
        Map<String, Long> rejected = new LinkedHashMap<>();
        counts.rejected().forEach((RejectionReason reason, Long n) -> rejected.put(reason.name(), n));
        return new UploadResult(datasetId, version, counts.accepted(), rejected, counts.labels());
    }
}

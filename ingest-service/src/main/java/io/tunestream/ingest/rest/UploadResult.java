package io.tunestream.ingest.rest;

import java.util.Map;

/**
 * The answer to a successful upload.
 *
 * @param datasetId dataset id
 * @param version   dataset version
 * @param accepted  records published
 * @param rejected  records skipped, by reason (only under {@code onInvalid=skip})
 * @param labels    published records by label
 */
public record UploadResult(String datasetId, String version, long accepted, Map<String, Long> rejected,
                           Map<String, Long> labels) {
}

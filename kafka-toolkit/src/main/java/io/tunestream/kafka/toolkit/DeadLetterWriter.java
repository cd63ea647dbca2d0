package io.tunestream.kafka.toolkit;

import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.DeadLetterHeaders.Refusal;
import io.tunestream.schemas.DeadLetterHeaders.Source;
import io.tunestream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Headers;

/**
 * Writes a refused record to its {@code <topic>.dlq} outside Kafka Streams: the original key and value bytes, the
 * original headers, and the {@link DeadLetterHeaders} ({@code tunestream.dlq.*}: reason, detail, error class, stage,
 * source topic, partition and offset), the one vocabulary every stage uses. The send is synchronous: a caller commits
 * the source offset only once the dead letter is on the broker, so nothing is lost between the two.
 */
public final class DeadLetterWriter implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String stage;

    /**
     * @param producer a raw-bytes producer, closed with the writer
     * @param stage    the stage that refuses records (the {@code tunestream.dlq.stage} header)
     */
    public DeadLetterWriter(Producer<byte[], byte[]> producer, String stage) {
        this.producer = producer;
        this.stage = stage;
    }

    /** Dead-letters a record read as raw bytes (String keys are written back as their UTF-8 bytes). */
    public void write(ConsumerRecord<?, byte[]> record, Refusal refusal) {
        write(new Source(record.topic(), record.partition(), record.offset()), keyBytes(record.key()), record.value(),
                record.headers(), refusal);
    }

    /** Dead-letters a record its consumer could not deserialize, with the bytes the exception kept. */
    public void write(RecordDeserializationException error, String reason) {
        write(new Source(error.topicPartition().topic(), error.topicPartition().partition(), error.offset()),
                bytes(error.keyBuffer()), bytes(error.valueBuffer()), error.headers(), Refusal.of(reason, error));
    }

    /**
     * Dead-letters the given bytes to {@code <source topic>.dlq}.
     *
     * @throws DeadLetterException when the broker did not take it within the timeout
     */
    public void write(Source source, byte[] key, byte[] value, Headers original, Refusal refusal) {
        String topic = Topics.dlq(source.topic());
        Headers headers = DeadLetterHeaders.of(original, stage, refusal, source);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException(topic, source, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterException(topic, source, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static byte[] keyBytes(Object key) {
        if (key == null || key instanceof byte[]) {
            return (byte[]) key;
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** A dead letter the broker did not take: the source offset must not be committed. */
    public static final class DeadLetterException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        DeadLetterException(String topic, Source source, Throwable cause) {
            super("cannot write the dead letter of " + source.topic() + "-" + source.partition() + "@"
                    + source.offset() + " to " + topic + ": " + cause, cause);
        }
    }
}

package io.tunestream.schemas.serde;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code schemas} topic as a schema store: every event schema a tunestream process writes with, keyed by its
 * CRC-64-AVRO fingerprint (16 hex digits), valued by the schema's JSON, compacted. Single-object encoding carries only
 * the writer schema's fingerprint, so a reader built with an older release cannot decode a newer writer's record
 * (one optional field added) from the bytes alone; it looks the fingerprint up here and resolves the newer schema
 * against its own, as Avro's schema resolution allows. No registry is needed.
 *
 * <p>Writers publish every schema they know before they write anything ({@link #publish}); readers look up a
 * fingerprint they do not know ({@link #findByFingerprint}), re-reading the topic at most once per
 * {@link #REFRESH_INTERVAL} so that a flood of undecodable bytes does not become a flood of reads. An entry whose
 * schema does not hash to its key is skipped and counted ({@link #rejected()}).
 *
 * <p>One store serves a whole process: {@link #install(SchemaTopic)} makes it the resolver of every
 * {@link SingleObjectCodec} (through {@link #RESOLVER}), including codecs created before it.
 */
public final class SchemaTopic implements SchemaStore, AutoCloseable {

    private static final AtomicReference<SchemaTopic> INSTALLED = new AtomicReference<>();

    /** How often a reader re-reads the topic for a fingerprint it does not know. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** The resolver every {@link SingleObjectCodec} asks about an unknown fingerprint: the installed store, if any. */
    public static final SchemaStore RESOLVER = fingerprint -> {
        SchemaTopic store = INSTALLED.get();
        return store == null ? null : store.findByFingerprint(fingerprint);
    };

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final Properties clientProperties;
    private final Map<Long, Schema> schemas = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();
    private final Object readLock = new Object();
    private KafkaConsumer<String, byte[]> consumer;
    private long lastRefreshNanos;
    private boolean refreshedOnce;

    /**
     * A store over {@code topic}, reached with {@code clientProperties} (bootstrap servers and security).
     *
     * @param topic            the full name of the schemas topic, e.g. {@code tunestream.schemas}
     * @param clientProperties Kafka client properties: bootstrap servers and connection security
     */
    public SchemaTopic(String topic, Properties clientProperties) {
        this.topic = topic;
        this.clientProperties = new Properties();
        this.clientProperties.putAll(clientProperties);
    }

    /** Makes {@code store} the process-wide resolver of unknown fingerprints (replacing and closing a previous one). */
    public static void install(SchemaTopic store) {
        SchemaTopic previous = INSTALLED.getAndSet(store);
        if (previous != null && previous != store) {
            previous.close();
        }
    }

    /** Removes the process-wide store, if it is {@code store}. */
    public static void uninstall(SchemaTopic store) {
        INSTALLED.compareAndSet(store, null);
    }

    /** The name of the topic. */
    public String topic() {
        return topic;
    }

    /** The key of a schema in the topic: its CRC-64-AVRO parsing fingerprint as 16 hex digits. */
    public static String key(Schema schema) {
        return HexFormat.of().toHexDigits(SchemaNormalization.parsingFingerprint64(schema));
    }

    /**
     * Publishes every schema in {@code writerSchemas} that the topic does not hold yet, and waits until the broker has
     * them all: call it before writing with any of them.
     *
     * @param writerSchemas the schemas this process writes with
     * @return how many were new to the topic
     * @throws KafkaException when the topic cannot be read or written within the timeout
     */
    public int publish(Collection<Schema> writerSchemas) {
        refresh(true);
        List<Schema> missing = writerSchemas.stream()
                .filter(s -> !schemas.containsKey(SchemaNormalization.parsingFingerprint64(s))).distinct().toList();
        if (missing.isEmpty()) {
            return 0;
        }
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(CALL_TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(CALL_TIMEOUT.toMillis() * 3));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(CALL_TIMEOUT.toMillis()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Schema schema : missing) {
                sent.add(producer.send(new ProducerRecord<>(topic, key(schema),
                        schema.toString().getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(CALL_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new KafkaException("cannot publish schemas to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot publish schemas to " + topic + " within " + CALL_TIMEOUT.multipliedBy(3), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing schemas to " + topic, e);
        }
        missing.forEach(s -> schemas.put(SchemaNormalization.parsingFingerprint64(s), s));
        return missing.size();
    }

    /**
     * The schema with this fingerprint, reading what the topic gained since the last read when it is not known yet
     * (at most once per {@link #REFRESH_INTERVAL}); null when the topic does not hold it or cannot be read.
     */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        Schema known = schemas.get(fingerprint);
        if (known != null) {
            return known;
        }
        try {
            refresh(false);
        } catch (KafkaException e) {
            return null; // the caller reports the record as of an unknown schema, with its bytes
        }
        return schemas.get(fingerprint);
    }

    /** How many entries were skipped because their schema did not parse or did not hash to their key. */
    public long rejected() {
        return rejected.get();
    }

    /** How many verified schemas the store holds. */
    public int size() {
        return schemas.size();
    }

    private void refresh(boolean force) {
        synchronized (readLock) {
            long now = System.nanoTime();
            if (!force && refreshedOnce && now - lastRefreshNanos < REFRESH_INTERVAL.toNanos()) {
                return;
            }
            lastRefreshNanos = now;
            KafkaConsumer<String, byte[]> c = consumer();
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment(), CALL_TIMEOUT);
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (!reached(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("cannot read " + topic + " to its end within " + CALL_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    accept(r.key(), r.value());
                }
            }
            refreshedOnce = true;
        }
    }

    private void accept(String key, byte[] value) {
        if (key == null || value == null) {
            return; // a tombstone: compaction never removes a released schema, but a key without value holds nothing
        }
        try {
            Schema schema = new Schema.Parser().setValidateDefaults(false).parse(new String(value, StandardCharsets.UTF_8));
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            if (!key.equals(HexFormat.of().toHexDigits(fingerprint))) {
                rejected.incrementAndGet();
                return;
            }
            schemas.putIfAbsent(fingerprint, schema);
        } catch (SchemaParseException e) {
            rejected.incrementAndGet();
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey(), CALL_TIMEOUT) >= e.getValue());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            Properties p = new Properties();
            p.putAll(clientProperties);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CALL_TIMEOUT.toMillis()));
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            try {
                List<PartitionInfo> infos = c.partitionsFor(topic, CALL_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new KafkaException("the schemas topic " + topic + " does not exist");
                }
                List<TopicPartition> partitions = infos.stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
            } catch (RuntimeException e) {
                c.close(Duration.ZERO);
                throw e;
            }
            consumer = c;
        }
        return consumer;
    }

    @Override
    public void close() {
        uninstall(this);
        synchronized (readLock) {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(2));
                consumer = null;
            }
        }
    }
}

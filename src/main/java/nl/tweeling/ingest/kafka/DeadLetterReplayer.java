package nl.tweeling.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;

/**
 * Re-injects dead letters after a fix (a datastream registered, a range widened): every dead letter not
 * replayed before is produced again to the observation topic, and the replay group's offsets are committed
 * only after the broker acknowledged them all. Letters that are still bad return to the dead-letter topic
 * through the normal path, with their new reason.
 */
@ApplicationScoped
public class DeadLetterReplayer {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplayer.class);
    static final String GROUP = "tweeling-dlq-replay";

    @Inject
    KafkaSettings settings;

    @Inject
    TweelingConfig config;

    /** Replays what the dead-letter topic holds now; returns how many letters were re-injected. */
    public synchronized int replay() {
        Map<String, Object> props = settings.consumer();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.ingest().dlqTopic(), Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> previous = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(10));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata from = previous.get(tp);
                consumer.seek(tp, from == null ? 0 : from.offset());
            }
            int replayed = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!caughtUp(consumer, partitions, end) && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                List<Future<RecordMetadata>> acks = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    acks.add(producer.send(new ProducerRecord<>(config.ingest().topic(), r.key(), r.value())));
                    committed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                replayed += acks.size();
                if (!committed.isEmpty()) {
                    consumer.commitSync(committed);
                }
            }
            LOG.infof("replayed %d dead letters to %s", replayed, config.ingest().topic());
            return replayed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TweelingException.unavailable("Interrupted while replaying dead letters; run the replay again.");
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw TweelingException.unavailable("The message broker did not take the replay; run it again later.");
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (c.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}

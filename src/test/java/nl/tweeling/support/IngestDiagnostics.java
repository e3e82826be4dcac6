package nl.tweeling.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What a test of ingestion prints when observations do not arrive in time: the consumer group (members,
 * partitions, committed offset against the end of each partition), what the app's consumer threads are doing
 * and which database sessions are busy or waiting. Read-only; never fails itself.
 */
public final class IngestDiagnostics {

    private IngestDiagnostics() {
    }

    public static String describe() {
        StringBuilder out = new StringBuilder();
        try {
            out.append(kafka());
        } catch (Exception e) {
            out.append("\n[kafka: ").append(e).append(']');
        }
        out.append(threads());
        try {
            out.append(database());
        } catch (SQLException e) {
            out.append("\n[database: ").append(e).append(']');
        }
        return out.toString();
    }

    private static String kafka() throws Exception {
        String group = ConfigProvider.getConfig().getOptionalValue("tweeling.ingest.consumer.group", String.class)
                .orElse("tweeling-ingest");
        String topic = ConfigProvider.getConfig().getOptionalValue("tweeling.ingest.topic", String.class)
                .orElse("tweeling.observations");
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        StringBuilder out = new StringBuilder("\n[consumer group ").append(group).append("]");
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(Set.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            out.append(" state ").append(d.state());
            d.members().forEach(m -> out.append("\n  member ").append(m.clientId()).append(' ').append(m.host()).append(": ")
                    .append(m.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted()
                            .map(String::valueOf).collect(Collectors.joining(","))));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
            for (int i = 0; i < partitions; i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                out.append("\n  ").append(tp).append(" committed ").append(c == null ? "-" : Long.toString(c.offset()))
                        .append(" end ").append(ends.get(tp).offset());
            }
        }
        return out.toString();
    }

    private static String threads() {
        StringBuilder out = new StringBuilder("\n[consumer threads]");
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("tweeling-observation-consumer")) {
                out.append("\n  ").append(t.getName()).append(' ').append(t.getState());
                for (int i = 0; i < Math.min(stack.length, 12); i++) {
                    out.append("\n    at ").append(stack[i]);
                }
            }
        });
        return out.toString();
    }

    private static String database() throws SQLException {
        StringBuilder out = new StringBuilder("\n[database sessions not idle]");
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid, state, wait_event_type, wait_event, now() - xact_start AS age,"
                        + " left(query, 160) AS query FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'")) {
            while (rs.next()) {
                out.append("\n  ").append(rs.getInt("pid")).append(' ').append(rs.getString("state")).append(' ')
                        .append(rs.getString("wait_event_type")).append('/').append(rs.getString("wait_event"))
                        .append(" for ").append(rs.getString("age")).append(": ").append(rs.getString("query"));
            }
        }
        return out.toString();
    }
}

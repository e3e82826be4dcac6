package nl.tweeling.platform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * All Tweeling settings, with their defaults, in one place (prefix {@code tweeling}).
 * Each can be overridden by an environment variable, e.g. {@code TWEELING_INGEST_PARTITIONS=8}.
 */
@ConfigMapping(prefix = "tweeling")
public interface TweelingConfig {

    Sample sample();

    Ingest ingest();

    Features features();

    Security security();

    Mqtt mqtt();

    Imports imports();

    Http http();

    Outbound outbound();

    Sensors sensors();

    Sta sta();

    Tiles tiles();

    /** OGC API – Tiles (docs/api.md, "Tiles"). */
    interface Tiles {
        Cache cache();

        /** The in-memory cache of made tiles, invalidated by layer changes (docs/api.md, "Tile cache"). */
        interface Cache {
            /** Bytes of tiles the cache holds at most (each counts its bytes and about 200 bytes of keeping); 0 turns it off. */
            @WithDefault("67108864")
            long maxBytes();

            /** The Kafka topic on which instances tell each other which parts of which layers changed. */
            @WithDefault("tweeling.layer.changes")
            String topic();
        }
    }

    /** The SensorThings API under /sta (docs/sensors.md, "SensorThings API"). */
    interface Sta {
        /** Entities of a page when $top is not given (also inside $expand). */
        @WithDefault("100")
        int defaultTop();

        /** The largest page; a larger $top is cut to it and the answer carries @iot.nextLink and Tweeling-Top-Capped. */
        @WithDefault("1000")
        int maxTop();
    }

    /** Sensor time series (docs/api.md, "Sensors"). */
    interface Sensors {
        /** Most buckets one /datastreams/{id}/aggregate request may ask for; more is a 400 naming interval. */
        @WithDefault("10000")
        int maxBuckets();

        /** Where sensors are expected to be, and what happens to a location outside it (docs/sensors.md). */
        ServiceArea serviceArea();

        interface ServiceArea {
            /** The layer whose extent is the service area (the municipality's districts by default). */
            @WithDefault("wijken")
            String layer();

            /** How far beyond that extent a location still counts as inside, in metres. */
            @WithDefault("5000")
            double bufferM();

            /**
             * What a write does with a location outside: {@code flag} stores it marked as outside the service area
             * and says so in the response; {@code reject} refuses the write with a 422 problem.
             */
            @WithDefault("flag")
            String policy();
        }
    }

    /** Requests the server itself sends: imports of URLs, harvesters (docs/security.md, "Outbound requests"). */
    interface Outbound {
        /**
         * What outbound requests may reach although it is a loopback, private, link-local or otherwise refused
         * address: host names (exact, every address of the name is then allowed), addresses and CIDR blocks, e.g.
         * {@code data.intranet,10.20.0.0/16,fd12::/64}. Empty (the default): nothing on the app's own network.
         */
        Optional<List<String>> allow();

        /** Redirects one request follows at most, each checked like the first URL. */
        @WithDefault("5")
        int maxRedirects();
    }

    /** HTTP request limits (see docs/import.md, "Upload size"). */
    interface Http {
        /**
         * The largest request body of every request but an upload ({@code POST /imports} as multipart), in
         * bytes: JSON and other bodies are read into memory, so they stay small whatever the upload limit is.
         */
        @WithDefault("16777216")
        long maxBodyBytes();

        /**
         * The longest request line (method, path with query, version) in bytes; a longer one is a 414 problem.
         * 256 KB lets a CQL2 filter of 64 KB through even when every character is percent-encoded. Vert.x' own
         * limit, {@code quarkus.http.limits.max-initial-line-length}, must stay above it.
         */
        @WithDefault("262144")
        long maxRequestLineBytes();

        /**
         * The most bytes all request headers may take together; more is a 431 problem. Vert.x' own limit,
         * {@code quarkus.http.limits.max-header-size}, must stay above it.
         */
        @WithDefault("32768")
        long maxHeaderBytes();

        /**
         * How long one database statement of a read request (item pages, single features, datastreams,
         * observations) may run; a longer one is cancelled and the request answered 503 (docs/api.md,
         * "Errors"). Reads run on their own pool, {@code quarkus.datasource."read".*}, so that imports and
         * ingestion keep theirs (docs/architecture.md).
         */
        @WithDefault("5s")
        Duration statementTimeout();

        /** The Retry-After (seconds) of a 503 when every read connection is busy. */
        @WithDefault("2")
        int busyRetryAfter();
    }

    /** Imports of files and URLs through ogr2ogr (see docs/import.md). */
    interface Imports {
        /** Imports that run at the same time; more wait in the queue. */
        @WithDefault("2")
        int workers();

        /** Imports that may wait for a worker; beyond that POST /imports answers 503. */
        @WithDefault("16")
        int queue();

        /** Where uploads and downloads wait for their run (a folder per run, removed when it ends). */
        @WithDefault("${java.io.tmpdir}/tweeling-imports")
        String workDir();

        /** The largest file an import downloads from a URL. */
        @WithDefault("2147483648")
        long maxDownloadBytes();

        /**
         * The largest upload ({@code POST /imports} as multipart, all parts together), in bytes. Uploads are
         * streamed to files, never held in memory. {@code quarkus.http.limits.max-body-size} follows this value
         * (application.properties).
         */
        @WithDefault("2147483648")
        long maxUploadBytes();

        /** The ogr2ogr and ogrinfo programs (GDAL; Debian package gdal-bin). */
        @WithDefault("ogr2ogr")
        String ogr2ogr();

        @WithDefault("ogrinfo")
        String ogrinfo();

        /**
         * Database sessions a new layer's first load writes and indexes with at the same time (docs/import.md,
         * "First load"); 1 loads in one session.
         */
        @WithDefault("2")
        int loadSessions();

        /**
         * The database role ogr2ogr connects as to write an import's staging table (docs/security.md, "Database
         * roles"): one that may only create tables in tweeling_stage, never read the platform's tables. The app's
         * role must be a member of it (it reads, alters and drops those tables). Unset: the app's own user.
         * {@code ./tweeling} sets it (TWEELING_LOADER_USER).
         */
        Optional<String> loaderUser();

        /** The loader role's password; ogr2ogr gets it in PGPASSWORD, never on its command line (TWEELING_LOADER_PASSWORD). */
        Optional<String> loaderPassword();
    }

    /** The Zwolle sample that {@code ./tweeling up} loads. */
    interface Sample {
        /** Load the sample at startup (idempotent: an unchanged sample is not loaded twice). */
        @WithDefault("false")
        boolean load();

        /** Folder with the generated sample files and their manifest.json. */
        @WithDefault("data-samples/zwolle")
        String dir();
    }

    /** Observation ingestion through Kafka. */
    interface Ingest {
        /** Topic that carries observation messages, keyed by datastream. */
        @WithDefault("tweeling.observations")
        String topic();

        /** Dead-letter topic: rejected messages with the reason, source partition and offset in headers. */
        @WithDefault("tweeling.observations.dlq")
        String dlqTopic();

        /** Partitions of the observation topic when the app creates it. */
        @WithDefault("4")
        int partitions();

        /** Latest acceptable phenomenon time, relative to now. */
        @WithDefault("PT24H")
        Duration maxFuture();

        /** Service area for observation locations (CRS84: min lon, min lat, max lon, max lat); default the Netherlands. */
        @WithDefault("3.2,50.7,7.3,53.7")
        List<Double> serviceArea();

        /** Largest request body of POST /ingest/observations, in observations. */
        @WithDefault("10000")
        int maxRequestObservations();

        Consumer consumer();

        /** Observations per second each API key may send through HTTP. */
        RateLimit rateLimit();

        interface RateLimit {
            /** Sustained observations per second per key. */
            @WithDefault("100000")
            double perSecond();

            /** Observations a key may send at once after being idle. */
            @WithDefault("200000")
            double burst();
        }

        interface Consumer {
            /** Run the Kafka → PostGIS consumer in this instance. */
            @WithDefault("true")
            boolean enabled();

            /** Consumer group shared by all app instances. */
            @WithDefault("tweeling-ingest")
            String group();

            /**
             * Kafka consumers (threads) in this instance, all in the group; each owns some partitions, so
             * more than the topic's partitions (over all instances) would idle.
             */
            @WithDefault("4")
            int threads();

            /**
             * Records per poll of one consumer (and so the largest database batch); with the direct COPY path
             * larger polls gain little and cost heap (see docs/benchmarks.md).
             */
            @WithDefault("5000")
            int maxPollRecords();

            @WithDefault("500ms")
            Duration pollTimeout();

            /** Longest back-off between retries while the database is unreachable. */
            @WithDefault("10s")
            Duration maxBackoff();
        }
    }

    /** OGC API - Features. */
    interface Features {
        /** Items per page when the request names no limit. */
        @WithDefault("100")
        int defaultLimit();

        /** Largest limit a request may ask for. */
        @WithDefault("10000")
        int maxLimit();

        /** How long counting a filtered request for numberMatched may take before it is left out. */
        @WithDefault("300ms")
        Duration countBudget();
    }

    /** API keys. */
    interface Security {
        /** How long a verified key stays cached (revocation takes effect within this time). */
        @WithDefault("5s")
        Duration keyCacheTtl();

        /**
         * SHA-256 (hex) of an admin API key to register at startup as key {@code admin-bootstrap}, for
         * deployments that provide it from a secret store (Kubernetes: TWEELING_ADMIN_KEY_HASH).
         */
        Optional<String> adminKeyHash();
    }

    /** MQTT ingestion: subscriptions whose payloads become observations (see docs/ingest-mqtt.md). */
    interface Mqtt {
        /** Connect to the broker and ingest from the mapped topics. */
        @WithDefault("false")
        boolean enabled();

        /** Broker host. */
        @WithDefault("127.0.0.1")
        String host();

        /** Broker port. */
        @WithDefault("1883")
        int port();

        /** Connect with TLS. */
        @WithDefault("false")
        boolean ssl();

        /** Client id; stable (the broker keeps the session and redelivers unacknowledged messages) and unique per instance. */
        @WithDefault("tweeling")
        String clientId();

        /** User name, if the broker asks for one. */
        Optional<String> username();

        /** Password, if the broker asks for one. */
        Optional<String> password();

        /** Keep-alive interval of the connection. */
        @WithDefault("30s")
        Duration keepAlive();

        /** Longest back-off between reconnects, and between retries while Kafka does not accept. */
        @WithDefault("10s")
        Duration maxBackoff();

        /** Largest accepted payload, in bytes. */
        @WithDefault("1048576")
        int maxMessageSize();

        /** Most messages produced to Kafka (and then acknowledged) together. */
        @WithDefault("1000")
        int maxBatch();

        /** Subscriptions, each with its payload format; the first whose topic filter matches a message maps it. */
        List<Mapping> mappings();

        interface Mapping {
            /** MQTT topic filter (+ and # wildcards), e.g. {@code ttn/+/devices/+/up}. */
            String topic();

            /** Payload format: ttn (TTN uplink), tweeling (observation JSON or SenML pack) or senml. */
            @WithDefault("tweeling")
            String format();

            /** ttn only: datastream key template with {app_id}, {dev_id}, {field} and {topic.N}. */
            @WithDefault("ttn-{dev_id}-{field}")
            String datastream();

            /** ttn only: the payload fields to map; empty means every numeric field. */
            Optional<List<String>> fields();
        }
    }
}

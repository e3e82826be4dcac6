package nl.tweeling.push;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal Server-Sent Events client over a plain socket (HTTP/1.1, chunked), so a test controls exactly
 * what it reads and when: it may stop reading to play a slow client. Not thread-safe.
 */
public final class SseClient implements AutoCloseable {

    /** One event as the client saw it; {@code id} is the last id seen (as EventSource keeps it). */
    public record Event(String type, String id, String data) {
    }

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String body;   // the whole body of a non-stream answer
    private String lastId;
    private byte[] chunk = new byte[0];
    private int chunkAt;
    private boolean ended;

    private SseClient(Socket socket, String request) throws IOException {
        this.socket = socket;
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        this.in = new BufferedInputStream(socket.getInputStream(), 1024);
        String statusLine = rawLine();
        this.status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = rawLine(); !h.isEmpty(); h = rawLine()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
        }
        if (status != 200) {
            this.body = new String(readBody(), StandardCharsets.UTF_8);
        } else {
            this.body = null;
        }
    }

    /** Opens {@code GET pathAndQuery}; {@code receiveBuffer} > 0 makes the socket's receive buffer that small. */
    public static SseClient open(int port, String pathAndQuery, String lastEventId, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(30_000);
        String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
        return new SseClient(s, req);
    }

    public static SseClient open(int port, String pathAndQuery) throws IOException {
        return open(port, pathAndQuery, null, 0);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    public String body() {
        return body;
    }

    /** The last id the stream gave (an event's or a heartbeat's), as a browser would send it in Last-Event-ID. */
    public String lastId() {
        return lastId;
    }

    /**
     * The next event (data or a named event), or null when none comes within {@code timeout} or the stream
     * ended. Comments and id-only blocks update {@link #lastId()} only.
     */
    public Event next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String type = null;
        StringBuilder data = null;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            String line;
            try {
                line = bodyLine();
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (data != null || type != null) {
                    return new Event(type == null ? "message" : type, lastId, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> lastId = value;
                case "event" -> type = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Everything left of the body until the server ends it (or {@code timeout}), as text. */
    public String rest(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        StringBuilder sb = new StringBuilder();
        try {
            for (String line = bodyLine(); line != null; line = bodyLine()) {
                sb.append(line).append('\n');
            }
        } catch (SocketTimeoutException e) {
            sb.append("(timed out)\n");
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // --- HTTP/1.1 chunked framing ---

    private String rawLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            throw new java.io.EOFException();
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private int bodyByte() throws IOException {
        while (chunkAt >= chunk.length) {
            if (ended) {
                return -1;
            }
            String size;
            try {
                size = rawLine();
            } catch (java.io.EOFException e) {
                ended = true;
                return -1;
            }
            if (size.isEmpty()) {
                continue;
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                ended = true;
                return -1;
            }
            chunk = in.readNBytes(n);
            chunkAt = 0;
            if (chunk.length < n) {
                ended = true;
                return -1;
            }
        }
        return chunk[chunkAt++] & 0xff;
    }

    private String bodyLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = bodyByte()) != -1 && c != '\n') {
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private byte[] readBody() throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = bodyByte(); c != -1; c = bodyByte()) {
            b.write(c);
        }
        return b.toByteArray();
    }
}

package nl.tweeling.sample.generator;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * RFC 4180 CSV writing and reading. Fields are comma-separated, quoted only when they contain a
 * comma, a double quote, CR or LF; {@code null} (and the empty string) is written as an empty
 * unquoted field, which PostgreSQL {@code COPY ... CSV} reads as NULL. Lines end with LF, the
 * encoding is UTF-8. Gzip output has a fixed header (mtime 0, no file name, OS byte 255), so the
 * bytes depend only on the content and the JDK's deflater.
 */
public final class Csv {
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private final int columns;
    private int rows;

    /** Starts a table with the given header row. */
    public Csv(String... header) {
        this.columns = header.length;
        writeRow((Object[]) header);
        rows = 0;
    }

    /** Appends one row; values are printed with {@code String.valueOf} except null. */
    public Csv row(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
        }
        writeRow(values);
        rows++;
        return this;
    }

    /** Number of data rows (header not counted). */
    public int rows() {
        return rows;
    }

    private void writeRow(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values[i];
            if (v == null) {
                continue;
            }
            String s = v.toString();
            if (s.isEmpty()) {
                continue;
            }
            boolean quote = false;
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
                    quote = true;
                    break;
                }
            }
            if (quote) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        sb.append('\n');
    }

    public byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the table, gzip-compressed when the file name ends in {@code .gz}. */
    public void write(Path file) throws IOException {
        byte[] data = bytes();
        Files.write(file, file.getFileName().toString().endsWith(".gz") ? gzip(data) : data);
    }

    /** Deterministic gzip (RFC 1952) of {@code data}: mtime 0, no name, XFL 0, OS 255. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        Deflater d = new Deflater(6, true);
        try {
            d.setInput(data);
            d.finish();
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
        } finally {
            d.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLE(out, (int) crc.getValue());
        writeIntLE(out, data.length);
        return out.toByteArray();
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    /** Reads a CSV (gzip when the name ends in .gz) into rows of fields; null for empty unquoted fields. */
    public static List<String[]> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            return parse(r);
        }
    }

    static List<String[]> parse(BufferedReader r) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean inQuotes = false, quoted = false, any = false;
        int ch;
        while ((ch = r.read()) != -1) {
            any = true;
            char c = (char) ch;
            if (inQuotes) {
                if (c == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') {
                        f.append('"');
                    } else {
                        inQuotes = false;
                        if (next != -1) {
                            r.reset();
                        }
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                inQuotes = true;
                quoted = true;
            } else if (c == ',') {
                fields.add(quoted || f.length() > 0 ? f.toString() : null);
                f.setLength(0);
                quoted = false;
            } else if (c == '\n') {
                fields.add(quoted || f.length() > 0 ? f.toString() : null);
                out.add(fields.toArray(new String[0]));
                fields.clear();
                f.setLength(0);
                quoted = false;
                any = false;
            } else if (c != '\r') {
                f.append(c);
            }
        }
        if (any) {
            fields.add(quoted || f.length() > 0 ? f.toString() : null);
            out.add(fields.toArray(new String[0]));
        }
        return out;
    }
}

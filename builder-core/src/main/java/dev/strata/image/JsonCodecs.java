package dev.strata.image;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/** Jackson encoders for the value types image documents use, in the forms Docker writes. */
final class JsonCodecs {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private JsonCodecs() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("strata-image");
    m.addSerializer(Digest.class, new DigestSerializer());
    m.addDeserializer(Digest.class, new DigestDeserializer());
    m.addSerializer(Instant.class, new InstantSerializer());
    m.addDeserializer(Instant.class, new InstantDeserializer());
    return m;
  }

  /**
   * Go's RFC 3339 with nanoseconds, trailing zeros of the fraction dropped, always UTC: {@code
   * 2024-01-02T03:04:05.12Z}.
   */
  static String formatTime(Instant t) {
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos).replaceFirst("0+$", "");
      sb.append('.').append(frac);
    }
    return sb.append('Z').toString();
  }

  /** Parses an RFC 3339 timestamp with any offset. */
  static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new StrataException("invalid timestamp (want RFC 3339): " + text);
    }
  }

  static final class DigestSerializer extends JsonSerializer<Digest> {
    @Override
    public void serialize(Digest value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  static final class DigestDeserializer extends JsonDeserializer<Digest> {
    @Override
    public Digest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Digest.parse(p.getValueAsString());
    }
  }

  static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(formatTime(value));
    }
  }

  static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return parseTime(p.getValueAsString());
    }
  }

  /** Go's time.Duration: an integer count of nanoseconds. */
  static final class NanosSerializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeNumber(value.toNanos());
    }
  }

  static final class NanosDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw new StrataException("duration must be an integer of nanoseconds: " + p.getText());
      }
      return Duration.ofNanos(p.getLongValue());
    }
  }

  /**
   * Docker's set encoding ({@code ExposedPorts}, {@code Volumes}): an object whose keys are the
   * members and whose values are empty objects.
   */
  static final class KeySetSerializer extends JsonSerializer<Set<String>> {
    @Override
    public void serialize(Set<String> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      for (String key : new TreeSet<>(value)) {
        gen.writeFieldName(key);
        gen.writeStartObject();
        gen.writeEndObject();
      }
      gen.writeEndObject();
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Set<String> value) {
      return value == null || value.isEmpty();
    }
  }

  static final class KeySetDeserializer extends JsonDeserializer<Set<String>> {
    @Override
    public Set<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new StrataException("expected an object of empty objects, got " + p.getText());
      }
      Set<String> keys = new TreeSet<>();
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        keys.add(name);
        p.nextToken();
        p.skipChildren();
      }
      return keys;
    }

    @Override
    public Set<String> getNullValue(DeserializationContext ctxt) {
      return Set.of();
    }
  }
}

package io.datably.service.transfer;

/** The streamed forms of a record list ({@code GET records/} with one of these in {@code Accept}). */
public enum ExportFormat {
    CSV("text/csv"),
    NDJSON("application/x-ndjson");

    public final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The format a request's media type asks for; CSV unless it names NDJSON. */
    public static ExportFormat of(String mediaType) {
        return mediaType != null && mediaType.toLowerCase(java.util.Locale.ROOT).startsWith(NDJSON.mediaType)
                ? NDJSON : CSV;
    }
}

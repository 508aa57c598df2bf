package io.streamrec.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a request reaches Javalin (a path with a NUL byte or an
 * ambiguous encoding, a malformed request line, headers too large), in the API's one error shape
 * instead of Jetty's HTML page, and never with a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    public JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty drops the connection after refusing a request at this level: say so, so that clients do not
        // send their next request on it (HttpFuzzTest found the reuse failing)
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        fields.put(new HttpField(HttpHeader.CONNECTION, "close"));
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int code, String message) {
        String title = HttpStatus.getMessage(code);
        String detail = message == null || message.isBlank() ? title : message;
        try {
            return mapper.writeValueAsBytes(new ApiError(title, code, "request refused by the HTTP server: " + detail, null));
        } catch (JsonProcessingException e) {
            return ("{\"title\":\"" + title + "\",\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}

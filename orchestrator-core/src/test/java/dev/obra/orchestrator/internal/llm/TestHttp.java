package dev.obra.orchestrator.internal.llm;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/** Helpers for the HTTP client tests: a loopback MockWebServer, JSON answers, and parsed request bodies. */
public final class TestHttp {
    private TestHttp() {}

    /** Returns a started server bound to the loopback address. */
    public static MockWebServer loopbackServer() {
        MockWebServer server = new MockWebServer();
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    /** Returns {@code http://127.0.0.1:PORT} + {@code path} for {@code server}: tests never go through a name. */
    public static String url(MockWebServer server, String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** Returns a base URL on the loopback address where nothing listens. */
    public static String closedPortUrl(String path) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a response with {@code status} and a JSON body. */
    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    /** Returns the request's body parsed as a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> body(RecordedRequest request) {
        try {
            return (Map<String, Object>)
                    JsonReader.of(new Buffer().write(request.getBody())).readJsonValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the chat messages of the request's JSON body (its {@code messages}), each a JSON object. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> messages(RecordedRequest request) {
        return (List<Map<String, Object>>) body(request).get("messages");
    }
}
